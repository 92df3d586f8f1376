"""What a license configuration is and what its resources consume, read live from moto's EC2
(``moto_services.ec2``): stopping or terminating an instance through EC2 changes the counts at
once, a terminated (or vanished) resource is treated as disassociated everywhere, and instances
launched from an associated AMI after its association count as associated, as AWS tracks them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from licensemgr_mock.moto_services.ec2 import Ec2Resource, find_resource, launched_from
from licensemgr_mock.pipeline.api import LicenseCountingType, ResourceType


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

    @property
    def honors_vcpu_optimization(self) -> bool:
        """Whether vCPUs are counted after the launch's CpuOptions (the user guide's
        ``#honorVcpuOptimization=True``), not the instance type's default vCPUs."""
        return any(rule.lower() == "#honorvcpuoptimization=true" for rule in self.license_rules)

    def amount(self, resource: Ec2Resource) -> int:
        """Licenses ``resource`` uses under this configuration's counting type (0 unless it
        consumes now)."""
        if not resource.consuming:
            return 0
        per_type = {
            LicenseCountingType.INSTANCE: 1,
            LicenseCountingType.V_CPU: (
                resource.optimized_vcpus if self.honors_vcpu_optimization else resource.vcpus
            ),
            LicenseCountingType.CORE: resource.cores,
            LicenseCountingType.SOCKET: resource.sockets,
        }
        return per_type[LicenseCountingType(self.license_counting_type)]


Live = list[tuple[Association, Ec2Resource]]


def live_associations(config: LicenseConfiguration) -> Live:
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


def consumed(config: LicenseConfiguration, live: Live) -> int:
    """The licenses the live associations use now."""
    return sum(config.amount(resource) for _, resource in live)
