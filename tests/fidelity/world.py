"""A small world for generated requests to land in, and a snapshot of the mock's state.

``build_world`` makes, through boto3, one of each thing an operation can name (a license with
versions, a grant to another account, a checkout, a borrow, a token, an EC2 instance, and, once
their operations exist, a license configuration, a report generator, an asset ruleset and
group) and returns the pools ``strategies.request`` draws real values from.

``snapshot`` is a comparable picture of everything the License Manager mock holds, to show
that a failed call changed nothing.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable
from typing import Any

import boto3

from licensemgr_mock.moto_adapters.models import licensemanager_backends, stores
from tests.helpers import (
    BUYER,
    ONE_SEAT,
    REGION,
    SEATS,
    asset_group,
    create_license,
    grant_to,
    linux_ruleset,
    lm_client,
    model_lacks,
    signing_key,
    token,
)

SKU = "SKU1"
ENTITLEMENTS = [
    *SEATS,
    {"Name": "Cores", "Unit": "Count", "MaxCount": 64, "Overage": True, "AllowCheckIn": True},
    {"Name": "Premium", "Unit": "None", "Value": "Enabled"},
]

CONSUMPTION = {
    "RenewType": "None",
    "ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60},
    "BorrowConfiguration": {"AllowEarlyCheckIn": True, "MaxTimeToLiveInMinutes": 1440},
}


def build_world() -> dict[str, list[Any]]:
    """Creates the world and returns its pools, keyed by member name (or Shape.Member)."""
    client = lm_client()
    key = signing_key()
    license_arn = create_license(
        client,
        Issuer={"Name": "Fidelity Co", "SignKey": key},
        Entitlements=ENTITLEMENTS,
        ConsumptionConfiguration=CONSUMPTION,
    )
    license_ = client.get_license(LicenseArn=license_arn)["License"]
    fingerprint = license_["Issuer"]["KeyFingerprint"]
    checkout = client.checkout_license(
        ProductSKU=SKU,
        CheckoutType="PROVISIONAL",
        KeyFingerprint=fingerprint,
        Entitlements=ONE_SEAT,
        Beneficiary="cust-1",
        ClientToken=token(),
    )
    borrow = client.checkout_borrow_license(
        LicenseArn=license_arn,
        Entitlements=[{"Name": "Cores", "Unit": "Count", "Value": "2"}],
        DigitalSignatureMethod="JWT_PS384",
        ClientToken=token(),
    )
    grant_arn = grant_to(
        client, license_arn, ["CheckoutLicense", "CheckInLicense", "ExtendConsumptionLicense"]
    )
    refresh = client.create_token(LicenseArn=license_arn, ClientToken=token())
    ec2 = boto3.client("ec2", region_name=REGION)
    instance = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]
    account = boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
    instance_arn = f"arn:aws:ec2:{REGION}:{account}:instance/{instance['InstanceId']}"
    pools: dict[str, list[Any]] = {
        "LicenseArn": [license_arn],
        "GrantArn": [grant_arn],
        "ParentArn": [license_arn],
        "SourceVersion": ["1"],
        "Version": ["1"],
        "GrantStatus": ["ACTIVE", "DISABLED"],
        "KeyFingerprint": [fingerprint],
        "ProductSKU": [SKU],
        "Beneficiary": ["cust-1"],
        "LicenseConsumptionToken": [
            checkout["LicenseConsumptionToken"],
            borrow["LicenseConsumptionToken"],
        ],
        "TokenId": [refresh["TokenId"]],
        "GetAccessTokenRequest.Token": [refresh["Token"]],
        "ResourceArn": [license_arn, grant_arn, instance_arn],
        "Principal": [f"arn:aws:iam::{BUYER}:root"],
        "Principals": [[f"arn:aws:iam::{BUYER}:root"]],
        "EntitlementData.Name": ["Seats", "Cores", "Premium"],
        "EntitlementData.Value": ["1", "2"],
        "HomeRegion": [REGION],
        "Issuer.SignKey": [key],
        "DatetimeRange.Begin": ["2020-01-01T00:00:00Z"],
        "DatetimeRange.End": ["2099-01-01T00:00:00Z"],
        "CreateLicenseRequest.Entitlements": [ENTITLEMENTS],
        "CreateLicenseVersionRequest.Entitlements": [ENTITLEMENTS],
        "CreateLicenseRequest.ConsumptionConfiguration": [CONSUMPTION],
        "CreateLicenseVersionRequest.ConsumptionConfiguration": [CONSUMPTION],
        "CheckoutLicenseRequest.Entitlements": [ONE_SEAT],
        "CheckoutBorrowLicenseRequest.Entitlements": [
            [{"Name": "Cores", "Unit": "Count", "Value": "1"}]
        ],
    }
    for step in _OPTIONAL_STEPS:
        step(client, pools, instance_arn)
    return pools


def _license_configuration(client: Any, pools: dict[str, list[Any]], instance_arn: str) -> None:
    arn = client.create_license_configuration(Name="vCPUs", LicenseCountingType="vCPU")[
        "LicenseConfigurationArn"
    ]
    # The world's instance uses the configuration, so usage and association lists have rows.
    client.update_license_specifications_for_resource(
        ResourceArn=instance_arn, AddLicenseSpecifications=[{"LicenseConfigurationArn": arn}]
    )
    pools["LicenseConfigurationArn"] = [arn]
    pools["LicenseConfigurationArns"] = [[arn]]
    pools["ResourceArn"].append(arn)
    pools["LicenseRules"] = [["#allowedTenancy=EC2-Default"], ["#maximumVcpus=8"]]


def _report_generator(client: Any, pools: dict[str, list[Any]], instance_arn: str) -> None:
    if "LicenseConfigurationArn" not in pools:
        return
    arn = client.create_license_manager_report_generator(
        ReportGeneratorName="weekly",
        Type=["LicenseConfigurationSummaryReport"],
        ReportContext={"licenseConfigurationArns": pools["LicenseConfigurationArn"]},
        ReportFrequency={"value": 1, "period": "WEEK"},
        ClientToken=token(),
    )["LicenseManagerReportGeneratorArn"]
    pools["LicenseManagerReportGeneratorArn"] = [arn]
    pools["ResourceArn"].append(arn)
    # Values that get generated definitions past the checks: 1 is the only frequency value.
    pools["ReportFrequency.value"] = [1]
    pools["ReportContext.licenseConfigurationArns"] = [pools["LicenseConfigurationArn"]]


def _license_conversion(client: Any, pools: dict[str, list[Any]], instance_arn: str) -> None:
    # A stopped Windows instance, so generated conversions of it can get past the checks.
    ec2 = boto3.client("ec2", region_name=REGION)
    stopped = ec2.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1)["Instances"][0]
    ec2.stop_instances(InstanceIds=[stopped["InstanceId"]])
    stopped_arn = instance_arn.rsplit("/", 1)[0] + "/" + stopped["InstanceId"]
    task_id = client.create_license_conversion_task_for_resource(
        ResourceArn=stopped_arn,
        SourceLicenseContext={"UsageOperation": "RunInstances:0002"},
        DestinationLicenseContext={"UsageOperation": "RunInstances:0800"},
    )["LicenseConversionTaskId"]
    pools["LicenseConversionTaskId"] = [task_id]
    pools["CreateLicenseConversionTaskForResourceRequest.ResourceArn"] = [stopped_arn]
    pools["UsageOperation"] = ["RunInstances:0002", "RunInstances:0800", "RunInstances:0006"]


def _asset_ruleset_and_group(client: Any, pools: dict[str, list[Any]], instance_arn: str) -> None:
    if model_lacks("CreateLicenseAssetRuleset", "CreateLicenseAssetGroup"):
        return  # an older botocore: its clients cannot call these
    ruleset = linux_ruleset(client)
    group = asset_group(client, ruleset)
    pools["LicenseAssetRulesetArn"] = [ruleset]
    pools["LicenseAssetGroupArn"] = [group]
    pools["AssociatedLicenseAssetRulesetARNs"] = [[ruleset]]
    pools["ResourceArn"] += [ruleset, group]
    pools["AssetType"] = ["Instance", "License", "LicenseConfiguration"]
    pools["MatchingRuleStatement.KeyToMatch"] = ["Platform", "InstanceType", "ProductSKU"]
    pools["MatchingRuleStatement.Constraint"] = ["EQUALS", "NOT_EQUALS"]
    pools["LicenseAssetGroupConfiguration.UsageDimension"] = ["vCPU"]


_OPTIONAL_STEPS: list[Callable[[Any, dict[str, list[Any]], str], None]] = [
    _license_configuration,
    _report_generator,
    _license_conversion,
    _asset_ruleset_and_group,
]


def snapshot() -> Any:
    """Everything the mock holds, as nested tuples and dicts that compare by value."""
    backends = {
        (account, region): backend
        for account, regions in licensemanager_backends.items()
        for region, backend in regions.items()
    }
    shared = {
        (account, partition): store
        for account, partitions in stores.items()
        for partition, store in partitions.items()
    }
    return _freeze({"backends": backends, "stores": shared}, set(), {})


def _freeze(value: Any, seen: set[int], done: dict[int, tuple[Any, Any]]) -> Any:
    """``value`` as nested tuples and dicts; ``seen`` guards against cycles, ``done`` keeps
    what this snapshot already froze (the store's indexes reach each record many times)."""
    if value is None or isinstance(value, str | int | float | bool | bytes):
        return value
    if id(value) in seen:
        return ("<seen>", type(value).__name__)
    if id(value) in done:
        return done[id(value)][1]
    frozen: Any
    if isinstance(value, dict):
        # An empty container made on first use (a defaultdict read, a setdefault, a region's
        # first backend) is no change of state: it is left out.
        items = {repr(key): _freeze(item, seen, done) for key, item in value.items()}
        frozen = {key: item for key, item in items.items() if item not in ({}, ())}
    elif isinstance(value, list | tuple):
        frozen = tuple(_freeze(item, seen, done) for item in value)
    elif isinstance(value, set | frozenset):
        frozen = frozenset(repr(item) for item in value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = seen | {id(value)}
        fields = {
            f.name: _freeze(getattr(value, f.name), inner, done) for f in dataclasses.fields(value)
        }
        frozen = (type(value).__name__, fields)
    elif isinstance(value, type(threading.RLock())) or callable(value):
        frozen = None
    elif hasattr(value, "__dict__"):
        frozen = (type(value).__name__, _freeze(vars(value), seen | {id(value)}, done))
    else:
        frozen = repr(value)
    # The value is kept too, so that its id cannot be reused while the snapshot is taken.
    done[id(value)] = (value, frozen)
    return frozen
