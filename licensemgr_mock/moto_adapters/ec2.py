"""moto's EC2 as License Manager reads it (``state.services.Ec2``): instances, AMIs and
Dedicated Hosts, read live, so an instance stopped or terminated through EC2 stops consuming
licenses at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Any

from licensemgr_mock.moto_adapters.ec2_hosts import host_sizes
from licensemgr_mock.moto_adapters.ec2_launches import SIZES_ATTRIBUTE, default_sizes
from licensemgr_mock.pipeline.api import ResourceType
from licensemgr_mock.state.ec2 import EC2_ARN, Ec2Resource, LaunchSizes


class MotoEc2:
    """``state.services.Ec2`` on moto's EC2 backends."""

    def find_resource(self, arn: str, account: str) -> Ec2Resource | None:
        """The EC2 resource ``arn`` names, if it exists in moto's EC2 and ``account`` can use
        it (its own instances and hosts; AMIs it can launch)."""
        match = EC2_ARN.match(arn)
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

    def instances(self, account: str, region: str, partition: str) -> Iterator[Ec2Resource]:
        """Every instance ``account`` has in ``region`` (terminated ones included)."""
        backend = _ec2(account, region)
        for instance in backend.all_instances() if backend is not None else []:
            arn = f"arn:{partition}:ec2:{region}:{account}:instance/{instance.id}"
            yield _instance(instance, arn)

    def image_name(self, account: str, region: str, image_id: str) -> str | None:
        """The name of an AMI, None when moto's EC2 no longer knows it."""
        backend = _ec2(account, region)
        image = backend.amis.get(image_id) if backend is not None else None
        return None if image is None else str(getattr(image, "name", "") or "")


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
    # The physical server, as License Manager counts a host.
    sizes = host_sizes(host.instance_type, host.instance_family)
    return Ec2Resource(
        arn=arn,
        resource_id=host.id,
        resource_type=ResourceType.EC2_HOST,
        owner_id=account,
        state=host.state,
        vcpus=sizes.vcpus,
        optimized_vcpus=sizes.vcpus,
        cores=sizes.cores,
        sockets=sizes.sockets,
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
