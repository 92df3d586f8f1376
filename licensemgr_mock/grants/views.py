"""Reads of grants: GetGrant and the lists of distributed and received grants, including the
organization-wide views of what its member accounts received."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from licensemgr_mock.grants.principals import is_sub_grant, managed_organization, visible_grant
from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.pipeline.api import (
    GetGrantRequest,
    GetGrantResponse,
    ListDistributedGrantsRequest,
    ListDistributedGrantsResponse,
    ListReceivedGrantsForOrganizationRequest,
    ListReceivedGrantsForOrganizationResponse,
    ListReceivedGrantsRequest,
    ListReceivedGrantsResponse,
    ListReceivedLicensesForOrganizationRequest,
    ListReceivedLicensesForOrganizationResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import invalid
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.wire import Request
from licensemgr_mock.state.records import Grant, GrantVersion, LicenseVersion
from licensemgr_mock.state.scope import Area, Scope

GrantField = Callable[[Grant], str | None]
DISTRIBUTED_FILTERS = (
    "LicenseArn",
    "GrantStatus",
    "GranteePrincipalARN",
    "ProductSKU",
    "LicenseIssuerName",
)
RECEIVED_FILTERS = (
    "ProductSKU",
    "LicenseIssuerName",
    "LicenseArn",
    "GrantStatus",
    "GranterAccountId",
)
ORGANIZATION_GRANT_FILTERS = ("ParentArn", "GranteePrincipalArn")
ORGANIZATION_LICENSE_FILTERS: dict[str, Callable[[LicenseVersion], str | None]] = {
    "Beneficiary": lambda v: v.beneficiary,
    "ProductSKU": lambda v: v.product_sku,
}


class GrantViewsArea(Area):
    """GetGrant, ListDistributedGrants, ListReceivedGrants, ListReceivedGrantsForOrganization,
    ListReceivedLicensesForOrganization."""

    def __init__(self, scope: Scope, access: LicenseAccess) -> None:
        super().__init__(scope)
        self.access = access

    def _grant_fields(self, names: Iterable[str]) -> dict[str, GrantField]:
        licenses = self.store.licenses
        every: dict[str, GrantField] = {
            "LicenseArn": lambda g: g.current.license_arn,
            "GrantStatus": lambda g: g.current.grant_status,
            "GranteePrincipalARN": lambda g: g.current.grantee_principal_arn,
            "GranteePrincipalArn": lambda g: g.current.grantee_principal_arn,
            "ParentArn": lambda g: g.current.parent_arn,
            "GranterAccountId": lambda g: g.grantor_account,
            "ProductSKU": lambda g: licenses[g.current.license_arn].current.product_sku,
            "LicenseIssuerName": lambda g: licenses[g.current.license_arn].current.issuer.name,
        }
        return {name: every[name] for name in names}

    def _page(
        self, grants: list[Grant], request: Request, filters: Iterable[str]
    ) -> ListReceivedGrantsResponse:
        wanted = request.get("GrantArns")
        if wanted is not None:
            grants = [g for g in grants if g.arn in wanted]
        grants = apply_filters(grants, request.get("Filters"), self._grant_fields(filters))
        page, token = paginate(request, grants)
        return {"Grants": [g.current for g in page], "NextToken": token}

    @handles("GetGrant")
    def get_grant(self, request: GetGrantRequest) -> GetGrantResponse:
        """A grant the caller made or received, at its current version or the Version asked for;
        anyone else's grant reads as not available (ValidationException)."""
        grant = visible_grant(self.store, self.account_id, request["GrantArn"])
        version = request.get("Version")
        if version is None:
            return {"Grant": grant.current}
        found = [v for v in grant.versions if v.version == version]
        if not found:
            raise invalid(f"Version {version} of grant {grant.arn} does not exist.")
        return {"Grant": found[0]}

    @handles("ListDistributedGrants")
    def list_distributed_grants(
        self, request: ListDistributedGrantsRequest
    ) -> ListDistributedGrantsResponse:
        """The grants the caller made, filtered by GrantArns and Filters; the per-member
        sub-grants of an organization or OU grant are not listed."""
        # Sub-grants are the service's own bookkeeping of an organization grant: not listed.
        mine = [
            g
            for g in self.store.grants.values()
            if g.grantor_account == self.account_id and not is_sub_grant(self.store, g)
        ]
        return self._page(mine, request, DISTRIBUTED_FILTERS)

    @handles("ListReceivedGrants")
    def list_received_grants(
        self, request: ListReceivedGrantsRequest
    ) -> ListReceivedGrantsResponse:
        """Every grant the caller's account received, in any status, filtered by GrantArns and
        Filters."""
        received = [
            grant
            for grants in self.store.received.get(self.account_id, {}).values()
            for grant in grants
        ]
        return self._page(received, request, RECEIVED_FILTERS)

    @handles("ListReceivedGrantsForOrganization")
    def list_received_grants_for_organization(
        self, request: ListReceivedGrantsForOrganizationRequest
    ) -> ListReceivedGrantsForOrganizationResponse:
        """For the management account of a moto organization (else AccessDeniedException): the
        grants of LicenseArn received by its member accounts, the organization or one of its OUs,
        filtered by ParentArn and GranteePrincipalArn."""
        org = managed_organization(
            self.scope.services.organizations, self.account_id, self.partition
        )
        members = set(org.accounts())
        in_org = [
            g
            for g in self.store.grants_by_license.get(request["LicenseArn"], [])
            if g.grantee_account in members
            or g.grantee_account == org.arn
            or f"/{org.id}/" in g.grantee_account
        ]
        return self._page(in_org, request, ORGANIZATION_GRANT_FILTERS)

    @handles("ListReceivedLicensesForOrganization")
    def list_received_licenses_for_organization(
        self, request: ListReceivedLicensesForOrganizationRequest
    ) -> ListReceivedLicensesForOrganizationResponse:
        """For the management account of a moto organization (else AccessDeniedException): the
        licenses its member accounts received, one entry per license with the status of a latest
        listed grant, filtered by Beneficiary and ProductSKU."""
        org = managed_organization(
            self.scope.services.organizations, self.account_id, self.partition
        )
        latest: dict[str, GrantVersion] = {}
        for account in org.accounts():
            latest.update(self.access.received_by(account))
        received = [self.access.granted_license(arn, grant) for arn, grant in latest.items()]
        received = apply_filters(received, request.get("Filters"), ORGANIZATION_LICENSE_FILTERS)
        page, token = paginate(request, received)
        return {"Licenses": page, "NextToken": token}
