"""A stack's outputs and exports after ExecuteChangeSet (the CDK's way to deploy) and
UpdateStack, through boto3's CloudFormation client: those of the template the stack now has,
with the License Manager resources' values read back through License Manager."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from tests.helpers import REGION, license_stack, lm_client


@pytest.fixture
def cfn(license_manager: Any) -> Any:
    return boto3.client("cloudformation", region_name=REGION)


def exported(name: str) -> dict[str, Any]:
    """``license_stack()`` with its license's ARN exported as ``name``."""
    template = license_stack()
    template["Outputs"]["LicenseArn"]["Export"] = {"Name": name}
    return template


def outputs(cfn: Any, stack: str) -> dict[str, str]:
    [described] = cfn.describe_stacks(StackName=stack)["Stacks"]
    return {o["OutputKey"]: o["OutputValue"] for o in described.get("Outputs") or []}


def exports(cfn: Any) -> dict[str, str]:
    return {e["Name"]: e["Value"] for e in cfn.list_exports()["Exports"]}


def execute(cfn: Any, stack: str, name: str, kind: str, template: dict[str, Any]) -> None:
    cfn.create_change_set(
        StackName=stack, ChangeSetName=name, ChangeSetType=kind, TemplateBody=json.dumps(template)
    )
    cfn.execute_change_set(StackName=stack, ChangeSetName=name)


def test_a_change_set_that_creates_a_stack_gives_it_its_outputs_and_exports(cfn):
    execute(cfn, "seller", "create", "CREATE", exported("seller-license"))

    out = outputs(cfn, "seller")
    [license_] = lm_client().list_licenses()["Licenses"]
    assert out["LicenseArn"] == license_["LicenseArn"] and out["LicenseVersion"] == "1"
    assert exports(cfn) == {"seller-license": license_["LicenseArn"]}
    # Another stack imports it.
    importing = {
        "Resources": {"Q": {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q"}}},
        "Outputs": {"Imported": {"Value": {"Fn::ImportValue": "seller-license"}}},
    }
    cfn.create_stack(StackName="buyer", TemplateBody=json.dumps(importing))
    assert outputs(cfn, "buyer") == {"Imported": license_["LicenseArn"]}


def test_a_change_set_or_an_update_that_changes_the_stack_changes_its_outputs(cfn):
    execute(cfn, "seller", "create", "CREATE", exported("first"))

    execute(cfn, "seller", "update", "UPDATE", exported("second"))
    after_change_set = (outputs(cfn, "seller"), exports(cfn))
    cfn.update_stack(StackName="seller", TemplateBody=json.dumps(license_stack()))

    [license_] = lm_client().list_licenses()["Licenses"]
    out, names = after_change_set
    assert names == {"second": license_["LicenseArn"]}
    assert out["LicenseArn"] == license_["LicenseArn"]
    assert exports(cfn) == {}
    assert outputs(cfn, "seller")["LicenseArn"] == license_["LicenseArn"]


def test_a_change_set_that_fails_leaves_no_outputs(cfn):
    template = exported("seller-license")
    template["Resources"]["Grant"]["Properties"]["Principals"] = ["arn:aws:iam::1234:root"]

    execute(cfn, "seller", "create", "CREATE", template)

    assert cfn.describe_stacks(StackName="seller")["Stacks"][0]["StackStatus"] == (
        "ROLLBACK_COMPLETE"
    )
    assert outputs(cfn, "seller") == {} and exports(cfn) == {}
