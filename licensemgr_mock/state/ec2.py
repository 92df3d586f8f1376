"""EC2 instances, AMIs, Dedicated Hosts and launches as License Manager sees them.

The moto adapters read these from moto's EC2 (``state.services.Ec2``) and hook where moto
makes and starts instances (``Ec2Licensing``); the areas count and check them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from licensemgr_mock.pipeline.api import ResourceType
from licensemgr_mock.pipeline.errors import xml_safe

EC2_ARN = re.compile(
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
    match = EC2_ARN.match(arn)
    return _KINDS[match["kind"]] if match else None


def ec2_arn_region(arn: str) -> tuple[str, str] | None:
    """(partition, region) of an EC2 ARN, None for anything else."""
    match = EC2_ARN.match(arn)
    return (match["partition"], match["region"]) if match else None


class LaunchRefused(Exception):
    """A launch License Manager refuses; answered as the EC2 error ``code``."""

    def __init__(self, code: str, message: str) -> None:
        # EC2 answers in XML, and the message may hold a request's value (an ARN).
        message = xml_safe(message)
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class LaunchSizes:
    """What license counting needs of a launched instance that moto does not keep."""

    vcpus: int
    optimized_vcpus: int
    cores: int
    tenancy: str


@dataclass(frozen=True)
class Launch:
    """One RunInstances call, as License Manager sees it."""

    account: str
    region: str
    partition: str
    image_id: str | None
    instance_type: str
    count: int
    license_configuration_arns: tuple[str, ...]
    sizes: LaunchSizes
    host_id: str | None

    @property
    def image_arn(self) -> str | None:
        """The ARN of the AMI launched from, as License Manager names AMIs."""
        if self.image_id is None:
            return None
        return f"arn:{self.partition}:ec2:{self.region}::image/{self.image_id}"

    def instance_arn(self, instance_id: str) -> str:
        """The ARN of one instance of this launch."""
        return f"arn:{self.partition}:ec2:{self.region}:{self.account}:instance/{instance_id}"


@dataclass(frozen=True)
class Start:
    """One StartInstances call, as License Manager sees it: the stopped instances it starts."""

    account: str
    region: str
    partition: str
    instance_arns: tuple[str, ...]


class Ec2Licensing(Protocol):
    """What moto's EC2 asks License Manager (``moto_adapters.ec2_launches``)."""

    def launch(self, launch: Launch) -> AbstractContextManager[Callable[[list[str]], None]]:
        """Checks a launch (raising LaunchRefused) and yields the callback that records its
        instances (their ARNs), holding the lock across both."""
        ...

    def start(self, start: Start) -> AbstractContextManager[None]:
        """Checks that the stopped instances may run again (raising LaunchRefused), holding
        the lock while they start."""
        ...

    def licenses_of(self, account: str, region: str, instance_arn: str) -> list[str]:
        """The ARNs of the configurations that count the instance (EC2's ``Licenses``)."""
        ...
