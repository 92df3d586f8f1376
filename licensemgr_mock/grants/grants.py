"""Grants: how a license reaches other accounts (from its issuer, or re-granted by a grantee),
and the grant state machine. Reads and lists of grants are in ``views``, principals and
organizations in ``principals``.

State machine (reference §7.2); every change adds a version:

- CreateGrant to an account: PENDING_ACCEPT. To an organization or OU: PENDING_WORKFLOW, at once
  WORKFLOW_COMPLETED, with one sub-grant per member account (DISABLED: accepted for the member),
  or ACTIVE with ACTIVE sub-grants when ``Options.DesiredStatus=ACTIVE`` (newer models only).
- AcceptGrant (grantee): PENDING_ACCEPT -> DISABLED. RejectGrant (grantee): PENDING_ACCEPT or
  DISABLED -> REJECTED, for good.
- CreateGrantVersion: the grantee sets Status ACTIVE (from PENDING_ACCEPT or DISABLED) or DISABLED
  (from ACTIVE); the grantor changes GrantName and AllowedOperations.
- DeleteGrant (grantor, current Version): anything but DELETED -> DELETED, and so are the grants
  made from it (re-grants, sub-grants).
"""

from __future__ import annotations

import dataclasses
from typing import TypedDict, Unpack

from licensemgr_mock.grants.principals import (
    is_group_principal,
    principal_accounts,
    visible_grant,
)
from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.pipeline.api import (
    AcceptGrantRequest,
    AcceptGrantResponse,
    ActivationOverrideBehavior,
    AllowedOperation,
    CreateGrantRequest,
    CreateGrantResponse,
    CreateGrantVersionRequest,
    CreateGrantVersionResponse,
    DeleteGrantRequest,
    DeleteGrantResponse,
    GrantStatus,
    RejectGrantRequest,
    RejectGrantResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import ResourceLimitExceededException, invalid
from licensemgr_mock.pipeline.service_model import known_regions
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Request, from_wire
from licensemgr_mock.state.records import Grant, GrantVersion, License, Options
from licensemgr_mock.state.scope import MARKETPLACE_ACCOUNT, Area, Scope, new_id

# AWS documents 2,000 grants per license.
MAX_GRANTS_PER_LICENSE = 2000
# Statuses a grant never leaves (DeleteGrant still moves REJECTED to DELETED).
FINAL = (GrantStatus.REJECTED, GrantStatus.DELETED, GrantStatus.FAILED_WORKFLOW)


class GrantChanges(TypedDict, total=False):
    """What a new version of a grant may change."""

    grant_name: str
    granted_operations: list[str]
    grant_status: GrantStatus
    status_reason: str | None
    options: Options


class GrantsArea(Area):
    """CreateGrant, CreateGrantVersion, AcceptGrant, RejectGrant, DeleteGrant."""

    def __init__(self, scope: Scope, access: LicenseAccess) -> None:
        super().__init__(scope)
        self.access = access

    # -- lookups --------------------------------------------------------------------------

    def tagged(self, arn: str) -> Grant | None:
        """The grant ``arn`` if the caller granted it (for tagging), or None."""
        found = self.store.grants.get(arn)
        return found if found is not None and found.grantor_account == self.account_id else None

    def _caller(self) -> str:
        return f"arn:{self.partition}:iam::{self.account_id}:root"

    def _existing_grant(self, arn: str) -> Grant:
        grant = self.store.grants.get(arn)
        if grant is None:
            raise invalid(f"Grant is not available: {arn}")
        return grant

    def _parent_grant(self, grant: Grant) -> Grant | None:
        return self.store.grants.get(grant.current.parent_arn)

    # -- changes --------------------------------------------------------------------------

    def _new_version(self, grant: Grant, **changes: Unpack[GrantChanges]) -> GrantVersion:
        current = grant.current
        version = dataclasses.replace(current, version=str(int(current.version) + 1), **changes)
        grant.versions.append(version)
        return version

    def _answer(self, grant: Grant) -> CreateGrantResponse:
        current = grant.current
        return {"GrantArn": grant.arn, "Status": current.grant_status, "Version": current.version}

    def _check_operations(self, operations: list[str], parent: Grant | None) -> None:
        """A grant made from a received grant passes on at most what that grant allows."""
        if parent is None:
            return
        extra = [op for op in operations if op not in parent.current.granted_operations]
        if extra:
            raise invalid(
                f"AllowedOperations {extra} are not allowed by the parent grant {parent.arn}."
            )

    def _parent_for_new_grant(self, license_: License, operations: list[str]) -> str:
        """ParentArn of a grant the caller makes: the license for its issuer, else the ACTIVE
        received grant that allows CreateGrant (and every operation passed on)."""
        if license_.issuer_account == self.account_id:
            return license_.arn
        parent = self.access.grant_allowing(license_, AllowedOperation.CREATE_GRANT)
        if parent is None:
            raise invalid(
                f"The caller's grant of license {license_.arn} does not allow CreateGrant."
            )
        self._check_operations(operations, parent)
        return parent.arn

    @handles("CreateGrant")
    def create_grant(self, request: CreateGrantRequest) -> CreateGrantResponse:
        """Grants a license the caller issued, or re-grants one it received through an ACTIVE
        grant that allows CreateGrant (passing on no operation that grant lacks). An account
        grantee gets a PENDING_ACCEPT grant; an organization or OU (management account only) gets
        one sub-grant per member account and reads WORKFLOW_COMPLETED at once, or ACTIVE with
        Options.DesiredStatus; past 2,000 live grants per license,
        ResourceLimitExceededException."""
        license_ = self.access.visible_license(request["LicenseArn"], invalid)
        if license_.deletion_date is not None:
            raise invalid(f"License {license_.arn} is deleted.")
        operations = list(dict.fromkeys(request["AllowedOperations"]))
        parent_arn = self._parent_for_new_grant(license_, operations)
        principal = request["Principals"][0]
        grantee, members = principal_accounts(
            self.scope.services.organizations, principal, self.account_id, self.partition
        )
        # Options and GrantType are members newer models add to CreateGrant; requests that do
        # not come through a client of the installed model may carry them.
        newer: Request = request
        options = newer.get("Options")
        desired = from_wire(Options, options).desired_status if options else None
        if desired is not None and (
            desired != GrantStatus.ACTIVE or not is_group_principal(principal)
        ):
            raise invalid(
                "Options.DesiredStatus can only be ACTIVE, for an organization or OU principal."
            )
        grant_type = newer.get("GrantType") or "BuyerGrant"
        if grant_type == "DelegateGrant" and operations != ["ListReceivedLicenses"]:
            raise invalid("A DelegateGrant allows only ListReceivedLicenses.")
        home_region = request["HomeRegion"]
        if home_region not in known_regions(self.partition):
            raise invalid(f"HomeRegion {home_region} is not a region.")
        tags = tags_from_request(request.get("Tags"))
        live = sum(
            g.current.grant_status != GrantStatus.DELETED
            for g in self.store.grants_by_license.get(license_.arn, [])
        )
        if live + 1 + len(members) > MAX_GRANTS_PER_LICENSE:
            raise ResourceLimitExceededException(
                f"License {license_.arn} already has {live} grants; the limit is "
                f"{MAX_GRANTS_PER_LICENSE}."
            )
        if not is_group_principal(principal):
            status = GrantStatus.PENDING_ACCEPT
        else:
            status = desired or GrantStatus.PENDING_WORKFLOW
        first = GrantVersion(
            grant_arn=self.arn("grant", "g-" + new_id()),
            grant_name=request["GrantName"],
            parent_arn=parent_arn,
            license_arn=license_.arn,
            grantee_principal_arn=principal,
            home_region=home_region,
            grant_status=status,
            version="1",
            granted_operations=operations,
            options=Options(desired_status=desired) if desired else None,
            grant_type=grant_type,
        )
        grant = Grant(first.grant_arn, self.account_id, grantee, [first], tags=tags)
        self.store.add_grant(grant)
        answer = self._answer(grant)
        if is_group_principal(principal):
            member_status = GrantStatus.ACTIVE if desired else GrantStatus.DISABLED
            for member in members:
                self._add_sub_grant(grant, member, member_status)
            if status == GrantStatus.PENDING_WORKFLOW:
                # The workflow that makes the sub-grants has already run.
                self._new_version(grant, grant_status=GrantStatus.WORKFLOW_COMPLETED)
        return answer

    def _add_sub_grant(self, grant: Grant, member: str, status: GrantStatus) -> None:
        current = grant.current
        version = dataclasses.replace(
            current,
            grant_arn=self.arn("grant", "g-" + new_id()),
            parent_arn=grant.arn,
            grantee_principal_arn=f"arn:{self.partition}:iam::{member}:root",
            grant_status=status,
            version="1",
            options=None,
        )
        self.store.add_grant(Grant(version.grant_arn, grant.grantor_account, member, [version]))

    @handles("AcceptGrant")
    def accept_grant(self, request: AcceptGrantRequest) -> AcceptGrantResponse:
        """The grantee moves a PENDING_ACCEPT grant to DISABLED, in a new version. Any other
        caller, or a grant in another status, gets ValidationException."""
        grant = self._existing_grant(request["GrantArn"])
        if grant.grantee_account != self.account_id:
            raise invalid(f"Caller {self._caller()} is not allowed to accept this grant.")
        status = grant.current.grant_status
        if status != GrantStatus.PENDING_ACCEPT:
            raise invalid(
                f"Grant {grant.arn} is {status}; only a PENDING_ACCEPT grant can be accepted."
            )
        self._new_version(grant, grant_status=GrantStatus.DISABLED, status_reason=None)
        return self._answer(grant)

    @handles("RejectGrant")
    def reject_grant(self, request: RejectGrantRequest) -> RejectGrantResponse:
        """The grantee moves a PENDING_ACCEPT or DISABLED grant to REJECTED for good, in a new
        version. Any other caller, or a grant in another status, gets ValidationException."""
        grant = self._existing_grant(request["GrantArn"])
        if grant.grantee_account != self.account_id:
            raise invalid(f"Caller {self._caller()} is not allowed to reject this grant.")
        status = grant.current.grant_status
        if status not in (GrantStatus.PENDING_ACCEPT, GrantStatus.DISABLED):
            raise invalid(
                f"Grant {grant.arn} is {status}; only a PENDING_ACCEPT or DISABLED grant can be "
                "rejected."
            )
        self._new_version(grant, grant_status=GrantStatus.REJECTED, status_reason=None)
        return self._answer(grant)

    @handles("DeleteGrant")
    def delete_grant(self, request: DeleteGrantRequest) -> DeleteGrantResponse:
        """The grantor deletes a grant, naming its current Version; the grants made from it
        (re-grants, sub-grants) are deleted with it. A stale Version, a deleted grant or any
        other caller gets ValidationException."""
        grant = visible_grant(self.store, self.account_id, request["GrantArn"])
        if grant.grantor_account != self.account_id:
            raise invalid(f"Caller {self._caller()} is not allowed to delete this grant.")
        current = grant.current
        if current.grant_status == GrantStatus.DELETED:
            raise invalid(f"Grant {grant.arn} is already deleted.")
        if request["Version"] != current.version:
            # AWS's own words (issue 11, item 16).
            raise invalid(
                "A grant cannot be deleted since the version provided doesn't match the latest "
                f"version {current.version} in our records"
            )
        self._delete(grant, request.get("StatusReason"))
        return self._answer(grant)

    def _delete(self, grant: Grant, reason: str | None) -> None:
        """Deletes a grant and, since they hold nothing without it, the grants made from it."""
        self._new_version(grant, grant_status=GrantStatus.DELETED, status_reason=reason)
        for child in self.store.grants_by_license.get(grant.current.license_arn, []):
            deleted = child.current.grant_status == GrantStatus.DELETED
            if child.current.parent_arn == grant.arn and not deleted:
                self._delete(child, f"Parent grant {grant.arn} was deleted.")

    @handles("CreateGrantVersion")
    def create_grant_version(
        self, request: CreateGrantVersionRequest
    ) -> CreateGrantVersionResponse:
        """A new version of a grant: the grantor may change GrantName and AllowedOperations
        (within the parent grant's; sub-grants follow), the grantee may set Status ACTIVE (from
        PENDING_ACCEPT or DISABLED) or DISABLED (from ACTIVE). A REJECTED, DELETED or
        FAILED_WORKFLOW grant cannot change; activating a second AWS Marketplace license of a
        product is refused unless ActivationOverrideBehavior is ALL_GRANTS_PERMITTED_BY_ISSUER,
        which disables the other's grants."""
        grant = visible_grant(self.store, self.account_id, request["GrantArn"])
        current = grant.current
        source = request.get("SourceVersion")
        if source is not None and source != current.version:
            raise invalid(f"SourceVersion {source} is not the latest version {current.version}.")
        if current.grant_status in FINAL:
            raise invalid(
                f"Grant {grant.arn} is {current.grant_status}; it cannot change any more."
            )
        changes: GrantChanges = {}
        name, operations = request.get("GrantName"), request.get("AllowedOperations")
        if name is not None or operations is not None:
            if grant.grantor_account != self.account_id:
                raise invalid(
                    f"Caller {self._caller()} is not allowed to change the name or the "
                    "operations of this grant."
                )
            if operations is not None:
                operations = list(dict.fromkeys(operations))
                self._check_operations(operations, self._parent_grant(grant))
                changes["granted_operations"] = operations
            if name is not None:
                changes["grant_name"] = name
        status = None if request.get("Status") is None else GrantStatus(request["Status"])
        override = from_wire(Options, request.get("Options") or {}).activation_override_behavior
        if status is not None or override is not None:
            if grant.grantee_account != self.account_id:
                raise invalid(
                    f"Caller {self._caller()} is not allowed to change the status of this grant."
                )
            if override is not None:
                changes["options"] = dataclasses.replace(
                    current.options or Options(), activation_override_behavior=override
                )
        competing: list[Grant] = []
        if status is not None:
            self._check_transition(grant, status)
            if status == GrantStatus.ACTIVE:
                competing = self._competing_grants(grant, override)
            changes["grant_status"] = status
        reason = request.get("StatusReason")
        if not changes and reason is None:
            raise invalid("CreateGrantVersion needs at least one change.")
        keeps_status = changes.get("grant_status", current.grant_status) == current.grant_status
        changes["status_reason"] = reason or (current.status_reason if keeps_status else None)
        for other in competing:
            self._new_version(
                other,
                grant_status=GrantStatus.DISABLED,
                status_reason=f"Replaced by grant {grant.arn}.",
            )
        self._new_version(grant, **changes)
        # Sub-grants carry the name and operations of their organization grant.
        shared: GrantChanges = {}
        if "grant_name" in changes:
            shared["grant_name"] = changes["grant_name"]
        if "granted_operations" in changes:
            shared["granted_operations"] = changes["granted_operations"]
        if shared and self._is_group(grant):
            for child in self._sub_grants(grant):
                self._new_version(child, **shared)
        return self._answer(grant)

    def _is_group(self, grant: Grant) -> bool:
        return is_group_principal(grant.current.grantee_principal_arn)

    def _sub_grants(self, grant: Grant) -> list[Grant]:
        return [
            g
            for g in self.store.grants_by_license.get(grant.current.license_arn, [])
            if g.current.parent_arn == grant.arn
            and g.grantor_account == grant.grantor_account
            and g.current.grant_status not in FINAL
        ]

    def _check_transition(self, grant: Grant, status: GrantStatus) -> None:
        """The statuses a grantee may set: ACTIVE (from PENDING_ACCEPT or DISABLED) and
        DISABLED (from ACTIVE)."""
        allowed: dict[str, tuple[str, ...]] = {
            GrantStatus.ACTIVE: (GrantStatus.PENDING_ACCEPT, GrantStatus.DISABLED),
            GrantStatus.DISABLED: (GrantStatus.ACTIVE,),
        }
        current = grant.current.grant_status
        if status not in allowed:
            raise invalid(
                f"Status {status} cannot be set with CreateGrantVersion; use ACTIVE or DISABLED "
                "(AcceptGrant, RejectGrant and DeleteGrant make the other changes)."
            )
        if current not in allowed[status]:
            raise invalid(f"Grant {grant.arn} is {current}; it cannot become {status}.")

    def _competing_grants(self, grant: Grant, override: str | None) -> list[Grant]:
        """Only one AWS Marketplace license of a product can be ACTIVE in an account: the
        ACTIVE grants of other Marketplace licenses of the product, which
        ALL_GRANTS_PERMITTED_BY_ISSUER disables; without it, activating is refused."""
        license_ = self.store.licenses[grant.current.license_arn]
        if license_.issuer_account != MARKETPLACE_ACCOUNT:
            return []
        sku = license_.current.product_sku
        # Only the licenses of that SKU the account received, not all of them.
        same_sku = self.store.received_by_sku.get((self.account_id, sku), {})
        competing = [
            other
            for arn, grants in same_sku.items()
            if arn != license_.arn
            and self.store.licenses[arn].issuer_account == MARKETPLACE_ACCOUNT
            for other in grants
            if other.current.grant_status == GrantStatus.ACTIVE
        ]
        if competing and override != ActivationOverrideBehavior.ALL_GRANTS_PERMITTED_BY_ISSUER:
            raise invalid(
                f"Another AWS Marketplace license of product {sku} is ACTIVE ({competing[0].arn}); "
                "deactivate it first or set Options.ActivationOverrideBehavior to "
                "ALL_GRANTS_PERMITTED_BY_ISSUER."
            )
        return competing
