"""moto's IAM enforcement on License Manager requests (``moto_adapters/iam.py``), through
boto3 with ``mock_licensemanager`` and with plain ``mock_aws``: who may call what, what a
refused caller is told, and that a refused call changes nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any, TypeVar

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from moto.core import set_initial_no_auth_action_count

from tests.helpers import ONE_SEAT, REGION, error_of, linux_ruleset, needs_model, seats, token

ACCOUNT = "123456789012"
CONFIGURATION = {"Name": "cores", "LicenseCountingType": "Core"}

T = TypeVar("T")


def enforced(calls: Callable[[], T]) -> T:
    """Runs ``calls`` with moto's IAM enforcement on from its first request, as a test would
    decorate itself with ``set_initial_no_auth_action_count(0)``."""
    return set_initial_no_auth_action_count(0)(calls)()


def allow(*actions: str, resource: str | list[str] = "*", effect: str = "Allow") -> dict[str, Any]:
    """One policy statement."""
    return {"Effect": effect, "Action": list(actions), "Resource": resource}


def user(name: str, *statements: dict[str, Any]) -> Any:
    """A License Manager client acting as a new IAM user with an inline policy of
    ``statements`` (none: no policy at all). Made before enforcement is on."""
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName=name)
    if statements:
        document = json.dumps({"Version": "2012-10-17", "Statement": list(statements)})
        iam.put_user_policy(UserName=name, PolicyName="lm", PolicyDocument=document)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(
        "license-manager",
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def denial(raised: pytest.ExceptionInfo[ClientError]) -> tuple[str, int, str]:
    """Code, HTTP status and message of a refused call."""
    code, status = error_of(raised)
    return code, status, raised.value.response["Error"]["Message"]


def refused_message(arn: str, operation: str) -> str:
    return f"User: {arn} is not authorized to perform: license-manager:{operation}"


def test_a_user_without_a_policy_is_refused_and_the_refused_call_changes_nothing(lm):
    admin = user("admin", allow("license-manager:*"))
    nobody = user("nobody")
    seeded = lm.seed_license("sku-1", seats(allow_check_in=None))
    client_token = token()

    def calls() -> tuple[Any, ...]:
        with pytest.raises(ClientError) as create:
            nobody.create_license_configuration(**CONFIGURATION)
        with pytest.raises(ClientError) as checkout:
            nobody.checkout_license(
                ProductSKU="sku-1",
                CheckoutType="PROVISIONAL",
                KeyFingerprint=seeded.key_fingerprint,
                Entitlements=ONE_SEAT,
                ClientToken=client_token,
            )
        listed = admin.list_license_configurations()["LicenseConfigurations"]
        usage = admin.get_license_usage(LicenseArn=seeded.arn)["LicenseUsage"]
        # The refused call's ClientToken was never answered: the admin's call is a new one.
        taken = admin.checkout_license(
            ProductSKU="sku-1",
            CheckoutType="PROVISIONAL",
            KeyFingerprint=seeded.key_fingerprint,
            Entitlements=ONE_SEAT,
            ClientToken=client_token,
        )
        return create, checkout, listed, usage, taken

    create, checkout, listed, usage, taken = enforced(calls)

    nobody_arn = f"arn:aws:iam::{ACCOUNT}:user/nobody"
    assert denial(create) == (
        "AccessDeniedException",
        401,
        refused_message(nobody_arn, "CreateLicenseConfiguration"),
    )
    assert denial(checkout) == (
        "AccessDeniedException",
        401,
        refused_message(nobody_arn, "CheckoutLicense"),
    )
    assert listed == []
    assert [row.get("ConsumedValue") for row in usage["EntitlementUsages"]] == ["0"]
    assert taken["EntitlementsAllowed"][0]["Value"] == "1"
    assert lm.refusals == []
    assert len(lm.consumptions) == 1


def test_an_allow_on_license_manager_star_lets_every_operation_through(lm):
    admin = user("admin", allow("license-manager:*"))

    def calls() -> tuple[str, Any]:
        arn = admin.create_license_configuration(**CONFIGURATION)["LicenseConfigurationArn"]
        return arn, admin.get_license_configuration(LicenseConfigurationArn=arn)

    arn, got = enforced(calls)

    assert got["LicenseConfigurationArn"] == arn
    assert got["Name"] == "cores"


def test_a_deny_beats_an_allow(lm):
    guarded = user(
        "guarded",
        allow("license-manager:*"),
        allow("license-manager:DeleteLicenseConfiguration", effect="Deny"),
    )

    def calls() -> tuple[str, Any, list[Any]]:
        arn = guarded.create_license_configuration(**CONFIGURATION)["LicenseConfigurationArn"]
        with pytest.raises(ClientError) as raised:
            guarded.delete_license_configuration(LicenseConfigurationArn=arn)
        return arn, raised, guarded.list_license_configurations()["LicenseConfigurations"]

    arn, raised, listed = enforced(calls)

    assert denial(raised) == (
        "AccessDeniedException",
        401,
        refused_message(f"arn:aws:iam::{ACCOUNT}:user/guarded", "DeleteLicenseConfiguration"),
    )
    assert [row["LicenseConfigurationArn"] for row in listed] == [arn]


def test_not_action_allows_everything_but_what_it_names(lm):
    reader = user(
        "reader",
        {"Effect": "Allow", "NotAction": "license-manager:Create*", "Resource": "*"},
    )

    def calls() -> tuple[Any, Any]:
        listed = reader.list_licenses()["Licenses"]
        with pytest.raises(ClientError) as raised:
            reader.create_license_configuration(**CONFIGURATION)
        return listed, raised

    listed, raised = enforced(calls)

    assert listed == []
    assert error_of(raised) == ("AccessDeniedException", 401)


def test_a_wildcard_action_allows_the_operations_it_matches(lm):
    product = user("product", allow("license-manager:Checkout*"))
    seeded = lm.seed_license("sku-1", seats(allow_check_in=None), borrow_minutes=60)

    def calls() -> tuple[Any, Any, Any]:
        provisional = product.checkout_license(
            ProductSKU="sku-1",
            CheckoutType="PROVISIONAL",
            KeyFingerprint=seeded.key_fingerprint,
            Entitlements=ONE_SEAT,
            ClientToken=token(),
        )
        borrowed = product.checkout_borrow_license(
            LicenseArn=seeded.arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken=token(),
        )
        with pytest.raises(ClientError) as raised:
            product.check_in_license(LicenseConsumptionToken=provisional["LicenseConsumptionToken"])
        return provisional, borrowed, raised

    provisional, borrowed, raised = enforced(calls)

    assert provisional["EntitlementsAllowed"][0]["Value"] == "1"
    assert borrowed["LicenseArn"] == seeded.arn
    assert denial(raised)[2] == refused_message(
        f"arn:aws:iam::{ACCOUNT}:user/product", "CheckInLicense"
    )
    assert len(lm.consumptions) == 2


def test_a_policy_on_one_license_arn_allows_that_license_only(lm):
    chosen = lm.seed_license("sku-1", seats(allow_check_in=None), borrow_minutes=60)
    other = lm.seed_license("sku-2", seats(allow_check_in=None), borrow_minutes=60)
    scoped = user(
        "scoped",
        allow(
            "license-manager:CheckoutBorrowLicense",
            "license-manager:GetLicense",
            "license-manager:CheckoutLicense",
            resource=chosen.arn,
        ),
    )

    def borrow(arn: str) -> Any:
        return scoped.checkout_borrow_license(
            LicenseArn=arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken=token(),
        )

    def calls() -> tuple[Any, ...]:
        borrowed = borrow(chosen.arn)
        got = scoped.get_license(LicenseArn=chosen.arn)["License"]
        with pytest.raises(ClientError) as other_borrow:
            borrow(other.arn)
        with pytest.raises(ClientError) as other_get:
            scoped.get_license(LicenseArn=other.arn)
        # The reference lists no resource type for CheckoutLicense: it is authorized on "*",
        # which a statement naming one license does not cover.
        with pytest.raises(ClientError) as checkout:
            scoped.checkout_license(
                ProductSKU="sku-1",
                CheckoutType="PROVISIONAL",
                KeyFingerprint=chosen.key_fingerprint,
                Entitlements=ONE_SEAT,
                ClientToken=token(),
            )
        return borrowed, got, other_borrow, other_get, checkout

    borrowed, got, other_borrow, other_get, checkout = enforced(calls)

    arn = f"arn:aws:iam::{ACCOUNT}:user/scoped"
    assert borrowed["LicenseArn"] == chosen.arn
    assert got["LicenseArn"] == chosen.arn
    assert denial(other_borrow)[2] == refused_message(arn, "CheckoutBorrowLicense")
    assert denial(other_get)[2] == refused_message(arn, "GetLicense")
    assert denial(checkout)[2] == refused_message(arn, "CheckoutLicense")
    assert [c.license_arn for c in lm.consumptions] == [chosen.arn]


def test_a_role_assumed_through_sts_is_authorized_by_its_own_policies(lm):
    iam = boto3.client("iam", region_name=REGION)
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName="product-role", AssumeRolePolicyDocument=json.dumps(trust))
    policy = {"Version": "2012-10-17", "Statement": [allow("license-manager:List*")]}
    iam.put_role_policy(RoleName="product-role", PolicyName="lm", PolicyDocument=json.dumps(policy))
    credentials = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=role["Role"]["Arn"], RoleSessionName="session-1"
    )["Credentials"]
    assumed = boto3.client(
        "license-manager",
        region_name=REGION,
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )

    def calls() -> tuple[Any, Any]:
        listed = assumed.list_license_configurations()["LicenseConfigurations"]
        with pytest.raises(ClientError) as raised:
            assumed.create_license_configuration(**CONFIGURATION)
        return listed, raised

    listed, raised = enforced(calls)

    assert listed == []
    assert denial(raised) == (
        "AccessDeniedException",
        401,
        refused_message(
            f"arn:aws:sts::{ACCOUNT}:assumed-role/product-role/session-1",
            "CreateLicenseConfiguration",
        ),
    )


def test_the_first_calls_go_unauthenticated_counted_with_moto_s_own_services(lm):
    # The suite's credentials belong to no IAM user: only uncounted calls get through.
    client = boto3.client("license-manager", region_name=REGION)
    kms = boto3.client("kms", region_name=REGION)

    @set_initial_no_auth_action_count(3)
    def calls() -> tuple[Any, ...]:
        first = client.list_licenses()["Licenses"]
        kms.list_keys()
        second = client.create_license_configuration(**CONFIGURATION)["LicenseConfigurationArn"]
        with pytest.raises(ClientError) as third:
            client.list_license_configurations()
        return first, second, third

    first, second, third = calls()

    assert first == []
    assert denial(third) == (
        "UnrecognizedClientException",
        400,
        "The security token included in the request is invalid.",
    )
    # Enforcement ends with the decorated function.
    listed = client.list_license_configurations()["LicenseConfigurations"]
    assert [row["LicenseConfigurationArn"] for row in listed] == [second]


def test_a_wrong_secret_is_refused_with_the_json_protocol_s_signature_error(lm):
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName="admin")
    document = json.dumps({"Version": "2012-10-17", "Statement": [allow("license-manager:*")]})
    iam.put_user_policy(UserName="admin", PolicyName="lm", PolicyDocument=document)
    key = iam.create_access_key(UserName="admin")["AccessKey"]
    forged = boto3.client(
        "license-manager",
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key="not-the-secret",
    )

    def calls() -> Any:
        with pytest.raises(ClientError) as raised:
            forged.create_license_configuration(**CONFIGURATION)
        return raised

    raised = enforced(calls)

    assert error_of(raised) == ("InvalidSignatureException", 400)
    assert (
        boto3.client("license-manager", region_name=REGION).list_license_configurations()[
            "LicenseConfigurations"
        ]
        == []
    )


def test_with_enforcement_off_identities_and_policies_are_not_consulted(lm):
    nobody = user("nobody", allow("license-manager:*", effect="Deny"))
    unknown = boto3.client(
        "license-manager",
        region_name=REGION,
        aws_access_key_id="AKIAUNKNOWNUNKNOWN00",
        aws_secret_access_key="x",
    )

    arn = nobody.create_license_configuration(**CONFIGURATION)["LicenseConfigurationArn"]
    listed = unknown.list_license_configurations()["LicenseConfigurations"]

    assert [row["LicenseConfigurationArn"] for row in listed] == [arn]


def test_plain_mock_aws_enforces_the_same_way():
    with mock_aws():
        admin = user("admin", allow("license-manager:*"))
        nobody = user("nobody")

        def calls() -> tuple[Any, Any]:
            with pytest.raises(ClientError) as raised:
                nobody.create_license_configuration(**CONFIGURATION)
            return raised, admin.list_license_configurations()["LicenseConfigurations"]

        raised, listed = enforced(calls)

    assert denial(raised) == (
        "AccessDeniedException",
        401,
        refused_message(f"arn:aws:iam::{ACCOUNT}:user/nobody", "CreateLicenseConfiguration"),
    )
    assert listed == []


def test_aiobotocore_clients_are_refused_and_allowed_alike(lm):
    aiobotocore_session = pytest.importorskip("aiobotocore.session")
    iam = boto3.client("iam", region_name=REGION)
    keys = {}
    for name, statements in (("admin", [allow("license-manager:*")]), ("nobody", [])):
        iam.create_user(UserName=name)
        if statements:
            document = json.dumps({"Version": "2012-10-17", "Statement": statements})
            iam.put_user_policy(UserName=name, PolicyName="lm", PolicyDocument=document)
        keys[name] = iam.create_access_key(UserName=name)["AccessKey"]

    def client_of(name: str) -> Any:
        return aiobotocore_session.get_session().create_client(
            "license-manager",
            region_name=REGION,
            aws_access_key_id=keys[name]["AccessKeyId"],
            aws_secret_access_key=keys[name]["SecretAccessKey"],
        )

    async def calls() -> tuple[Any, Any]:
        async with client_of("nobody") as nobody, client_of("admin") as admin:
            with pytest.raises(ClientError) as raised:
                await nobody.create_license_configuration(**CONFIGURATION)
            return raised, (await admin.list_license_configurations())["LicenseConfigurations"]

    raised, listed = enforced(lambda: asyncio.run(calls()))

    assert denial(raised) == (
        "AccessDeniedException",
        401,
        refused_message(f"arn:aws:iam::{ACCOUNT}:user/nobody", "CreateLicenseConfiguration"),
    )
    assert listed == []


def test_tagging_is_authorized_on_the_resource_arn(lm):
    admin = user("admin", allow("license-manager:*"))
    first = admin.create_license_configuration(**CONFIGURATION)["LicenseConfigurationArn"]
    second = admin.create_license_configuration(**CONFIGURATION)["LicenseConfigurationArn"]
    tagger = user("tagger", allow("license-manager:TagResource", resource=first))
    tags = [{"Key": "team", "Value": "a"}]

    def calls() -> tuple[Any, Any, Any]:
        tagger.tag_resource(ResourceArn=first, Tags=tags)
        with pytest.raises(ClientError) as raised:
            tagger.tag_resource(ResourceArn=second, Tags=tags)
        read = [admin.list_tags_for_resource(ResourceArn=arn)["Tags"] for arn in (first, second)]
        return raised, read[0], read[1]

    raised, first_tags, second_tags = enforced(calls)

    assert denial(raised)[2] == refused_message(
        f"arn:aws:iam::{ACCOUNT}:user/tagger", "TagResource"
    )
    assert (first_tags, second_tags) == (tags, [])


@needs_model("CreateLicenseAssetGroup")
def test_every_resource_a_request_names_must_be_allowed(lm):
    admin = user("admin", allow("license-manager:*"))
    allowed_ruleset, other_ruleset = linux_ruleset(admin), linux_ruleset(admin)
    grouper = user(
        "grouper", allow("license-manager:CreateLicenseAssetGroup", resource=allowed_ruleset)
    )

    def create(rulesets: list[str]) -> Any:
        return grouper.create_license_asset_group(
            Name="fleet",
            LicenseAssetGroupConfigurations=[{"UsageDimension": "vCPU"}],
            AssociatedLicenseAssetRulesetARNs=rulesets,
            ClientToken=token(),
        )

    def calls() -> tuple[Any, Any, list[Any]]:
        created = create([allowed_ruleset])["LicenseAssetGroupArn"]
        with pytest.raises(ClientError) as raised:
            create([allowed_ruleset, other_ruleset])
        return created, raised, admin.list_license_asset_groups()["LicenseAssetGroups"]

    created, raised, groups = enforced(calls)

    assert error_of(raised) == ("AccessDeniedException", 401)
    assert [group["LicenseAssetGroupArn"] for group in groups] == [created]
