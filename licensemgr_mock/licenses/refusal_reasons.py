"""The real cause behind a NoEntitlementsAllowedException, in words a developer can act on.

AWS says "No Entitlements Allowed" for a wrong fingerprint, an unknown SKU, a missing grant,
an expired license and more; consumption raises that answer and passes one of these
explanations as its ``reason`` (logged, never sent)."""

from __future__ import annotations

from datetime import datetime

from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import AllowedOperation, LicenseStatus
from licensemgr_mock.pipeline.wire import Request
from licensemgr_mock.state.records import License


def unusable(license_: License, now: datetime) -> str | None:
    """Why ``license_`` cannot be consumed now (status, deletion, validity), or None."""
    current = license_.current
    if license_.deletion_date is not None:
        return f"license {license_.arn} is deleted"
    if current.status != LicenseStatus.AVAILABLE:
        return f"license {license_.arn} has status {current.status}, not AVAILABLE"
    if clock.parse_iso(current.validity.begin) > now:
        return f"license {license_.arn} is valid only from {current.validity.begin}"
    end = current.validity.end
    if end is not None and clock.parse_iso(end) <= now:
        return f"license {license_.arn} expired at {end}"
    return None


def _grant_problem(access: LicenseAccess, license_: License, operation: str) -> str | None:
    """Why the caller's received grants do not allow ``operation`` on ``license_``."""
    grants = access.received_grants(license_.arn)
    if not grants:
        if license_.issuer_account == access.account_id:
            return (
                f"account {access.account_id} issued license {license_.arn}; an issuer checks "
                "out its own license by passing its Beneficiary"
            )
        return f"account {access.account_id} has received no grant for license {license_.arn}"
    if any(g.allows(operation) for g in grants):
        return None
    states = ", ".join(
        f"{g.arn} is {g.current.grant_status} allowing {g.current.granted_operations}"
        for g in grants
    )
    return f"no ACTIVE grant allowing {operation} for license {license_.arn}: {states}"


def no_candidate(access: LicenseAccess, request: Request, now: datetime) -> str:
    """Why CheckoutLicense found no license for its KeyFingerprint, ProductSKU and
    Beneficiary."""
    fingerprint, sku = request["KeyFingerprint"], request["ProductSKU"]
    beneficiary = request.get("Beneficiary")
    store = access.store
    matches = store.by_product.get((fingerprint, sku), [])
    if not matches:
        skus = sorted({s for (f, s), hits in store.by_product.items() if f == fingerprint and hits})
        if not skus:
            return f"no license has KeyFingerprint {fingerprint!r}"
        return f"no license of KeyFingerprint {fingerprint!r} has ProductSKU {sku!r} (has {skus})"
    causes = []
    for license_ in reversed(matches):
        if beneficiary is not None:
            if license_.issuer_account != access.account_id:
                causes.append(
                    f"with Beneficiary, only licenses the caller issued qualify; {license_.arn} "
                    f"was issued by account {license_.issuer_account}"
                )
                continue
            if license_.current.beneficiary != beneficiary:
                causes.append(
                    f"license {license_.arn} is for Beneficiary "
                    f"{license_.current.beneficiary!r}, not {beneficiary!r}"
                )
                continue
        else:
            problem = _grant_problem(access, license_, AllowedOperation.CHECKOUT_LICENSE)
            if problem is not None:
                causes.append(problem)
                continue
        causes.append(unusable(license_, now) or f"license {license_.arn} is not usable")
    return "; ".join(causes)


def no_provisional(license_: License) -> str:
    """Why a borrow-only license refuses CheckoutLicense."""
    return (
        f"license {license_.arn} has a BorrowConfiguration and no ProvisionalConfiguration: "
        "use CheckoutBorrowLicense"
    )


def not_borrowable(access: LicenseAccess, license_: License, now: datetime) -> str:
    """Why CheckoutBorrowLicense refuses ``license_`` before looking at entitlements."""
    if license_.issuer_account != access.account_id:
        problem = _grant_problem(access, license_, AllowedOperation.CHECKOUT_BORROW_LICENSE)
        if problem is not None:
            return problem
    if license_.current.consumption_configuration.borrow_configuration is None:
        return f"license {license_.arn} has no BorrowConfiguration"
    return unusable(license_, now) or f"license {license_.arn} is not usable"


def nothing_allotted(license_: License, request: Request) -> str:
    """Why none of the requested entitlements could be granted."""
    current = license_.current
    has = ", ".join(f"{e.name} ({e.unit})" for e in current.entitlements) or "none"
    causes = []
    for entry in request["Entitlements"]:
        name, unit = entry["Name"], entry["Unit"]
        entitlement = current.entitlement(name, unit)
        if entitlement is None:
            causes.append(f"no entitlement {name!r} with Unit {unit!r} (license has {has})")
        elif entitlement.max_count is not None:
            left = entitlement.max_count - license_.consumed(name)
            causes.append(
                f"{name}: {entry.get('Value')} {unit} requested, {max(left, 0)} of "
                f"{entitlement.max_count} left and no Overage"
            )
    return f"license {license_.arn}: " + "; ".join(causes)
