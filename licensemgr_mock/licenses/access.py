"""Which licenses an account may see and use, and how it sees them: the one place that
decides access for every operation that names a license (licenses, consumption, grants,
tokens, asset groups)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    AllowedOperation,
    GrantStatus,
    LicenseStatus,
    ReceivedStatus,
)
from licensemgr_mock.pipeline.errors import LicenseManagerError, invalid
from licensemgr_mock.state.records import (
    Grant,
    GrantedLicense,
    GrantVersion,
    License,
    LicenseVersion,
    ReceivedMetadata,
    shallow_fields,
)
from licensemgr_mock.state.scope import Area

# A received grant in one of these statuses lets its grantee read the license (GetLicense,
# GetLicenseUsage, ListLicenseVersions, asset groups...): offered, accepted or in use. Once
# rejected, deleted or failed it gives nothing; using the license needs ACTIVE
# (``grant_allowing``). See docs/decisions/grants-tokens-settings.md.
READABLE = frozenset(
    {
        GrantStatus.PENDING_ACCEPT,
        GrantStatus.DISABLED,
        GrantStatus.ACTIVE,
        GrantStatus.PENDING_WORKFLOW,
        GrantStatus.WORKFLOW_COMPLETED,
    }
)

# ListReceivedLicenses also shows a license whose grant was REJECTED or FAILED_WORKFLOW, with
# that ReceivedStatus, so the grantee sees what became of the offer; only DELETED drops it.
LISTED = READABLE | {GrantStatus.REJECTED, GrantStatus.FAILED_WORKFLOW}

# How a caller says which error a missing license is: an error class or ``invalid``.
NotFound = Callable[[str], LicenseManagerError]


class LicenseAccess(Area):
    """The caller's view of the partition's licenses and the grants it received."""

    def received_grants(self, license_arn: str) -> list[Grant]:
        """The grants of ``license_arn`` this account has received that still give it access
        (status in READABLE): the one rule every operation's access follows."""
        grants = self.store.received.get(self.account_id, {}).get(license_arn, [])
        return [g for g in grants if g.current.grant_status in READABLE]

    def grant_allowing(self, license_: License, operation: AllowedOperation) -> Grant | None:
        """An ACTIVE grant this account received for ``license_`` that allows ``operation``."""
        for grant in self.received_grants(license_.arn):
            if grant.allows(operation):
                return grant
        return None

    def missing_grant(self, license_: License, operation: AllowedOperation) -> str | None:
        """Why this account holds no ACTIVE grant for ``license_`` allowing ``operation`` (the
        reason a consumption refused for it gives), or None when ``grant_allowing`` finds one."""
        if self.grant_allowing(license_, operation) is not None:
            return None
        grants = self.received_grants(license_.arn)
        if not grants:
            if license_.issuer_account == self.account_id:
                return (
                    f"account {self.account_id} issued license {license_.arn}; an issuer checks "
                    "out its own license by passing its Beneficiary"
                )
            return f"account {self.account_id} has received no grant for license {license_.arn}"
        states = ", ".join(
            f"{g.arn} is {g.current.grant_status} allowing {g.current.granted_operations}"
            for g in grants
        )
        return f"no ACTIVE grant allowing {operation} for license {license_.arn}: {states}"

    def visible_license(self, arn: str, error: NotFound) -> License:
        """A license the caller issued or received; anything else raises ``error`` as if the
        license did not exist (AWS does not reveal other accounts' licenses)."""
        license_ = self.store.licenses.get(arn)
        if license_ is not None and (
            license_.issuer_account == self.account_id or self.received_grants(arn)
        ):
            return license_
        raise error(f"License is not available: {arn}")

    def issued_license(self, arn: str, error: NotFound) -> License:
        """A license the caller issued; anything else raises ``error`` as not found."""
        license_ = self.store.licenses.get(arn)
        if license_ is None or license_.issuer_account != self.account_id:
            raise error(f"License is not available: {arn}")
        return license_

    def license_view(self, license_: License, version: str | None = None) -> LicenseVersion:
        """A version of the license as its readers see it now (deletion shows on all)."""
        if version is None:
            chosen = license_.current
        else:
            found = [v for v in license_.versions if v.version == version]
            if not found:
                raise invalid(f"Version {version} of license {license_.arn} does not exist.")
            chosen = found[0]
        now = clock.now()
        if license_.deletion_date is not None:
            passed = now >= license_.deletion_date
            return chosen.with_status(
                LicenseStatus.DELETED if passed else LicenseStatus.PENDING_DELETE
            )
        # Past Validity.End a license reads EXPIRED (AWS user guide, granted license statuses).
        end = chosen.validity_end
        if end is not None and end <= now and chosen.status == LicenseStatus.AVAILABLE:
            return chosen.with_status(LicenseStatus.EXPIRED)
        return chosen

    def received_by(self, account: str) -> Iterator[tuple[str, GrantVersion]]:
        """``latest_listed`` of every license ``account`` has received, in the order
        received."""
        return self.latest_listed(self.store.received.get(account, {}).items())

    def latest_listed(
        self, received: Iterable[tuple[str, list[Grant]]]
    ) -> Iterator[tuple[str, GrantVersion]]:
        """(license ARN, latest listed grant: status in LISTED) of each (license ARN, grants
        received) that has one; produced on demand, so a page reads only what it shows."""
        for license_arn, grants in received:
            for grant in reversed(grants):
                if grant.current.grant_status in LISTED:
                    yield license_arn, grant.current
                    break

    def granted_license(self, license_arn: str, grant: GrantVersion) -> GrantedLicense:
        """A license as the grantee of ``grant`` sees it (ListReceivedLicenses' item)."""
        view = self.license_view(self.store.licenses[license_arn])
        metadata = ReceivedMetadata(
            received_status=ReceivedStatus(grant.grant_status),
            received_status_reason=grant.status_reason,
            allowed_operations=grant.granted_operations,
            grant_type=grant.grant_type,
        )
        return GrantedLicense(**shallow_fields(view), received_metadata=metadata)
