"""Consumption, the product side: CheckoutLicense, CheckoutBorrowLicense,
ExtendLicenseConsumption, CheckInLicense and GetLicenseUsage.

Every rule that decides whether a checkout is granted is in this module; the counts it reads
are kept per license (``records.License``), so a checkout costs the same with ten licenses or
ten thousand and with any number of live consumptions. Each check that refuses says why in the
same step (``lm.refusals``): the reason a developer reads is the rule that decided.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from licensemgr_mock.licenses import signing
from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    AllowedOperation,
    CheckInLicenseRequest,
    CheckInLicenseResponse,
    CheckoutBorrowLicenseRequest,
    CheckoutBorrowLicenseResponse,
    CheckoutLicenseRequest,
    CheckoutLicenseResponse,
    CheckoutType,
    EntitlementDataUnit,
    EntitlementUnit,
    ExtendLicenseConsumptionRequest,
    ExtendLicenseConsumptionResponse,
    GetLicenseUsageRequest,
    GetLicenseUsageResponse,
    LicenseStatus,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    ConflictException,
    EntitlementNotAllowedException,
    NoEntitlementsAllowedException,
    ResourceNotFoundException,
    UnsupportedDigitalSignatureMethodException,
    invalid,
    quoted,
)
from licensemgr_mock.pipeline.wire import Request, from_wire
from licensemgr_mock.state.records import (
    BorrowConfiguration,
    Checkout,
    EntitlementData,
    EntitlementUsage,
    License,
    LicenseUsage,
)
from licensemgr_mock.state.scope import Area, Scope, new_id
from licensemgr_mock.state.store import Store

DEFAULT_PROVISIONAL_MINUTES = 60
# Quantities are counted like MaxCount, which the model types as a Long.
MAX_QUANTITY = 2**63 - 1
_DIGITS = re.compile(r"[0-9]+")


@dataclass
class Allotment:
    """What a request can have of a license: the entitlements granted and their units, and
    why each refused one was refused."""

    allowed: list[EntitlementData]
    amounts: dict[str, int]
    refused: list[str]


class ConsumptionArea(Area):
    """Checkouts, extensions, check-ins and usage."""

    def __init__(self, scope: Scope, access: LicenseAccess) -> None:
        super().__init__(scope)
        self.access = access

    def _candidate(
        self, fingerprint: str, sku: str, beneficiary: str | None, now: datetime
    ) -> License:
        """The license a CheckoutLicense hits: with a Beneficiary, one the caller issued for
        that beneficiary; without, one the caller received through an ACTIVE grant allowing
        CheckoutLicense. The most recently created match wins; none qualifying raises
        NoEntitlementsAllowedException with why each match does not."""
        matches = self.store.by_product.get((fingerprint, sku), [])
        causes = []
        for license_ in reversed(matches):
            cause = self._not_candidate(license_, beneficiary, now)
            if cause is None:
                return license_
            causes.append(cause)
        if not matches:
            raise NoEntitlementsAllowedException(_unknown_product(self.store, fingerprint, sku))
        raise NoEntitlementsAllowedException("; ".join(causes))

    def _not_candidate(
        self, license_: License, beneficiary: str | None, now: datetime
    ) -> str | None:
        """Why ``license_`` is not one a CheckoutLicense for ``beneficiary`` may hit now, or
        None when it is."""
        if beneficiary is not None:
            if license_.issuer_account != self.account_id:
                return (
                    f"with Beneficiary, only licenses the caller issued qualify; {license_.arn} "
                    f"was issued by account {license_.issuer_account}"
                )
            if license_.current.beneficiary != beneficiary:
                return (
                    f"license {license_.arn} is for Beneficiary "
                    f"{license_.current.beneficiary!r}, not {beneficiary!r}"
                )
        else:
            no_grant = self.access.missing_grant(license_, AllowedOperation.CHECKOUT_LICENSE)
            if no_grant is not None:
                return no_grant
        return _unusable(license_, now)

    def _borrowable(self, license_: License, now: datetime) -> BorrowConfiguration:
        """The BorrowConfiguration of a license the caller issued or holds an ACTIVE grant
        allowing CheckoutBorrowLicense for, usable now; else NoEntitlementsAllowedException
        saying which of these fails first."""
        if license_.issuer_account != self.account_id:
            no_grant = self.access.missing_grant(license_, AllowedOperation.CHECKOUT_BORROW_LICENSE)
            if no_grant is not None:
                raise NoEntitlementsAllowedException(no_grant)
        borrow = license_.current.consumption_configuration.borrow_configuration
        if borrow is None:
            raise NoEntitlementsAllowedException(
                f"license {license_.arn} has no BorrowConfiguration"
            )
        unusable = _unusable(license_, now)
        if unusable is not None:
            raise NoEntitlementsAllowedException(unusable)
        return borrow

    def _allot(self, license_: License, requested: list[EntitlementData]) -> Allotment:
        """Matches each requested entitlement (Name and Unit) against the license and the
        units left. Unit ``None`` entitlements are flags: granted when present, never counted,
        reported with the license's Value. Nothing granted raises
        NoEntitlementsAllowedException with why each was refused."""
        current = license_.current
        allowed: list[EntitlementData] = []
        amounts: dict[str, int] = {}
        refused: list[str] = []
        for entry in requested:
            name, unit = entry.name, entry.unit
            entitlement = current.entitlement(name, unit)
            if entitlement is None:
                has = ", ".join(f"{e.name} ({e.unit})" for e in current.entitlements) or "none"
                refused.append(
                    f"no entitlement {name!r} with Unit {unit.value!r} (license has {has})"
                )
                continue
            if unit == EntitlementDataUnit.NONE:
                allowed.append(EntitlementData(name, unit, entitlement.value or entry.value))
                continue
            quantity = _quantity(entry)
            left = None
            if entitlement.max_count is not None and not entitlement.overage:
                left = entitlement.max_count - license_.consumed(name) - amounts.get(name, 0)
            if left is not None and quantity > left:
                refused.append(
                    f"{name}: {entry.value} {unit} requested, {max(left, 0)} of "
                    f"{entitlement.max_count} left and no Overage"
                )
                continue
            amounts[name] = amounts.get(name, 0) + quantity
            allowed.append(EntitlementData(name, unit, str(quantity)))
        if not allowed:
            raise NoEntitlementsAllowedException(f"license {license_.arn}: " + "; ".join(refused))
        return Allotment(allowed=allowed, amounts=amounts, refused=refused)

    def _signed_token(
        self, license_: License, claims: signing.Claims, required: bool
    ) -> str | None:
        """The checkout's SignedToken, signed with the issuer's KMS key; None when the license
        has no key and none is required."""
        issuer = license_.current.issuer
        if issuer.sign_key is None:
            if required:
                raise UnsupportedDigitalSignatureMethodException(
                    f"License {license_.arn} has no signing key; it cannot be borrowed."
                )
            return None
        key = signing.signing_key(
            self.scope.services.kms,
            issuer.sign_key,
            license_.issuer_account,
            license_.current.home_region,
            UnsupportedDigitalSignatureMethodException,
        )
        return signing.sign(key, claims)

    def _record(
        self,
        license_: License,
        allotment: Allotment,
        checkout_type: CheckoutType | None,
        ttl_minutes: int,
        now: datetime,
        node_id: str | None,
        beneficiary: str | None = None,
    ) -> Checkout:
        return Checkout(
            license_consumption_token=new_id(),
            license_arn=license_.arn,
            account=self.account_id,
            checkout_type=checkout_type,
            entitlements_allowed=allotment.allowed,
            amounts=allotment.amounts,
            issued=now,
            expires=clock.later(now, clock.minutes(ttl_minutes)),
            node_id=node_id,
            beneficiary=beneficiary,
        )

    def _commit(self, license_: License, checkout: Checkout) -> None:
        """Counts a checkout: a PERPETUAL one draws its units for good, the others hold them
        until check-in or expiry."""
        self.store.prune_checkouts(checkout.issued)
        self.store.add_checkout(checkout)
        if checkout.checkout_type == CheckoutType.PERPETUAL:
            for name, amount in checkout.amounts.items():
                license_.drawn[name] = license_.drawn.get(name, 0) + amount
        else:
            license_.hold(checkout.expires, checkout.license_consumption_token, checkout.amounts)

    @handles("CheckoutLicense")
    def checkout_license(self, request: CheckoutLicenseRequest) -> CheckoutLicenseResponse:
        """Checks out units of the newest usable license with that KeyFingerprint and ProductSKU:
        with a Beneficiary, one the caller issued for it, else one received through an ACTIVE
        grant that allows CheckoutLicense. Entitlements short of units are left out (none left:
        NoEntitlementsAllowedException, its real cause recorded); PROVISIONAL units are held for
        the provisional TTL (default 60 minutes), PERPETUAL ones drawn for good."""
        now = clock.now()
        license_ = self._candidate(
            request["KeyFingerprint"], request["ProductSKU"], request.get("Beneficiary"), now
        )
        ttl = _provisional_minutes(license_)
        if ttl is None:
            raise NoEntitlementsAllowedException(
                f"license {license_.arn} has a BorrowConfiguration and no "
                "ProvisionalConfiguration: use CheckoutBorrowLicense"
            )
        self.store.release_expired(license_, now)
        allotment = self._allot(license_, _requested(request))
        checkout = self._record(
            license_,
            allotment,
            CheckoutType(request["CheckoutType"]),
            ttl,
            now,
            request.get("NodeId"),
            request.get("Beneficiary"),
        )
        times = _times(checkout)
        claims = signing.checkout_claims(checkout, times, checkout_type=checkout.checkout_type)
        signed = self._signed_token(license_, claims, required=False)
        self._commit(license_, checkout)
        return {"CheckoutType": checkout.checkout_type, **_answer(checkout, signed, times)}

    @handles("CheckoutBorrowLicense")
    def checkout_borrow_license(
        self, request: CheckoutBorrowLicenseRequest
    ) -> CheckoutBorrowLicenseResponse:
        """Borrows units of a license with a BorrowConfiguration that the caller issued or holds
        an ACTIVE grant allowing CheckoutBorrowLicense for, held for its MaxTimeToLiveInMinutes;
        the SignedToken needs the issuer's KMS key (UnsupportedDigitalSignatureMethodException
        without one). A partial borrow gets EntitlementNotAllowedException."""
        now = clock.now()
        license_ = self.access.visible_license(request["LicenseArn"], ResourceNotFoundException)
        borrow = self._borrowable(license_, now)
        self.store.release_expired(license_, now)
        allotment = self._allot(license_, _requested(request))
        if allotment.refused:
            raise EntitlementNotAllowedException(
                "Not all requested entitlements can be borrowed; partial borrows are not supported."
            )
        checkout = self._record(
            license_,
            allotment,
            None,
            borrow.max_time_to_live_in_minutes,
            now,
            request.get("NodeId"),
        )
        metadata = request.get("CheckoutMetadata")
        times = _times(checkout)
        claims = signing.checkout_claims(checkout, times)
        if metadata:
            claims["checkoutMetadata"] = {m.get("Name", ""): m.get("Value", "") for m in metadata}
        signed = self._signed_token(license_, claims, required=True)
        self._commit(license_, checkout)
        return {"CheckoutMetadata": metadata, **_answer(checkout, signed, times)}

    def _live_checkout(self, token: str, now: datetime) -> tuple[Checkout, License]:
        """The caller's checkout behind ``token``, still active now; else not found."""
        checkout = self.store.checkouts.get(token)
        if checkout is None or checkout.account != self.account_id:
            raise ResourceNotFoundException(f"License consumption token {token} was not found.")
        license_ = self.store.licenses[checkout.license_arn]
        self.store.release_expired(license_, now)
        if checkout.checked_in:
            # Still ResourceNotFoundException, as AWS answers (docs/decisions.md).
            raise ResourceNotFoundException(
                f"License consumption token {token} was already checked in."
            )
        if not checkout.active or checkout.expires <= now:
            raise ResourceNotFoundException(f"License consumption token {token} has expired.")
        return checkout, license_

    @handles("ExtendLicenseConsumption")
    def extend_license_consumption(
        self, request: ExtendLicenseConsumptionRequest
    ) -> ExtendLicenseConsumptionResponse:
        """Moves the Expiration of the caller's live checkout to now plus the license's
        provisional TTL (DryRun changes nothing). An unknown, expired or borrowed token gets
        ResourceNotFoundException."""
        now = clock.now()
        token = request["LicenseConsumptionToken"]
        checkout, license_ = self._live_checkout(token, now)
        if checkout.is_borrow:
            raise ResourceNotFoundException(
                f"License consumption token {token} is a borrow; borrows cannot be extended."
            )
        granted = self.access.grant_allowing(license_, AllowedOperation.EXTEND_CONSUMPTION_LICENSE)
        if license_.issuer_account != self.account_id and granted is None:
            raise invalid("The license's grant does not allow ExtendConsumptionLicense.")
        ttl = _provisional_minutes(license_)
        if request.get("DryRun") or ttl is None:
            return {"LicenseConsumptionToken": token, "Expiration": clock.iso(checkout.expires)}
        checkout.expires = clock.later(now, clock.minutes(ttl))
        self.store.add_checkout(checkout)
        if checkout.checkout_type != CheckoutType.PERPETUAL:
            license_.release(checkout.amounts)
            license_.hold(checkout.expires, token, checkout.amounts)
        return {"LicenseConsumptionToken": token, "Expiration": clock.iso(checkout.expires)}

    @handles("CheckInLicense")
    def check_in_license(self, request: CheckInLicenseRequest) -> CheckInLicenseResponse:
        """Ends the caller's live checkout and releases its held units (PERPETUAL units stay
        drawn). An unknown or expired token, or another Beneficiary, gets
        ResourceNotFoundException; a check-in the license or an entitlement does not allow gets
        ConflictException."""
        now = clock.now()
        token = request["LicenseConsumptionToken"]
        checkout, license_ = self._live_checkout(token, now)
        granted = self.access.grant_allowing(license_, AllowedOperation.CHECK_IN_LICENSE)
        if license_.issuer_account != self.account_id and granted is None:
            raise invalid("The license's grant does not allow CheckInLicense.")
        beneficiary = request.get("Beneficiary")
        if beneficiary is not None and beneficiary != checkout.beneficiary:
            raise ResourceNotFoundException(
                f"License consumption token {token} was not checked out for {beneficiary}."
            )
        current = license_.current
        if checkout.is_borrow:
            borrow = current.consumption_configuration.borrow_configuration
            if borrow is not None and not borrow.allow_early_check_in:
                raise ConflictException(
                    "The license does not allow early check-in of borrowed entitlements."
                )
        for data in checkout.entitlements_allowed:
            entitlement = current.entitlement(data.name, data.unit)
            if entitlement is not None and entitlement.allow_check_in is False:
                raise ConflictException(f"Entitlement {data.name} does not allow check-in.")
        checkout.active = False
        checkout.checked_in = True
        if checkout.checkout_type != CheckoutType.PERPETUAL:
            license_.release(checkout.amounts)
        self.store.checked_in(checkout, now)
        self.store.prune_checkouts(now)
        self.store.compact_expiries(license_)
        return {}

    @handles("GetLicenseUsage")
    def get_license_usage(self, request: GetLicenseUsageRequest) -> GetLicenseUsageResponse:
        """Units consumed now per entitlement of a license the caller issued or received (expired
        holds released first); Unit None entitlements always read 0."""
        license_ = self.access.visible_license(request["LicenseArn"], invalid)
        self.store.release_expired(license_, clock.now())
        usages = [
            EntitlementUsage(
                name=e.name,
                # Unit None entitlements are flags: never counted.
                consumed_value="0"
                if e.unit == EntitlementUnit.NONE
                else str(license_.consumed(e.name)),
                unit=e.unit,
                max_count=None if e.max_count is None else str(e.max_count),
            )
            for e in license_.current.entitlements
        ]
        return {"LicenseUsage": LicenseUsage(entitlement_usages=usages)}


def _unusable(license_: License, now: datetime) -> str | None:
    """Why ``license_`` cannot be consumed now (deleted, not AVAILABLE, outside its
    validity), or None when it can."""
    current = license_.current
    if license_.deletion_date is not None:
        return f"license {license_.arn} is deleted"
    if current.status != LicenseStatus.AVAILABLE:
        return f"license {license_.arn} has status {current.status}, not AVAILABLE"
    if current.validity_begin > now:
        return f"license {license_.arn} is valid only from {current.validity.begin}"
    end = current.validity_end
    if end is not None and end <= now:
        return f"license {license_.arn} expired at {current.validity.end}"
    return None


def _unknown_product(store: Store, fingerprint: str, sku: str) -> str:
    """Why no license has this KeyFingerprint and ProductSKU: the fingerprint is unknown, or
    the SKUs it has."""
    skus = sorted({s for (f, s), hits in store.by_product.items() if f == fingerprint and hits})
    if not skus:
        return f"no license has KeyFingerprint {fingerprint!r}"
    return f"no license of KeyFingerprint {fingerprint!r} has ProductSKU {sku!r} (has {skus})"


def _provisional_minutes(license_: License) -> int | None:
    """How long a CheckoutLicense holds its units: the ProvisionalConfiguration's TTL; 60
    minutes (the Marketplace default) when the license sets none; None for a borrow-only
    license, which CheckoutLicense cannot use."""
    config = license_.current.consumption_configuration
    if config.provisional_configuration is not None:
        return config.provisional_configuration.max_time_to_live_in_minutes
    if config.borrow_configuration is not None:
        return None
    return DEFAULT_PROVISIONAL_MINUTES


def _requested(request: Request) -> list[EntitlementData]:
    """The entitlements a checkout asks for (Name, Unit, Value), as records."""
    return [from_wire(EntitlementData, entry) for entry in request["Entitlements"]]


def _quantity(entry: EntitlementData) -> int:
    """A requested Value as units: ASCII digits only (``int`` would take "٣" or "1_0"), at
    most MAX_QUANTITY, the largest count the service models (MaxCount is a Long)."""
    value = entry.value
    if value is None or not _DIGITS.fullmatch(value) or len(value) > 19:
        quantity = -1
    else:
        quantity = int(value)
    if not 0 <= quantity <= MAX_QUANTITY:
        raise invalid(
            f"Entitlement {quoted(entry.name)} needs a Value that is a whole number of "
            f"{quoted(entry.unit)}, at most {MAX_QUANTITY}."
        )
    return quantity


def _times(checkout: Checkout) -> tuple[str, str]:
    """IssuedAt and Expiration of a checkout, formatted once for the answer and the token."""
    return clock.iso(checkout.issued), clock.iso(checkout.expires)


class _Consumed(TypedDict):
    """What CheckoutLicense and CheckoutBorrowLicense both answer about a checkout."""

    LicenseArn: str
    LicenseConsumptionToken: str
    EntitlementsAllowed: list[EntitlementData]
    SignedToken: str | None
    NodeId: str | None
    IssuedAt: str
    Expiration: str


def _answer(checkout: Checkout, signed: str | None, times: tuple[str, str]) -> _Consumed:
    """What CheckoutLicense and CheckoutBorrowLicense both answer about a checkout."""
    return {
        "LicenseArn": checkout.license_arn,
        "LicenseConsumptionToken": checkout.license_consumption_token,
        "EntitlementsAllowed": checkout.entitlements_allowed,
        "SignedToken": signed,
        "NodeId": checkout.node_id,
        "IssuedAt": times[0],
        "Expiration": times[1],
    }
