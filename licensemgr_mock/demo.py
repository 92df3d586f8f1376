"""``licensemgr-mock demo``: a narrated seller-and-product scenario through boto3, against the
mock. Everything it prints comes back from real boto3 calls."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable

import boto3
import jwt
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.serialization import load_der_public_key

from licensemgr_mock.activation import mock_licensemanager

REGION = "us-east-1"
SKU = "DEMO-SKU"
ISSUER = "Example Software Inc"


def run(say: Callable[[str], None] = print) -> None:
    """Runs the scenario, narrating each step with ``say``."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "demo")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "demo")
    with mock_licensemanager():
        kms = boto3.client("kms", region_name=REGION)
        lm = boto3.client("license-manager", region_name=REGION)
        key = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]
        say(f"1. Created a KMS signing key: {key}")
        arn = lm.create_license(
            LicenseName="Demo seats",
            ProductName="Demo product",
            ProductSKU=SKU,
            Issuer={"Name": ISSUER, "SignKey": key},
            HomeRegion=REGION,
            Validity={"Begin": "2024-01-01T00:00:00Z"},
            Entitlements=[{"Name": "Seats", "Unit": "Count", "MaxCount": 5, "AllowCheckIn": True}],
            Beneficiary="customer-42",
            ConsumptionConfiguration={
                "ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60},
                "BorrowConfiguration": {"AllowEarlyCheckIn": True, "MaxTimeToLiveInMinutes": 1440},
            },
            ClientToken=uuid.uuid4().hex,
        )["LicenseArn"]
        fingerprint = lm.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]
        say(f"2. Issued a 5-seat license {arn}\n   KeyFingerprint: {fingerprint}")

        def seats() -> str:
            rows = lm.get_license_usage(LicenseArn=arn)["LicenseUsage"]["EntitlementUsages"]
            return f"{rows[0]['ConsumedValue']}/{rows[0]['MaxCount']} seats in use"

        def check_out() -> str:
            answer = lm.checkout_license(
                ProductSKU=SKU,
                CheckoutType="PROVISIONAL",
                KeyFingerprint=fingerprint,
                Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
                Beneficiary="customer-42",
                ClientToken=uuid.uuid4().hex,
            )
            return str(answer["LicenseConsumptionToken"])

        tokens = []
        for user in range(1, 6):
            tokens.append(check_out())
            say(f"3. User {user} checked out a seat (token {tokens[-1]}): {seats()}")
        try:
            check_out()
        except ClientError as error:
            code = error.response["Error"]["Code"]
            say(f"4. User 6 was refused: {code} ({error.response['Error']['Message']})")
        lm.check_in_license(LicenseConsumptionToken=tokens.pop(0), Beneficiary="customer-42")
        say(f"5. User 1 checked in: {seats()}")
        tokens.append(check_out())
        say(f"6. User 6 tried again and got a seat: {seats()}")
        lm.check_in_license(LicenseConsumptionToken=tokens.pop(0), Beneficiary="customer-42")
        borrowed = lm.checkout_borrow_license(
            LicenseArn=arn,
            Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
            DigitalSignatureMethod="JWT_PS384",
            NodeId="laptop-7",
            CheckoutMetadata=[{"Name": "Mac", "Value": "00:11:22:33:44:55"}],
            ClientToken=uuid.uuid4().hex,
        )
        say(f"7. User 2 checked in, a laptop borrowed a seat for offline use: {seats()}")
        public_key = load_der_public_key(kms.get_public_key(KeyId=key)["PublicKey"])
        claims = jwt.decode(borrowed["SignedToken"], public_key, algorithms=["PS384"])  # type: ignore[arg-type]
        say(
            "8. The laptop verified its borrowed token offline with the KMS public key:\n"
            f"   entitlements {claims['entitlementsAllowed']}, node {claims['nodeId']},\n"
            f"   valid {claims['issuedAt']} .. {claims['expiration']}, "
            f"metadata {claims['checkoutMetadata']}"
        )
