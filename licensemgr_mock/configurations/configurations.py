"""License configurations (self-managed licenses): CreateLicenseConfiguration,
GetLicenseConfiguration, ListLicenseConfigurations, ListLicenseConfigurationsForOrganization,
UpdateLicenseConfiguration, DeleteLicenseConfiguration.

A configuration lives in one account and region, in ``self.license_configurations`` keyed by
ARN; what it consumes is read live (``usage``). Answers are the records themselves: the
serialiser reads their fields and computed members by the output shape. None of these
operations model ValidationException, so ``invalid`` gives InvalidParameterValueException.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from licensemgr_mock.configurations.rules import check_rule_change, parse_rules
from licensemgr_mock.configurations.usage import (
    LicenseConfiguration,
    ProductInformation,
    UsageRow,
    WithTags,
    consumed,
    live_associations,
)
from licensemgr_mock.pipeline.api import (
    CreateLicenseConfigurationRequest,
    CreateLicenseConfigurationResponse,
    DeleteLicenseConfigurationRequest,
    DeleteLicenseConfigurationResponse,
    GetLicenseConfigurationRequest,
    GetLicenseConfigurationResponse,
    LicenseConfigurationStatus,
    LicenseCountingType,
    ListLicenseConfigurationsForOrganizationRequest,
    ListLicenseConfigurationsForOrganizationResponse,
    ListLicenseConfigurationsRequest,
    ListLicenseConfigurationsResponse,
    UpdateLicenseConfigurationRequest,
    UpdateLicenseConfigurationResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    AccessDeniedException,
    FilterLimitExceededException,
    ResourceLimitExceededException,
    invalid,
)
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Record, Request, from_wire
from licensemgr_mock.state.scope import Area, Scope, new_id

MAX_CONFIGURATIONS = 25
MAX_PER_RESOURCE = 10
# FilterLimitExceededException thresholds (AWS does not publish its own).
MAX_FILTERS = 10
MAX_FILTER_VALUES = 10

PRODUCT_RESOURCE_TYPES = ("SSM_MANAGED", "RDS")
PRODUCT_COMPARATORS = ("EQUALS", "NOT_EQUALS", "BEGINS_WITH", "CONTAINS")
CROSS_ACCOUNT_SCOPE = "cross-account"


def check_filter_limits(filters: Sequence[Request] | None) -> None:
    """FilterLimitExceededException past the filter limits."""
    filters = filters or []
    if len(filters) > MAX_FILTERS or any(
        len(entry.get("Values") or []) > MAX_FILTER_VALUES for entry in filters
    ):
        raise FilterLimitExceededException(
            f"At most {MAX_FILTERS} filters of at most {MAX_FILTER_VALUES} values each."
        )


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
        c.license_count is not None and consumed(c, live_associations(c)) > c.license_count
    ).lower(),
}
_BOOLEAN_FILTERS = {"enforceLicenseCount", "usagelimitExceeded"}

USAGE_FILTERS: dict[str, Callable[[UsageRow], str | None]] = {
    "resourceArn": lambda row: row.resource_arn,
    "resourceType": lambda row: row.resource_type,
    "resourceAccount": lambda row: row.resource_owner_id,
}


def _products(request: Sequence[Request] | None) -> list[ProductInformation] | None:
    """A ProductInformationList as records."""
    if request is None:
        return None
    return [from_wire(ProductInformation, entry) for entry in request]


def _check_product_information(
    products: list[ProductInformation] | None,
    counting_type: str,
    rules: list[str],
    hard: bool,
) -> None:
    for product in products or []:
        kind = product.resource_type
        if kind not in PRODUCT_RESOURCE_TYPES:
            raise invalid(
                f"ProductInformation ResourceType must be one of "
                f"{', '.join(PRODUCT_RESOURCE_TYPES)}, not {kind!r}."
            )
        for entry in product.product_information_filter_list:
            comparator = entry.product_information_filter_comparator
            if comparator not in PRODUCT_COMPARATORS:
                raise invalid(
                    f"ProductInformationFilterComparator must be one of "
                    f"{', '.join(PRODUCT_COMPARATORS)}, not {comparator!r}."
                )
        # The user guide: RDS products are counted by vCPU, with no rules and no hard limit.
        if kind == "RDS" and (counting_type != LicenseCountingType.V_CPU or rules or hard):
            raise invalid(
                "A license configuration for RDS must count vCPUs, with no license rules "
                "and no hard limit."
            )


def _check_count(count: int | None, hard: bool) -> None:
    if count is not None and count < 0:
        raise invalid(f"LicenseCount must not be negative, not {count}.")
    if hard and count is None:
        raise invalid("LicenseCountHardLimit needs a LicenseCount.")


class ConfigurationsArea(Area):
    """CreateLicenseConfiguration, GetLicenseConfiguration, ListLicenseConfigurations,
    ListLicenseConfigurationsForOrganization, UpdateLicenseConfiguration,
    DeleteLicenseConfiguration (associations: ``AssociationsArea``)."""

    def __init__(self, scope: Scope, peers: Callable[[str], ConfigurationsArea | None]) -> None:
        super().__init__(scope)
        self.license_configurations: dict[str, LicenseConfiguration] = {}
        # The same area of another account in this region, if that account has used the
        # service (ListLicenseConfigurationsForOrganization reads its members').
        self.peers = peers

    def exists(self, arn: str) -> bool:
        """Whether ``arn`` is one of the caller's configurations in this region."""
        return arn in self.license_configurations

    def tagged(self, arn: str) -> LicenseConfiguration | None:
        """The configuration ``arn`` (for tagging), or None."""
        return self.license_configurations.get(arn)

    def all(self) -> list[LicenseConfiguration]:
        """The caller's configurations in this region, oldest first."""
        return list(self.license_configurations.values())

    def configuration(self, arn: str) -> LicenseConfiguration:
        """The caller's configuration in this region; IPV as AWS answers otherwise."""
        found = self.license_configurations.get(arn)
        if found is None:
            raise invalid(f"Invalid license configuration ARN: {arn}")
        return found

    # -- the configurations -------------------------------------------------------------

    @handles("CreateLicenseConfiguration")
    def create_license_configuration(
        self, request: CreateLicenseConfigurationRequest
    ) -> CreateLicenseConfigurationResponse:
        """Stores a configuration in the caller's account and region after checking its license
        rules, LicenseCount (required by a hard limit) and ProductInformationList (RDS: vCPUs, no
        rules, no hard limit). At most 25 per account and region
        (ResourceLimitExceededException)."""
        counting_type = LicenseCountingType(request["LicenseCountingType"])
        rules = list(request.get("LicenseRules") or [])
        parse_rules(rules, counting_type)
        count = request.get("LicenseCount")
        hard = bool(request.get("LicenseCountHardLimit", False))
        _check_count(count, hard)
        products = _products(request.get("ProductInformationList"))
        _check_product_information(products, counting_type, rules, hard)
        tags = tags_from_request(request.get("Tags"))
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
            ec2=self.scope.services.ec2,
        )
        return {"LicenseConfigurationArn": arn}

    @handles("GetLicenseConfiguration")
    def get_license_configuration(
        self, request: GetLicenseConfigurationRequest
    ) -> GetLicenseConfigurationResponse | Record:
        """The configuration, with its tags (left out when it has none)."""
        return WithTags(self.configuration(request["LicenseConfigurationArn"]))

    @handles("ListLicenseConfigurations")
    def list_license_configurations(
        self, request: ListLicenseConfigurationsRequest
    ) -> ListLicenseConfigurationsResponse:
        """The caller's configurations in this region, oldest first, or those
        LicenseConfigurationArns names (an unknown one is refused), filtered by
        licenseCountingType, enforceLicenseCount and usagelimitExceeded; more than 10 filters or
        10 values gets FilterLimitExceededException."""
        arns = request.get("LicenseConfigurationArns")
        if arns:
            chosen = [self.configuration(arn) for arn in dict.fromkeys(arns)]
        else:
            chosen = list(self.license_configurations.values())
        return self._listing(request, chosen)

    @handles("ListLicenseConfigurationsForOrganization")
    def list_license_configurations_for_organization(
        self, request: ListLicenseConfigurationsForOrganizationRequest
    ) -> ListLicenseConfigurationsForOrganizationResponse:
        """For the management account of a moto organization (else AccessDeniedException): the
        configurations in this region of its member accounts that have used the service, chosen
        and filtered as in ListLicenseConfigurations."""
        org = self.scope.services.organizations.organization_of(self.account_id, self.partition)
        if org is None or org.management_account != self.account_id:
            raise AccessDeniedException(
                f"Account {self.account_id} is not the management account of an organization."
            )
        everyone: dict[str, LicenseConfiguration] = {}
        for account in org.accounts():
            peer = self.peers(account)
            if peer is not None:
                everyone.update(peer.license_configurations)
        arns = request.get("LicenseConfigurationArns")
        if arns:
            missing = [arn for arn in arns if arn not in everyone]
            if missing:
                raise invalid(f"Invalid license configuration ARN: {missing[0]}")
            chosen = [everyone[arn] for arn in dict.fromkeys(arns)]
        else:
            chosen = list(everyone.values())
        return self._listing(request, chosen)

    def _listing(
        self, request: Request, chosen: list[LicenseConfiguration]
    ) -> ListLicenseConfigurationsResponse:
        filters = request.get("Filters")
        check_filter_limits(filters)
        kept = apply_filters(
            chosen, _boolean_filters(filters, _BOOLEAN_FILTERS), CONFIGURATION_FILTERS
        )
        page, token = paginate(request, kept)
        return {"LicenseConfigurations": page, "NextToken": token}

    @handles("UpdateLicenseConfiguration")
    def update_license_configuration(
        self, request: UpdateLicenseConfigurationRequest
    ) -> UpdateLicenseConfigurationResponse:
        """Changes the members given once the whole request is valid; of the license rules only
        licenseAffinityToHost may change."""
        config = self.configuration(request["LicenseConfigurationArn"])
        rules = request.get("LicenseRules")
        if rules is not None:
            new_rules = parse_rules(rules, config.license_counting_type)
            check_rule_change(
                parse_rules(config.license_rules, config.license_counting_type), new_rules
            )
        count = request.get("LicenseCount", config.license_count)
        hard = request.get("LicenseCountHardLimit", config.license_count_hard_limit)
        _check_count(count, hard)
        products = config.product_information_list
        if "ProductInformationList" in request:
            products = _products(request["ProductInformationList"])
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
        config.status = LicenseConfigurationStatus(
            request.get("LicenseConfigurationStatus", config.status)
        )
        config.name = request.get("Name", config.name)
        config.description = request.get("Description", config.description)
        config.disassociate_when_not_found = request.get(
            "DisassociateWhenNotFound", config.disassociate_when_not_found
        )
        config.license_expiry = request.get("LicenseExpiry", config.license_expiry)
        return {}

    @handles("DeleteLicenseConfiguration")
    def delete_license_configuration(
        self, request: DeleteLicenseConfigurationRequest
    ) -> DeleteLicenseConfigurationResponse:
        """Deletes a configuration with no live associations; one still associated with an
        existing resource gets InvalidParameterValueException."""
        config = self.configuration(request["LicenseConfigurationArn"])
        live = live_associations(config)
        if live:
            raise invalid(
                f"License configuration {config.arn} is associated with "
                f"{len(live)} resources; remove them first."
            )
        del self.license_configurations[config.arn]
        return {}
