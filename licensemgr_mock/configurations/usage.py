"""What a license configuration is and what its resources consume, read live from moto's EC2
(``moto_adapters.ec2``): stopping or terminating an instance through EC2 changes the counts at
once, a terminated (or vanished) resource is treated as disassociated everywhere, and instances
launched from an associated AMI after its association count as associated, as AWS tracks them.
A Core or Socket configuration counts the Dedicated Host its instances run on (its physical
cores or sockets, once), not the instances, and keeps the host counted for
``#licenseAffinityToHost`` days after its instances stop.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any, Generic, Protocol, TypeVar

from licensemgr_mock.configurations.rules import AFFINITY_RULE
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    LicenseConfigurationStatus,
    LicenseCountingType,
    ResourceType,
)
from licensemgr_mock.state.ec2 import Ec2Resource, ec2_arn_region
from licensemgr_mock.state.records import Tag
from licensemgr_mock.state.services import Ec2

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
    resource_type: ResourceType
    resource_owner_id: str
    association_time: datetime
    ami_association_scope: str | None = None


@dataclass(frozen=True)
class LicenseSpecification:
    """A configuration named for a resource (and, for an AMI, its association scope)."""

    license_configuration_arn: str
    ami_association_scope: str | None = None


@dataclass
class ProductInformationFilter:
    """One filter of a ProductInformation entry."""

    product_information_filter_name: str
    product_information_filter_comparator: str
    product_information_filter_value: list[str] | None = None


@dataclass
class ProductInformation:
    """Which products (SSM-managed instances, RDS) a configuration covers."""

    resource_type: str
    product_information_filter_list: list[ProductInformationFilter] = field(default_factory=list)


@dataclass(frozen=True)
class ConsumedLicenseSummary:
    """Licenses consumed by one resource type."""

    resource_type: ResourceType
    consumed_licenses: int


@dataclass(frozen=True)
class ManagedResourceSummary:
    """Resources of one type associated with a configuration."""

    resource_type: ResourceType
    association_count: int


@dataclass(frozen=True)
class UsageRow:
    """One row of ListUsageForLicenseConfiguration."""

    resource_arn: str
    resource_type: ResourceType
    resource_status: str
    resource_owner_id: str
    association_time: datetime
    consumed_licenses: int


@dataclass
class LicenseConfiguration:
    """A self-managed license; ``associations`` are keyed by resource ARN. What it consumes
    (ConsumedLicenses and the summaries) is computed live, as the API members of the same
    name."""

    arn: str
    license_configuration_id: str
    owner_account_id: str
    name: str
    license_counting_type: LicenseCountingType
    license_rules: list[str] = field(default_factory=list)
    description: str | None = None
    license_count: int | None = None
    license_count_hard_limit: bool = False
    disassociate_when_not_found: bool | None = None
    status: LicenseConfigurationStatus = LicenseConfigurationStatus.AVAILABLE
    product_information_list: list[ProductInformation] | None = None
    license_expiry: int | None = None
    tags: dict[str, str] = field(default_factory=dict)
    associations: dict[str, Association] = field(default_factory=dict)
    # Where its associated resources are read, live (the owner's EC2).
    ec2: Ec2 = field(kw_only=True, repr=False, compare=False)

    @property
    def license_configuration_arn(self) -> str:
        """The configuration's ARN (the API's LicenseConfigurationArn)."""
        return self.arn

    @property
    def consumed_licenses(self) -> int:
        """The licenses its live associations use now."""
        return consumed(self, live_associations(self))

    @property
    def consumed_license_summary_list(self) -> list[ConsumedLicenseSummary]:
        """Consumption per resource type."""
        live = live_associations(self)
        return [
            ConsumedLicenseSummary(
                kind, sum(self.amount(r) for _, r in live if r.resource_type == kind)
            )
            for kind in CONSUMING_TYPES
        ]

    @property
    def managed_resource_summary_list(self) -> list[ManagedResourceSummary]:
        """Associated resources per resource type."""
        live = live_associations(self)
        return [
            ManagedResourceSummary(kind, sum(1 for _, r in live if r.resource_type == kind))
            for kind in MANAGED_TYPES
        ]

    @property
    def honors_vcpu_optimization(self) -> bool:
        """Whether vCPUs are counted after the launch's CpuOptions (the user guide's
        ``#honorVcpuOptimization=True``), not the instance type's default vCPUs."""
        return any(rule.lower() == "#honorvcpuoptimization=true" for rule in self.license_rules)

    @property
    def counts_hosts(self) -> bool:
        """Whether instances on a Dedicated Host count their host (Core and Socket)."""
        return self.license_counting_type in (LicenseCountingType.CORE, LicenseCountingType.SOCKET)

    @property
    def affinity(self) -> timedelta | None:
        """How long a host stays counted after its instances stop (``#licenseAffinityToHost``)."""
        prefix = f"#{AFFINITY_RULE}="
        days = [rule[len(prefix) :] for rule in self.license_rules if rule.startswith(prefix)]
        return timedelta(days=int(days[0])) if days and days[0].isdigit() else None

    def amount(self, resource: Ec2Resource) -> int:
        """Licenses ``resource`` uses under this configuration's counting type (0 unless it
        consumes now; an instance on a Dedicated Host under Core or Socket counts its host)."""
        if not resource.consuming:
            return 0
        if (
            self.counts_hosts
            and resource.resource_type == ResourceType.EC2_INSTANCE
            and resource.host_id
        ):
            return 0
        per_type = {
            LicenseCountingType.INSTANCE: 1,
            LicenseCountingType.V_CPU: (
                resource.optimized_vcpus if self.honors_vcpu_optimization else resource.vcpus
            ),
            LicenseCountingType.CORE: resource.cores,
            LicenseCountingType.SOCKET: resource.sockets,
        }
        return per_type[self.license_counting_type]


class Tagged(Protocol):
    """A record that carries tags."""

    tags: dict[str, str]


T = TypeVar("T", bound=Tagged)


@dataclass(frozen=True)
class WithTags(Generic[T]):
    """A record answered with its tags as the API lists them (``[{Key, Value}]``, left out
    when there are none, as AWS does); every other member is the record's own."""

    record: T

    def __getattr__(self, name: str) -> Any:
        return getattr(self.record, name)

    @property
    def tags(self) -> list[Tag] | None:
        """The tags, or None when there are none."""
        return [Tag(key, value) for key, value in self.record.tags.items()] or None


Live = list[tuple[Association, Ec2Resource]]


def live_associations(config: LicenseConfiguration, states: dict[str, str] | None = None) -> Live:
    """The associations whose resource still exists and is not terminated, then the
    instances launched from an associated AMI since its association (AWS tracks those
    without an explicit association), then, for Core and Socket, the Dedicated Hosts their
    instances run on. ``states`` overrides the state of some instances (by ARN): what the
    configuration would count if they were in it."""
    found: Live = []
    past: Live = []
    ec2 = config.ec2
    states = states or {}
    images: list[tuple[Association, Ec2Resource]] = []
    for association in config.associations.values():
        resource = ec2.find_resource(association.resource_arn, config.owner_account_id)
        if resource is not None and resource.arn in states:
            resource = replace(resource, state=states[resource.arn])
        if resource is not None and not resource.gone:
            found.append((association, resource))
            if resource.resource_type == ResourceType.EC2_AMI:
                images.append((association, resource))
        elif resource is not None:
            past.append((association, resource))
    explicit = set(config.associations)
    for association, image in images:
        for launched in launched_from(
            ec2, image, config.owner_account_id, association.association_time, with_gone=True
        ):
            if launched.arn in explicit or launched.launched is None:
                continue
            explicit.add(launched.arn)
            implied = Association(
                resource_arn=launched.arn,
                resource_type=launched.resource_type,
                resource_owner_id=launched.owner_id,
                association_time=launched.launched,
            )
            launched = replace(launched, state=states.get(launched.arn, launched.state))
            (past if launched.gone else found).append((implied, launched))
    if config.counts_hosts:
        found.extend(_hosts_counted(config, found, past))
    return found


def _hosts_counted(config: LicenseConfiguration, live: Live, past: Live) -> Live:
    """The Dedicated Hosts that the configuration's instances bind: each host with a
    consuming instance on it, or with one placed on it less than the affinity period ago,
    unless the host is associated explicitly. Bound since its first such instance."""
    listed = {association.resource_arn for association, _ in live}
    bound: dict[str, list[tuple[Association, Ec2Resource]]] = {}
    for association, resource in [*live, *past]:
        if resource.resource_type == ResourceType.EC2_INSTANCE and resource.host_id:
            bound.setdefault(resource.host_id, []).append((association, resource))
    hosts: Live = []
    affinity = config.affinity
    for host_id, instances in bound.items():
        # The host's ARN in the instances' account and region.
        arn = instances[0][0].resource_arn.split(":instance/")[0] + f":dedicated-host/{host_id}"
        since = min(association.association_time for association, _ in instances)
        running = any(resource.consuming for _, resource in instances)
        kept = affinity is not None and clock.now() < clock.later(since, affinity)
        host = config.ec2.find_resource(arn, config.owner_account_id)
        if arn in listed or host is None or host.gone or not (running or kept):
            continue
        hosts.append(
            (Association(arn, ResourceType.EC2_HOST, host.owner_id, association_time=since), host)
        )
    return hosts


def counts_instance(config: LicenseConfiguration, instance: Ec2Resource) -> bool:
    """Whether ``instance`` is among the configuration's live associations (explicitly, or
    launched from an associated AMI since its association), without reading them all."""
    if instance.gone:
        return False
    if instance.arn in config.associations:
        return True
    for association in config.associations.values():
        if association.resource_type != ResourceType.EC2_AMI:
            continue
        image = config.ec2.find_resource(association.resource_arn, config.owner_account_id)
        if image is None or image.gone or image.resource_id != instance.ami_id:
            continue
        if ec2_arn_region(image.arn) == ec2_arn_region(instance.arn) and (
            instance.launched is not None and instance.launched >= association.association_time
        ):
            return True
    return False


def consumed(config: LicenseConfiguration, live: Live) -> int:
    """The licenses the live associations use now."""
    return sum(config.amount(resource) for _, resource in live)


def launched_from(
    ec2: Ec2, image: Ec2Resource, account: str, since: datetime, with_gone: bool = False
) -> list[Ec2Resource]:
    """The instances ``account`` launched from the AMI ``image`` at or after ``since``, in
    the AMI's region, that are not terminated (unless ``with_gone``)."""
    where = ec2_arn_region(image.arn)
    if where is None:
        return []
    partition, region = where
    return [
        resource
        for resource in ec2.instances(account, region, partition)
        if resource.ami_id == image.resource_id
        and (with_gone or not resource.gone)
        and resource.launched is not None
        and resource.launched >= since
    ]
