"""EC2 fidelity around licenses (issue 26, item 3): DescribeInstances lists ``Licenses``,
StartInstances re-checks hard limits, DryRun launches never consume, and Core and Socket
configurations count a Dedicated Host's physical cores and sockets as EC2_HOST, with
``#licenseAffinityToHost`` keeping the host counted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
import moto
import pytest
from botocore.exceptions import ClientError

from tests.helpers import REGION, instance_configuration

ACCOUNT = "123456789012"
AMI = "ami-12c6146b"
IMAGE = f"arn:aws:ec2:{REGION}::image/{AMI}"

pytestmark = pytest.mark.usefixtures("license_manager")


def ec2() -> Any:
    return boto3.client("ec2", region_name=REGION)


def launch(config: str | None = None, count: int = 1, **extra: Any) -> list[str]:
    """Runs instances (with ``config`` as their license specification); their ids."""
    if config is not None:
        extra["LicenseSpecifications"] = [{"LicenseConfigurationArn": config}]
    extra = {"ImageId": AMI, "InstanceType": "m5.large", **extra}
    found = ec2().run_instances(MinCount=count, MaxCount=count, **extra)["Instances"]
    return [i["InstanceId"] for i in found]


def arn_of(instance_id: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}"


def host_arn(host_id: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:dedicated-host/{host_id}"


def described(instance_id: str) -> dict[str, Any]:
    answer = ec2().describe_instances(InstanceIds=[instance_id])
    return dict(answer["Reservations"][0]["Instances"][0])


def state_of(instance_id: str) -> str:
    return str(described(instance_id)["State"]["Name"])


def consumed(client: Any, config: str) -> int:
    answer = client.get_license_configuration(LicenseConfigurationArn=config)
    return int(answer["ConsumedLicenses"])


def usage(client: Any, config: str) -> list[tuple[str, str, int]]:
    rows = client.list_usage_for_license_configuration(LicenseConfigurationArn=config)
    return [
        (r["ResourceArn"], r["ResourceType"], r["ConsumedLicenses"])
        for r in rows["LicenseConfigurationUsageList"]
    ]


def error_of(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int]:
    error = raised.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]


def allocate(instance_type: str = "m5.large", quantity: int = 1) -> list[str]:
    hosts = ec2().allocate_hosts(
        AvailabilityZone=f"{REGION}a", InstanceType=instance_type, Quantity=quantity
    )
    return list(hosts["HostIds"])


# -- DescribeInstances Licenses ---------------------------------------------------------------


def test_describe_instances_lists_the_configurations_that_count_an_instance(client):
    named = instance_configuration(client)
    from_ami = instance_configuration(client, Name="From the AMI")
    client.update_license_specifications_for_resource(
        ResourceArn=IMAGE, AddLicenseSpecifications=[{"LicenseConfigurationArn": from_ami}]
    )
    [server] = launch(named)
    [plain] = launch(ImageId="ami-1234abcd")

    licenses = [entry["LicenseConfigurationArn"] for entry in described(server)["Licenses"]]

    assert sorted(licenses) == sorted([named, from_ami])
    assert "Licenses" not in described(plain)


def test_licenses_follow_license_manager_associations(client):
    config = instance_configuration(client)
    [server] = launch()
    assert "Licenses" not in described(server)

    client.update_license_specifications_for_resource(
        ResourceArn=arn_of(server), AddLicenseSpecifications=[{"LicenseConfigurationArn": config}]
    )
    assert described(server)["Licenses"] == [{"LicenseConfigurationArn": config}]

    client.update_license_specifications_for_resource(
        ResourceArn=arn_of(server),
        RemoveLicenseSpecifications=[{"LicenseConfigurationArn": config}],
    )
    assert "Licenses" not in described(server)


def test_run_instances_answers_the_licenses_too(client):
    config = instance_configuration(client)

    answer = ec2().run_instances(
        ImageId=AMI,
        MinCount=1,
        MaxCount=1,
        LicenseSpecifications=[{"LicenseConfigurationArn": config}],
    )

    assert answer["Instances"][0]["Licenses"] == [{"LicenseConfigurationArn": config}]


# -- StartInstances ---------------------------------------------------------------------------


def test_starting_a_stopped_instance_past_a_hard_limit_is_refused(client):
    config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
    [first] = launch(config)
    ec2().stop_instances(InstanceIds=[first])
    # Stopped, it consumes nothing: another instance takes the license.
    [second] = launch(config)

    with pytest.raises(ClientError) as raised:
        ec2().start_instances(InstanceIds=[first])

    assert error_of(raised) == ("LicenseLimitExceeded", 400)
    assert "starting these instances would use 2" in raised.value.response["Error"]["Message"]
    assert state_of(first) == "stopped"
    assert consumed(client, config) == 1

    ec2().terminate_instances(InstanceIds=[second])
    started = ec2().start_instances(InstanceIds=[first])["StartingInstances"]
    assert [s["InstanceId"] for s in started] == [first]
    assert state_of(first) == "running"
    assert usage(client, config) == [(arn_of(first), "EC2_INSTANCE", 1)]


def test_starting_under_a_soft_limit_or_without_a_configuration_goes_ahead(client):
    soft = instance_configuration(client, LicenseCount=1)
    [first] = launch(soft)
    [plain] = launch()
    ec2().stop_instances(InstanceIds=[first, plain])
    launch(soft)

    ec2().start_instances(InstanceIds=[first, plain])

    assert state_of(first) == state_of(plain) == "running"
    assert consumed(client, soft) == 2


def test_starting_an_instance_from_an_associated_ami_is_checked(client):
    config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
    client.update_license_specifications_for_resource(
        ResourceArn=IMAGE, AddLicenseSpecifications=[{"LicenseConfigurationArn": config}]
    )
    [first] = launch()
    ec2().stop_instances(InstanceIds=[first])
    launch()

    with pytest.raises(ClientError) as raised:
        ec2().start_instances(InstanceIds=[first])

    assert error_of(raised) == ("LicenseLimitExceeded", 400)
    assert state_of(first) == "stopped"


def test_a_dry_run_start_answers_dry_run_and_changes_nothing(client):
    config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
    [first] = launch(config)
    ec2().stop_instances(InstanceIds=[first])

    with pytest.raises(ClientError) as raised:
        ec2().start_instances(InstanceIds=[first], DryRun=True)

    assert error_of(raised) == ("DryRunOperation", 412)
    assert state_of(first) == "stopped"
    assert consumed(client, config) == 0


# -- DryRun launches --------------------------------------------------------------------------


@pytest.mark.parametrize("limit", [0, 1])
def test_a_dry_run_launch_answers_dry_run_and_never_consumes(client, limit):
    config = instance_configuration(client, LicenseCount=limit, LicenseCountHardLimit=True)

    with pytest.raises(ClientError) as raised:
        launch(config, DryRun=True)

    assert error_of(raised) == ("DryRunOperation", 412)
    assert raised.value.response["Error"]["Message"] == (
        "Request would have succeeded, but DryRun flag is set."
    )
    assert consumed(client, config) == 0
    assert ec2().describe_instances()["Reservations"] == []


# -- Dedicated Hosts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counting_type", "instance_type", "expected"),
    [
        ("Core", "m5.large", 48),
        ("Socket", "m5.large", 2),
        ("Core", "m6g.large", 64),
        ("Socket", "m6g.large", 1),
    ],
)
def test_an_associated_host_counts_its_physical_cores_and_sockets(
    client, counting_type, instance_type, expected
):
    config = instance_configuration(client, LicenseCountingType=counting_type)
    [host] = allocate(instance_type)

    client.update_license_specifications_for_resource(
        ResourceArn=host_arn(host), AddLicenseSpecifications=[{"LicenseConfigurationArn": config}]
    )

    answer = client.get_license_configuration(LicenseConfigurationArn=config)
    assert answer["ConsumedLicenses"] == expected
    assert {"ResourceType": "EC2_HOST", "ConsumedLicenses": expected} in answer[
        "ConsumedLicenseSummaryList"
    ]
    assert {"ResourceType": "EC2_HOST", "AssociationCount": 1} in answer[
        "ManagedResourceSummaryList"
    ]
    assert usage(client, config) == [(host_arn(host), "EC2_HOST", expected)]


def test_instances_on_a_host_count_the_host_once_per_host(client):
    config = instance_configuration(client, LicenseCountingType="Core")
    first, second = allocate(quantity=2)

    on_first = launch(config, count=3, Placement={"HostId": first})
    launch(config, Placement={"HostId": second})

    answer = client.get_license_configuration(LicenseConfigurationArn=config)
    assert answer["ConsumedLicenses"] == 96
    summaries = {s["ResourceType"]: s for s in answer["ConsumedLicenseSummaryList"]}
    assert summaries["EC2_HOST"]["ConsumedLicenses"] == 96
    assert summaries["EC2_INSTANCE"]["ConsumedLicenses"] == 0
    managed = {
        s["ResourceType"]: s["AssociationCount"] for s in answer["ManagedResourceSummaryList"]
    }
    assert (managed["EC2_INSTANCE"], managed["EC2_HOST"]) == (4, 2)
    assert sorted(usage(client, config)) == sorted(
        [(host_arn(first), "EC2_HOST", 48), (host_arn(second), "EC2_HOST", 48)]
    )
    rows = client.list_associations_for_license_configuration(LicenseConfigurationArn=config)
    listed = {r["ResourceArn"] for r in rows["LicenseConfigurationAssociations"]}
    assert {arn_of(i) for i in on_first} | {host_arn(first)} <= listed


def test_vcpu_and_instance_configurations_still_count_instances_on_a_host(client):
    config = instance_configuration(client, LicenseCountingType="vCPU")
    [host] = allocate()

    launch(config, count=2, Placement={"HostId": host})

    assert consumed(client, config) == 4


def test_without_affinity_a_host_is_released_when_its_instances_stop(client):
    config = instance_configuration(client, LicenseCountingType="Core")
    [host] = allocate()
    servers = launch(config, count=2, Placement={"HostId": host})

    ec2().stop_instances(InstanceIds=servers)

    assert consumed(client, config) == 0
    assert usage(client, config) == []


@pytest.mark.parametrize("stop", ["stop_instances", "terminate_instances"])
def test_affinity_keeps_the_host_counted_for_its_days(client, lm, stop):
    config = instance_configuration(
        client,
        LicenseCountingType="Core",
        LicenseCount=48,
        LicenseCountHardLimit=True,
        LicenseRules=["#licenseAffinityToHost=90"],
    )
    first, second = allocate(quantity=2)
    servers = launch(config, Placement={"HostId": first})

    getattr(ec2(), stop)(InstanceIds=servers)

    assert usage(client, config) == [(host_arn(first), "EC2_HOST", 48)]
    # The licenses stay bound to the first host: the second cannot take them yet.
    with pytest.raises(ClientError) as raised:
        launch(config, Placement={"HostId": second})
    assert error_of(raised) == ("LicenseLimitExceeded", 400)

    lm.clock.advance(timedelta(days=90, seconds=1))

    assert consumed(client, config) == 0
    launch(config, Placement={"HostId": second})
    assert usage(client, config) == [(host_arn(second), "EC2_HOST", 48)]


def test_starting_an_instance_on_an_idle_host_needs_the_host_s_licenses(client):
    config = instance_configuration(
        client, LicenseCountingType="Socket", LicenseCount=2, LicenseCountHardLimit=True
    )
    first, second = allocate(quantity=2)
    [server] = launch(config, Placement={"HostId": first})
    ec2().stop_instances(InstanceIds=[server])
    launch(config, Placement={"HostId": second})

    with pytest.raises(ClientError) as raised:
        ec2().start_instances(InstanceIds=[server])

    assert error_of(raised) == ("LicenseLimitExceeded", 400)
    assert state_of(server) == "stopped"
    assert usage(client, config) == [(host_arn(second), "EC2_HOST", 2)]


@pytest.mark.skipif(
    tuple(int(part) for part in moto.__version__.split(".")[:2]) < (5, 2),
    reason="moto < 5.2 writes DescribeHosts from a fixed template",
)
def test_describe_hosts_gives_the_physical_host_properties():
    [host] = allocate("m5.large")

    [described_host] = ec2().describe_hosts(HostIds=[host])["Hosts"]

    assert described_host["HostProperties"] == {
        "InstanceType": "m5.large",
        "Cores": 48,
        "Sockets": 2,
        "TotalVCpus": 96,
    }


# -- other paths that make instances ------------------------------------------------------------


def test_an_auto_scaling_group_s_instances_from_an_associated_ami_are_counted(client):
    config = instance_configuration(client)
    client.update_license_specifications_for_resource(
        ResourceArn=IMAGE, AddLicenseSpecifications=[{"LicenseConfigurationArn": config}]
    )
    ec2().create_launch_template(
        LaunchTemplateName="windows",
        LaunchTemplateData={"ImageId": AMI, "InstanceType": "m5.large"},
    )

    boto3.client("autoscaling", region_name=REGION).create_auto_scaling_group(
        AutoScalingGroupName="windows",
        LaunchTemplate={"LaunchTemplateName": "windows"},
        MinSize=2,
        MaxSize=2,
        AvailabilityZones=[f"{REGION}a"],
    )

    assert consumed(client, config) == 2
