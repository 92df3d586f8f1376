"""seed_license: licenses ready for checkout in one call, as the API would have left them."""

from __future__ import annotations

import inspect
import time
import typing
from datetime import datetime, timedelta, timezone

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from freezegun import freeze_time

from licensemgr_mock import mock_licensemanager
from licensemgr_mock.activation.mock import LicenseManagerMock, SeedingError
from licensemgr_mock.licenses.seeded import REQUIRED, SEED_OPTIONS
from tests.helpers import BUYER, ONE_SEAT, REGION, SELLER, checkout, seats, usage

# Stating no AllowCheckIn (nor Overage), as most seeds do: Marketplace seeding states both.
THREE_SEATS = seats(3, allow_check_in=None)


def test_default_seed_is_a_marketplace_purchase_of_the_current_account(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=THREE_SEATS)

    got = client.get_license(LicenseArn=lic.arn)["License"]
    received = client.list_received_licenses()["Licenses"]

    assert lic.key_fingerprint == "aws:294406891311:AWS/Marketplace:issuer-fingerprint"
    assert lic.arn.startswith("arn:aws:license-manager::294406891311:license:l-")
    assert got["Issuer"] == {
        "Name": "AWS/Marketplace",
        "SignKey": lic.sign_key_arn,
        "KeyFingerprint": lic.key_fingerprint,
    }
    assert got["Beneficiary"] == "arn:aws:iam::123456789012:root"
    assert [r["LicenseArn"] for r in received] == [lic.arn]
    assert received[0]["ReceivedMetadata"]["ReceivedStatus"] == "ACTIVE"
    assert client.list_licenses()["Licenses"] == []


def test_self_issued_seed_checks_out_with_a_beneficiary(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1",
        entitlements=THREE_SEATS,
        issuer="self",
        issuer_name="Acme",
        beneficiary="c1",
    )

    answer = checkout(client, lic.key_fingerprint, Beneficiary="c1")

    assert lic.key_fingerprint == "aws:123456789012:Acme:issuer-fingerprint"
    assert answer["LicenseArn"] == lic.arn
    assert [x["LicenseArn"] for x in client.list_licenses()["Licenses"]] == [lic.arn]


def test_seed_for_another_grantee_is_invisible_to_the_current_account(lm, client, monkeypatch):
    lic = lm.seed_license(product_sku="SKU1", entitlements=THREE_SEATS, grantee_account=BUYER)

    with pytest.raises(ClientError) as raised:
        checkout(client, lic.key_fingerprint)
    monkeypatch.setenv("MOTO_ACCOUNT_ID", BUYER)
    buyer = boto3.client("license-manager", region_name=REGION)
    answer = checkout(buyer, lic.key_fingerprint)

    assert raised.value.response["Error"]["Code"] == "NoEntitlementsAllowedException"
    assert answer["LicenseArn"] == lic.arn
    assert usage(buyer, lic.arn) == {"Seats": "1"}


def test_seed_as_another_account(lm, monkeypatch):
    lic = lm.seed_license(
        product_sku="SKU1", entitlements=THREE_SEATS, issuer="self", account=SELLER, beneficiary="b"
    )
    monkeypatch.setenv("MOTO_ACCOUNT_ID", SELLER)

    seller = boto3.client("license-manager", region_name=REGION)

    assert seller.get_license(LicenseArn=lic.arn)["License"]["Beneficiary"] == "b"


def test_one_signing_key_per_issuer(lm, client):
    first = lm.seed_license(product_sku="A", entitlements=THREE_SEATS)
    second = lm.seed_license(product_sku="B", entitlements=THREE_SEATS)
    unsigned = lm.seed_license(product_sku="C", entitlements=THREE_SEATS, signed=False)

    assert first.sign_key_arn == second.sign_key_arn
    assert unsigned.sign_key_arn is None and unsigned.public_key_pem is None
    assert "SignKey" not in client.get_license(LicenseArn=unsigned.arn)["License"]["Issuer"]


def test_seeding_a_thousand_licenses_makes_one_key(lm, monkeypatch):
    for index in range(1000):
        lm.seed_license(product_sku=f"SKU{index}", entitlements=THREE_SEATS)
    listed = boto3.client("license-manager", region_name=REGION).list_received_licenses(
        MaxResults=100
    )
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "294406891311")

    keys = boto3.client("kms", region_name=REGION).list_keys()["Keys"]

    assert len(listed["Licenses"]) == 100 and "NextToken" in listed
    assert len(keys) == 1


def test_seed_rejects_an_unknown_issuer(lm):
    with pytest.raises(ValueError):
        lm.seed_license(product_sku="SKU1", entitlements=THREE_SEATS, issuer="someone")


def test_the_seeded_signing_key_is_in_the_issuers_kms(lm, monkeypatch):
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_public_key,
    )

    lic = lm.seed_license(product_sku="SKU1", entitlements=THREE_SEATS)
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "294406891311")
    kms = boto3.client("kms", region_name=REGION)

    described = kms.describe_key(KeyId=lic.sign_key_arn)["KeyMetadata"]
    public_der = kms.get_public_key(KeyId=lic.sign_key_arn)["PublicKey"]

    assert (described["KeySpec"], described["KeyUsage"]) == ("RSA_2048", "SIGN_VERIFY")
    pem_der = load_pem_public_key(lic.public_key_pem.encode()).public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo
    )
    assert public_der == pem_der


# -- naive times mean UTC ---------------------------------------------------------------


@pytest.fixture
def far_from_utc(monkeypatch):
    """The machine's local time zone moved 9 hours east of UTC."""
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_naive_begin_and_end_mean_utc_whatever_the_local_time_zone(lm, client, far_from_utc):
    assert time.localtime(0).tm_hour == 9  # the zone change took effect
    as_text = lm.seed_license(
        product_sku="SKU1", entitlements=THREE_SEATS, begin="2030-02-01", end="2030-03-01T12:30:00"
    )
    as_datetime = lm.seed_license(
        product_sku="SKU2",
        entitlements=THREE_SEATS,
        begin=datetime(2030, 2, 1),
        end=datetime(2030, 3, 1, 12, 30),
    )
    aware = lm.seed_license(
        product_sku="SKU3",
        entitlements=THREE_SEATS,
        begin=datetime(2030, 2, 1, 9, tzinfo=timezone(timedelta(hours=9))),
        end="2030-03-01T12:30:00Z",
    )

    validities = [
        client.get_license(LicenseArn=lic.arn)["License"]["Validity"]
        for lic in (as_text, as_datetime, aware)
    ]

    assert validities == [{"Begin": "2030-02-01T00:00:00Z", "End": "2030-03-01T12:30:00Z"}] * 3


# -- every option checked at seeding time -----------------------------------------------


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"end": "next tuesday"}, "end='next tuesday'"),
        ({"begin": 20300201}, "begin must be a datetime"),
        ({"begin": "2030-02-02", "end": "2030-02-01"}, "end (2030-02-01T00:00:00Z) must be after"),
        ({"entitlements": [{"Name": "S", "Unit": "Seats"}]}, "Unit='Seats' is not one of ['Co"),
        ({"entitlements": [{"Name": "S", "Unit": "Count", "Max": 1}]}, "unknown member 'Max'"),
        ({"entitlements": [{"Name": "S", "Unit": "Count", "MaxCount": "5"}]}, ".MaxCount='5'"),
        ({"entitlements": [{"Unit": "Count"}]}, "entitlements[0] needs a Name"),
        ({"entitlements": []}, "entitlements must be a non-empty list"),
        ({"status": "ACTIVE"}, "status='ACTIVE'"),
        ({"issuer": "someone"}, "issuer='someone'"),
        ({"provisional_minutes": 0}, "provisional_minutes=0"),
        ({"borrow_minutes": "1440"}, "borrow_minutes='1440'"),
        ({"allowed_operations": ["Checkout"]}, "allowed_operations='Checkout'"),
        ({"grantee_account": "2222"}, "grantee_account='2222'"),
        ({"home_region": "mars-1"}, "home_region='mars-1'"),
        ({"region": "mars-1"}, "region='mars-1'"),
        ({"account": "42"}, "account='42'"),
        ({"account": "12345678901x"}, "account='12345678901x'"),
        ({"product_sku": ""}, "product_sku must be"),
        # CreateLicense's bounds: a model Integer TTL, a model Long MaxCount (issue 27, 3, 12).
        ({"provisional_minutes": 2**31}, "provisional_minutes=2147483648"),
        ({"borrow_minutes": 10**30}, "borrow_minutes=1000000000000000000000000000000"),
        ({"entitlements": [{"Name": "S", "Unit": "Count", "MaxCount": 2**63}]}, ".MaxCount=92"),
        # Offsets that move a time out of the years a datetime holds (issue 27, item 4).
        ({"begin": "0001-01-01T00:00:00+05:00"}, "between the years 1 and 9999"),
        ({"end": "9999-12-31T23:00:00-05:00"}, "between the years 1 and 9999"),
    ],
)
def test_a_bad_option_is_refused_at_seeding_time_naming_it(lm, client, options, named):
    arguments = {"product_sku": "SKU1", "entitlements": THREE_SEATS, **options}

    with pytest.raises(SeedingError) as raised:
        lm.seed_license(**arguments)

    assert named in str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert client.list_received_licenses()["Licenses"] == []


def test_seed_license_takes_exactly_the_declared_options():
    # The typed signature mypy checks callers against is the one declaration (SEED_OPTIONS)
    # that validation, the HTTP seed endpoint and the seed command follow.
    hints = typing.get_type_hints(LicenseManagerMock.seed_license)
    parameters = list(inspect.signature(LicenseManagerMock.seed_license).parameters.values())
    signature = [
        (p.name, hints[p.name], REQUIRED if p.default is p.empty else p.default)
        for p in parameters[1:]
    ]

    assert signature == [(o.name, o.type, o.default) for o in SEED_OPTIONS]


def test_every_bad_option_is_named_at_once(lm, client):
    with pytest.raises(SeedingError) as raised:
        lm.seed_license(product_sku="", entitlements=THREE_SEATS, status="NEW", signed="yes")

    assert [p.option for p in raised.value.problems] == ["status", "signed", "product_sku"]
    assert "signed='yes' must be true or false" in str(raised.value)
    assert client.list_received_licenses()["Licenses"] == []


def test_a_region_no_partition_has_is_named_not_raised(lm, client, monkeypatch):
    monkeypatch.setenv("AWS_DEFAULT_REGION", "moon-1")

    with pytest.raises(SeedingError, match="home_region='moon-1'"):
        lm.seed_license(product_sku="SKU1", entitlements=THREE_SEATS)


def test_an_unknown_option_is_refused_naming_it(lm, client):
    with pytest.raises(TypeError, match="'provisional_minute'"):
        lm.seed_license(product_sku="SKU1", entitlements=THREE_SEATS, provisional_minute=5)
    assert client.list_received_licenses()["Licenses"] == []


# -- one RSA key per issuer -------------------------------------------------------------


def borrow_token(client, lic) -> str:
    return client.checkout_borrow_license(
        LicenseArn=lic.arn,
        Entitlements=ONE_SEAT,
        DigitalSignatureMethod="JWT_PS384",
        ClientToken=lic.product_sku,
    )["SignedToken"]


def test_each_issuer_signs_with_its_own_key(lm, client):
    seller_a = lm.seed_license(
        product_sku="A", entitlements=THREE_SEATS, issuer="self", issuer_name="A", borrow_minutes=60
    )
    seller_b = lm.seed_license(
        product_sku="B", entitlements=THREE_SEATS, issuer="self", issuer_name="B", borrow_minutes=60
    )
    market = lm.seed_license(product_sku="M", entitlements=THREE_SEATS, borrow_minutes=60)

    signed = borrow_token(client, seller_a)

    assert len({seller_a.public_key_pem, seller_b.public_key_pem, market.public_key_pem}) == 3
    assert jwt.decode(signed, load_pem_public_key(seller_a.public_key_pem.encode()), ["PS384"])
    with pytest.raises(jwt.InvalidSignatureError):
        jwt.decode(signed, load_pem_public_key(seller_b.public_key_pem.encode()), ["PS384"])


def test_an_issuers_key_is_the_same_in_every_test_and_fresh_in_moto(monkeypatch):
    keys = []
    for _ in range(2):
        with mock_licensemanager() as lm:
            lic = lm.seed_license(product_sku="A", entitlements=THREE_SEATS, issuer="self")
            kms = boto3.client("kms", region_name=REGION)
            described = kms.describe_key(KeyId=lic.sign_key_arn)["KeyMetadata"]
            kms.disable_key(KeyId=described["KeyId"])  # must not leak into the next test
            public = kms.get_public_key(KeyId=lic.sign_key_arn)["PublicKey"]
            keys.append((lic.sign_key_arn, lic.public_key_pem, described["Enabled"], public))

    assert keys[0] == keys[1]
    assert keys[0][2] is True


def test_seeding_does_not_patch_moto(lm):
    import moto.kms.models as kms_models

    before = kms_models.generate_private_key
    lm.seed_license(product_sku="A", entitlements=THREE_SEATS, issuer="self", issuer_name="Fresh")

    assert kms_models.generate_private_key is before


# -- Marketplace seeds as rich as real received licenses --------------------------------


def test_a_marketplace_seed_looks_like_a_received_purchase(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1",
        entitlements=[*THREE_SEATS, {"Name": "Tier", "Unit": "None", "Value": "Enabled"}],
    )

    got = client.list_received_licenses()["Licenses"][0]
    grant = client.get_grant(GrantArn=lic.grant_arn)["Grant"]

    assert [(m["Name"], m["Value"][:5]) for m in got["LicenseMetadata"]] == [
        ("aws:marketplace:product-id", "prod-")
    ]
    # As Marketplace issues them: Overage on each, AllowCheckIn on counted ones (item 16).
    assert got["Entitlements"] == [
        {"Name": "Seats", "Unit": "Count", "MaxCount": 3, "Overage": False, "AllowCheckIn": True},
        {"Name": "Tier", "Unit": "None", "Value": "Enabled", "Overage": False},
    ]
    assert got["ReceivedMetadata"].get("GrantType", "BuyerGrant") == "BuyerGrant"
    assert grant["GrantStatus"] == "ACTIVE"
    self_issued = lm.seed_license(product_sku="S", entitlements=THREE_SEATS, issuer="self")
    assert client.get_license(LicenseArn=self_issued.arn)["License"]["LicenseMetadata"] == []


@pytest.mark.parametrize("begin", ["0001-01-01", None], ids=["given", "default-at-year-one"])
def test_a_begin_in_year_one_is_stored_in_the_models_form_and_checks_out(lm, client, begin):
    # Four digits of year; the default begin (a day before now) held at 0001-01-01 (items 4, 10).
    with freeze_time("0001-01-01 12:00:00"):
        seeded = lm.seed_license("SKU1", THREE_SEATS, begin=begin)
        validity = client.get_license(LicenseArn=seeded.arn)["License"]["Validity"]
        checkout(client, seeded.key_fingerprint)

        assert validity == {"Begin": "0001-01-01T00:00:00Z"}
        assert usage(client, seeded.arn) == {"Seats": "1"}
