"""AWS::LicenseManager::License and ::Grant through the server: moto's CloudFormation answers
there too, driven by the AWS CLI against a ``licensemgr-mock server`` process and by boto3
against the ``license_manager_server`` fixture; License Manager's state is read back through
its own API."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import boto3
import pytest

from tests.helpers import BUYER, REGION, license_stack, seats
from tests.server_process import server_process


def aws(endpoint: str, *args: str) -> Any:
    """Runs ``aws ARGS`` against the server; its JSON answer."""
    run = subprocess.run(
        ["aws", *args, "--endpoint-url", endpoint, "--region", REGION, "--output", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "PATH": os.environ["PATH"]},
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout) if run.stdout.strip() else None


def stack_of(endpoint: str, name: str) -> dict[str, Any]:
    return dict(
        aws(endpoint, "cloudformation", "describe-stacks", "--stack-name", name)["Stacks"][0]
    )


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_stacks_make_fail_and_delete_licenses_and_grants(tmp_path: Path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(license_stack()))
    bad.write_text(json.dumps(license_stack(grant={"Principals": ["arn:aws:iam::1234:root"]})))
    with server_process() as endpoint:
        lm = boto3.client("license-manager", region_name=REGION, endpoint_url=endpoint)

        aws(endpoint, "cloudformation", "create-stack", "--stack-name", "seats",
            "--template-body", f"file://{good}")  # fmt: skip
        stack = stack_of(endpoint, "seats")

        assert stack["StackStatus"] == "CREATE_COMPLETE"
        out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
        resources = aws(endpoint, "cloudformation", "describe-stack-resources",
                        "--stack-name", "seats")["StackResources"]  # fmt: skip
        physical = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in resources}
        assert physical["License"] == out["LicenseArn"] and physical["Grant"] == out["GrantArn"]
        grant = lm.get_grant(GrantArn=out["GrantArn"])["Grant"]
        assert grant["LicenseArn"] == out["LicenseArn"]
        assert grant["GranteePrincipalArn"] == f"arn:aws:iam::{BUYER}:root"

        aws(endpoint, "cloudformation", "create-stack", "--stack-name", "bad",
            "--template-body", f"file://{bad}")  # fmt: skip
        failed = stack_of(endpoint, "bad")

        assert failed["StackStatus"] == "ROLLBACK_COMPLETE"
        events = aws(endpoint, "cloudformation", "describe-stack-events",
                     "--stack-name", "bad")["StackEvents"]  # fmt: skip
        (reason,) = [
            e["ResourceStatusReason"] for e in events if e["ResourceStatus"] == "CREATE_FAILED"
        ]
        assert "Principal arn:aws:iam::1234:root must be an account" in reason
        licenses = lm.list_licenses()["Licenses"]
        assert sorted(license_["Status"] for license_ in licenses) == [
            "AVAILABLE",
            "PENDING_DELETE",
        ]

        aws(endpoint, "cloudformation", "delete-stack", "--stack-name", "seats")

        assert lm.get_license(LicenseArn=out["LicenseArn"])["License"]["Status"] == "PENDING_DELETE"
        assert lm.get_grant(GrantArn=out["GrantArn"])["Grant"]["GrantStatus"] == "DELETED"


def test_boto3_updates_a_stack_on_the_server_fixture(license_manager_server):
    host, port = license_manager_server.address
    endpoint = f"http://{host}:{port}"
    cfn = boto3.client("cloudformation", region_name=REGION, endpoint_url=endpoint)
    lm = boto3.client("license-manager", region_name=REGION, endpoint_url=endpoint)
    cfn.create_stack(StackName="seats", TemplateBody=json.dumps(license_stack()))
    twelve = seats(12, allow_check_in=None)

    cfn.update_stack(
        StackName="seats", TemplateBody=json.dumps(license_stack(license={"Entitlements": twelve}))
    )

    stack = cfn.describe_stacks(StackName="seats")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    out = {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}
    assert out["LicenseVersion"] == "2"
    license_ = lm.get_license(LicenseArn=out["LicenseArn"])["License"]
    assert license_["Version"] == "2" and license_["Entitlements"][0]["MaxCount"] == 12
