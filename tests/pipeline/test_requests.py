"""The request path, whatever the operation: regions, ClientToken answers, request ids, capped
error messages and the precision of timestamps on the wire (docs/decisions/requests.md)."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from typing import Any

import boto3
import pytest
import time_machine
from botocore.config import Config
from botocore.exceptions import ClientError

from licensemgr_mock.moto_adapters import router
from licensemgr_mock.moto_adapters.models import licensemanager_backends, store_for
from licensemgr_mock.pipeline.errors import MAX_QUOTED
from licensemgr_mock.state import idempotency
from tests.helpers import (
    REGION,
    SKU_RULES,
    create_license,
    error_of,
    license_request,
    lm_client,
    needs_model,
    token,
)

pytestmark = pytest.mark.usefixtures("license_manager")

ACCOUNT = "123456789012"


def new_ruleset(client: Any, client_token: str | None = None) -> str:
    answer = client.create_license_asset_ruleset(
        Name="rules", Rules=SKU_RULES, ClientToken=client_token or token()
    )
    return str(answer["LicenseAssetRulesetArn"])


def rulesets(client: Any) -> list[str]:
    answer = client.list_license_asset_rulesets()["LicenseAssetRulesets"]
    return [item["LicenseAssetRulesetArn"] for item in answer]


def raw(operation: str, body: Any, region: str = REGION) -> tuple[int, dict[str, str], Any]:
    """A request as a raw HTTP client would send it, answered by the router."""
    text = body if isinstance(body, str) else json.dumps(body)
    status, headers, answer = router.handle(operation, text, ACCOUNT, region)
    return status, headers, json.loads(answer)


def answers_kept() -> int:
    return len(store_for("aws").client_tokens)


# --- regions (issue 11, item 7) ---


def test_an_unknown_region_is_refused_and_creates_nothing():
    client = lm_client("xx-nowhere-9")

    with pytest.raises(ClientError) as raised:
        client.list_licenses()

    assert error_of(raised) == ("AuthorizationException", 403)
    assert "xx-nowhere-9" in raised.value.response["Error"]["Message"]
    assert "xx-nowhere-9" not in licensemanager_backends[ACCOUNT]


def test_an_unknown_region_in_the_signature_scope_is_refused():
    headers = {"Authorization": "AWS4-HMAC-SHA256 Credential=AKID/20260101/xx-nowhere-9/lm/aws4"}
    region = router.region_of("http://localhost:5000/", headers)

    status, _, body = raw("ListLicenses", {}, region)

    assert (status, body["__type"]) == (403, "AuthorizationException")


@needs_model("CreateLicenseAssetRuleset")
def test_moto_allow_nonexistent_region_serves_any_region(monkeypatch):
    monkeypatch.setenv("MOTO_ALLOW_NONEXISTENT_REGION", "true")
    client = lm_client("xx-nowhere-9")

    arn = new_ruleset(client)

    assert arn.startswith("arn:aws:license-manager:xx-nowhere-9:")
    assert rulesets(client) == [arn]


@pytest.mark.parametrize("partition", ["aws-eusc", "aws-cn", "aws-us-gov"])
@needs_model("CreateLicenseAssetRuleset")
def test_regions_of_every_partition_work(partition):
    # A region the installed botocore lists for the service (aws-eusc's came in 2025).
    regions = boto3.session.Session().get_available_regions("license-manager", partition)
    if not regions:
        pytest.skip(f"this botocore lists no License Manager region in {partition}")
    region = sorted(regions)[0]
    client = lm_client(region)

    arn = new_ruleset(client)

    assert arn.startswith(f"arn:{partition}:license-manager:{region}:{ACCOUNT}:")
    assert rulesets(client) == [arn]
    assert rulesets(lm_client()) == []


def test_a_sign_key_in_a_region_moto_does_not_know_is_a_validation_error(client):
    key = f"arn:aws:kms:xx-nowhere-9:{ACCOUNT}:key/0b6d1d6c-1111-2222-3333-444455556666"

    with pytest.raises(ClientError) as raised:
        client.create_license(**license_request(Issuer={"Name": "Me", "SignKey": key}))

    assert error_of(raised) == ("ValidationException", 400)
    assert client.list_licenses()["Licenses"] == []


# --- ClientToken answers (item 8) ---


@needs_model("CreateLicenseAssetRuleset")
def test_a_client_token_is_scoped_to_its_region():
    shared = token()

    here = new_ruleset(lm_client(), shared)
    there = new_ruleset(lm_client("eu-west-1"), shared)

    assert here != there
    assert rulesets(lm_client()) == [here]
    assert rulesets(lm_client("eu-west-1")) == [there]


@needs_model("CreateLicenseAssetRuleset")
def test_a_client_token_is_scoped_to_its_account():
    shared = token()
    here = new_ruleset(lm_client(), shared)

    status, _, body = router.handle(
        "CreateLicenseAssetRuleset",
        json.dumps({"Name": "rules", "Rules": SKU_RULES, "ClientToken": shared}),
        "210987654321",
        REGION,
    )

    assert status == 200
    assert json.loads(body)["LicenseAssetRulesetArn"] != here
    assert rulesets(lm_client()) == [here]


@needs_model("CreateLicenseAssetRuleset")
def test_a_read_operation_never_replays_an_answer():
    # ListLicenseAssetRulesets has no ClientToken member: a raw client may send one anyway.
    status, _, before = raw("ListLicenseAssetRulesets", {"ClientToken": "t"})
    arn = new_ruleset(lm_client())

    status, _, after = raw("ListLicenseAssetRulesets", {"ClientToken": "t"})

    assert status == 200
    assert before["LicenseAssetRulesets"] == []
    assert [item["LicenseAssetRulesetArn"] for item in after["LicenseAssetRulesets"]] == [arn]


@needs_model("CreateLicenseAssetRuleset")
def test_an_unhashable_client_token_is_no_type_error():
    listing = raw("ListLicenses", {"ClientToken": ["a", "b"]})
    creating = raw(
        "CreateLicenseAssetRuleset", {"Name": "r", "Rules": SKU_RULES, "ClientToken": []}
    )

    assert listing[0] == 200
    assert (creating[0], creating[2]["__type"]) == (400, "ValidationException")
    assert "clientToken" in creating[2]["Message"]
    assert rulesets(lm_client()) == []


@needs_model("CreateLicenseAssetRuleset")
def test_expired_answers_are_forgotten():
    client = lm_client()
    with time_machine.travel("2030-01-01T00:00:00Z", tick=False) as traveller:
        first = [new_ruleset(client, f"token-{n}") for n in range(3)]
        assert answers_kept() == 3
        traveller.shift(timedelta(seconds=idempotency.IDEMPOTENCY_SECONDS + 1))

        again = new_ruleset(client, "token-0")

        assert answers_kept() == 1
        assert again not in first
        assert len(rulesets(client)) == 4


@needs_model("CreateLicenseAssetRuleset")
def test_answers_live_their_whole_window_and_a_full_cache_throttles(monkeypatch):
    # Evicting a live answer would let a retry repeat its effect (issue 27, item 8).
    monkeypatch.setattr(idempotency, "MAX_ANSWERS", 2)
    client = lm_client()
    with time_machine.travel("2030-01-01T00:00:00Z", tick=False) as traveller:
        made = [new_ruleset(client, f"token-{n}") for n in range(2)]
        with pytest.raises(ClientError) as raised:
            new_ruleset(client, "token-2")

        assert error_of(raised) == ("RateLimitExceededException", 429)
        assert new_ruleset(client, "token-0") == made[0]
        assert len(rulesets(client)) == 2
        traveller.shift(timedelta(seconds=idempotency.IDEMPOTENCY_SECONDS))
        assert new_ruleset(client, "token-2") not in made
        assert answers_kept() == 1


@needs_model("CreateLicenseAssetRuleset")
def test_an_expired_answer_is_not_replayed_after_the_clock_moved_back():
    # Answers kept out of time order are still refused once expired (issue 27, item 9).
    client = lm_client()
    with time_machine.travel("2030-01-01T01:00:00Z", tick=False) as traveller:
        new_ruleset(client, "token-a")
        traveller.move_to("2030-01-01T00:00:00Z")
        first = new_ruleset(client, "token-b")
        traveller.shift(timedelta(seconds=idempotency.IDEMPOTENCY_SECONDS + 60))

        again = new_ruleset(client, "token-b")

    assert again != first
    assert len(rulesets(client)) == 3


# --- request ids (item 11) ---


def test_every_answer_has_a_fresh_request_id(client):
    ids = {client.list_licenses()["ResponseMetadata"]["RequestId"] for _ in range(2)}
    with pytest.raises(ClientError) as raised:
        client.get_license(LicenseArn="arn:aws:license-manager::123456789012:license:l-" + "0" * 32)
    ids.add(raised.value.response["ResponseMetadata"]["RequestId"])

    assert len(ids) == 3
    assert all(re.fullmatch(r"[0-9a-f-]{36}", value) for value in ids)


@pytest.mark.parametrize(
    ("operation", "body"),
    [("NoSuchOperation", "{}"), ("ListLicenses", "{not json"), ("ListLicenses", "[" * 100_000)],
    ids=["unknown-operation", "bad-json", "deeply-nested"],
)
def test_front_errors_have_request_ids_and_json_bodies(operation, body):
    status, headers, answer = router.handle(operation, body, ACCOUNT, REGION)

    assert status == 400
    assert headers["x-amzn-RequestId"]
    assert json.loads(answer)["__type"] in ("UnknownOperationException", "SerializationException")


# --- capped messages (item 10) ---


@needs_model("CreateLicenseAssetRuleset")
def test_a_huge_invalid_arn_gets_a_small_error():
    client = lm_client(config=Config(parameter_validation=False))
    huge = "arn:" + "x" * 10_000_000
    seen: list[int] = []
    client.meta.events.register(
        "before-parse.license-manager.GetLicenseAssetRuleset",
        lambda response_dict, **_: seen.append(len(response_dict["body"])),
    )

    with pytest.raises(ClientError) as raised:
        client.get_license_asset_ruleset(LicenseAssetRulesetArn=huge)

    assert error_of(raised) == ("ValidationException", 400)
    assert "licenseAssetRulesetArn" in raised.value.response["Error"]["Message"]
    assert seen and seen[0] < 4 * MAX_QUOTED + 1000


@needs_model("CreateLicenseAssetRuleset")
def test_a_message_lists_few_of_many_problems():
    body = {"Name": "r", "Rules": SKU_RULES, "ClientToken": token(), "Tags": [{"Key": 1}] * 1000}

    status, _, answer = raw("CreateLicenseAssetRuleset", body)

    assert status == 400
    assert answer["Message"].startswith("1000 validation errors detected: ")
    assert len(answer["Message"]) < 20 * (MAX_QUOTED + 200)


@pytest.mark.parametrize(
    ("operation", "request_", "error", "bound"),
    [
        (
            "create_license",
            license_request(Entitlements=[{"Name": "S", "Unit": "Count", "MaxCount": 2**63}]),
            "ValidationException",
            "less than or equal to 9223372036854775807",
        ),
        (
            "create_license_configuration",
            {"Name": "c", "LicenseCountingType": "vCPU", "LicenseCount": 2**64},
            "InvalidParameterValueException",
            "less than or equal to 9223372036854775807",
        ),
        (
            "list_license_configurations",
            {"MaxResults": 2**31},
            "InvalidParameterValueException",
            "less than or equal to 2147483647",
        ),
        (
            "create_token",
            {"LicenseArn": "a", "ClientToken": "t", "ExpirationInDays": -(2**31) - 1},
            "ValidationException",
            "greater than or equal to -2147483648",
        ),
    ],
    ids=["long-max-count", "long-license-count", "integer-max-results", "integer-days"],
)
def test_a_number_outside_its_types_range_is_refused(client, operation, request_, error, bound):
    # AWS holds Integer members in 32 bits and Long members in 64 (issue 27, item 12).
    with pytest.raises(ClientError) as raised:
        getattr(client, operation)(**request_)

    assert error_of(raised) == (error, 400)
    assert bound in raised.value.response["Error"]["Message"]
    assert client.list_licenses()["Licenses"] == []
    assert client.list_license_configurations()["LicenseConfigurations"] == []


# --- timestamps on the wire (item 16) ---


@needs_model("CreateLicenseAssetRuleset")
def test_epoch_timestamps_carry_at_most_milliseconds(client):
    create_license(client)
    ruleset = new_ruleset(client)
    group = client.create_license_asset_group(
        Name="g",
        LicenseAssetGroupConfigurations=[{"UsageDimension": "vCPU"}],
        AssociatedLicenseAssetRulesetARNs=[ruleset],
        ClientToken=token(),
    )["LicenseAssetGroupArn"]
    bodies: list[bytes] = []
    client.meta.events.register(
        "before-parse.license-manager.ListAssetsForLicenseAssetGroup",
        lambda response_dict, **_: bodies.append(response_dict["body"]),
    )

    with time_machine.travel("2030-01-01T00:00:00.123456Z", tick=False):
        answer = client.list_assets_for_license_asset_group(
            LicenseAssetGroupArn=group, AssetType="License"
        )

    (asset,) = json.loads(bodies[0])["Assets"]
    sent = asset["LatestAssetDiscoveryTime"]
    assert re.fullmatch(r"\d+(\.\d{1,3})?", repr(sent)), sent
    assert sent == 1893456000.123
    assert answer["Assets"][0]["LatestAssetDiscoveryTime"].microsecond == 123000


def test_answers_and_errors_are_compact_json():
    answered = router.handle("ListLicenses", "{}", ACCOUNT, REGION)
    refused = router.handle("GetLicense", "{}", ACCOUNT, REGION)
    front = router.handle("ListLicenses", "[]", ACCOUNT, REGION)

    assert answered[2] == '{"Licenses":[]}'
    for status, _, text in (refused, front):
        assert status == 400 and text == json.dumps(json.loads(text), separators=(",", ":"))


def test_licenses_read_from_their_kept_texts_are_as_they_read_now(client):
    # A page's licenses are joined from texts kept on their versions (serialize.Written):
    # the raw answer is still compact JSON, and a new version or a deletion shows at once.
    arn = create_license(client)
    bodies: list[bytes] = []
    client.meta.events.register(
        "after-call.license-manager.ListLicenses",
        lambda http_response, **_: bodies.append(http_response.content),
    )
    first = client.list_licenses()["Licenses"]
    again = client.list_licenses()["Licenses"]
    terms = license_request(LicenseName="Renamed")
    del terms["ProductSKU"], terms["Beneficiary"]
    client.create_license_version(LicenseArn=arn, Status="AVAILABLE", **terms)
    renamed = client.list_licenses()["Licenses"]
    client.delete_license(LicenseArn=arn, SourceVersion="2")
    deleted = client.list_licenses()["Licenses"]

    assert bodies[0] == bodies[1]
    for body in bodies:
        assert body.decode() == json.dumps(json.loads(body), separators=(",", ":"))
    assert first == again and first[0]["Version"] == "1"
    assert renamed[0]["LicenseName"] == "Renamed" and renamed[0]["Version"] == "2"
    assert deleted[0]["Status"] == "PENDING_DELETE"
    assert [client.get_license(LicenseArn=arn)["License"]] == deleted
