"""The service's objects as plain dataclasses; field names are the API member names in snake
case, so ``serialize.to_wire`` sends them and ``wire.from_wire`` builds them.

Statuses and types that code decides on are the generated enums of ``api`` (current with the
installed botocore, which validation checks values against; a ``StrEnum`` member serialises as
its value). ``LicenseVersion.status`` stays a ``str`` while seeding passes its own.
"""

from __future__ import annotations

import dataclasses
import functools
import heapq
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    ActivationOverrideBehavior,
    CheckoutType,
    EntitlementDataUnit,
    EntitlementUnit,
    GrantStatus,
    ReceivedStatus,
    TokenType,
)
from licensemgr_mock.pipeline.serialize import written_once

if TYPE_CHECKING:
    # Only named: the key object comes from moto's KMS, imported when a token is signed.
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey


@dataclass
class Metadata:
    name: str | None = None
    value: str | None = None


@dataclass
class Tag:
    key: str | None = None
    value: str | None = None


@dataclass
class IssuerDetails:
    name: str
    sign_key: str | None = None
    key_fingerprint: str | None = None


@dataclass
class DatetimeRange:
    begin: str
    end: str | None = None


@dataclass
class Entitlement:
    name: str
    unit: EntitlementUnit
    value: str | None = None
    max_count: int | None = None
    overage: bool | None = None
    allow_check_in: bool | None = None


@dataclass
class ProvisionalConfiguration:
    max_time_to_live_in_minutes: int


@dataclass
class BorrowConfiguration:
    allow_early_check_in: bool
    max_time_to_live_in_minutes: int


@dataclass
class ConsumptionConfiguration:
    renew_type: str | None = None
    provisional_configuration: ProvisionalConfiguration | None = None
    borrow_configuration: BorrowConfiguration | None = None


@written_once
@dataclass(frozen=True)
class LicenseVersion:
    """One immutable version of a license, serialised as the API's ``License``."""

    license_arn: str
    license_name: str
    product_name: str
    product_sku: str
    issuer: IssuerDetails
    home_region: str
    status: str
    validity: DatetimeRange
    beneficiary: str
    entitlements: list[Entitlement]
    consumption_configuration: ConsumptionConfiguration
    license_metadata: list[Metadata]
    create_time: str
    version: str

    def entitlement(self, name: str, unit: str) -> Entitlement | None:
        """The entitlement a request names, matched on Name and Unit (both case-sensitive)."""
        for entitlement in self.entitlements:
            if entitlement.name == name and entitlement.unit == unit:
                return entitlement
        return None

    @functools.cached_property
    def validity_begin(self) -> datetime:
        """Validity.Begin as a time, parsed once per version."""
        return clock.parse_iso(self.validity.begin)

    @functools.cached_property
    def validity_end(self) -> datetime | None:
        """Validity.End as a time (None: no end), parsed once per version."""
        return None if self.validity.end is None else clock.parse_iso(self.validity.end)

    def with_status(self, status: str) -> LicenseVersion:
        """The same version seen with another status (deletion is shown on every version)."""
        return dataclasses.replace(self, status=status)


@dataclass
class License:
    """A license: its versions, its owner, its tags and what is consumed of it right now."""

    arn: str
    issuer_account: str
    created: datetime
    versions: list[LicenseVersion]
    tags: dict[str, str] = field(default_factory=dict)
    deletion_date: datetime | None = None
    # Units drawn for good by PERPETUAL checkouts, per entitlement name.
    drawn: dict[str, int] = field(default_factory=dict)
    # Units held by live PROVISIONAL and borrow checkouts, per entitlement name.
    held: dict[str, int] = field(default_factory=dict)
    # (expiration, token) of every held checkout, soonest first, to release expired ones lazily.
    expiries: list[tuple[datetime, str]] = field(default_factory=list)

    @property
    def current(self) -> LicenseVersion:
        """The latest version."""
        return self.versions[-1]

    def consumed(self, name: str) -> int:
        """Units of one entitlement in use now (call ``Store.release_expired`` first)."""
        return self.drawn.get(name, 0) + self.held.get(name, 0)

    def hold(self, expiration: datetime, token: str, amounts: dict[str, int]) -> None:
        """Counts a time-bounded checkout against the license until it expires."""
        for name, amount in amounts.items():
            self.held[name] = self.held.get(name, 0) + amount
        heapq.heappush(self.expiries, (expiration, token))

    def release(self, amounts: dict[str, int]) -> None:
        """Returns a checkout's units to the pool."""
        for name, amount in amounts.items():
            self.held[name] = self.held.get(name, 0) - amount


@dataclass
class EntitlementUsage:
    """One entitlement's consumption, as GetLicenseUsage reports it."""

    name: str
    consumed_value: str
    unit: EntitlementUnit
    max_count: str | None = None


@dataclass
class LicenseUsage:
    entitlement_usages: list[EntitlementUsage]


@dataclass
class EntitlementData:
    name: str
    unit: EntitlementDataUnit
    value: str | None = None


@dataclass
class Checkout:
    """One consumption of a license, found by its LicenseConsumptionToken."""

    license_consumption_token: str
    license_arn: str
    account: str
    checkout_type: CheckoutType | None  # None for a borrow
    entitlements_allowed: list[EntitlementData]
    amounts: dict[str, int]
    issued: datetime
    expires: datetime
    node_id: str | None = None
    beneficiary: str | None = None
    active: bool = True
    checked_in: bool = False  # ended by CheckInLicense, not by expiry

    @property
    def is_borrow(self) -> bool:
        """Whether this is an offline (CheckoutBorrowLicense) consumption."""
        return self.checkout_type is None


@dataclass
class Options:
    activation_override_behavior: ActivationOverrideBehavior | None = None
    desired_status: GrantStatus | None = None


@dataclass
class GrantVersion:
    """One version of a grant, serialised as the API's ``Grant``."""

    grant_arn: str
    grant_name: str
    parent_arn: str
    license_arn: str
    grantee_principal_arn: str
    home_region: str
    grant_status: GrantStatus
    version: str
    granted_operations: list[str]
    status_reason: str | None = None
    options: Options | None = None
    grant_type: str | None = None


@dataclass
class Grant:
    """A grant of a license to a principal, with its history of versions."""

    arn: str
    grantor_account: str
    grantee_account: str
    versions: list[GrantVersion]
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def current(self) -> GrantVersion:
        """The latest version."""
        return self.versions[-1]

    def allows(self, operation: str) -> bool:
        """Whether the grant is ACTIVE and lets its grantee call ``operation``."""
        current = self.current
        return (
            current.grant_status == GrantStatus.ACTIVE and operation in current.granted_operations
        )


@dataclass
class ReceivedMetadata:
    received_status: ReceivedStatus | None = None
    received_status_reason: str | None = None
    allowed_operations: list[str] | None = None
    grant_type: str | None = None


@dataclass(frozen=True)
class GrantedLicense(LicenseVersion):
    """A license as an account that received it sees it."""

    received_metadata: ReceivedMetadata | None = None


def shallow_fields(record: object) -> dict[str, Any]:
    """A dataclass's fields by name, values as they are (``dataclasses.asdict`` would copy
    and flatten nested records)."""
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}  # type: ignore[arg-type]


@dataclass
class TokenData:
    """A refresh token as ListTokens shows it (the token string itself is never kept)."""

    token_id: str
    token_type: TokenType
    license_arn: str
    expiration_time: str
    token_properties: list[str]
    role_arns: list[str]
    status: str
    account: str
    expires: datetime


@dataclass(frozen=True)
class TokenKey:
    """The RSA key that signs a partition's refresh and access tokens, and its key id."""

    private: RSAPrivateKey
    kid: str
