"""License type conversions of EC2 instances in moto's EC2, driven through time by freezegun."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from tests.helpers import REGION, error_of, lm_client, needs_model

pytestmark = pytest.mark.usefixtures("license_manager")

ACCOUNT = "123456789012"
WINDOWS_AMI = "ami-12c6146b"
SQL_STANDARD_AMI = "ami-86ee3cff"
RHEL_AMI = "ami-bb9a6bc2"
LINUX_AMI = "ami-1e749f67"
START = "2030-01-01 09:00:00"
DONE = "2030-01-01 09:01:00"


def instance(ami: str = WINDOWS_AMI, stopped: bool = True, region: str = REGION) -> str:
    """The ARN of a new instance in moto's EC2, stopped unless told otherwise."""
    ec2 = boto3.client("ec2", region_name=region)
    instance_id = ec2.run_instances(ImageId=ami, MinCount=1, MaxCount=1)["Instances"][0][
        "InstanceId"
    ]
    if stopped:
        ec2.stop_instances(InstanceIds=[instance_id])
    return f"arn:aws:ec2:{region}:{ACCOUNT}:instance/{instance_id}"


def convert(client: Any, arn: str, source: str, destination: str) -> str:
    return str(
        client.create_license_conversion_task_for_resource(
            ResourceArn=arn,
            SourceLicenseContext={"UsageOperation": source},
            DestinationLicenseContext={"UsageOperation": destination},
        )["LicenseConversionTaskId"]
    )


def task(client: Any, task_id: str) -> dict[str, Any]:
    answer = client.get_license_conversion_task(LicenseConversionTaskId=task_id)
    answer.pop("ResponseMetadata")
    return dict(answer)


def tasks(client: Any, **kwargs: Any) -> list[dict[str, Any]]:
    return list(client.list_license_conversion_tasks(**kwargs)["LicenseConversionTasks"])


def test_a_conversion_started_in_the_last_minute_of_time(client):
    # Its end would be past year 9999 (issue 27, item 10).
    arn = instance()
    with freeze_time("9999-12-31 23:59:30"):
        task_id = convert(client, arn, "RunInstances:0002", "RunInstances:0800")
        started = task(client, task_id)
        listed = tasks(client)

    assert started["Status"] == "IN_PROGRESS"
    assert [t["LicenseConversionTaskId"] for t in listed] == [task_id]


def test_a_conversion_is_in_progress_then_succeeds(client):
    arn = instance()
    with freeze_time(START):
        task_id = convert(client, arn, "RunInstances:0002", "RunInstances:0800")
        started = task(client, task_id)
    with freeze_time(DONE):
        finished = task(client, task_id)

    assert task_id.startswith("lct-")
    start = datetime(2030, 1, 1, 9, 0, tzinfo=UTC)
    end = datetime(2030, 1, 1, 9, 1, tzinfo=UTC)
    assert started == {
        "LicenseConversionTaskId": task_id,
        "ResourceArn": arn,
        "SourceLicenseContext": {"UsageOperation": "RunInstances:0002"},
        "DestinationLicenseContext": {"UsageOperation": "RunInstances:0800"},
        "Status": "IN_PROGRESS",
        "StartTime": start,
    }
    assert finished == {
        **started,
        "Status": "SUCCEEDED",
        "StatusMessage": "License conversion succeeded.",
        "LicenseConversionTime": end,
        "EndTime": end,
    }


@needs_model("LicenseConversionContext.ProductCodes")
def test_product_codes_are_kept(client):
    arn = instance()
    codes = [{"ProductCodeId": "abc123", "ProductCodeType": "marketplace"}]

    task_id = client.create_license_conversion_task_for_resource(
        ResourceArn=arn,
        SourceLicenseContext={"UsageOperation": "RunInstances:0002"},
        DestinationLicenseContext={"UsageOperation": "RunInstances:0800", "ProductCodes": codes},
    )["LicenseConversionTaskId"]

    assert task(client, task_id)["DestinationLicenseContext"]["ProductCodes"] == codes


def test_a_finished_conversion_becomes_the_source_of_the_next(client):
    arn = instance()
    with freeze_time(START):
        convert(client, arn, "RunInstances:0002", "RunInstances:0800")
    with freeze_time(DONE):
        with pytest.raises(ClientError) as raised:
            convert(client, arn, "RunInstances:0002", "RunInstances:0006")
        back = convert(client, arn, "RunInstances:0800", "RunInstances:0002")

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert "does not match the usage operation RunInstances:0800" in str(raised.value)
    assert [t["LicenseConversionTaskId"] for t in tasks(client)][-1] == back


@pytest.mark.parametrize(
    ("ami", "source", "destination"),
    [
        (SQL_STANDARD_AMI, "RunInstances:0006", "RunInstances:0002"),
        (RHEL_AMI, "RunInstances:0010", "RunInstances:00g0"),
        (LINUX_AMI, "RunInstances", "RunInstances:0g00"),
    ],
)
def test_the_ami_decides_the_starting_usage_operation(client, ami, source, destination):
    task_id = convert(client, instance(ami), source, destination)

    assert task(client, task_id)["Status"] == "IN_PROGRESS"


def test_a_second_conversion_waits_for_the_first(client):
    arn = instance()
    with freeze_time(START):
        convert(client, arn, "RunInstances:0002", "RunInstances:0800")
        with pytest.raises(ClientError) as raised:
            convert(client, arn, "RunInstances:0002", "RunInstances:0800")

        assert error_of(raised) == ("InvalidParameterValueException", 400)
        assert "already in progress" in str(raised.value)
        assert len(tasks(client)) == 1


@pytest.mark.parametrize(
    ("make_arn", "source", "destination", "needle"),
    [
        (lambda: instance(stopped=False), "RunInstances:0002", "RunInstances:0800", "stopped"),
        (
            lambda: f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/i-0123456789abcdef0",
            "RunInstances:0002",
            "RunInstances:0800",
            "not found",
        ),
        (lambda: instance(region="us-west-2"), "RunInstances:0002", "RunInstances:0800", "found"),
        (
            lambda: f"arn:aws:ec2:{REGION}:{ACCOUNT}:image/{WINDOWS_AMI}",
            "RunInstances:0002",
            "RunInstances:0800",
            "not found",
        ),
        (lambda: instance(), "RunInstances:0006", "RunInstances:0800", "does not match"),
        (lambda: instance(), "RunInstances:0002", "RunInstances:0002", "not supported"),
        (lambda: instance(), "RunInstances:0002", "RunInstances:0010", "not supported"),
        (lambda: instance(LINUX_AMI), "RunInstances", "RunInstances:0800", "not supported"),
        (lambda: instance(), "", "RunInstances:0800", "SourceLicenseContext.UsageOperation"),
    ],
)
def test_bad_conversions_are_refused(client, make_arn, source, destination, needle):
    arn = make_arn()

    with pytest.raises(ClientError) as raised:
        convert(client, arn, source, destination)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert needle in str(raised.value)
    assert tasks(client) == []


def test_a_missing_destination_operation_is_refused(client):
    with pytest.raises(ClientError) as raised:
        client.create_license_conversion_task_for_resource(
            ResourceArn=instance(),
            SourceLicenseContext={"UsageOperation": "RunInstances:0002"},
            DestinationLicenseContext={},
        )

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert tasks(client) == []


def test_a_terminated_instance_cannot_be_converted(client):
    arn = instance()
    boto3.client("ec2", region_name=REGION).terminate_instances(InstanceIds=[arn.rsplit("/", 1)[1]])

    with pytest.raises(ClientError) as raised:
        convert(client, arn, "RunInstances:0002", "RunInstances:0800")

    assert error_of(raised) == ("InvalidParameterValueException", 400)


def test_an_unknown_task_is_an_invalid_parameter(client):
    with pytest.raises(ClientError) as raised:
        client.get_license_conversion_task(LicenseConversionTaskId="lct-0000")

    assert error_of(raised) == ("InvalidParameterValueException", 400)


def test_tasks_are_regional():
    convert(lm_client(), instance(), "RunInstances:0002", "RunInstances:0800")

    assert tasks(lm_client("us-west-2")) == []
    assert len(tasks(lm_client())) == 1


def test_list_filters_by_resource_and_status(client):
    first, second = instance(), instance()
    with freeze_time(START):
        done = convert(client, first, "RunInstances:0002", "RunInstances:0800")
    with freeze_time(DONE):
        running = convert(client, second, "RunInstances:0002", "RunInstances:0800")

        def ids(filters: list[dict[str, Any]]) -> list[str]:
            return [t["LicenseConversionTaskId"] for t in tasks(client, Filters=filters)]

        assert ids([]) == [done, running]
        assert ids([{"Name": "ResourceArns", "Values": [second]}]) == [running]
        assert ids([{"Name": "Status", "Values": ["SUCCEEDED"]}]) == [done]
        assert ids([{"Name": "Status", "Values": ["SUCCEEDED", "IN_PROGRESS"]}]) == [done, running]
        assert (
            ids(
                [
                    {"Name": "Status", "Values": ["IN_PROGRESS"]},
                    {"Name": "ResourceArns", "Values": [first]},
                ]
            )
            == []
        )


def test_list_pages(client):
    made = [convert(client, instance(), "RunInstances:0002", "RunInstances:0800") for _ in range(3)]

    first = client.list_license_conversion_tasks(MaxResults=2)
    second = client.list_license_conversion_tasks(MaxResults=2, NextToken=first["NextToken"])

    assert [t["LicenseConversionTaskId"] for t in first["LicenseConversionTasks"]] == made[:2]
    assert [t["LicenseConversionTaskId"] for t in second["LicenseConversionTasks"]] == made[2:]
    assert "NextToken" not in second


@pytest.mark.parametrize(
    "kwargs",
    [
        {"Filters": [{"Name": "InstanceId", "Values": ["i-1"]}]},
        {"NextToken": "not-a-token"},
        {"MaxResults": 0},
    ],
)
def test_bad_list_requests_are_invalid_parameters(client, kwargs):
    with pytest.raises(ClientError) as raised:
        client.list_license_conversion_tasks(**kwargs)

    assert error_of(raised) == ("InvalidParameterValueException", 400)
