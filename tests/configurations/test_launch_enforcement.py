"""EC2 launches enforce license configurations (issue 12): RunInstances with
LicenseSpecifications, from a launch template carrying them, or from an associated AMI is
counted at once, and refused when a hard limit, a rule or a disabled configuration says so,
in-process, under plain ``mock_aws`` and through ``licensemgr-mock server`` with the AWS CLI."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import boto3
import moto
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock.moto_adapters import ec2_launches
from tests.helpers import REGION, instance_configuration, running_server

ACCOUNT = "123456789012"
AMI = "ami-12c6146b"
IMAGE = f"arn:aws:ec2:{REGION}::image/{AMI}"


def ec2_client(**kwargs: Any) -> Any:
    return boto3.client("ec2", region_name=REGION, **kwargs)


def launch(config: str | None = None, count: int = 1, **extra: Any) -> list[str]:
    """Runs instances (with ``config`` as their license specification); their ARNs."""
    if config is not None:
        extra["LicenseSpecifications"] = [{"LicenseConfigurationArn": config}]
    extra.setdefault("ImageId", AMI)
    extra.setdefault("InstanceType", "m5.large")
    found = ec2_client().run_instances(MinCount=count, MaxCount=count, **extra)["Instances"]
    return [f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{i['InstanceId']}" for i in found]


def refusal(config: str | None = None, count: int = 1, **extra: Any) -> tuple[str, int]:
    """The EC2 error of a launch that must fail; checks that it left no instance behind."""
    before = live_instances()
    with pytest.raises(ClientError) as raised:
        launch(config, count, **extra)
    assert live_instances() == before
    error = raised.value.response
    return error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]


def live_instances() -> list[str]:
    reservations = ec2_client().describe_instances()["Reservations"]
    return [i["InstanceId"] for r in reservations for i in r["Instances"]]


def consumed(client: Any, config: str) -> int:
    answer = client.get_license_configuration(LicenseConfigurationArn=config)
    return int(answer["ConsumedLicenses"])


def usage(client: Any, config: str) -> list[tuple[str, int]]:
    rows = client.list_usage_for_license_configuration(LicenseConfigurationArn=config)
    return [
        (r["ResourceArn"], r["ConsumedLicenses"]) for r in rows["LicenseConfigurationUsageList"]
    ]


def specs_of(client: Any, resource: str) -> list[str]:
    answer = client.list_license_specifications_for_resource(ResourceArn=resource)
    return [s["LicenseConfigurationArn"] for s in answer["LicenseSpecifications"]]


@pytest.mark.usefixtures("license_manager")
class TestInProcess:
    def test_license_specifications_associate_the_instances_at_launch(self, client):
        config = instance_configuration(client, LicenseCountingType="vCPU")

        instances = launch(config, count=2)

        assert usage(client, config) == [(arn, 2) for arn in instances]
        assert consumed(client, config) == 4
        assert all(specs_of(client, arn) == [config] for arn in instances)
        rows = client.list_associations_for_license_configuration(LicenseConfigurationArn=config)
        listed = [r["ResourceArn"] for r in rows["LicenseConfigurationAssociations"]]
        assert listed == instances

    def test_a_launch_template_carries_its_license_specifications(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        ec2_client().create_launch_template(
            LaunchTemplateName="windows",
            LaunchTemplateData={
                "ImageId": AMI,
                "InstanceType": "m5.large",
                "LicenseSpecifications": [{"LicenseConfigurationArn": config}],
            },
        )
        template = {"LaunchTemplateName": "windows"}

        [first] = launch(LaunchTemplate=template)

        assert usage(client, config) == [(first, 1)]
        assert specs_of(client, first) == [config]
        assert refusal(LaunchTemplate=template) == ("LicenseLimitExceeded", 400)

    def test_the_hard_limit_refuses_the_launch_and_leaves_no_instance(self, client):
        config = instance_configuration(client, LicenseCount=3, LicenseCountHardLimit=True)
        launch(config, count=2)

        # Two more would make four: the whole launch is refused, not the second instance.
        assert refusal(config, count=2) == ("LicenseLimitExceeded", 400)
        assert consumed(client, config) == 2
        launch(config)
        assert consumed(client, config) == 3
        assert refusal(config) == ("LicenseLimitExceeded", 400)

    def test_a_soft_limit_lets_the_launch_exceed_the_count(self, client):
        config = instance_configuration(client, LicenseCount=1)

        launch(config, count=3)

        assert consumed(client, config) == 3
        over = client.list_license_configurations(
            Filters=[{"Name": "usagelimitExceeded", "Values": ["true"]}]
        )["LicenseConfigurations"]
        assert [c["LicenseConfigurationArn"] for c in over] == [config]

    def test_an_associated_ami_governs_launches_without_specifications(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        client.update_license_specifications_for_resource(
            ResourceArn=IMAGE, AddLicenseSpecifications=[{"LicenseConfigurationArn": config}]
        )

        [first] = launch()

        assert usage(client, config) == [(first, 1)]
        assert refusal() == ("LicenseLimitExceeded", 400)
        # Another AMI is not governed by it.
        launch(ImageId="ami-1234abcd")
        assert consumed(client, config) == 1

    def test_terminating_frees_and_stopping_stops_counting(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        [first] = launch(config)
        ec2 = ec2_client()

        ec2.stop_instances(InstanceIds=[first.rsplit("/", 1)[1]])
        assert consumed(client, config) == 0
        assert specs_of(client, first) == [config]  # still associated while stopped
        ec2.terminate_instances(InstanceIds=[first.rsplit("/", 1)[1]])

        [second] = launch(config)
        assert usage(client, config) == [(second, 1)]

    @pytest.mark.parametrize(("honor", "expected"), [([], 2), (["#honorVcpuOptimization=True"], 1)])
    def test_vcpus_honour_cpu_options_when_the_rule_says_so(self, client, honor, expected):
        config = instance_configuration(client, LicenseCountingType="vCPU", LicenseRules=honor)

        launch(config, CpuOptions={"CoreCount": 1, "ThreadsPerCore": 1})

        assert consumed(client, config) == expected

    def test_rules_refuse_a_launch_outside_them(self, client):
        small = instance_configuration(
            client, LicenseCountingType="vCPU", LicenseRules=["#maximumVcpus=2"]
        )
        dedicated = instance_configuration(
            client, LicenseRules=["#allowedTenancy=EC2-DedicatedHost"]
        )

        assert refusal(small, InstanceType="m5.xlarge") == ("InvalidParameterValue", 400)
        assert refusal(dedicated) == ("InvalidParameterValue", 400)
        assert refusal(dedicated, Placement={"Tenancy": "dedicated"}) == (
            "InvalidParameterValue",
            400,
        )
        launch(small, InstanceType="m5.large")
        host = ec2_client().allocate_hosts(
            AvailabilityZone=f"{REGION}a", InstanceType="m5.large", Quantity=1
        )["HostIds"][0]
        [on_host] = launch(dedicated, Placement={"HostId": host})
        assert usage(client, dedicated) == [(on_host, 1)]

    def test_cores_on_a_dedicated_host_and_host_affinity(self, client):
        config = instance_configuration(
            client,
            LicenseCountingType="Core",
            LicenseCount=48,
            LicenseCountHardLimit=True,
            LicenseRules=["#allowedTenancy=EC2-DedicatedHost", "#licenseAffinityToHost=90"],
        )
        first, second = ec2_client().allocate_hosts(
            AvailabilityZone=f"{REGION}a", InstanceType="m5.xlarge", Quantity=2
        )["HostIds"]

        # The configuration counts the host's 48 physical cores, once for both instances.
        launch(config, count=2, InstanceType="m5.xlarge", Placement={"HostId": first})

        assert consumed(client, config) == 48
        host = f"arn:aws:ec2:{REGION}:{ACCOUNT}:dedicated-host/{first}"
        assert usage(client, config) == [(host, 48)]
        # Another host would need 48 more.
        assert refusal(config, InstanceType="m5.xlarge", Placement={"HostId": second}) == (
            "LicenseLimitExceeded",
            400,
        )

    def test_disabled_and_unknown_configurations_block_launches(self, client):
        config = instance_configuration(client)
        client.update_license_configuration(
            LicenseConfigurationArn=config, LicenseConfigurationStatus="DISABLED"
        )
        unknown = config.replace(config.rsplit(":", 1)[1], "lic-" + "0" * 32)

        assert refusal(config) == ("InvalidParameterValue", 400)
        assert refusal(unknown) == ("InvalidParameterValue", 400)
        assert consumed(client, config) == 0

    def test_an_arn_holding_characters_xml_cannot_carry_is_refused_readably(self, client):
        # EC2 answers in XML: the ARN is shown escaped, else botocore could not read the answer.
        config = instance_configuration(client)
        before = live_instances()

        with pytest.raises(ClientError) as raised:
            launch(config + "\x00\x1f")

        error = raised.value.response["Error"]
        assert error["Code"] == "InvalidParameterValue"
        assert error["Message"] == f"Invalid license configuration ARN: {config}\\x00\\x1f"
        assert live_instances() == before
        assert consumed(client, config) == 0

    def test_inventory_lists_launched_instances(self, client):
        config = instance_configuration(client)
        [arn] = launch(config)

        rows = client.list_resource_inventory()["ResourceInventoryList"]

        assert [row["ResourceArn"] for row in rows] == [arn]


def test_plain_mock_aws_enforces_launches_too():
    with moto.mock_aws():
        client = boto3.client("license-manager", region_name=REGION)
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        [arn] = launch(config)
        assert usage(client, config) == [(arn, 1)]
        assert refusal(config) == ("LicenseLimitExceeded", 400)


def test_installing_twice_wraps_once():
    from moto.ec2.models.instances import InstanceBackend

    from licensemgr_mock.moto_adapters.ec2_licensing import LICENSING

    ec2_launches.install(LICENSING)
    wrapped = InstanceBackend.run_instances
    ec2_launches.install(LICENSING)

    mark = "__licensemgr_wrapped__"
    original = getattr(wrapped, mark)
    assert getattr(InstanceBackend.run_instances, mark) is original
    assert not hasattr(original, mark)


def test_a_changed_moto_ec2_fails_loudly(monkeypatch):
    from moto.ec2.models.instances import InstanceBackend

    monkeypatch.delattr(InstanceBackend, "run_instances")

    with pytest.raises(ec2_launches.MotoEc2Changed, match=moto.__version__):
        ec2_launches.install(None)  # type: ignore[arg-type]


def test_a_changed_moto_answer_fails_loudly():
    with pytest.raises(ec2_launches.MotoEc2Changed, match=moto.__version__):
        ec2_launches._instances_of(object())


def test_the_server_refuses_the_eleventh_windows_launch_through_the_aws_cli():
    with running_server() as server:
        host, port = server.address
        endpoint = f"http://{host}:{port}"
        env = {**os.environ, "AWS_DEFAULT_REGION": REGION}

        def aws(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                ["aws", "--endpoint-url", endpoint, "--output", "json", *args],
                capture_output=True,
                text=True,
                env=env,
                timeout=60,
            )

        created = aws(
            "license-manager",
            "create-license-configuration",
            "--name",
            "Windows cores",
            "--license-counting-type",
            "Instance",
            "--license-count",
            "10",
            "--license-count-hard-limit",
        )
        assert created.returncode == 0, created.stderr
        config = json.loads(created.stdout)["LicenseConfigurationArn"]
        run = ("ec2", "run-instances", "--image-id", AMI, "--instance-type", "m5.large")
        spec = ("--license-specifications", f"LicenseConfigurationArn={config}")
        ten = aws(*run, "--count", "10", *spec)
        assert ten.returncode == 0, ten.stderr
        eleventh = aws(*run, "--count", "1", *spec)
        got = aws(
            "license-manager", "get-license-configuration", "--license-configuration-arn", config
        )

    assert eleventh.returncode != 0
    assert "LicenseLimitExceeded" in eleventh.stderr
    assert json.loads(got.stdout)["ConsumedLicenses"] == 10


@pytest.mark.usefixtures("license_manager")
def test_concurrent_launches_never_take_more_than_the_hard_limit(client):
    import threading

    config = instance_configuration(client, LicenseCount=3, LicenseCountHardLimit=True)
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def one_launch() -> None:
        start.wait()
        try:
            launch(config)
            outcomes.append("launched")
        except ClientError as error:
            outcomes.append(error.response["Error"]["Code"])

    threads = [threading.Thread(target=one_launch) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["LicenseLimitExceeded"] * 3 + ["launched"] * 3
    assert consumed(client, config) == 3
    assert len(live_instances()) == 3
