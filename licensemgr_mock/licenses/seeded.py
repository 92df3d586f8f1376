"""What ``seed_license`` takes, answers and raises: light on purpose, so that the activation
API, the HTTP seed endpoint and the ``seed`` command can name them without importing the
seeding machinery (KMS keys, signing) at import time.

``SEED_OPTIONS`` is the one declaration of the options (name, type, default, help):
``licenses.seeding.check_options`` validates by it, the ``seed`` command builds its flags from
it, and a test holds ``LicenseManagerMock.seed_license``'s typed signature to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


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


class _Required:
    """The default of an option that has none: it must be given."""

    def __repr__(self) -> str:
        return "REQUIRED"


REQUIRED: Any = _Required()


@dataclass(frozen=True)
class SeedOption:
    """One option of ``seed_license``: its name, its type (a type hint), its default and
    what it means."""

    name: str
    type: Any
    default: object
    help: str


SEED_OPTIONS: tuple[SeedOption, ...] = (
    SeedOption("product_sku", str, REQUIRED, "the license's ProductSKU"),
    SeedOption(
        "entitlements",
        list[dict[str, Any]],
        REQUIRED,
        "boto3's Entitlements: Name, Unit, MaxCount (or Value), Overage, AllowCheckIn",
    ),
    SeedOption("issuer", str, "marketplace", '"marketplace" or "self" (the calling account)'),
    SeedOption(
        "issuer_name",
        str | None,
        None,
        "Issuer.Name, part of the key fingerprint"
        " (default: AWS/Marketplace, or Seeded Issuer for issuer self)",
    ),
    SeedOption("product_name", str | None, None, "ProductName (default: the SKU)"),
    SeedOption("license_name", str | None, None, "LicenseName (default: '<SKU> license')"),
    SeedOption("beneficiary", str | None, None, "the license's Beneficiary (default: none)"),
    SeedOption(
        "grantee_account",
        str | None,
        None,
        "the account the license is granted to (default: the caller's, for Marketplace)",
    ),
    SeedOption("home_region", str | None, None, "HomeRegion (default: the seeding region)"),
    SeedOption(
        "begin",
        datetime | str | None,
        None,
        "Validity.Begin, ISO 8601; naive means UTC (default: yesterday)",
    ),
    SeedOption(
        "end",
        datetime | str | None,
        None,
        "Validity.End, ISO 8601; naive means UTC (default: no end)",
    ),
    SeedOption("provisional_minutes", int | None, 60, "ProvisionalConfiguration TTL"),
    SeedOption(
        "borrow_minutes",
        int | None,
        None,
        "BorrowConfiguration TTL: enables borrowing (default: no borrowing)",
    ),
    SeedOption("allow_early_check_in", bool, True, "BorrowConfiguration.AllowEarlyCheckIn"),
    SeedOption("status", str, "AVAILABLE", "the license's Status"),
    SeedOption("signed", bool, True, "sign checkouts with the issuer's KMS key"),
    SeedOption(
        "allowed_operations",
        list[str] | None,
        None,
        "the grant's AllowedOperations (default: every buyer operation)",
    ),
    SeedOption(
        "license_metadata",
        dict[str, str] | None,
        None,
        "LicenseMetadata, name: value (default: none)",
    ),
    SeedOption("tags", dict[str, str] | None, None, "the license's tags (default: none)"),
    SeedOption("account", str | None, None, "seed as this account (default: the caller's)"),
    SeedOption("region", str | None, None, "seed in this region (default: the caller's)"),
)

# Shown instead of a value the message does not repeat.
_UNSHOWN: Any = object()


@dataclass(frozen=True)
class SeedProblem:
    """One bad option: the option, where in it (``[0].Unit`` of ``entitlements``), the value
    when the message shows it, and what is wrong."""

    option: str
    message: str
    path: str = ""
    value: object = _UNSHOWN

    def __str__(self) -> str:
        """As ``seed_license`` words it: ``borrow_minutes='x' must be ...``."""
        shown = "" if self.value is _UNSHOWN else f"={self.value!r}"
        return f"{self.option}{self.path}{shown} {self.message}"

    @property
    def detail(self) -> str:
        """As the seed endpoint words it after the option's name (``borrow_minutes: must
        be ...``): the whole problem when it concerns a part of the option."""
        return str(self) if self.path else self.message


class SeedingError(ValueError):
    """A ``seed_license`` option is invalid; the message names the option (every bad option,
    each in ``.problems``)."""

    def __init__(self, problems: list[SeedProblem]) -> None:
        super().__init__("seed_license: " + "; ".join(str(p) for p in problems))
        self.problems = problems
