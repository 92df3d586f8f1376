"""Which licenses an account may see and use, and how it sees them: the one place that
decides access for every operation that names a license (licenses, consumption, grants,
tokens, asset groups)."""

from __future__ import annotations

from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import AllowedOperation, GrantStatus, LicenseStatus
from licensemgr_mock.pipeline.errors import LicenseManagerError, ValidationException
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


class LicenseAccess(Area):
    """The caller's view of the partition's licenses and the grants it received."""

    def received_grants(self, license_arn: str) -> list[Grant]:
        """The grants of ``license_arn`` this account has received."""
        return self.store.received.get(self.account_id, {}).get(license_arn, [])

    def grant_allowing(self, license_: License, operation: AllowedOperation) -> Grant | None:
        """An ACTIVE grant this account received for ``license_`` that allows ``operation``."""
        for grant in self.received_grants(license_.arn):
            if grant.allows(operation):
                return grant
        return None

    def visible_license(self, arn: str, error: type[LicenseManagerError]) -> License:
        """A license the caller issued or received; anything else raises ``error`` as if the
        license did not exist (AWS does not reveal other accounts' licenses)."""
        license_ = self.store.licenses.get(arn)
        if license_ is not None and (
            license_.issuer_account == self.account_id or self.received_grants(arn)
        ):
            return license_
        raise error(f"License is not available: {arn}")

    def issued_license(self, arn: str, error: type[LicenseManagerError]) -> License:
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
                raise ValidationException(
                    f"Version {version} of license {license_.arn} does not exist."
                )
            chosen = found[0]
        if license_.deletion_date is not None:
            passed = clock.now() >= license_.deletion_date
            return chosen.with_status(
                LicenseStatus.DELETED if passed else LicenseStatus.PENDING_DELETE
            )
        return chosen

    def received_by(self, account: str) -> dict[str, GrantVersion]:
        """The latest live (not DELETED) grant of each license ``account`` has received."""
        latest: dict[str, GrantVersion] = {}
        for license_arn, grants in self.store.received.get(account, {}).items():
            live = [g for g in grants if g.current.grant_status != GrantStatus.DELETED]
            if live:
                latest[license_arn] = live[-1].current
        return latest

    def granted_license(self, license_arn: str, grant: GrantVersion) -> GrantedLicense:
        """A license as the grantee of ``grant`` sees it (ListReceivedLicenses' item)."""
        view = self.license_view(self.store.licenses[license_arn])
        metadata = ReceivedMetadata(
            received_status=grant.grant_status,
            received_status_reason=grant.status_reason,
            allowed_operations=grant.granted_operations,
            grant_type=grant.grant_type,
        )
        return GrantedLicense(**shallow_fields(view), received_metadata=metadata)
