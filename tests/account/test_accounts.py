"""Two and three accounts: the seller -> buyer scenario of the reference (§14), step by step,
and what each account can and cannot see or change."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import pytest
from botocore.exceptions import ClientError
from freezegun import freeze_time

from licensemgr_mock.moto_adapters.models import licensemanager_backends
from tests.helpers import (
    BUYER,
    REGION,
    SELLER,
    STRANGER,
    error_of,
    license_request,
    lm_client,
    token,
)

pytestmark = pytest.mark.usefixtures("license_manager")

OPERATIONS = [
    "CheckoutLicense",
    "CheckInLicense",
    "ExtendConsumptionLicense",
    "ListPurchasedLicenses",
]
GRANT_ARN = re.compile(r"^arn:aws:license-manager::111111111111:grant:g-[0-9a-f]{32}$")
LICENSE_ARN = re.compile(r"^arn:aws:license-manager::111111111111:license:l-[0-9a-f]{32}$")


def users_checkout(client: Any, fingerprint: str, value: str, **extra: Any) -> Any:
    return client.checkout_license(
        ProductSKU="SKU1",
        CheckoutType="PROVISIONAL",
        KeyFingerprint=fingerprint,
        Entitlements=[{"Name": "Users", "Unit": "Count", "Value": value}],
        ClientToken=token(),
        **extra,
    )


def grant_to(client: Any, license_arn: str, account: str, operations: list[str]) -> str:
    answer = client.create_grant(
        ClientToken=token(),
        GrantName="to " + account,
        LicenseArn=license_arn,
        Principals=[f"arn:aws:iam::{account}:root"],
        HomeRegion=REGION,
        AllowedOperations=operations,
    )
    return str(answer["GrantArn"])


def test_seller_to_buyer_reference_scenario(act_as):
    client = lm_client()
    # 1. The seller creates the license.
    act_as(SELLER)
    created = client.create_license(
        LicenseName="Users license",
        ProductName="Product",
        ProductSKU="SKU1",
        Issuer={"Name": "My Company"},
        HomeRegion=REGION,
        Validity={"Begin": "2024-01-01T00:00:00Z"},
        Entitlements=[{"Name": "Users", "Unit": "Count", "MaxCount": 5, "AllowCheckIn": True}],
        Beneficiary="cust-1",
        ConsumptionConfiguration={"ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60}},
        ClientToken="t1",
    )
    license_arn = created["LicenseArn"]
    assert LICENSE_ARN.match(license_arn)
    assert (created["Status"], created["Version"]) == ("AVAILABLE", "1")
    # 2. Its fingerprint and creation time.
    lic = client.get_license(LicenseArn=license_arn)["License"]
    fingerprint = lic["Issuer"]["KeyFingerprint"]
    assert fingerprint == "aws:111111111111:My Company:issuer-fingerprint"
    assert lic["CreateTime"].isdigit()
    # 3. The seller grants it to the buyer.
    granted = client.create_grant(
        ClientToken=token(),
        GrantName="buyer",
        LicenseArn=license_arn,
        Principals=[f"arn:aws:iam::{BUYER}:root"],
        HomeRegion=REGION,
        AllowedOperations=OPERATIONS,
    )
    grant_arn = granted["GrantArn"]
    assert GRANT_ARN.match(grant_arn)
    assert (granted["Status"], granted["Version"]) == ("PENDING_ACCEPT", "1")
    # 4. The buyer sees it, pending.
    act_as(BUYER)
    received = client.list_received_licenses()["Licenses"]
    assert [r["LicenseArn"] for r in received] == [license_arn]
    assert received[0]["ReceivedMetadata"]["ReceivedStatus"] == "PENDING_ACCEPT"
    assert received[0]["ReceivedMetadata"]["AllowedOperations"] == OPERATIONS
    # 5. Not usable before activation.
    with pytest.raises(ClientError) as raised:
        users_checkout(client, fingerprint, "1")
    assert error_of(raised) == ("NoEntitlementsAllowedException", 400)
    # 6. Accepted: DISABLED, version 2.
    accepted = client.accept_grant(GrantArn=grant_arn)
    assert (accepted["Status"], accepted["Version"]) == ("DISABLED", "2")
    # 7. Activated: ACTIVE, version 3.
    activated = client.create_grant_version(
        GrantArn=grant_arn, Status="ACTIVE", ClientToken=token()
    )
    assert (activated["Status"], activated["Version"]) == ("ACTIVE", "3")
    assert client.get_grant(GrantArn=grant_arn)["Grant"]["GrantStatus"] == "ACTIVE"
    # 8. The buyer checks out 2 users for 60 minutes.
    with freeze_time("2030-01-01 09:00:00"):
        checked_out = users_checkout(client, fingerprint, "2")
    assert checked_out["EntitlementsAllowed"] == [{"Name": "Users", "Unit": "Count", "Value": "2"}]
    consumption = checked_out["LicenseConsumptionToken"]
    assert re.fullmatch(r"[0-9a-f]{32}", consumption)
    issued = datetime.fromisoformat(checked_out["IssuedAt"])
    assert datetime.fromisoformat(checked_out["Expiration"]) - issued == timedelta(minutes=60)
    # 9. The seller sees the usage.
    act_as(SELLER)
    with freeze_time("2030-01-01 09:10:00"):
        rows = client.get_license_usage(LicenseArn=license_arn)["LicenseUsage"]["EntitlementUsages"]
    assert rows == [{"Name": "Users", "ConsumedValue": "2", "MaxCount": "5", "Unit": "Count"}]
    # 10. 2 + 4 > 5.
    act_as(BUYER)
    with freeze_time("2030-01-01 09:10:00"), pytest.raises(ClientError) as raised:
        users_checkout(client, fingerprint, "4")
    assert error_of(raised) == ("NoEntitlementsAllowedException", 400)
    # 11. Extended: same token, now + 60 minutes.
    with freeze_time("2030-01-01 09:30:00"):
        extended = client.extend_license_consumption(LicenseConsumptionToken=consumption)
    assert extended["LicenseConsumptionToken"] == consumption
    assert extended["Expiration"] == "2030-01-01T10:30:00"
    # 12. Checked in: usage back to 0.
    with freeze_time("2030-01-01 09:40:00"):
        assert_empty_answer(client.check_in_license(LicenseConsumptionToken=consumption))
        act_as(SELLER)
        usage = client.get_license_usage(LicenseArn=license_arn)["LicenseUsage"]
        assert usage["EntitlementUsages"][0]["ConsumedValue"] == "0"
        # 13. A second check-in finds nothing.
        act_as(BUYER)
        with pytest.raises(ClientError) as raised:
            client.check_in_license(LicenseConsumptionToken=consumption)
        assert error_of(raised) == ("ResourceNotFoundException", 400)
        # 14. The seller itself must name the beneficiary.
        act_as(SELLER)
        with pytest.raises(ClientError) as raised:
            users_checkout(client, fingerprint, "1")
        assert error_of(raised) == ("NoEntitlementsAllowedException", 400)
        assert users_checkout(client, fingerprint, "1", Beneficiary="cust-1")["EntitlementsAllowed"]
    # 15. The seller deletes the grant; it is still listed, DELETED.
    deleted = client.delete_grant(GrantArn=grant_arn, Version="3")
    assert (deleted["Status"], deleted["Version"]) == ("DELETED", "4")
    listed = client.list_distributed_grants()["Grants"]
    assert [(g["GrantArn"], g["GrantStatus"]) for g in listed] == [(grant_arn, "DELETED")]
    # 16. The seller deletes the license.
    gone = client.delete_license(LicenseArn=license_arn, SourceVersion="1")
    assert gone["Status"] == "PENDING_DELETE" and gone["DeletionDate"]
    assert client.get_license(LicenseArn=license_arn)["License"]["Status"] == "PENDING_DELETE"
    # The buyer has nothing left.
    act_as(BUYER)
    assert client.list_received_licenses()["Licenses"] == []


def assert_empty_answer(answer: dict[str, Any]) -> None:
    assert {k: v for k, v in answer.items() if k != "ResponseMetadata"} == {}


@pytest.fixture
def shared(act_as):
    """The seller's two licenses, one granted (ACTIVE) to the buyer; the caller is the buyer."""
    client = lm_client()
    act_as(SELLER)
    granted = client.create_license(**license_request(ProductSKU="SKU1"))["LicenseArn"]
    private = client.create_license(**license_request(ProductSKU="SKU2"))["LicenseArn"]
    grant_arn = grant_to(client, granted, BUYER, ["CheckoutLicense", "CheckInLicense"])
    act_as(BUYER)
    client.create_grant_version(GrantArn=grant_arn, Status="ACTIVE", ClientToken=token())
    return {"client": client, "granted": granted, "private": private, "grant": grant_arn}


def test_the_buyer_sees_only_what_was_granted(shared):
    client = shared["client"]

    received = client.list_received_licenses()["Licenses"]
    grants = client.list_received_grants()["Grants"]

    assert [r["LicenseArn"] for r in received] == [shared["granted"]]
    assert [g["GrantArn"] for g in grants] == [shared["grant"]]
    assert client.get_license(LicenseArn=shared["granted"])["License"]["ProductSKU"] == "SKU1"
    assert client.list_licenses()["Licenses"] == []
    assert client.list_distributed_grants()["Grants"] == []
    with pytest.raises(ClientError) as raised:
        client.get_license(LicenseArn=shared["private"])
    assert error_of(raised) == ("ValidationException", 400)


def test_a_third_account_sees_nothing(shared, act_as):
    client = shared["client"]
    act_as(STRANGER)

    assert client.list_licenses()["Licenses"] == []
    assert client.list_received_licenses()["Licenses"] == []
    assert client.list_received_grants()["Grants"] == []
    assert client.list_distributed_grants()["Grants"] == []
    assert client.list_tokens()["Tokens"] == []
    calls = [
        lambda: client.get_license(LicenseArn=shared["granted"]),
        lambda: client.get_license_usage(LicenseArn=shared["granted"]),
        lambda: client.get_grant(GrantArn=shared["grant"]),
        lambda: client.create_grant_version(
            GrantArn=shared["grant"], Status="DISABLED", ClientToken=token()
        ),
        lambda: client.delete_grant(GrantArn=shared["grant"], Version="2"),
        lambda: grant_to(client, shared["granted"], STRANGER, ["CheckoutLicense"]),
    ]
    for call in calls:
        with pytest.raises(ClientError) as raised:
            call()
        assert error_of(raised) == ("ValidationException", 400)
        assert "not available" in raised.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as raised:
        client.create_token(LicenseArn=shared["granted"], ClientToken=token())
    assert error_of(raised) == ("ResourceNotFoundException", 400)
    with pytest.raises(ClientError) as raised:
        client.list_tags_for_resource(ResourceArn=shared["granted"])
    assert error_of(raised) == ("InvalidParameterValueException", 400)
    with pytest.raises(ClientError) as raised:
        client.accept_grant(GrantArn=shared["grant"])
    assert raised.value.response["Error"]["Message"] == (
        f"Caller arn:aws:iam::{STRANGER}:root is not allowed to accept this grant."
    )
    act_as(BUYER)
    assert client.get_grant(GrantArn=shared["grant"])["Grant"]["Version"] == "2"


def test_a_third_account_cannot_check_out_the_buyers_license(shared, act_as):
    client = shared["client"]
    act_as(SELLER)
    fingerprint = client.get_license(LicenseArn=shared["granted"])["License"]["Issuer"][
        "KeyFingerprint"
    ]
    act_as(STRANGER)

    with pytest.raises(ClientError) as raised:
        users_checkout(client, fingerprint, "1")

    assert error_of(raised) == ("NoEntitlementsAllowedException", 400)


def test_the_buyer_cannot_change_or_delete_the_sellers_license(shared):
    client = shared["client"]
    arn = shared["granted"]

    with pytest.raises(ClientError) as raised:
        client.create_license_version(
            LicenseArn=arn,
            Status="DEACTIVATED",
            **{
                k: v
                for k, v in license_request().items()
                if k not in ("ProductSKU", "Beneficiary", "Tags")
            },
        )
    assert error_of(raised) == ("ValidationException", 400)
    with pytest.raises(ClientError) as raised:
        client.delete_license(LicenseArn=arn, SourceVersion="1")
    assert error_of(raised) == ("ValidationException", 400)
    with pytest.raises(ClientError) as raised:
        client.tag_resource(ResourceArn=arn, Tags=[{"Key": "k", "Value": "v"}])
    assert error_of(raised) == ("InvalidParameterValueException", 400)

    lic = client.get_license(LicenseArn=arn)["License"]
    assert (lic["Status"], lic["Version"]) == ("AVAILABLE", "1")


def test_the_buyer_cannot_delete_or_rename_the_sellers_grant(shared):
    client = shared["client"]
    grant_arn = shared["grant"]

    with pytest.raises(ClientError) as raised:
        client.delete_grant(GrantArn=grant_arn, Version="2")
    assert error_of(raised) == ("ValidationException", 400)
    assert raised.value.response["Error"]["Message"] == (
        f"Caller arn:aws:iam::{BUYER}:root is not allowed to delete this grant."
    )
    with pytest.raises(ClientError) as raised:
        client.create_grant_version(GrantArn=grant_arn, GrantName="mine now", ClientToken=token())
    assert error_of(raised) == ("ValidationException", 400)
    with pytest.raises(ClientError) as raised:
        client.create_grant_version(
            GrantArn=grant_arn, AllowedOperations=["CreateGrant"], ClientToken=token()
        )
    assert error_of(raised) == ("ValidationException", 400)
    with pytest.raises(ClientError) as raised:
        client.untag_resource(ResourceArn=grant_arn, TagKeys=["k"])
    assert error_of(raised) == ("InvalidParameterValueException", 400)

    grant = client.get_grant(GrantArn=grant_arn)["Grant"]
    assert (grant["GrantName"], grant["Version"], grant["GrantStatus"]) == (
        "to " + BUYER,
        "2",
        "ACTIVE",
    )
    assert grant["GrantedOperations"] == ["CheckoutLicense", "CheckInLicense"]


def test_the_seller_cannot_activate_the_buyers_grant(act_as):
    client = lm_client()
    act_as(SELLER)
    arn = client.create_license(**license_request())["LicenseArn"]
    grant_arn = grant_to(client, arn, BUYER, ["CheckoutLicense"])

    with pytest.raises(ClientError) as raised:
        client.create_grant_version(GrantArn=grant_arn, Status="ACTIVE", ClientToken=token())
    assert error_of(raised) == ("ValidationException", 400)
    with pytest.raises(ClientError) as raised:
        client.accept_grant(GrantArn=grant_arn)
    assert raised.value.response["Error"]["Message"] == (
        f"Caller arn:aws:iam::{SELLER}:root is not allowed to accept this grant."
    )
    with pytest.raises(ClientError) as raised:
        client.reject_grant(GrantArn=grant_arn)
    assert raised.value.response["Error"]["Message"] == (
        f"Caller arn:aws:iam::{SELLER}:root is not allowed to reject this grant."
    )

    assert client.get_grant(GrantArn=grant_arn)["Grant"]["GrantStatus"] == "PENDING_ACCEPT"


def test_the_seller_sees_every_buyers_usage(act_as):
    client = lm_client()
    act_as(SELLER)
    arn = client.create_license(**license_request())["LicenseArn"]
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]
    grants = {
        account: grant_to(client, arn, account, ["CheckoutLicense"])
        for account in (BUYER, STRANGER)
    }
    for account, grant_arn in grants.items():
        act_as(account)
        client.create_grant_version(GrantArn=grant_arn, Status="ACTIVE", ClientToken=token())
        client.checkout_license(
            ProductSKU="SKU1",
            CheckoutType="PROVISIONAL",
            KeyFingerprint=fingerprint,
            Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "2"}],
            ClientToken=uuid.uuid4().hex,
        )

    act_as(SELLER)
    rows = client.get_license_usage(LicenseArn=arn)["LicenseUsage"]["EntitlementUsages"]

    assert rows[0]["ConsumedValue"] == "4"
    act_as(BUYER)
    # Consumption is counted per license across grantees: only one seat is left.
    with pytest.raises(ClientError) as raised:
        client.checkout_license(
            ProductSKU="SKU1",
            CheckoutType="PROVISIONAL",
            KeyFingerprint=fingerprint,
            Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "2"}],
            ClientToken=uuid.uuid4().hex,
        )
    assert error_of(raised) == ("NoEntitlementsAllowedException", 400)


def test_accounts_switch_with_assumed_role_credentials(act_as, monkeypatch):
    import boto3

    client = lm_client()
    act_as(SELLER)
    arn = client.create_license(**license_request())["LicenseArn"]
    grant_arn = grant_to(client, arn, BUYER, ["CheckoutLicense"])
    monkeypatch.delenv("MOTO_ACCOUNT_ID")
    credentials = boto3.client("sts", region_name=REGION).assume_role(
        RoleArn=f"arn:aws:iam::{BUYER}:role/admin", RoleSessionName="buyer"
    )["Credentials"]
    buyer = lm_client(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )

    accepted = buyer.accept_grant(GrantArn=grant_arn)

    assert accepted["Status"] == "DISABLED"
    assert [g["GrantArn"] for g in buyer.list_received_grants()["Grants"]] == [grant_arn]


@pytest.mark.parametrize("account", ["abc", "12345678901", "1234567890123", "١٢٣٤٥٦٧٨٩٠١٢"])
def test_a_calling_account_that_is_no_account_id_is_refused_and_changes_nothing(act_as, account):
    client = lm_client()
    act_as(account)

    with pytest.raises(ClientError) as raised:
        client.create_license_configuration(Name="c", LicenseCountingType="vCPU")

    assert error_of(raised) == ("UnrecognizedClientException", 400)
    message = raised.value.response["Error"]["Message"]
    assert f"The calling account {account!r} (from MOTO_ACCOUNT_ID" in message
    assert account not in licensemanager_backends
    act_as(SELLER)
    assert client.list_license_configurations()["LicenseConfigurations"] == []
