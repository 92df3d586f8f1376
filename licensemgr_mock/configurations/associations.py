"""Associations of license configurations with EC2 resources:
UpdateLicenseSpecificationsForResource, ListLicenseSpecificationsForResource,
ListAssociationsForLicenseConfiguration, ListUsageForLicenseConfiguration,
ListFailuresForLicenseConfigurationOperations, ListResourceInventory.

Associations are stored on the configuration; whether an associated resource consumes
licenses, and how many, is read live (``usage``).
"""

from __future__ import annotations

from licensemgr_mock.account.settings import SettingsArea
from licensemgr_mock.configurations.configurations import (
    CROSS_ACCOUNT_SCOPE,
    MAX_FILTERS,
    MAX_PER_RESOURCE,
    USAGE_FILTERS,
    ConfigurationsArea,
    check_filter_limits,
)
from licensemgr_mock.configurations.inventory import InventoryFilter, inventory
from licensemgr_mock.configurations.rules import parse_rules, rule_breaches
from licensemgr_mock.configurations.usage import (
    Association,
    LicenseConfiguration,
    LicenseSpecification,
    UsageRow,
    consumed,
    live_associations,
)
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    LicenseConfigurationStatus,
    ListAssociationsForLicenseConfigurationRequest,
    ListAssociationsForLicenseConfigurationResponse,
    ListFailuresForLicenseConfigurationOperationsRequest,
    ListFailuresForLicenseConfigurationOperationsResponse,
    ListLicenseSpecificationsForResourceRequest,
    ListLicenseSpecificationsForResourceResponse,
    ListResourceInventoryRequest,
    ListResourceInventoryResponse,
    ListUsageForLicenseConfigurationRequest,
    ListUsageForLicenseConfigurationResponse,
    ResourceType,
    UpdateLicenseSpecificationsForResourceRequest,
    UpdateLicenseSpecificationsForResourceResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    FilterLimitExceededException,
    InvalidResourceStateException,
    LicenseUsageException,
    invalid,
)
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.wire import Record, from_wire
from licensemgr_mock.state.ec2 import Ec2Resource, resource_type_of
from licensemgr_mock.state.scope import Area, Scope


class AssociationsArea(Area):
    """UpdateLicenseSpecificationsForResource, ListLicenseSpecificationsForResource,
    ListAssociationsForLicenseConfiguration, ListUsageForLicenseConfiguration,
    ListFailuresForLicenseConfigurationOperations, ListResourceInventory."""

    def __init__(
        self, scope: Scope, configurations: ConfigurationsArea, settings: SettingsArea
    ) -> None:
        super().__init__(scope)
        self.configurations = configurations
        self.settings = settings

    @handles("UpdateLicenseSpecificationsForResource")
    def update_license_specifications_for_resource(
        self, request: UpdateLicenseSpecificationsForResourceRequest
    ) -> UpdateLicenseSpecificationsForResourceResponse:
        """Adds and removes the caller's configurations on an EC2 instance, AMI or dedicated host
        it can use in moto's EC2, all or nothing: added ones must be AVAILABLE with rules the
        resource meets, at most 10 per resource. A terminated resource gets
        InvalidResourceStateException, a broken hard limit LicenseUsageException."""
        arn = request["ResourceArn"]
        if resource_type_of(arn) is None:
            raise invalid(f"Resource {arn} is not an EC2 instance, AMI or dedicated host ARN.")
        resource = self.scope.services.ec2.find_resource(arn, self.account_id)
        if resource is None:
            raise invalid(f"Resource {arn} was not found.")
        adds = [
            from_wire(LicenseSpecification, spec)
            for spec in request.get("AddLicenseSpecifications") or []
        ]
        removes = [
            self.configurations.configuration(spec["LicenseConfigurationArn"])
            for spec in request.get("RemoveLicenseSpecifications") or []
        ]
        added = [self._addition(spec, resource) for spec in adds]
        both = {c.arn for c, _ in added} & {c.arn for c in removes}
        if both:
            raise invalid(f"License configuration {sorted(both)[0]} is both added and removed.")
        if added and resource.gone:
            raise InvalidResourceStateException(
                f"Resource {arn} is {resource.state} and cannot take licenses."
            )
        kept = {c.arn for c in self.configurations.all() if arn in c.associations}
        kept = (kept - {c.arn for c in removes}) | {c.arn for c, _ in added}
        if len(kept) > MAX_PER_RESOURCE:
            raise invalid(f"A resource can have at most {MAX_PER_RESOURCE} license configurations.")
        for config, _ in added:
            self._check_limit(config, resource)
        # Everything is valid: apply.
        for config in removes:
            config.associations.pop(arn, None)
        for config, scope in added:
            if arn not in config.associations:
                config.associations[arn] = Association(
                    resource_arn=arn,
                    resource_type=resource.resource_type,
                    resource_owner_id=resource.owner_id,
                    association_time=clock.now(),
                    ami_association_scope=scope,
                )
        return {}

    def _addition(
        self, spec: LicenseSpecification, resource: Ec2Resource
    ) -> tuple[LicenseConfiguration, str | None]:
        """The configuration an AddLicenseSpecifications entry names, checked for use on
        ``resource``."""
        config = self.configurations.configuration(spec.license_configuration_arn)
        scope = spec.ami_association_scope
        if scope is not None and (
            scope != CROSS_ACCOUNT_SCOPE or resource.resource_type != ResourceType.EC2_AMI
        ):
            raise invalid(f"AmiAssociationScope can only be {CROSS_ACCOUNT_SCOPE!r}, for an AMI.")
        if config.status != LicenseConfigurationStatus.AVAILABLE:
            raise invalid(f"License configuration {config.arn} is {config.status}.")
        if resource.resource_type == ResourceType.EC2_AMI:
            return config, scope
        rules = parse_rules(config.license_rules, config.license_counting_type)
        tenancy = rules.get("allowedTenancy")
        broken = rule_breaches(rules, resource.vcpus, resource.cores, resource.sockets)
        if tenancy is not None and tenancy != resource.tenancy:
            broken.append(f"#allowedTenancy={tenancy}")
        if broken:
            raise invalid(
                f"Resource {resource.arn} does not satisfy the license rules "
                f"{', '.join(broken)} of {config.arn}."
            )
        return config, scope

    def _check_limit(self, config: LicenseConfiguration, resource: Ec2Resource) -> None:
        """LicenseUsageException if associating ``resource`` breaks a hard limit."""
        if not config.license_count_hard_limit or config.license_count is None:
            return
        live = live_associations(config)
        if any(a.resource_arn == resource.arn for a, _ in live):
            return
        needed = consumed(config, live) + config.amount(resource)
        if needed > config.license_count:
            raise LicenseUsageException(
                f"License configuration {config.arn} allows {config.license_count} licenses; "
                f"associating {resource.arn} would use {needed}."
            )

    @handles("ListLicenseSpecificationsForResource")
    def list_license_specifications_for_resource(
        self, request: ListLicenseSpecificationsForResourceRequest
    ) -> ListLicenseSpecificationsForResourceResponse:
        """The caller's configurations in this region live-associated with the resource,
        including instances launched from an associated AMI."""
        arn = request["ResourceArn"]
        if resource_type_of(arn) is None:
            raise invalid(f"Resource {arn} is not an EC2 instance, AMI or dedicated host ARN.")
        specs = [
            LicenseSpecification(config.arn, association.ami_association_scope)
            for config in self.configurations.all()
            for association, _ in live_associations(config)
            if association.resource_arn == arn
        ]
        page, token = paginate(request, specs)
        return {"LicenseSpecifications": page, "NextToken": token}

    @handles("ListAssociationsForLicenseConfiguration")
    def list_associations_for_license_configuration(
        self, request: ListAssociationsForLicenseConfigurationRequest
    ) -> ListAssociationsForLicenseConfigurationResponse:
        """The configuration's associations whose resource still exists and is not terminated,
        plus the instances launched from an associated AMI since its association."""
        config = self.configurations.configuration(request["LicenseConfigurationArn"])
        rows = [association for association, _ in live_associations(config)]
        page, token = paginate(request, rows)
        return {"LicenseConfigurationAssociations": page, "NextToken": token}

    @handles("ListUsageForLicenseConfiguration")
    def list_usage_for_license_configuration(
        self, request: ListUsageForLicenseConfigurationRequest
    ) -> ListUsageForLicenseConfigurationResponse:
        """One row per live-associated resource that consumes licenses now (running instances,
        hosts), with the licenses it uses, filtered by resourceArn, resourceType and
        resourceAccount."""
        rows = self.usage_rows(request["LicenseConfigurationArn"])
        filters = request.get("Filters")
        check_filter_limits(filters)
        rows = apply_filters(rows, filters, USAGE_FILTERS)
        page, token = paginate(request, rows)
        return {"LicenseConfigurationUsageList": page, "NextToken": token}

    def usage_rows(self, arn: str) -> list[UsageRow]:
        """One row per resource live-associated with the caller's configuration ``arn`` that
        consumes licenses now (running instances, hosts), with the licenses it uses (under
        Core and Socket, a Dedicated Host's instances are counted as their host's row)."""
        config = self.configurations.configuration(arn)
        return [
            UsageRow(
                resource_arn=association.resource_arn,
                resource_type=association.resource_type,
                resource_status=resource.state,
                resource_owner_id=association.resource_owner_id,
                association_time=association.association_time,
                consumed_licenses=config.amount(resource),
            )
            for association, resource in live_associations(config)
            if config.amount(resource)
        ]

    @handles("ListFailuresForLicenseConfigurationOperations")
    def list_failures_for_license_configuration_operations(
        self, request: ListFailuresForLicenseConfigurationOperationsRequest
    ) -> ListFailuresForLicenseConfigurationOperationsResponse:
        """Always empty for an existing configuration: the mock runs no automated discovery, so
        nothing fails."""
        self.configurations.configuration(request["LicenseConfigurationArn"])
        # The mock runs no automated discovery, so nothing ever fails.
        failures: list[Record] = []
        page, token = paginate(request, failures)
        return {"LicenseOperationFailureList": page, "NextToken": token}

    @handles("ListResourceInventory")
    def list_resource_inventory(
        self, request: ListResourceInventoryRequest
    ) -> ListResourceInventoryResponse:
        """The caller's EC2 instances in this region that are not terminated, from moto's EC2,
        with inventory platform names, kept when every filter matches. Other accounts' resources
        are not listed; a tag filter with NOT_EQUALS needs cross-account discovery
        (FailedDependencyException)."""
        filters = [from_wire(InventoryFilter, entry) for entry in request.get("Filters") or []]
        if len(filters) > MAX_FILTERS:
            raise FilterLimitExceededException(f"At most {MAX_FILTERS} filters.")
        cross_account = self.settings.current.enable_cross_accounts_discovery
        rows = inventory(
            self.scope.services.ec2,
            self.account_id,
            self.region_name,
            self.partition,
            filters,
            cross_account,
        )
        page, token = paginate(request, rows)
        return {"ResourceInventoryList": page, "NextToken": token}
