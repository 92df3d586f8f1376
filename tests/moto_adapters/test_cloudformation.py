"""AWS::LicenseManager::License and ::Grant in moto's CloudFormation: stacks made, updated,
failed and deleted through boto3's CloudFormation client, and the License Manager state they
leave read back through License Manager's own API."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import types
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from licensemgr_mock.moto_adapters import cfn_resources, cloudformation
from licensemgr_mock.moto_adapters.cloudformation import MotoChangedError
from tests.helpers import BUYER, REGION, license_stack, seats

YAML_STACK = f"""
Resources:
  SigningKey:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: RSA_3072
      KeyUsage: SIGN_VERIFY
      KeyPolicy: {{}}
  License:
    Type: AWS::LicenseManager::License
    Properties:
      LicenseName: !Sub "${{AWS::StackName}} seats"
      ProductName: Product
      ProductSKU: SKU-YAML
      Issuer:
        Name: My Company
        SignKey: !GetAtt SigningKey.Arn
      HomeRegion: !Ref AWS::Region
      Validity:
        Begin: "2020-01-01T00:00:00Z"
        End: "2099-01-01T00:00:00Z"
      Entitlements:
        - Name: Seats
          Unit: Count
          MaxCount: "8"
          AllowCheckIn: "true"
      Beneficiary: cust-2
      ConsumptionConfiguration:
        BorrowConfiguration:
          AllowEarlyCheckIn: true
          MaxTimeToLiveInMinutes: 1440
      LicenseMetadata:
        - Name: tier
          Value: gold
  Grant:
    Type: AWS::LicenseManager::Grant
    Properties:
      GrantName: !Sub "${{AWS::StackName}} grant"
      LicenseArn: !GetAtt License.LicenseArn
      Principals: ["arn:aws:iam::{BUYER}:root"]
      HomeRegion: !Ref AWS::Region
      AllowedOperations: [CheckoutBorrowLicense]
Outputs:
  Grant:
    Value: !Ref Grant
  GrantVersion:
    Value: !GetAtt Grant.Version
"""


@pytest.fixture
def cfn(license_manager: Any) -> Any:
    return boto3.client("cloudformation", region_name=REGION)


def create(cfn: Any, name: str, template: dict[str, Any] | str) -> dict[str, Any]:
    """Creates a stack and answers it as DescribeStacks reads it."""
    body = template if isinstance(template, str) else json.dumps(template)
    cfn.create_stack(StackName=name, TemplateBody=body)
    return dict(cfn.describe_stacks(StackName=name)["Stacks"][0])


def update(cfn: Any, name: str, template: dict[str, Any]) -> dict[str, Any]:
    cfn.update_stack(StackName=name, TemplateBody=json.dumps(template))
    return dict(cfn.describe_stacks(StackName=name)["Stacks"][0])


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}


def failures(cfn: Any, name: str) -> list[tuple[str, str, str]]:
    """Each resource event that failed: logical id, status, reason."""
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    return [
        (e["LogicalResourceId"], e["ResourceStatus"], e["ResourceStatusReason"])
        for e in events
        if e["ResourceStatus"].endswith("_FAILED")
    ]


def live(client: Any) -> tuple[list[str], list[str]]:
    """ARNs of the licenses and grants still in use (not deleted)."""
    licenses = [
        license_["LicenseArn"]
        for license_ in client.list_licenses()["Licenses"]
        if license_["Status"] not in ("PENDING_DELETE", "DELETED")
    ]
    grants = [
        grant["GrantArn"]
        for grant in client.list_distributed_grants()["Grants"]
        if grant["GrantStatus"] != "DELETED"
    ]
    return licenses, grants


def tags_of(client: Any, arn: str) -> dict[str, str]:
    tags = client.list_tags_for_resource(ResourceArn=arn)["Tags"]
    return {t["Key"]: t["Value"] for t in tags}


def test_a_json_stack_makes_a_license_and_a_grant(cfn, client, kms):
    stack = create(cfn, "seats", license_stack())

    assert stack["StackStatus"] == "CREATE_COMPLETE"
    out = outputs(stack)
    resources = {
        r["LogicalResourceId"]: r
        for r in cfn.describe_stack_resources(StackName="seats")["StackResources"]
    }
    assert resources["License"]["PhysicalResourceId"] == out["LicenseArn"]
    assert resources["License"]["ResourceType"] == "AWS::LicenseManager::License"
    assert resources["Grant"]["PhysicalResourceId"] == out["GrantArn"]
    assert out["LicenseVersion"] == out["GrantVersion"] == "1"
    license_ = client.get_license(LicenseArn=out["LicenseArn"])["License"]
    assert license_["LicenseName"] == "seats seats"
    assert license_["HomeRegion"] == REGION and license_["Status"] == "AVAILABLE"
    key_id = resources["SigningKey"]["PhysicalResourceId"]
    # Ref to the key is its id, which the license keeps as given.
    assert license_["Issuer"]["SignKey"] == key_id
    assert kms.describe_key(KeyId=key_id)["KeyMetadata"]["KeyUsage"] == "SIGN_VERIFY"
    assert [e["MaxCount"] for e in license_["Entitlements"]] == [5]
    assert tags_of(client, out["LicenseArn"]) == {"team": "licensing"}
    grant = client.get_grant(GrantArn=out["GrantArn"])["Grant"]
    assert grant["LicenseArn"] == out["LicenseArn"]
    assert grant["GranteePrincipalArn"] == f"arn:aws:iam::{BUYER}:root"
    assert grant["GrantStatus"] == "PENDING_ACCEPT"
    assert [g["GrantArn"] for g in client.list_distributed_grants()["Grants"]] == [out["GrantArn"]]


def test_a_yaml_stack_with_short_intrinsics_converts_values_to_the_schema(cfn, client):
    stack = create(cfn, "yaml", YAML_STACK)

    assert stack["StackStatus"] == "CREATE_COMPLETE"
    grant_arn = outputs(stack)["Grant"]
    grant = client.get_grant(GrantArn=grant_arn)["Grant"]
    assert grant["GrantName"] == "yaml grant"
    assert grant["GrantedOperations"] == ["CheckoutBorrowLicense"]
    license_ = client.get_license(LicenseArn=grant["LicenseArn"])["License"]
    assert license_["ProductSKU"] == "SKU-YAML"
    assert license_["Entitlements"] == [
        {"Name": "Seats", "Unit": "Count", "MaxCount": 8, "AllowCheckIn": True}
    ]
    assert license_["ConsumptionConfiguration"]["BorrowConfiguration"] == {
        "AllowEarlyCheckIn": True,
        "MaxTimeToLiveInMinutes": 1440,
    }
    assert license_["LicenseMetadata"] == [{"Name": "tier", "Value": "gold"}]


def test_an_update_makes_a_new_license_version_and_retags(cfn, client):
    template = license_stack()
    arn = outputs(create(cfn, "seats", template))["LicenseArn"]
    changed = license_stack(
        license={
            "Entitlements": seats(9, allow_check_in=None),
            "Tags": [{"Key": "owner", "Value": "platform"}],
        }
    )

    stack = update(cfn, "seats", changed)

    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert outputs(stack)["LicenseArn"] == arn and outputs(stack)["LicenseVersion"] == "2"
    license_ = client.get_license(LicenseArn=arn)["License"]
    assert license_["Version"] == "2" and license_["Entitlements"][0]["MaxCount"] == 9
    versions = client.list_license_versions(LicenseArn=arn)["Licenses"]
    assert [v["Version"] for v in versions] == ["1", "2"]
    assert tags_of(client, arn) == {"owner": "platform"}


def test_an_update_of_tags_alone_makes_no_version(cfn, client):
    arn = outputs(create(cfn, "seats", license_stack()))["LicenseArn"]

    stack = update(cfn, "seats", license_stack(license={"Tags": None}))

    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    assert client.get_license(LicenseArn=arn)["License"]["Version"] == "1"
    assert tags_of(client, arn) == {}


def test_an_update_of_the_grant_name_makes_a_new_grant_version(cfn, client):
    out = outputs(create(cfn, "seats", license_stack()))

    stack = update(cfn, "seats", license_stack(grant={"GrantName": "renamed"}))

    assert outputs(stack)["GrantVersion"] == "2"
    grant = client.get_grant(GrantArn=out["GrantArn"])["Grant"]
    assert grant["GrantName"] == "renamed" and grant["Version"] == "2"
    assert client.get_license(LicenseArn=out["LicenseArn"])["License"]["Version"] == "1"


def test_a_property_no_version_can_change_fails_the_update_and_rolls_back(cfn, client):
    out = outputs(create(cfn, "seats", license_stack()))
    moved = license_stack(grant={"Principals": ["arn:aws:iam::444455556666:root"]})

    stack = update(cfn, "seats", moved)

    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    assert stack["StackStatusReason"] == "The following resource(s) failed to update: [Grant]."
    ((logical, status, reason),) = failures(cfn, "seats")
    assert (logical, status) == ("Grant", "UPDATE_FAILED")
    assert "is not updatable with parameters provided" in reason
    assert "HandlerErrorCode: NotUpdatable" in reason
    grant = client.get_grant(GrantArn=out["GrantArn"])["Grant"]
    assert grant["GranteePrincipalArn"] == f"arn:aws:iam::{BUYER}:root"
    assert grant["Version"] == "1"
    assert outputs(stack) == out


def test_a_refused_update_rolls_back_and_the_license_keeps_its_terms(cfn, client):
    out = outputs(create(cfn, "seats", license_stack()))
    backwards = {"Begin": "2099-01-01T00:00:00Z", "End": "2020-01-01T00:00:00Z"}

    stack = update(cfn, "seats", license_stack(license={"Validity": backwards}))

    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    ((logical, status, reason),) = failures(cfn, "seats")
    assert (logical, status) == ("License", "UPDATE_FAILED")
    assert "Validity End must be later than Validity Begin." in reason
    assert "HandlerErrorCode: InvalidRequest" in reason
    license_ = client.get_license(LicenseArn=out["LicenseArn"])["License"]
    assert license_["Version"] == "1"
    assert license_["Validity"]["End"].startswith("2099")
    # The stack still works: a good update goes through.
    assert update(cfn, "seats", license_stack(license={"ProductName": "P2"}))["StackStatus"] == (
        "UPDATE_COMPLETE"
    )
    assert client.get_license(LicenseArn=out["LicenseArn"])["License"]["ProductName"] == "P2"


def test_a_refused_tag_rolls_back_the_new_terms_too(cfn, client):
    arn = outputs(create(cfn, "seats", license_stack()))["LicenseArn"]
    reserved = [{"Key": "aws:team", "Value": "x"}]

    stack = update(cfn, "seats", license_stack(license={"ProductName": "P2", "Tags": reserved}))

    assert stack["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    ((_, _, reason),) = failures(cfn, "seats")
    assert "uses the reserved prefix aws:" in reason
    # Version 2 had the new terms; the rollback's version 3 has the previous ones again.
    license_ = client.get_license(LicenseArn=arn)["License"]
    assert (license_["Version"], license_["ProductName"]) == ("3", "Product")
    assert tags_of(client, arn) == {"team": "licensing"}


def test_deleting_the_stack_deletes_the_grant_and_the_license(cfn, client, kms):
    out = outputs(create(cfn, "seats", license_stack()))
    update(cfn, "seats", license_stack(grant={"GrantName": "renamed"}))

    cfn.delete_stack(StackName="seats")

    assert client.get_license(LicenseArn=out["LicenseArn"])["License"]["Status"] == (
        "PENDING_DELETE"
    )
    assert client.get_grant(GrantArn=out["GrantArn"])["Grant"]["GrantStatus"] == "DELETED"
    assert live(client) == ([], [])
    assert kms.list_keys()["Keys"] == []


def test_a_license_deleted_outside_the_stack_does_not_stop_its_deletion(cfn, client):
    out = outputs(create(cfn, "seats", license_stack()))
    client.delete_grant(GrantArn=out["GrantArn"], Version="1")
    client.delete_license(LicenseArn=out["LicenseArn"], SourceVersion="1")

    cfn.delete_stack(StackName="seats")

    assert cfn.list_stacks(StackStatusFilter=["DELETE_COMPLETE"])["StackSummaries"]


SYMMETRIC_KEY = {
    "Type": "AWS::KMS::Key",
    "Properties": {"KeyPolicy": {}},
}

BAD_STACKS = {
    "a required property is missing": (
        license_stack(license={"Beneficiary": None}),
        "License",
        "Properties validation failed for resource License with message: "
        "[#: required key [Beneficiary] not found]",
    ),
    "a value of the wrong type": (
        license_stack(
            license={"Entitlements": [{"Name": "Seats", "Unit": "Count", "MaxCount": "ten"}]}
        ),
        "License",
        "[#/Entitlements/0/MaxCount: expected type: Integer, found: String]",
    ),
    "an unknown property": (
        license_stack(grant={"Grantee": BUYER}),
        "Grant",
        "[#: extraneous key [Grantee] is not permitted]",
    ),
    "a unit the schema does not list": (
        license_stack(license={"Entitlements": [{"Name": "Seats", "Unit": "Seats"}]}),
        "License",
        "#/Entitlements/0/Unit: Seats is not a valid enum value",
    ),
    "a principal that is not an ARN": (
        license_stack(grant={"Principals": [BUYER]}),
        "Grant",
        f"#/Principals/0: string [{BUYER}] does not match pattern",
    ),
    "a principal that is no account": (
        license_stack(grant={"Principals": ["arn:aws:iam::1234:root"]}),
        "Grant",
        "Couldn't create AWS::LicenseManager::Grant due to error: Principal "
        "arn:aws:iam::1234:root must be an account",
    ),
    "a SignKey that is not an RSA SIGN_VERIFY key": (
        {
            **license_stack(),
            "Resources": {**license_stack()["Resources"], "SigningKey": SYMMETRIC_KEY},
        },
        "License",
        "must be an RSA key with key usage SIGN_VERIFY.",
    ),
    "a reserved tag key": (
        license_stack(license={"Tags": [{"Key": "aws:team", "Value": "x"}]}),
        "License",
        "Tag key 'aws:team' uses the reserved prefix aws:.",
    ),
    "a SignKey that does not exist": (
        license_stack(license={"Issuer": {"Name": "My Company", "SignKey": "alias/nothing"}}),
        "License",
        "SignKey alias/nothing is not a KMS key",
    ),
    "a value holding characters XML cannot carry (shown escaped)": (
        license_stack(grant={"Principals": ["arn:aws:iam::\x00\x1f:root"]}),
        "Grant",
        "#/Principals/0: string [arn:aws:iam::\\x00\\x1f:root] does not match pattern",
    ),
}


@pytest.mark.parametrize("template, failed, words", BAD_STACKS.values(), ids=list(BAD_STACKS))
def test_a_refused_resource_fails_the_stack_and_leaves_nothing(
    cfn, client, kms, template, failed, words
):
    stack = create(cfn, "bad", copy.deepcopy(template))

    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    assert stack["StackStatusReason"] == (
        f"The following resource(s) failed to create: [{failed}]. Rollback requested by user."
    )
    assert "Outputs" not in stack
    ((logical, status, reason),) = failures(cfn, "bad")
    assert (logical, status) == (failed, "CREATE_FAILED")
    assert words in reason
    assert cfn.describe_stack_resources(StackName="bad")["StackResources"] == []
    assert live(client) == ([], [])
    assert kms.list_keys()["Keys"] == []
    # A later stack works.
    assert create(cfn, "good", license_stack())["StackStatus"] == "CREATE_COMPLETE"
    assert [len(arns) for arns in live(client)] == [1, 1]


def test_an_attribute_the_types_lack_is_a_template_error(cfn, client):
    template = license_stack()
    template["Outputs"]["Arn"] = {"Value": {"Fn::GetAtt": ["License", "Arn"]}}

    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="seats", TemplateBody=json.dumps(template))

    assert refused.value.response["Error"]["Code"] == "ValidationError"
    assert "does not support attribute type Arn in Fn::GetAtt" in str(refused.value)
    assert live(client) == ([], [])


def test_a_handler_failure_is_worded_as_cloudformation_words_it(cfn):
    create(cfn, "bad", license_stack(grant={"Principals": ["arn:aws:iam::1234:root"]}))

    ((_, _, reason),) = failures(cfn, "bad")

    assert reason.startswith('Resource handler returned message: "Invalid request provided: ')
    assert "(Service: LicenseManager, Status Code: 400, Request ID: " in reason
    assert reason.endswith(", HandlerErrorCode: InvalidRequest)")


def test_cloudformation_retries_a_throttled_call(cfn, client, lm):
    fault = lm.inject_fault("CreateGrant", "ThrottlingException", times=2)

    assert create(cfn, "seats", license_stack())["StackStatus"] == "CREATE_COMPLETE"
    assert fault.hits == 2
    assert [len(arns) for arns in live(client)] == [1, 1]


def test_a_call_that_keeps_failing_fails_the_stack(cfn, client, lm):
    lm.inject_fault("CreateGrant", "unreachable")

    stack = create(cfn, "seats", license_stack())

    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    ((logical, _, reason),) = failures(cfn, "seats")
    assert logical == "Grant"
    assert "Network failure occurred during operation 'AWS::LicenseManager::Grant'." in reason
    assert reason.endswith("HandlerErrorCode: NetworkFailure)")
    assert live(client) == ([], [])


def test_a_change_set_makes_the_resources_and_a_refused_one_rolls_back(cfn, client):
    bad = license_stack(grant={"Principals": ["arn:aws:iam::1234:root"]})
    for name, template in (("seats", license_stack()), ("bad", bad)):
        cfn.create_change_set(
            StackName=name,
            ChangeSetName=f"{name}-1",
            ChangeSetType="CREATE",
            TemplateBody=json.dumps(template),
        )
        cfn.execute_change_set(ChangeSetName=f"{name}-1", StackName=name)

    assert cfn.describe_stacks(StackName="seats")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert cfn.describe_stacks(StackName="bad")["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = cfn.describe_change_set(ChangeSetName="bad-1", StackName="bad")
    assert failed["ExecutionStatus"] == "EXECUTE_FAILED"
    ((logical, status, _),) = failures(cfn, "bad")
    assert (logical, status) == ("Grant", "CREATE_FAILED")
    assert [len(arns) for arns in live(client)] == [1, 1]


def test_executing_a_change_set_that_does_not_exist_is_refused_as_cloudformation_does(cfn, client):
    with pytest.raises(cfn.exceptions.ChangeSetNotFoundException) as refused:
        cfn.execute_change_set(ChangeSetName="nothing", StackName="seats")

    error = refused.value.response
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert error["Error"]["Message"] == "ChangeSet [nothing] does not exist"
    assert cfn.describe_stacks()["Stacks"] == []
    assert live(client) == ([], [])


def test_plain_mock_aws_makes_the_resources_too():
    with mock_aws():
        cfn = boto3.client("cloudformation", region_name=REGION)
        client = boto3.client("license-manager", region_name=REGION)

        stack = create(cfn, "seats", license_stack())

        assert stack["StackStatus"] == "CREATE_COMPLETE"
        assert (
            client.get_license(LicenseArn=outputs(stack)["LicenseArn"])["License"]["Version"] == "1"
        )


def test_moto_finds_the_types_once_its_cloudformation_is_imported():
    from moto.cloudformation import parsing

    found = parsing.get_model_map()

    assert found["AWS::LicenseManager::License"] is cfn_resources.License
    assert found["AWS::LicenseManager::Grant"] is cfn_resources.Grant


@pytest.mark.parametrize("imported_first", [False, True], ids=["package first", "moto first"])
def test_the_types_are_found_whichever_is_imported_first(imported_first):
    # moto first: its list of types is cached before the package is imported.
    first = "from moto.cloudformation import parsing; parsing.get_model_map()"
    script = "\n".join(
        [
            "import sys",
            first if imported_first else "",
            "import licensemgr_mock",
            f"assert ('moto.cloudformation.models' in sys.modules) == {imported_first}",
            "from moto.cloudformation import parsing",
            "print(parsing.get_model_map()['AWS::LicenseManager::Grant'].__module__)",
        ]
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "licensemgr_mock.moto_adapters.cfn_resources"


def test_a_moto_without_the_cached_type_list_fails_naming_its_version():
    import moto

    parsing = types.ModuleType("moto.cloudformation.parsing")

    with pytest.raises(MotoChangedError, match=rf"moto {moto.__version__}'s CloudFormation"):
        cloudformation._refresh(parsing, cfn_resources.RESOURCES)


def test_a_moto_that_does_not_find_subclasses_fails_naming_the_type():
    parsing = types.ModuleType("moto.cloudformation.parsing")
    for name in ("get_model_list", "get_model_map", "get_name_type_map"):
        setattr(parsing, name, _Cached(dict))

    with pytest.raises(MotoChangedError, match=r"does not find AWS::LicenseManager::License"):
        cloudformation._refresh(parsing, cfn_resources.RESOURCES)


class _Cached:
    """A stand-in for an ``lru_cache``d function."""

    def __init__(self, function: Any) -> None:
        self.function = function

    def __call__(self) -> Any:
        return self.function()

    def cache_clear(self) -> None:
        pass
