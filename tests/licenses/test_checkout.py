"""CheckoutLicense: which license a checkout hits, what it is allowed, what it counts."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import jwt
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock.moto_adapters import kms
from tests.helpers import SEATS, checkout, create_license, signing_key, token, usage

SELF_FP = "aws:123456789012:My Company:issuer-fingerprint"
FEATURES = [
    *SEATS,
    {"Name": "Premium", "Unit": "None", "Value": "Enabled"},
    {"Name": "Storage", "Unit": "Gigabytes", "MaxCount": 100, "Overage": True},
]


def error_code(raised: pytest.ExceptionInfo[ClientError]) -> str:
    return str(raised.value.response["Error"]["Code"])


def test_five_seats_the_sixth_is_refused(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    for _ in range(5):
        checkout(client, lic.key_fingerprint)
    with pytest.raises(ClientError) as raised:
        checkout(client, lic.key_fingerprint)

    assert error_code(raised) == "NoEntitlementsAllowedException"
    assert raised.value.response["Error"]["Message"] == "No Entitlements Allowed"
    assert usage(client, lic.arn) == {"Seats": "5"}


def test_checkout_answer_has_the_service_formats(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    answer = checkout(client, lic.key_fingerprint, value="2", NodeId="node-7")

    assert answer["CheckoutType"] == "PROVISIONAL"
    assert re.fullmatch(r"[0-9a-f]{32}", answer["LicenseConsumptionToken"])
    assert answer["EntitlementsAllowed"] == [{"Name": "Seats", "Unit": "Count", "Value": "2"}]
    assert answer["NodeId"] == "node-7" and answer["LicenseArn"] == lic.arn
    issued = datetime.strptime(answer["IssuedAt"], "%Y-%m-%dT%H:%M:%S")
    expires = datetime.strptime(answer["Expiration"], "%Y-%m-%dT%H:%M:%S")
    assert expires - issued == timedelta(minutes=60)
    assert usage(client, lic.arn) == {"Seats": "2"}


def test_signed_token_verifies_with_the_kms_public_key(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    answer = checkout(client, lic.key_fingerprint)

    claims = jwt.decode(answer["SignedToken"], lic.public_key_pem, algorithms=["PS384"])
    assert claims["licenseArn"] == lic.arn
    assert claims["licenseConsumptionToken"] == answer["LicenseConsumptionToken"]
    assert claims["entitlementsAllowed"] == [{"name": "Seats", "unit": "Count", "value": "1"}]
    assert claims["expiration"] == answer["Expiration"]


def test_unsigned_license_checks_out_without_a_signed_token(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1], signed=False)

    answer = checkout(client, lic.key_fingerprint)

    assert "SignedToken" not in answer
    assert usage(client, lic.arn) == {"Seats": "1"}


def test_partial_allowance_returns_only_what_was_granted(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES)
    asked = [
        {"Name": "Seats", "Unit": "Count", "Value": "9"},
        {"Name": "Premium", "Unit": "None"},
        {"Name": "Basic", "Unit": "None"},
        {"Name": "Storage", "Unit": "Gigabytes", "Value": "500"},
    ]

    answer = checkout(client, lic.key_fingerprint, Entitlements=asked)

    assert answer["EntitlementsAllowed"] == [
        {"Name": "Premium", "Unit": "None", "Value": "Enabled"},
        {"Name": "Storage", "Unit": "Gigabytes", "Value": "500"},
    ]
    assert usage(client, lic.arn) == {"Seats": "0", "Premium": "0", "Storage": "500"}


def test_unit_must_match_as_well_as_name(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    with pytest.raises(ClientError) as raised:
        checkout(client, lic.key_fingerprint, Entitlements=[{"Name": "Seats", "Unit": "None"}])

    assert error_code(raised) == "NoEntitlementsAllowedException"
    assert usage(client, lic.arn) == {"Seats": "0"}


def test_perpetual_checkout_draws_units_for_good(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    answer = checkout(client, lic.key_fingerprint, value="3", CheckoutType="PERPETUAL")
    client.check_in_license(LicenseConsumptionToken=answer["LicenseConsumptionToken"])

    assert answer["CheckoutType"] == "PERPETUAL"
    assert usage(client, lic.arn) == {"Seats": "3"}


def test_newest_matching_license_wins(lm, client):
    lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])
    newer = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    answer = checkout(client, newer.key_fingerprint)

    assert answer["LicenseArn"] == newer.arn


@pytest.mark.parametrize(
    "options",
    [
        {"status": "DEACTIVATED"},
        {"end": "2020-01-01T00:00:00Z", "begin": "2019-01-01T00:00:00Z"},
        {"begin": "2098-01-01T00:00:00Z"},
        {"provisional_minutes": None, "borrow_minutes": 60},
        {"allowed_operations": ["CheckInLicense"]},
    ],
    ids=["deactivated", "expired", "not-yet-valid", "borrow-only", "op-not-granted"],
)
def test_licenses_that_cannot_be_checked_out(lm, client, options):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1], **options)

    with pytest.raises(ClientError) as raised:
        checkout(client, lic.key_fingerprint)

    assert error_code(raised) == "NoEntitlementsAllowedException"
    assert usage(client, lic.arn) == {"Seats": "0"}


def test_wrong_sku_or_fingerprint_is_not_entitled(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])

    with pytest.raises(ClientError) as sku:
        checkout(client, lic.key_fingerprint, ProductSKU="OTHER")
    with pytest.raises(ClientError) as fingerprint:
        checkout(client, "aws:1:x:issuer-fingerprint")

    assert error_code(sku) == error_code(fingerprint) == "NoEntitlementsAllowedException"


def test_issuer_checks_out_for_a_beneficiary(client):
    key = signing_key()
    arn = create_license(client, Issuer={"Name": "My Company", "SignKey": key})

    with pytest.raises(ClientError) as without:
        checkout(client, SELF_FP)
    answer = checkout(client, SELF_FP, Beneficiary="cust-1")

    assert error_code(without) == "NoEntitlementsAllowedException"
    assert answer["LicenseArn"] == arn and answer["SignedToken"]
    assert usage(client, arn) == {"Seats": "1"}
    with pytest.raises(ClientError) as other:
        checkout(client, SELF_FP, Beneficiary="cust-2")
    assert error_code(other) == "NoEntitlementsAllowedException"


@pytest.mark.parametrize("value", [None, "two", "-1"])
def test_counted_entitlement_needs_a_whole_number(lm, client, value):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])
    entitlement = {"Name": "Seats", "Unit": "Count"}
    if value is not None:
        entitlement["Value"] = value

    with pytest.raises(ClientError) as raised:
        checkout(client, lic.key_fingerprint, Entitlements=[entitlement])

    assert error_code(raised) == "ValidationException"
    # Wire values only, never a Python enum's repr (issue 27, item 11).
    assert "a whole number of 'Count'" in raised.value.response["Error"]["Message"]
    assert usage(client, lic.arn) == {"Seats": "0"}


def test_same_client_token_returns_the_first_answer_and_counts_once(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=FEATURES[:1])
    reused = token()

    first = checkout(client, lic.key_fingerprint, ClientToken=reused)
    second = checkout(client, lic.key_fingerprint, ClientToken=reused)
    with pytest.raises(ClientError) as changed:
        checkout(client, lic.key_fingerprint, value="2", ClientToken=reused)

    assert first["LicenseConsumptionToken"] == second["LicenseConsumptionToken"]
    assert error_code(changed) == "ValidationException"
    assert usage(client, lic.arn) == {"Seats": "1"}


def test_license_without_consumption_configuration_holds_seats_for_an_hour(client):
    arn = create_license(
        client,
        Issuer={"Name": "My Company"},
        ConsumptionConfiguration={"RenewType": "None"},
    )

    answer = checkout(client, SELF_FP, Beneficiary="cust-1")

    issued = datetime.strptime(answer["IssuedAt"], "%Y-%m-%dT%H:%M:%S")
    expires = datetime.strptime(answer["Expiration"], "%Y-%m-%dT%H:%M:%S")
    assert expires - issued == timedelta(minutes=60)
    assert usage(client, arn) == {"Seats": "1"}


def test_grantee_without_extend_permission_cannot_extend(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1", entitlements=FEATURES[:1], allowed_operations=["CheckoutLicense"]
    )
    consumption = checkout(client, lic.key_fingerprint)

    with pytest.raises(ClientError) as raised:
        client.extend_license_consumption(
            LicenseConsumptionToken=consumption["LicenseConsumptionToken"]
        )

    assert error_code(raised) == "ValidationException"
    assert usage(client, lic.arn) == {"Seats": "1"}


# -- quantities (issue 11, item 5) ------------------------------------------------------------

UNCAPPED = [{"Name": "Seats", "Unit": "Count", "AllowCheckIn": True}]


def test_a_huge_value_on_an_uncapped_entitlement_is_refused_and_usage_still_reads(client):
    arn = create_license(client, Entitlements=UNCAPPED)
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]
    checkout(client, fingerprint, value=str(2**63 - 1), Beneficiary="cust-1")

    with pytest.raises(ClientError) as raised:
        checkout(client, fingerprint, value="9" * 4300, Beneficiary="cust-1")

    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert len(raised.value.response["Error"]["Message"]) < 400
    assert usage(client, arn) == {"Seats": str(2**63 - 1)}


@pytest.mark.parametrize("value", ["\u0663", "1_0", " 3", "+3", "\uff13"])
def test_a_value_that_is_not_ascii_digits_is_not_a_quantity(client, value):
    arn = create_license(client, Entitlements=UNCAPPED)
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]

    with pytest.raises(ClientError) as raised:
        checkout(client, fingerprint, value=value, Beneficiary="cust-1")

    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert usage(client, arn) == {"Seats": "0"}


def test_the_signing_key_object_is_built_once_per_kms_key(client, monkeypatch):
    built = []
    original = kms._rsa_private_key
    monkeypatch.setattr(kms, "_rsa_private_key", lambda key: built.append(key.arn) or original(key))
    key = signing_key()
    arn = create_license(client, Issuer={"Name": "My Company", "SignKey": key})

    tokens = [checkout(client, SELF_FP, Beneficiary="cust-1")["SignedToken"] for _ in range(3)]

    # Built when CreateLicense checked the key; every checkout reuses it.
    assert built == [key]
    assert len(set(tokens)) == 3 and all(t.count(".") == 2 for t in tokens)
    assert usage(client, arn) == {"Seats": "3"}
