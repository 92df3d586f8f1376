"""Signed tokens of checkouts: PS384 JWTs signed with the issuer's key from moto's KMS, so that
``kms.get_public_key`` and any JWT library verify them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from licensemgr_mock.pipeline.api import CheckoutType
from licensemgr_mock.pipeline.errors import LicenseManagerError, invalid
from licensemgr_mock.state.records import Checkout
from licensemgr_mock.state.services import Kms

# A JWT's payload: JSON members by name.
Claims = dict[str, Any]


@dataclass(frozen=True)
class SigningKey:
    """An RSA SIGN_VERIFY key held by moto's KMS."""

    arn: str
    private_key: RSAPrivateKey


def signing_key(
    kms: Kms,
    reference: str,
    account: str,
    region: str,
    error: Callable[[str], LicenseManagerError] = invalid,
) -> SigningKey:
    """The KMS key an Issuer.SignKey names (key id, key ARN, alias or alias ARN), which must
    be an enabled RSA key for SIGN_VERIFY; otherwise raises ``error``."""
    key = kms.describe_key(reference, account, region)
    if key is None:
        raise error(f"SignKey {reference} is not a KMS key in {account} {region}.")
    if key.key_usage != "SIGN_VERIFY" or not key.key_spec.startswith("RSA_"):
        raise error(f"SignKey {reference} must be an RSA key with key usage SIGN_VERIFY.")
    if key.key_state != "Enabled":
        raise error(f"SignKey {reference} is {key.key_state}.")
    if key.private_key is None:
        raise error(f"SignKey {reference} must be an RSA key.")
    return SigningKey(arn=key.arn, private_key=key.private_key)


def sign(key: SigningKey, claims: Claims) -> str:
    """A compact JWS (RFC 7515) of ``claims`` with algorithm PS384: RSASSA-PSS, SHA-384,
    salt as long as the hash."""
    return jwt.encode(claims, key.private_key, algorithm="PS384")


def checkout_claims(
    checkout: Checkout, times: tuple[str, str], checkout_type: CheckoutType | None = None
) -> Claims:
    """A checkout's signed token's payload, in the camelCase AWS's decoded samples show."""
    claims: Claims = {
        "licenseArn": checkout.license_arn,
        "licenseConsumptionToken": checkout.license_consumption_token,
        "entitlementsAllowed": [
            {"name": e.name, "unit": e.unit, "value": e.value}
            for e in checkout.entitlements_allowed
        ],
        "issuedAt": times[0],
        "expiration": times[1],
    }
    if checkout_type is not None:
        claims["checkoutType"] = checkout_type
    if checkout.node_id is not None:
        claims["nodeId"] = checkout.node_id
    return claims
