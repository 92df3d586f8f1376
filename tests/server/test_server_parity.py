"""Under TEST_SERVER_MODE the mock object reads the server: ``lm.refusals`` (and
``GET /licensemgr-mock/refusals``), and strict mode reports the server's unreturned
consumptions."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock import Refusal, UnreturnedConsumptionError, mock_licensemanager
from tests.helpers import seats
from tests.server.test_server_seeding import check_out, endpoint_of, post


@pytest.fixture
def endpoint(license_manager_server, monkeypatch):
    url = endpoint_of(license_manager_server)
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", url)
    return url


def test_refusals_are_the_servers(endpoint):
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku-1", entitlements=seats(1))
        check_out(endpoint, seeded.key_fingerprint)
        with pytest.raises(ClientError, match="NoEntitlementsAllowed"):
            check_out(endpoint, seeded.key_fingerprint)
        refusals = lm.refusals
        status, over_http = post(endpoint + "/licensemgr-mock/refusals", b"", method="GET")
    _, after = post(endpoint + "/licensemgr-mock/refusals", b"", method="GET")

    (refusal,) = refusals
    assert isinstance(refusal, Refusal) and refusal.operation == "CheckoutLicense"
    assert "Seats" in refusal.reason
    assert status == 200 and [r["reason"] for r in over_http["refusals"]] == [refusal.reason]
    assert after == {"refusals": []}  # the server's reset at the end forgot them


def test_strict_mode_fails_on_a_consumption_left_on_the_server(endpoint):
    lm = mock_licensemanager(strict=True)
    lm.start()
    seeded = lm.seed_license(product_sku="sku-1", entitlements=seats(1))
    token = check_out(endpoint, seeded.key_fingerprint)["LicenseConsumptionToken"]

    with pytest.raises(UnreturnedConsumptionError) as raised:
        lm.stop()

    assert token in str(raised.value) and seeded.arn in str(raised.value)
    assert not lm.active


def test_strict_mode_passes_when_everything_was_checked_in(endpoint):
    with mock_licensemanager(strict=True) as lm:
        seeded = lm.seed_license(product_sku="sku-1", entitlements=seats(1))
        token = check_out(endpoint, seeded.key_fingerprint)["LicenseConsumptionToken"]
        client = boto3.client("license-manager", region_name="us-east-1")
        client.check_in_license(LicenseConsumptionToken=token)
        status, listed = post(endpoint + "/licensemgr-mock/unreturned", b"", method="GET")

    assert status == 200 and listed == {"unreturned": [], "report": ""}
