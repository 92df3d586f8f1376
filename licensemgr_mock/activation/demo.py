"""``licensemgr-mock demo``: a narrated seller-and-product scenario through boto3, against the
mock. Everything it prints comes back from real boto3 calls."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import jwt
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from licensemgr_mock.activation.mock import mock_licensemanager

REGION = "us-east-1"
SKU = "DEMO-SKU"
ISSUER = "Example Software Inc"
CUSTOMER = "customer-42"

INTRO = """\
licensemgr-mock demo: a product with 5 seats checks licenses out of AWS License Manager
through boto3, as your code would. Every answer comes from the mock, inside this process:
nothing is sent to AWS and no credentials are needed.
"""

SEED = """\
   with mock_licensemanager() as lm:
       lic = lm.seed_license(
           product_sku="DEMO-SKU",
           entitlements=[{"Name": "Seats", "Unit": "Count", "MaxCount": 5}],
           issuer="self", issuer_name="Example Software Inc", beneficiary="customer-42",
           borrow_minutes=1440,
       )"""

OUTRO = """
Where next (each of these comes with the package):
  - python -m pytest --fixtures: the license_manager fixture (and the strict marker) in your tests.
  - python -m pydoc licensemgr_mock.LicenseManagerMock: seed_license and every option, lm.refusals.
  - licensemgr-mock server --help: the mock over HTTP, for the AWS CLI and other SDKs.
  - licensemgr-mock seed --help: seeding a license into that server.
The project's README ("In a test") and docs/ have the rest."""


def run(say: Callable[[str], None] = print) -> None:
    """Runs the scenario, narrating each step with ``say``."""
    os.environ.setdefault("AWS_ACCESS_KEY_ID", "demo")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "demo")
    say(INTRO)
    with mock_licensemanager() as lm:
        lic = lm.seed_license(
            product_sku=SKU,
            entitlements=[{"Name": "Seats", "Unit": "Count", "MaxCount": 5}],
            issuer="self",
            issuer_name=ISSUER,
            beneficiary=CUSTOMER,
            borrow_minutes=1440,
        )
        say(f"1. A test seeds a 5-seat license in one call:\n{SEED}")
        say(f"   -> {lic.arn}\n      KeyFingerprint {lic.key_fingerprint}")
        client = boto3.client("license-manager", region_name=REGION)

        def seats() -> str:
            rows = client.get_license_usage(LicenseArn=lic.arn)["LicenseUsage"]["EntitlementUsages"]
            return f"{rows[0]['ConsumedValue']}/{rows[0]['MaxCount']} seats in use"

        def check_out() -> str:
            answer = client.checkout_license(
                ProductSKU=SKU,
                CheckoutType="PROVISIONAL",
                KeyFingerprint=lic.key_fingerprint,
                Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
                Beneficiary=CUSTOMER,
                ClientToken=uuid.uuid4().hex,
            )
            return str(answer["LicenseConsumptionToken"])

        tokens = [check_out() for _ in range(5)]
        say(f"2. Users 1 to 5 each checked out a seat with CheckoutLicense: {seats()}")
        try:
            check_out()
        except ClientError as error:
            code = error.response["Error"]["Code"]
            say(f"3. User 6 was refused: {code} ({error.response['Error']['Message']})")
            say(f"   The mock tells why (lm.refusals[-1].reason): {lm.refusals[-1].reason}")
        client.check_in_license(LicenseConsumptionToken=tokens.pop(0), Beneficiary=CUSTOMER)
        tokens.append(check_out())
        say(f"4. User 1 checked in (CheckInLicense) and user 6 got a seat: {seats()}")
        client.check_in_license(LicenseConsumptionToken=tokens.pop(0), Beneficiary=CUSTOMER)
        borrowed = client.checkout_borrow_license(
            LicenseArn=lic.arn,
            Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
            DigitalSignatureMethod="JWT_PS384",
            NodeId="laptop-7",
            CheckoutMetadata=[{"Name": "Mac", "Value": "00:11:22:33:44:55"}],
            ClientToken=uuid.uuid4().hex,
        )
        say(f"5. User 2 checked in; a laptop borrowed a seat for offline use: {seats()}")
        public_key: Any = load_pem_public_key((lic.public_key_pem or "").encode())
        claims = jwt.decode(borrowed["SignedToken"], public_key, algorithms=["PS384"])
        say(
            "6. The laptop verified its borrowed token offline with the issuer's public key:\n"
            f"   entitlements {claims['entitlementsAllowed']}, node {claims['nodeId']},\n"
            f"   valid {claims['issuedAt']} .. {claims['expiration']}, "
            f"metadata {claims['checkoutMetadata']}"
        )
    say(OUTRO)
