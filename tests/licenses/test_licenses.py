"""Seller-issued licenses: CreateLicense, CreateLicenseVersion, GetLicense, ListLicenses,
ListLicenseVersions, DeleteLicense."""

from __future__ import annotations

import re
import time

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from tests.helpers import (
    REGION,
    SEATS,
    checkout,
    create_license,
    error_of,
    license_request,
    needs_model,
    seats,
    signing_key,
    token,
)

pytestmark = pytest.mark.usefixtures("license_manager")

LICENSE_ARN = re.compile(r"^arn:aws:license-manager::123456789012:license:l-[0-9a-f]{32}$")


def test_create_license_returns_arn_status_and_version(client):
    answer = client.create_license(**license_request())

    assert LICENSE_ARN.match(answer["LicenseArn"])
    assert (answer["Status"], answer["Version"]) == ("AVAILABLE", "1")
    stored = client.get_license(LicenseArn=answer["LicenseArn"])["License"]
    assert stored["Status"] == "AVAILABLE" and stored["Version"] == "1"


def test_get_license_shows_what_was_created(client):
    before = int(time.time())
    arn = create_license(client, Issuer={"Name": "My Company"})

    lic = client.get_license(LicenseArn=arn)["License"]

    assert lic["Issuer"]["KeyFingerprint"] == "aws:123456789012:My Company:issuer-fingerprint"
    assert "SignKey" not in lic["Issuer"]
    assert int(lic["CreateTime"]) >= before
    assert lic["ProductSKU"] == "SKU1" and lic["Beneficiary"] == "cust-1"
    assert lic["HomeRegion"] == REGION
    assert lic["Validity"] == {"Begin": "2020-01-01T00:00:00Z", "End": "2099-01-01T00:00:00Z"}
    assert lic["Entitlements"] == SEATS
    assert lic["ConsumptionConfiguration"]["ProvisionalConfiguration"] == {
        "MaxTimeToLiveInMinutes": 60
    }


def test_create_license_with_a_kms_signing_key(client):
    key = signing_key()

    arn = create_license(client, Issuer={"Name": "Signer", "SignKey": key})

    assert client.get_license(LicenseArn=arn)["License"]["Issuer"]["SignKey"] == key


@pytest.mark.parametrize(
    "key_kind", ["missing", "symmetric", "ecc"], ids=["missing", "symmetric", "ecc"]
)
def test_create_license_refuses_a_key_that_cannot_sign(client, kms, key_kind):
    if key_kind == "missing":
        key = "arn:aws:kms:us-east-1:123456789012:key/" + "1" * 8 + "-1111-1111-1111-" + "1" * 12
    elif key_kind == "symmetric":
        key = kms.create_key()["KeyMetadata"]["Arn"]
    else:
        key = kms.create_key(KeySpec="ECC_NIST_P384", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]

    with pytest.raises(ClientError) as raised:
        create_license(client, Issuer={"Name": "I", "SignKey": key})

    assert error_of(raised) == ("ValidationException", 400)
    assert client.list_licenses()["Licenses"] == []


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"Entitlements": []}, "at least one"),
        ({"Entitlements": SEATS + SEATS}, "unique"),
        ({"Entitlements": [{"Name": "F", "Unit": "None", "MaxCount": 1}]}, "MaxCount"),
        ({"Validity": {"Begin": "2030-01-01T00:00:00Z", "End": "2020-01-01T00:00:00Z"}}, "End"),
        ({"Validity": {"Begin": "2030-01-01"}}, "regular expression"),
        ({"Entitlements": [{"Name": "S", "Unit": "Seats", "MaxCount": 1}]}, "enum value set"),
        # A HomeRegion is checked before it goes into a redirect's Location header.
        ({"HomeRegion": "eu-west-9"}, "HomeRegion"),
        ({"HomeRegion": "x\r\nSet-Cookie: a=b"}, "HomeRegion"),
        ({"HomeRegion": "r\u00e9gion"}, "HomeRegion"),
    ],
)
def test_create_license_rejects_invalid_input(client, overrides, needle):
    with pytest.raises(ClientError) as raised:
        client.create_license(**license_request(**overrides))

    assert error_of(raised) == ("ValidationException", 400)
    assert needle in raised.value.response["Error"]["Message"]
    assert client.list_licenses()["Licenses"] == []


def test_create_license_outside_its_home_region_redirects(client):
    with pytest.raises(ClientError) as raised:
        client.create_license(**license_request(HomeRegion="eu-west-1"))

    assert error_of(raised) == ("RedirectException", 308)
    assert raised.value.response["Location"] == "https://license-manager.eu-west-1.amazonaws.com"
    assert client.list_licenses()["Licenses"] == []


def test_create_license_version_replaces_terms_and_keeps_sku(client):
    arn = create_license(client)
    new_terms = license_request(LicenseName="Renamed", Entitlements=seats(9, allow_check_in=None))
    del new_terms["ProductSKU"], new_terms["Beneficiary"]

    answer = client.create_license_version(LicenseArn=arn, Status="AVAILABLE", **new_terms)

    assert (answer["Version"], answer["Status"]) == ("2", "AVAILABLE")
    current = client.get_license(LicenseArn=arn)["License"]
    assert current["LicenseName"] == "Renamed" and current["ProductSKU"] == "SKU1"
    assert current["Entitlements"][0]["MaxCount"] == 9
    first = client.get_license(LicenseArn=arn, Version="1")["License"]
    assert first["LicenseName"] == "Seats license"
    versions = client.list_license_versions(LicenseArn=arn)["Licenses"]
    assert [v["Version"] for v in versions] == ["1", "2"]


def test_create_license_version_errors_leave_the_license_unchanged(client):
    arn = create_license(client)
    terms = license_request()
    del terms["ProductSKU"], terms["Beneficiary"]

    with pytest.raises(ClientError) as stale:
        client.create_license_version(
            LicenseArn=arn, Status="AVAILABLE", SourceVersion="7", **terms
        )
    with pytest.raises(ClientError) as bad_status:
        client.create_license_version(LicenseArn=arn, Status="EXPIRED", **terms)
    with pytest.raises(ClientError) as unknown:
        client.create_license_version(
            LicenseArn=arn.replace(arn[-32:], "f" * 32), Status="AVAILABLE", **terms
        )

    assert error_of(stale) == ("ConflictException", 409)
    assert error_of(bad_status) == ("ValidationException", 400)
    assert error_of(unknown) == ("ValidationException", 400)
    assert client.get_license(LicenseArn=arn)["License"]["Version"] == "1"


def test_list_licenses_filters_and_pages(client):
    arns = [create_license(client, ProductSKU=f"SKU{i}") for i in range(5)]

    first = client.list_licenses(MaxResults=2)
    rest = client.list_licenses(MaxResults=2, NextToken=first["NextToken"])
    only = client.list_licenses(Filters=[{"Name": "ProductSKU", "Values": ["SKU3", "SKU4"]}])
    picked = client.list_licenses(LicenseArns=[arns[1], "arn:aws:license-manager::1:license:l-x"])

    assert [x["LicenseArn"] for x in first["Licenses"]] == arns[:2]
    assert [x["LicenseArn"] for x in rest["Licenses"]] == arns[2:4]
    assert sorted(x["ProductSKU"] for x in only["Licenses"]) == ["SKU3", "SKU4"]
    assert [x["LicenseArn"] for x in picked["Licenses"]] == [arns[1]]
    last = client.list_licenses(MaxResults=2, NextToken=rest["NextToken"])
    assert "NextToken" not in last and len(last["Licenses"]) == 1


def test_a_page_token_belongs_to_the_query_it_came_from(client):
    for i in range(3):
        create_license(client, ProductSKU=f"SKU{i}")
    first = client.list_licenses(MaxResults=1)
    sku0 = [{"Name": "ProductSKU", "Values": ["SKU0", "SKU1"]}]
    filtered = client.list_licenses(MaxResults=1, Filters=sku0)

    with pytest.raises(ClientError) as raised:
        client.list_licenses(MaxResults=1, NextToken=first["NextToken"], Filters=sku0)

    assert error_of(raised) == ("ValidationException", 400)
    assert "another query" in raised.value.response["Error"]["Message"]
    # The token goes on with the query it came from, whatever the page size.
    rest = client.list_licenses(MaxResults=5, NextToken=filtered["NextToken"], Filters=sku0)
    assert [x["ProductSKU"] for x in rest["Licenses"]] == ["SKU1"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"MaxResults": 101},
        {"NextToken": "not-a-token"},
        {"Filters": [{"Name": "Colour", "Values": ["red"]}]},
    ],
)
def test_list_licenses_rejects_bad_paging_and_filters(client, kwargs):
    with pytest.raises(ClientError) as raised:
        client.list_licenses(**kwargs)

    assert error_of(raised) == ("ValidationException", 400)


def test_delete_license_marks_it_pending_delete(client):
    arn = create_license(client)

    answer = client.delete_license(LicenseArn=arn, SourceVersion="1")

    assert answer["Status"] == "PENDING_DELETE"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", answer["DeletionDate"])
    assert client.get_license(LicenseArn=arn)["License"]["Status"] == "PENDING_DELETE"
    assert client.list_licenses()["Licenses"][0]["Status"] == "PENDING_DELETE"
    with pytest.raises(ClientError) as again:
        client.delete_license(LicenseArn=arn, SourceVersion="1")
    assert error_of(again) == ("ValidationException", 400)


def test_delete_license_near_the_end_of_time_holds_the_deletion_date(client):
    # 180 days after 9999-07-05 is past year 9999 (issue 27, item 10).
    with freeze_time("9999-07-05"):
        arn = create_license(client)
        answer = client.delete_license(LicenseArn=arn, SourceVersion="1")
        status = client.get_license(LicenseArn=arn)["License"]["Status"]

    assert answer["DeletionDate"] == "9999-12-31T23:59:59"
    assert status == "PENDING_DELETE"


def test_delete_license_with_a_stale_version_conflicts(client):
    arn = create_license(client)

    with pytest.raises(ClientError) as raised:
        client.delete_license(LicenseArn=arn, SourceVersion="2")

    assert error_of(raised) == ("ConflictException", 409)
    assert client.get_license(LicenseArn=arn)["License"]["Status"] == "AVAILABLE"


def test_get_license_of_an_unknown_arn_is_a_validation_error(client):
    with pytest.raises(ClientError) as raised:
        client.get_license(LicenseArn="arn:aws:license-manager::123456789012:license:l-" + "0" * 32)
    with pytest.raises(ClientError) as malformed:
        client.get_license(LicenseArn="not-an-arn")

    assert error_of(raised) == ("ValidationException", 400)
    assert error_of(malformed) == ("ValidationException", 400)
    assert "regular expression" in malformed.value.response["Error"]["Message"]


def test_client_token_makes_create_license_idempotent(client):
    request = license_request(ClientToken=token())

    first = client.create_license(**request)
    second = client.create_license(**request)

    assert first["LicenseArn"] == second["LicenseArn"]
    assert len(client.list_licenses()["Licenses"]) == 1


def test_client_token_reused_for_another_request_is_refused(client):
    reused = token()
    client.create_license(**license_request(ClientToken=reused))

    with pytest.raises(ClientError) as raised:
        client.create_license(**license_request(ClientToken=reused, LicenseName="Other"))

    assert error_of(raised) == ("ValidationException", 400)
    assert len(client.list_licenses()["Licenses"]) == 1


def test_versions_of_unknown_licenses_and_unknown_versions(client):
    arn = create_license(client)
    unknown = arn[:-32] + "e" * 32

    with pytest.raises(ClientError) as versions:
        client.list_license_versions(LicenseArn=unknown)
    with pytest.raises(ClientError) as version:
        client.get_license(LicenseArn=arn, Version="9")

    assert error_of(versions) == ("InvalidParameterValueException", 400)
    assert error_of(version) == ("ValidationException", 400)


def test_received_licenses_filters(lm, client):
    gold = lm.seed_license(product_sku="GOLD", entitlements=SEATS)
    lm.seed_license(product_sku="SILVER", entitlements=SEATS)

    by_sku = client.list_received_licenses(Filters=[{"Name": "ProductSKU", "Values": ["GOLD"]}])
    by_issuer = client.list_received_licenses(
        Filters=[{"Name": "IssuerName", "Values": ["Nobody"]}]
    )
    by_arn = client.list_received_licenses(LicenseArns=[gold.arn])

    assert [x["LicenseArn"] for x in by_sku["Licenses"]] == [gold.arn]
    assert by_issuer["Licenses"] == []
    assert [x["ProductSKU"] for x in by_arn["Licenses"]] == ["GOLD"]


@needs_model("CreateLicenseRequest.Tags")
def test_create_license_checks_its_tags(client):
    arn = create_license(client, Tags=[{"Key": "team", "Value": "billing"}])

    with pytest.raises(ClientError) as raised:
        create_license(client, Tags=[{"Key": "aws:owner", "Value": "x"}])

    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "team", "Value": "billing"}
    ]
    assert error_of(raised) == ("ValidationException", 400)
    assert len(client.list_licenses()["Licenses"]) == 1


# -- inputs that must not break the mock (issue 11, items 4, 6 and 12) ------------------------


@pytest.mark.parametrize("config", ["ProvisionalConfiguration", "BorrowConfiguration"])
@pytest.mark.parametrize("operation", ["create", "version"])
def test_a_ttl_past_a_32_bit_integer_is_refused_at_the_call(client, config, operation):
    ttl = {"MaxTimeToLiveInMinutes": 10**10}
    if config == "BorrowConfiguration":
        ttl["AllowEarlyCheckIn"] = True
    consumption = {"RenewType": "None", config: ttl}
    arn = create_license(client)

    with pytest.raises(ClientError) as raised:
        if operation == "create":
            client.create_license(**license_request(ConsumptionConfiguration=consumption))
        else:
            client.create_license_version(
                **{
                    k: v
                    for k, v in license_request(ConsumptionConfiguration=consumption).items()
                    if k not in ("ProductSKU", "Beneficiary", "Tags")
                },
                LicenseArn=arn,
                Status="AVAILABLE",
            )

    assert error_of(raised) == ("ValidationException", 400)
    assert "maxtimetoliveinminutes" in raised.value.response["Error"]["Message"].lower()
    assert [lic["LicenseArn"] for lic in client.list_licenses()["Licenses"]] == [arn]
    assert client.get_license(LicenseArn=arn)["License"]["Version"] == "1"


def test_the_longest_ttl_still_checks_out(client):
    longest = {"MaxTimeToLiveInMinutes": 2**31 - 1}
    arn = create_license(
        client,
        ConsumptionConfiguration={"RenewType": "None", "ProvisionalConfiguration": longest},
    )
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]

    answer = checkout(client, fingerprint, Beneficiary="cust-1")

    assert answer["Expiration"] > answer["IssuedAt"]
    assert (
        client.get_license_usage(LicenseArn=arn)["LicenseUsage"]["EntitlementUsages"][0][
            "ConsumedValue"
        ]
        == "1"
    )


@pytest.mark.parametrize(
    "validity",
    [
        {"Begin": "0001-01-01T00:00:00+05:00", "End": "2099-01-01T00:00:00Z"},
        {"Begin": "2020-01-01T00:00:00Z", "End": "9999-12-31T23:00:00-05:00"},
    ],
    ids=["year-1-ahead-of-utc", "year-9999-behind-utc"],
)
def test_validity_dates_that_leave_the_calendar_in_utc_are_refused(client, validity):
    with pytest.raises(ClientError) as raised:
        client.create_license(**license_request(Validity=validity))

    assert error_of(raised) == ("ValidationException", 400)
    assert "Validity" in raised.value.response["Error"]["Message"]
    assert client.list_licenses()["Licenses"] == []


def test_a_license_past_its_validity_end_reads_expired(client):
    with freeze_time("2030-01-01"):
        arn = create_license(
            client, Validity={"Begin": "2029-01-01T00:00:00Z", "End": "2030-02-01T00:00:00Z"}
        )
        assert client.get_license(LicenseArn=arn)["License"]["Status"] == "AVAILABLE"
    with freeze_time("2030-02-01"):
        got = client.get_license(LicenseArn=arn)["License"]["Status"]
        listed = client.list_licenses()["Licenses"]
        expired = client.list_licenses(Filters=[{"Name": "Status", "Values": ["EXPIRED"]}])
        available = client.list_licenses(Filters=[{"Name": "Status", "Values": ["AVAILABLE"]}])
        versions = client.list_license_versions(LicenseArn=arn)["Licenses"]

    assert got == "EXPIRED"
    assert [lic["Status"] for lic in listed] == ["EXPIRED"]
    assert [lic["LicenseArn"] for lic in expired["Licenses"]] == [arn]
    assert available["Licenses"] == []
    assert [v["Status"] for v in versions] == ["EXPIRED"]


def test_a_received_license_past_its_validity_end_reads_expired(lm, client):
    with freeze_time("2030-01-01"):
        lic = lm.seed_license(product_sku="SKU1", entitlements=SEATS, end="2030-02-01T00:00:00Z")
    with freeze_time("2030-02-01"):
        received = client.list_received_licenses()["Licenses"]
        expired = client.list_received_licenses(
            Filters=[{"Name": "Status", "Values": ["EXPIRED"]}]
        )["Licenses"]
        got = client.get_license(LicenseArn=lic.arn)["License"]["Status"]

    assert [r["Status"] for r in received] == ["EXPIRED"]
    assert [r["LicenseArn"] for r in expired] == [lic.arn]
    assert got == "EXPIRED"
