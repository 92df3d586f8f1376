"""License configurations (self-managed licenses): their life cycle, their associations with
moto EC2 instances, AMIs and hosts, the counts those associations consume, and the inventory."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.helpers import BUYER, REGION, error_of, lm_client, needs_model

pytestmark = pytest.mark.usefixtures("license_manager")

ACCOUNT = "123456789012"
AMI = "ami-12c6146b"
IPV = ("InvalidParameterValueException", 400)


def create(client: Any, **overrides: Any) -> str:
    request: dict[str, Any] = {"Name": "config", "LicenseCountingType": "vCPU", **overrides}
    return str(client.create_license_configuration(**request)["LicenseConfigurationArn"])


def get(client: Any, arn: str) -> dict[str, Any]:
    answer = dict(client.get_license_configuration(LicenseConfigurationArn=arn))
    answer.pop("ResponseMetadata")
    return answer


def arns(client: Any, **request: Any) -> list[str]:
    listed = client.list_license_configurations(**request)["LicenseConfigurations"]
    return [c["LicenseConfigurationArn"] for c in listed]


def instance(instance_type: str = "m5.large", **extra: Any) -> str:
    """A running moto EC2 instance's ARN (m5.large: 2 vCPUs, 1 core)."""
    ec2 = boto3.client("ec2", region_name=REGION)
    extra.setdefault("ImageId", AMI)
    found = ec2.run_instances(MinCount=1, MaxCount=1, InstanceType=instance_type, **extra)[
        "Instances"
    ][0]
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:instance/{found['InstanceId']}"


def instance_id(arn: str) -> str:
    return arn.rsplit("/", 1)[1]


def attach(client: Any, resource: str, *configs: str, **spec: Any) -> None:
    client.update_license_specifications_for_resource(
        ResourceArn=resource,
        AddLicenseSpecifications=[{"LicenseConfigurationArn": c, **spec} for c in configs],
    )


def consumed(client: Any, arn: str) -> int:
    return int(get(client, arn)["ConsumedLicenses"])


def associated(client: Any, arn: str) -> list[str]:
    rows = client.list_associations_for_license_configuration(LicenseConfigurationArn=arn)
    return [row["ResourceArn"] for row in rows["LicenseConfigurationAssociations"]]


# -- create and get ---------------------------------------------------------------------------


def test_a_new_configuration_has_the_observed_defaults(client):
    arn = create(client, Name="SQL Server", LicenseCountingType="Instance")

    assert re.fullmatch(
        rf"arn:aws:license-manager:{REGION}:{ACCOUNT}:license-configuration:lic-[0-9a-f]{{32}}", arn
    )
    answer = get(client, arn)
    assert answer == {
        "LicenseConfigurationId": arn.rsplit(":", 1)[1],
        "LicenseConfigurationArn": arn,
        "Name": "SQL Server",
        "LicenseCountingType": "Instance",
        "LicenseRules": [],
        "LicenseCountHardLimit": False,
        "ConsumedLicenses": 0,
        "Status": "AVAILABLE",
        "OwnerAccountId": ACCOUNT,
        "ConsumedLicenseSummaryList": [
            {"ResourceType": "EC2_INSTANCE", "ConsumedLicenses": 0},
            {"ResourceType": "EC2_HOST", "ConsumedLicenses": 0},
            {"ResourceType": "SYSTEMS_MANAGER_MANAGED_INSTANCE", "ConsumedLicenses": 0},
        ],
        "ManagedResourceSummaryList": [
            {"ResourceType": "EC2_INSTANCE", "AssociationCount": 0},
            {"ResourceType": "EC2_HOST", "AssociationCount": 0},
            {"ResourceType": "EC2_AMI", "AssociationCount": 0},
            {"ResourceType": "SYSTEMS_MANAGER_MANAGED_INSTANCE", "AssociationCount": 0},
        ],
    }
    # AWS leaves Tags out when there are none (issue 11 item 16).
    assert "Tags" not in answer


@needs_model("CreateLicenseConfigurationRequest.LicenseExpiry")
def test_every_member_given_at_creation_is_returned(client):
    products = [
        {
            "ResourceType": "SSM_MANAGED",
            "ProductInformationFilterList": [
                {
                    "ProductInformationFilterName": "Platform Name",
                    "ProductInformationFilterValue": ["Windows"],
                    "ProductInformationFilterComparator": "EQUALS",
                }
            ],
        }
    ]
    arn = create(
        client,
        Description="four vCPUs",
        LicenseCount=4,
        LicenseCountHardLimit=True,
        LicenseRules=["#minimumVcpus=1", "#honorVcpuOptimization=true"],
        Tags=[{"Key": "team", "Value": "db"}],
        DisassociateWhenNotFound=True,
        ProductInformationList=products,
        LicenseExpiry=1893456000,
    )

    answer = get(client, arn)
    assert answer["Description"] == "four vCPUs"
    assert (answer["LicenseCount"], answer["LicenseCountHardLimit"]) == (4, True)
    assert answer["LicenseRules"] == ["#minimumVcpus=1", "#honorVcpuOptimization=true"]
    assert answer["Tags"] == [{"Key": "team", "Value": "db"}]
    assert answer["DisassociateWhenNotFound"] is True
    assert answer["ProductInformationList"] == products
    assert answer["LicenseExpiry"] == 1893456000
    assert client.list_tags_for_resource(ResourceArn=arn)["Tags"] == answer["Tags"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"LicenseRules": ["minimumVcpus=1"]},
        {"LicenseRules": ["#fastest=yes"]},
        {"LicenseRules": ["#minimumCores=2"]},
        {"LicenseRules": ["#maximumVcpus=0"]},
        {"LicenseRules": ["#minimumVcpus=1", "#minimumVcpus=2"]},
        {"LicenseRules": ["#minimumVcpus=8", "#maximumVcpus=4"]},
        {"LicenseRules": ["#honorVcpuOptimization=maybe"]},
        {"LicenseRules": ["#allowedTenancy=EC2-Somewhere"]},
        {"LicenseCountingType": "Core", "LicenseRules": ["#allowedTenancy=EC2-Default"]},
        {"LicenseCountingType": "Socket", "LicenseRules": ["#licenseAffinityToHost=181"]},
        {"LicenseCount": -1},
        {"LicenseCountHardLimit": True},
        {"Tags": [{"Key": "aws:reserved", "Value": "x"}]},
        {
            "ProductInformationList": [
                {"ResourceType": "EC2", "ProductInformationFilterList": []},
            ]
        },
        {
            "ProductInformationList": [
                {
                    "ResourceType": "SSM_MANAGED",
                    "ProductInformationFilterList": [
                        {
                            "ProductInformationFilterName": "Platform Name",
                            "ProductInformationFilterComparator": "LIKE",
                        }
                    ],
                },
            ]
        },
        {
            "LicenseCountingType": "Instance",
            "ProductInformationList": [
                {"ResourceType": "RDS", "ProductInformationFilterList": []},
            ],
        },
    ],
)
def test_bad_values_are_refused_and_nothing_is_created(client, overrides):
    with pytest.raises(ClientError) as raised:
        create(client, **overrides)

    assert error_of(raised) == IPV
    assert arns(client) == []


def test_the_26th_configuration_in_a_region_is_over_the_quota(client):
    for number in range(25):
        create(client, Name=f"c{number}")

    with pytest.raises(ClientError) as raised:
        create(client, Name="one too many")

    assert error_of(raised) == ("ResourceLimitExceededException", 400)
    assert len(arns(client)) == 25
    assert len(arns(lm_client("eu-west-1"))) == 0


def test_an_unknown_or_other_regions_configuration_is_an_invalid_arn(client):
    arn = create(client)
    elsewhere = lm_client("eu-west-1")

    for caller, asked in ((client, arn.replace("lic-", "lic-0")), (elsewhere, arn)):
        with pytest.raises(ClientError) as raised:
            caller.get_license_configuration(LicenseConfigurationArn=asked)
        assert error_of(raised) == IPV
        assert "Invalid license configuration ARN" in raised.value.response["Error"]["Message"]


# -- listing ----------------------------------------------------------------------------------


def test_list_by_arn_filters_and_pages(client):
    vcpu = create(client, Name="a", LicenseCount=1, LicenseCountHardLimit=True)
    cores = create(client, Name="b", LicenseCountingType="Core", LicenseCount=1)
    plain = create(client, Name="c", LicenseCountingType="Instance")
    attach(client, instance("m5.xlarge"), cores)

    assert arns(client) == [vcpu, cores, plain]
    assert arns(client, LicenseConfigurationArns=[plain, vcpu]) == [plain, vcpu]
    assert arns(client, Filters=[{"Name": "licenseCountingType", "Values": ["Core", "vCPU"]}]) == [
        vcpu,
        cores,
    ]
    assert arns(client, Filters=[{"Name": "enforceLicenseCount", "Values": ["True"]}]) == [vcpu]
    assert arns(client, Filters=[{"Name": "usagelimitExceeded", "Values": ["false"]}]) == [
        vcpu,
        plain,
    ]
    listed = client.list_license_configurations()["LicenseConfigurations"]
    assert all("Tags" not in item for item in listed)

    first = client.list_license_configurations(MaxResults=2)
    assert [c["LicenseConfigurationArn"] for c in first["LicenseConfigurations"]] == [vcpu, cores]
    rest = client.list_license_configurations(MaxResults=2, NextToken=first["NextToken"])
    assert [c["LicenseConfigurationArn"] for c in rest["LicenseConfigurations"]] == [plain]
    assert "NextToken" not in rest


@pytest.mark.parametrize(
    ("request_", "expected"),
    [
        ({"Filters": [{"Name": "colour", "Values": ["red"]}]}, IPV),
        ({"LicenseConfigurationArns": ["arn:aws:license-manager:x"]}, IPV),
        ({"MaxResults": 0}, IPV),
        ({"NextToken": "not-a-token"}, IPV),
        (
            {"Filters": [{"Name": "licenseCountingType", "Values": ["vCPU"]}] * 11},
            ("FilterLimitExceededException", 400),
        ),
        (
            {"Filters": [{"Name": "licenseCountingType", "Values": ["vCPU"] * 11}]},
            ("FilterLimitExceededException", 400),
        ),
    ],
)
def test_bad_list_requests(client, request_, expected):
    create(client)
    with pytest.raises(ClientError) as raised:
        client.list_license_configurations(**request_)
    assert error_of(raised) == expected


@needs_model("ListLicenseConfigurationsForOrganization")
def test_the_organization_list_shows_every_member_accounts_configurations(
    client, monkeypatch: pytest.MonkeyPatch
):
    orgs = boto3.client("organizations", region_name=REGION)
    orgs.create_organization(FeatureSet="ALL")
    member = orgs.create_account(AccountName="m", Email="m@example.com")["CreateAccountStatus"][
        "AccountId"
    ]
    own = create(client, Name="own")
    monkeypatch.setenv("MOTO_ACCOUNT_ID", member)
    theirs = create(client, Name="theirs", LicenseCountingType="Instance")

    with pytest.raises(ClientError) as raised:
        client.list_license_configurations_for_organization()
    assert error_of(raised) == ("AccessDeniedException", 401)

    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    listed = client.list_license_configurations_for_organization()["LicenseConfigurations"]
    assert {c["LicenseConfigurationArn"] for c in listed} == {own, theirs}
    only = client.list_license_configurations_for_organization(
        Filters=[{"Name": "licenseCountingType", "Values": ["Instance"]}]
    )["LicenseConfigurations"]
    assert [(c["LicenseConfigurationArn"], c["OwnerAccountId"]) for c in only] == [(theirs, member)]
    assert arns(client) == [own]


@needs_model("ListLicenseConfigurationsForOrganization")
def test_the_organization_list_needs_an_organization(client, monkeypatch):
    monkeypatch.setenv("MOTO_ACCOUNT_ID", BUYER)
    with pytest.raises(ClientError) as raised:
        client.list_license_configurations_for_organization()
    assert error_of(raised) == ("AccessDeniedException", 401)


# -- update and delete ------------------------------------------------------------------------


def test_update_changes_only_the_members_given(client):
    arn = create(client, Description="old", LicenseCount=2, Tags=[{"Key": "k", "Value": "v"}])
    before = get(client, arn)

    answer = client.update_license_configuration(
        LicenseConfigurationArn=arn,
        Name="renamed",
        Description="",
        LicenseCount=8,
        LicenseCountHardLimit=True,
        LicenseConfigurationStatus="DISABLED",
    )

    assert set(answer) == {"ResponseMetadata"}
    after = get(client, arn)
    assert {k: after[k] for k in ("Name", "Description", "LicenseCount", "Status")} == {
        "Name": "renamed",
        "Description": "",
        "LicenseCount": 8,
        "Status": "DISABLED",
    }
    assert after["LicenseCountHardLimit"] is True
    unchanged = {k: v for k, v in before.items() if k not in after or after[k] == v}
    assert set(unchanged) >= {"LicenseRules", "LicenseCountingType", "Tags", "OwnerAccountId"}


def test_only_the_host_affinity_rule_can_change(client):
    arn = create(client, LicenseCountingType="Core", LicenseRules=["#minimumCores=2"])

    client.update_license_configuration(
        LicenseConfigurationArn=arn, LicenseRules=["#minimumCores=2", "#licenseAffinityToHost=90"]
    )
    assert get(client, arn)["LicenseRules"] == ["#minimumCores=2", "#licenseAffinityToHost=90"]

    with pytest.raises(ClientError) as raised:
        client.update_license_configuration(
            LicenseConfigurationArn=arn, LicenseRules=["#minimumCores=4"]
        )
    assert error_of(raised) == IPV
    assert get(client, arn)["LicenseRules"] == ["#minimumCores=2", "#licenseAffinityToHost=90"]


@pytest.mark.parametrize(
    "request_",
    [
        {"LicenseCountHardLimit": True},
        {"LicenseCount": -3},
        {"LicenseRules": ["#bogus=1"]},
        {"Name": "x", "LicenseRules": ["#maximumVcpus=4"]},
    ],
)
def test_a_bad_update_changes_nothing(client, request_):
    arn = create(client)
    before = get(client, arn)

    with pytest.raises(ClientError) as raised:
        client.update_license_configuration(LicenseConfigurationArn=arn, **request_)

    assert error_of(raised) == IPV
    assert get(client, arn) == before


def test_update_and_delete_of_an_unknown_configuration(client):
    arn = create(client)
    client.delete_license_configuration(LicenseConfigurationArn=arn)

    for call in (client.update_license_configuration, client.delete_license_configuration):
        with pytest.raises(ClientError) as raised:
            call(LicenseConfigurationArn=arn)
        assert error_of(raised) == IPV
    assert arns(client) == []


def test_delete_is_refused_while_resources_are_associated(client):
    arn = create(client)
    server = instance()
    attach(client, server, arn)

    with pytest.raises(ClientError) as raised:
        client.delete_license_configuration(LicenseConfigurationArn=arn)
    assert error_of(raised) == IPV
    assert arns(client) == [arn]

    client.update_license_specifications_for_resource(
        ResourceArn=server, RemoveLicenseSpecifications=[{"LicenseConfigurationArn": arn}]
    )
    assert set(client.delete_license_configuration(LicenseConfigurationArn=arn)) == {
        "ResponseMetadata"
    }
    assert arns(client) == []


# -- associations and consumption -------------------------------------------------------------


@pytest.mark.parametrize(
    ("counting_type", "instance_type", "per_instance"),
    [
        ("Instance", "m5.large", 1),
        ("vCPU", "m5.large", 2),
        ("vCPU", "t2.micro", 1),
        ("Core", "m5.xlarge", 2),
        ("Socket", "m5.large", 1),
    ],
)
def test_running_instances_consume_by_the_counting_type(
    client, counting_type, instance_type, per_instance
):
    arn = create(client, LicenseCountingType=counting_type)
    servers = [instance(instance_type), instance(instance_type)]

    for server in servers:
        assert set(
            client.update_license_specifications_for_resource(
                ResourceArn=server, AddLicenseSpecifications=[{"LicenseConfigurationArn": arn}]
            )
        ) == {"ResponseMetadata"}

    answer = get(client, arn)
    assert answer["ConsumedLicenses"] == 2 * per_instance
    assert answer["ConsumedLicenseSummaryList"][0] == {
        "ResourceType": "EC2_INSTANCE",
        "ConsumedLicenses": 2 * per_instance,
    }
    assert answer["ManagedResourceSummaryList"][0] == {
        "ResourceType": "EC2_INSTANCE",
        "AssociationCount": 2,
    }
    usage = client.list_usage_for_license_configuration(LicenseConfigurationArn=arn)[
        "LicenseConfigurationUsageList"
    ]
    assert [
        (u["ResourceArn"], u["ResourceType"], u["ResourceStatus"], u["ConsumedLicenses"])
        for u in usage
    ] == [(server, "EC2_INSTANCE", "running", per_instance) for server in servers]
    assert all(u["ResourceOwnerId"] == ACCOUNT and u["AssociationTime"] for u in usage)
    assert associated(client, arn) == servers
    specs = client.list_license_specifications_for_resource(ResourceArn=servers[0])
    assert specs["LicenseSpecifications"] == [{"LicenseConfigurationArn": arn}]


def test_a_hard_limit_refuses_the_association_that_would_exceed_it(client):
    arn = create(client, LicenseCount=3, LicenseCountHardLimit=True)
    other = create(client, Name="other")
    first, second = instance(), instance()
    attach(client, first, arn)

    with pytest.raises(ClientError) as raised:
        attach(client, second, other, arn)

    assert error_of(raised) == ("LicenseUsageException", 412)
    assert associated(client, arn) == [first]
    assert associated(client, other) == []
    assert consumed(client, arn) == 2
    # Associating the same instance again is not a second use.
    attach(client, first, arn)
    assert consumed(client, arn) == 2


def test_a_soft_limit_lets_usage_exceed_the_count(client):
    arn = create(client, LicenseCount=3)
    attach(client, instance(), arn)
    attach(client, instance(), arn)

    assert consumed(client, arn) == 4
    assert arns(client, Filters=[{"Name": "usagelimitExceeded", "Values": ["true"]}]) == [arn]


def test_stopped_instances_stay_associated_but_do_not_consume(client):
    arn = create(client)
    server = instance()
    attach(client, server, arn)
    ec2 = boto3.client("ec2", region_name=REGION)

    ec2.stop_instances(InstanceIds=[instance_id(server)])
    assert consumed(client, arn) == 0
    assert associated(client, arn) == [server]
    usage = client.list_usage_for_license_configuration(LicenseConfigurationArn=arn)
    assert usage["LicenseConfigurationUsageList"] == []

    ec2.start_instances(InstanceIds=[instance_id(server)])
    assert consumed(client, arn) == 2


def test_terminated_instances_are_disassociated(client):
    arn = create(client, LicenseCount=2, LicenseCountHardLimit=True)
    server = instance()
    attach(client, server, arn)

    boto3.client("ec2", region_name=REGION).terminate_instances(InstanceIds=[instance_id(server)])

    assert consumed(client, arn) == 0
    assert associated(client, arn) == []
    assert (
        client.list_license_specifications_for_resource(ResourceArn=server)["LicenseSpecifications"]
        == []
    )
    with pytest.raises(ClientError) as raised:
        attach(client, server, arn)
    assert error_of(raised) == ("InvalidResourceStateException", 400)
    # The licenses it held are free again, and the configuration can go.
    attach(client, instance(), arn)
    assert consumed(client, arn) == 2


def test_amis_are_associated_without_consuming(client):
    arn = create(client, LicenseCountingType="Instance")
    image = f"arn:aws:ec2:{REGION}::image/{AMI}"

    attach(client, image, arn, AmiAssociationScope="cross-account")

    answer = get(client, arn)
    assert answer["ConsumedLicenses"] == 0
    assert {"ResourceType": "EC2_AMI", "AssociationCount": 1} in answer[
        "ManagedResourceSummaryList"
    ]
    rows = client.list_associations_for_license_configuration(LicenseConfigurationArn=arn)[
        "LicenseConfigurationAssociations"
    ]
    assert [(r["ResourceArn"], r["ResourceType"], r["AmiAssociationScope"]) for r in rows] == [
        (image, "EC2_AMI", "cross-account")
    ]


def test_instances_launched_from_an_associated_ami_are_tracked(client):
    arn = create(client, LicenseCountingType="Instance", LicenseCount=2, LicenseCountHardLimit=True)
    earlier = instance()
    attach(client, f"arn:aws:ec2:{REGION}::image/{AMI}", arn)

    later = [instance(), instance()]

    assert consumed(client, arn) == 2
    usage = client.list_usage_for_license_configuration(LicenseConfigurationArn=arn)
    assert [row["ResourceArn"] for row in usage["LicenseConfigurationUsageList"]] == later
    assert associated(client, arn)[1:] == later
    specs = client.list_license_specifications_for_resource(ResourceArn=later[0])
    assert specs["LicenseSpecifications"] == [{"LicenseConfigurationArn": arn}]
    assert (
        client.list_license_specifications_for_resource(ResourceArn=earlier)[
            "LicenseSpecifications"
        ]
        == []
    )
    with pytest.raises(ClientError) as raised:
        attach(client, earlier, arn)
    assert error_of(raised) == ("LicenseUsageException", 412)
    # The hard limit is enforced at launch too: a third launch from the AMI is refused.
    with pytest.raises(ClientError) as raised:
        instance()
    assert raised.value.response["Error"]["Code"] == "LicenseLimitExceeded"
    assert consumed(client, arn) == 2


def test_dedicated_hosts_consume_cores(client):
    arn = create(client, LicenseCountingType="Core")
    ec2 = boto3.client("ec2", region_name=REGION)
    host_id = ec2.allocate_hosts(
        AvailabilityZone=f"{REGION}a", InstanceType="m5.xlarge", Quantity=1
    )["HostIds"][0]
    host = f"arn:aws:ec2:{REGION}:{ACCOUNT}:dedicated-host/{host_id}"

    attach(client, host, arn)

    # The host's physical cores (an m5 host has 48), not an m5.xlarge's 2 (issue 26).
    assert get(client, arn)["ConsumedLicenseSummaryList"][1] == {
        "ResourceType": "EC2_HOST",
        "ConsumedLicenses": 48,
    }


def test_remove_detaches_and_removing_what_is_not_there_is_a_no_op(client):
    first, second = create(client, Name="a"), create(client, Name="b")
    server = instance()
    attach(client, server, first)

    client.update_license_specifications_for_resource(
        ResourceArn=server,
        RemoveLicenseSpecifications=[
            {"LicenseConfigurationArn": first},
            {"LicenseConfigurationArn": second},
        ],
    )

    assert associated(client, first) == []
    assert (
        client.list_license_specifications_for_resource(ResourceArn=server)["LicenseSpecifications"]
        == []
    )


def test_a_resource_takes_at_most_ten_configurations(client):
    configs = [create(client, Name=f"c{n}") for n in range(11)]
    server = instance()
    attach(client, server, *configs[:10])

    with pytest.raises(ClientError) as raised:
        attach(client, server, configs[10])

    assert error_of(raised) == IPV
    assert associated(client, configs[10]) == []
    specs = client.list_license_specifications_for_resource(ResourceArn=server, MaxResults=4)
    assert len(specs["LicenseSpecifications"]) == 4 and specs["NextToken"]


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("not ec2", IPV),
        ("unknown instance", IPV),
        ("unknown configuration", IPV),
        ("disabled configuration", IPV),
        ("added and removed", IPV),
        ("scope on an instance", IPV),
        ("too many vcpus", IPV),
        ("wrong tenancy", IPV),
    ],
)
def test_bad_association_requests_change_nothing(client, case, expected):
    arn = create(client, Name="target")
    server = instance()
    request: dict[str, Any] = {
        "ResourceArn": server,
        "AddLicenseSpecifications": [{"LicenseConfigurationArn": arn}],
    }
    if case == "not ec2":
        request["ResourceArn"] = arn
    elif case == "unknown instance":
        request["ResourceArn"] = server[:-4] + "0000"
    elif case == "unknown configuration":
        request["AddLicenseSpecifications"] = [{"LicenseConfigurationArn": arn + "0"}]
    elif case == "disabled configuration":
        client.update_license_configuration(
            LicenseConfigurationArn=arn, LicenseConfigurationStatus="DISABLED"
        )
    elif case == "added and removed":
        request["RemoveLicenseSpecifications"] = [{"LicenseConfigurationArn": arn}]
    elif case == "scope on an instance":
        request["AddLicenseSpecifications"][0]["AmiAssociationScope"] = "cross-account"
    elif case == "too many vcpus":
        small = create(client, Name="small", LicenseRules=["#maximumVcpus=1"])
        request["AddLicenseSpecifications"].append({"LicenseConfigurationArn": small})
    else:
        host_only = create(client, Name="host", LicenseRules=["#allowedTenancy=EC2-DedicatedHost"])
        request["AddLicenseSpecifications"].append({"LicenseConfigurationArn": host_only})

    with pytest.raises(ClientError) as raised:
        client.update_license_specifications_for_resource(**request)

    assert error_of(raised) == expected
    assert associated(client, arn) == []
    for config in arns(client):
        assert associated(client, config) == []


def test_association_lists_of_an_unknown_configuration(client):
    missing = create(client).replace("lic-", "lic-f")
    calls = (
        client.list_associations_for_license_configuration,
        client.list_usage_for_license_configuration,
        client.list_failures_for_license_configuration_operations,
    )
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call(LicenseConfigurationArn=missing)
        assert error_of(raised) == IPV
    with pytest.raises(ClientError) as raised:
        client.list_license_specifications_for_resource(ResourceArn=missing)
    assert error_of(raised) == IPV


def test_usage_filters(client):
    arn = create(client, LicenseCountingType="Instance")
    servers = [instance(), instance()]
    for server in servers:
        attach(client, server, arn)

    def usage(**request: Any) -> list[str]:
        rows = client.list_usage_for_license_configuration(LicenseConfigurationArn=arn, **request)
        return [row["ResourceArn"] for row in rows["LicenseConfigurationUsageList"]]

    assert usage(Filters=[{"Name": "resourceArn", "Values": [servers[1]]}]) == [servers[1]]
    assert usage(Filters=[{"Name": "resourceType", "Values": ["EC2_HOST"]}]) == []
    assert usage(Filters=[{"Name": "resourceAccount", "Values": [ACCOUNT]}]) == servers
    assert usage(MaxResults=1) == [servers[0]]
    with pytest.raises(ClientError) as raised:
        usage(Filters=[{"Name": "owner", "Values": ["x"]}])
    assert error_of(raised) == IPV
    with pytest.raises(ClientError) as raised:
        usage(Filters=[{"Name": "resourceArn", "Values": ["x"] * 11}])
    assert error_of(raised) == ("FilterLimitExceededException", 400)


def test_no_discovery_failures_are_recorded(client):
    arn = create(client)
    answer = client.list_failures_for_license_configuration_operations(LicenseConfigurationArn=arn)
    assert answer["LicenseOperationFailureList"] == []


# -- inventory --------------------------------------------------------------------------------


@needs_model("ResourceInventory.AmiId")
def test_inventory_lists_the_accounts_live_instances(client):
    tagged = instance(
        "t2.micro",
        TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "env", "Value": "prod"}]}],
    )
    plain, gone = instance(), instance()
    boto3.client("ec2", region_name=REGION).terminate_instances(InstanceIds=[instance_id(gone)])

    def listed(*filters: dict[str, str]) -> list[str]:
        rows = client.list_resource_inventory(Filters=list(filters))["ResourceInventoryList"]
        return [row["ResourceArn"] for row in rows]

    rows = client.list_resource_inventory()["ResourceInventoryList"]
    assert [row["ResourceArn"] for row in rows] == [tagged, plain]
    assert rows[0] == {
        "ResourceId": instance_id(tagged),
        "ResourceType": "EC2_INSTANCE",
        "ResourceArn": tagged,
        # Inventory names the OS, as AWS's inventory does (issue 11 item 15).
        "Platform": "Microsoft Windows Server 2008 R2 Datacenter",
        "PlatformVersion": "6.1.7601",
        "ResourceOwningAccountId": ACCOUNT,
        "AmiId": AMI,
        "Region": REGION,
        "InstanceType": "t2.micro",
    }
    assert listed({"Name": "tag:env", "Condition": "EQUALS", "Value": "prod"}) == [tagged]
    assert listed(
        {"Name": "resource_id", "Condition": "NOT_EQUALS", "Value": instance_id(tagged)}
    ) == [plain]
    platform = rows[0]["Platform"]
    assert listed({"Name": "platform", "Condition": "BEGINS_WITH", "Value": platform[:3]}) == [
        tagged,
        plain,
    ]
    assert listed({"Name": "account_id", "Condition": "NOT_EQUALS", "Value": ACCOUNT}) == []
    page = client.list_resource_inventory(MaxResults=1)
    assert len(page["ResourceInventoryList"]) == 1 and page["NextToken"]


@pytest.mark.parametrize(
    ("image", "platform", "version"),
    [
        ("ami-0f7cc2a4e9cb93130", "Microsoft Windows Server 2019 Datacenter", "10.0.17763"),
        ("ami-b7e93bce", "Microsoft Windows Server 2016 Datacenter", "10.0.14393"),
        ("ami-1ecc1e67", "Microsoft Windows Server 2012 R2 Datacenter", "6.3.9600"),
    ],
)
def test_inventory_names_windows_platforms(client, image, platform, version):
    linux = linux_image()
    windows = instance(ImageId=image)
    amazon_linux = instance(ImageId=linux)

    def platforms(*filters: dict[str, str]) -> list[tuple[str, str, str | None]]:
        rows = client.list_resource_inventory(Filters=list(filters))["ResourceInventoryList"]
        return [(r["ResourceArn"], r["Platform"], r.get("PlatformVersion")) for r in rows]

    assert platforms() == [(windows, platform, version), (amazon_linux, "Amazon Linux", "2")]
    windows_only = {"Name": "platform", "Condition": "BEGINS_WITH", "Value": "Microsoft Windows"}
    assert platforms(windows_only) == [(windows, platform, version)]
    exact = {"Name": "platform", "Condition": "EQUALS", "Value": "Amazon Linux"}
    assert platforms(exact) == [(amazon_linux, "Amazon Linux", "2")]


def linux_image() -> str:
    """One of moto's Amazon Linux 2 AMIs."""
    images = boto3.client("ec2", region_name=REGION).describe_images(
        Filters=[{"Name": "name", "Values": ["amzn2-ami-hvm-2.0.*-x86_64-gp2"]}]
    )["Images"]
    return str(images[0]["ImageId"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([{"Name": "colour", "Condition": "EQUALS", "Value": "red"}], IPV),
        ([{"Name": "platform", "Condition": "NOT_EQUALS", "Value": "windows"}], IPV),
        ([{"Name": "platform", "Condition": "EQUALS"}], IPV),
        (
            [{"Name": "tag:env", "Condition": "NOT_EQUALS", "Value": "prod"}],
            ("FailedDependencyException", 424),
        ),
        (
            [{"Name": "platform", "Condition": "EQUALS", "Value": "x"}] * 11,
            ("FilterLimitExceededException", 400),
        ),
    ],
)
def test_bad_inventory_filters(client, filters, expected):
    with pytest.raises(ClientError) as raised:
        client.list_resource_inventory(Filters=filters)
    assert error_of(raised) == expected
    if expected[0] == "FailedDependencyException":
        assert raised.value.response["ErrorCode"] == "CrossAccountDiscoveryNotEnabled"
