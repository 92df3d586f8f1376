"""GetServiceSettings and UpdateServiceSettings, checked against moto's S3, SNS, Organizations
and RAM in the same test."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock.moto_adapters import router
from licensemgr_mock.pipeline.errors import validation_error_of
from licensemgr_mock.pipeline.service_model import operation_model
from tests.helpers import BUYER, REGION, error_of, lm_client, needs_model

pytestmark = pytest.mark.usefixtures("license_manager")

DEFAULTS = {
    "OrganizationConfiguration": {"EnableIntegration": False},
    "EnableCrossAccountsDiscovery": False,
}
TOPIC_NAME = "aws-license-manager-service-alerts"


def settings(client: Any) -> dict[str, Any]:
    answer = client.get_service_settings()
    answer.pop("ResponseMetadata")
    return dict(answer)


def bucket_arn(name: str = "aws-license-manager-service-reports") -> str:
    boto3.client("s3", region_name=REGION).create_bucket(Bucket=name)
    return f"arn:aws:s3:::{name}"


def topic_arn(name: str = TOPIC_NAME) -> str:
    return str(boto3.client("sns", region_name=REGION).create_topic(Name=name)["TopicArn"])


def organization(feature_set: str = "ALL") -> dict[str, Any]:
    orgs = boto3.client("organizations", region_name=REGION)
    return dict(orgs.create_organization(FeatureSet=feature_set)["Organization"])


def link(client: Any, enabled: bool = True) -> Any:
    return client.update_service_settings(OrganizationConfiguration={"EnableIntegration": enabled})


def test_a_fresh_account_has_the_defaults(client):
    assert settings(client) == DEFAULTS


def test_bucket_and_topic_are_stored(client):
    bucket, topic = bucket_arn(), topic_arn()

    answer = client.update_service_settings(S3BucketArn=bucket, SnsTopicArn=topic)

    assert {k: v for k, v in answer.items() if k != "ResponseMetadata"} == {}
    assert settings(client) == {**DEFAULTS, "S3BucketArn": bucket, "SnsTopicArn": topic}


@pytest.mark.parametrize(
    ("request_", "needle"),
    [
        ({"S3BucketArn": "arn:aws:s3:::no-such-bucket"}, "does not exist"),
        ({"S3BucketArn": "arn:aws:s3:::bucket/key"}, "not an S3 bucket ARN"),
        ({"S3BucketArn": "s3://bucket"}, "not an S3 bucket ARN"),
        (
            {"SnsTopicArn": f"arn:aws:sns:{REGION}:123456789012:{TOPIC_NAME}-missing"},
            "does not exist",
        ),
        ({"SnsTopicArn": f"arn:aws:sns:{REGION}:123456789012:alerts"}, "must be named"),
        ({"SnsTopicArn": f"arn:aws:sns:nowhere-1:123456789012:{TOPIC_NAME}"}, "does not exist"),
        ({"SnsTopicArn": "alerts"}, "not an SNS topic ARN"),
        pytest.param(
            {"EnabledDiscoverySourceRegions": [REGION, "mars-north-1"]},
            "mars-north-1",
            marks=needs_model("UpdateServiceSettingsRequest.EnabledDiscoverySourceRegions"),
        ),
        ({"EnableCrossAccountsDiscovery": True}, "Organizations integration"),
    ],
    ids=[
        "missing-bucket",
        "object-arn",
        "s3-url",
        "missing-topic",
        "topic-name",
        "topic-region",
        "topic-not-arn",
        "unknown-region",
        "discovery-without-organization",
    ],
)
def test_update_refusals(client, request_, needle):
    with pytest.raises(ClientError) as raised:
        client.update_service_settings(**request_)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert needle in raised.value.response["Error"]["Message"]
    assert settings(client) == DEFAULTS


def test_a_topic_with_the_wrong_name_is_refused_even_if_it_exists(client):
    arn = topic_arn("alerts")

    with pytest.raises(ClientError) as raised:
        client.update_service_settings(SnsTopicArn=arn)

    assert error_of(raised) == ("InvalidParameterValueException", 400)


@pytest.mark.parametrize("kind", ["other-account-topic", "other-partition-bucket", "cn-topic"])
def test_resources_of_another_account_or_partition_are_refused(client, act_as, kind):
    # License Manager publishes and writes only into the caller's own resources (item 6).
    bucket = bucket_arn()
    if kind == "other-account-topic":
        act_as(BUYER)
        request, needle = {"SnsTopicArn": topic_arn()}, "another account"
        act_as("123456789012")
    elif kind == "other-partition-bucket":
        request, needle = {"S3BucketArn": bucket.replace("arn:aws:", "arn:aws-cn:")}, "partition"
        topic_arn()
    else:
        request, needle = (
            {"SnsTopicArn": topic_arn().replace("arn:aws:", "arn:aws-cn:")},
            "partition",
        )

    with pytest.raises(ClientError) as raised:
        client.update_service_settings(**request)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert needle in raised.value.response["Error"]["Message"]
    assert settings(client) == DEFAULTS


def test_one_bad_member_changes_nothing(client):
    bucket = bucket_arn()

    with pytest.raises(ClientError):
        client.update_service_settings(S3BucketArn=bucket, SnsTopicArn="alerts")

    assert settings(client) == DEFAULTS


def test_linking_the_organization_shares_it_through_ram(client):
    org = organization()

    link(client)

    current = settings(client)
    share_arn = current["LicenseManagerResourceShareArn"]
    assert current["OrganizationConfiguration"] == {"EnableIntegration": True}
    assert share_arn.startswith(f"arn:aws:ram:{REGION}:123456789012:resource-share/")
    shares = boto3.client("ram", region_name=REGION).get_resource_shares(resourceOwner="SELF")
    assert [(s["resourceShareArn"], s["status"]) for s in shares["resourceShares"]] == [
        (share_arn, "ACTIVE")
    ]
    assert org["MasterAccountId"] == "123456789012"


def test_unlinking_removes_the_share(client):
    organization()
    link(client)
    share_arn = settings(client)["LicenseManagerResourceShareArn"]

    link(client, enabled=False)

    assert settings(client) == DEFAULTS
    shares = boto3.client("ram", region_name=REGION).get_resource_shares(resourceOwner="SELF")
    assert [(s["resourceShareArn"], s["status"]) for s in shares["resourceShares"]] == [
        (share_arn, "DELETED")
    ]


def test_linking_again_keeps_the_share(client):
    organization()
    link(client)
    first = settings(client)["LicenseManagerResourceShareArn"]

    link(client)

    assert settings(client)["LicenseManagerResourceShareArn"] == first


@pytest.mark.parametrize("case", ["no-organization", "member-account", "consolidated-billing"])
def test_linking_needs_the_management_account_of_a_full_organization(client, monkeypatch, case):
    if case == "member-account":
        orgs = boto3.client("organizations", region_name=REGION)
        organization()
        member = orgs.create_account(AccountName="m", Email="m@example.com")
        monkeypatch.setenv("MOTO_ACCOUNT_ID", member["CreateAccountStatus"]["AccountId"])
    elif case == "consolidated-billing":
        organization("CONSOLIDATED_BILLING")

    with pytest.raises(ClientError) as raised:
        link(client)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert settings(client) == DEFAULTS


@needs_model("UpdateServiceSettingsRequest.EnabledDiscoverySourceRegions")
def test_cross_account_discovery_follows_the_organization_link(client):
    organization()

    client.update_service_settings(
        OrganizationConfiguration={"EnableIntegration": True},
        EnableCrossAccountsDiscovery=True,
        EnabledDiscoverySourceRegions=["us-west-2", REGION, "us-west-2"],
    )

    current = settings(client)
    assert current["EnableCrossAccountsDiscovery"] is True
    assert current["CrossRegionDiscoveryHomeRegion"] == REGION
    assert current["CrossRegionDiscoverySourceRegions"] == ["us-west-2", REGION]
    with pytest.raises(ClientError) as raised:
        link(client, enabled=False)
    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert settings(client) == current


@needs_model("UpdateServiceSettingsRequest.EnabledDiscoverySourceRegions")
def test_discovery_regions_can_be_cleared(client):
    client.update_service_settings(EnabledDiscoverySourceRegions=["eu-west-1"])

    client.update_service_settings(EnabledDiscoverySourceRegions=[])

    assert settings(client) == DEFAULTS


def test_settings_belong_to_one_account_and_region(client, monkeypatch):
    client.update_service_settings(S3BucketArn=bucket_arn())

    assert settings(lm_client("us-west-2")) == DEFAULTS
    monkeypatch.setenv("MOTO_ACCOUNT_ID", BUYER)
    assert settings(client) == DEFAULTS


def test_a_wrongly_typed_member_is_a_validation_error(client):
    # boto3 refuses the wrong type itself; other SDKs and raw HTTP reach the mock.
    status, _, body = router.handle(
        "UpdateServiceSettings", '{"EnableCrossAccountsDiscovery": "yes"}', "123456789012", REGION
    )

    # ValidationException; older models list only InvalidParameterValueException here.
    expected = validation_error_of(operation_model("UpdateServiceSettings")).__name__
    assert status == 400 and f'"{expected}"' in body
    assert settings(client) == DEFAULTS


def test_get_service_settings_never_answers_an_error_it_does_not_model():
    # GetServiceSettings models neither ValidationException nor InvalidParameterValueException;
    # a body no SDK would send (not a JSON object) reaches it only over raw HTTP, and is
    # refused at the front door as AWS's JSON protocol refuses it, before the operation.
    status, headers, body = router.handle("GetServiceSettings", b"[]", "123456789012", REGION)

    assert status == 400
    assert json.loads(body)["__type"] == "SerializationException"
    assert headers["x-amzn-ErrorType"] == "SerializationException"
