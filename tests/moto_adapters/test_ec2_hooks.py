"""The moto glue of issue 26: the hooks on moto's EC2 and CloudFormation wrap moto's own
methods once however often they are installed, and fail loudly, naming the moto version, when
moto changes the shape they wrap."""

from __future__ import annotations

import moto
import pytest

from licensemgr_mock.moto_adapters import ec2_hosts, ec2_launches, ec2_stacks
from licensemgr_mock.moto_adapters.ec2_licensing import LICENSING

MARK = "__licensemgr_wrapped__"
HOST_MARK = "__licensemgr_host_properties__"


def test_every_hook_wraps_moto_once():
    from moto.ec2.models.hosts import Host
    from moto.ec2.models.instances import Instance, InstanceBackend
    from moto.ec2.responses.instances import InstanceResponse

    def wrapped() -> list[object]:
        originals = [
            getattr(InstanceBackend.run_instances, MARK),
            getattr(InstanceBackend.start_instances, MARK),
            getattr(InstanceResponse.run_instances, MARK),
            getattr(Instance.__dict__["create_from_cloudformation_json"].__func__, MARK),
        ]
        # moto >= 5.2 builds HostProperties from the host; older moto has no property.
        host_properties = Host.__dict__.get("host_properties")
        if isinstance(host_properties, property):
            originals.append(getattr(host_properties.fget, HOST_MARK))
        return originals

    def install() -> None:
        ec2_launches.install(LICENSING)
        ec2_stacks.install()
        ec2_hosts.install()

    install()
    first = wrapped()
    install()

    assert wrapped() == first
    assert not any(hasattr(original, MARK) or hasattr(original, HOST_MARK) for original in first)


def test_a_changed_moto_start_instances_fails_loudly(monkeypatch):
    from moto.ec2.models.instances import InstanceBackend

    monkeypatch.delattr(InstanceBackend, "start_instances")

    with pytest.raises(ec2_launches.MotoEc2Changed, match=moto.__version__):
        ec2_launches.install(LICENSING)


def test_a_changed_moto_stack_instance_fails_loudly(monkeypatch):
    from moto.ec2.models.instances import Instance

    monkeypatch.setattr(Instance, "create_from_cloudformation_json", staticmethod(lambda: None))

    with pytest.raises(ec2_launches.MotoEc2Changed, match=moto.__version__):
        ec2_stacks.install()


def test_host_sizes_of_an_unknown_family_are_one_of_each():
    assert ec2_hosts.host_sizes("zz9.large", None) == ec2_hosts.HostSizes(1, 1, 1)
    assert ec2_hosts.host_sizes(None, "m5") == ec2_hosts.HostSizes(48, 2, 96)
