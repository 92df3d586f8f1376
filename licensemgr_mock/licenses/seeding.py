"""Seeding: licenses put straight into the backend for tests, as if created and granted
through the API, without the calls (and cheaply: one signing key per issuer)."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, TypeAlias

from licensemgr_mock.licenses.seeded import (
    SEED_OPTIONS,
    SeededLicense,
    SeedingError,
    SeedOption,
    SeedProblem,
)
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
    is_account_id,
    key_fingerprint,
    new_id,
)

# The LicenseMetadata entry a Marketplace purchase carries (docs/seeding.md: our choice).
MARKETPLACE_PRODUCT_METADATA = "aws:marketplace:product-id"

# seed_license's options, checked (``check_options``): every option of SEED_OPTIONS by name.
Options: TypeAlias = dict[str, Any]

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


def _moment(option: str, moment: object) -> datetime | SeedProblem | None:
    """A begin/end option as an aware UTC datetime (None when not given). Naive values
    (``"2030-02-01"``, ``datetime(2030, 2, 1)``) mean UTC, so expiry is the same on every
    machine."""
    if moment is None:
        return None
    if isinstance(moment, str):
        try:
            parsed = datetime.fromisoformat(moment.replace("Z", "+00:00"))
        except ValueError:
            return SeedProblem(
                option,
                "is not an ISO 8601 date or date-time (e.g. '2030-02-01' or "
                "'2030-02-01T12:00:00Z')",
                value=moment,
            )
    elif isinstance(moment, datetime):
        parsed = moment
    else:
        return SeedProblem(option, "must be a datetime or an ISO 8601 string")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC)
    except OverflowError:
        # An offset that moves 0001-01-01 or 9999-12-31 out of the years a datetime holds.
        return SeedProblem(option, "is not between the years 1 and 9999 in UTC", value=moment)


def _iso(moment: datetime) -> str:
    # The model's form, four digits of year included (strftime drops leading zeros).
    return clock.iso(moment) + "Z"


def _type_problem(hint: Any, value: object) -> str | None:
    """Why ``value`` does not have the declared type ``hint`` (``SEED_OPTIONS``), or None.
    Lists of dicts (entitlements) and times are checked member by member elsewhere."""
    if isinstance(hint, types.UnionType):
        kinds = [kind for kind in typing.get_args(hint) if kind is not type(None)]
        if value is None and len(kinds) < len(typing.get_args(hint)):
            return None
        return _type_problem(kinds[0], value)
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            return "must be a list"
        (item,) = typing.get_args(hint)
        return next((p for p in (_type_problem(item, v) for v in value) if p), None)
    if origin is dict:
        if not isinstance(value, dict):
            return "must be an object (a dict)"
        bad = [k for k, v in value.items() if not isinstance(k, str) or not isinstance(v, str)]
        return f"value of {bad[0]!r} must be a string" if bad else None
    if hint is bool and not isinstance(value, bool):
        return "must be true or false"
    if hint is int and (isinstance(value, bool) or not isinstance(value, int) or value <= 0):
        return "must be a positive integer"
    if hint is str and not isinstance(value, str):
        return "must be a string"
    return None


def _entitlements(entitlements: object, found: list[SeedProblem]) -> list[Entitlement]:
    """boto3's ``Entitlements`` shape, checked member by member."""
    if not isinstance(entitlements, list) or not entitlements:
        found.append(SeedProblem("entitlements", "must be a non-empty list of dicts"))
        return []
    kinds: dict[str, tuple[type, ...]] = {
        "Name": (str,),
        "Unit": (str,),
        "Value": (str,),
        "MaxCount": (int,),
        "Overage": (bool,),
        "AllowCheckIn": (bool,),
    }
    checked = []
    for index, entry in enumerate(entitlements):
        where = f"[{index}]"
        if not isinstance(entry, dict):
            message = "must be a dict like {'Name': ..., 'Unit': ...}"
            found.append(SeedProblem("entitlements", message, where))
            continue
        problems = len(found)
        for key, value in entry.items():
            if key not in kinds:
                message = f"has unknown member {key!r}; members are {list(kinds)}"
                found.append(SeedProblem("entitlements", message, where))
                continue
            # MaxCount is a model Long: from 0 to 2**63 - 1.
            outside = isinstance(value, int) and (
                isinstance(value, bool) or not 0 <= value <= TYPE_RANGES["long"][1]
            )
            if not isinstance(value, kinds[key]) or (key == "MaxCount" and outside):
                message = "has the wrong type or value"
                found.append(SeedProblem("entitlements", message, f"{where}.{key}", value))
        if not entry.get("Name"):
            found.append(SeedProblem("entitlements", "needs a Name", where))
        unit = entry.get("Unit")
        if unit not in list(EntitlementUnit):
            message = f"is not one of {[str(u) for u in EntitlementUnit]}"
            found.append(SeedProblem("entitlements", message, f"{where}.Unit", unit))
        if len(found) == problems:
            checked.append(from_wire(Entitlement, entry))
    return checked


@functools.cache
def _partition(region: str) -> str:
    """The partition of a region (``aws`` for one botocore does not place, as moto does)."""
    import boto3
    from botocore.exceptions import UnknownRegionError

    try:
        return str(boto3.session.Session().get_partition_for_region(region))
    except UnknownRegionError:
        return "aws"


@functools.cache
def _all_regions() -> frozenset[str]:
    """Every region License Manager has, in every partition (botocore's endpoint data)."""
    import boto3

    partitions = boto3.session.Session().get_available_partitions()
    return frozenset(region for partition in partitions for region in known_regions(partition))


# What some options may be, beyond their type.
_CHOICES: dict[str, list[str]] = {
    "issuer": ["marketplace", "self"],
    "status": list(LicenseStatus),
    "allowed_operations": list(AllowedOperation),
}
# Options checked by rules of their own, not by their declared type.
_OWN_RULES = ("product_sku", "entitlements", "begin", "end")
_NAMES = {option.name: option for option in SEED_OPTIONS}
_REGION = "must be a License Manager region, such as us-east-1"


def _option_problems(option: SeedOption, value: object) -> list[SeedProblem]:
    """What is wrong with one option's value by its declared type and choices."""
    problem = _type_problem(option.type, value)
    if problem is not None:
        return [SeedProblem(option.name, problem, value=value)]
    allowed = _CHOICES.get(option.name)
    if allowed is None or value is None:
        return []
    message = f"is not one of {[str(choice) for choice in allowed]}"
    values = value if isinstance(value, list) else [value]
    return [SeedProblem(option.name, message, value=v) for v in values if v not in allowed]


def check_options(options: Mapping[str, object], account: str, region: str) -> Options:
    """``seed_license``'s options (``SEED_OPTIONS``; a missing one takes its default),
    checked and normalised: times as aware UTC datetimes (``begin`` defaults to yesterday),
    entitlements as records, ``account`` and ``region`` defaulting to the caller's. Every bad
    option is reported in one ``SeedingError``, each problem naming its option."""
    found = [
        SeedProblem(name, f"is not a seed option (options: {', '.join(sorted(_NAMES))})")
        for name in options
        if name not in _NAMES
    ]
    checked: Options = {}
    for option in SEED_OPTIONS:
        value = checked[option.name] = options.get(option.name, option.default)
        if option.name not in _OWN_RULES:
            found += _option_problems(option, value)
    sku = checked["product_sku"]
    if not isinstance(sku, str) or not sku:
        found.append(SeedProblem("product_sku", "must be a non-empty string"))
    top = TYPE_RANGES["integer"][1]
    for name in ("provisional_minutes", "borrow_minutes"):
        # What CreateLicense takes for MaxTimeToLiveInMinutes: a positive model Integer
        # (positive: the declared type's rule).
        value = checked[name]
        if isinstance(value, int) and not isinstance(value, bool) and value > top:
            message = f"must be a positive integer, at most {top}"
            found.append(SeedProblem(name, message, value=value))
    checked["entitlements"] = _entitlements(checked["entitlements"], found)
    for name in ("account", "grantee_account"):
        value = checked[name]
        if isinstance(value, str) and not is_account_id(value):
            found.append(SeedProblem(name, "must be 12 digits", value=value))
    bad = {problem.option for problem in found}
    if isinstance(checked["region"], str) and checked["region"] not in _all_regions():
        found.append(SeedProblem("region", _REGION, value=checked["region"]))
        bad.add("region")
    checked["account"] = account if "account" in bad else checked["account"] or account
    checked["region"] = region if "region" in bad else checked["region"] or region
    home = checked["home_region"] or checked["region"]
    if "home_region" not in bad and home not in known_regions(_partition(checked["region"])):
        found.append(SeedProblem("home_region", _REGION, value=home))
    begin, end = (_moment(name, checked[name]) for name in ("begin", "end"))
    found += [moment for moment in (begin, end) if isinstance(moment, SeedProblem)]
    if not isinstance(begin, SeedProblem):
        checked["begin"] = begin or clock.later(clock.now(), -clock.days(1))
        if isinstance(end, datetime) and end <= checked["begin"]:
            message = f"({_iso(end)}) must be after begin ({_iso(checked['begin'])})"
            found.append(SeedProblem("end", message))
    checked["end"] = end
    if found:
        raise SeedingError(found)
    return checked


class Seeder(Area):
    """``seed_license``: the state CreateLicense (+ CreateGrant, AcceptGrant, activation)
    would leave, in one step."""

    def seed_license(self, options: Options) -> SeededLicense:
        """Seeds a license from ``check_options``' answer (see
        ``LicenseManagerMock.seed_license``): nothing is stored unless every option is good."""
        product_sku: str = options["product_sku"]
        checked: list[Entitlement] = options["entitlements"]
        issuer_name = options["issuer_name"]
        grantee_account = options["grantee_account"]
        provisional_minutes = options["provisional_minutes"]
        borrow_minutes = options["borrow_minutes"]
        license_metadata = options["license_metadata"]
        allowed_operations = options["allowed_operations"]
        region = options["home_region"] or self.region_name
        now = clock.now()
        valid_from: datetime = options["begin"]
        valid_to: datetime | None = options["end"]
        marketplace = options["issuer"] == "marketplace"
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
            self.scope.services.kms.issuer_key(issuer_account, name, region)
            if options["signed"]
            else None
        )
        arn = f"arn:{self.partition}:license-manager::{issuer_account}:license:l-{new_id()}"
        grantee = grantee_account or (self.account_id if marketplace else None)
        metadata = dict(license_metadata or {})
        if marketplace:
            metadata.setdefault(MARKETPLACE_PRODUCT_METADATA, f"prod-{new_id()[:13]}")
        version = LicenseVersion(
            license_arn=arn,
            license_name=options["license_name"] or f"{product_sku} license",
            product_name=options["product_name"] or product_sku,
            product_sku=product_sku,
            issuer=IssuerDetails(
                name=name,
                sign_key=sign_key.arn if sign_key else None,
                key_fingerprint=key_fingerprint(issuer_account, name),
            ),
            home_region=region,
            status=options["status"],
            validity=DatetimeRange(
                begin=_iso(valid_from),
                end=_iso(valid_to) if valid_to is not None else None,
            ),
            beneficiary=options["beneficiary"]
            or (f"arn:aws:iam::{grantee}:root" if grantee else "seeded-beneficiary"),
            entitlements=checked,
            consumption_configuration=ConsumptionConfiguration(
                provisional_configuration=ProvisionalConfiguration(provisional_minutes)
                if provisional_minutes
                else None,
                borrow_configuration=BorrowConfiguration(
                    options["allow_early_check_in"], borrow_minutes
                )
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
            tags=dict(options["tags"] or {}),
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
