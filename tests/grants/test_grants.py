"""Grants: CreateGrant, CreateGrantVersion, AcceptGrant, RejectGrant, DeleteGrant, GetGrant,
the List*Grants operations, re-grants, organization and OU grants, and the operations a grant
allows."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock.grants import grants as grants_module
from licensemgr_mock.moto_adapters import router
from licensemgr_mock.moto_adapters.models import store_for
from licensemgr_mock.pipeline.service_model import service_model
from licensemgr_mock.state.records import Grant, GrantVersion
from tests.helpers import (
    BUYER,
    REGION,
    SEATS,
    SELLER,
    STRANGER,
    create_license,
    error_of,
    lm_client,
    needs_model,
    token,
)

pytestmark = pytest.mark.usefixtures("license_manager")

ALL_OPERATIONS = [
    "CreateGrant",
    "CheckoutLicense",
    "CheckoutBorrowLicense",
    "CheckInLicense",
    "ExtendConsumptionLicense",
    "ListPurchasedLicenses",
    "CreateToken",
]


def message_of(raised: pytest.ExceptionInfo[ClientError]) -> str:
    return str(raised.value.response["Error"]["Message"])


def grant_request(license_arn: str, account: str = BUYER, **overrides: Any) -> dict[str, Any]:
    request: dict[str, Any] = {
        "ClientToken": token(),
        "GrantName": "buyer grant",
        "LicenseArn": license_arn,
        "Principals": [f"arn:aws:iam::{account}:root"],
        "HomeRegion": REGION,
        "AllowedOperations": ["CheckoutLicense", "CheckInLicense"],
    }
    request.update(overrides)
    return request


def activate(client: Any, grant_arn: str, **extra: Any) -> Any:
    return client.create_grant_version(
        GrantArn=grant_arn, Status="ACTIVE", ClientToken=token(), **extra
    )


def seats_checkout(client: Any, fingerprint: str, value: str = "1") -> Any:
    return client.checkout_license(
        ProductSKU="SKU1",
        CheckoutType="PROVISIONAL",
        KeyFingerprint=fingerprint,
        Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": value}],
        ClientToken=token(),
    )


@pytest.fixture
def seller(act_as):
    """A license of the seller's; the caller is the seller."""
    act_as(SELLER)
    client = lm_client()
    arn = create_license(client)
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]
    return {"client": client, "arn": arn, "fingerprint": fingerprint}


@pytest.fixture
def pending(seller):
    """A grant of the seller's license to the buyer, PENDING_ACCEPT; the caller is the seller."""
    client = seller["client"]
    grant_arn = client.create_grant(**grant_request(seller["arn"]))["GrantArn"]
    return {**seller, "grant": grant_arn}


GRANT_MEMBERS = service_model().shape_for("Grant").members


# -- CreateGrant ------------------------------------------------------------------------------


@needs_model("CreateGrantRequest.Tags")
def test_create_grant_stores_every_field(seller):
    client = seller["client"]

    answer = client.create_grant(
        **grant_request(seller["arn"], Tags=[{"Key": "team", "Value": "sales"}])
    )
    grant = client.get_grant(GrantArn=answer["GrantArn"])["Grant"]

    assert (answer["Status"], answer["Version"]) == ("PENDING_ACCEPT", "1")
    assert grant == {
        "GrantArn": answer["GrantArn"],
        "GrantName": "buyer grant",
        "ParentArn": seller["arn"],
        "LicenseArn": seller["arn"],
        "GranteePrincipalArn": f"arn:aws:iam::{BUYER}:root",
        "HomeRegion": REGION,
        "GrantStatus": "PENDING_ACCEPT",
        "Version": "1",
        "GrantedOperations": ["CheckoutLicense", "CheckInLicense"],
        # Newer botocore models (1.44+) add GrantType to Grant; older ones do not have it.
        **({"GrantType": "BuyerGrant"} if "GrantType" in GRANT_MEMBERS else {}),
    }
    assert client.list_tags_for_resource(ResourceArn=answer["GrantArn"])["Tags"] == [
        {"Key": "team", "Value": "sales"}
    ]


def test_create_grant_is_idempotent_by_client_token(seller):
    client = seller["client"]
    request = grant_request(seller["arn"])

    first = client.create_grant(**request)
    second = client.create_grant(**request)

    assert first["GrantArn"] == second["GrantArn"]
    assert len(client.list_distributed_grants()["Grants"]) == 1


@pytest.mark.parametrize(
    ("overrides", "needle"),
    [
        ({"Principals": ["arn:aws:iam::222222222222:user/bob"]}, "must be an account"),
        (
            {"Principals": ["arn:aws:iam::222222222222:root", "arn:aws:iam::333333333333:root"]},
            "principals",
        ),
        ({"Principals": ["not-an-arn"]}, "principals"),
        (
            {"Principals": ["arn:aws:organizations::111111111111:organization/o-abcdefghij"]},
            "management account",
        ),
        (
            {
                "Principals": [
                    "arn:aws:organizations::111111111111:ou/o-abcdefghij/ou-ab12-cdefgh12"
                ]
            },
            "management account",
        ),
        ({"AllowedOperations": ["CheckoutLicense", "Everything"]}, "allowedOperations"),
        ({"AllowedOperations": ALL_OPERATIONS + ALL_OPERATIONS[:2]}, "allowedOperations"),
        ({"HomeRegion": "mars-north-1"}, "HomeRegion"),
        ({"LicenseArn": "arn:aws:license-manager::111111111111:license:l-" + "0" * 32}, "not"),
        ({"Tags": [{"Key": "aws:owner", "Value": "x"}]}, "reserved"),
    ],
    ids=[
        "user-principal",
        "two-principals",
        "malformed-principal",
        "organization-without-one",
        "ou-without-organization",
        "unknown-operation",
        "nine-operations",
        "unknown-region",
        "unknown-license",
        "reserved-tag",
    ],
)
@needs_model("CreateGrantRequest.Tags")
def test_create_grant_refuses_bad_requests(seller, overrides, needle):
    client = seller["client"]

    with pytest.raises(ClientError) as raised:
        client.create_grant(**grant_request(seller["arn"], **overrides))

    assert error_of(raised) == ("ValidationException", 400)
    assert needle in message_of(raised)
    assert client.list_distributed_grants()["Grants"] == []


def test_create_grant_of_a_deleted_license(seller):
    client = seller["client"]
    client.delete_license(LicenseArn=seller["arn"], SourceVersion="1")

    with pytest.raises(ClientError) as raised:
        client.create_grant(**grant_request(seller["arn"]))

    assert error_of(raised) == ("ValidationException", 400)
    assert client.list_distributed_grants()["Grants"] == []


def test_a_license_takes_at_most_2000_grants(seller):
    client = seller["client"]
    store = store_for("aws")
    # 1,999 grants put in place directly: 2,000 API calls would only make the test slow.
    for index in range(grants_module.MAX_GRANTS_PER_LICENSE - 1):
        arn = f"arn:aws:license-manager::{SELLER}:grant:g-{index:032x}"
        version = GrantVersion(
            grant_arn=arn,
            grant_name="filler",
            parent_arn=seller["arn"],
            license_arn=seller["arn"],
            grantee_principal_arn=f"arn:aws:iam::{BUYER}:root",
            home_region=REGION,
            grant_status="PENDING_ACCEPT",
            version="1",
            granted_operations=["CheckoutLicense"],
        )
        store.add_grant(Grant(arn, SELLER, BUYER, [version]))

    last = client.create_grant(**grant_request(seller["arn"]))
    with pytest.raises(ClientError) as raised:
        client.create_grant(**grant_request(seller["arn"]))

    assert last["Status"] == "PENDING_ACCEPT"
    assert error_of(raised) == ("ResourceLimitExceededException", 400)
    # A deleted grant no longer counts.
    client.delete_grant(GrantArn=last["GrantArn"], Version="1")
    assert client.create_grant(**grant_request(seller["arn"]))["Status"] == "PENDING_ACCEPT"


# -- AcceptGrant, RejectGrant -----------------------------------------------------------------


def test_accept_makes_the_grant_disabled_and_a_second_accept_fails(pending, act_as):
    client = pending["client"]
    act_as(BUYER)

    accepted = client.accept_grant(GrantArn=pending["grant"])
    with pytest.raises(ClientError) as raised:
        client.accept_grant(GrantArn=pending["grant"])

    assert (accepted["Status"], accepted["Version"]) == ("DISABLED", "2")
    assert error_of(raised) == ("ValidationException", 400)
    assert client.get_grant(GrantArn=pending["grant"])["Grant"]["Version"] == "2"


def test_accept_by_another_account_has_the_real_message(pending, act_as):
    client = pending["client"]
    act_as(STRANGER)

    with pytest.raises(ClientError) as raised:
        client.accept_grant(GrantArn=pending["grant"])

    assert error_of(raised) == ("ValidationException", 400)
    assert message_of(raised) == (
        "Caller arn:aws:iam::333333333333:root is not allowed to accept this grant."
    )


@pytest.mark.parametrize("operation", ["accept_grant", "reject_grant"])
def test_accept_or_reject_an_unknown_grant(seller, operation):
    unknown = f"arn:aws:license-manager::{SELLER}:grant:g-" + "0" * 32

    with pytest.raises(ClientError) as raised:
        getattr(seller["client"], operation)(GrantArn=unknown)

    assert error_of(raised) == ("ValidationException", 400)


@pytest.mark.parametrize("accept_first", [False, True], ids=["pending", "disabled"])
def test_reject_is_final(pending, act_as, accept_first):
    client = pending["client"]
    act_as(BUYER)
    if accept_first:
        client.accept_grant(GrantArn=pending["grant"])

    rejected = client.reject_grant(GrantArn=pending["grant"])

    assert rejected["Status"] == "REJECTED"
    for call in (
        lambda: client.accept_grant(GrantArn=pending["grant"]),
        lambda: client.reject_grant(GrantArn=pending["grant"]),
        lambda: activate(client, pending["grant"]),
    ):
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised) == ("ValidationException", 400)
    assert client.get_grant(GrantArn=pending["grant"])["Grant"]["GrantStatus"] == "REJECTED"
    assert client.list_received_licenses()["Licenses"][0]["ReceivedMetadata"]["ReceivedStatus"] == (
        "REJECTED"
    )


def test_an_active_grant_cannot_be_rejected(pending, act_as):
    client = pending["client"]
    act_as(BUYER)
    activate(client, pending["grant"])

    with pytest.raises(ClientError) as raised:
        client.reject_grant(GrantArn=pending["grant"])

    assert error_of(raised) == ("ValidationException", 400)
    assert client.get_grant(GrantArn=pending["grant"])["Grant"]["GrantStatus"] == "ACTIVE"


def test_reject_by_another_account(pending, act_as):
    act_as(STRANGER)

    with pytest.raises(ClientError) as raised:
        pending["client"].reject_grant(GrantArn=pending["grant"])

    assert message_of(raised) == (
        "Caller arn:aws:iam::333333333333:root is not allowed to reject this grant."
    )


# -- CreateGrantVersion -----------------------------------------------------------------------


def test_the_grantee_activates_deactivates_and_reactivates(pending, act_as):
    client = pending["client"]
    act_as(BUYER)

    steps = [
        activate(client, pending["grant"]),
        client.create_grant_version(
            GrantArn=pending["grant"],
            Status="DISABLED",
            StatusReason="paused",
            ClientToken=token(),
        ),
        activate(client, pending["grant"]),
    ]

    assert [(s["Status"], s["Version"]) for s in steps] == [
        ("ACTIVE", "2"),
        ("DISABLED", "3"),
        ("ACTIVE", "4"),
    ]
    versions = [
        client.get_grant(GrantArn=pending["grant"], Version=str(n))["Grant"] for n in (1, 3, 4)
    ]
    assert [v["GrantStatus"] for v in versions] == ["PENDING_ACCEPT", "DISABLED", "ACTIVE"]
    assert versions[1]["StatusReason"] == "paused"
    assert "StatusReason" not in versions[2]


@pytest.mark.parametrize(
    ("status", "activate_first"),
    [
        ("ACTIVE", True),
        ("DISABLED", False),
        ("PENDING_ACCEPT", False),
        ("REJECTED", False),
        ("DELETED", False),
    ],
    ids=["active-again", "disable-pending", "pending", "rejected", "deleted"],
)
def test_statuses_the_grantee_cannot_set(pending, act_as, status, activate_first):
    client = pending["client"]
    act_as(BUYER)
    if activate_first:
        activate(client, pending["grant"])
    before = client.get_grant(GrantArn=pending["grant"])["Grant"]

    with pytest.raises(ClientError) as raised:
        client.create_grant_version(GrantArn=pending["grant"], Status=status, ClientToken=token())

    assert error_of(raised) == ("ValidationException", 400)
    assert client.get_grant(GrantArn=pending["grant"])["Grant"] == before


def test_the_grantor_renames_and_changes_operations(pending):
    client = pending["client"]

    answer = client.create_grant_version(
        GrantArn=pending["grant"],
        GrantName="renamed",
        AllowedOperations=["CheckoutLicense"],
        StatusReason="narrowed",
        SourceVersion="1",
        ClientToken=token(),
    )
    grant = client.get_grant(GrantArn=pending["grant"])["Grant"]

    assert (answer["Status"], answer["Version"]) == ("PENDING_ACCEPT", "2")
    assert grant["GrantName"] == "renamed"
    assert grant["GrantedOperations"] == ["CheckoutLicense"]
    assert grant["StatusReason"] == "narrowed"


@pytest.mark.parametrize(
    ("account", "change"),
    [
        (SELLER, {"Status": "ACTIVE"}),
        (SELLER, {"Options": {"ActivationOverrideBehavior": "DISTRIBUTED_GRANTS_ONLY"}}),
        (BUYER, {"GrantName": "mine"}),
        (SELLER, {"SourceVersion": "7", "GrantName": "x"}),
        (SELLER, {}),
        (STRANGER, {"GrantName": "x"}),
    ],
    ids=[
        "grantor-status",
        "grantor-options",
        "grantee-name",
        "stale-source-version",
        "no-change",
        "stranger",
    ],
)
def test_create_grant_version_refusals(pending, act_as, account, change):
    client = pending["client"]
    act_as(account)

    with pytest.raises(ClientError) as raised:
        client.create_grant_version(GrantArn=pending["grant"], ClientToken=token(), **change)

    assert error_of(raised) == ("ValidationException", 400)
    act_as(SELLER)
    assert client.get_grant(GrantArn=pending["grant"])["Grant"]["Version"] == "1"


def test_grantee_sets_options_and_the_reason_stays_with_the_status(pending, act_as):
    client = pending["client"]
    act_as(BUYER)
    activate(client, pending["grant"], StatusReason="go")

    answer = client.create_grant_version(
        GrantArn=pending["grant"],
        Options={"ActivationOverrideBehavior": "DISTRIBUTED_GRANTS_ONLY"},
        ClientToken=token(),
    )
    grant = client.get_grant(GrantArn=pending["grant"])["Grant"]

    assert answer["Version"] == "3"
    assert grant["Options"] == {"ActivationOverrideBehavior": "DISTRIBUTED_GRANTS_ONLY"}
    assert (grant["GrantStatus"], grant["StatusReason"]) == ("ACTIVE", "go")


# -- DeleteGrant, GetGrant --------------------------------------------------------------------


def test_delete_grant_keeps_it_readable(pending, act_as):
    client = pending["client"]

    deleted = client.delete_grant(GrantArn=pending["grant"], Version="1", StatusReason="ended")

    grant = client.get_grant(GrantArn=pending["grant"])["Grant"]
    assert (deleted["Status"], deleted["Version"]) == ("DELETED", "2")
    assert (grant["GrantStatus"], grant["StatusReason"]) == ("DELETED", "ended")
    assert client.list_distributed_grants()["Grants"][0]["GrantStatus"] == "DELETED"
    act_as(BUYER)
    assert client.list_received_grants()["Grants"][0]["GrantStatus"] == "DELETED"
    assert client.list_received_licenses()["Licenses"] == []
    with pytest.raises(ClientError) as raised:
        activate(client, pending["grant"])
    assert error_of(raised) == ("ValidationException", 400)


@pytest.mark.parametrize(
    ("version", "deleted_before", "needle"),
    [("2", False, "latest version"), ("2", True, "already deleted")],
    ids=["stale-version", "twice"],
)
def test_delete_grant_refusals(pending, version, deleted_before, needle):
    client = pending["client"]
    if deleted_before:
        client.delete_grant(GrantArn=pending["grant"], Version="1")

    with pytest.raises(ClientError) as raised:
        client.delete_grant(GrantArn=pending["grant"], Version=version)

    assert error_of(raised) == ("ValidationException", 400)
    assert needle in message_of(raised)
    expected = "DELETED" if deleted_before else "PENDING_ACCEPT"
    assert client.get_grant(GrantArn=pending["grant"])["Grant"]["GrantStatus"] == expected


def test_a_rejected_grant_can_be_deleted(pending, act_as):
    client = pending["client"]
    act_as(BUYER)
    client.reject_grant(GrantArn=pending["grant"])
    act_as(SELLER)

    assert client.delete_grant(GrantArn=pending["grant"], Version="2")["Status"] == "DELETED"


@pytest.mark.parametrize(
    "arn",
    ["arn:aws:license-manager::111111111111:grant:g-" + "0" * 32, "arn:aws:x"],
    ids=["unknown", "malformed"],
)
def test_get_grant_of_an_unknown_arn(seller, arn):
    with pytest.raises(ClientError) as raised:
        seller["client"].get_grant(GrantArn=arn)

    assert error_of(raised) == ("ValidationException", 400)


def test_get_grant_of_an_unknown_version(pending):
    with pytest.raises(ClientError) as raised:
        pending["client"].get_grant(GrantArn=pending["grant"], Version="9")

    assert error_of(raised) == ("ValidationException", 400)


# -- Lists ------------------------------------------------------------------------------------


@pytest.fixture
def three_grants(seller, act_as):
    """Grants of the seller's license to the buyer (ACTIVE), the stranger (pending) and,
    for a second license with another SKU, the buyer (pending)."""
    client = seller["client"]
    other = create_license(client, ProductSKU="SKU2", Issuer={"Name": "Other Co"})
    arns = [
        client.create_grant(**grant_request(seller["arn"], BUYER))["GrantArn"],
        client.create_grant(**grant_request(seller["arn"], STRANGER))["GrantArn"],
        client.create_grant(**grant_request(other, BUYER))["GrantArn"],
    ]
    act_as(BUYER)
    activate(client, arns[0])
    act_as(SELLER)
    return {**seller, "grants": arns, "other": other}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], [0, 1, 2]),
        ([{"Name": "GrantStatus", "Values": ["ACTIVE"]}], [0]),
        ([{"Name": "GranteePrincipalARN", "Values": [f"arn:aws:iam::{STRANGER}:root"]}], [1]),
        ([{"Name": "ProductSKU", "Values": ["SKU2"]}], [2]),
        ([{"Name": "LicenseIssuerName", "Values": ["My Company"]}], [0, 1]),
        ([{"Name": "LicenseIssuerName", "Values": ["Nobody"]}], []),
        (
            [
                {"Name": "ProductSKU", "Values": ["SKU1", "SKU2"]},
                {"Name": "GrantStatus", "Values": ["PENDING_ACCEPT"]},
            ],
            [1, 2],
        ),
    ],
    ids=["none", "status", "grantee", "sku", "issuer", "no-match", "and-or"],
)
def test_list_distributed_grants_filters(three_grants, filters, expected):
    client = three_grants["client"]

    listed = client.list_distributed_grants(Filters=filters)["Grants"]

    assert [g["GrantArn"] for g in listed] == [three_grants["grants"][i] for i in expected]


def test_list_distributed_grants_by_license_and_arn(three_grants):
    client = three_grants["client"]
    arns = three_grants["grants"]

    by_license = client.list_distributed_grants(
        Filters=[{"Name": "LicenseArn", "Values": [three_grants["other"]]}]
    )["Grants"]
    by_arn = client.list_distributed_grants(GrantArns=[arns[1], "arn:aws:x:::y"])["Grants"]

    assert [g["GrantArn"] for g in by_license] == [arns[2]]
    assert [g["GrantArn"] for g in by_arn] == [arns[1]]


def test_list_distributed_grants_pages(three_grants):
    client = three_grants["client"]

    first = client.list_distributed_grants(MaxResults=2)
    second = client.list_distributed_grants(MaxResults=2, NextToken=first["NextToken"])

    assert len(first["Grants"]) == 2 and "NextToken" not in second
    listed = [g["GrantArn"] for g in first["Grants"] + second["Grants"]]
    assert listed == three_grants["grants"]


@pytest.mark.parametrize(
    "request_",
    [
        {"Filters": [{"Name": "Color", "Values": ["red"]}]},
        {"MaxResults": 101},
        {"NextToken": "garbage!"},
    ],
    ids=["unknown-filter", "max-results", "next-token"],
)
@pytest.mark.parametrize("operation", ["list_distributed_grants", "list_received_grants"])
def test_list_grants_refusals(three_grants, operation, request_):
    with pytest.raises(ClientError) as raised:
        getattr(three_grants["client"], operation)(**request_)

    assert error_of(raised) == ("ValidationException", 400)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ([], [0, 2]),
        ([{"Name": "GranterAccountId", "Values": [SELLER]}], [0, 2]),
        ([{"Name": "GranterAccountId", "Values": [STRANGER]}], []),
        ([{"Name": "GrantStatus", "Values": ["PENDING_ACCEPT"]}], [2]),
        ([{"Name": "ProductSKU", "Values": ["SKU1"]}], [0]),
        ([{"Name": "LicenseIssuerName", "Values": ["Other Co"]}], [2]),
    ],
    ids=["none", "granter", "other-granter", "status", "sku", "issuer"],
)
def test_list_received_grants_filters(three_grants, act_as, filters, expected):
    client = three_grants["client"]
    act_as(BUYER)

    listed = client.list_received_grants(Filters=filters)["Grants"]

    assert [g["GrantArn"] for g in listed] == [three_grants["grants"][i] for i in expected]


def test_list_received_grants_by_license_and_arn(three_grants, act_as):
    client = three_grants["client"]
    arns = three_grants["grants"]
    act_as(BUYER)

    by_license = client.list_received_grants(
        Filters=[{"Name": "LicenseArn", "Values": [three_grants["arn"]]}]
    )["Grants"]
    by_arn = client.list_received_grants(GrantArns=[arns[2]], MaxResults=1)["Grants"]

    assert [g["GrantArn"] for g in by_license] == [arns[0]]
    assert [g["GrantArn"] for g in by_arn] == [arns[2]]


# -- Allowed operations, re-grants ------------------------------------------------------------


@pytest.fixture
def reseller(seller, act_as):
    """The buyer holds an ACTIVE grant allowing CreateGrant, checkout and check-in; the caller
    is the buyer."""
    client = seller["client"]
    operations = ["CreateGrant", "CheckoutLicense", "CheckInLicense"]
    parent = client.create_grant(**grant_request(seller["arn"], AllowedOperations=operations))[
        "GrantArn"
    ]
    act_as(BUYER)
    activate(client, parent)
    return {**seller, "parent": parent}


def test_a_grantee_regrants_a_subset_and_the_third_account_checks_out(reseller, act_as):
    client = reseller["client"]

    regrant = client.create_grant(
        **grant_request(reseller["arn"], STRANGER, AllowedOperations=["CheckoutLicense"])
    )
    act_as(STRANGER)
    activate(client, regrant["GrantArn"])
    consumption = seats_checkout(client, reseller["fingerprint"])

    assert regrant["GrantArn"].startswith(f"arn:aws:license-manager::{BUYER}:grant:g-")
    grant = client.get_grant(GrantArn=regrant["GrantArn"])["Grant"]
    assert grant["ParentArn"] == reseller["parent"]
    assert grant["LicenseArn"] == reseller["arn"]
    assert consumption["LicenseArn"] == reseller["arn"]
    act_as(BUYER)
    distributed = client.list_distributed_grants()["Grants"]
    assert [g["GrantArn"] for g in distributed] == [regrant["GrantArn"]]


def test_a_regrant_cannot_pass_on_more_than_it_holds(reseller):
    client = reseller["client"]

    with pytest.raises(ClientError) as raised:
        client.create_grant(
            **grant_request(
                reseller["arn"], STRANGER, AllowedOperations=["CheckoutLicense", "CreateToken"]
            )
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert "CreateToken" in message_of(raised)
    assert client.list_distributed_grants()["Grants"] == []


def test_the_regrants_operations_stay_within_the_parent(reseller):
    client = reseller["client"]
    regrant = client.create_grant(
        **grant_request(reseller["arn"], STRANGER, AllowedOperations=["CheckoutLicense"])
    )["GrantArn"]

    with pytest.raises(ClientError) as raised:
        client.create_grant_version(
            GrantArn=regrant, AllowedOperations=["CheckoutBorrowLicense"], ClientToken=token()
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert client.get_grant(GrantArn=regrant)["Grant"]["GrantedOperations"] == ["CheckoutLicense"]


@pytest.mark.parametrize("state", ["without-create-grant", "disabled"])
def test_a_grantee_needs_an_active_create_grant_permission(seller, act_as, state):
    client = seller["client"]
    operations = ["CheckoutLicense"] if state == "without-create-grant" else ["CreateGrant"]
    parent = client.create_grant(**grant_request(seller["arn"], AllowedOperations=operations))[
        "GrantArn"
    ]
    act_as(BUYER)
    if state == "without-create-grant":
        activate(client, parent)
    else:
        client.accept_grant(GrantArn=parent)

    with pytest.raises(ClientError) as raised:
        client.create_grant(
            **grant_request(seller["arn"], STRANGER, AllowedOperations=["CheckoutLicense"])
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert "does not allow CreateGrant" in message_of(raised)
    assert client.list_distributed_grants()["Grants"] == []


def test_deleting_a_grant_deletes_the_grants_made_from_it(reseller, act_as):
    client = reseller["client"]
    regrant = client.create_grant(
        **grant_request(reseller["arn"], STRANGER, AllowedOperations=["CheckoutLicense"])
    )["GrantArn"]
    act_as(STRANGER)
    activate(client, regrant)
    act_as(SELLER)

    client.delete_grant(GrantArn=reseller["parent"], Version="2")

    act_as(STRANGER)
    grant = client.get_grant(GrantArn=regrant)["Grant"]
    assert grant["GrantStatus"] == "DELETED"
    assert grant["StatusReason"] == f"Parent grant {reseller['parent']} was deleted."
    with pytest.raises(ClientError) as raised:
        seats_checkout(client, reseller["fingerprint"])
    assert error_of(raised) == ("NoEntitlementsAllowedException", 400)


def test_check_in_needs_the_check_in_operation(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1", entitlements=SEATS, allowed_operations=["CheckoutLicense"]
    )
    consumption = seats_checkout(client, lic.key_fingerprint)

    with pytest.raises(ClientError) as raised:
        client.check_in_license(LicenseConsumptionToken=consumption["LicenseConsumptionToken"])

    assert error_of(raised) == ("ValidationException", 400)
    assert "CheckInLicense" in message_of(raised)
    usage = client.get_license_usage(LicenseArn=lic.arn)["LicenseUsage"]["EntitlementUsages"]
    assert usage[0]["ConsumedValue"] == "1"


# -- AWS Marketplace: one ACTIVE license per product -------------------------------------------


@pytest.fixture
def two_purchases(lm, client):
    """Two Marketplace licenses of one product, both ACTIVE; the second is then disabled."""
    first = lm.seed_license(product_sku="MP-1", entitlements=SEATS)
    second = lm.seed_license(product_sku="MP-1", entitlements=SEATS)
    client.create_grant_version(GrantArn=second.grant_arn, Status="DISABLED", ClientToken=token())
    return first, second


def test_a_second_marketplace_license_of_a_product_cannot_be_activated(client, two_purchases):
    _, second = two_purchases

    with pytest.raises(ClientError) as raised:
        activate(client, second.grant_arn)

    assert error_of(raised) == ("ValidationException", 400)
    assert "ALL_GRANTS_PERMITTED_BY_ISSUER" in message_of(raised)
    assert client.get_grant(GrantArn=second.grant_arn)["Grant"]["GrantStatus"] == "DISABLED"


def test_all_grants_permitted_by_issuer_replaces_the_active_one(client, two_purchases):
    first, second = two_purchases

    answer = activate(
        client,
        second.grant_arn,
        Options={"ActivationOverrideBehavior": "ALL_GRANTS_PERMITTED_BY_ISSUER"},
    )

    replaced = client.get_grant(GrantArn=first.grant_arn)["Grant"]
    assert answer["Status"] == "ACTIVE"
    assert (replaced["GrantStatus"], replaced["Version"]) == ("DISABLED", "2")
    assert replaced["StatusReason"] == f"Replaced by grant {second.grant_arn}."


def test_only_marketplace_licenses_of_the_same_product_compete(lm, client):
    other_product = lm.seed_license(product_sku="MP-2", entitlements=SEATS)
    not_marketplace = lm.seed_license(
        product_sku="MP-1", entitlements=SEATS, issuer="self", grantee_account="123456789012"
    )
    second = lm.seed_license(product_sku="MP-1", entitlements=SEATS)
    client.create_grant_version(GrantArn=second.grant_arn, Status="DISABLED", ClientToken=token())

    answer = activate(client, second.grant_arn)

    assert answer["Status"] == "ACTIVE"
    for kept in (other_product, not_marketplace):
        assert client.get_grant(GrantArn=kept.grant_arn)["Grant"]["GrantStatus"] == "ACTIVE"


# -- Organizations ----------------------------------------------------------------------------


@pytest.fixture
def organization(reseller, act_as):
    """The buyer manages an organization with two member accounts, one of them in an OU; it
    holds the seller's license through an ACTIVE grant that allows CreateGrant."""
    orgs = boto3.client("organizations", region_name=REGION)
    org = orgs.create_organization(FeatureSet="ALL")["Organization"]
    members = [
        orgs.create_account(AccountName=name, Email=f"{name}@example.com")["CreateAccountStatus"][
            "AccountId"
        ]
        for name in ("one", "two")
    ]
    root = orgs.list_roots()["Roots"][0]["Id"]
    ou = orgs.create_organizational_unit(ParentId=root, Name="eng")["OrganizationalUnit"]
    orgs.move_account(AccountId=members[1], SourceParentId=root, DestinationParentId=ou["Id"])
    return {**reseller, "org": org, "members": members, "ou": ou}


def test_an_organization_grant_makes_a_sub_grant_per_member(organization, act_as):
    client = organization["client"]
    org_arn = organization["org"]["Arn"]

    answer = client.create_grant(**grant_request(organization["arn"], Principals=[org_arn]))

    assert (answer["Status"], answer["Version"]) == ("PENDING_WORKFLOW", "1")
    grant = client.get_grant(GrantArn=answer["GrantArn"])["Grant"]
    assert (grant["GrantStatus"], grant["Version"]) == ("WORKFLOW_COMPLETED", "2")
    assert grant["GranteePrincipalArn"] == org_arn
    assert [g["GrantArn"] for g in client.list_distributed_grants()["Grants"]] == [
        answer["GrantArn"]
    ]
    for member in organization["members"]:
        act_as(member)
        received = client.list_received_grants()["Grants"]
        assert [(g["ParentArn"], g["GrantStatus"]) for g in received] == [
            (answer["GrantArn"], "DISABLED")
        ]
        assert received[0]["GranteePrincipalArn"] == f"arn:aws:iam::{member}:root"
    activate(client, received[0]["GrantArn"])
    assert seats_checkout(client, organization["fingerprint"])["LicenseArn"] == organization["arn"]


def test_an_ou_grant_reaches_only_the_accounts_in_the_ou(organization, act_as):
    client = organization["client"]
    one, two = organization["members"]

    client.create_grant(
        **grant_request(organization["arn"], Principals=[organization["ou"]["Arn"]])
    )

    act_as(one)
    assert client.list_received_grants()["Grants"] == []
    act_as(two)
    assert len(client.list_received_grants()["Grants"]) == 1


def test_organization_grant_changes_reach_the_sub_grants(organization, act_as):
    client = organization["client"]
    org_grant = client.create_grant(
        **grant_request(organization["arn"], Principals=[organization["org"]["Arn"]])
    )["GrantArn"]

    client.create_grant_version(GrantArn=org_grant, GrantName="renamed", ClientToken=token())
    client.create_grant_version(
        GrantArn=org_grant, AllowedOperations=["CheckoutLicense"], ClientToken=token()
    )
    client.delete_grant(GrantArn=org_grant, Version="4")

    act_as(organization["members"][0])
    sub = client.list_received_grants()["Grants"][0]
    history = [client.get_grant(GrantArn=sub["GrantArn"], Version=str(n))["Grant"] for n in (2, 3)]
    assert sub["GrantStatus"] == "DELETED"
    assert [(v["GrantName"], v["GrantedOperations"]) for v in history] == [
        ("renamed", ["CheckoutLicense", "CheckInLicense"]),
        ("renamed", ["CheckoutLicense"]),
    ]
    assert client.list_received_licenses()["Licenses"] == []


def test_closed_accounts_get_no_sub_grant(organization, act_as):
    client = organization["client"]
    closed, open_ = organization["members"]
    boto3.client("organizations", region_name=REGION).close_account(AccountId=closed)

    client.create_grant(
        **grant_request(organization["arn"], Principals=[organization["org"]["Arn"]])
    )

    act_as(closed)
    assert client.list_received_grants()["Grants"] == []
    act_as(open_)
    assert len(client.list_received_grants()["Grants"]) == 1


@pytest.mark.parametrize(
    "principal",
    [
        "arn:aws:organizations::222222222222:organization/o-zzzzzzzzzz",
        "arn:aws:organizations::222222222222:ou/o-zzzzzzzzzz/ou-zzzz-zzzzzzzz",
    ],
    ids=["other-organization", "other-ou"],
)
def test_only_your_own_organization_or_ou(organization, principal):
    client = organization["client"]

    with pytest.raises(ClientError) as raised:
        client.create_grant(**grant_request(organization["arn"], Principals=[principal]))

    assert error_of(raised) == ("ValidationException", 400)


def test_a_member_account_cannot_grant_to_the_organization(organization, act_as):
    client = organization["client"]
    member = organization["members"][0]
    act_as(SELLER)
    grant_arn = client.create_grant(
        **grant_request(organization["arn"], member, AllowedOperations=["CreateGrant"])
    )["GrantArn"]
    act_as(member)
    activate(client, grant_arn)

    with pytest.raises(ClientError) as raised:
        client.create_grant(
            **grant_request(
                organization["arn"],
                Principals=[organization["org"]["Arn"]],
                AllowedOperations=["CreateGrant"],
            )
        )

    assert error_of(raised) == ("ValidationException", 400)
    assert "management account" in message_of(raised)
    assert client.list_distributed_grants()["Grants"] == []


def test_received_grants_and_licenses_for_the_organization(organization, act_as):
    client = organization["client"]
    org_grant = client.create_grant(
        **grant_request(organization["arn"], Principals=[organization["org"]["Arn"]])
    )["GrantArn"]

    grants = client.list_received_grants_for_organization(LicenseArn=organization["arn"])["Grants"]
    subs = client.list_received_grants_for_organization(
        LicenseArn=organization["arn"],
        Filters=[{"Name": "ParentArn", "Values": [org_grant]}],
    )["Grants"]
    licenses = client.list_received_licenses_for_organization()["Licenses"]
    by_sku = client.list_received_licenses_for_organization(
        Filters=[{"Name": "ProductSKU", "Values": ["nothing"]}]
    )["Licenses"]

    # The buyer's own grant from the seller, the organization grant, one sub-grant per member.
    assert len(grants) == 4
    assert {g["GranteePrincipalArn"] for g in subs} == {
        f"arn:aws:iam::{m}:root" for m in organization["members"]
    }
    assert [lic["LicenseArn"] for lic in licenses] == [organization["arn"]]
    assert licenses[0]["ReceivedMetadata"]["ReceivedStatus"] == "DISABLED"
    assert by_sku == []
    # Once every grant of the license in the organization is deleted, it is no longer listed.
    client.delete_grant(GrantArn=org_grant, Version="2")
    act_as(SELLER)
    client.delete_grant(GrantArn=organization["parent"], Version="2")
    act_as(BUYER)
    assert client.list_received_licenses_for_organization()["Licenses"] == []


@pytest.mark.parametrize("who", ["member", "no-organization"])
@pytest.mark.parametrize(
    "operation",
    ["list_received_grants_for_organization", "list_received_licenses_for_organization"],
)
def test_organization_lists_need_the_management_account(organization, act_as, who, operation):
    client = organization["client"]
    act_as(organization["members"][0] if who == "member" else STRANGER)
    extra = {"LicenseArn": organization["arn"]} if "grants" in operation else {}

    with pytest.raises(ClientError) as raised:
        getattr(client, operation)(**extra)

    assert error_of(raised) == ("AccessDeniedException", 401)


def test_organization_lists_refuse_bad_filters(organization):
    with pytest.raises(ClientError) as raised:
        organization["client"].list_received_licenses_for_organization(
            Filters=[{"Name": "Status", "Values": ["AVAILABLE"]}]
        )

    assert error_of(raised) == ("ValidationException", 400)


# -- Members newer botocore models send (reached as a raw request) -----------------------------


def raw_create_grant(account: str, **body: Any) -> tuple[int, dict[str, Any]]:
    status, _, answer = router.handle("CreateGrant", json.dumps(body), account, REGION)
    return status, json.loads(answer)


def test_desired_status_active_makes_an_active_organization_grant(organization, act_as):
    status, answer = raw_create_grant(
        BUYER,
        **grant_request(
            organization["arn"],
            Principals=[organization["org"]["Arn"]],
            Options={"DesiredStatus": "ACTIVE"},
        ),
    )

    assert status == 200 and answer["Status"] == "ACTIVE"
    act_as(organization["members"][0])
    client = organization["client"]
    assert client.list_received_grants()["Grants"][0]["GrantStatus"] == "ACTIVE"
    assert seats_checkout(client, organization["fingerprint"])["LicenseArn"] == organization["arn"]


@pytest.mark.parametrize(
    "extra",
    [
        {"Options": {"DesiredStatus": "ACTIVE"}},
        {"GrantType": "DelegateGrant"},
    ],
    ids=["desired-status-for-an-account", "delegate-grant-with-checkout"],
)
def test_newer_members_are_checked(seller, extra):
    status, answer = raw_create_grant(SELLER, **grant_request(seller["arn"], **extra))

    assert (status, answer["__type"]) == (400, "ValidationException")
    assert seller["client"].list_distributed_grants()["Grants"] == []


# -- access follows the grant's status (issue 11, items 1 and 16) -----------------------------


def _buyer_reads(client: Any, arn: str) -> dict[str, Any]:
    """What the buyer gets from each operation that reads a license: the answer, or the
    error code."""
    calls = {
        "GetLicense": lambda: client.get_license(LicenseArn=arn)["License"]["LicenseArn"],
        "GetLicenseUsage": lambda: client.get_license_usage(LicenseArn=arn)["LicenseUsage"],
        "ListLicenseVersions": lambda: len(
            client.list_license_versions(LicenseArn=arn)["Licenses"]
        ),
        "CreateToken": lambda: client.create_token(LicenseArn=arn, ClientToken=token())[
            "TokenType"
        ],
    }
    answers: dict[str, Any] = {}
    for name, call in calls.items():
        try:
            answers[name] = call()
        except ClientError as error:
            answers[name] = error.response["Error"]["Code"]
    return answers


@pytest.mark.parametrize("end", ["deleted", "rejected"])
def test_a_revoked_grant_gives_no_access_in_any_operation(seller, act_as, end):
    client = seller["client"]
    grant_arn = client.create_grant(
        **grant_request(seller["arn"], AllowedOperations=["CheckoutLicense", "CreateToken"])
    )["GrantArn"]
    act_as(BUYER)
    activate(client, grant_arn)
    before = _buyer_reads(client, seller["arn"])
    seats_checkout(client, seller["fingerprint"])
    if end == "deleted":
        act_as(SELLER)
        version = client.get_grant(GrantArn=grant_arn)["Grant"]["Version"]
        client.delete_grant(GrantArn=grant_arn, Version=version)
    else:
        client.create_grant_version(GrantArn=grant_arn, Status="DISABLED", ClientToken=token())
        client.reject_grant(GrantArn=grant_arn)
    act_as(BUYER)

    after = _buyer_reads(client, seller["arn"])
    with pytest.raises(ClientError) as checkout_refused:
        seats_checkout(client, seller["fingerprint"])

    assert before["GetLicense"] == seller["arn"] and before["ListLicenseVersions"] == 1
    assert after == {
        "GetLicense": "ValidationException",
        "GetLicenseUsage": "ValidationException",
        "ListLicenseVersions": "InvalidParameterValueException",
        "CreateToken": "ResourceNotFoundException",
    }
    assert error_of(checkout_refused) == ("NoEntitlementsAllowedException", 400)
    # The grant itself stays readable with its final status.
    status = client.get_grant(GrantArn=grant_arn)["Grant"]["GrantStatus"]
    assert status == ("DELETED" if end == "deleted" else "REJECTED")


@pytest.mark.parametrize("accept", [False, True], ids=["pending", "disabled"])
def test_an_offered_or_accepted_grant_lets_the_grantee_read_not_use(pending, act_as, accept):
    client = pending["client"]
    act_as(BUYER)
    if accept:
        client.accept_grant(GrantArn=pending["grant"])

    reads = _buyer_reads(client, pending["arn"])
    with pytest.raises(ClientError) as refused:
        seats_checkout(client, pending["fingerprint"])

    assert reads["GetLicense"] == pending["arn"]
    assert reads["ListLicenseVersions"] == 1
    assert reads["GetLicenseUsage"]["EntitlementUsages"][0]["ConsumedValue"] == "0"
    # Using the license (checkout, tokens) needs an ACTIVE grant.
    assert reads["CreateToken"] == "ValidationException"
    assert error_of(refused) == ("NoEntitlementsAllowedException", 400)


def test_delete_grant_with_an_old_version_gets_aws_message(pending):
    client = pending["client"]

    with pytest.raises(ClientError) as raised:
        client.delete_grant(GrantArn=pending["grant"], Version="7")

    assert error_of(raised) == ("ValidationException", 400)
    assert message_of(raised) == (
        "A grant cannot be deleted since the version provided doesn't match the latest "
        "version 1 in our records"
    )
    assert client.get_grant(GrantArn=pending["grant"])["Grant"]["GrantStatus"] == "PENDING_ACCEPT"
