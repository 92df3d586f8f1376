"""Report generators: checked against the account's license configurations, writing their
reports to moto's S3 in the same test."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from tests.helpers import (
    REGION,
    asset_group,
    error_of,
    linux_ruleset,
    lm_client,
    needs_model,
    token,
)

pytestmark = pytest.mark.usefixtures("license_manager")

ACCOUNT = "123456789012"
SUMMARY = "LicenseConfigurationSummaryReport"
USAGE = "LicenseConfigurationUsageReport"
ASSET_GROUPS = "LicenseAssetGroupUsageReport"
NOW = "2030-01-01 09:00:00"
NOW_EPOCH = str(int(datetime(2030, 1, 1, 9, tzinfo=UTC).timestamp()))


def configuration(client: Any, name: str = "vCPUs") -> str:
    answer = client.create_license_configuration(Name=name, LicenseCountingType="vCPU")
    return str(answer["LicenseConfigurationArn"])


def definition(config_arns: list[str], **overrides: Any) -> dict[str, Any]:
    """A valid Create (or Update) request body."""
    request: dict[str, Any] = {
        "ReportGeneratorName": "weekly",
        "Type": [SUMMARY],
        "ReportContext": {"licenseConfigurationArns": config_arns},
        "ReportFrequency": {"value": 1, "period": "WEEK"},
        "ClientToken": token(),
    }
    request.update(overrides)
    return request


def create(client: Any, config_arns: list[str], **overrides: Any) -> str:
    answer = client.create_license_manager_report_generator(**definition(config_arns, **overrides))
    return str(answer["LicenseManagerReportGeneratorArn"])


def generator(client: Any, arn: str) -> dict[str, Any]:
    answer = client.get_license_manager_report_generator(LicenseManagerReportGeneratorArn=arn)
    return dict(answer["ReportGenerator"])


def listed(client: Any, **kwargs: Any) -> list[str]:
    answer = client.list_license_manager_report_generators(**kwargs)
    return [g["LicenseManagerReportGeneratorArn"] for g in answer["ReportGenerators"]]


def reports(bucket: str) -> dict[str, str]:
    """Every object in ``bucket``, key -> text."""
    s3 = boto3.client("s3", region_name=REGION)
    contents = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read().decode()
        for item in contents
    }


def test_a_generator_is_created_and_writes_its_report(client):
    config = configuration(client)
    with freeze_time(NOW):
        arn = create(
            client,
            [config],
            Type=[SUMMARY, USAGE],
            Description="for finance",
            Tags=[{"Key": "team", "Value": "finance"}],
        )

    found = generator(client, arn)
    bucket = found.pop("S3Location")["bucket"]
    assert arn.startswith(f"arn:aws:license-manager:{REGION}:{ACCOUNT}:report-generator:r-")
    assert bucket.startswith("aws-license-manager-service-")
    assert found == {
        "ReportGeneratorName": "weekly",
        "ReportType": [SUMMARY, USAGE],
        "ReportContext": {"licenseConfigurationArns": [config]},
        "ReportFrequency": {"value": 1, "period": "WEEK"},
        "LicenseManagerReportGeneratorArn": arn,
        "LastRunStatus": "SUCCESS",
        "LastReportGenerationTime": NOW_EPOCH,
        "ReportCreatorAccount": ACCOUNT,
        "Description": "for finance",
        "CreateTime": NOW_EPOCH,
        "Tags": [{"Key": "team", "Value": "finance"}],
    }
    assert generator(client, arn)["S3Location"]["keyPrefix"] == "Reports/weekly"
    assert client.get_service_settings()["S3BucketArn"] == f"arn:aws:s3:::{bucket}"
    written = reports(bucket)
    # The user guide's layout: Reports/<report-name>/<yyyy>/<mm>/<dd>/<report-id>.csv, one
    # report per type (issue 11 item 14).
    assert len(written) == 2
    assert all(re.fullmatch(r"Reports/weekly/2030/01/01/[0-9a-f]{32}\.csv", key) for key in written)
    summary = next(text for text in written.values() if "LicenseRules" in text)
    assert summary.splitlines() == [
        "LicenseConfigurationArn,Name,LicenseCountingType,LicenseCount,"
        "LicenseCountHardLimit,ConsumedLicenses,LicenseRules",
        f"{config},vCPUs,vCPU,,False,0,",
    ]


def test_the_usage_report_lists_consuming_resources(client):
    config = configuration(client)
    ec2 = boto3.client("ec2", region_name=REGION)
    instance_id = ec2.run_instances(
        ImageId="ami-12c6146b", MinCount=1, MaxCount=1, InstanceType="t2.micro"
    )["Instances"][0]["InstanceId"]
    instance_arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}"
    client.update_license_specifications_for_resource(
        ResourceArn=instance_arn, AddLicenseSpecifications=[{"LicenseConfigurationArn": config}]
    )

    arn = create(client, [config], Type=[USAGE])

    bucket = generator(client, arn)["S3Location"]["bucket"]
    (text,) = reports(bucket).values()
    assert text.splitlines()[1:] == [f"{config},{instance_arn},EC2_INSTANCE,running,{ACCOUNT},1"]


def test_the_service_settings_bucket_is_used(client):
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="my-reports")
    client.update_service_settings(S3BucketArn="arn:aws:s3:::my-reports")

    arn = create(client, [configuration(client)])

    assert generator(client, arn)["S3Location"]["bucket"] == "my-reports"
    assert len(reports("my-reports")) == 1


def test_a_missing_settings_bucket_is_made_again(client):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="my-reports")
    client.update_service_settings(S3BucketArn="arn:aws:s3:::my-reports")
    s3.delete_bucket(Bucket="my-reports")

    create(client, [configuration(client)])

    assert len(reports("my-reports")) == 1


@needs_model("ReportContext.reportStartDate")
def test_report_dates_are_kept(client):
    start, end = datetime(2029, 1, 1, tzinfo=UTC), datetime(2029, 2, 1, tzinfo=UTC)
    context = {"licenseConfigurationArns": [configuration(client)], "reportStartDate": start}

    arn = create(client, [], ReportContext={**context, "reportEndDate": end})

    found = generator(client, arn)["ReportContext"]
    assert (found["reportStartDate"], found["reportEndDate"]) == (start, end)


def test_update_replaces_the_definition_and_writes_new_reports(client):
    first, second = configuration(client, "one"), configuration(client, "two")
    with freeze_time(NOW):
        arn = create(client, [first], Description="kept")
    with freeze_time("2030-01-02 09:00:00"):
        answer = client.update_license_manager_report_generator(
            LicenseManagerReportGeneratorArn=arn,
            **definition(
                [second],
                ReportGeneratorName="daily",
                Type=[USAGE],
                ReportFrequency={"value": 1, "period": "DAY"},
            ),
        )

    assert {k: v for k, v in answer.items() if k != "ResponseMetadata"} == {}
    found = generator(client, arn)
    assert found["ReportGeneratorName"] == "daily"
    assert found["ReportType"] == [USAGE]
    assert found["ReportContext"] == {"licenseConfigurationArns": [second]}
    assert found["ReportFrequency"] == {"value": 1, "period": "DAY"}
    assert found["Description"] == "kept"
    assert found["S3Location"]["keyPrefix"] == "Reports/daily"
    assert found["CreateTime"] == NOW_EPOCH
    assert found["LastReportGenerationTime"] != NOW_EPOCH
    folders = sorted(key.rsplit("/", 1)[0] for key in reports(found["S3Location"]["bucket"]))
    assert folders == ["Reports/daily/2030/01/02", "Reports/weekly/2030/01/01"]


def test_update_can_change_the_description(client):
    config = configuration(client)
    arn = create(client, [config], Description="old")

    client.update_license_manager_report_generator(
        LicenseManagerReportGeneratorArn=arn, **definition([config]), Description="new"
    )

    assert generator(client, arn)["Description"] == "new"


def test_delete_removes_the_generator_but_not_its_reports(client):
    arn = create(client, [configuration(client)])
    bucket = generator(client, arn)["S3Location"]["bucket"]

    client.delete_license_manager_report_generator(LicenseManagerReportGeneratorArn=arn)

    assert listed(client) == []
    assert len(reports(bucket)) == 1
    with pytest.raises(ClientError) as raised:
        generator(client, arn)
    assert error_of(raised) == ("ResourceNotFoundException", 400)


def test_generators_can_be_tagged(client):
    arn = create(client, [configuration(client)])

    client.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])

    assert generator(client, arn)["Tags"] == [{"Key": "k", "Value": "v"}]
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "k", "Value": "v"}]


def test_generators_are_regional(client):
    create(client, [configuration(client)])

    assert listed(lm_client("us-west-2")) == []


def test_list_filters_by_configuration_and_pages(client):
    one, two = configuration(client, "one"), configuration(client, "two")
    first = create(client, [one], ReportGeneratorName="a")
    second = create(client, [one, two], ReportGeneratorName="b")
    third = create(client, [two], ReportGeneratorName="c")

    def by(values: list[str]) -> list[str]:
        return listed(client, Filters=[{"Name": "LicenseConfigurationArn", "Values": values}])

    assert by([one]) == [first, second]
    assert by([two]) == [second, third]
    assert by([one, two]) == [first, second, third]
    page = client.list_license_manager_report_generators(MaxResults=2)
    rest = client.list_license_manager_report_generators(MaxResults=2, NextToken=page["NextToken"])
    assert [g["LicenseManagerReportGeneratorArn"] for g in page["ReportGenerators"]] == [
        first,
        second,
    ]
    assert [g["LicenseManagerReportGeneratorArn"] for g in rest["ReportGenerators"]] == [third]
    assert "NextToken" not in rest


@pytest.mark.parametrize(
    "kwargs",
    [{"Filters": [{"Name": "ReportType", "Values": [SUMMARY]}]}, {"NextToken": "not-a-token"}],
)
def test_bad_list_requests_are_validation_errors(client, kwargs):
    with pytest.raises(ClientError) as raised:
        client.list_license_manager_report_generators(**kwargs)

    assert error_of(raised) == ("ValidationException", 400)


NEEDS_NEW_CONTEXT = needs_model(
    "ReportContext.reportStartDate", "ReportContext.licenseAssetGroupArns"
)
BAD_DEFINITIONS = [
    ({"ReportFrequency": {"value": 2, "period": "DAY"}}, "ValidationException"),
    ({"ReportFrequency": {"value": 1}}, "ValidationException"),
    ({"Type": []}, "ValidationException"),
    ({"Type": [ASSET_GROUPS]}, "ValidationException"),
    # Older models require licenseConfigurationArns and lack the dates and asset groups.
    pytest.param({"ReportContext": {}}, "ValidationException", marks=NEEDS_NEW_CONTEXT),
    pytest.param(
        {
            "ReportContext": {
                "licenseConfigurationArns": "CONFIG",
                "reportStartDate": datetime(2030, 1, 1, tzinfo=UTC),
                "reportEndDate": datetime(2029, 1, 1, tzinfo=UTC),
            }
        },
        "ValidationException",
        marks=NEEDS_NEW_CONTEXT,
    ),
    (
        {
            "ReportContext": {
                "licenseConfigurationArns": [
                    f"arn:aws:license-manager:{REGION}:{ACCOUNT}:license-configuration:lic-0"
                ]
            }
        },
        "ResourceNotFoundException",
    ),
    pytest.param(
        {
            "Type": [ASSET_GROUPS],
            "ReportContext": {
                "licenseAssetGroupArns": [
                    f"arn:aws:license-manager:{REGION}:{ACCOUNT}:license-asset-group:lag-0"
                ]
            },
        },
        "ResourceNotFoundException",
        marks=NEEDS_NEW_CONTEXT,
    ),
    ({"ReportGeneratorName": "taken"}, "InvalidParameterValueException"),
]


def _with_config(overrides: dict[str, Any], config: str) -> dict[str, Any]:
    context = overrides.get("ReportContext")
    if context is not None and context.get("licenseConfigurationArns") == "CONFIG":
        overrides = {
            **overrides,
            "ReportContext": {**context, "licenseConfigurationArns": [config]},
        }
    return overrides


@pytest.mark.parametrize(("overrides", "code"), BAD_DEFINITIONS)
def test_bad_definitions_are_refused_on_create(client, overrides, code):
    config = configuration(client)
    taken = create(client, [config], ReportGeneratorName="taken")

    with pytest.raises(ClientError) as raised:
        create(client, [config], **_with_config(overrides, config))

    assert error_of(raised) == (code, 400)
    # Wire values only, never a Python enum's repr (issue 27, item 11).
    assert "<" not in raised.value.response["Error"]["Message"]
    assert listed(client) == [taken]


@pytest.mark.parametrize(("overrides", "code"), BAD_DEFINITIONS)
def test_bad_definitions_are_refused_on_update(client, overrides, code):
    config = configuration(client)
    create(client, [config], ReportGeneratorName="taken")
    arn = create(client, [config], ReportGeneratorName="mine")
    before = generator(client, arn)

    with pytest.raises(ClientError) as raised:
        client.update_license_manager_report_generator(
            LicenseManagerReportGeneratorArn=arn,
            **definition(
                [config], **{"ReportGeneratorName": "mine", **_with_config(overrides, config)}
            ),
        )

    assert error_of(raised) == (code, 400)
    assert generator(client, arn) == before


def test_an_update_may_keep_its_own_name(client):
    config = configuration(client)
    arn = create(client, [config])

    client.update_license_manager_report_generator(
        LicenseManagerReportGeneratorArn=arn, **definition([config], Type=[USAGE])
    )

    assert generator(client, arn)["ReportType"] == [USAGE]


@pytest.mark.parametrize(
    "call",
    [
        lambda c, arn: c.get_license_manager_report_generator(LicenseManagerReportGeneratorArn=arn),
        lambda c, arn: c.delete_license_manager_report_generator(
            LicenseManagerReportGeneratorArn=arn
        ),
        lambda c, arn: c.update_license_manager_report_generator(
            LicenseManagerReportGeneratorArn=arn, **definition([configuration(c)])
        ),
    ],
)
def test_an_unknown_generator_is_not_found(client, call):
    arn = f"arn:aws:license-manager:{REGION}:{ACCOUNT}:report-generator:r-0"

    with pytest.raises(ClientError) as raised:
        call(client, arn)

    assert error_of(raised) == ("ResourceNotFoundException", 400)
    assert listed(client) == []


def test_bad_tags_are_refused(client):
    with pytest.raises(ClientError) as raised:
        create(client, [configuration(client)], Tags=[{"Key": "aws:x", "Value": "v"}])

    assert error_of(raised) == ("ValidationException", 400)
    assert listed(client) == []


@needs_model("CreateLicenseAssetGroup")
def test_the_asset_group_report_lists_its_groups(client):
    group = asset_group(client, linux_ruleset(client))

    arn = create(client, [], Type=[ASSET_GROUPS], ReportContext={"licenseAssetGroupArns": [group]})

    found = generator(client, arn)
    assert found["ReportContext"] == {"licenseAssetGroupArns": [group]}
    (text,) = reports(found["S3Location"]["bucket"]).values()
    assert text.splitlines() == ["LicenseAssetGroupArn", group]


def test_the_summary_report_lists_the_license_rules(client):
    config = client.create_license_configuration(
        Name="Oracle",
        LicenseCountingType="Core",
        LicenseRules=["#allowedTenancy=EC2-DedicatedHost", "#minimumCores=2"],
    )["LicenseConfigurationArn"]

    arn = create(client, [config], Type=[SUMMARY])

    (text,) = reports(generator(client, arn)["S3Location"]["bucket"]).values()
    header, row = (line.split(",") for line in text.splitlines())
    assert dict(zip(header, row, strict=True))["LicenseRules"] == (
        "#allowedTenancy=EC2-DedicatedHost #minimumCores=2"
    )


def test_the_usage_report_includes_launched_instances(client):
    config = configuration(client)
    ec2 = boto3.client("ec2", region_name=REGION)
    instance_id = ec2.run_instances(
        ImageId="ami-12c6146b",
        MinCount=1,
        MaxCount=1,
        InstanceType="t2.micro",
        LicenseSpecifications=[{"LicenseConfigurationArn": config}],
    )["Instances"][0]["InstanceId"]

    arn = create(client, [config], Type=[USAGE])

    (text,) = reports(generator(client, arn)["S3Location"]["bucket"]).values()
    instance_arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{instance_id}"
    assert text.splitlines()[1:] == [f"{config},{instance_arn},EC2_INSTANCE,running,{ACCOUNT},1"]


def test_reports_never_land_in_another_accounts_bucket(client, monkeypatch):
    monkeypatch.setenv("MOTO_ACCOUNT_ID", "210987654321")
    boto3.client("s3", region_name=REGION).create_bucket(Bucket="someone-elses-bucket")
    monkeypatch.delenv("MOTO_ACCOUNT_ID")

    with pytest.raises(ClientError) as raised:
        client.update_service_settings(S3BucketArn="arn:aws:s3:::someone-elses-bucket")

    assert error_of(raised) == ("InvalidParameterValueException", 400)
    assert "S3BucketArn" not in client.get_service_settings()
    arn = create(client, [configuration(client)])
    bucket = generator(client, arn)["S3Location"]["bucket"]
    assert bucket != "someone-elses-bucket"
    assert reports("someone-elses-bucket") == {}
