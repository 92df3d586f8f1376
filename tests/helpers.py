"""Small builders the test files share; every one goes through boto3."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import botocore
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from licensemgr_mock import LicenseManagerServer
from licensemgr_mock.pipeline.service_model import service_model
from licensemgr_mock.server.mode import reset_server

REGION = "us-east-1"
SELLER = "111111111111"
BUYER = "222222222222"
STRANGER = "333333333333"


def seats(max_count: int = 5, *, allow_check_in: bool | None = True) -> list[dict[str, Any]]:
    """A license's Entitlements: ``max_count`` Seats counted in Count. ``allow_check_in``
    is stated as AllowCheckIn unless it is None; left out, check-in is still allowed (only
    an explicit False refuses it) and Marketplace seeding states True."""
    entitlement: dict[str, Any] = {"Name": "Seats", "Unit": "Count", "MaxCount": max_count}
    if allow_check_in is not None:
        entitlement["AllowCheckIn"] = allow_check_in
    return [entitlement]


# Five Seats that can be checked in: the Entitlements of license_request and license_stack.
SEATS = seats()

# A checkout's Entitlements: one of the Seats.
ONE_SEAT = [{"Name": "Seats", "Unit": "Count", "Value": "1"}]


def model_lacks(*names: str) -> list[str]:
    """Which of ``names`` the installed botocore's model lacks: operations (``CreateToken``),
    structure members (``CreateGrantRequest.Tags``) or enum values (``ReportType.ONE_TIME``)."""
    model = service_model()
    lacking = []
    for name in names:
        shape_name, _, part = name.partition(".")
        if not part:
            found = name in model.operation_names
        elif shape_name not in model.shape_names:
            found = False
        else:
            shape = model.shape_for(shape_name)
            members = getattr(shape, "members", None)
            found = part in members if members is not None else part in shape.enum
        if not found:
            lacking.append(name)
    return lacking


def _lacking_reason(lacking: list[str]) -> str:
    return f"the installed botocore {botocore.__version__}'s model lacks {', '.join(lacking)}"


def needs_model(*names: str) -> pytest.MarkDecorator:
    """Skips a test (or, as ``pytestmark``, a module) when the installed botocore's model
    lacks any of ``names`` (see ``model_lacks``): its clients cannot send such a request."""
    lacking = model_lacks(*names)
    return pytest.mark.skipif(bool(lacking), reason=_lacking_reason(lacking))


def require_model(*names: str) -> None:
    """``needs_model`` for fixtures and parametrized cases: skips the test from inside."""
    lacking = model_lacks(*names)
    if lacking:
        pytest.skip(_lacking_reason(lacking))


def instance_configuration(client: Any, **request: Any) -> str:
    """A license configuration counting instances ("Windows Server"; ``request`` adds to or
    overrides its members); its ARN."""
    request = {"Name": "Windows Server", "LicenseCountingType": "Instance", **request}
    return str(client.create_license_configuration(**request)["LicenseConfigurationArn"])


def lm_client(region: str = REGION, **kwargs: Any) -> Any:
    """A License Manager client."""
    return boto3.client("license-manager", region_name=region, **kwargs)


def token() -> str:
    """A fresh ClientToken."""
    return uuid.uuid4().hex


def signing_key(region: str = REGION, spec: str = "RSA_2048") -> str:
    """The ARN of a new RSA SIGN_VERIFY key in moto's KMS."""
    kms = boto3.client("kms", region_name=region)
    return str(kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"])


def license_request(**overrides: Any) -> dict[str, Any]:
    """A valid CreateLicense request; ``overrides`` replace top-level members."""
    request: dict[str, Any] = {
        "LicenseName": "Seats license",
        "ProductName": "Product",
        "ProductSKU": "SKU1",
        "Issuer": {"Name": "My Company"},
        "HomeRegion": REGION,
        "Validity": {"Begin": "2020-01-01T00:00:00Z", "End": "2099-01-01T00:00:00Z"},
        "Entitlements": SEATS,
        "Beneficiary": "cust-1",
        "ConsumptionConfiguration": {
            "RenewType": "None",
            "ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60},
            "BorrowConfiguration": {"AllowEarlyCheckIn": True, "MaxTimeToLiveInMinutes": 1440},
        },
        "ClientToken": token(),
    }
    request.update(overrides)
    return request


def create_license(client: Any, **overrides: Any) -> str:
    """Creates a license through the API and returns its ARN."""
    return str(client.create_license(**license_request(**overrides))["LicenseArn"])


def checkout(client: Any, fingerprint: str, value: str = "1", **overrides: Any) -> Any:
    """A PROVISIONAL CheckoutLicense of ``value`` Seats of SKU1."""
    request: dict[str, Any] = {
        "ProductSKU": "SKU1",
        "CheckoutType": "PROVISIONAL",
        "KeyFingerprint": fingerprint,
        "Entitlements": [{"Name": "Seats", "Unit": "Count", "Value": value}],
        "ClientToken": token(),
    }
    request.update(overrides)
    return client.checkout_license(**request)


def usage(client: Any, arn: str) -> dict[str, str]:
    """ConsumedValue of each entitlement, by name."""
    rows = client.get_license_usage(LicenseArn=arn)["LicenseUsage"]["EntitlementUsages"]
    return {row["Name"]: row["ConsumedValue"] for row in rows}


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    """The error code and HTTP status of a failed boto3 call."""
    response = raised.value.response
    return response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]


def grant_to(
    client: Any, license_arn: str, operations: list[str], grantee: str = BUYER, **extra: Any
) -> str:
    """Grants ``license_arn`` to the account ``grantee`` (PENDING_ACCEPT); the grant's ARN."""
    request = {
        "ClientToken": token(),
        "GrantName": "to the buyer",
        "LicenseArn": license_arn,
        "Principals": [f"arn:aws:iam::{grantee}:root"],
        "HomeRegion": REGION,
        "AllowedOperations": operations,
        **extra,
    }
    return str(client.create_grant(**request)["GrantArn"])


LINUX_RULES = [
    {
        "RuleStatement": {
            "InstanceRuleStatement": {
                "MatchingRuleStatement": {
                    "KeyToMatch": "Platform",
                    "Constraint": "EQUALS",
                    "ValueToMatch": ["Linux/UNIX"],
                }
            }
        }
    }
]


def linux_ruleset(client: Any) -> str:
    """A license asset ruleset matching Linux instances; its ARN."""
    answer = client.create_license_asset_ruleset(
        Name="linux", Rules=LINUX_RULES, ClientToken=token()
    )
    return str(answer["LicenseAssetRulesetArn"])


def asset_group(client: Any, ruleset_arn: str) -> str:
    """A license asset group counting vCPUs of what ``ruleset_arn`` matches; its ARN."""
    answer = client.create_license_asset_group(
        Name="fleet",
        LicenseAssetGroupConfigurations=[{"UsageDimension": "vCPU"}],
        AssociatedLicenseAssetRulesetARNs=[ruleset_arn],
        ClientToken=token(),
    )
    return str(answer["LicenseAssetGroupArn"])


SKU_RULES = [
    {
        "RuleStatement": {
            "LicenseRuleStatement": {
                "MatchingRuleStatement": {
                    "KeyToMatch": "ProductSKU",
                    "Constraint": "EQUALS",
                    "ValueToMatch": ["SKU1"],
                }
            }
        }
    }
]

# A client's own limit on waiting for the HTTP server; the tests never depend on how long a
# request takes, only on what comes back (or on the client giving up, which shows a hang).
PATIENCE = 30


@contextmanager
def running_server(**options: Any) -> Iterator[LicenseManagerServer]:
    """A ``LicenseManagerServer(port=0, **options)`` for one test, empty when it starts and
    emptied before it stops: servers in one process share its moto, so what one test left
    would meet the next test's server."""
    served = LicenseManagerServer(port=0, **options)
    served.start()
    host, port = served.address
    try:
        reset_server(f"http://{host}:{port}")
        yield served
    finally:
        try:
            reset_server(f"http://{host}:{port}")
        finally:
            served.stop()


def server_client(server: Any, region: str = REGION, **config: Any) -> Any:
    """A License Manager client of a running ``LicenseManagerServer``, trying once."""
    host, port = server.address
    settings = {"read_timeout": PATIENCE, **config}
    return boto3.client(
        "license-manager",
        region_name=region,
        endpoint_url=f"http://{host}:{port}",
        config=Config(retries={"max_attempts": 1}, **settings),
    )


def http_request(
    operation: str,
    body: bytes = b"{}",
    method: str = "POST",
    version: str = "HTTP/1.1",
    extra: str = "",
    length: int | str | None = None,
    chunked: bool = False,
) -> bytes:
    """The bytes of a raw License Manager request: framed by a Content-Length (``length``
    when given, to lie about it or break it) or, when ``chunked``, by chunked transfer
    encoding (``body`` then holds the chunks); ``extra`` holds more header lines, each
    ending in CRLF."""
    size = len(body) if length is None else length
    framing = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {size}"
    head = (
        f"{method} / {version}\r\nHost: license-manager.{REGION}.amazonaws.com\r\n"
        f"X-Amz-Target: AWSLicenseManager.{operation}\r\n"
        "Content-Type: application/x-amz-json-1.1\r\n"
        f"{framing}\r\n{extra}\r\n"
    )
    return head.encode() + body


def http_head(head: bytes) -> tuple[int, dict[str, str]]:
    """Status and headers (lower-cased names) of an HTTP answer's head."""
    lines = head.decode().split("\r\n")
    headers = {k.lower(): v for k, v in (line.split(": ", 1) for line in lines[1:])}
    return int(lines[0].split()[1]), headers


def license_stack(
    license: dict[str, Any] | None = None, grant: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A CloudFormation template: an RSA SIGN_VERIFY KMS key, a license it signs and a grant
    of the license to BUYER, with the license's ARN and both versions as outputs. ``license``
    and ``grant`` replace properties; a None value leaves one out."""
    license_properties = {
        "LicenseName": {"Fn::Sub": "${AWS::StackName} seats"},
        "ProductName": "Product",
        "ProductSKU": "SKU1",
        "Issuer": {"Name": "My Company", "SignKey": {"Ref": "SigningKey"}},
        "HomeRegion": {"Ref": "AWS::Region"},
        "Validity": {"Begin": "2020-01-01T00:00:00Z", "End": "2099-01-01T00:00:00Z"},
        "Entitlements": SEATS,
        "Beneficiary": "cust-1",
        "ConsumptionConfiguration": {
            "RenewType": "None",
            "ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60},
        },
        "Tags": [{"Key": "team", "Value": "licensing"}],
        **(license or {}),
    }
    grant_properties = {
        "GrantName": "to the buyer",
        "LicenseArn": {"Ref": "License"},
        "Principals": [f"arn:aws:iam::{BUYER}:root"],
        "HomeRegion": {"Ref": "AWS::Region"},
        "AllowedOperations": ["CheckoutLicense", "CheckInLicense"],
        **(grant or {}),
    }
    return {
        "Resources": {
            "SigningKey": {
                "Type": "AWS::KMS::Key",
                "Properties": {"KeySpec": "RSA_2048", "KeyUsage": "SIGN_VERIFY", "KeyPolicy": {}},
            },
            "License": {
                "Type": "AWS::LicenseManager::License",
                "Properties": {k: v for k, v in license_properties.items() if v is not None},
            },
            "Grant": {
                "Type": "AWS::LicenseManager::Grant",
                "Properties": {k: v for k, v in grant_properties.items() if v is not None},
            },
        },
        "Outputs": {
            "LicenseArn": {"Value": {"Fn::GetAtt": ["License", "LicenseArn"]}},
            "LicenseVersion": {"Value": {"Fn::GetAtt": ["License", "Version"]}},
            "GrantArn": {"Value": {"Fn::GetAtt": ["Grant", "GrantArn"]}},
            "GrantVersion": {"Value": {"Fn::GetAtt": ["Grant", "Version"]}},
        },
    }


def launch_template_stack(data: dict[str, Any], name: str | None = None) -> dict[str, Any]:
    """A CloudFormation template: an EC2 launch template of ``data`` (named ``name``, when
    given: EC2 refuses a second template of the same name) and an instance launched from its
    latest version, whose id is the output ServerId."""
    properties: dict[str, Any] = {"LaunchTemplateData": data}
    if name is not None:
        properties["LaunchTemplateName"] = name
    return {
        "Resources": {
            "Template": {"Type": "AWS::EC2::LaunchTemplate", "Properties": properties},
            "Server": {
                "Type": "AWS::EC2::Instance",
                "Properties": {
                    "LaunchTemplate": {
                        "LaunchTemplateId": {"Ref": "Template"},
                        "Version": {"Fn::GetAtt": ["Template", "LatestVersionNumber"]},
                    }
                },
            },
        },
        "Outputs": {"ServerId": {"Value": {"Ref": "Server"}}},
    }
