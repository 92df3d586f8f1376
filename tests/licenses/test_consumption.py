"""ExtendLicenseConsumption, CheckInLicense and GetLicenseUsage: the life of a checkout."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from tests.helpers import (
    ONE_SEAT,
    REGION,
    checkout,
    create_license,
    error_of,
    seats,
    signing_key,
    token,
    usage,
)


def test_check_in_returns_the_seat_to_the_pool(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(2))
    first = checkout(client, lic.key_fingerprint)
    checkout(client, lic.key_fingerprint)

    assert client.check_in_license(LicenseConsumptionToken=first["LicenseConsumptionToken"])
    assert usage(client, lic.arn) == {"Seats": "1"}
    assert checkout(client, lic.key_fingerprint)["EntitlementsAllowed"]
    assert usage(client, lic.arn) == {"Seats": "2"}


def test_second_check_in_and_unknown_tokens_are_not_found(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(2))
    consumption = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]
    client.check_in_license(LicenseConsumptionToken=consumption)

    with pytest.raises(ClientError) as again:
        client.check_in_license(LicenseConsumptionToken=consumption)
    with pytest.raises(ClientError) as unknown:
        client.check_in_license(LicenseConsumptionToken="0" * 32)

    assert error_of(again) == error_of(unknown) == ("ResourceNotFoundException", 400)
    assert "was already checked in" in again.value.response["Error"]["Message"]
    assert "not found" in unknown.value.response["Error"]["Message"]
    assert usage(client, lic.arn) == {"Seats": "0"}


def test_entitlement_without_check_in_conflicts(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(2, allow_check_in=False))
    consumption = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]

    with pytest.raises(ClientError) as raised:
        client.check_in_license(LicenseConsumptionToken=consumption)

    assert error_of(raised) == ("ConflictException", 409)
    assert usage(client, lic.arn) == {"Seats": "1"}


def test_early_check_in_of_a_borrow_needs_allow_early_check_in(lm, client):
    strict = lm.seed_license(
        product_sku="SKU1", entitlements=seats(2), borrow_minutes=60, allow_early_check_in=False
    )
    lenient = lm.seed_license(product_sku="SKU2", entitlements=seats(2), borrow_minutes=60)
    borrowed = {
        lic.arn: client.checkout_borrow_license(
            LicenseArn=lic.arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken=token(),
        )["LicenseConsumptionToken"]
        for lic in (strict, lenient)
    }

    with pytest.raises(ClientError) as raised:
        client.check_in_license(LicenseConsumptionToken=borrowed[strict.arn])
    client.check_in_license(LicenseConsumptionToken=borrowed[lenient.arn])

    assert error_of(raised) == ("ConflictException", 409)
    assert usage(client, strict.arn) == {"Seats": "1"}
    assert usage(client, lenient.arn) == {"Seats": "0"}


def test_check_in_with_the_wrong_beneficiary_is_not_found(client):
    create_license(client, Issuer={"Name": "My Company", "SignKey": signing_key()})
    fingerprint = "aws:123456789012:My Company:issuer-fingerprint"
    consumption = checkout(client, fingerprint, Beneficiary="cust-1")["LicenseConsumptionToken"]

    with pytest.raises(ClientError) as raised:
        client.check_in_license(LicenseConsumptionToken=consumption, Beneficiary="cust-2")
    client.check_in_license(LicenseConsumptionToken=consumption, Beneficiary="cust-1")

    assert error_of(raised) == ("ResourceNotFoundException", 400)


def test_extend_moves_expiration_one_ttl_from_now(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(2))
    with freeze_time("2030-01-01 10:00:00"):
        consumption = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]
    with freeze_time("2030-01-01 10:45:00"):
        dry = client.extend_license_consumption(LicenseConsumptionToken=consumption, DryRun=True)
        answer = client.extend_license_consumption(LicenseConsumptionToken=consumption)

    assert dry == {**dry, "Expiration": "2030-01-01T11:00:00"}
    assert answer["LicenseConsumptionToken"] == consumption
    assert answer["Expiration"] == "2030-01-01T11:45:00"
    with freeze_time("2030-01-01 11:30:00"):
        assert usage(client, lic.arn) == {"Seats": "1"}
    with freeze_time("2030-01-01 11:46:00"):
        assert usage(client, lic.arn) == {"Seats": "0"}


def test_expired_or_borrowed_consumptions_cannot_be_extended(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(2), borrow_minutes=60)
    with freeze_time("2030-01-01 10:00:00"):
        provisional = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]
        borrowed = client.checkout_borrow_license(
            LicenseArn=lic.arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken=token(),
        )["LicenseConsumptionToken"]
        with pytest.raises(ClientError) as borrow_error:
            client.extend_license_consumption(LicenseConsumptionToken=borrowed)
    with freeze_time("2030-01-01 11:00:01"), pytest.raises(ClientError) as expired:
        client.extend_license_consumption(LicenseConsumptionToken=provisional)

    assert error_of(borrow_error) == error_of(expired) == ("ResourceNotFoundException", 400)


def test_usage_reports_every_entitlement(lm, client):
    entitlements = [
        *seats(2),
        {"Name": "Tier", "Unit": "None", "Value": "Gold"},
        {"Name": "Data", "Unit": "Gigabytes"},
    ]
    lic = lm.seed_license(product_sku="SKU1", entitlements=entitlements)
    checkout(
        client,
        lic.key_fingerprint,
        Entitlements=[
            {"Name": "Seats", "Unit": "Count", "Value": "2"},
            {"Name": "Tier", "Unit": "None"},
            {"Name": "Data", "Unit": "Gigabytes", "Value": "70"},
        ],
    )

    rows = client.get_license_usage(LicenseArn=lic.arn)["LicenseUsage"]["EntitlementUsages"]

    assert rows == [
        {"Name": "Seats", "ConsumedValue": "2", "MaxCount": "2", "Unit": "Count"},
        {"Name": "Tier", "ConsumedValue": "0", "Unit": "None"},
        {"Name": "Data", "ConsumedValue": "70", "Unit": "Gigabytes"},
    ]


def test_usage_of_a_license_the_caller_cannot_see(client, monkeypatch):
    arn = create_license(client)
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")
    stranger = boto3.client("license-manager", region_name=REGION)

    with pytest.raises(ClientError) as raised:
        stranger.get_license_usage(LicenseArn=arn)

    assert error_of(raised) == ("ValidationException", 400)


def test_another_account_cannot_check_in_my_consumption(lm, client, monkeypatch):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(2))
    consumption = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "333333333333")

    with pytest.raises(ClientError) as raised:
        boto3.client("license-manager", region_name=REGION).check_in_license(
            LicenseConsumptionToken=consumption
        )

    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    assert error_of(raised) == ("ResourceNotFoundException", 400)
    assert usage(client, lic.arn) == {"Seats": "1"}
