"""What a test reads of the mock (``lm.consumptions``, ``lm.unreturned()``, ``lm.refusals``,
``token_public_key_pem()``) answers the same in-process and under ``TEST_SERVER_MODE``, where
it is read from the server (``/licensemgr-mock/consumptions``, ``.../unreturned``,
``.../refusals``, ``.../token-public-key``)."""

from __future__ import annotations

import json
import urllib.request
import uuid
from datetime import datetime, timedelta

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock import mock_licensemanager, token_public_key_pem
from licensemgr_mock.pipeline.api import CheckoutType, EntitlementDataUnit
from licensemgr_mock.state.records import Checkout, EntitlementData
from tests.helpers import ONE_SEAT, seats
from tests.server.test_server_seeding import endpoint_of, post
from tests.server_process import server_process


@pytest.fixture(scope="module")
def server_elsewhere():
    """A server in a process of its own: one in this process (``license_manager_server``)
    shares its state with in-process reads, which would hide a read of the wrong state."""
    with server_process() as endpoint:
        yield endpoint


@pytest.fixture(params=["in-process", "server"])
def mode(request, monkeypatch):
    """Each test runs in both modes; in server mode, against that server."""
    if request.param == "server":
        monkeypatch.setenv("TEST_SERVER_MODE", "true")
        monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", request.getfixturevalue("server_elsewhere"))
    return request.param


def client():
    return boto3.client("license-manager", region_name="us-east-1")


def check_out(c, seeded, kind: str = "PROVISIONAL"):
    return c.checkout_license(
        ProductSKU=seeded.product_sku,
        CheckoutType=kind,
        KeyFingerprint=seeded.key_fingerprint,
        Entitlements=ONE_SEAT,
        ClientToken=uuid.uuid4().hex,
    )


def test_consumptions_are_the_records_of_the_mock_that_answers(mode):
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(
            product_sku="sku", entitlements=seats(2, allow_check_in=None), borrow_minutes=60
        )
        c = client()
        held = check_out(c, seeded)
        borrowed = c.checkout_borrow_license(
            LicenseArn=seeded.arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken=uuid.uuid4().hex,
        )
        c.check_in_license(LicenseConsumptionToken=held["LicenseConsumptionToken"])
        during = lm.consumptions

    first, second = during
    assert isinstance(first, Checkout) and first.license_arn == seeded.arn
    assert first.license_consumption_token == held["LicenseConsumptionToken"]
    assert first.checkout_type is CheckoutType.PROVISIONAL
    assert (first.active, first.checked_in) == (False, True)
    assert first.entitlements_allowed == [
        EntitlementData(name="Seats", unit=EntitlementDataUnit.COUNT, value="1")
    ]
    assert first.amounts == {"Seats": 1} and first.account == "123456789012"
    assert isinstance(first.issued, datetime) and first.issued.tzinfo is not None
    assert first.expires - first.issued == timedelta(minutes=60)
    assert second.license_consumption_token == borrowed["LicenseConsumptionToken"]
    assert second.is_borrow and second.active and not second.checked_in
    assert lm.consumptions == during  # after the mock ended: what there was when it did


def test_unreturned_follows_the_clock_of_the_mock_that_answers(mode):
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(
            product_sku="sku", entitlements=seats(2, allow_check_in=None), provisional_minutes=60
        )
        held = check_out(client(), seeded)
        before = lm.unreturned()
        lm.clock.advance(timedelta(minutes=61))
        after = lm.unreturned()

    assert [c.license_consumption_token for c in before] == [held["LicenseConsumptionToken"]]
    assert after == []


def test_refusals_are_the_answering_mocks_and_stay_readable_after_it_ends(mode):
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku", entitlements=seats(2, allow_check_in=None))
        c = client()
        check_out(c, seeded)
        check_out(c, seeded)
        with pytest.raises(ClientError, match="NoEntitlementsAllowed"):
            check_out(c, seeded)
        fault = lm.inject_fault("CheckoutLicense", "NoEntitlementsAllowedException", times=1)
        with pytest.raises(ClientError, match="NoEntitlementsAllowed"):
            check_out(c, seeded)
        during = lm.refusals

    assert lm.refusals == during
    real, injected = during
    assert real.operation == "CheckoutLicense" and "0 of 2 left" in real.reason
    assert injected.reason == f"injected fault {fault.id} (inject_fault)"


def test_token_public_key_verifies_the_tokens_of_the_mock_that_answers(mode):
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku", entitlements=seats(2, allow_check_in=None))
        c = client()
        refresh = c.create_token(LicenseArn=seeded.arn, ClientToken=uuid.uuid4().hex)["Token"]
        access = c.get_access_token(Token=refresh)["AccessToken"]
        key = token_public_key_pem()
        with pytest.raises(ValueError, match="aws-cn"):
            token_public_key_pem("nope")

    claims = jwt.decode(access, key, algorithms=["RS256"], options={"verify_aud": False})
    assert claims["iss"] == "https://openid-license-manager.amazonaws.com"


def test_the_servers_read_endpoints_refuse_bad_requests(license_manager_server):
    endpoint = endpoint_of(license_manager_server)
    key = endpoint + "/licensemgr-mock/token-public-key"

    assert post(key + "?partition=nope", b"", method="GET")[0] == 400
    assert post(key + "?colour=red", b"", method="GET")[1]["error"] == "InvalidTokenKeyRequest"
    assert post(endpoint + "/licensemgr-mock/consumptions", {}, method="POST")[0] == 405
    status, answer = post(key + "?partition=aws-cn", b"", method="GET")
    assert status == 200 and answer["public_key_pem"].startswith("-----BEGIN PUBLIC KEY-----")
    with urllib.request.urlopen(endpoint + "/licensemgr-mock/consumptions") as response:
        assert json.loads(response.read()) == {"consumptions": []}
