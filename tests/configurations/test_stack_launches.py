"""Instances that CloudFormation stacks launch are licensed like RunInstances (issue 26, item
2): ``AWS::EC2::Instance`` with LicenseSpecifications, from a licensed
``AWS::EC2::LaunchTemplate`` or from an associated AMI is counted, checked against rules and
refused by hard limits; a refused instance fails its stack (CREATE_FAILED, rolled back, nothing
consumed or left behind), in-process and through ``licensemgr-mock server`` with the AWS CLI."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any

import boto3
import pytest

from tests.helpers import REGION, instance_configuration, launch_template_stack

ACCOUNT = "123456789012"
AMI = "ami-12c6146b"
IMAGE = f"arn:aws:ec2:{REGION}::image/{AMI}"


def licensed(config: str) -> list[dict[str, str]]:
    return [{"LicenseConfigurationArn": config}]


def instance_template(**properties: Any) -> dict[str, Any]:
    """A template with one instance, ``Server``, and its id as an output."""
    properties = {"ImageId": AMI, "InstanceType": "m5.large", **properties}
    return {
        "Resources": {"Server": {"Type": "AWS::EC2::Instance", "Properties": properties}},
        "Outputs": {"ServerId": {"Value": {"Ref": "Server"}}},
    }


def stack(name: str, template: dict[str, Any] | str) -> dict[str, Any]:
    """Creates the stack; its description once CloudFormation is done with it."""
    cfn = boto3.client("cloudformation", region_name=REGION)
    body = template if isinstance(template, str) else json.dumps(template)
    cfn.create_stack(StackName=name, TemplateBody=body)
    return dict(cfn.describe_stacks(StackName=name)["Stacks"][0])


def output(description: dict[str, Any], key: str) -> str:
    return next(o["OutputValue"] for o in description["Outputs"] if o["OutputKey"] == key)


def failures(name: str) -> list[tuple[str, str]]:
    events = boto3.client("cloudformation", region_name=REGION).describe_stack_events(
        StackName=name
    )["StackEvents"]
    return [
        (e["LogicalResourceId"], e["ResourceStatusReason"])
        for e in events
        if e["ResourceStatus"] == "CREATE_FAILED"
    ]


def running() -> list[str]:
    reservations = boto3.client("ec2", region_name=REGION).describe_instances(
        Filters=[{"Name": "instance-state-name", "Values": ["pending", "running"]}]
    )["Reservations"]
    return [i["InstanceId"] for r in reservations for i in r["Instances"]]


def usage(client: Any, config: str) -> list[tuple[str, int]]:
    rows = client.list_usage_for_license_configuration(LicenseConfigurationArn=config)
    return [
        (r["ResourceArn"], r["ConsumedLicenses"]) for r in rows["LicenseConfigurationUsageList"]
    ]


def consumed(client: Any, config: str) -> int:
    answer = client.get_license_configuration(LicenseConfigurationArn=config)
    return int(answer["ConsumedLicenses"])


def arn_of(instance_id: str) -> str:
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}"


@pytest.mark.usefixtures("license_manager")
class TestInProcess:
    def test_an_instance_with_license_specifications_is_counted(self, client):
        config = instance_configuration(client, LicenseCountingType="vCPU")

        created = stack("server", instance_template(LicenseSpecifications=licensed(config)))

        assert created["StackStatus"] == "CREATE_COMPLETE"
        server = output(created, "ServerId")
        assert usage(client, config) == [(arn_of(server), 2)]
        specs = client.list_license_specifications_for_resource(ResourceArn=arn_of(server))
        assert [s["LicenseConfigurationArn"] for s in specs["LicenseSpecifications"]] == [config]

    def test_an_instance_from_a_licensed_launch_template_is_counted(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        data = {
            "ImageId": AMI,
            "InstanceType": "m5.large",
            "LicenseSpecifications": [{"LicenseConfigurationArn": config}],
        }

        created = stack("templated", launch_template_stack(data, name="windows"))

        assert created["StackStatus"] == "CREATE_COMPLETE"
        server = output(created, "ServerId")
        assert usage(client, config) == [(arn_of(server), 1)]
        described = boto3.client("ec2", region_name=REGION).describe_instances(
            InstanceIds=[server]
        )["Reservations"][0]["Instances"][0]
        assert described["ImageId"] == AMI
        assert described["Licenses"] == licensed(config)

    def test_a_refused_instance_fails_and_rolls_back_its_stack(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        stack("first", instance_template(LicenseSpecifications=licensed(config)))
        template = instance_template(LicenseSpecifications=licensed(config))
        # A bucket made before the instance is rolled back with the stack.
        template["Resources"]["Logs"] = {"Type": "AWS::S3::Bucket"}
        template["Resources"]["Server"]["DependsOn"] = "Logs"
        before = running()

        failed = stack("second", template)

        assert failed["StackStatus"] == "ROLLBACK_COMPLETE"
        assert failed["StackStatusReason"] == (
            "The following resource(s) failed to create: [Server]. Rollback requested by user."
        )
        assert "Outputs" not in failed
        [(logical_id, reason)] = failures("second")
        assert logical_id == "Server"
        assert reason.startswith(f"License count limit exceeded: license configuration {config}")
        assert reason.endswith(
            "(Service: AmazonEC2; Status Code: 400; Error Code: LicenseLimitExceeded)"
        )
        cfn = boto3.client("cloudformation", region_name=REGION)
        assert cfn.describe_stack_resources(StackName="second")["StackResources"] == []
        assert boto3.client("s3", region_name=REGION).list_buckets()["Buckets"] == []
        assert running() == before
        assert consumed(client, config) == 1

    def test_after_a_refusal_later_stacks_work(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        first = stack("first", instance_template(LicenseSpecifications=licensed(config)))
        stack("refused", instance_template(LicenseSpecifications=licensed(config)))
        cfn = boto3.client("cloudformation", region_name=REGION)

        cfn.delete_stack(StackName=first["StackName"])
        cfn.delete_stack(StackName="refused")
        again = stack("again", instance_template(LicenseSpecifications=licensed(config)))

        assert again["StackStatus"] == "CREATE_COMPLETE"
        assert usage(client, config) == [(arn_of(output(again, "ServerId")), 1)]

    def test_an_update_adding_a_refused_instance_rolls_back_to_the_previous_template(self, client):
        config = instance_configuration(client, LicenseCount=2, LicenseCountHardLimit=True)
        template = instance_template(LicenseSpecifications=licensed(config))
        first = stack("fleet", template)
        server = template["Resources"]["Server"]
        grown = {
            "Resources": {"Server": server, "Second": server, "Third": server},
            "Outputs": template["Outputs"],
        }
        cfn = boto3.client("cloudformation", region_name=REGION)

        cfn.update_stack(StackName="fleet", TemplateBody=json.dumps(grown))

        after = cfn.describe_stacks(StackName="fleet")["Stacks"][0]
        assert after["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
        [(logical_id, reason)] = failures("fleet")
        assert logical_id in ("Second", "Third")
        assert "Error Code: LicenseLimitExceeded" in reason
        resources = cfn.describe_stack_resources(StackName="fleet")["StackResources"]
        assert [r["LogicalResourceId"] for r in resources] == ["Server"]
        assert output(after, "ServerId") == output(first, "ServerId")
        assert usage(client, config) == [(arn_of(output(first, "ServerId")), 1)]
        assert running() == [output(first, "ServerId")]

    def test_change_sets_with_a_refused_instance_fail_and_roll_back(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        template = instance_template(LicenseSpecifications=licensed(config))
        server = template["Resources"]["Server"]
        cfn = boto3.client("cloudformation", region_name=REGION)
        stack("first", template)

        def execute(name: str, kind: str, body: dict[str, Any]) -> None:
            change = f"{name}-change"
            cfn.create_change_set(
                StackName=name,
                ChangeSetName=change,
                TemplateBody=json.dumps(body),
                ChangeSetType=kind,
            )
            cfn.execute_change_set(StackName=name, ChangeSetName=change)

        execute("new", "CREATE", template)
        grown = {**template, "Resources": {**template["Resources"], "Second": server}}
        execute("first", "UPDATE", grown)

        new, first = (cfn.describe_stacks(StackName=name)["Stacks"][0] for name in ("new", "first"))
        assert new["StackStatus"] == "ROLLBACK_COMPLETE"
        assert first["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
        executed = cfn.describe_change_set(StackName="new", ChangeSetName="new-change")
        assert executed["ExecutionStatus"] == "EXECUTE_FAILED"
        assert [logical_id for logical_id, _ in failures("first")] == ["Second"]
        assert usage(client, config) == [(arn_of(output(first, "ServerId")), 1)]

    def test_a_refused_instance_an_export_names_fails_the_stack_not_the_call(self, client):
        config = instance_configuration(client, LicenseCount=0, LicenseCountHardLimit=True)
        template = instance_template(LicenseSpecifications=licensed(config))
        template["Outputs"]["ServerId"]["Export"] = {"Name": "server-id"}

        refused = stack("exported", template)

        assert refused["StackStatus"] == "ROLLBACK_COMPLETE"
        assert [logical_id for logical_id, _ in failures("exported")] == ["Server"]
        assert "Error Code: LicenseLimitExceeded" in failures("exported")[0][1]
        assert boto3.client("cloudformation", region_name=REGION).list_exports()["Exports"] == []
        assert running() == []
        assert consumed(client, config) == 0

    def test_an_instance_from_an_associated_ami_is_governed_by_it(self, client):
        config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
        client.update_license_specifications_for_resource(
            ResourceArn=IMAGE, AddLicenseSpecifications=licensed(config)
        )

        created = stack("from-ami", instance_template())
        refused = stack("from-ami-again", instance_template())

        assert created["StackStatus"] == "CREATE_COMPLETE"
        assert refused["StackStatus"] == "ROLLBACK_COMPLETE"
        assert usage(client, config) == [(arn_of(output(created, "ServerId")), 1)]

    def test_rules_refuse_an_instance_outside_them(self, client):
        config = instance_configuration(
            client, LicenseRules=["#allowedTenancy=EC2-DedicatedInstance"]
        )

        shared = stack("shared", instance_template(LicenseSpecifications=licensed(config)))
        dedicated = stack(
            "dedicated",
            instance_template(LicenseSpecifications=licensed(config), Tenancy="dedicated"),
        )

        assert shared["StackStatus"] == "ROLLBACK_COMPLETE"
        [(_, reason)] = failures("shared")
        assert "#allowedTenancy=EC2-DedicatedInstance" in reason
        assert reason.endswith("Error Code: InvalidParameterValue)")
        assert dedicated["StackStatus"] == "CREATE_COMPLETE"
        assert usage(client, config) == [(arn_of(output(dedicated, "ServerId")), 1)]

    def test_an_instance_on_a_dedicated_host_counts_the_host(self, client):
        config = instance_configuration(
            client,
            LicenseCountingType="Socket",
            LicenseRules=["#allowedTenancy=EC2-DedicatedHost"],
        )
        host = boto3.client("ec2", region_name=REGION).allocate_hosts(
            AvailabilityZone=f"{REGION}a", InstanceType="m5.large", Quantity=1
        )["HostIds"][0]

        created = stack(
            "on-host",
            instance_template(
                LicenseSpecifications=licensed(config), HostId=host, CpuOptions={"CoreCount": 1}
            ),
        )

        assert created["StackStatus"] == "CREATE_COMPLETE"
        host_arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:dedicated-host/{host}"
        assert usage(client, config) == [(host_arn, 2)]

    def test_an_instance_without_an_image_fails_its_stack_with_the_reason(self, client):
        failed = stack("no-image", instance_template(ImageId=""))

        assert failed["StackStatus"] == "ROLLBACK_COMPLETE"
        assert failures("no-image") == [
            ("Server", "Property ImageId cannot be empty (give it or a LaunchTemplate with one).")
        ]
        assert running() == []

    def test_yaml_templates_work_too(self, client):
        config = instance_configuration(client, LicenseCount=0, LicenseCountHardLimit=True)
        body = f"""
Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: {AMI}
      LicenseSpecifications:
        - LicenseConfigurationArn: {config}
"""
        failed = stack("yaml", body)

        assert failed["StackStatus"] == "ROLLBACK_COMPLETE"
        assert consumed(client, config) == 0


def test_the_server_fails_a_refused_stack_through_the_aws_cli(license_manager_server, tmp_path):
    host, port = license_manager_server.address
    endpoint = f"http://{host}:{port}"
    env = {
        **os.environ,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
    }

    def aws(*args: str) -> Any:
        done = subprocess.run(
            ["aws", "--endpoint-url", endpoint, "--output", "json", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else None

    config = aws(
        "license-manager",
        "create-license-configuration",
        "--name",
        "Windows",
        "--license-counting-type",
        "Instance",
        "--license-count",
        "1",
        "--license-count-hard-limit",
    )["LicenseConfigurationArn"]
    body = tmp_path / "server.json"
    body.write_text(json.dumps(instance_template(LicenseSpecifications=licensed(config))))

    for name in ("first", "second"):
        aws(
            "cloudformation", "create-stack", "--stack-name", name, "--template-body", body.as_uri()
        )

    first, second = (
        aws("cloudformation", "describe-stacks", "--stack-name", name)["Stacks"][0]
        for name in ("first", "second")
    )
    assert first["StackStatus"] == "CREATE_COMPLETE"
    assert second["StackStatus"] == "ROLLBACK_COMPLETE"
    events = aws("cloudformation", "describe-stack-events", "--stack-name", "second")
    [reason] = [
        e["ResourceStatusReason"]
        for e in events["StackEvents"]
        if e["ResourceStatus"] == "CREATE_FAILED"
    ]
    assert "Error Code: LicenseLimitExceeded" in reason
    server = output(first, "ServerId")
    rows = aws(
        "license-manager",
        "list-usage-for-license-configuration",
        "--license-configuration-arn",
        config,
    )["LicenseConfigurationUsageList"]
    assert [(r["ResourceArn"], r["ConsumedLicenses"]) for r in rows] == [(arn_of(server), 1)]
    described = aws("ec2", "describe-instances", "--instance-ids", server)
    assert described["Reservations"][0]["Instances"][0]["Licenses"] == licensed(config)
