"""What ``seed_license`` answers and raises: light on purpose, so that the activation API can
name them without importing the seeding machinery (KMS keys, signing) at import time."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SeededLicense:
    """What a test needs to use a seeded license."""

    arn: str
    product_sku: str
    key_fingerprint: str
    issuer_account: str
    sign_key_arn: str | None
    grant_arn: str | None
    public_key_pem: str | None = field(default=None, repr=False)


class SeedingError(ValueError):
    """A ``seed_license`` option is invalid; the message names the option."""
