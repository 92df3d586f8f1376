"""ListResourceInventory: the account's EC2 instances with inventory platform names, and
the filters that choose among them."""

from __future__ import annotations

from dataclasses import dataclass, field

from licensemgr_mock.configurations.platforms import inventory_platform
from licensemgr_mock.pipeline.api import InventoryFilterCondition, ResourceType
from licensemgr_mock.pipeline.errors import FailedDependencyException, invalid_value
from licensemgr_mock.state.services import Ec2

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
            raise invalid_value(
                f"Unknown inventory filter {name!r}; known: "
                f"{', '.join(n for n in _INVENTORY_CONDITIONS if n != 'tag')}, tag:<key>."
            )
        if condition not in allowed:
            raise invalid_value(
                f"Inventory filter {name} takes the conditions {', '.join(sorted(allowed))}."
            )
        if entry.value is None:
            raise invalid_value(f"Inventory filter {name} needs a Value.")
        if key == "tag" and condition == "NOT_EQUALS" and not cross_account:
            raise FailedDependencyException(
                "Filtering tags with NOT_EQUALS needs cross-account discovery "
                "(UpdateServiceSettings EnableCrossAccountsDiscovery).",
                "CrossAccountDiscoveryNotEnabled",
            )


def inventory(
    ec2: Ec2,
    account: str,
    region: str,
    partition: str,
    filters: list[InventoryFilter],
    cross_account: bool,
) -> list[ResourceInventory]:
    """ListResourceInventory's rows: the account's instances in the region that are not
    terminated, with inventory platform names, kept when every filter matches."""
    check_inventory_filters(filters, cross_account)
    rows = []
    for resource in ec2.instances(account, region, partition):
        if resource.gone:
            continue
        image_name = ec2.image_name(account, region, resource.ami_id) if resource.ami_id else None
        platform = inventory_platform(image_name, resource.platform)
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
