"""Tokens: CreateToken, ListTokens, DeleteToken, GetAccessToken, and the whole flow of a user
without an AWS account: refresh token -> access token -> STS AssumeRoleWithWebIdentity ->
CheckoutLicense as the role's account."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import jwt
import pytest
import requests
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives.asymmetric import rsa
from freezegun import freeze_time

from licensemgr_mock import token_public_key_pem
from licensemgr_mock.grants import tokens as access_tokens
from tests.helpers import (
    BUYER,
    ONE_SEAT,
    REGION,
    SEATS,
    SELLER,
    STRANGER,
    create_license,
    error_of,
    grant_to,
    lm_client,
    token,
)

pytestmark = pytest.mark.usefixtures("license_manager")

ISSUER = "https://openid-license-manager.amazonaws.com"
ROLE = f"arn:aws:iam::{BUYER}:role/product-users"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def claims_of(jwt_string: str) -> dict[str, Any]:
    """The verified claims of a token the mock issued."""
    return dict(
        jwt.decode(
            jwt_string,
            token_public_key_pem(),
            algorithms=["RS256"],
            issuer=ISSUER,
            options={"verify_aud": False},
        )
    )


@pytest.fixture
def held(act_as):
    """The seller's license, granted ACTIVE to the buyer with checkout and CreateToken; the
    caller is the buyer."""
    act_as(SELLER)
    client = lm_client()
    arn = create_license(client)
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]
    grant = grant_to(client, arn, ["CheckoutLicense", "CheckInLicense", "CreateToken"])
    act_as(BUYER)
    client.create_grant_version(GrantArn=grant, Status="ACTIVE", ClientToken=token())
    return {"client": client, "arn": arn, "fingerprint": fingerprint}


def new_token(held: dict[str, Any], **extra: Any) -> Any:
    return held["client"].create_token(LicenseArn=held["arn"], ClientToken=token(), **extra)


# -- CreateToken ------------------------------------------------------------------------------


def test_create_token_gives_a_signed_refresh_token(held):
    with freeze_time("2030-01-01 00:00:00"):
        answer = new_token(held, RoleArns=[ROLE], TokenProperties=["customer-7", "tier-gold"])

    assert UUID.match(answer["TokenId"]) and answer["TokenType"] == "REFRESH_TOKEN"
    with freeze_time("2030-06-01 00:00:00"):
        claims = claims_of(answer["Token"])
    assert claims["aud"] == held["arn"] and claims["sub"] == answer["TokenId"]
    assert claims["amr"] == [
        "customer-7",
        "tier-gold",
        f"aws:license-manager:token-issuer-account-id:{BUYER}",
    ]
    assert claims["roleArns"] == [ROLE]
    assert claims["token_use"] == "refresh"
    issued = datetime(2030, 1, 1, tzinfo=UTC)
    assert claims["exp"] == int((issued + timedelta(days=365)).timestamp())
    header = jwt.get_unverified_header(answer["Token"])
    assert header["alg"] == "RS256" and header["kid"]


def test_expiration_in_days_and_list_tokens(held):
    client = held["client"]
    with freeze_time("2030-01-01 00:00:00"):
        answer = new_token(held, ExpirationInDays=30, RoleArns=[ROLE], TokenProperties=["p"])

    listed = client.list_tokens()["Tokens"]

    assert listed == [
        {
            "TokenId": answer["TokenId"],
            "TokenType": "REFRESH_TOKEN",
            "LicenseArn": held["arn"],
            "ExpirationTime": "2030-01-31T00:00:00",
            "TokenProperties": ["p"],
            "RoleArns": [ROLE],
            "Status": "AVAILABLE",
        }
    ]


def test_the_issuer_may_create_tokens_too(held, act_as):
    act_as(SELLER)

    answer = new_token(held)

    assert claims_of(answer["Token"])["amr"] == [
        f"aws:license-manager:token-issuer-account-id:{SELLER}"
    ]


def test_create_token_is_idempotent_by_client_token(held):
    client = held["client"]
    request = {"LicenseArn": held["arn"], "ClientToken": token()}

    first = client.create_token(**request)
    second = client.create_token(**request)

    # Every answer has its own request id; the rest is the first answer again.
    first.pop("ResponseMetadata")
    second.pop("ResponseMetadata")
    assert first == second
    assert len(client.list_tokens()["Tokens"]) == 1


@pytest.mark.parametrize(
    "arn",
    ["arn:aws:license-manager::111111111111:license:l-" + "0" * 32, None],
    ids=["unknown", "other-accounts"],
)
def test_create_token_for_a_license_not_held(held, act_as, arn):
    act_as(STRANGER)

    with pytest.raises(ClientError) as raised:
        held["client"].create_token(LicenseArn=arn or held["arn"], ClientToken=token())

    assert error_of(raised) == ("ResourceNotFoundException", 400)
    assert held["client"].list_tokens()["Tokens"] == []


def test_create_token_outside_the_home_region(held):
    west = lm_client("us-west-2")

    with pytest.raises(ClientError) as raised:
        west.create_token(LicenseArn=held["arn"], ClientToken=token())

    assert error_of(raised) == ("RedirectException", 308)
    assert raised.value.response["Location"] == f"https://license-manager.{REGION}.amazonaws.com"
    assert held["client"].list_tokens()["Tokens"] == []


def test_create_token_needs_the_create_token_operation(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1", entitlements=SEATS, allowed_operations=["CheckoutLicense"]
    )

    with pytest.raises(ClientError) as raised:
        client.create_token(LicenseArn=lic.arn, ClientToken=token())

    assert error_of(raised) == ("ValidationException", 400)
    assert "CreateToken" in raised.value.response["Error"]["Message"]
    assert client.list_tokens()["Tokens"] == []


@pytest.mark.parametrize(
    "extra",
    [
        {"ExpirationInDays": 0},
        {"ExpirationInDays": -1_000_000_000},
        {"TokenProperties": ["a", "b", "c", "d"]},
        {"RoleArns": ["not-an-arn"]},
        {"RoleArns": [f"arn:aws:iam::{BUYER}:role/" + "r" * 1000] * 5},
    ],
    ids=["zero-days", "minus-a-billion-days", "four-properties", "malformed-role", "too-long"],
)
def test_create_token_refuses_bad_requests(held, extra):
    with pytest.raises(ClientError) as raised:
        new_token(held, **extra)

    assert error_of(raised) == ("ValidationException", 400)
    assert held["client"].list_tokens()["Tokens"] == []


def test_create_token_for_a_deleted_license(held, act_as):
    act_as(SELLER)
    client = held["client"]
    client.delete_license(LicenseArn=held["arn"], SourceVersion="1")

    with pytest.raises(ClientError) as raised:
        new_token(held)

    assert error_of(raised) == ("ValidationException", 400)


def test_an_account_holds_a_limited_number_of_tokens_per_license(held, monkeypatch):
    monkeypatch.setattr(access_tokens, "MAX_TOKENS_PER_LICENSE", 3)
    first = [new_token(held) for _ in range(3)]

    with pytest.raises(ClientError) as raised:
        new_token(held)
    assert error_of(raised) == ("ResourceLimitExceededException", 400)
    assert len(held["client"].list_tokens()["Tokens"]) == 3
    # A deleted token frees its place.
    held["client"].delete_token(TokenId=first[0]["TokenId"])
    assert new_token(held)["TokenType"] == "REFRESH_TOKEN"


# -- ListTokens, DeleteToken ------------------------------------------------------------------


def test_list_tokens_filters_and_pages(held, act_as):
    client = held["client"]
    act_as(SELLER)
    own = create_license(client)
    mine = client.create_token(LicenseArn=own, ClientToken=token())["TokenId"]
    act_as(BUYER)
    ids = [new_token(held)["TokenId"] for _ in range(3)]

    by_license = client.list_tokens(Filters=[{"Name": "LicenseArns", "Values": [held["arn"]]}])
    by_id = client.list_tokens(TokenIds=[ids[1], "nope"])
    first = client.list_tokens(MaxResults=2)
    second = client.list_tokens(MaxResults=2, NextToken=first["NextToken"])

    assert [t["TokenId"] for t in by_license["Tokens"]] == ids
    assert [t["TokenId"] for t in by_id["Tokens"]] == [ids[1]]
    assert [t["TokenId"] for t in first["Tokens"] + second["Tokens"]] == ids
    act_as(SELLER)
    assert [t["TokenId"] for t in client.list_tokens()["Tokens"]] == [mine]


@pytest.mark.parametrize(
    "request_",
    [
        {"Filters": [{"Name": "TokenType", "Values": ["REFRESH_TOKEN"]}]},
        {"MaxResults": 101},
        {"NextToken": "???"},
    ],
    ids=["unknown-filter", "max-results", "next-token"],
)
def test_list_tokens_refusals(held, request_):
    with pytest.raises(ClientError) as raised:
        held["client"].list_tokens(**request_)

    assert error_of(raised) == ("ValidationException", 400)


def test_delete_token_keeps_it_listed_as_deleted(held):
    client = held["client"]
    answer = new_token(held)

    deleted = client.delete_token(TokenId=answer["TokenId"])

    assert {k: v for k, v in deleted.items() if k != "ResponseMetadata"} == {}
    assert client.list_tokens()["Tokens"][0]["Status"] == "DELETED"
    with pytest.raises(ClientError) as raised:
        client.get_access_token(Token=answer["Token"])
    assert error_of(raised) == ("ValidationException", 400)
    with pytest.raises(ClientError) as raised:
        client.delete_token(TokenId=answer["TokenId"])
    assert error_of(raised) == ("ResourceNotFoundException", 400)


@pytest.mark.parametrize("who", ["unknown", "other-account"])
def test_delete_token_not_found(held, act_as, who):
    answer = new_token(held)
    token_id = answer["TokenId"]
    if who == "other-account":
        act_as(STRANGER)
    else:
        token_id = str(uuid.uuid4())

    with pytest.raises(ClientError) as raised:
        held["client"].delete_token(TokenId=token_id)

    assert error_of(raised) == ("ResourceNotFoundException", 400)
    act_as(BUYER)
    assert held["client"].list_tokens()["Tokens"][0]["Status"] == "AVAILABLE"


def test_delete_token_outside_the_home_region(held):
    answer = new_token(held)

    with pytest.raises(ClientError) as raised:
        lm_client("eu-west-1").delete_token(TokenId=answer["TokenId"])

    assert error_of(raised) == ("RedirectException", 308)
    assert held["client"].list_tokens()["Tokens"][0]["Status"] == "AVAILABLE"


# -- GetAccessToken ---------------------------------------------------------------------------


def test_get_access_token_gives_a_one_hour_token(held):
    with freeze_time("2030-01-01 00:00:00"):
        refresh = new_token(held, RoleArns=[ROLE], TokenProperties=["customer-7"])

    with freeze_time("2030-01-01 12:00:00"):
        access = held["client"].get_access_token(
            Token=refresh["Token"], TokenProperties=["customer-7"]
        )["AccessToken"]
        claims = claims_of(access)

    assert claims["token_use"] == "access"
    assert claims["exp"] == int(datetime(2030, 1, 1, 13, tzinfo=UTC).timestamp())
    assert (claims["sub"], claims["aud"], claims["roleArns"]) == (
        refresh["TokenId"],
        held["arn"],
        [ROLE],
    )
    assert "customer-7" in claims["amr"]


def _foreign_token(claims: dict[str, Any]) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return jwt.encode(claims, key, algorithm="RS256")


@pytest.mark.parametrize(
    "case",
    ["garbage", "tampered", "foreign-key", "access-token", "expired", "missing-property"],
)
def test_get_access_token_refusals(held, case):
    client = held["client"]
    refresh = new_token(held, ExpirationInDays=1, TokenProperties=["p"])["Token"]
    request: dict[str, Any] = {"Token": refresh}
    if case == "garbage":
        request["Token"] = "not.a.jwt"
    elif case == "tampered":
        head, _, signature = refresh.split(".")
        body = jwt.utils.base64url_encode(b'{"sub":"x","amr":[],"token_use":"refresh"}')
        request["Token"] = f"{head}.{body.decode()}.{signature}"
    elif case == "foreign-key":
        request["Token"] = _foreign_token(
            {**claims_of(refresh), "exp": int(datetime.now(UTC).timestamp()) + 600}
        )
    elif case == "access-token":
        request["Token"] = client.get_access_token(Token=refresh)["AccessToken"]
    elif case == "missing-property":
        request["TokenProperties"] = ["p", "q"]

    later = datetime.now(UTC) + timedelta(days=2 if case == "expired" else 0)
    with freeze_time(later), pytest.raises(ClientError) as raised:
        client.get_access_token(**request)

    assert error_of(raised) == ("ValidationException", 400)


def test_a_token_from_before_a_reset_is_refused_though_the_key_is_the_same(held):
    refresh = new_token(held)["Token"]
    key_before = token_public_key_pem()

    # moto's reset, as a test (or moto's server) asks for it.
    requests.post("http://motoapi.amazonaws.com/moto-api/reset", timeout=5).raise_for_status()

    assert token_public_key_pem() == key_before
    with pytest.raises(ClientError) as raised:
        held["client"].get_access_token(Token=refresh)
    assert error_of(raised) == ("ValidationException", 400)
    assert "has been deleted" in raised.value.response["Error"]["Message"]


def test_get_access_token_works_from_any_account(held, act_as):
    refresh = new_token(held)["Token"]
    act_as(STRANGER)

    access = held["client"].get_access_token(Token=refresh)["AccessToken"]

    assert claims_of(access)["sub"] == claims_of(refresh)["sub"]


# -- End to end: a user without an AWS account -------------------------------------------------


def test_token_to_web_identity_role_to_checkout(held, monkeypatch, act_as):
    # The license holder (the buyer) makes a token for its customer, naming its role.
    refresh = new_token(held, RoleArns=[ROLE], TokenProperties=["customer-7"])["Token"]
    monkeypatch.delenv("MOTO_ACCOUNT_ID")

    # The customer's software: token -> access token -> role credentials -> checkout.
    customer = lm_client()
    access = customer.get_access_token(Token=refresh)["AccessToken"]
    role = jwt.decode(access, options={"verify_signature": False})["roleArns"][0]
    credentials = boto3.client("sts", region_name=REGION).assume_role_with_web_identity(
        RoleArn=role, RoleSessionName="customer-7", WebIdentityToken=access
    )["Credentials"]
    as_role = lm_client(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    consumption = as_role.checkout_license(
        ProductSKU="SKU1",
        CheckoutType="PROVISIONAL",
        KeyFingerprint=held["fingerprint"],
        Entitlements=ONE_SEAT,
        ClientToken=token(),
    )

    assert consumption["LicenseArn"] == held["arn"]
    act_as(SELLER)
    usage = held["client"].get_license_usage(LicenseArn=held["arn"])["LicenseUsage"]
    assert usage["EntitlementUsages"][0]["ConsumedValue"] == "1"
    # The checkout belongs to the role's account (the buyer), which can check it in.
    act_as(BUYER)
    held["client"].check_in_license(LicenseConsumptionToken=consumption["LicenseConsumptionToken"])
    act_as(SELLER)
    usage = held["client"].get_license_usage(LicenseArn=held["arn"])["LicenseUsage"]
    assert usage["EntitlementUsages"][0]["ConsumedValue"] == "0"


@pytest.mark.parametrize("days", [3_000_000, 2**31 - 1])
def test_an_expiration_past_the_year_9999_is_refused(held, days):
    with pytest.raises(ClientError) as raised:
        new_token(held, ExpirationInDays=days)

    assert raised.value.response["Error"]["Code"] == "ValidationException"
    assert "ExpirationInDays" in raised.value.response["Error"]["Message"]
    assert held["client"].list_tokens()["Tokens"] == []
