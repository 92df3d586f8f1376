"""Seeding: licenses put straight into the backend for tests, as if created and granted
through the API, without the calls (and cheaply: one signing key per issuer)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from licensemgr_mock.licenses.seeded import SeededLicense, SeedingError
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    AllowedOperation,
    EntitlementUnit,
    GrantStatus,
    LicenseStatus,
)
from licensemgr_mock.pipeline.service_model import known_regions
from licensemgr_mock.pipeline.validation import TYPE_RANGES
from licensemgr_mock.pipeline.wire import from_wire
from licensemgr_mock.state.records import (
    BorrowConfiguration,
    ConsumptionConfiguration,
    DatetimeRange,
    Entitlement,
    Grant,
    GrantVersion,
    IssuerDetails,
    License,
    LicenseVersion,
    Metadata,
    ProvisionalConfiguration,
)
from licensemgr_mock.state.scope import (
    MARKETPLACE_ACCOUNT,
    MARKETPLACE_ISSUER,
    Area,
    key_fingerprint,
    new_id,
)

# The LicenseMetadata entry a Marketplace purchase carries (docs/seeding.md: our choice).
MARKETPLACE_PRODUCT_METADATA = "aws:marketplace:product-id"
_ACCOUNT = re.compile(r"\d{12}")

# What a buyer may do with a Marketplace purchase.
BUYER_OPERATIONS: list[str] = [
    AllowedOperation.CHECKOUT_LICENSE,
    AllowedOperation.CHECKOUT_BORROW_LICENSE,
    AllowedOperation.CHECK_IN_LICENSE,
    AllowedOperation.EXTEND_CONSUMPTION_LICENSE,
    AllowedOperation.LIST_PURCHASED_LICENSES,
    AllowedOperation.CREATE_TOKEN,
    AllowedOperation.CREATE_GRANT,
]


def _moment(option: str, moment: datetime | str) -> datetime:
    """A begin/end option as an aware UTC datetime. Naive values (``"2030-02-01"``,
    ``datetime(2030, 2, 1)``) mean UTC, so expiry is the same on every machine."""
    if isinstance(moment, str):
        try:
            parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            raise SeedingError(
                f"seed_license: {option}={moment!r} is not an ISO 8601 date or date-time "
                "(e.g. '2030-02-01' or '2030-02-01T12:00:00Z')"
            ) from None
    elif isinstance(moment, datetime):
        parsed = moment
    else:
        raise SeedingError(f"seed_license: {option} must be a datetime or an ISO 8601 string")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        # An offset that moves 0001-01-01 or 9999-12-31 out of the years a datetime holds.
        raise SeedingError(
            f"seed_license: {option}={moment!r} is not between the years 1 and 9999 in UTC"
        ) from None


def _iso(moment: datetime) -> str:
    # The model's form, four digits of year included (strftime drops leading zeros).
    return clock.iso(moment) + "Z"


def _check_choice(option: str, value: object, allowed: list[str]) -> None:
    if value not in allowed:
        choices = [str(choice) for choice in allowed]
        raise SeedingError(f"seed_license: {option}={value!r} is not one of {choices}")


def _check_minutes(option: str, value: object) -> None:
    # What CreateLicense takes for MaxTimeToLiveInMinutes: a positive model Integer.
    top = TYPE_RANGES["integer"][1]
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= top:
        raise SeedingError(f"seed_license: {option}={value!r} must be a whole number, 1 to {top}")


def _entitlements(entitlements: object) -> list[Entitlement]:
    """boto3's ``Entitlements`` shape, checked member by member."""
    if not isinstance(entitlements, list) or not entitlements:
        raise SeedingError("seed_license: entitlements must be a non-empty list of dicts")
    types: dict[str, tuple[type, ...]] = {
        "Name": (str,),
        "Unit": (str,),
        "Value": (str,),
        "MaxCount": (int,),
        "Overage": (bool,),
        "AllowCheckIn": (bool,),
    }
    checked = []
    for index, entry in enumerate(entitlements):
        where = f"seed_license: entitlements[{index}]"
        if not isinstance(entry, dict):
            raise SeedingError(f"{where} must be a dict like {{'Name': ..., 'Unit': ...}}")
        for key, value in entry.items():
            if key not in types:
                raise SeedingError(f"{where} has unknown member {key!r}; members are {list(types)}")
            # MaxCount is a model Long: from 0 to 2**63 - 1.
            outside = isinstance(value, int) and (
                isinstance(value, bool) or not 0 <= value <= TYPE_RANGES["long"][1]
            )
            if not isinstance(value, types[key]) or (key == "MaxCount" and outside):
                raise SeedingError(f"{where}.{key}={value!r} has the wrong type or value")
        if not entry.get("Name"):
            raise SeedingError(f"{where} needs a Name")
        _check_choice(f"entitlements[{index}].Unit", entry.get("Unit"), list(EntitlementUnit))
        checked.append(from_wire(Entitlement, entry))
    return checked


class Seeder(Area):
    """``seed_license``: the state CreateLicense (+ CreateGrant, AcceptGrant, activation)
    would leave, in one step."""

    def seed_license(
        self,
        product_sku: str,
        entitlements: list[dict[str, Any]],
        *,
        issuer: str = "marketplace",
        issuer_name: str | None = None,
        product_name: str | None = None,
        license_name: str | None = None,
        beneficiary: str | None = None,
        grantee_account: str | None = None,
        home_region: str | None = None,
        begin: datetime | str | None = None,
        end: datetime | str | None = None,
        provisional_minutes: int | None = 60,
        borrow_minutes: int | None = None,
        allow_early_check_in: bool = True,
        status: str = LicenseStatus.AVAILABLE,
        signed: bool = True,
        allowed_operations: list[str] | None = None,
        license_metadata: dict[str, str] | None = None,
        tags: dict[str, str] | None = None,
    ) -> SeededLicense:
        """See ``LicenseManagerMock.seed_license``. Every option is checked before anything
        is stored, so a rejected seed leaves no trace."""
        _check_choice("issuer", issuer, ["marketplace", "self"])
        if not isinstance(product_sku, str) or not product_sku:
            raise SeedingError("seed_license: product_sku must be a non-empty string")
        checked = _entitlements(entitlements)
        _check_choice("status", status, list(LicenseStatus))
        _check_minutes("provisional_minutes", provisional_minutes)
        _check_minutes("borrow_minutes", borrow_minutes)
        for operation in allowed_operations or []:
            _check_choice("allowed_operations", operation, list(AllowedOperation))
        if grantee_account is not None and not _ACCOUNT.fullmatch(str(grantee_account)):
            raise SeedingError(f"seed_license: grantee_account={grantee_account!r} is no account")
        region = home_region or self.region_name
        if region not in known_regions(self.partition):
            raise SeedingError(f"seed_license: home_region={region!r} is not a region")
        now = clock.now()
        valid_from = (
            _moment("begin", begin) if begin is not None else clock.later(now, -clock.days(1))
        )
        valid_to = _moment("end", end) if end is not None else None
        if valid_to is not None and valid_to <= valid_from:
            raise SeedingError(
                f"seed_license: end ({_iso(valid_to)}) must be after begin ({_iso(valid_from)})"
            )
        marketplace = issuer == "marketplace"
        if marketplace:
            # What Marketplace-issued licenses state on every entitlement: Overage (feature
            # entitlements included), and AllowCheckIn on counted ones, which clients read
            # before checking in (docs/decisions/activation-seeding.md).
            for entitlement in checked:
                if entitlement.overage is None:
                    entitlement.overage = False
                if entitlement.allow_check_in is None and entitlement.unit != EntitlementUnit.NONE:
                    entitlement.allow_check_in = True
        issuer_account = MARKETPLACE_ACCOUNT if marketplace else self.account_id
        name = issuer_name or (MARKETPLACE_ISSUER if marketplace else "Seeded Issuer")
        sign_key = (
            self.scope.services.kms.issuer_key(issuer_account, name, region) if signed else None
        )
        arn = f"arn:{self.partition}:license-manager::{issuer_account}:license:l-{new_id()}"
        grantee = grantee_account or (self.account_id if marketplace else None)
        metadata = dict(license_metadata or {})
        if marketplace:
            metadata.setdefault(MARKETPLACE_PRODUCT_METADATA, f"prod-{new_id()[:13]}")
        version = LicenseVersion(
            license_arn=arn,
            license_name=license_name or f"{product_sku} license",
            product_name=product_name or product_sku,
            product_sku=product_sku,
            issuer=IssuerDetails(
                name=name,
                sign_key=sign_key.arn if sign_key else None,
                key_fingerprint=key_fingerprint(issuer_account, name),
            ),
            home_region=region,
            status=status,
            validity=DatetimeRange(
                begin=_iso(valid_from),
                end=_iso(valid_to) if valid_to is not None else None,
            ),
            beneficiary=beneficiary
            or (f"arn:aws:iam::{grantee}:root" if grantee else "seeded-beneficiary"),
            entitlements=checked,
            consumption_configuration=ConsumptionConfiguration(
                provisional_configuration=ProvisionalConfiguration(provisional_minutes)
                if provisional_minutes
                else None,
                borrow_configuration=BorrowConfiguration(allow_early_check_in, borrow_minutes)
                if borrow_minutes
                else None,
            ),
            license_metadata=[Metadata(name=k, value=v) for k, v in metadata.items()],
            create_time=clock.epoch_string(now),
            version="1",
        )
        license_ = License(
            arn=arn,
            issuer_account=issuer_account,
            created=now,
            versions=[version],
            tags=dict(tags or {}),
        )
        self.store.add_license(license_)
        grant_arn = None
        if grantee is not None:
            grant_arn = self._seed_grant(license_, grantee, allowed_operations or BUYER_OPERATIONS)
        return SeededLicense(
            arn=arn,
            product_sku=product_sku,
            key_fingerprint=version.issuer.key_fingerprint or "",
            issuer_account=issuer_account,
            sign_key_arn=sign_key.arn if sign_key else None,
            grant_arn=grant_arn,
            public_key_pem=sign_key.public_pem if sign_key else None,
        )

    def _seed_grant(self, license_: License, grantee: str, operations: list[str]) -> str:
        grant_arn = (
            f"arn:{self.partition}:license-manager::{license_.issuer_account}:grant:g-{new_id()}"
        )
        version = GrantVersion(
            grant_arn=grant_arn,
            grant_name=f"{license_.current.product_sku} grant",
            parent_arn=license_.arn,
            license_arn=license_.arn,
            grantee_principal_arn=f"arn:aws:iam::{grantee}:root",
            home_region=license_.current.home_region,
            grant_status=GrantStatus.ACTIVE,
            version="1",
            granted_operations=list(operations),
            grant_type="BuyerGrant",
        )
        grant = Grant(
            arn=grant_arn,
            grantor_account=license_.issuer_account,
            grantee_account=grantee,
            versions=[version],
        )
        self.store.add_grant(grant)
        return grant_arn
