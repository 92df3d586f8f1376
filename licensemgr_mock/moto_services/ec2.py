"""EC2 instances, AMIs and dedicated hosts as License Manager sees them, read live from moto's
EC2 in the same test.

Nothing is copied: each lookup reads moto's current state, so an instance stopped or
terminated through EC2 stops consuming licenses at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from licensemgr_mock.moto_services.ec2_launches import SIZES_ATTRIBUTE, LaunchSizes, default_sizes
from licensemgr_mock.moto_services.platforms import inventory_platform
from licensemgr_mock.pipeline.api import InventoryFilterCondition, ResourceType
from licensemgr_mock.pipeline.errors import (
    FailedDependencyException,
    InvalidParameterValueException,
)

_EC2_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):ec2:(?P<region>[a-z0-9-]+):(?P<account>\d{12})?:"
    r"(?P<kind>instance|image|dedicated-host)/(?P<id>[a-z]+-[0-9a-f]+)$"
)
_KINDS = {
    "instance": ResourceType.EC2_INSTANCE,
    "image": ResourceType.EC2_AMI,
    "dedicated-host": ResourceType.EC2_HOST,
}
# States in which a resource uses licenses (AMIs never do; stopped instances do not).
CONSUMING_STATES = frozenset({"pending", "running", "available"})
# States in which a resource can no longer take a license.
GONE_STATES = frozenset({"shutting-down", "terminated", "released", "deregistered"})


@dataclass(frozen=True)
class Ec2Resource:
    """One EC2 resource, with the sizes license counting needs."""

    arn: str
    resource_id: str
    resource_type: ResourceType
    owner_id: str
    state: str
    vcpus: int
    cores: int
    sockets: int
    tenancy: str
    # vCPUs after the launch's CpuOptions (what ``#honorVcpuOptimization=True`` counts).
    optimized_vcpus: int = 0
    platform: str | None = None
    instance_type: str | None = None
    ami_id: str | None = None
    host_id: str | None = None
    region: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    launched: datetime | None = None

    @property
    def consuming(self) -> bool:
        """Whether the resource uses licenses now (running instances and hosts)."""
        return self.resource_type != ResourceType.EC2_AMI and self.state in CONSUMING_STATES

    @property
    def gone(self) -> bool:
        """Whether the resource is terminated, released or deregistered (or on its way)."""
        return self.state in GONE_STATES


def resource_type_of(arn: str) -> ResourceType | None:
    """The ResourceType an EC2 ARN names, or None for anything else."""
    match = _EC2_ARN.match(arn)
    return _KINDS[match["kind"]] if match else None


def find_resource(arn: str, account: str) -> Ec2Resource | None:
    """The EC2 resource ``arn`` names, if it exists in moto's EC2 and ``account`` can use
    it (its own instances and hosts; AMIs it can launch)."""
    match = _EC2_ARN.match(arn)
    if match is None:
        return None
    if (match["account"] or account) != account:
        return None
    backend = _ec2(account, match["region"])
    if backend is None:
        return None
    kind, resource_id = match["kind"], match["id"]
    if kind == "instance":
        instance = backend.get_instance_by_id(resource_id)
        return _instance(instance, arn) if instance is not None else None
    if kind == "dedicated-host":
        host = backend.hosts.get(resource_id)
        return _host(host, arn, account) if host is not None else None
    image = backend.amis.get(resource_id)
    return _image(image, arn, account) if image is not None else None


def instances(account: str, region: str, partition: str) -> Iterator[Ec2Resource]:
    """Every instance ``account`` has in ``region`` (terminated ones included)."""
    backend = _ec2(account, region)
    for instance in backend.all_instances() if backend is not None else []:
        arn = f"arn:{partition}:ec2:{region}:{account}:instance/{instance.id}"
        yield _instance(instance, arn)


def launched_from(image: Ec2Resource, account: str, since: datetime) -> list[Ec2Resource]:
    """The instances ``account`` launched from the AMI ``image`` at or after ``since``, in
    the AMI's region, that are not terminated."""
    match = _EC2_ARN.match(image.arn)
    if match is None:
        return []
    return [
        resource
        for resource in instances(account, match["region"], match["partition"])
        if resource.ami_id == image.resource_id
        and not resource.gone
        and resource.launched is not None
        and resource.launched >= since
    ]


def _ec2(account: str, region: str) -> Any:
    """moto's EC2 backend of the account and region (None for a region EC2 does not know);
    moto makes it on first use, with its default AMIs."""
    from moto.ec2.models import ec2_backends

    try:
        return ec2_backends[account][region]
    except KeyError:
        return None


def _sizes(instance_type: str | None) -> tuple[int, int]:
    """(vCPUs, cores) of an instance type, per moto's instance type table."""
    vcpus, cores, _ = default_sizes(instance_type)
    return vcpus, cores


def _instance(instance: Any, arn: str) -> Ec2Resource:
    host_id = instance.placement.host_id
    # Instances launched since registration carry their launch's sizes; others (made
    # before, or by moto directly) have the instance type's defaults.
    launch: LaunchSizes | None = getattr(instance, SIZES_ATTRIBUTE, None)
    if launch is None:
        vcpus, cores = _sizes(instance.instance_type)
        tenancy = "EC2-DedicatedHost" if host_id else "EC2-Default"
        launch = LaunchSizes(vcpus=vcpus, optimized_vcpus=vcpus, cores=cores, tenancy=tenancy)
    return Ec2Resource(
        arn=arn,
        resource_id=instance.id,
        resource_type=ResourceType.EC2_INSTANCE,
        owner_id=instance.owner_id,
        state=instance.state,
        vcpus=launch.vcpus,
        optimized_vcpus=launch.optimized_vcpus,
        cores=launch.cores,
        # moto has no socket count; an instance sits on one socket.
        sockets=1,
        tenancy=launch.tenancy,
        platform=instance.platform or "Linux/UNIX",
        instance_type=instance.instance_type,
        ami_id=instance.image_id,
        host_id=host_id,
        region=instance.region_name,
        tags={tag["key"]: tag["value"] for tag in instance.get_tags()},
        # moto keeps launch times as naive UTC.
        launched=instance.launch_time.replace(tzinfo=UTC),
    )


def _host(host: Any, arn: str, account: str) -> Ec2Resource:
    vcpus, cores = _sizes(host.instance_type)
    return Ec2Resource(
        arn=arn,
        resource_id=host.id,
        resource_type=ResourceType.EC2_HOST,
        owner_id=account,
        state=host.state,
        vcpus=vcpus,
        optimized_vcpus=vcpus,
        cores=cores,
        sockets=1,
        tenancy="EC2-DedicatedHost",
        instance_type=host.instance_type,
    )


def _image(image: Any, arn: str, account: str) -> Ec2Resource:
    return Ec2Resource(
        arn=arn,
        resource_id=image.id,
        resource_type=ResourceType.EC2_AMI,
        owner_id=image.owner_id or account,
        state=image.state,
        vcpus=0,
        cores=0,
        sockets=0,
        tenancy="EC2-Default",
        platform=image.platform,
    )


# ListResourceInventory filters: which conditions each name takes.
_INVENTORY_CONDITIONS: dict[str, frozenset[str]] = {
    "account_id": frozenset({"EQUALS", "NOT_EQUALS"}),
    "application_name": frozenset({"EQUALS", "BEGINS_WITH"}),
    "license_included": frozenset({"EQUALS", "NOT_EQUALS"}),
    "platform": frozenset({"EQUALS", "BEGINS_WITH"}),
    "resource_id": frozenset({"EQUALS", "NOT_EQUALS"}),
    "tag": frozenset({"EQUALS", "NOT_EQUALS"}),
}


@dataclass(frozen=True)
class InventoryFilter:
    """One ListResourceInventory filter."""

    name: str
    condition: InventoryFilterCondition
    value: str | None = None


@dataclass(frozen=True)
class ResourceInventory:
    """One ListResourceInventory row (``tags`` is for filtering; the API sends no tags)."""

    resource_id: str
    resource_type: ResourceType
    resource_arn: str
    platform: str
    platform_version: str | None
    resource_owning_account_id: str
    ami_id: str | None
    host_id: str | None
    region: str
    instance_type: str | None
    tags: dict[str, str] = field(default_factory=dict)


def _inventory_value(row: ResourceInventory, name: str) -> str | None:
    if name.startswith("tag:"):
        return row.tags.get(name.removeprefix("tag:"))
    values = {
        "account_id": row.resource_owning_account_id,
        "platform": row.platform,
        "resource_id": row.resource_id,
    }
    # moto's EC2 records no installed applications and no license-included software.
    return values.get(name)


def _matches(row: ResourceInventory, entry: InventoryFilter) -> bool:
    value = _inventory_value(row, entry.name)
    wanted = entry.value
    if entry.condition == InventoryFilterCondition.EQUALS:
        return value == wanted
    if entry.condition == InventoryFilterCondition.NOT_EQUALS:
        return value != wanted
    if entry.condition == InventoryFilterCondition.BEGINS_WITH:
        return value is not None and value.startswith(wanted or "")
    return value is not None and (wanted or "") in value


def check_inventory_filters(filters: list[InventoryFilter], cross_account: bool) -> None:
    """InvalidParameterValueException for an unknown name, a condition the name does not
    take, or a missing Value; FailedDependencyException for ``tag:`` NOT_EQUALS, which needs
    cross-account discovery."""
    for entry in filters:
        name, condition = entry.name, entry.condition
        key = "tag" if name.startswith("tag:") and len(name) > len("tag:") else name
        allowed = _INVENTORY_CONDITIONS.get(key)
        if allowed is None:
            raise InvalidParameterValueException(
                f"Unknown inventory filter {name!r}; known: "
                f"{', '.join(n for n in _INVENTORY_CONDITIONS if n != 'tag')}, tag:<key>."
            )
        if condition not in allowed:
            raise InvalidParameterValueException(
                f"Inventory filter {name} takes the conditions {', '.join(sorted(allowed))}."
            )
        if entry.value is None:
            raise InvalidParameterValueException(f"Inventory filter {name} needs a Value.")
        if key == "tag" and condition == "NOT_EQUALS" and not cross_account:
            raise FailedDependencyException(
                "Filtering tags with NOT_EQUALS needs cross-account discovery "
                "(UpdateServiceSettings EnableCrossAccountsDiscovery).",
                "CrossAccountDiscoveryNotEnabled",
            )


def inventory(
    account: str,
    region: str,
    partition: str,
    filters: list[InventoryFilter],
    cross_account: bool,
) -> list[ResourceInventory]:
    """ListResourceInventory's rows: the account's instances in the region that are not
    terminated, with inventory platform names, kept when every filter matches."""
    check_inventory_filters(filters, cross_account)
    backend = _ec2(account, region)
    rows = []
    for resource in instances(account, region, partition):
        if resource.gone:
            continue
        image = backend.amis.get(resource.ami_id) if backend is not None else None
        platform = inventory_platform(image.name if image is not None else None, resource.platform)
        rows.append(
            ResourceInventory(
                resource_id=resource.resource_id,
                resource_type=resource.resource_type,
                resource_arn=resource.arn,
                platform=platform.name,
                platform_version=platform.version,
                resource_owning_account_id=resource.owner_id,
                ami_id=resource.ami_id,
                host_id=resource.host_id,
                region=region,
                instance_type=resource.instance_type,
                tags=resource.tags,
            )
        )
    return [row for row in rows if all(_matches(row, entry) for entry in filters)]
