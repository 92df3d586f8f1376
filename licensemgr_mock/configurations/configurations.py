"""License configurations (self-managed licenses) and their associations with EC2 resources.

A configuration lives in one account and region, in ``self.license_configurations`` keyed by
ARN. Associations are stored on the configuration; whether an associated resource consumes
licenses, and how many, is read live from moto's EC2 (``ec2_resources``), so stopping or
terminating an instance through EC2 changes the counts at once. A terminated (or vanished)
resource is treated as disassociated everywhere. Instances launched from an associated AMI
after its association count as associated, as AWS tracks them. None of these operations model
ValidationException, so bad values are InvalidParameterValueException.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from licensemgr_mock.account.tagging import tags_from_request
from licensemgr_mock.configurations.rules import check_rule_change, parse_rules, rule_breaches
from licensemgr_mock.grants.grants import organization_of
from licensemgr_mock.moto_services.ec2 import (
    Ec2Resource,
    find_resource,
    inventory,
    launched_from,
    resource_type_of,
)
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import LicenseCountingType, ResourceType
from licensemgr_mock.pipeline.errors import (
    AccessDeniedException,
    FilterLimitExceededException,
    InvalidParameterValueException,
    InvalidResourceStateException,
    LicenseUsageException,
    ResourceLimitExceededException,
)
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.state.scope import BackendBase, new_id

# Documented quotas: self-managed licenses per region, and per resource.
MAX_CONFIGURATIONS = 25
MAX_PER_RESOURCE = 10
# FilterLimitExceededException thresholds (AWS does not publish its own).
MAX_FILTERS = 10
MAX_FILTER_VALUES = 10

PRODUCT_RESOURCE_TYPES = ("SSM_MANAGED", "RDS")
PRODUCT_COMPARATORS = ("EQUALS", "NOT_EQUALS", "BEGINS_WITH", "CONTAINS")
CROSS_ACCOUNT_SCOPE = "cross-account"
# The summary rows AWS returns (AMIs are managed but never consume).
CONSUMING_TYPES = (
    ResourceType.EC2_INSTANCE,
    ResourceType.EC2_HOST,
    ResourceType.SYSTEMS_MANAGER_MANAGED_INSTANCE,
)
MANAGED_TYPES = (
    ResourceType.EC2_INSTANCE,
    ResourceType.EC2_HOST,
    ResourceType.EC2_AMI,
    ResourceType.SYSTEMS_MANAGER_MANAGED_INSTANCE,
)


@dataclass
class Association:
    """A resource attached to a configuration."""

    resource_arn: str
    resource_type: str
    resource_owner_id: str
    association_time: datetime
    ami_association_scope: str | None = None


@dataclass
class LicenseConfiguration:
    """A self-managed license; ``associations`` are keyed by resource ARN."""

    arn: str
    license_configuration_id: str
    owner_account_id: str
    name: str
    license_counting_type: str
    license_rules: list[str] = field(default_factory=list)
    description: str | None = None
    license_count: int | None = None
    license_count_hard_limit: bool = False
    disassociate_when_not_found: bool | None = None
    status: str = "AVAILABLE"
    product_information_list: list[dict[str, Any]] | None = None
    license_expiry: int | None = None
    tags: dict[str, str] = field(default_factory=dict)
    associations: dict[str, Association] = field(default_factory=dict)

    def amount(self, resource: Ec2Resource) -> int:
        """Licenses ``resource`` uses under this configuration's counting type (0 unless it
        consumes now)."""
        if not resource.consuming:
            return 0
        per_type = {
            LicenseCountingType.INSTANCE: 1,
            LicenseCountingType.V_CPU: resource.vcpus,
            LicenseCountingType.CORE: resource.cores,
            LicenseCountingType.SOCKET: resource.sockets,
        }
        return per_type[LicenseCountingType(self.license_counting_type)]


Live = list[tuple[Association, Ec2Resource]]


def _live(config: LicenseConfiguration) -> Live:
    """The associations whose resource still exists and is not terminated, then the
    instances launched from an associated AMI since its association (AWS tracks those
    without an explicit association)."""
    found: Live = []
    images: list[tuple[Association, Ec2Resource]] = []
    for association in config.associations.values():
        resource = find_resource(association.resource_arn, config.owner_account_id)
        if resource is not None and not resource.gone:
            found.append((association, resource))
            if resource.resource_type == ResourceType.EC2_AMI:
                images.append((association, resource))
    explicit = set(config.associations)
    for association, image in images:
        for launched in launched_from(image, config.owner_account_id, association.association_time):
            if launched.arn in explicit or launched.launched is None:
                continue
            explicit.add(launched.arn)
            implied = Association(
                resource_arn=launched.arn,
                resource_type=launched.resource_type,
                resource_owner_id=launched.owner_id,
                association_time=launched.launched,
            )
            found.append((implied, launched))
    return found


def _consumed(config: LicenseConfiguration, live: Live) -> int:
    return sum(config.amount(resource) for _, resource in live)


def _view(config: LicenseConfiguration, with_tags: bool) -> dict[str, Any]:
    """The API's LicenseConfiguration (plus Tags for GetLicenseConfiguration)."""
    live = _live(config)
    view: dict[str, Any] = {
        "LicenseConfigurationId": config.license_configuration_id,
        "LicenseConfigurationArn": config.arn,
        "Name": config.name,
        "Description": config.description,
        "LicenseCountingType": config.license_counting_type,
        "LicenseRules": config.license_rules,
        "LicenseCount": config.license_count,
        "LicenseCountHardLimit": config.license_count_hard_limit,
        "DisassociateWhenNotFound": config.disassociate_when_not_found,
        "ConsumedLicenses": _consumed(config, live),
        "Status": config.status,
        "OwnerAccountId": config.owner_account_id,
        "ConsumedLicenseSummaryList": [
            {
                "ResourceType": kind,
                "ConsumedLicenses": sum(
                    config.amount(r) for _, r in live if r.resource_type == kind
                ),
            }
            for kind in CONSUMING_TYPES
        ],
        "ManagedResourceSummaryList": [
            {
                "ResourceType": kind,
                "AssociationCount": sum(1 for _, r in live if r.resource_type == kind),
            }
            for kind in MANAGED_TYPES
        ],
        "ProductInformationList": config.product_information_list,
        "LicenseExpiry": config.license_expiry,
    }
    if with_tags:
        view["Tags"] = [{"Key": k, "Value": v} for k, v in config.tags.items()]
    return view


def _check_filter_limits(filters: list[dict[str, Any]] | None) -> None:
    filters = filters or []
    if len(filters) > MAX_FILTERS or any(
        len(entry.get("Values") or []) > MAX_FILTER_VALUES for entry in filters
    ):
        raise FilterLimitExceededException(
            f"At most {MAX_FILTERS} filters of at most {MAX_FILTER_VALUES} values each."
        )


def _page(request: dict[str, Any], items: list[Any]) -> tuple[list[Any], str | None]:
    # MaxResults has no bound in the model for these operations, so zero or less gets here.
    size = request.get("MaxResults")
    if size is not None and size < 1:
        raise InvalidParameterValueException(f"MaxResults must be at least 1, not {size}.")
    return paginate(items, request.get("NextToken"), size, InvalidParameterValueException)


def _boolean_filters(filters: list[dict[str, Any]] | None, names: set[str]) -> list[dict[str, Any]]:
    """The filters with the values of boolean filters lower-cased ("True" matches "true")."""
    return [
        {**entry, "Values": [str(v).lower() for v in entry.get("Values") or []]}
        if entry.get("Name") in names
        else entry
        for entry in filters or []
    ]


CONFIGURATION_FILTERS: dict[str, Callable[[LicenseConfiguration], str | None]] = {
    "licenseCountingType": lambda c: c.license_counting_type,
    "enforceLicenseCount": lambda c: str(c.license_count_hard_limit).lower(),
    "usagelimitExceeded": lambda c: str(
        c.license_count is not None and _consumed(c, _live(c)) > c.license_count
    ).lower(),
}
_BOOLEAN_FILTERS = {"enforceLicenseCount", "usagelimitExceeded"}

USAGE_FILTERS: dict[str, Callable[[dict[str, Any]], str | None]] = {
    "resourceArn": lambda row: row["ResourceArn"],
    "resourceType": lambda row: row["ResourceType"],
    "resourceAccount": lambda row: row["ResourceOwnerId"],
}


def _check_product_information(
    products: list[dict[str, Any]] | None, counting_type: str, rules: list[str], hard: bool
) -> None:
    for product in products or []:
        kind = product["ResourceType"]
        if kind not in PRODUCT_RESOURCE_TYPES:
            raise InvalidParameterValueException(
                f"ProductInformation ResourceType must be one of "
                f"{', '.join(PRODUCT_RESOURCE_TYPES)}, not {kind!r}."
            )
        for entry in product["ProductInformationFilterList"]:
            comparator = entry["ProductInformationFilterComparator"]
            if comparator not in PRODUCT_COMPARATORS:
                raise InvalidParameterValueException(
                    f"ProductInformationFilterComparator must be one of "
                    f"{', '.join(PRODUCT_COMPARATORS)}, not {comparator!r}."
                )
        # The user guide: RDS products are counted by vCPU, with no rules and no hard limit.
        if kind == "RDS" and (counting_type != LicenseCountingType.V_CPU or rules or hard):
            raise InvalidParameterValueException(
                "A license configuration for RDS must count vCPUs, with no license rules "
                "and no hard limit."
            )


def _check_count(count: int | None, hard: bool) -> None:
    if count is not None and count < 0:
        raise InvalidParameterValueException(f"LicenseCount must not be negative, not {count}.")
    if hard and count is None:
        raise InvalidParameterValueException("LicenseCountHardLimit needs a LicenseCount.")


class LicenseConfigurationsMixin(BackendBase):
    """CreateLicenseConfiguration, GetLicenseConfiguration, ListLicenseConfigurations,
    ListLicenseConfigurationsForOrganization, UpdateLicenseConfiguration,
    DeleteLicenseConfiguration, UpdateLicenseSpecificationsForResource,
    ListLicenseSpecificationsForResource, ListAssociationsForLicenseConfiguration,
    ListUsageForLicenseConfiguration, ListFailuresForLicenseConfigurationOperations,
    ListResourceInventory."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.license_configurations: dict[str, LicenseConfiguration] = {}

    def _configuration(self, arn: str) -> LicenseConfiguration:
        """The caller's configuration in this region; IPV as AWS answers otherwise."""
        found = self.license_configurations.get(arn)
        if found is None:
            raise InvalidParameterValueException(f"Invalid license configuration ARN: {arn}")
        return found

    # -- the configurations -------------------------------------------------------------

    def create_license_configuration(self, request: dict[str, Any]) -> dict[str, Any]:
        counting_type = request["LicenseCountingType"]
        rules = list(request.get("LicenseRules") or [])
        parse_rules(rules, counting_type)
        count = request.get("LicenseCount")
        hard = bool(request.get("LicenseCountHardLimit", False))
        _check_count(count, hard)
        products = request.get("ProductInformationList")
        _check_product_information(products, counting_type, rules, hard)
        tags = tags_from_request(request.get("Tags"), InvalidParameterValueException)
        if len(self.license_configurations) >= MAX_CONFIGURATIONS:
            raise ResourceLimitExceededException(
                f"An account can have at most {MAX_CONFIGURATIONS} license configurations "
                f"in a region."
            )
        configuration_id = f"lic-{new_id()}"
        arn = self.arn("license-configuration", configuration_id, regional=True)
        self.license_configurations[arn] = LicenseConfiguration(
            arn=arn,
            license_configuration_id=configuration_id,
            owner_account_id=self.account_id,
            name=request["Name"],
            license_counting_type=counting_type,
            license_rules=rules,
            description=request.get("Description"),
            license_count=count,
            license_count_hard_limit=hard,
            disassociate_when_not_found=request.get("DisassociateWhenNotFound"),
            product_information_list=products,
            license_expiry=request.get("LicenseExpiry"),
            tags=tags,
        )
        return {"LicenseConfigurationArn": arn}

    def get_license_configuration(self, request: dict[str, Any]) -> dict[str, Any]:
        return _view(self._configuration(request["LicenseConfigurationArn"]), with_tags=True)

    def list_license_configurations(self, request: dict[str, Any]) -> dict[str, Any]:
        arns = request.get("LicenseConfigurationArns")
        if arns:
            chosen = [self._configuration(arn) for arn in dict.fromkeys(arns)]
        else:
            chosen = list(self.license_configurations.values())
        return self._listing(request, chosen)

    def list_license_configurations_for_organization(
        self, request: dict[str, Any]
    ) -> dict[str, Any]:
        from licensemgr_mock.moto_glue.models import licensemanager_backends

        org = organization_of(self.account_id, self.partition)
        if org is None or org.management_account != self.account_id:
            raise AccessDeniedException(
                f"Account {self.account_id} is not the management account of an organization."
            )
        everyone: dict[str, LicenseConfiguration] = {}
        for account in org.accounts():
            # ``get`` rather than ``[]``: reading must not create backends for other accounts.
            regional = licensemanager_backends.get(account)
            backend = regional.get(self.region_name) if regional is not None else None
            if backend is not None:
                everyone.update(backend.license_configurations)
        arns = request.get("LicenseConfigurationArns")
        if arns:
            missing = [arn for arn in arns if arn not in everyone]
            if missing:
                raise InvalidParameterValueException(
                    f"Invalid license configuration ARN: {missing[0]}"
                )
            chosen = [everyone[arn] for arn in dict.fromkeys(arns)]
        else:
            chosen = list(everyone.values())
        return self._listing(request, chosen)

    def _listing(
        self, request: dict[str, Any], chosen: list[LicenseConfiguration]
    ) -> dict[str, Any]:
        filters = request.get("Filters")
        _check_filter_limits(filters)
        kept = apply_filters(
            chosen,
            _boolean_filters(filters, _BOOLEAN_FILTERS),
            CONFIGURATION_FILTERS,
            InvalidParameterValueException,
        )
        page, token = _page(request, kept)
        return {
            "LicenseConfigurations": [_view(c, with_tags=False) for c in page],
            "NextToken": token,
        }

    def update_license_configuration(self, request: dict[str, Any]) -> dict[str, Any]:
        config = self._configuration(request["LicenseConfigurationArn"])
        rules = request.get("LicenseRules")
        if rules is not None:
            new_rules = parse_rules(rules, config.license_counting_type)
            check_rule_change(
                parse_rules(config.license_rules, config.license_counting_type), new_rules
            )
        count = request.get("LicenseCount", config.license_count)
        hard = request.get("LicenseCountHardLimit", config.license_count_hard_limit)
        _check_count(count, hard)
        products = request.get("ProductInformationList", config.product_information_list)
        _check_product_information(
            products,
            config.license_counting_type,
            rules if rules is not None else config.license_rules,
            hard,
        )
        # Everything is valid: apply the members given.
        if rules is not None:
            config.license_rules = list(rules)
        config.license_count = count
        config.license_count_hard_limit = hard
        config.product_information_list = products
        config.status = request.get("LicenseConfigurationStatus", config.status)
        config.name = request.get("Name", config.name)
        config.description = request.get("Description", config.description)
        config.disassociate_when_not_found = request.get(
            "DisassociateWhenNotFound", config.disassociate_when_not_found
        )
        config.license_expiry = request.get("LicenseExpiry", config.license_expiry)
        return {}

    def delete_license_configuration(self, request: dict[str, Any]) -> dict[str, Any]:
        config = self._configuration(request["LicenseConfigurationArn"])
        live = _live(config)
        if live:
            raise InvalidParameterValueException(
                f"License configuration {config.arn} is associated with "
                f"{len(live)} resources; remove them first."
            )
        del self.license_configurations[config.arn]
        return {}

    # -- associations -------------------------------------------------------------------

    def update_license_specifications_for_resource(self, request: dict[str, Any]) -> dict[str, Any]:
        arn = request["ResourceArn"]
        if resource_type_of(arn) is None:
            raise InvalidParameterValueException(
                f"Resource {arn} is not an EC2 instance, AMI or dedicated host ARN."
            )
        resource = find_resource(arn, self.account_id)
        if resource is None:
            raise InvalidParameterValueException(f"Resource {arn} was not found.")
        adds = request.get("AddLicenseSpecifications") or []
        removes = [
            self._configuration(s["LicenseConfigurationArn"])
            for s in request.get("RemoveLicenseSpecifications") or []
        ]
        added = [self._addition(spec, resource) for spec in adds]
        both = {c.arn for c, _ in added} & {c.arn for c in removes}
        if both:
            raise InvalidParameterValueException(
                f"License configuration {sorted(both)[0]} is both added and removed."
            )
        if added and resource.gone:
            raise InvalidResourceStateException(
                f"Resource {arn} is {resource.state} and cannot take licenses."
            )
        kept = {c.arn for c in self.license_configurations.values() if arn in c.associations}
        kept = (kept - {c.arn for c in removes}) | {c.arn for c, _ in added}
        if len(kept) > MAX_PER_RESOURCE:
            raise InvalidParameterValueException(
                f"A resource can have at most {MAX_PER_RESOURCE} license configurations."
            )
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
        self, spec: dict[str, Any], resource: Ec2Resource
    ) -> tuple[LicenseConfiguration, str | None]:
        """The configuration an AddLicenseSpecifications entry names, checked for use on
        ``resource``."""
        config = self._configuration(spec["LicenseConfigurationArn"])
        scope = spec.get("AmiAssociationScope")
        if scope is not None and (
            scope != CROSS_ACCOUNT_SCOPE or resource.resource_type != ResourceType.EC2_AMI
        ):
            raise InvalidParameterValueException(
                f"AmiAssociationScope can only be {CROSS_ACCOUNT_SCOPE!r}, for an AMI."
            )
        if config.status != "AVAILABLE":
            raise InvalidParameterValueException(
                f"License configuration {config.arn} is {config.status}."
            )
        if resource.resource_type == ResourceType.EC2_AMI:
            return config, scope
        rules = parse_rules(config.license_rules, config.license_counting_type)
        tenancy = rules.get("allowedTenancy")
        broken = rule_breaches(rules, resource.vcpus, resource.cores, resource.sockets)
        if tenancy is not None and tenancy != resource.tenancy:
            broken.append(f"#allowedTenancy={tenancy}")
        if broken:
            raise InvalidParameterValueException(
                f"Resource {resource.arn} does not satisfy the license rules "
                f"{', '.join(broken)} of {config.arn}."
            )
        return config, scope

    def _check_limit(self, config: LicenseConfiguration, resource: Ec2Resource) -> None:
        """LicenseUsageException if associating ``resource`` breaks a hard limit."""
        if not config.license_count_hard_limit or config.license_count is None:
            return
        live = _live(config)
        if any(a.resource_arn == resource.arn for a, _ in live):
            return
        needed = _consumed(config, live) + config.amount(resource)
        if needed > config.license_count:
            raise LicenseUsageException(
                f"License configuration {config.arn} allows {config.license_count} licenses; "
                f"associating {resource.arn} would use {needed}."
            )

    def list_license_specifications_for_resource(self, request: dict[str, Any]) -> dict[str, Any]:
        arn = request["ResourceArn"]
        if resource_type_of(arn) is None:
            raise InvalidParameterValueException(
                f"Resource {arn} is not an EC2 instance, AMI or dedicated host ARN."
            )
        specs = [
            {
                "LicenseConfigurationArn": config.arn,
                "AmiAssociationScope": association.ami_association_scope,
            }
            for config in self.license_configurations.values()
            for association, _ in _live(config)
            if association.resource_arn == arn
        ]
        page, token = _page(request, specs)
        return {"LicenseSpecifications": page, "NextToken": token}

    def list_associations_for_license_configuration(
        self, request: dict[str, Any]
    ) -> dict[str, Any]:
        config = self._configuration(request["LicenseConfigurationArn"])
        rows = [association for association, _ in _live(config)]
        page, token = _page(request, rows)
        return {"LicenseConfigurationAssociations": page, "NextToken": token}

    def list_usage_for_license_configuration(self, request: dict[str, Any]) -> dict[str, Any]:
        config = self._configuration(request["LicenseConfigurationArn"])
        filters = request.get("Filters")
        _check_filter_limits(filters)
        rows = [
            {
                "ResourceArn": association.resource_arn,
                "ResourceType": association.resource_type,
                "ResourceStatus": resource.state,
                "ResourceOwnerId": association.resource_owner_id,
                "AssociationTime": association.association_time,
                "ConsumedLicenses": config.amount(resource),
            }
            for association, resource in _live(config)
            if resource.consuming
        ]
        rows = apply_filters(rows, filters, USAGE_FILTERS, InvalidParameterValueException)
        page, token = _page(request, rows)
        return {"LicenseConfigurationUsageList": page, "NextToken": token}

    def list_failures_for_license_configuration_operations(
        self, request: dict[str, Any]
    ) -> dict[str, Any]:
        self._configuration(request["LicenseConfigurationArn"])
        # The mock runs no automated discovery, so nothing ever fails.
        page, token = _page(request, [])
        return {"LicenseOperationFailureList": page, "NextToken": token}

    def list_resource_inventory(self, request: dict[str, Any]) -> dict[str, Any]:
        filters = request.get("Filters") or []
        if len(filters) > MAX_FILTERS:
            raise FilterLimitExceededException(f"At most {MAX_FILTERS} filters.")
        # The settings belong to ServiceSettingsMixin, a sibling in the composed backend.
        settings = getattr(self, "service_settings", None)
        cross_account = bool(getattr(settings, "enable_cross_accounts_discovery", False))
        rows = inventory(self.account_id, self.region_name, self.partition, filters, cross_account)
        page, token = _page(request, rows)
        return {"ResourceInventoryList": page, "NextToken": token}
