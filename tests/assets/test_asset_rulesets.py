"""License asset rulesets: create, read, update, delete and list, through boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.helpers import REGION, error_of, lm_client, needs_model, token

pytestmark = [
    pytest.mark.usefixtures("license_manager"),
    needs_model("CreateLicenseAssetGroup", "CreateLicenseAssetRuleset"),
]

UNKNOWN = f"arn:aws:license-manager:{REGION}:123456789012:license-asset-ruleset:lar-0"


def matching(key: str, *values: str, constraint: str = "EQUALS") -> dict[str, Any]:
    return {"KeyToMatch": key, "Constraint": constraint, "ValueToMatch": list(values)}


def instance_rule(statement: dict[str, Any]) -> dict[str, Any]:
    return {"RuleStatement": {"InstanceRuleStatement": statement}}


LINUX = [instance_rule({"MatchingRuleStatement": matching("Platform", "Linux/UNIX")})]
WINDOWS = [instance_rule({"MatchingRuleStatement": matching("Platform", "Windows")})]


def create(client: Any, name: str = "linux", rules: Any = None, **extra: Any) -> str:
    answer = client.create_license_asset_ruleset(
        Name=name, Rules=LINUX if rules is None else rules, ClientToken=token(), **extra
    )
    return str(answer["LicenseAssetRulesetArn"])


def ruleset(client: Any, arn: str) -> dict[str, Any]:
    return dict(client.get_license_asset_ruleset(LicenseAssetRulesetArn=arn)["LicenseAssetRuleset"])


def listed(client: Any, **request: Any) -> list[str]:
    answer = client.list_license_asset_rulesets(**request)
    return [item["LicenseAssetRulesetArn"] for item in answer["LicenseAssetRulesets"]]


def test_create_then_get(client):
    arn = create(client, Description="Linux instances", Tags=[{"Key": "team", "Value": "ops"}])

    assert arn.startswith(f"arn:aws:license-manager:{REGION}:123456789012:license-asset-ruleset:")
    assert ruleset(client, arn) == {
        "Name": "linux",
        "Description": "Linux instances",
        "Rules": LINUX,
        "LicenseAssetRulesetArn": arn,
    }
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "ops"}
    ]


def test_every_statement_form_is_kept():
    client = lm_client()
    rules = [
        instance_rule(
            {
                "AndRuleStatement": {
                    "MatchingRuleStatements": [
                        matching("InstanceType", "t3.micro", "t3.small"),
                        matching("tag:env", "prod", constraint="NOT_EQUALS"),
                    ]
                }
            }
        ),
        instance_rule({"ScriptRuleStatement": {"KeyToMatch": "Platform", "Script": "x == 1"}}),
        {
            "RuleStatement": {
                "LicenseRuleStatement": {
                    "OrRuleStatement": {"MatchingRuleStatements": [matching("ProductSKU", "SKU1")]}
                }
            }
        },
        {
            "RuleStatement": {
                "LicenseConfigurationRuleStatement": {
                    "MatchingRuleStatement": matching("AccountId", "123456789012")
                }
            }
        },
    ]

    arn = create(client, rules=rules)

    assert ruleset(client, arn)["Rules"] == rules


def test_update_replaces_rules_and_given_members(client):
    arn = create(client, Description="first")

    answer = client.update_license_asset_ruleset(
        LicenseAssetRulesetArn=arn, Rules=WINDOWS, Name="windows", ClientToken=token()
    )

    assert answer["LicenseAssetRulesetArn"] == arn
    assert ruleset(client, arn) == {
        "Name": "windows",
        "Description": "first",
        "Rules": WINDOWS,
        "LicenseAssetRulesetArn": arn,
    }


def test_delete(client):
    arn, other = create(client), create(client, "other")

    answer = client.delete_license_asset_ruleset(LicenseAssetRulesetArn=arn)

    assert {k: v for k, v in answer.items() if k != "ResponseMetadata"} == {}
    assert listed(client) == [other]
    with pytest.raises(ClientError) as raised:
        ruleset(client, arn)
    assert error_of(raised) == ("InvalidParameterValueException", 400)


def test_a_ruleset_in_use_is_not_deleted(client):
    arn = create(client)
    group = client.create_license_asset_group(
        Name="fleet",
        LicenseAssetGroupConfigurations=[{"UsageDimension": "vCPU"}],
        AssociatedLicenseAssetRulesetARNs=[arn],
        ClientToken=token(),
    )["LicenseAssetGroupArn"]

    with pytest.raises(ClientError) as raised:
        client.delete_license_asset_ruleset(LicenseAssetRulesetArn=arn)

    assert error_of(raised) == ("ValidationException", 400)
    assert group in raised.value.response["Error"]["Message"]
    assert listed(client) == [arn]
    client.delete_license_asset_group(LicenseAssetGroupArn=group)
    client.delete_license_asset_ruleset(LicenseAssetRulesetArn=arn)
    assert listed(client) == []


def test_list_filters_by_name_and_pages(client):
    first, second, third = create(client, "a"), create(client, "b"), create(client, "a")

    assert listed(client) == [first, second, third]
    assert listed(client, Filters=[{"Name": "Name", "Values": ["a"]}]) == [first, third]
    assert listed(client, ShowAWSManagedLicenseAssetRulesets=True) == [first, second, third]
    page = client.list_license_asset_rulesets(MaxResults=2)
    assert [r["LicenseAssetRulesetArn"] for r in page["LicenseAssetRulesets"]] == [first, second]
    rest = listed(client, MaxResults=2, NextToken=page["NextToken"])
    assert rest == [third]


@pytest.mark.parametrize(
    "request_",
    [
        {"Filters": [{"Name": "Status", "Values": ["x"]}]},
        {"MaxResults": 0},
        {"NextToken": "not-a-token"},
    ],
)
def test_list_rejects_bad_requests(client, request_):
    with pytest.raises(ClientError) as raised:
        client.list_license_asset_rulesets(**request_)

    assert error_of(raised) == ("ValidationException", 400)


BAD_RULES = [
    pytest.param([], id="no rules"),
    pytest.param([{"RuleStatement": {}}], id="empty statement"),
    pytest.param(
        [
            {
                "RuleStatement": {
                    "InstanceRuleStatement": {"MatchingRuleStatement": matching("Platform", "x")},
                    "LicenseRuleStatement": {"MatchingRuleStatement": matching("ProductSKU", "x")},
                }
            }
        ],
        id="two kinds",
    ),
    pytest.param(
        [
            instance_rule(
                {
                    "MatchingRuleStatement": matching("Platform", "x"),
                    "OrRuleStatement": {"MatchingRuleStatements": [matching("Platform", "y")]},
                }
            )
        ],
        id="two forms",
    ),
    pytest.param([instance_rule({"MatchingRuleStatement": matching("ProductSKU", "x")})], id="key"),
    pytest.param(
        [instance_rule({"MatchingRuleStatement": matching("Platform", "x", constraint="LIKE")})],
        id="constraint",
    ),
    pytest.param([instance_rule({"MatchingRuleStatement": matching("Platform")})], id="no value"),
    pytest.param([instance_rule({"AndRuleStatement": {}})], id="empty and"),
    pytest.param(
        [
            {
                "RuleStatement": {
                    "LicenseRuleStatement": {
                        "OrRuleStatement": {
                            "ScriptRuleStatements": [{"KeyToMatch": "ProductSKU", "Script": "1"}]
                        }
                    }
                }
            }
        ],
        id="script outside instances",
    ),
]


@pytest.mark.parametrize("rules", BAD_RULES)
def test_bad_rules_are_refused(client, rules):
    with pytest.raises(ClientError) as raised:
        create(client, rules=rules)

    assert error_of(raised) == ("ValidationException", 400)
    assert listed(client) == []


@pytest.mark.parametrize("rules", BAD_RULES)
def test_bad_rules_do_not_update(client, rules):
    arn = create(client)

    with pytest.raises(ClientError) as raised:
        client.update_license_asset_ruleset(
            LicenseAssetRulesetArn=arn, Rules=rules, Name="changed", ClientToken=token()
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert ruleset(client, arn)["Name"] == "linux"
    assert ruleset(client, arn)["Rules"] == LINUX


@pytest.mark.parametrize(
    "extra",
    [{"Name": ""}, {"Tags": [{"Key": "aws:x", "Value": "y"}]}],
    ids=["empty name", "reserved tag"],
)
def test_create_refuses_bad_members(client, extra):
    request = {"Name": "linux", "Rules": LINUX, "ClientToken": token(), **extra}

    with pytest.raises(ClientError) as raised:
        client.create_license_asset_ruleset(**request)

    assert error_of(raised) == ("ValidationException", 400)
    assert listed(client) == []


def test_unknown_arns_are_invalid_parameters(client):
    calls = [
        lambda: client.get_license_asset_ruleset(LicenseAssetRulesetArn=UNKNOWN),
        lambda: client.delete_license_asset_ruleset(LicenseAssetRulesetArn=UNKNOWN),
        lambda: client.update_license_asset_ruleset(
            LicenseAssetRulesetArn=UNKNOWN, Rules=LINUX, ClientToken=token()
        ),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised) == ("InvalidParameterValueException", 400)


def test_rulesets_belong_to_one_region(client):
    arn = create(client)

    with pytest.raises(ClientError) as raised:
        ruleset(lm_client("eu-west-1"), arn)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert listed(lm_client("eu-west-1")) == []


def test_client_token_makes_create_idempotent(client):
    request = {"Name": "linux", "Rules": LINUX, "ClientToken": token()}

    first = client.create_license_asset_ruleset(**request)["LicenseAssetRulesetArn"]
    again = client.create_license_asset_ruleset(**request)["LicenseAssetRulesetArn"]

    assert first == again
    assert listed(client) == [first]


def test_rules_are_kept_as_typed_records(client):
    from licensemgr_mock.assets.matching import AssetRule, MatchingRuleStatement
    from licensemgr_mock.moto_adapters.models import licensemanager_backends

    arn = create(client)

    kept = licensemanager_backends["123456789012"][REGION].rulesets.asset_ruleset(arn)
    (rule,) = kept.rules
    assert isinstance(rule, AssetRule)
    statement = rule.rule_statement.instance_rule_statement
    assert statement is not None
    assert statement.matching_rule_statement == MatchingRuleStatement(
        key_to_match="Platform", constraint="EQUALS", value_to_match=["Linux/UNIX"]
    )
    assert ruleset(client, arn)["Rules"] == LINUX
