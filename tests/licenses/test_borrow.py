"""CheckoutBorrowLicense: all-or-nothing offline checkouts with a PS384 token verified offline."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.serialization import load_der_public_key

from tests.helpers import (
    ONE_SEAT,
    REGION,
    create_license,
    error_of,
    seats,
    signing_key,
    token,
    usage,
)


def borrow(client, arn, entitlements=ONE_SEAT, **extra):
    return client.checkout_borrow_license(
        LicenseArn=arn,
        Entitlements=entitlements,
        DigitalSignatureMethod="JWT_PS384",
        ClientToken=token(),
        **extra,
    )


def test_borrowed_token_verifies_offline_with_the_kms_public_key(client, kms):
    key = signing_key(spec="RSA_3072")
    arn = create_license(client, Issuer={"Name": "My Company", "SignKey": key})
    metadata = [{"Name": "Mac", "Value": "ABCDEFGHI"}]

    answer = borrow(client, arn, NodeId="laptop-1", CheckoutMetadata=metadata)

    public = load_der_public_key(kms.get_public_key(KeyId=key)["PublicKey"])
    claims = jwt.decode(answer["SignedToken"], public, algorithms=["PS384"])
    header = json.loads(base64.urlsafe_b64decode(answer["SignedToken"].split(".")[0] + "=="))
    assert header["alg"] == "PS384"
    assert claims == {
        "licenseArn": arn,
        "licenseConsumptionToken": answer["LicenseConsumptionToken"],
        "entitlementsAllowed": [{"name": "Seats", "unit": "Count", "value": "1"}],
        "nodeId": "laptop-1",
        "issuedAt": answer["IssuedAt"],
        "expiration": answer["Expiration"],
        "checkoutMetadata": {"Mac": "ABCDEFGHI"},
    }
    assert answer["CheckoutMetadata"] == metadata and answer["NodeId"] == "laptop-1"
    issued = datetime.fromisoformat(answer["IssuedAt"])
    assert datetime.fromisoformat(answer["Expiration"]) - issued == timedelta(minutes=1440)
    assert usage(client, arn) == {"Seats": "1"}


def test_borrow_of_a_seeded_marketplace_license(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1", entitlements=seats(2, allow_check_in=None), borrow_minutes=30
    )

    answer = borrow(client, lic.arn)

    claims = jwt.decode(answer["SignedToken"], lic.public_key_pem, algorithms=["PS384"])
    assert claims["licenseArn"] == lic.arn
    assert usage(client, lic.arn) == {"Seats": "1"}


def test_borrow_is_all_or_nothing(client):
    arn = create_license(
        client,
        Issuer={"Name": "I", "SignKey": signing_key()},
        Entitlements=[
            *seats(2, allow_check_in=None),
            {"Name": "Gold", "Unit": "None", "Value": "Enabled"},
        ],
    )
    some = [*ONE_SEAT, {"Name": "Silver", "Unit": "None"}]

    with pytest.raises(ClientError) as partial:
        borrow(client, arn, entitlements=some)
    with pytest.raises(ClientError) as none:
        borrow(client, arn, entitlements=[{"Name": "Silver", "Unit": "None"}])
    with pytest.raises(ClientError) as too_many:
        borrow(client, arn, entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "3"}])

    assert error_of(partial) == ("EntitlementNotAllowedException", 400)
    assert error_of(none) == ("NoEntitlementsAllowedException", 400)
    assert error_of(too_many) == ("NoEntitlementsAllowedException", 400)
    assert usage(client, arn) == {"Seats": "0", "Gold": "0"}


@pytest.mark.usefixtures("license_manager")
def test_borrow_needs_a_borrow_configuration(client):
    arn = create_license(
        client,
        Issuer={"Name": "I", "SignKey": signing_key()},
        ConsumptionConfiguration={"ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60}},
    )

    with pytest.raises(ClientError) as raised:
        borrow(client, arn)

    assert error_of(raised) == ("NoEntitlementsAllowedException", 400)
    assert usage(client, arn) == {"Seats": "0"}


def test_borrow_needs_a_signing_key(client):
    arn = create_license(client)

    with pytest.raises(ClientError) as raised:
        borrow(client, arn)

    assert error_of(raised) == ("UnsupportedDigitalSignatureMethodException", 400)
    assert usage(client, arn)["Seats"] == "0"


def test_borrow_with_a_disabled_key_is_unsupported(client, kms):
    key = signing_key()
    arn = create_license(client, Issuer={"Name": "I", "SignKey": key})
    kms.disable_key(KeyId=key.split("/")[-1])  # moto takes only the bare key id here

    with pytest.raises(ClientError) as raised:
        borrow(client, arn)

    assert error_of(raised) == ("UnsupportedDigitalSignatureMethodException", 400)
    assert usage(client, arn)["Seats"] == "0"


def test_other_signature_methods_fail_validation(client):
    arn = create_license(client, Issuer={"Name": "I", "SignKey": signing_key()})

    with pytest.raises(ClientError) as raised:
        client.checkout_borrow_license(
            LicenseArn=arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_RS256",
            ClientToken=token(),
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert "digitalSignatureMethod" in raised.value.response["Error"]["Message"]
    assert usage(client, arn)["Seats"] == "0"


def test_unknown_license_is_not_found(client):
    with pytest.raises(ClientError) as raised:
        borrow(client, "arn:aws:license-manager::123456789012:license:l-" + "a" * 32)

    assert error_of(raised) == ("ResourceNotFoundException", 400)


def test_another_accounts_license_is_not_found(client, monkeypatch):
    arn = create_license(client, Issuer={"Name": "I", "SignKey": signing_key()})
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "222222222222")

    with pytest.raises(ClientError) as raised:
        borrow(boto3.client("license-manager", region_name=REGION), arn)

    assert error_of(raised) == ("ResourceNotFoundException", 400)
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    assert usage(client, arn)["Seats"] == "0"
