"""Signed tokens of checkouts: PS384 JWTs signed with the issuer's key from moto's KMS, so that
``kms.get_public_key`` and any JWT library verify them."""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

from licensemgr_mock.pipeline.errors import LicenseManagerError, ValidationException
from licensemgr_mock.state import moto_dicts

_KEY_ARN = re.compile(r"^arn:[^:]+:kms:(?P<region>[^:]+):(?P<account>\d{12}):key/(?P<id>.+)$")


# A JWT's payload: JSON members by name.
Claims = dict[str, Any]


@dataclass(frozen=True)
class SigningKey:
    """An RSA SIGN_VERIFY key held by moto's KMS."""

    arn: str
    private_key: RSAPrivateKey


def signing_key(
    reference: str,
    account: str,
    region: str,
    error: type[LicenseManagerError] = ValidationException,
) -> SigningKey:
    """The KMS key an Issuer.SignKey names (key id, key ARN, alias or alias ARN), which must
    be an enabled RSA key for SIGN_VERIFY; otherwise raises ``error``."""
    from moto.core.exceptions import JsonRESTError
    from moto.kms.models import kms_backends

    match = _KEY_ARN.match(reference)
    if match:
        account, region = match["account"], match["region"]
    try:
        # KeyError also when moto's KMS does not serve the ARN's region.
        key = moto_dicts.backend(kms_backends, account, region).describe_key(reference)
    except (KeyError, AttributeError, JsonRESTError):
        raise error(f"SignKey {reference} is not a KMS key in {account} {region}.") from None
    if key.key_usage != "SIGN_VERIFY" or not key.key_spec.startswith("RSA_"):
        raise error(f"SignKey {reference} must be an RSA key with key usage SIGN_VERIFY.")
    if key.key_state != "Enabled":
        raise error(f"SignKey {reference} is {key.key_state}.")
    built = _built.get(key)
    if built is None:
        private = rsa_private_key(key)
        if private is None:
            raise error(f"SignKey {reference} must be an RSA key.")
        built = _built[key] = SigningKey(arn=key.arn, private_key=private)
    return built


# moto KMS key -> its SigningKey, built once per key; entries go with moto's reset of KMS.
_built: weakref.WeakKeyDictionary[Any, SigningKey] = weakref.WeakKeyDictionary()


def rsa_private_key(moto_key: Any) -> RSAPrivateKey | None:
    """The RSA key object inside a moto KMS key (moto wraps it in its own class)."""
    private = getattr(moto_key.private_key, "private_key", None)
    return private if isinstance(private, RSAPrivateKey) else None


def sign(key: SigningKey, claims: Claims) -> str:
    """A compact JWS (RFC 7515) of ``claims`` with algorithm PS384: RSASSA-PSS, SHA-384,
    salt as long as the hash."""
    return jwt.encode(claims, key.private_key, algorithm="PS384")
