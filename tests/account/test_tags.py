"""Tagging: TagResource, UntagResource, ListTagsForResource on licenses and grants (and the
regional resources other modules keep), tags given at creation, and the tag rules."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from licensemgr_mock.pipeline.errors import validation_error_of
from licensemgr_mock.pipeline.service_model import operation_model
from tests.helpers import (
    BUYER,
    SELLER,
    asset_group,
    create_license,
    error_of,
    grant_to,
    linux_ruleset,
    lm_client,
    model_lacks,
    needs_model,
    require_model,
    token,
)

# ValidationException; models before TagResource listed it had InvalidParameterValueException.
TAG_RULE_ERROR = validation_error_of(operation_model("TagResource")).__name__
TAGS_AT_CREATION = ("CreateLicenseRequest.Tags", "CreateGrantRequest.Tags")

pytestmark = pytest.mark.usefixtures("license_manager")


def tags_of(client: Any, arn: str) -> dict[str, str]:
    listed = client.list_tags_for_resource(ResourceArn=arn)["Tags"]
    return {tag["Key"]: tag["Value"] for tag in listed}


def tag_list(**tags: str) -> list[dict[str, str]]:
    return [{"Key": key, "Value": value} for key, value in tags.items()]


def new_grant(client: Any, license_arn: str, **extra: Any) -> str:
    return grant_to(client, license_arn, ["CheckoutLicense"], **extra)


@pytest.fixture
def resources(monkeypatch):
    """A license (tagged at creation) and a grant of it, both the seller's; tagged after
    creation where the installed botocore's model has no tags at creation."""
    monkeypatch.setenv("MOTO_ACCOUNT_ID", SELLER)
    client = lm_client()
    license_tags, grant_tags = tag_list(env="test", team="a"), tag_list(owner="sales")
    if model_lacks(*TAGS_AT_CREATION):
        license_arn = create_license(client)
        grant_arn = new_grant(client, license_arn)
        client.tag_resource(ResourceArn=license_arn, Tags=license_tags)
        client.tag_resource(ResourceArn=grant_arn, Tags=grant_tags)
    else:
        license_arn = create_license(client, Tags=license_tags)
        grant_arn = new_grant(client, license_arn, Tags=grant_tags)
    return {"client": client, "license": license_arn, "grant": grant_arn}


@needs_model(*TAGS_AT_CREATION)
def test_tags_given_at_creation(resources):
    client = resources["client"]

    assert client.list_tags_for_resource(ResourceArn=resources["license"])["Tags"] == [
        {"Key": "env", "Value": "test"},
        {"Key": "team", "Value": "a"},
    ]
    assert tags_of(client, resources["grant"]) == {"owner": "sales"}


@pytest.mark.parametrize("kind", ["license", "grant"])
def test_tag_overwrites_and_untag_removes(resources, kind):
    client = resources["client"]
    arn = resources[kind]
    before = tags_of(client, arn)

    tagged = client.tag_resource(ResourceArn=arn, Tags=tag_list(team="b", cost="42"))
    after_tag = tags_of(client, arn)
    untagged = client.untag_resource(ResourceArn=arn, TagKeys=["team", "never-there"])

    assert {k: v for k, v in tagged.items() if k != "ResponseMetadata"} == {}
    assert {k: v for k, v in untagged.items() if k != "ResponseMetadata"} == {}
    assert after_tag == {**before, "team": "b", "cost": "42"}
    expected = {**before, "cost": "42"}
    expected.pop("team", None)
    assert tags_of(client, arn) == expected


def test_a_tag_without_value_has_an_empty_value(resources):
    client = resources["client"]

    client.tag_resource(ResourceArn=resources["grant"], Tags=[{"Key": "flag"}])

    assert tags_of(client, resources["grant"])["flag"] == ""


def test_a_license_is_tagged_from_any_region(resources):
    west = lm_client("us-west-2")

    west.tag_resource(ResourceArn=resources["license"], Tags=tag_list(region="west"))

    assert tags_of(resources["client"], resources["license"])["region"] == "west"


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:license-manager::111111111111:license:l-" + "0" * 32,
        "arn:aws:license-manager::111111111111:grant:g-" + "0" * 32,
        "arn:aws:license-manager:us-east-1:111111111111:license-configuration:lic-" + "0" * 32,
        "arn:aws:license-manager:us-east-1:111111111111:report-generator:r-" + "0" * 32,
        "arn:aws:license-manager::111111111111:token:t-1",
        "arn:aws:s3:::bucket",
        "not-an-arn",
    ],
    ids=[
        "license",
        "grant",
        "configuration",
        "report-generator",
        "unsupported-type",
        "other-service",
        "malformed",
    ],
)
@pytest.mark.parametrize("operation", ["tag", "untag", "list"])
def test_unknown_resources(resources, arn, operation):
    client = resources["client"]

    with pytest.raises(ClientError) as raised:
        if operation == "tag":
            client.tag_resource(ResourceArn=arn, Tags=tag_list(k="v"))
        elif operation == "untag":
            client.untag_resource(ResourceArn=arn, TagKeys=["k"])
        else:
            client.list_tags_for_resource(ResourceArn=arn)

    assert error_of(raised) == ("InvalidParameterValueException", 400)


def test_only_the_owner_sees_a_resources_tags(resources, monkeypatch):
    client = resources["client"]
    monkeypatch.setenv("MOTO_ACCOUNT_ID", BUYER)

    for arn in (resources["license"], resources["grant"]):
        with pytest.raises(ClientError) as raised:
            client.list_tags_for_resource(ResourceArn=arn)
        assert error_of(raised) == ("InvalidParameterValueException", 400)
        with pytest.raises(ClientError) as raised:
            client.tag_resource(ResourceArn=arn, Tags=tag_list(mine="yes"))
        assert error_of(raised) == ("InvalidParameterValueException", 400)

    monkeypatch.setenv("MOTO_ACCOUNT_ID", SELLER)
    assert "mine" not in tags_of(client, resources["license"])


@pytest.mark.parametrize(
    "tags",
    [
        [{"Key": "", "Value": "v"}],
        [{"Key": "k" * 129, "Value": "v"}],
        [{"Key": "k", "Value": "v" * 257}],
        [{"Key": "aws:created-by", "Value": "v"}],
        [{"Key": "AWS:x", "Value": "v"}],
        [{"Value": "no key"}],
        [{"Key": "twice", "Value": "1"}, {"Key": "twice", "Value": "2"}],
        tag_list(**{f"k{n}": "v" for n in range(51)}),
    ],
    ids=[
        "empty-key",
        "long-key",
        "long-value",
        "reserved",
        "reserved-upper",
        "no-key",
        "duplicate",
        "too-many",
    ],
)
def test_tag_rules(resources, tags):
    client = resources["client"]

    with pytest.raises(ClientError) as raised:
        client.tag_resource(ResourceArn=resources["grant"], Tags=tags)

    assert error_of(raised) == (TAG_RULE_ERROR, 400)
    assert tags_of(client, resources["grant"]) == {"owner": "sales"}


def test_at_most_50_tags_counting_the_existing_ones(resources):
    client = resources["client"]
    client.tag_resource(
        ResourceArn=resources["grant"], Tags=tag_list(**{f"k{n}": "v" for n in range(49)})
    )

    with pytest.raises(ClientError) as raised:
        client.tag_resource(ResourceArn=resources["grant"], Tags=tag_list(one="more"))

    assert error_of(raised) == (TAG_RULE_ERROR, 400)
    assert len(tags_of(client, resources["grant"])) == 50
    # Overwriting an existing key adds nothing.
    client.tag_resource(ResourceArn=resources["grant"], Tags=tag_list(k0="new"))
    assert tags_of(client, resources["grant"])["k0"] == "new"


@needs_model("CreateGrantRequest.Tags")
def test_create_grant_with_bad_tags_creates_nothing(resources):
    client = resources["client"]

    with pytest.raises(ClientError) as raised:
        new_grant(client, resources["license"], Tags=[{"Key": "k" * 200, "Value": "v"}])

    assert error_of(raised) == ("ValidationException", 400)
    assert len(client.list_distributed_grants()["Grants"]) == 1


def regional_resource(client: Any, kind: str) -> str:
    """A regional resource of ``kind`` made through the API, in REGION."""
    config = client.create_license_configuration(Name="c", LicenseCountingType="vCPU")[
        "LicenseConfigurationArn"
    ]
    if kind == "license-configuration":
        return str(config)
    if kind == "report-generator":
        return str(
            client.create_license_manager_report_generator(
                ReportGeneratorName="r",
                Type=["LicenseConfigurationSummaryReport"],
                ReportContext={"licenseConfigurationArns": [config]},
                ReportFrequency={"value": 1, "period": "DAY"},
                ClientToken=token(),
            )["LicenseManagerReportGeneratorArn"]
        )
    require_model("CreateLicenseAssetRuleset")
    ruleset = linux_ruleset(client)
    if kind == "license-asset-ruleset":
        return ruleset
    return asset_group(client, ruleset)


@pytest.mark.parametrize(
    "kind",
    ["license-configuration", "report-generator", "license-asset-ruleset", "license-asset-group"],
)
def test_regional_resources_are_tagged_in_their_region_only(client, kind):
    arn = regional_resource(client, kind)

    client.tag_resource(ResourceArn=arn, Tags=tag_list(env="dev", team="a"))
    client.untag_resource(ResourceArn=arn, TagKeys=["env"])

    assert tags_of(client, arn) == {"team": "a"}
    with pytest.raises(ClientError) as raised:
        lm_client("us-west-2").list_tags_for_resource(ResourceArn=arn)
    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert tags_of(client, arn) == {"team": "a"}


def test_a_huge_unknown_resource_arn_gets_a_small_error(client):
    from licensemgr_mock.pipeline.errors import MAX_QUOTED

    huge = "arn:aws:license-manager::123456789012:license:l-" + "0" * 10_000_000

    with pytest.raises(ClientError) as raised:
        client.list_tags_for_resource(ResourceArn=huge)

    assert raised.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert len(raised.value.response["Error"]["Message"]) < MAX_QUOTED + 100
