"""Injected faults reach aiobotocore clients as they reach botocore's: the same answers,
the same retries, the same exceptions."""

from __future__ import annotations

import uuid

import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from tests.helpers import ONE_SEAT, REGION, seats

aio_endpoint = pytest.importorskip("aiobotocore.endpoint")
get_session = pytest.importorskip("aiobotocore.session").get_session

pytestmark = pytest.mark.asyncio


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    """aiobotocore waits between retries (``_sleep`` where it has one); the tests do not."""

    async def no_wait(*_: object) -> None:
        return None

    monkeypatch.setattr(aio_endpoint.AioEndpoint, "_sleep", no_wait, raising=False)


def config(attempts: int) -> Config:
    return Config(retries={"mode": "standard", "total_max_attempts": attempts})


async def test_aiobotocore_retries_a_throttled_checkout_and_checks_out_once(lm):
    lic = lm.seed_license(product_sku="sku", entitlements=seats(allow_check_in=None))
    fault = lm.inject_fault("CheckoutLicense", "ThrottlingException", times=2)

    async with get_session().create_client(
        "license-manager", region_name=REGION, config=config(3)
    ) as client:
        answer = await client.checkout_license(
            ProductSKU="sku",
            CheckoutType="PROVISIONAL",
            KeyFingerprint=lic.key_fingerprint,
            Entitlements=ONE_SEAT,
            ClientToken=uuid.uuid4().hex,
        )

    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    assert fault.hits == 2 and len(lm.consumptions) == 1


async def test_aiobotocore_gets_the_error_after_its_retries(lm):
    fault = lm.inject_fault("ListLicenses", "ServiceUnavailable")

    async with get_session().create_client(
        "license-manager", region_name=REGION, config=config(2)
    ) as client:
        with pytest.raises(ClientError) as raised:
            await client.list_licenses()

    assert raised.value.response["Error"]["Code"] == "ServiceUnavailable"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    assert fault.hits == 2


@pytest.mark.parametrize(
    ("kind", "raised"), [("unreachable", EndpointConnectionError), ("timeout", ReadTimeoutError)]
)
async def test_aiobotocore_raises_botocores_connection_errors(lm, kind, raised):
    fault = lm.inject_fault("*", kind)

    async with get_session().create_client(
        "license-manager", region_name=REGION, config=config(2)
    ) as client:
        with pytest.raises(raised):
            await client.list_licenses()
        lm.clear_faults()
        assert (await client.list_licenses())["Licenses"] == []

    assert fault.hits == 2
