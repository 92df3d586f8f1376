"""Dedicated Hosts' physical sizes, which moto's EC2 does not keep.

EC2 describes a host by its ``HostProperties``: ``Cores`` and ``Sockets`` of the physical
server and ``TotalVCpus``; License Manager's Core and Socket configurations count those. A
host of a family is the server its largest size fills, so its cores and vCPUs are those of the
family's largest instance type in moto's instance type table (m5: 48 cores, 96 vCPUs, as EC2's
Dedicated Host table says). Sockets: 1 on AWS Graviton and Mac hosts, 2 on the others
(docs/decisions/ec2-instances.md). ``install`` adds the three to moto's DescribeHosts where
moto builds HostProperties from the host (moto >= 5.2).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HostSizes:
    """The physical sizes of a Dedicated Host."""

    cores: int
    sockets: int
    vcpus: int


@functools.cache
def host_sizes(instance_type: str | None, instance_family: str | None) -> HostSizes:
    """The sizes of a host allocated for ``instance_type`` (or for a whole family)."""
    from moto.ec2.models.instance_types import INSTANCE_TYPES

    family = (instance_type or "").split(".")[0] or (instance_family or "")
    sizes = [
        info
        for name, info in INSTANCE_TYPES.items()
        if name.split(".")[0] == family and "VCpuInfo" in info
    ]
    if not sizes:
        return HostSizes(cores=1, sockets=1, vcpus=1)
    largest = max(sizes, key=lambda info: int(info["VCpuInfo"].get("DefaultCores", 1)))
    processor = largest.get("ProcessorInfo", {})
    single = processor.get("Manufacturer") in ("AWS", "Apple") or any(
        "mac" in architecture for architecture in processor.get("SupportedArchitectures", [])
    )
    return HostSizes(
        cores=int(largest["VCpuInfo"].get("DefaultCores", 1)),
        sockets=1 if single else 2,
        vcpus=int(largest["VCpuInfo"].get("DefaultVCpus", 1)),
    )


_MARK = "__licensemgr_host_properties__"


def install() -> None:
    """Adds Cores, Sockets and TotalVCpus to moto's HostProperties, where moto reads them
    from the host (moto >= 5.2; older moto writes a fixed template); idempotent."""
    from moto.ec2.models.hosts import Host

    current = Host.__dict__.get("host_properties")
    if not isinstance(current, property) or current.fget is None:
        return
    original = getattr(current.fget, _MARK, current.fget)

    def host_properties(host: Any) -> dict[str, Any]:
        sizes = host_sizes(host.instance_type, host.instance_family)
        return {
            **original(host),
            "Cores": sizes.cores,
            "Sockets": sizes.sockets,
            "TotalVCpus": sizes.vcpus,
        }

    setattr(host_properties, _MARK, original)
    Host.host_properties = property(host_properties)  # type: ignore[method-assign,assignment]
