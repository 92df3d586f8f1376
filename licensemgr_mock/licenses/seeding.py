"""Seeding: licenses put straight into the backend for tests, as if created and granted
through the API, without the calls (and cheaply: one signing key per issuer)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from unittest.mock import patch

from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from licensemgr_mock.licenses import signing
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import AllowedOperation, GrantStatus, LicenseStatus
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
    ProvisionalConfiguration,
)
from licensemgr_mock.state.scope import (
    MARKETPLACE_ACCOUNT,
    MARKETPLACE_ISSUER,
    Area,
    key_fingerprint,
    new_id,
)

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


def _iso(moment: datetime | str) -> str:
    if isinstance(moment, str):
        return moment
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        tags: dict[str, str] | None = None,
    ) -> SeededLicense:
        """See ``LicenseManagerMock.seed_license``."""
        if issuer not in ("marketplace", "self"):
            raise ValueError("issuer is 'marketplace' or 'self'")
        marketplace = issuer == "marketplace"
        issuer_account = MARKETPLACE_ACCOUNT if marketplace else self.account_id
        name = issuer_name or (MARKETPLACE_ISSUER if marketplace else "Seeded Issuer")
        region = home_region or self.region_name
        sign_key = self._issuer_key(issuer_account, name, region) if signed else None
        now = clock.now()
        arn = f"arn:{self.partition}:license-manager::{issuer_account}:license:l-{new_id()}"
        grantee = grantee_account or (self.account_id if marketplace else None)
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
                begin=_iso(begin or now - timedelta(days=1)),
                end=_iso(end) if end is not None else None,
            ),
            beneficiary=beneficiary
            or (f"arn:aws:iam::{grantee}:root" if grantee else "seeded-beneficiary"),
            entitlements=[from_wire(Entitlement, e) for e in entitlements],
            consumption_configuration=ConsumptionConfiguration(
                provisional_configuration=ProvisionalConfiguration(provisional_minutes)
                if provisional_minutes
                else None,
                borrow_configuration=BorrowConfiguration(allow_early_check_in, borrow_minutes)
                if borrow_minutes
                else None,
            ),
            license_metadata=[],
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
        )
        grant = Grant(
            arn=grant_arn,
            grantor_account=license_.issuer_account,
            grantee_account=grantee,
            versions=[version],
        )
        self.store.add_grant(grant)
        return grant_arn

    def _issuer_key(self, account: str, issuer_name: str, region: str) -> _IssuerKey:
        """The issuer's signing key in moto's KMS, made on first use and then reused."""
        from moto.kms.models import kms_backends

        cache: dict[tuple[str, str, str], _IssuerKey] = self.store.extras.setdefault(
            "issuer_keys", {}
        )
        cached = cache.get((account, issuer_name, region))
        if cached is not None and cached.key_id in kms_backends[account][region].keys:
            return cached
        key = _kms_signing_key(account, region, f"License signing key of {issuer_name}")
        private = signing.rsa_private_key(key)
        assert private is not None  # an RSA_2048 key was just asked for
        public_pem = private.public_key().public_bytes(
            Encoding.PEM, PublicFormat.SubjectPublicKeyInfo
        )
        made = _IssuerKey(arn=key.arn, key_id=key.id, public_pem=public_pem.decode())
        cache[(account, issuer_name, region)] = made
        return made


# moto's wrapper of the RSA key pair that seeded issuers share, made once per process: moto
# generates a fresh RSA key for every KMS key (~70 ms), which seeding tests would pay each time.
_shared_key_material: list[Any] = []


def _kms_signing_key(account: str, region: str, description: str) -> Any:
    """A new RSA_2048 SIGN_VERIFY key in moto's KMS, holding the process's shared key pair."""
    import moto.kms.models as kms_models

    backend = kms_models.kms_backends[account][region]

    def create() -> Any:
        return backend.create_key(
            policy=None,
            key_usage="SIGN_VERIFY",
            key_spec="RSA_2048",
            description=description,
            tags=None,
        )

    if not _shared_key_material or not hasattr(kms_models, "generate_private_key"):
        key = create()
        _shared_key_material[:] = [key.private_key]
        return key
    material = _shared_key_material[0]
    with patch.object(kms_models, "generate_private_key", lambda _spec: material):
        return create()


@dataclass(frozen=True)
class _IssuerKey:
    arn: str
    key_id: str
    public_pem: str
