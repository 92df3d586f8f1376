"""Templates CloudFormation refuses before it makes anything (malformed, without Resources,
naming what they do not declare, YAML tags that make Python objects): CreateStack,
UpdateStack, CreateChangeSet, ValidateTemplate and GetTemplateSummary answer a ValidationError
with CloudFormation's message and leave nothing behind, in-process and through the server."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.helpers import REGION, license_stack, lm_client, server_client

ran: list[str] = []


def record(what: str) -> str:
    """What a ``!!python/object/apply`` tag would call, if a template could make one."""
    ran.append(what)
    return what


def queue(name: Any, **extra: Any) -> dict[str, Any]:
    return {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": name}, **extra}


QUEUE = queue("q")


def unmakeable(template: dict[str, Any]) -> dict[str, Any]:
    """``template`` with a queue made after its grant that moto cannot make: its name is
    element 9 (a parameter's default) of a one-element list, which no check before moto sees."""
    template["Parameters"] = {"Index": {"Type": "String", "Default": "9"}}
    name = {"Fn::Select": [{"Ref": "Index"}, ["a"]]}
    template["Resources"]["Queue"] = queue(name, DependsOn="Grant")
    return template


REFUSED = {
    "not JSON": (
        '{"Resources": ',
        "Template format error: JSON not well-formed. (line 1, column 15)",
    ),
    "not YAML": (
        "Resources:\n  A: [\n",
        "Template format error: YAML not well-formed. (line 3, column 1)",
    ),
    "a list": ("[1, 2]", "Template format error: unsupported structure."),
    "nested past the readers": (
        '{"Resources": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "Template format error: unsupported structure.",
    ),
    "no Resources": (
        {"Outputs": {}},
        "Template format error: At least one Resources member must be defined.",
    ),
    "Resources a list": (
        {"Resources": [QUEUE]},
        "Template format error: At least one Resources member must be defined.",
    ),
    "a resource that is no object": (
        {"Resources": {"A": 5}},
        "Template format error: [/Resources/A] resource definition is malformed",
    ),
    "a resource without Type": (
        {"Resources": {"A": {"Properties": {}}}},
        "Template format error: [/Resources/A] Every Resources object must contain a Type member.",
    ),
    "Properties a list": (
        {"Resources": {"A": {"Type": "AWS::SQS::Queue", "Properties": [1]}}},
        "Template format error: [/Resources/A] resource definition is malformed",
    ),
    "a parameter without Type": (
        {"Parameters": {"P": {}}, "Resources": {"A": QUEUE}},
        "Template format error: [/Parameters/P] Every Parameters object must contain a Type "
        "member.",
    ),
    "a Ref to nothing": (
        {"Resources": {"A": queue({"Ref": "Nope"})}},
        "Template format error: Unresolved resource dependencies [Nope] in the Resources block "
        "of the template",
    ),
    "a Sub of nothing": (
        {"Resources": {"A": queue({"Fn::Sub": "q-${Nope}-${AWS::Region}"})}},
        "Template format error: Unresolved resource dependencies [Nope] in the Resources block "
        "of the template",
    ),
    "a DependsOn on nothing": (
        {"Resources": {"A": queue("q", DependsOn=["Nope"])}},
        "Template format error: Unresolved resource dependencies [Nope] in the Resources block "
        "of the template",
    ),
    "an output's Ref to nothing": (
        {"Resources": {"A": QUEUE}, "Outputs": {"O": {"Value": {"Ref": "Nope"}}}},
        "Template format error: Unresolved resource dependencies [Nope] in the Outputs block "
        "of the template",
    ),
    "a Ref to a list": (
        {"Resources": {"A": queue({"Ref": ["A"]})}},
        "Template format error: Every Ref object must have a single String value.",
    ),
    "a GetAtt of nothing": (
        {"Resources": {"A": queue({"Fn::GetAtt": "Nope.Arn"})}},
        "Template error: instance of Fn::GetAtt references undefined resource Nope",
    ),
    "a GetAtt of a number": (
        {"Resources": {"A": queue({"Fn::GetAtt": 5})}},
        "Template error: every Fn::GetAtt object requires two non-empty parameters, the "
        "resource name and the resource attribute",
    ),
    "a Sub of a number": (
        {"Resources": {"A": queue({"Fn::Sub": 5})}},
        "Template error: One or more Fn::Sub intrinsic functions don't specify expected "
        "arguments. Specify a string as first argument, and an optional second argument to "
        "specify a mapping of values to replace in the string",
    ),
    "a Join of a number": (
        {"Resources": {"A": queue({"Fn::Join": 5})}},
        "Template error: every Fn::Join object requires two parameters, (1) a string delimiter "
        "and (2) a list of strings to be joined or a function that returns a list of strings "
        "(such as Fn::GetAZs) to be joined.",
    ),
    "a Select past the list": (
        {"Resources": {"A": queue({"Fn::Select": ["3", ["a", "b"]]})}},
        "Template error: Fn::Select cannot select nonexistent value at index 3",
    ),
    "a FindInMap of nothing": (
        {
            "Mappings": {"M": {"K": {"V": "v"}}},
            "Resources": {"A": queue({"Fn::FindInMap": ["M", "X", "V"]})},
        },
        "Template error: Unable to get mapping for M::X::V",
    ),
    "an If of no condition": (
        {"Resources": {"A": queue({"Fn::If": ["C", "a", "b"]})}},
        "Template format error: Unresolved condition dependencies [C] in the Resources block of "
        "the template",
    ),
    "a Base64 of an object": (
        {"Resources": {"A": queue({"Fn::Base64": {"x": 1}})}},
        "Template error: every Fn::Base64 object must have a string or a function that returns "
        "a string",
    ),
    "a Python object": (
        "Resources:\n  A:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: "
        f"!!python/object/apply:{__name__}.record ['ran']\n",
        "Template format error: YAML not well-formed. (line 5, column 18)",
    ),
}


@pytest.fixture
def cfn(license_manager: Any) -> Any:
    return boto3.client("cloudformation", region_name=REGION)


def text(template: str | dict[str, Any]) -> str:
    return template if isinstance(template, str) else json.dumps(template)


def refusal(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    error = raised.value.response["Error"]
    return (
        error["Code"],
        raised.value.response["ResponseMetadata"]["HTTPStatusCode"],
        error["Message"],
    )


def stacks(cfn: Any) -> list[str]:
    return [s["StackName"] for s in cfn.list_stacks()["StackSummaries"]]


@pytest.mark.parametrize(("template", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_create_stack_refuses_the_template_and_makes_nothing(cfn, template, message):
    with pytest.raises(ClientError) as raised:
        cfn.create_stack(StackName="s", TemplateBody=text(template))

    assert refusal(raised) == ("ValidationError", 400, message)
    assert stacks(cfn) == [] and ran == []
    cfn.create_stack(StackName="s", TemplateBody=json.dumps({"Resources": {"A": QUEUE}}))
    assert cfn.describe_stacks(StackName="s")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"


@pytest.mark.parametrize(("template", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_validate_template_and_get_template_summary_refuse_it_as_create_stack_does(
    cfn, template, message
):
    for call in (cfn.validate_template, cfn.get_template_summary):
        with pytest.raises(ClientError) as raised:
            call(TemplateBody=text(template))

        assert refusal(raised) == ("ValidationError", 400, message)
    assert ran == []


def test_validate_template_answers_a_lint_finding_as_a_template_error(cfn):
    pytest.importorskip("cfnlint")
    template = {"Resources": {"A": {"Type": "AWS::Nope::Thing"}}}

    with pytest.raises(ClientError) as raised:
        cfn.validate_template(TemplateBody=json.dumps(template))

    code, status, message = refusal(raised)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith("Template format error: ") and "AWS::Nope::Thing" in message


def test_the_functions_in_their_shapes_are_not_refused(cfn):
    template = {
        "Parameters": {"Env": {"Type": "String", "Default": "prod"}},
        "Mappings": {"Sizes": {"prod": {"Seats": "10"}}},
        "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
        "Resources": {"A": QUEUE},
        "Outputs": {
            "Joined": {"Value": {"Fn::Join": ["-", [{"Ref": "Env"}, "q"]]}},
            "Second": {"Value": {"Fn::Select": ["1", {"Fn::Split": [",", "a,b,c"]}]}},
            "Zone": {"Value": {"Fn::Select": [0, {"Fn::GetAZs": ""}]}},
            "Seats": {"Value": {"Fn::FindInMap": ["Sizes", {"Ref": "Env"}, "Seats"]}},
            "Chosen": {"Value": {"Fn::If": ["IsProd", "big", "small"]}},
            "Encoded": {"Value": {"Fn::Base64": {"Fn::Sub": "${Env}"}}},
        },
    }

    cfn.create_stack(StackName="s", TemplateBody=json.dumps(template))

    [stack] = cfn.describe_stacks(StackName="s")["Stacks"]
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]} == {
        "Joined": "prod-q",
        "Second": "b",
        "Zone": f"{REGION}a",
        "Seats": "10",
        "Chosen": "big",
        "Encoded": "cHJvZA==",
    }


def test_update_stack_and_create_change_set_refuse_it_and_change_nothing(cfn):
    good = json.dumps({"Resources": {"A": QUEUE}})
    cfn.create_stack(StackName="s", TemplateBody=good)
    bad = text(REFUSED["a Python object"][0])

    with pytest.raises(ClientError) as updated:
        cfn.update_stack(StackName="s", TemplateBody=bad)
    with pytest.raises(ClientError) as changed:
        cfn.create_change_set(StackName="s", ChangeSetName="c", TemplateBody=bad)

    assert refusal(updated)[:2] == refusal(changed)[:2] == ("ValidationError", 400)
    assert ran == []
    assert cfn.describe_stacks(StackName="s")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert cfn.get_template(StackName="s")["TemplateBody"] == json.loads(good)
    assert cfn.list_change_sets(StackName="s")["Summaries"] == []


def test_a_template_moto_cannot_make_is_refused_and_what_it_made_is_deleted(cfn):
    template = unmakeable(license_stack())

    with pytest.raises(ClientError) as raised:
        cfn.create_stack(StackName="s", TemplateBody=json.dumps(template))

    code, status, message = refusal(raised)
    assert (code, status) == ("ValidationError", 400)
    assert message.startswith("Template error: moto's CloudFormation cannot make this stack (")
    assert stacks(cfn) == []
    # What the stack had made is deleted, as a rollback deletes it (DeleteLicense's status).
    client = lm_client()
    assert [lic["Status"] for lic in client.list_licenses()["Licenses"]] == ["PENDING_DELETE"]
    assert [g["GrantStatus"] for g in client.list_distributed_grants()["Grants"]] == ["DELETED"]


def test_an_update_moto_cannot_make_is_refused_and_the_stack_is_as_before(cfn):
    cfn.create_stack(StackName="s", TemplateBody=json.dumps(license_stack()))
    template = unmakeable(license_stack(license={"ProductName": "P2"}))
    events = len(cfn.describe_stack_events(StackName="s")["StackEvents"])

    with pytest.raises(ClientError) as raised:
        cfn.update_stack(StackName="s", TemplateBody=json.dumps(template))

    assert refusal(raised)[:2] == ("ValidationError", 400)
    assert cfn.describe_stacks(StackName="s")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert len(cfn.describe_stack_events(StackName="s")["StackEvents"]) == events
    assert cfn.get_template(StackName="s")["TemplateBody"] == license_stack()
    listed = cfn.describe_stack_resources(StackName="s")["StackResources"]
    assert sorted(r["LogicalResourceId"] for r in listed) == ["Grant", "License", "SigningKey"]
    [license_] = lm_client().list_licenses()["Licenses"]
    # The license's terms changed back (a version more, as a rollback makes one).
    assert (license_["ProductName"], license_["Status"]) == ("Product", "AVAILABLE")


def test_a_change_set_moto_cannot_execute_is_refused_and_undone(cfn):
    template = unmakeable(license_stack())
    cfn.create_change_set(
        StackName="s", ChangeSetName="c", ChangeSetType="CREATE", TemplateBody=json.dumps(template)
    )

    with pytest.raises(ClientError) as raised:
        cfn.execute_change_set(StackName="s", ChangeSetName="c")

    assert refusal(raised)[:2] == ("ValidationError", 400)
    assert cfn.describe_stacks(StackName="s")["Stacks"][0]["StackStatus"] == "REVIEW_IN_PROGRESS"
    assert cfn.describe_change_set(StackName="s", ChangeSetName="c")["ExecutionStatus"] == (
        "AVAILABLE"
    )
    statuses = [lic["Status"] for lic in lm_client().list_licenses()["Licenses"]]
    assert statuses == ["PENDING_DELETE"]


def test_a_template_without_a_format_version_has_a_summary(cfn):
    summary = cfn.get_template_summary(TemplateBody=json.dumps({"Resources": {"A": QUEUE}}))

    assert (summary["ResourceTypes"], summary["Version"]) == (["AWS::SQS::Queue"], "2010-09-09")


def test_the_server_answers_a_refused_template_with_a_400(license_manager_server):
    host, port = license_manager_server.address
    cfn = boto3.client("cloudformation", region_name=REGION, endpoint_url=f"http://{host}:{port}")

    with pytest.raises(ClientError) as raised:
        cfn.create_stack(StackName="s", TemplateBody=text(REFUSED["a Ref to nothing"][0]))

    assert refusal(raised) == ("ValidationError", 400, REFUSED["a Ref to nothing"][1])
    assert stacks(cfn) == []
    assert server_client(license_manager_server).list_licenses()["Licenses"] == []
