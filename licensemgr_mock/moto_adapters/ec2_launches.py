"""EC2 launches as License Manager enforces them: the one place that meets moto's instances.

moto offers no hook around a launch, so ``install`` wraps, idempotently, the method every
instance is made by: ``InstanceBackend.run_instances``, which RunInstances, CloudFormation's
``AWS::EC2::Instance``, Auto Scaling and fleets all call. Before moto makes instances, the
installed ``Ec2Licensing`` checks the launch (and may refuse it with an EC2 error, before any
instance exists); after, it records the new instances; both under its lock, so two concurrent
launches cannot both take the last license. moto's backend is not told a launch's
LicenseSpecifications, CpuOptions or tenancy, so whoever calls it with them says them first
with ``requested`` (the RunInstances handler is wrapped to do so; ``ec2_stacks`` does it for
stacks). A DryRun RunInstances never reaches the backend, so it is answered by moto's
DryRunOperation and consumes nothing.

``install`` also makes StartInstances ask before stopped instances run again, and gives moto's
Instance the ``licenses`` that DescribeInstances lists. If moto changes shape, ``install``
fails with an error naming the moto version instead of enforcing nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from licensemgr_mock.state.ec2 import Ec2Licensing, Launch, LaunchRefused, LaunchSizes, Start

# Where a launch's sizes are kept on moto's Instance (moto has no CpuOptions or tenancy).
SIZES_ATTRIBUTE = "licensemgr_launch_sizes"
_MARK = "__licensemgr_wrapped__"
_TENANCIES = {
    "default": "EC2-Default",
    "dedicated": "EC2-DedicatedInstance",
    "host": "EC2-DedicatedHost",
}


class MotoEc2Changed(RuntimeError):
    """moto's EC2 no longer has the shape this module wraps."""


@dataclass(frozen=True)
class LaunchRequest:
    """What a launch asks that moto's ``run_instances`` is not told (the launch template's
    values apply where these are empty)."""

    license_specifications: list[dict[str, Any]] = field(default_factory=list)
    cpu_options: dict[str, Any] = field(default_factory=dict)
    placement: dict[str, Any] = field(default_factory=dict)


_REQUESTED: ContextVar[LaunchRequest | None] = ContextVar("licensemgr_launch", default=None)


@contextmanager
def requested(request: LaunchRequest) -> Iterator[None]:
    """Says what the launches made inside the block ask for."""
    token = _REQUESTED.set(request)
    try:
        yield
    finally:
        _REQUESTED.reset(token)


def default_sizes(instance_type: str | None) -> tuple[int, int, int]:
    """(vCPUs, cores, threads per core) of an instance type, per moto's instance type table."""
    from moto.ec2.models.instance_types import INSTANCE_TYPES

    info = INSTANCE_TYPES.get(instance_type or "", {}).get("VCpuInfo", {})
    vcpus = int(info.get("DefaultVCpus", 1))
    return vcpus, int(info.get("DefaultCores", 1)), int(info.get("DefaultThreadsPerCore", 1))


def _launch_of(backend: Any, image_id: str | None, count: int, kwargs: dict[str, Any]) -> Launch:
    """The launch moto's ``run_instances`` is asked for, its launch template filled in."""
    asked = _REQUESTED.get() or LaunchRequest()
    template: dict[str, Any] = {}
    if kwargs.get("launch_template"):
        template = backend._get_template_from_args(kwargs["launch_template"]).data or {}
    # moto 5.2 fills the template's type in itself, older moto does not.
    instance_type = (
        kwargs.get("instance_type") if not kwargs.get("is_instance_type_default", True) else None
    ) or (template.get("InstanceType") or kwargs.get("instance_type") or "m1.small")
    specs = asked.license_specifications or template.get("LicenseSpecifications") or []
    cpu = asked.cpu_options or template.get("CpuOptions") or {}
    placement = asked.placement or template.get("Placement") or {}
    vcpus, cores, threads = default_sizes(instance_type)
    core_count = int(cpu.get("CoreCount") or cores)
    threads = int(cpu.get("ThreadsPerCore") or threads)
    host_id = kwargs.get("placement_hostid") or placement.get("HostId")
    tenancy = "EC2-DedicatedHost" if host_id else _TENANCIES.get(placement.get("Tenancy") or "")
    return Launch(
        account=backend.account_id,
        region=backend.region_name,
        partition=backend.partition,
        image_id=image_id or template.get("ImageId"),
        instance_type=instance_type,
        count=count,
        license_configuration_arns=tuple(
            dict.fromkeys(spec["LicenseConfigurationArn"] for spec in specs)
        ),
        sizes=LaunchSizes(
            vcpus=vcpus,
            optimized_vcpus=core_count * threads,
            cores=core_count,
            tenancy=tenancy or "EC2-Default",
        ),
        host_id=host_id,
    )


def _wrapped(owner: type, name: str, make: Callable[[Any], Any]) -> None:
    """Replaces ``owner.name`` by ``make(original)``, wrapping moto's own method only once."""
    import moto

    current = getattr(owner, name, None)
    if current is None or not callable(current):
        raise MotoEc2Changed(
            f"moto {moto.__version__}: {owner.__name__}.{name} is gone; "
            f"licensemgr_mock cannot enforce license configurations at EC2 launches."
        )
    original = getattr(current, _MARK, current)
    wrapper = functools.wraps(original)(make(original))
    setattr(wrapper, _MARK, original)
    setattr(owner, name, wrapper)


def install(licensing: Ec2Licensing) -> None:
    """Makes moto's EC2 ask ``licensing`` at every launch and start; safe to call any number
    of times (the last one wins)."""
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.instances import Instance, InstanceBackend
    from moto.ec2.responses.instances import InstanceResponse

    def run_instances(original: Any) -> Any:
        def run(self: Any, image_id: Any, count: int, *args: Any, **kwargs: Any) -> Any:
            launch = _launch_of(self, image_id, count, kwargs)
            try:
                with licensing.launch(launch) as record:
                    reservation = original(self, image_id, count, *args, **kwargs)
                    instances = _instances_of(reservation)
                    for instance in instances:
                        setattr(instance, SIZES_ATTRIBUTE, launch.sizes)
                    record([launch.instance_arn(instance.id) for instance in instances])
            except LaunchRefused as refused:
                raise EC2ClientError(refused.code, refused.message) from None
            return reservation

        return run

    def start_instances(original: Any) -> Any:
        def start(self: Any, instance_ids: list[str]) -> Any:
            stopped = tuple(
                _arn_of(instance)
                for instance in self.get_multi_instances_by_id(instance_ids)
                if instance.state == "stopped"
            )
            begin = Start(self.account_id, self.region_name, self.partition, stopped)
            try:
                with licensing.start(begin):
                    return original(self, instance_ids)
            except LaunchRefused as refused:
                raise EC2ClientError(refused.code, refused.message) from None

        return start

    def answer_run_instances(original: Any) -> Any:
        def answer(self: Any) -> Any:
            asked = LaunchRequest(
                license_specifications=self._get_param("LicenseSpecifications") or [],
                cpu_options=self._get_param("CpuOptions") or {},
                placement=self._get_param("Placement") or {},
            )
            with requested(asked):
                return original(self)

        return answer

    _wrapped(InstanceBackend, "run_instances", run_instances)
    _wrapped(InstanceBackend, "start_instances", start_instances)
    _wrapped(InstanceResponse, "run_instances", answer_run_instances)

    def licenses(instance: Any) -> list[dict[str, str]] | None:
        # moto's serialiser reads ``licenses`` for the Instance shape's ``Licenses``; None
        # leaves the member out, as EC2 does for an unlicensed instance.
        backend = instance.ec2_backend
        arns = licensing.licenses_of(backend.account_id, backend.region_name, _arn_of(instance))
        return [{"LicenseConfigurationArn": arn} for arn in arns] or None

    Instance.licenses = property(licenses)  # type: ignore[attr-defined]


def _arn_of(instance: Any) -> str:
    backend = instance.ec2_backend
    return (
        f"arn:{backend.partition}:ec2:{backend.region_name}:{backend.account_id}:"
        f"instance/{instance.id}"
    )


def _instances_of(reservation: Any) -> list[Any]:
    """The instances of the Reservation moto's ``run_instances`` made."""
    import moto

    instances = getattr(reservation, "instances", None)
    if not isinstance(instances, list):
        raise MotoEc2Changed(
            f"moto {moto.__version__}: run_instances no longer answers a Reservation; "
            f"licensemgr_mock cannot record the launched instances."
        )
    return instances
