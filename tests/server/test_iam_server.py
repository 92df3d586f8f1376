"""moto's IAM enforcement on License Manager through the server: turned on with moto's
``/moto-api/reset-auth`` (what ``set_initial_no_auth_action_count`` posts under
TEST_SERVER_MODE), refusing and allowing the AWS CLI and boto3 as moto's own services do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import types
import urllib.request
from typing import Any

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import settings as moto_settings
from moto.core import set_initial_no_auth_action_count

from licensemgr_mock import mock_licensemanager
from tests.helpers import error_of, http_request
from tests.server.test_server_robustness import assert_aws_error, send
from tests.server.test_server_seeding import endpoint_of
from tests.server_process import server_process

REGION = "us-east-1"
ACCOUNT = "123456789012"
RESET_AUTH = "/moto-api/reset-auth"


def new_user(endpoint: str, name: str, *actions: str) -> dict[str, str]:
    """The access key of a new IAM user on the server, allowed ``actions`` (none: no policy)."""
    iam = boto3.client("iam", region_name=REGION, endpoint_url=endpoint)
    iam.create_user(UserName=name)
    if actions:
        statement = {"Effect": "Allow", "Action": list(actions), "Resource": "*"}
        document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
        iam.put_user_policy(UserName=name, PolicyName="lm", PolicyDocument=document)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return {
        "AWS_ACCESS_KEY_ID": key["AccessKeyId"],
        "AWS_SECRET_ACCESS_KEY": key["SecretAccessKey"],
    }


def enforce(endpoint: str, after: str = "0") -> str:
    """Turns moto's enforcement on in the server, after ``after`` more calls, as
    ``set_initial_no_auth_action_count`` does (a body that is not a form: moto reads it raw);
    returns the count it replaced."""
    request = urllib.request.Request(
        endpoint + RESET_AUTH, data=after.encode(), headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200
        return str(json.loads(response.read())["PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT"])


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_is_refused_without_a_policy_and_allowed_with_one():
    with server_process() as endpoint:
        nobody = new_user(endpoint, "nobody")
        admin = new_user(endpoint, "admin", "license-manager:*")
        enforce(endpoint)

        def aws(credentials: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                ["aws", "license-manager", *args, "--endpoint-url", endpoint, "--output", "json"],
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
                env={**credentials, "AWS_DEFAULT_REGION": REGION, "PATH": os.environ["PATH"]},
            )

        create = [
            "create-license-configuration",
            "--name",
            "cores",
            "--license-counting-type",
            "Core",
        ]
        refused = aws(nobody, *create)
        allowed = aws(admin, *create)
        listed = aws(admin, "list-license-configurations")

    assert refused.returncode != 0
    assert "AccessDeniedException" in refused.stderr
    assert (
        f"User: arn:aws:iam::{ACCOUNT}:user/nobody is not authorized to perform: "
        "license-manager:CreateLicenseConfiguration"
    ) in refused.stderr
    assert allowed.returncode == 0, allowed.stderr
    arn = json.loads(allowed.stdout)["LicenseConfigurationArn"]
    configurations = json.loads(listed.stdout)["LicenseConfigurations"]
    assert [row["LicenseConfigurationArn"] for row in configurations] == [arn]


@pytest.fixture
def endpoint(license_manager_server: Any) -> Any:
    url = endpoint_of(license_manager_server)
    before = enforce(url, "inf")
    yield url
    # The server is the session's: the tests after this one find it as it was.
    enforce(url, before)


def client_of(endpoint: str, credentials: dict[str, str]) -> Any:
    return boto3.client(
        "license-manager",
        region_name=REGION,
        endpoint_url=endpoint,
        aws_access_key_id=credentials["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=credentials["AWS_SECRET_ACCESS_KEY"],
    )


def test_boto3_through_the_server_counts_the_first_calls_then_checks_each(endpoint):
    reader = client_of(endpoint, new_user(endpoint, "reader", "license-manager:List*"))
    unknown = boto3.client("license-manager", region_name=REGION, endpoint_url=endpoint)
    enforce(endpoint, "1")

    uncounted = unknown.list_licenses()["Licenses"]
    with pytest.raises(ClientError) as unrecognized:
        unknown.list_licenses()
    listed = reader.list_license_configurations()["LicenseConfigurations"]
    with pytest.raises(ClientError) as denied:
        reader.create_license_configuration(Name="cores", LicenseCountingType="Core")

    assert uncounted == []
    assert error_of(unrecognized) == ("UnrecognizedClientException", 400)
    assert listed == []
    assert error_of(denied) == ("AccessDeniedException", 401)
    assert reader.list_license_configurations()["LicenseConfigurations"] == []


def test_requests_without_a_readable_signature_are_refused_by_the_front_door(endpoint):
    host, port = endpoint.removeprefix("http://").split(":")
    server = types.SimpleNamespace(address=(host, int(port)))
    enforce(endpoint)

    unsigned = send(server, http_request("ListLicenses", extra="Connection: close\r\n"))
    garbled = send(
        server,
        http_request("ListLicenses", extra="Authorization: nonsense\r\nConnection: close\r\n"),
    )
    unsigned_client = boto3.client(
        "license-manager",
        region_name=REGION,
        endpoint_url=endpoint,
        config=Config(signature_version=UNSIGNED),
    )
    with pytest.raises(ClientError) as raised:
        unsigned_client.list_licenses()

    assert assert_aws_error(unsigned, 403, "MissingAuthenticationTokenException")["Message"] == (
        "Missing Authentication Token"
    )
    assert_aws_error(garbled, 400, "IncompleteSignatureException")
    assert error_of(raised) == ("MissingAuthenticationTokenException", 403)


def test_set_initial_no_auth_action_count_under_test_server_mode_turns_the_server_s_on(
    monkeypatch,
):
    with server_process() as url:
        monkeypatch.setenv("TEST_SERVER_MODE", "true")
        monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", url)
        # moto reads its switch once, at import; the suite imported it in-process mode.
        monkeypatch.setattr(moto_settings, "TEST_SERVER_MODE", True)
        with mock_licensemanager():
            nobody = client_of(url, new_user(url, "nobody"))

            @set_initial_no_auth_action_count(0)
            def calls() -> Any:
                with pytest.raises(ClientError) as raised:
                    nobody.list_licenses()
                return raised

            raised = calls()
            # Off again: moto's decorator put the server's count back.
            unknown = boto3.client("license-manager", region_name=REGION)
            after = unknown.list_licenses()["Licenses"]

    assert raised.value.response["Error"]["Message"] == (
        f"User: arn:aws:iam::{ACCOUNT}:user/nobody is not authorized to perform: "
        "license-manager:ListLicenses"
    )
    assert after == []
