"""seed_license: licenses ready for checkout in one call, as the API would have left them."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.helpers import BUYER, REGION, SELLER, checkout, usage

SEATS = [{"Name": "Seats", "Unit": "Count", "MaxCount": 3}]


def test_default_seed_is_a_marketplace_purchase_of_the_current_account(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=SEATS)

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
        product_sku="SKU1", entitlements=SEATS, issuer="self", issuer_name="Acme", beneficiary="c1"
    )

    answer = checkout(client, lic.key_fingerprint, Beneficiary="c1")

    assert lic.key_fingerprint == "aws:123456789012:Acme:issuer-fingerprint"
    assert answer["LicenseArn"] == lic.arn
    assert [x["LicenseArn"] for x in client.list_licenses()["Licenses"]] == [lic.arn]


def test_seed_for_another_grantee_is_invisible_to_the_current_account(lm, client, monkeypatch):
    lic = lm.seed_license(product_sku="SKU1", entitlements=SEATS, grantee_account=BUYER)

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
        product_sku="SKU1", entitlements=SEATS, issuer="self", account=SELLER, beneficiary="b"
    )
    monkeypatch.setenv("MOTO_ACCOUNT_ID", SELLER)

    seller = boto3.client("license-manager", region_name=REGION)

    assert seller.get_license(LicenseArn=lic.arn)["License"]["Beneficiary"] == "b"


def test_one_signing_key_per_issuer(lm, client):
    first = lm.seed_license(product_sku="A", entitlements=SEATS)
    second = lm.seed_license(product_sku="B", entitlements=SEATS)
    unsigned = lm.seed_license(product_sku="C", entitlements=SEATS, signed=False)

    assert first.sign_key_arn == second.sign_key_arn
    assert unsigned.sign_key_arn is None and unsigned.public_key_pem is None
    assert "SignKey" not in client.get_license(LicenseArn=unsigned.arn)["License"]["Issuer"]


def test_seeding_a_thousand_licenses_makes_one_key(lm, monkeypatch):
    for index in range(1000):
        lm.seed_license(product_sku=f"SKU{index}", entitlements=SEATS)
    listed = boto3.client("license-manager", region_name=REGION).list_received_licenses(
        MaxResults=100
    )
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "294406891311")

    keys = boto3.client("kms", region_name=REGION).list_keys()["Keys"]

    assert len(listed["Licenses"]) == 100 and "NextToken" in listed
    assert len(keys) == 1


def test_seed_rejects_an_unknown_issuer(lm):
    with pytest.raises(ValueError):
        lm.seed_license(product_sku="SKU1", entitlements=SEATS, issuer="someone")


def test_the_seeded_signing_key_is_in_the_issuers_kms(lm, monkeypatch):
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        PublicFormat,
        load_pem_public_key,
    )

    lic = lm.seed_license(product_sku="SKU1", entitlements=SEATS)
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "294406891311")
    kms = boto3.client("kms", region_name=REGION)

    described = kms.describe_key(KeyId=lic.sign_key_arn)["KeyMetadata"]
    public_der = kms.get_public_key(KeyId=lic.sign_key_arn)["PublicKey"]

    assert (described["KeySpec"], described["KeyUsage"]) == ("RSA_2048", "SIGN_VERIFY")
    pem_der = load_pem_public_key(lic.public_key_pem.encode()).public_bytes(
        Encoding.DER, PublicFormat.SubjectPublicKeyInfo
    )
    assert public_der == pem_der
