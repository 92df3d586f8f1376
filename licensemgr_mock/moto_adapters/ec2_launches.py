"""EC2 launches as License Manager enforces them: the one place that meets moto's RunInstances.

moto's EC2 ignores LicenseSpecifications, CpuOptions and Placement.Tenancy, and offers no hook
around a launch. So ``install`` wraps moto's RunInstances handler (the response method, the
only layer that still sees those parameters), idempotently: before the launch, the installed
``LaunchGuard`` checks the launch (and may refuse it with an EC2 error, before any instance
exists); after it, the guard records the new instances. Both run under the guard's lock, so
two concurrent launches cannot both take the last license. If moto's handler changes shape,
``install`` fails with an error naming the moto version instead of enforcing nothing.
"""

from __future__ import annotations

import functools
from typing import Any

from licensemgr_mock.state.ec2 import Launch, LaunchGuard, LaunchRefused, LaunchSizes

# Where a launch's sizes are kept on moto's Instance (moto has no CpuOptions or tenancy).
SIZES_ATTRIBUTE = "licensemgr_launch_sizes"
_MARK = "__licensemgr_wrapped__"
_TENANCIES = {
    "default": "EC2-Default",
    "dedicated": "EC2-DedicatedInstance",
    "host": "EC2-DedicatedHost",
}


class MotoEc2Changed(RuntimeError):
    """moto's RunInstances no longer has the shape this module wraps."""


def default_sizes(instance_type: str | None) -> tuple[int, int, int]:
    """(vCPUs, cores, threads per core) of an instance type, per moto's instance type table."""
    from moto.ec2.models.instance_types import INSTANCE_TYPES

    info = INSTANCE_TYPES.get(instance_type or "", {}).get("VCpuInfo", {})
    vcpus = int(info.get("DefaultVCpus", 1))
    return vcpus, int(info.get("DefaultCores", 1)), int(info.get("DefaultThreadsPerCore", 1))


def _launch_of(response: Any) -> Launch:
    """The launch a RunInstances request asks for, with its launch template filled in."""
    template: dict[str, Any] = {}
    reference = response._get_param("LaunchTemplate", {})
    if reference:
        template = response.ec2_backend._get_template_from_args(reference).data or {}
    instance_type = (
        response._get_param("InstanceType") or template.get("InstanceType") or "m1.small"
    )
    specs = response._get_param("LicenseSpecifications") or template.get("LicenseSpecifications")
    cpu = response._get_param("CpuOptions") or template.get("CpuOptions") or {}
    placement = response._get_param("Placement") or template.get("Placement") or {}
    vcpus, cores, threads = default_sizes(instance_type)
    core_count = int(cpu.get("CoreCount") or cores)
    threads = int(cpu.get("ThreadsPerCore") or threads)
    host_id = placement.get("HostId")
    tenancy = "EC2-DedicatedHost" if host_id else _TENANCIES.get(placement.get("Tenancy") or "")
    return Launch(
        account=response.current_account,
        region=response.region,
        partition=response.partition,
        image_id=response._get_param("ImageId") or template.get("ImageId"),
        instance_type=instance_type,
        # moto launches MinCount instances.
        count=int(response._get_param("MinCount", if_none="1")),
        license_configuration_arns=tuple(
            dict.fromkeys(spec["LicenseConfigurationArn"] for spec in specs or [])
        ),
        sizes=LaunchSizes(
            vcpus=vcpus,
            optimized_vcpus=core_count * threads,
            cores=core_count,
            tenancy=tenancy or "EC2-Default",
        ),
        host_id=host_id,
    )


def install(guard: LaunchGuard) -> None:
    """Wraps moto's RunInstances handler so ``guard`` sees every launch; safe to call any
    number of times (the last guard wins)."""
    import moto
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.responses.instances import InstanceResponse

    current = getattr(InstanceResponse, "run_instances", None)
    if current is None or not callable(current):
        raise MotoEc2Changed(
            f"moto {moto.__version__}: InstanceResponse.run_instances is gone; "
            f"licensemgr_mock cannot enforce license configurations at EC2 launches."
        )
    original = getattr(current, _MARK, current)

    @functools.wraps(original)
    def run_instances(self: Any) -> Any:
        launch = _launch_of(self)
        try:
            with guard(launch) as record:
                result = original(self)
                instances = _instances_of(result)
                for instance in instances:
                    setattr(instance, SIZES_ATTRIBUTE, launch.sizes)
                record([launch.instance_arn(instance.id) for instance in instances])
        except LaunchRefused as refused:
            raise EC2ClientError(refused.code, refused.message) from None
        return result

    setattr(run_instances, _MARK, original)
    InstanceResponse.run_instances = run_instances  # type: ignore[method-assign]


def _instances_of(result: Any) -> list[Any]:
    """The instances of moto's RunInstances answer (an ActionResult of a Reservation)."""
    import moto

    reservation = getattr(result, "result", None)
    instances = getattr(reservation, "instances", None)
    if not isinstance(instances, list):
        raise MotoEc2Changed(
            f"moto {moto.__version__}: RunInstances no longer answers a Reservation; "
            f"licensemgr_mock cannot record the launched instances."
        )
    return instances
