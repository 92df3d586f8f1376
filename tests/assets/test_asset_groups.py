"""License asset groups, and the assets their rulesets find in moto's EC2, in the licenses and
in the license configurations of the account."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.helpers import REGION, create_license, error_of, lm_client, needs_model, token

pytestmark = [
    pytest.mark.usefixtures("license_manager"),
    needs_model("CreateLicenseAssetGroup", "CreateLicenseAssetRuleset"),
]

ACCOUNT = "123456789012"
LINUX_AMI = "ami-1e749f67"
WINDOWS_AMI = "ami-12c6146b"
UNKNOWN = f"arn:aws:license-manager:{REGION}:{ACCOUNT}:license-asset-group:lag-0"
CONFIGURATIONS = [{"UsageDimension": "vCPU"}]


def matching(key: str, *values: str, constraint: str = "EQUALS") -> dict[str, Any]:
    return {"KeyToMatch": key, "Constraint": constraint, "ValueToMatch": list(values)}


def rule(kind: str, form: str, statement: Any) -> dict[str, Any]:
    return {"RuleStatement": {kind: {form: statement}}}


def instances_where(form: str, statement: Any) -> list[dict[str, Any]]:
    return [rule("InstanceRuleStatement", form, statement)]


def ruleset(client: Any, rules: list[dict[str, Any]], name: str = "rules") -> str:
    answer = client.create_license_asset_ruleset(Name=name, Rules=rules, ClientToken=token())
    return str(answer["LicenseAssetRulesetArn"])


def group(client: Any, rulesets: list[str], **extra: Any) -> str:
    answer = client.create_license_asset_group(
        Name=extra.pop("Name", "fleet"),
        LicenseAssetGroupConfigurations=extra.pop("Configurations", CONFIGURATIONS),
        AssociatedLicenseAssetRulesetARNs=rulesets,
        ClientToken=token(),
        **extra,
    )
    assert answer["Status"] == "ACTIVE"
    return str(answer["LicenseAssetGroupArn"])


def get(client: Any, arn: str) -> dict[str, Any]:
    return dict(client.get_license_asset_group(LicenseAssetGroupArn=arn)["LicenseAssetGroup"])


def listed(client: Any, **request: Any) -> list[str]:
    answer = client.list_license_asset_groups(**request)
    return [item["LicenseAssetGroupArn"] for item in answer["LicenseAssetGroups"]]


def assets(client: Any, arn: str, asset_type: str = "Instance") -> set[str]:
    answer = client.list_assets_for_license_asset_group(
        LicenseAssetGroupArn=arn, AssetType=asset_type
    )
    return {asset["AssetArn"] for asset in answer["Assets"]}


def run(ami: str, instance_type: str = "t3.micro", **tags: str) -> str:
    ec2 = boto3.client("ec2", region_name=REGION)
    extra: dict[str, Any] = {}
    if tags:
        pairs = [{"Key": key, "Value": value} for key, value in tags.items()]
        extra["TagSpecifications"] = [{"ResourceType": "instance", "Tags": pairs}]
    found = ec2.run_instances(
        ImageId=ami, MinCount=1, MaxCount=1, InstanceType=instance_type, **extra
    )
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{found['Instances'][0]['InstanceId']}"


@pytest.fixture
def linux(client: Any) -> str:
    return ruleset(
        client, instances_where("MatchingRuleStatement", matching("Platform", "Linux/UNIX"))
    )


@pytest.fixture
def fleet() -> dict[str, str]:
    """Four instances: Linux and Windows, small and large, tagged prod or dev."""
    return {
        "linux-prod": run(LINUX_AMI, "t3.micro", env="prod"),
        "linux-dev": run(LINUX_AMI, "m5.large", env="dev"),
        "windows-prod": run(WINDOWS_AMI, "m5.large", env="prod"),
        "windows-untagged": run(WINDOWS_AMI, "t3.micro"),
    }


def test_create_then_get(client, linux):
    arn = group(
        client,
        [linux],
        Description="Linux fleet",
        Properties=[{"Key": "owner", "Value": "ops"}],
        Tags=[{"Key": "team", "Value": "ops"}],
    )

    assert arn.startswith(f"arn:aws:license-manager:{REGION}:{ACCOUNT}:license-asset-group:")
    assert get(client, arn) == {
        "Name": "fleet",
        "Description": "Linux fleet",
        "LicenseAssetGroupConfigurations": CONFIGURATIONS,
        "AssociatedLicenseAssetRulesetARNs": [linux],
        "Properties": [{"Key": "owner", "Value": "ops"}],
        "LicenseAssetGroupArn": arn,
        "Status": "ACTIVE",
    }
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "ops"}
    ]


def test_update_replaces_given_members(client, linux):
    other = ruleset(client, instances_where("MatchingRuleStatement", matching("AMIId", LINUX_AMI)))
    arn = group(client, [linux], Description="first")

    answer = client.update_license_asset_group(
        LicenseAssetGroupArn=arn,
        AssociatedLicenseAssetRulesetARNs=[linux, other],
        Name="renamed",
        Properties=[{"Key": "k", "Value": "v"}],
        Status="DISABLED",
        ClientToken=token(),
    )

    assert (answer["LicenseAssetGroupArn"], answer["Status"]) == (arn, "DISABLED")
    assert get(client, arn) == {
        "Name": "renamed",
        "Description": "first",
        "LicenseAssetGroupConfigurations": CONFIGURATIONS,
        "AssociatedLicenseAssetRulesetARNs": [linux, other],
        "Properties": [{"Key": "k", "Value": "v"}],
        "LicenseAssetGroupArn": arn,
        "Status": "DISABLED",
    }


def test_delete(client, linux):
    arn, other = group(client, [linux]), group(client, [linux], Name="other")

    assert client.delete_license_asset_group(LicenseAssetGroupArn=arn)["Status"] == "DELETED"

    assert listed(client) == [other]
    with pytest.raises(ClientError) as raised:
        get(client, arn)
    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert client.get_license_asset_ruleset(LicenseAssetRulesetArn=linux)


def test_list_filters_by_ruleset_and_pages(client, linux):
    windows = ruleset(
        client, instances_where("MatchingRuleStatement", matching("Platform", "windows"))
    )
    first, second, third = group(client, [linux]), group(client, [windows]), group(client, [linux])

    assert listed(client) == [first, second, third]
    assert listed(client, Filters=[{"Name": "LicenseAssetRulesetArn", "Values": [linux]}]) == [
        first,
        third,
    ]
    page = client.list_license_asset_groups(MaxResults=2)
    assert [g["LicenseAssetGroupArn"] for g in page["LicenseAssetGroups"]] == [first, second]
    assert listed(client, MaxResults=2, NextToken=page["NextToken"]) == [third]


@pytest.mark.parametrize(
    "request_",
    [{"Filters": [{"Name": "Name", "Values": ["x"]}]}, {"MaxResults": 0}, {"NextToken": "bad"}],
)
def test_list_rejects_bad_requests(client, request_):
    with pytest.raises(ClientError) as raised:
        client.list_license_asset_groups(**request_)

    assert error_of(raised) == ("ValidationException", 400)


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        (
            {"MatchingRuleStatement": matching("Platform", "Linux/UNIX")},
            {"linux-prod", "linux-dev"},
        ),
        (
            {"MatchingRuleStatement": matching("Platform", "windows")},
            {"windows-prod", "windows-untagged"},
        ),
        (
            {
                "MatchingRuleStatement": matching(
                    "InstanceType", "m5.large", constraint="NOT_EQUALS"
                )
            },
            {"linux-prod", "windows-untagged"},
        ),
        ({"MatchingRuleStatement": matching("tag:env", "prod")}, {"linux-prod", "windows-prod"}),
        (
            {"MatchingRuleStatement": matching("tag:env", "prod", constraint="NOT_EQUALS")},
            {"linux-dev", "windows-untagged"},
        ),
        (
            {
                "AndRuleStatement": {
                    "MatchingRuleStatements": [
                        matching("Platform", "windows"),
                        matching("tag:env", "prod"),
                    ]
                }
            },
            {"windows-prod"},
        ),
        (
            {
                "OrRuleStatement": {
                    "MatchingRuleStatements": [
                        matching("InstanceType", "t3.micro"),
                        matching("tag:env", "dev"),
                    ]
                }
            },
            {"linux-prod", "linux-dev", "windows-untagged"},
        ),
        ({"MatchingRuleStatement": matching("AccountId", ACCOUNT)}, None),
        ({"MatchingRuleStatement": matching("HostId", "h-0")}, set()),
        ({"ScriptRuleStatement": {"KeyToMatch": "Platform", "Script": "true"}}, set()),
    ],
    ids=[
        "linux",
        "windows",
        "not large",
        "prod tag",
        "not prod tag",
        "windows and prod",
        "micro or dev",
        "account",
        "host",
        "script",
    ],
)
def test_instances_matched_by_rules(client, fleet, statement, expected):
    arn = group(client, [ruleset(client, instances_where(*next(iter(statement.items()))))])

    wanted = set(fleet) if expected is None else expected
    assert assets(client, arn) == {fleet[name] for name in wanted}


def test_rules_of_every_ruleset_add_up(client, fleet, linux):
    prod_windows = ruleset(
        client,
        instances_where(
            "AndRuleStatement",
            {
                "MatchingRuleStatements": [
                    matching("Platform", "windows"),
                    matching("InstanceId", fleet["windows-prod"].rsplit("/", 1)[1]),
                ]
            },
        ),
    )
    arn = group(client, [linux, prod_windows])

    expected = {fleet["linux-prod"], fleet["linux-dev"], fleet["windows-prod"]}
    answer = client.list_assets_for_license_asset_group(
        LicenseAssetGroupArn=arn, AssetType="Instance", MaxResults=2
    )
    rest = client.list_assets_for_license_asset_group(
        LicenseAssetGroupArn=arn, AssetType="Instance", NextToken=answer["NextToken"]
    )
    found = [asset["AssetArn"] for asset in answer["Assets"] + rest["Assets"]]
    assert sorted(found) == sorted(expected)
    assert all("LatestAssetDiscoveryTime" in asset for asset in answer["Assets"])


def test_discovery_is_live(client, linux):
    arn = group(client, [linux])
    first = run(LINUX_AMI)
    assert assets(client, arn) == {first}

    boto3.client("ec2", region_name=REGION).terminate_instances(
        InstanceIds=[first.rsplit("/", 1)[1]]
    )
    second = run(LINUX_AMI)

    assert assets(client, arn) == {second}


def test_a_disabled_group_finds_nothing(client, fleet, linux):
    arn = group(client, [linux])
    client.update_license_asset_group(
        LicenseAssetGroupArn=arn,
        AssociatedLicenseAssetRulesetARNs=[linux],
        Status="DISABLED",
        ClientToken=token(),
    )
    assert assets(client, arn) == set()

    client.update_license_asset_group(
        LicenseAssetGroupArn=arn,
        AssociatedLicenseAssetRulesetARNs=[linux],
        Status="ACTIVE",
        ClientToken=token(),
    )
    assert assets(client, arn) == {fleet["linux-prod"], fleet["linux-dev"]}


def test_instance_rules_do_not_pick_licenses(client, fleet, linux):
    create_license(client)

    arn = group(client, [linux])

    assert assets(client, arn, "License") == set()
    assert assets(client, arn, "LicenseConfiguration") == set()


def test_licenses_matched_by_rules(client):
    wanted = create_license(client, ProductSKU="SKU1")
    create_license(client, ProductSKU="SKU2")
    rules = [
        rule(
            "LicenseRuleStatement",
            "AndRuleStatement",
            {
                "MatchingRuleStatements": [
                    matching("ProductSKU", "SKU1"),
                    matching("LicenseStatus", "AVAILABLE"),
                    matching("Issuer", "My Company"),
                ]
            },
        )
    ]

    arn = group(client, [ruleset(client, rules)])

    assert assets(client, arn, "License") == {wanted}
    assert assets(client, arn, "Instance") == set()


def test_license_configurations_matched_by_rules(client):
    configurations = [
        client.create_license_configuration(Name=name, LicenseCountingType="vCPU")[
            "LicenseConfigurationArn"
        ]
        for name in ("a", "b")
    ]
    rules = [
        rule(
            "LicenseConfigurationRuleStatement",
            "MatchingRuleStatement",
            matching("LicenseConfigurationArn", configurations[0], constraint="NOT_EQUALS"),
        )
    ]

    arn = group(client, [ruleset(client, rules)])

    assert assets(client, arn, "LicenseConfiguration") == {configurations[1]}


@pytest.mark.parametrize(
    "extra",
    [
        {"Name": ""},
        {"Configurations": []},
        {"Configurations": [{}]},
        {"Configurations": [{"UsageDimension": "vCPU"}, {"UsageDimension": "vCPU"}]},
        {"Properties": [{"Key": "k", "Value": "1"}, {"Key": "k", "Value": "2"}]},
        {"Properties": [{"Key": "", "Value": "1"}]},
        {"Tags": [{"Key": "aws:x", "Value": "y"}]},
    ],
    ids=[
        "empty name",
        "no configuration",
        "no dimension",
        "dimension twice",
        "property twice",
        "empty property key",
        "reserved tag",
    ],
)
def test_create_refuses_bad_members(client, linux, extra):
    with pytest.raises(ClientError) as raised:
        group(client, [linux], **extra)

    assert error_of(raised) == ("ValidationException", 400)
    assert listed(client) == []


@pytest.mark.parametrize(
    ("rulesets", "expected"),
    [
        ([], "ValidationException"),
        (["LINUX", "LINUX"], "ValidationException"),
        ([UNKNOWN.replace("group:lag", "ruleset:lar")], "InvalidParameterValueException"),
    ],
    ids=["none", "twice", "unknown"],
)
def test_rulesets_must_exist_once(client, linux, rulesets, expected):
    arns = [linux if arn == "LINUX" else arn for arn in rulesets]
    existing = group(client, [linux])

    with pytest.raises(ClientError) as raised:
        group(client, arns)
    assert error_of(raised) == (expected, 400)
    with pytest.raises(ClientError) as raised:
        client.update_license_asset_group(
            LicenseAssetGroupArn=existing,
            AssociatedLicenseAssetRulesetARNs=arns,
            Name="changed",
            ClientToken=token(),
        )
    assert error_of(raised) == (expected, 400)

    assert listed(client) == [existing]
    assert get(client, existing)["Name"] == "fleet"


def test_update_cannot_set_deleted(client, linux):
    arn = group(client, [linux])

    with pytest.raises(ClientError) as raised:
        client.update_license_asset_group(
            LicenseAssetGroupArn=arn,
            AssociatedLicenseAssetRulesetARNs=[linux],
            Status="DELETED",
            ClientToken=token(),
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert get(client, arn)["Status"] == "ACTIVE"


def test_unknown_group_arns_are_invalid_parameters(client, linux):
    calls = [
        lambda: client.get_license_asset_group(LicenseAssetGroupArn=UNKNOWN),
        lambda: client.delete_license_asset_group(LicenseAssetGroupArn=UNKNOWN),
        lambda: client.update_license_asset_group(
            LicenseAssetGroupArn=UNKNOWN,
            AssociatedLicenseAssetRulesetARNs=[linux],
            ClientToken=token(),
        ),
        lambda: client.list_assets_for_license_asset_group(
            LicenseAssetGroupArn=UNKNOWN, AssetType="Instance"
        ),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised) == ("InvalidParameterValueException", 400)


def test_unknown_asset_type(client, linux):
    arn = group(client, [linux])

    with pytest.raises(ClientError) as raised:
        client.list_assets_for_license_asset_group(LicenseAssetGroupArn=arn, AssetType="Host")

    assert error_of(raised) == ("ValidationException", 400)
    assert "assetType" in raised.value.response["Error"]["Message"]


def test_groups_belong_to_one_region(client, linux):
    arn = group(client, [linux])
    elsewhere = lm_client("eu-west-1")

    with pytest.raises(ClientError) as raised:
        get(elsewhere, arn)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert listed(elsewhere) == []


def test_groups_are_kept_as_typed_records(client, linux):
    from licensemgr_mock.assets.groups import GroupConfiguration, GroupProperty
    from licensemgr_mock.moto_adapters.models import licensemanager_backends
    from licensemgr_mock.pipeline.api import LicenseAssetGroupStatus

    arn = group(client, [linux], Properties=[{"Key": "k", "Value": "v"}])
    client.update_license_asset_group(
        LicenseAssetGroupArn=arn,
        AssociatedLicenseAssetRulesetARNs=[linux],
        Status="DISABLED",
        ClientToken=token(),
    )

    kept = licensemanager_backends[ACCOUNT][REGION].groups.license_asset_groups[arn]
    assert kept.status is LicenseAssetGroupStatus.DISABLED
    assert kept.license_asset_group_configurations == [GroupConfiguration("vCPU")]
    assert kept.properties == [GroupProperty(key="k", value="v")]
    assert get(client, arn)["Status"] == "DISABLED"
