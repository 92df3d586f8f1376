"""License configurations enforced at EC2 launch: what ``moto_adapters.ec2_launches`` asks
before moto makes instances (RunInstances, a stack's instance...) or starts stopped ones, what
it records after, and which configurations DescribeInstances lists for an instance.

A launch is governed by the configurations its LicenseSpecifications (or its launch
template's) name and by those associated with its AMI. Each must be AVAILABLE, its rules must
admit the instances, and a hard LicenseCount must cover what they add; otherwise the launch is
refused with an EC2 error and no instance is made. Explicitly named configurations are
associated with the new instances; AMI ones follow from the AMI (``usage.live_associations``).
On a Dedicated Host, a Core or Socket configuration is charged the host once (``usage``).
Starting stopped instances is refused, with the same error, when a hard limit cannot cover
them running again.
"""

from __future__ import annotations

from licensemgr_mock.configurations.configurations import ConfigurationsArea
from licensemgr_mock.configurations.rules import AFFINITY_RULE, parse_rules, rule_breaches
from licensemgr_mock.configurations.usage import (
    Association,
    LicenseConfiguration,
    Live,
    consumed,
    counts_instance,
    live_associations,
)
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import LicenseConfigurationStatus, ResourceType
from licensemgr_mock.state.ec2 import Ec2Resource, Launch, LaunchRefused

# EC2 error codes of a refused launch. AWS documents that a hard limit "blocks the launch"
# but not the code EC2 answers with (docs/decisions/license-configurations.md).
LIMIT_EXCEEDED = "LicenseLimitExceeded"
BAD_LICENSE = "InvalidParameterValue"


class LaunchEnforcer:
    """Checks and records launches against one account's configurations in one region."""

    def __init__(self, configurations: ConfigurationsArea) -> None:
        self.configurations = configurations

    def check(self, launch: Launch) -> list[LicenseConfiguration]:
        """The configurations to associate with the launch's instances; LaunchRefused if
        any configuration governing the launch refuses it."""
        explicit = [self._named(arn) for arn in launch.license_configuration_arns]
        governing = {c.arn: c for c in [*explicit, *self._of_image(launch)]}
        probe = _prospective(launch)
        for config in governing.values():
            if config.status != LicenseConfigurationStatus.AVAILABLE:
                raise LaunchRefused(
                    BAD_LICENSE,
                    f"License configuration {config.arn} is {config.status}; "
                    f"new launches with it are blocked.",
                )
            _check_rules(config, probe)
            if config.license_count_hard_limit and config.license_count is not None:
                live = live_associations(config)
                needed = consumed(config, live) + self._added(config, launch, probe, live)
                if needed > config.license_count:
                    raise LaunchRefused(
                        LIMIT_EXCEEDED,
                        f"License count limit exceeded: license configuration {config.arn} "
                        f"allows {config.license_count} licenses; this launch would use "
                        f"{needed}.",
                    )
        return explicit

    def record(self, explicit: list[LicenseConfiguration], instance_arns: list[str]) -> None:
        """Associates the launched instances with the configurations the launch named."""
        now = clock.now()
        for config in explicit:
            for arn in instance_arns:
                config.associations.setdefault(
                    arn,
                    Association(
                        resource_arn=arn,
                        resource_type=ResourceType.EC2_INSTANCE,
                        resource_owner_id=self.configurations.account_id,
                        association_time=now,
                    ),
                )

    def check_start(self, instance_arns: tuple[str, ...]) -> None:
        """LaunchRefused if starting the stopped instances takes a configuration that governs
        them above its hard limit (the instances stay stopped)."""
        running = dict.fromkeys(instance_arns, "running")
        for config in self.configurations.all():
            if not config.license_count_hard_limit or config.license_count is None:
                continue
            live = live_associations(config)
            if not any(association.resource_arn in running for association, _ in live):
                continue
            now, needed = (
                consumed(config, live),
                consumed(config, live_associations(config, running)),
            )
            if needed > config.license_count and needed > now:
                raise LaunchRefused(
                    LIMIT_EXCEEDED,
                    f"License count limit exceeded: license configuration {config.arn} "
                    f"allows {config.license_count} licenses; starting these instances would "
                    f"use {needed}.",
                )

    def licenses_of(self, instance_arn: str) -> list[str]:
        """The ARNs of the caller's configurations that count the instance (explicitly, or
        through its AMI)."""
        instance = self.configurations.scope.services.ec2.find_resource(
            instance_arn, self.configurations.account_id
        )
        if instance is None:
            return []
        return [
            config.arn for config in self.configurations.all() if counts_instance(config, instance)
        ]

    def _added(
        self, config: LicenseConfiguration, launch: Launch, probe: Ec2Resource, live: Live
    ) -> int:
        """The licenses the launch adds to the configuration: its instances', or under Core
        and Socket on a Dedicated Host, the host's unless it is counted already."""
        if not (config.counts_hosts and launch.host_id):
            return launch.count * config.amount(probe)
        host_arn = (
            f"arn:{launch.partition}:ec2:{launch.region}:{launch.account}:"
            f"dedicated-host/{launch.host_id}"
        )
        if any(a.resource_arn == host_arn and r.consuming for a, r in live):
            return 0
        host = config.ec2.find_resource(host_arn, launch.account)
        return config.amount(host) if host is not None else 0

    def _named(self, arn: str) -> LicenseConfiguration:
        found = self.configurations.tagged(arn)
        if found is None:
            raise LaunchRefused(BAD_LICENSE, f"Invalid license configuration ARN: {arn}")
        return found

    def _of_image(self, launch: Launch) -> list[LicenseConfiguration]:
        """The caller's configurations associated with the AMI launched from."""
        if launch.image_id is None:
            return []
        return [
            config
            for config in self.configurations.all()
            for association in config.associations.values()
            if association.resource_type == ResourceType.EC2_AMI
            and association.resource_arn.rpartition("/")[2] == launch.image_id
            and f":{launch.region}:" in association.resource_arn
        ]


def _prospective(launch: Launch) -> Ec2Resource:
    """One instance of the launch, as it will be counted once running."""
    return Ec2Resource(
        arn="",
        resource_id="",
        resource_type=ResourceType.EC2_INSTANCE,
        owner_id=launch.account,
        state="pending",
        vcpus=launch.sizes.vcpus,
        optimized_vcpus=launch.sizes.optimized_vcpus,
        cores=launch.sizes.cores,
        sockets=1,
        tenancy=launch.sizes.tenancy,
        host_id=launch.host_id,
    )


def _check_rules(config: LicenseConfiguration, probe: Ec2Resource) -> None:
    """LaunchRefused if the launch's instances break the configuration's rules."""
    rules = parse_rules(config.license_rules, config.license_counting_type)
    vcpus = probe.optimized_vcpus if config.honors_vcpu_optimization else probe.vcpus
    broken = rule_breaches(rules, vcpus, probe.cores, probe.sockets)
    tenancy = rules.get("allowedTenancy")
    if tenancy is not None and tenancy != probe.tenancy:
        broken.append(f"#allowedTenancy={tenancy}")
    # Host affinity binds licenses to a dedicated host, so it needs one.
    if AFFINITY_RULE in rules and probe.tenancy != "EC2-DedicatedHost":
        broken.append(f"#{AFFINITY_RULE}={rules[AFFINITY_RULE]}")
    if broken:
        raise LaunchRefused(
            BAD_LICENSE,
            f"The launch does not satisfy the license rules {', '.join(broken)} of "
            f"license configuration {config.arn}.",
        )
