"""aiobotocore and aioboto3 inside the mock, in-process: the same entrance answers them
(bodies that can be awaited), moto's other services included (see docs/async.md).

tox runs this with aiobotocore 3.x (the pinned set) and with aioboto3 15.x on aiobotocore 2.x
(the ``aioboto3`` environment); ``REQUIRE_ASYNC_CLIENTS`` there makes a missing library a
failure, not a skip."""

from __future__ import annotations

import contextlib
import importlib
import os
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock import mock_licensemanager
from tests.helpers import ONE_SEAT, REGION, SEATS, license_request, seats, token, usage

REQUIRED = os.environ.get("REQUIRE_ASYNC_CLIENTS", "").split()


def _library(name: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError:
        if name in REQUIRED:
            raise
        return None


aioboto3 = _library("aioboto3")
aiobotocore = _library("aiobotocore")
if aiobotocore is None:
    pytest.skip("aiobotocore is not installed (the async extra)", allow_module_level=True)
from aiobotocore.session import get_session  # noqa: E402  (after the skip above)

needs_aioboto3 = pytest.mark.skipif(aioboto3 is None, reason="aioboto3 is not installed")

pytestmark = pytest.mark.asyncio

ClientOf = Callable[[], contextlib.AbstractAsyncContextManager[Any]]


def _aiobotocore_client() -> contextlib.AbstractAsyncContextManager[Any]:
    return get_session().create_client("license-manager", region_name=REGION)


def _aioboto3_client() -> contextlib.AbstractAsyncContextManager[Any]:
    return aioboto3.Session().client("license-manager", region_name=REGION)


@pytest.fixture(
    params=[
        pytest.param(_aiobotocore_client, id="aiobotocore"),
        pytest.param(_aioboto3_client, id="aioboto3", marks=needs_aioboto3),
    ]
)
def async_client(request: pytest.FixtureRequest) -> ClientOf:
    """Makes a License Manager client of each async library (``async with`` it)."""
    return request.param  # type: ignore[no-any-return]


async def _create_and_count(client_of: ClientOf) -> int:
    async with client_of() as client:
        await client.create_license(**license_request())
        return len((await client.list_licenses())["Licenses"])


def _sync_count() -> int:
    return len(boto3.client("license-manager", region_name=REGION).list_licenses()["Licenses"])


async def test_each_library_works_under_the_fixture(license_manager, async_client):
    assert await _create_and_count(async_client) == 1
    assert _sync_count() == 1


async def test_each_library_works_under_the_decorator(async_client):
    @mock_licensemanager
    async def scenario() -> tuple[int, int]:
        return await _create_and_count(async_client), _sync_count()

    assert await scenario() == (1, 1)


async def test_each_library_works_under_async_with(async_client):
    async with mock_licensemanager() as mock:
        lic = mock.seed_license(product_sku="SKU1", entitlements=seats(allow_check_in=None))
        async with async_client() as client:
            answer = await client.checkout_license(
                ProductSKU="SKU1",
                CheckoutType="PROVISIONAL",
                KeyFingerprint=lic.key_fingerprint,
                Entitlements=ONE_SEAT,
                ClientToken=token(),
            )
        assert usage(boto3.client("license-manager", region_name=REGION), lic.arn) == {"Seats": "1"}
    assert answer["EntitlementsAllowed"][0]["Value"] == "1"


async def test_aiobotocore_checks_out_a_seeded_license(lm):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(allow_check_in=None))

    async with get_session().create_client("license-manager", region_name=REGION) as client:
        answer = await client.checkout_license(
            ProductSKU="SKU1",
            CheckoutType="PROVISIONAL",
            KeyFingerprint=lic.key_fingerprint,
            Entitlements=ONE_SEAT,
            ClientToken=token(),
        )

    assert answer["EntitlementsAllowed"][0]["Value"] == "1"
    assert answer["SignedToken"].count(".") == 2
    assert usage(boto3.client("license-manager", region_name=REGION), lic.arn) == {"Seats": "1"}


@needs_aioboto3
async def test_aioboto3_creates_a_license_the_sync_client_sees(license_manager):
    async with aioboto3.Session().client("license-manager", region_name=REGION) as client:
        arn = (await client.create_license(**license_request()))["LicenseArn"]
        fetched = await client.get_license(LicenseArn=arn)

    assert fetched["License"]["Entitlements"][0]["Name"] == SEATS[0]["Name"]
    sync = boto3.client("license-manager", region_name=REGION)
    assert [lic["LicenseArn"] for lic in sync.list_licenses()["Licenses"]] == [arn]


async def test_modeled_errors_are_client_errors_and_change_nothing(lm):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(1, allow_check_in=None))

    async with get_session().create_client("license-manager", region_name=REGION) as client:
        with pytest.raises(ClientError) as raised:
            await client.checkout_license(
                ProductSKU="SKU1",
                CheckoutType="PROVISIONAL",
                KeyFingerprint=lic.key_fingerprint,
                Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "2"}],
                ClientToken=token(),
            )

    error = raised.value.response
    assert error["Error"]["Code"] == "NoEntitlementsAllowedException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert usage(boto3.client("license-manager", region_name=REGION), lic.arn) == {"Seats": "0"}


async def test_paginators_walk_every_page(license_manager):
    async with get_session().create_client("license-manager", region_name=REGION) as client:
        for index in range(5):
            await client.create_license_configuration(
                Name=f"config-{index}", LicenseCountingType="vCPU"
            )
        paginator = client.get_paginator("list_license_configurations")
        pages = [
            [config["Name"] for config in page["LicenseConfigurations"]]
            async for page in paginator.paginate(PaginationConfig={"PageSize": 2})
        ]

    assert [len(page) for page in pages] == [2, 2, 1]
    assert sorted(name for page in pages for name in page) == [f"config-{i}" for i in range(5)]


@needs_aioboto3
async def test_moto_services_answer_async_clients_too(license_manager):
    session = aioboto3.Session()
    async with session.client("kms", region_name=REGION) as kms:
        key = (await kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY"))["KeyMetadata"]
        listed = [entry["KeyId"] for entry in (await kms.list_keys())["Keys"]]
    async with session.client("license-manager", region_name=REGION) as client:
        arn = (await client.create_license(**license_request()))["LicenseArn"]
        token_id = (await client.create_token(LicenseArn=arn, ClientToken=token()))["TokenId"]

    assert listed == [key["KeyId"]]
    described = boto3.client("kms", region_name=REGION).describe_key(KeyId=key["KeyId"])
    assert described["KeyMetadata"]["KeyUsage"] == "SIGN_VERIFY"
    tokens = boto3.client("license-manager", region_name=REGION).list_tokens()["Tokens"]
    assert [(t["TokenId"], t["LicenseArn"]) for t in tokens] == [(token_id, arn)]


async def test_the_decorator_serves_async_clients_in_a_coroutine():
    @mock_licensemanager
    async def scenario() -> tuple[int, int]:
        async with get_session().create_client("license-manager", region_name=REGION) as c:
            await c.create_license(**license_request())
            inside = len((await c.list_licenses())["Licenses"])
        return inside, len(
            boto3.client("license-manager", region_name=REGION).list_licenses()["Licenses"]
        )

    assert await scenario() == (1, 1)
