"""What a stack with License Manager resources does when one fails, as its request says:
CreateStack's OnFailure (ROLLBACK, DO_NOTHING, DELETE) and DisableRollback, UpdateStack's
DisableRollback, CreateChangeSet's OnStackFailure and ExecuteChangeSet's DisableRollback;
through boto3's CloudFormation client, with the License Manager state left read back through
License Manager's own API."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.helpers import (
    BUYER,
    REGION,
    instance_configuration,
    launch_template_stack,
    license_stack,
)

# CreateGrant refuses a principal that is no account: the stack's grant fails, after its
# key and license were made.
BAD_GRANT = license_stack(grant={"Principals": ["arn:aws:iam::1234:root"]})
MOVED_GRANT = license_stack(
    license={"ProductName": "P2"}, grant={"Principals": ["arn:aws:iam::444455556666:root"]}
)


@pytest.fixture
def cfn(license_manager: Any) -> Any:
    return boto3.client("cloudformation", region_name=REGION)


def body(template: dict[str, Any]) -> str:
    return json.dumps(template)


def described(cfn: Any, name_or_id: str) -> dict[str, Any]:
    return dict(cfn.describe_stacks(StackName=name_or_id)["Stacks"][0])


def history(cfn: Any, name_or_id: str) -> list[tuple[str, str, str]]:
    """The stack's events, oldest first: logical id, status, reason."""
    events = cfn.describe_stack_events(StackName=name_or_id)["StackEvents"]
    return [
        (e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason", ""))
        for e in reversed(events)
    ]


def resources(cfn: Any, name_or_id: str) -> dict[str, tuple[str, str]]:
    """DescribeStackResources: logical id to (status, physical id)."""
    listed = cfn.describe_stack_resources(StackName=name_or_id)["StackResources"]
    return {r["LogicalResourceId"]: (r["ResourceStatus"], r["PhysicalResourceId"]) for r in listed}


def licenses(client: Any) -> dict[str, str]:
    """Every license's ARN and status."""
    return {lic["LicenseArn"]: lic["Status"] for lic in client.list_licenses()["Licenses"]}


def grants(client: Any) -> dict[str, str]:
    return {g["GrantArn"]: g["GrantStatus"] for g in client.list_distributed_grants()["Grants"]}


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}


@pytest.mark.parametrize(
    "option", [{"DisableRollback": True}, {"OnFailure": "DO_NOTHING"}], ids=lambda o: str(o)
)
def test_a_stack_without_rollback_keeps_what_it_made(cfn, client, kms, option):
    stack_id = cfn.create_stack(StackName="kept", TemplateBody=body(BAD_GRANT), **option)["StackId"]

    stack = described(cfn, "kept")
    assert (stack["StackId"], stack["StackStatus"]) == (stack_id, "CREATE_FAILED")
    assert stack["StackStatusReason"] == "The following resource(s) failed to create: [Grant]. "
    assert stack["DisableRollback"] is True
    assert "Outputs" not in stack  # the stack never completed
    steps = history(cfn, "kept")
    assert [(logical, status) for logical, status, _ in steps] == [
        ("kept", "CREATE_IN_PROGRESS"),
        ("Grant", "CREATE_FAILED"),
        ("kept", "CREATE_FAILED"),
    ]
    assert "Principal arn:aws:iam::1234:root must be an account" in steps[1][2]
    made = resources(cfn, "kept")
    assert sorted(made) == ["License", "SigningKey"]
    assert {status for status, _ in made.values()} == {"CREATE_COMPLETE"}
    # The license and its key stay, in use; no grant was made.
    license_arn = made["License"][1]
    assert licenses(client) == {license_arn: "AVAILABLE"}
    assert (
        client.get_license(LicenseArn=license_arn)["License"]["Issuer"]["SignKey"]
        == (made["SigningKey"][1])
    )
    assert [k["KeyId"] for k in kms.list_keys()["Keys"]] == [made["SigningKey"][1]]
    assert grants(client) == {}


def test_an_update_makes_what_a_stack_without_rollback_did_not(cfn, client):
    cfn.create_stack(StackName="kept", TemplateBody=body(BAD_GRANT), DisableRollback=True)
    [license_arn] = licenses(client)

    cfn.update_stack(StackName="kept", TemplateBody=body(license_stack()))

    stack = described(cfn, "kept")
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    out = outputs(stack)
    assert out["LicenseArn"] == license_arn and out["LicenseVersion"] == "1"
    assert grants(client) == {out["GrantArn"]: "PENDING_ACCEPT"}
    assert licenses(client) == {license_arn: "AVAILABLE"}
    assert {status for status, _ in resources(cfn, "kept").values()} == {"UPDATE_COMPLETE"}


def test_a_stack_on_failure_do_nothing_left_failed_cannot_be_updated(cfn, client):
    cfn.create_stack(StackName="kept", TemplateBody=body(BAD_GRANT), OnFailure="DO_NOTHING")
    made = licenses(client)

    with pytest.raises(ClientError) as refused:
        cfn.update_stack(StackName="kept", TemplateBody=body(license_stack()))

    assert refused.value.response["Error"]["Code"] == "ValidationError"
    assert refused.value.response["Error"]["Message"] == (
        "This stack cannot be updated from [CREATE_FAILED] state because it contains "
        "[on-failure: DO_NOTHING]. Please use disable-rollback option instead during stack "
        "creation."
    )
    assert described(cfn, "kept")["StackStatus"] == "CREATE_FAILED"
    assert licenses(client) == made and grants(client) == {}
    # It can still be deleted, which deletes what it made.
    cfn.delete_stack(StackName="kept")
    assert list(licenses(client).values()) == ["PENDING_DELETE"]


def test_on_failure_delete_rolls_back_and_deletes_the_stack(cfn, client, kms):
    stack_id = cfn.create_stack(StackName="gone", TemplateBody=body(BAD_GRANT), OnFailure="DELETE")[
        "StackId"
    ]

    with pytest.raises(ClientError) as by_name:
        cfn.describe_stacks(StackName="gone")
    assert by_name.value.response["Error"]["Code"] == "ValidationError"
    assert by_name.value.response["Error"]["Message"] == "Stack with id gone does not exist"
    stack = described(cfn, stack_id)
    assert stack["StackStatus"] == "DELETE_COMPLETE"
    assert stack["DisableRollback"] is False
    assert "StackStatusReason" not in stack and "Outputs" not in stack
    steps = history(cfn, stack_id)
    assert [(logical, status) for logical, status, _ in steps] == [
        ("gone", "CREATE_IN_PROGRESS"),
        ("Grant", "CREATE_FAILED"),
        ("gone", "DELETE_IN_PROGRESS"),
        ("gone", "DELETE_COMPLETE"),
    ]
    assert steps[2][2] == (
        "The following resource(s) failed to create: [Grant]. Delete requested by user."
    )
    assert resources(cfn, stack_id) == {}
    summaries = cfn.list_stacks(StackStatusFilter=["DELETE_COMPLETE"])["StackSummaries"]
    assert [s["StackId"] for s in summaries] == [stack_id]
    # What the stack made is deleted: the license reads PENDING_DELETE, as DeleteLicense
    # leaves it; its key is gone.
    assert list(licenses(client).values()) == ["PENDING_DELETE"]
    assert grants(client) == {}
    assert kms.list_keys()["Keys"] == []
    # The name is free again.
    cfn.create_stack(StackName="gone", TemplateBody=body(license_stack()))
    assert described(cfn, "gone")["StackStatus"] == "CREATE_COMPLETE"


@pytest.mark.parametrize(
    "option", [{"DisableRollback": True}, {"OnFailure": "DO_NOTHING"}], ids=lambda o: str(o)
)
def test_a_stack_that_succeeds_reads_disable_rollback(cfn, client, option):
    cfn.create_stack(StackName="seats", TemplateBody=body(license_stack()), **option)

    stack = described(cfn, "seats")
    assert (stack["StackStatus"], stack["DisableRollback"]) == ("CREATE_COMPLETE", True)
    assert set(licenses(client).values()) == {"AVAILABLE"}
    assert list(grants(client).values()) == ["PENDING_ACCEPT"]


BAD_OPTIONS = {
    "an OnFailure outside the enum": (
        {"OnFailure": "KEEP"},
        "1 validation error detected: Value 'KEEP' at 'onFailure' failed to satisfy "
        "constraint: Member must satisfy enum value set: [DO_NOTHING, ROLLBACK, DELETE]",
    ),
    "OnFailure with DisableRollback": (
        {"OnFailure": "DELETE", "DisableRollback": True},
        "Either DisableRollback or OnFailure can be specified, not both.",
    ),
    "OnFailure with DisableRollback false": (
        {"OnFailure": "ROLLBACK", "DisableRollback": False},
        "Either DisableRollback or OnFailure can be specified, not both.",
    ),
}


@pytest.mark.parametrize("option, message", BAD_OPTIONS.values(), ids=list(BAD_OPTIONS))
def test_bad_failure_options_are_refused_and_make_nothing(cfn, client, kms, option, message):
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(StackName="seats", TemplateBody=body(license_stack()), **option)

    assert refused.value.response["Error"]["Code"] == "ValidationError"
    assert refused.value.response["Error"]["Message"] == message
    assert cfn.describe_stacks()["Stacks"] == []
    assert cfn.list_stacks()["StackSummaries"] == []
    assert licenses(client) == {} and grants(client) == {}
    assert kms.list_keys()["Keys"] == []
    # The same request without the bad option works.
    cfn.create_stack(StackName="seats", TemplateBody=body(license_stack()))
    assert described(cfn, "seats")["StackStatus"] == "CREATE_COMPLETE"


def test_an_update_without_rollback_keeps_what_it_changed(cfn, client):
    out = outputs(described(cfn, _created(cfn, "seats")))

    cfn.update_stack(StackName="seats", TemplateBody=body(MOVED_GRANT), DisableRollback=True)

    stack = described(cfn, "seats")
    assert stack["StackStatus"] == "UPDATE_FAILED"
    assert stack["StackStatusReason"] == "The following resource(s) failed to update: [Grant]. "
    steps = history(cfn, "seats")
    assert [(logical, status) for logical, status, _ in steps[2:]] == [
        ("seats", "UPDATE_IN_PROGRESS"),
        ("Grant", "UPDATE_FAILED"),
        ("seats", "UPDATE_FAILED"),
    ]
    assert "HandlerErrorCode: NotUpdatable" in steps[3][2]
    statuses = {logical: status for logical, (status, _) in resources(cfn, "seats").items()}
    assert statuses == {
        "SigningKey": "UPDATE_COMPLETE",
        "License": "UPDATE_COMPLETE",
        "Grant": "UPDATE_FAILED",
    }
    # The license's new terms stay (no version rolls them back); the grant is unchanged.
    license_ = client.get_license(LicenseArn=out["LicenseArn"])["License"]
    assert (license_["Version"], license_["ProductName"]) == ("2", "P2")
    assert [
        v["Version"] for v in client.list_license_versions(LicenseArn=out["LicenseArn"])["Licenses"]
    ] == ["1", "2"]
    grant = client.get_grant(GrantArn=out["GrantArn"])["Grant"]
    assert (grant["Version"], grant["GranteePrincipalArn"]) == ("1", f"arn:aws:iam::{BUYER}:root")

    # Fixed, the update goes through; the license's terms are already there.
    renamed = license_stack(license={"ProductName": "P2"}, grant={"GrantName": "renamed"})
    cfn.update_stack(StackName="seats", TemplateBody=body(renamed), DisableRollback=True)

    assert described(cfn, "seats")["StackStatus"] == "UPDATE_COMPLETE"
    assert client.get_license(LicenseArn=out["LicenseArn"])["License"]["Version"] == "2"
    assert client.get_grant(GrantArn=out["GrantArn"])["Grant"]["GrantName"] == "renamed"


def test_an_update_whose_new_resource_fails_changes_nothing_else(cfn, client):
    out = outputs(described(cfn, _created(cfn, "seats")))
    template = license_stack(license={"ProductName": "P2"})
    template["Resources"]["Second"] = BAD_GRANT["Resources"]["Grant"]

    cfn.update_stack(StackName="seats", TemplateBody=body(template), DisableRollback=True)

    stack = described(cfn, "seats")
    assert stack["StackStatus"] == "UPDATE_FAILED"
    assert stack["StackStatusReason"] == "The following resource(s) failed to create: [Second]. "
    assert ("Second", "CREATE_FAILED") in [
        (logical, status) for logical, status, _ in history(cfn, "seats")
    ]
    assert sorted(resources(cfn, "seats")) == ["Grant", "License", "SigningKey"]
    # moto makes new resources before it changes the others: the license is unchanged.
    assert client.get_license(LicenseArn=out["LicenseArn"])["License"]["Version"] == "1"
    assert list(grants(client)) == [out["GrantArn"]]

    # Fixed, the next update makes the grant and changes the license.
    template["Resources"]["Second"] = license_stack()["Resources"]["Grant"]
    cfn.update_stack(StackName="seats", TemplateBody=body(template))

    assert described(cfn, "seats")["StackStatus"] == "UPDATE_COMPLETE"
    license_ = client.get_license(LicenseArn=out["LicenseArn"])["License"]
    assert (license_["Version"], license_["ProductName"]) == ("2", "P2")
    assert len(grants(client)) == 2


def test_a_change_set_executed_without_rollback_keeps_what_it_made(cfn, client):
    cfn.create_change_set(
        StackName="kept",
        ChangeSetName="kept-1",
        ChangeSetType="CREATE",
        TemplateBody=body(BAD_GRANT),
    )

    cfn.execute_change_set(ChangeSetName="kept-1", StackName="kept", DisableRollback=True)

    stack = described(cfn, "kept")
    assert (stack["StackStatus"], stack["DisableRollback"]) == ("CREATE_FAILED", True)
    assert (
        cfn.describe_change_set(ChangeSetName="kept-1", StackName="kept")["ExecutionStatus"]
        == "EXECUTE_FAILED"
    )
    assert sorted(resources(cfn, "kept")) == ["License", "SigningKey"]
    assert list(licenses(client).values()) == ["AVAILABLE"]
    assert grants(client) == {}


def test_an_update_change_set_executed_without_rollback_keeps_what_it_changed(cfn, client):
    out = outputs(described(cfn, _created(cfn, "seats")))
    cfn.create_change_set(
        StackName="seats",
        ChangeSetName="seats-2",
        ChangeSetType="UPDATE",
        TemplateBody=body(MOVED_GRANT),
    )

    cfn.execute_change_set(ChangeSetName="seats-2", StackName="seats", DisableRollback=True)

    stack = described(cfn, "seats")
    assert stack["StackStatus"] == "UPDATE_FAILED"
    assert stack["StackStatusReason"] == "The following resource(s) failed to update: [Grant]. "
    assert client.get_license(LicenseArn=out["LicenseArn"])["License"]["ProductName"] == "P2"
    assert client.get_grant(GrantArn=out["GrantArn"])["Grant"]["GranteePrincipalArn"] == (
        f"arn:aws:iam::{BUYER}:root"
    )
    assert cfn.get_template(StackName="seats")["TemplateBody"] == MOVED_GRANT


@pytest.mark.parametrize(
    ("on_stack_failure", "status", "left"),
    [
        ("DO_NOTHING", "CREATE_FAILED", "AVAILABLE"),
        ("ROLLBACK", "ROLLBACK_COMPLETE", "PENDING_DELETE"),
        ("DELETE", "DELETE_COMPLETE", "PENDING_DELETE"),
    ],
)
def test_a_change_set_fails_as_its_on_stack_failure_says(
    cfn, client, on_stack_failure, status, left
):
    stack_id = cfn.create_change_set(
        StackName="cs",
        ChangeSetName="cs-1",
        ChangeSetType="CREATE",
        TemplateBody=body(BAD_GRANT),
        OnStackFailure=on_stack_failure,
    )["StackId"]
    change_set = cfn.describe_change_set(ChangeSetName="cs-1", StackName="cs")

    cfn.execute_change_set(ChangeSetName="cs-1", StackName="cs")

    assert change_set["OnStackFailure"] == on_stack_failure
    assert described(cfn, stack_id)["StackStatus"] == status
    assert list(licenses(client).values()) == [left]
    assert grants(client) == {}


def test_on_stack_failure_refuses_disable_rollback_and_delete_of_an_update(cfn, client):
    cfn.create_change_set(
        StackName="cs",
        ChangeSetName="cs-1",
        ChangeSetType="CREATE",
        TemplateBody=body(license_stack()),
        OnStackFailure="DO_NOTHING",
    )
    with pytest.raises(ClientError) as both:
        cfn.execute_change_set(ChangeSetName="cs-1", StackName="cs", DisableRollback=False)
    assert described(cfn, "cs")["StackStatus"] == "REVIEW_IN_PROGRESS"
    cfn.execute_change_set(ChangeSetName="cs-1", StackName="cs")
    with pytest.raises(ClientError) as delete:
        cfn.create_change_set(
            StackName="cs",
            ChangeSetName="cs-2",
            ChangeSetType="UPDATE",
            TemplateBody=body(MOVED_GRANT),
            OnStackFailure="DELETE",
        )

    for raised in (both, delete):
        assert raised.value.response["Error"]["Code"] == "ValidationError"
    assert "OnStackFailure" in both.value.response["Error"]["Message"]
    assert "OnStackFailure DELETE" in delete.value.response["Error"]["Message"]
    assert described(cfn, "cs")["StackStatus"] == "CREATE_COMPLETE"
    # The executed one only.
    assert [c["ChangeSetName"] for c in cfn.list_change_sets(StackName="cs")["Summaries"]] == [
        "cs-1"
    ]
    assert list(licenses(client).values()) == ["AVAILABLE"]


def _created(cfn: Any, name: str) -> str:
    cfn.create_stack(StackName=name, TemplateBody=body(license_stack()))
    assert described(cfn, name)["StackStatus"] == "CREATE_COMPLETE"
    return name


def test_the_options_reach_moto_through_the_server(license_manager_server):
    host, port = license_manager_server.address
    endpoint = f"http://{host}:{port}"
    cfn = boto3.client("cloudformation", region_name=REGION, endpoint_url=endpoint)
    client = boto3.client("license-manager", region_name=REGION, endpoint_url=endpoint)

    cfn.create_stack(StackName="kept", TemplateBody=body(BAD_GRANT), DisableRollback=True)
    gone = cfn.create_stack(StackName="gone", TemplateBody=body(BAD_GRANT), OnFailure="DELETE")

    assert described(cfn, "kept")["StackStatus"] == "CREATE_FAILED"
    assert described(cfn, gone["StackId"])["StackStatus"] == "DELETE_COMPLETE"
    assert sorted(licenses(client).values()) == ["AVAILABLE", "PENDING_DELETE"]
    with pytest.raises(ClientError) as refused:
        cfn.create_stack(
            StackName="both", TemplateBody=body(BAD_GRANT), OnFailure="DELETE", DisableRollback=True
        )
    assert refused.value.response["Error"]["Code"] == "ValidationError"


@pytest.mark.parametrize(
    "option, status",
    [({}, "ROLLBACK_FAILED"), ({"OnFailure": "DELETE"}, "DELETE_FAILED")],
    ids=["rollback", "OnFailure DELETE"],
)
def test_a_license_the_rollback_cannot_delete_fails_it(cfn, client, kms, lm, option, status):
    lm.inject_fault("DeleteLicense", "unreachable")

    cfn.create_stack(StackName="stuck", TemplateBody=body(BAD_GRANT), **option)

    stack = described(cfn, "stuck")
    assert stack["StackStatus"] == status
    assert (
        "Network failure occurred during operation 'AWS::LicenseManager::License'."
        in (stack["StackStatusReason"])
    )
    assert "Outputs" not in stack
    steps = [(logical, step) for logical, step, _ in history(cfn, "stuck")]
    assert steps[-2:] == [("License", "DELETE_FAILED"), ("stuck", status)]
    # What it could not delete is still the stack's; the rest is gone.
    [(license_status, license_arn)] = resources(cfn, "stuck").values()
    assert license_status == "DELETE_FAILED"
    assert licenses(client) == {license_arn: "AVAILABLE"}
    assert kms.list_keys()["Keys"] == []

    # Once License Manager answers again, the stack is deleted with its license.
    lm.clear_faults()
    cfn.delete_stack(StackName="stuck")

    assert licenses(client) == {license_arn: "PENDING_DELETE"}
    assert cfn.describe_stacks()["Stacks"] == []


def licensed_server(config: str) -> str:
    """A template: a launch template that carries the license configuration, and an
    instance launched from it."""
    data = {
        "ImageId": "ami-12c6146b",  # one of moto's Windows Server AMIs
        "InstanceType": "m5.large",
        "LicenseSpecifications": [{"LicenseConfigurationArn": config}],
    }
    return body(launch_template_stack(data))


def test_a_refused_licensed_instance_without_rollback_keeps_its_launch_template(cfn, client):
    ec2 = boto3.client("ec2", region_name=REGION)
    config = instance_configuration(client, LicenseCount=1, LicenseCountHardLimit=True)
    cfn.create_stack(StackName="web-1", TemplateBody=licensed_server(config))

    cfn.create_stack(StackName="web-2", TemplateBody=licensed_server(config), DisableRollback=True)

    stack = described(cfn, "web-2")
    assert stack["StackStatus"] == "CREATE_FAILED"
    assert stack["StackStatusReason"] == "The following resource(s) failed to create: [Server]. "
    [(status, reason)] = [(s, r) for logical, s, r in history(cfn, "web-2") if logical == "Server"]
    assert status == "CREATE_FAILED" and "Error Code: LicenseLimitExceeded" in reason
    made = resources(cfn, "web-2")
    assert list(made) == ["Template"] and made["Template"][0] == "CREATE_COMPLETE"
    templates = ec2.describe_launch_templates()["LaunchTemplates"]
    assert made["Template"][1] in [t["LaunchTemplateId"] for t in templates]
    assert len(templates) == 2
    # License Manager still counts the first stack's instance alone.
    first = resources(cfn, "web-1")["Server"][1]
    rows = client.list_usage_for_license_configuration(LicenseConfigurationArn=config)[
        "LicenseConfigurationUsageList"
    ]
    assert [row["ResourceArn"].rsplit("/", 1)[1] for row in rows] == [first]
