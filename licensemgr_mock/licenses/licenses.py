"""Seller-issued licenses: create, version, read, list, delete."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

from licensemgr_mock.licenses import signing
from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.licenses.listing import candidates
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    CreateLicenseRequest,
    CreateLicenseResponse,
    CreateLicenseVersionRequest,
    CreateLicenseVersionResponse,
    DeleteLicenseRequest,
    DeleteLicenseResponse,
    EntitlementUnit,
    GetLicenseRequest,
    GetLicenseResponse,
    LicenseDeletionStatus,
    LicenseStatus,
    ListLicensesRequest,
    ListLicensesResponse,
    ListLicenseVersionsRequest,
    ListLicenseVersionsResponse,
    ListReceivedLicensesRequest,
    ListReceivedLicensesResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import ConflictException, invalid, quoted
from licensemgr_mock.pipeline.pagination import filter_lazily, paginate, paginate_after
from licensemgr_mock.pipeline.service_model import known_regions
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Request, from_wire
from licensemgr_mock.state.records import (
    ConsumptionConfiguration,
    DatetimeRange,
    Entitlement,
    Grant,
    GrantedLicense,
    IssuerDetails,
    License,
    LicenseVersion,
    Metadata,
    shallow_fields,
)
from licensemgr_mock.state.scope import Area, Scope, key_fingerprint, new_id

# Deleted licenses stay readable for six months (AWS documentation).
DELETION_GRACE = timedelta(days=180)
# What CreateLicenseVersion may set a license's status to.
SETTABLE_STATUSES = (LicenseStatus.AVAILABLE, LicenseStatus.DEACTIVATED)

LICENSE_FILTERS: dict[str, Callable[[LicenseVersion], str | None]] = {
    "Beneficiary": lambda v: v.beneficiary,
    "ProductSKU": lambda v: v.product_sku,
    "Fingerprint": lambda v: v.issuer.key_fingerprint,
    "Status": lambda v: v.status,
}
RECEIVED_LICENSE_FILTERS: dict[str, Callable[[LicenseVersion], str | None]] = {
    **LICENSE_FILTERS,
    "IssuerName": lambda v: v.issuer.name,
}


@dataclasses.dataclass
class LicenseTerms:
    """The parts of a license that CreateLicense and CreateLicenseVersion both take."""

    license_name: str
    product_name: str
    issuer: IssuerDetails
    home_region: str
    validity: DatetimeRange
    entitlements: list[Entitlement]
    consumption_configuration: ConsumptionConfiguration
    license_metadata: list[Metadata]


class LicensesArea(Area):
    """CreateLicense, CreateLicenseVersion, GetLicense, ListLicenses, ListLicenseVersions,
    DeleteLicense."""

    def __init__(self, scope: Scope, access: LicenseAccess) -> None:
        super().__init__(scope)
        self.access = access

    def tagged(self, arn: str) -> License | None:
        """The license ``arn`` if the caller issued it (for tagging), or None."""
        found = self.store.licenses.get(arn)
        return found if found is not None and found.issuer_account == self.account_id else None

    def _terms(self, request: Request) -> LicenseTerms:
        """Builds and checks what the model cannot: entitlements, validity, signing key."""
        entitlements = [from_wire(Entitlement, e) for e in request["Entitlements"]]
        if not entitlements:
            raise invalid("Entitlements must contain at least one entitlement.")
        names = [e.name for e in entitlements]
        if len(set(names)) != len(names):
            raise invalid("Entitlement names must be unique within a license.")
        for entitlement in entitlements:
            if entitlement.unit == EntitlementUnit.NONE and entitlement.max_count is not None:
                raise invalid(
                    f"Entitlement {entitlement.name} has Unit None and cannot have a MaxCount."
                )
            if entitlement.max_count is not None and entitlement.max_count < 0:
                raise invalid(f"Entitlement {entitlement.name} has a negative MaxCount.")
        validity = from_wire(DatetimeRange, request["Validity"])
        begin = _moment(validity.begin, "Begin")
        if validity.end is not None and _moment(validity.end, "End") <= begin:
            raise invalid("Validity End must be later than Validity Begin.")
        consumption = from_wire(ConsumptionConfiguration, request["ConsumptionConfiguration"])
        provisional, borrow = (
            consumption.provisional_configuration,
            consumption.borrow_configuration,
        )
        for config in (provisional, borrow):
            # The model's validation holds it to 32 bits; a TTL must also be positive.
            if config is not None and config.max_time_to_live_in_minutes <= 0:
                raise invalid("MaxTimeToLiveInMinutes must be at least 1.")
        issuer = from_wire(IssuerDetails, request["Issuer"])
        if issuer.sign_key is not None:
            signing.signing_key(
                self.scope.services.kms, issuer.sign_key, self.account_id, self.region_name
            )
        issuer.key_fingerprint = key_fingerprint(self.account_id, issuer.name)
        return LicenseTerms(
            license_name=request["LicenseName"],
            product_name=request["ProductName"],
            issuer=issuer,
            home_region=request["HomeRegion"],
            validity=validity,
            entitlements=entitlements,
            consumption_configuration=consumption,
            license_metadata=[from_wire(Metadata, m) for m in request.get("LicenseMetadata") or []],
        )

    @handles("CreateLicense")
    def create_license(self, request: CreateLicenseRequest) -> CreateLicenseResponse:
        """Stores version 1 of a new AVAILABLE license issued by the caller, after checking what
        the model cannot (unique entitlement names, counts, Validity, TTLs, the KMS signing key).
        It must be called in HomeRegion (RedirectException otherwise)."""
        home_region = request["HomeRegion"]
        # Checked before it is named in a redirect's Location header.
        if home_region not in known_regions(self.partition):
            raise invalid(f"HomeRegion {quoted(home_region)} is not a region.")
        self.require_home_region(home_region)
        terms = self._terms(request)
        now = clock.now()
        arn = self.arn("license", "l-" + new_id())
        version = LicenseVersion(
            license_arn=arn,
            product_sku=request["ProductSKU"],
            beneficiary=request["Beneficiary"],
            status=LicenseStatus.AVAILABLE,
            create_time=clock.epoch_string(now),
            version="1",
            **shallow_fields(terms),
        )
        tags = tags_from_request(request.get("Tags"))
        license_ = License(
            arn=arn, issuer_account=self.account_id, created=now, versions=[version], tags=tags
        )
        self.store.add_license(license_)
        return {
            "LicenseArn": arn,
            "Status": LicenseStatus(version.status),
            "Version": version.version,
        }

    @handles("CreateLicenseVersion")
    def create_license_version(
        self, request: CreateLicenseVersionRequest
    ) -> CreateLicenseVersionResponse:
        """The issuer adds a version with new terms and Status AVAILABLE or DEACTIVATED, in the
        license's home region; ProductSKU, Beneficiary and HomeRegion stay. A stale SourceVersion
        gets ConflictException; ResetUsage forgets every unit consumed."""
        license_ = self.access.issued_license(request["LicenseArn"], invalid)
        current = self.access.license_view(license_)
        self.require_home_region(current.home_region)
        if current.status in (LicenseStatus.PENDING_DELETE, LicenseStatus.DELETED):
            raise invalid(f"License {license_.arn} is deleted.")
        source = request.get("SourceVersion")
        if source is not None and source != current.version:
            raise ConflictException(
                f"SourceVersion {source} is not the latest version {current.version}."
            )
        status = request["Status"]
        if status not in SETTABLE_STATUSES:
            allowed = ", ".join(SETTABLE_STATUSES)
            raise invalid(f"Status {status} cannot be set; use one of: {allowed}.")
        if request["HomeRegion"] != current.home_region:
            raise invalid("HomeRegion of a license cannot change.")
        terms = self._terms(request)
        version = LicenseVersion(
            license_arn=license_.arn,
            product_sku=current.product_sku,
            beneficiary=current.beneficiary,
            status=status,
            create_time=clock.epoch_string(clock.now()),
            version=str(int(current.version) + 1),
            **shallow_fields(terms),
        )
        self.store.unindex_license(license_)
        license_.versions.append(version)
        self.store.index_license(license_)
        if request.get("ResetUsage"):
            self.reset_usage(license_)
        return {
            "LicenseArn": license_.arn,
            "Version": version.version,
            "Status": LicenseStatus(version.status),
        }

    def reset_usage(self, license_: License) -> None:
        """Forgets every unit consumed of a license (CreateLicenseVersion ResetUsage)."""
        for checkout in self.store.checkouts.values():
            if checkout.license_arn == license_.arn:
                checkout.active = False
        license_.drawn.clear()
        license_.held.clear()
        license_.expiries.clear()

    @handles("GetLicense")
    def get_license(self, request: GetLicenseRequest) -> GetLicenseResponse:
        """A license the caller issued or received through a grant that still gives access, as it
        reads now (PENDING_DELETE, DELETED, EXPIRED), at its current or the asked Version; anyone
        else's license reads as not available."""
        license_ = self.access.visible_license(request["LicenseArn"], invalid)
        return {"License": self.access.license_view(license_, request.get("Version"))}

    @handles("ListLicenses")
    def list_licenses(self, request: ListLicensesRequest) -> ListLicensesResponse:
        """The licenses the caller issued, as they read now, filtered by LicenseArns and Filters
        (Beneficiary, ProductSKU, Fingerprint, Status)."""
        issued = self.store.issued.get(self.account_id, {})
        arrival = self.store.arrival

        def views_after(position: int | None) -> Iterator[LicenseVersion]:
            mine = candidates(
                request,
                issued,
                lambda sku: self.store.issued_by_sku.get((self.account_id, sku), {}),
                lambda arn, _: arrival[arn],
                position,
            )
            views = (self.access.license_view(license_) for _, license_ in mine)
            return filter_lazily(views, request.get("Filters"), LICENSE_FILTERS)

        page, token = paginate_after(request, views_after, lambda v: arrival[v.license_arn])
        return {"Licenses": page, "NextToken": token}

    @handles("ListLicenseVersions")
    def list_license_versions(
        self, request: ListLicenseVersionsRequest
    ) -> ListLicenseVersionsResponse:
        """Every version of a license the caller issued or received, each as it reads now."""
        license_ = self.access.visible_license(request["LicenseArn"], invalid)
        versions = [self.access.license_view(license_, v.version) for v in license_.versions]
        page, token = paginate(request, versions)
        return {"Licenses": page, "NextToken": token}

    @handles("DeleteLicense")
    def delete_license(self, request: DeleteLicenseRequest) -> DeleteLicenseResponse:
        """The issuer marks a license PENDING_DELETE in its home region, naming its current
        SourceVersion (ConflictException otherwise); it reads DELETED after 180 days. From then
        on it cannot be checked out, granted or given tokens; existing grants and checkouts are
        left as they are."""
        license_ = self.access.issued_license(request["LicenseArn"], invalid)
        current = self.access.license_view(license_)
        self.require_home_region(current.home_region)
        if license_.deletion_date is not None:
            raise invalid(f"License {license_.arn} is already deleted.")
        if request["SourceVersion"] != current.version:
            raise ConflictException(
                f"SourceVersion {request['SourceVersion']} is not the latest version "
                f"{current.version}."
            )
        license_.deletion_date = clock.later(clock.now(), DELETION_GRACE)
        return {
            "Status": LicenseDeletionStatus.PENDING_DELETE,
            "DeletionDate": clock.iso(license_.deletion_date),
        }

    @handles("ListReceivedLicenses")
    def list_received_licenses(
        self, request: ListReceivedLicensesRequest
    ) -> ListReceivedLicensesResponse:
        """The licenses the caller received, once each, with its latest grant's status as
        ReceivedStatus (REJECTED and FAILED_WORKFLOW still listed, DELETED not), filtered by
        LicenseArns and Filters."""
        arrival = self.store.arrival
        received = self.store.received.get(self.account_id, {})

        def rank(arn: str, grants: list[Grant]) -> int:
            # A license is received with its first grant.
            return arrival[grants[0].arn]

        def listed_after(position: int | None) -> Iterator[GrantedLicense]:
            chosen = candidates(
                request,
                received,
                lambda sku: self.store.received_by_sku.get((self.account_id, sku), {}),
                rank,
                position,
            )
            listed = (
                self.access.granted_license(license_arn, grant)
                for license_arn, grant in self.access.latest_listed(chosen)
            )
            return filter_lazily(listed, request.get("Filters"), RECEIVED_LICENSE_FILTERS)

        page, token = paginate_after(
            request, listed_after, lambda v: rank(v.license_arn, received[v.license_arn])
        )
        return {"Licenses": page, "NextToken": token}


def _moment(text: str, member: str) -> datetime:
    """A Validity bound as a time; the model's pattern admits some it cannot be (year 0,
    years past 9999, a zone given twice), which AWS refuses as bad input."""
    try:
        return clock.parse_iso(text)
    except (ValueError, OverflowError):
        # OverflowError: an offset that moves year 1 or 9999 out of range in UTC.
        raise invalid(f"Validity {member} {quoted(text)} is not a valid date and time.") from None
