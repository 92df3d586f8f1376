"""The server's clock (``/licensemgr-mock/clock``) through boto3 and the AWS CLI, and
``lm.clock`` under TEST_SERVER_MODE acting on the server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

from licensemgr_mock import mock_licensemanager
from licensemgr_mock.server import mode
from tests.activation.test_clock import BAD_MOVES
from tests.helpers import seats
from tests.server.test_server_seeding import check_out, endpoint_of, post
from tests.server_process import cli, server_process

CLOCK = "/licensemgr-mock/clock"


@pytest.fixture
def endpoint(license_manager_server):
    return endpoint_of(license_manager_server)


def server_now(endpoint: str) -> dict[str, object]:
    status, answer = post(endpoint + CLOCK, b"", method="GET")
    assert status == 200
    return dict(answer)


def usage(endpoint: str, arn: str) -> dict[str, str]:
    client = boto3.client("license-manager", region_name="us-east-1", endpoint_url=endpoint)
    rows = client.get_license_usage(LicenseArn=arn)["LicenseUsage"]["EntitlementUsages"]
    return {row["Name"]: row["ConsumedValue"] for row in rows}


def test_advancing_the_server_clock_expires_a_checkout(endpoint):
    seeded = mode.seed_license(
        "sku-1", seats(1, allow_check_in=None), endpoint_url=endpoint, provisional_minutes=60
    )
    check_out(endpoint, seeded.key_fingerprint)
    with pytest.raises(ClientError, match="NoEntitlementsAllowed"):
        check_out(endpoint, seeded.key_fingerprint)

    status, answer = post(endpoint + CLOCK, {"advance_seconds": 3600})

    assert status == 200 and answer["offset_seconds"] == pytest.approx(3600, abs=1)
    assert usage(endpoint, seeded.arn) == {"Seats": "0"}
    assert check_out(endpoint, seeded.key_fingerprint)["LicenseArn"] == seeded.arn


def test_setting_and_resetting_the_server_clock(endpoint):
    status, answer = post(endpoint + CLOCK, {"now": "2031-01-01T00:00:00Z"})
    moved = datetime.fromisoformat(str(server_now(endpoint)["now"]))
    reset = post(endpoint + CLOCK, b"", method="DELETE")

    assert status == 200 and answer["now"].startswith("2031-01-01T00:00")
    assert abs(moved - datetime(2031, 1, 1, tzinfo=UTC)) < timedelta(minutes=1)
    assert reset[0] == 200 and reset[1]["offset_seconds"] == 0


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"[", "not valid JSON"),
        ({"advance_seconds": 1, "now": "2031-01-01T00:00:00Z"}, "exactly one"),
        ({}, "exactly one"),
        ({"seconds": 1}, "unknown field"),
        ({"advance_seconds": "60"}, "advance_seconds must be a number"),
        ({"now": "tomorrow"}, "ISO 8601"),
        ({"now": "1969-12-31T00:00:00Z"}, "1970"),
        ({"now": "10000-01-01T00:00:00Z"}, "ISO 8601"),
        ({"advance_seconds": 1e300}, "out of the years 1970 to 9999"),
        ({"advance_seconds": -86400}, "before a license was created"),
        (b"null", "JSON object"),
        (b"\xff", "not valid JSON"),
        ({"now": 5}, "ISO 8601"),
        ({"now": "9999-12-31T23:00:00-05:00"}, "past 9999"),
        ({"advance_seconds": 3e11}, "9999"),
        (b'{"advance_seconds": NaN}', "advance_seconds must be a number"),
        ({"advance_seconds": True}, "advance_seconds must be a number"),
    ],
)
def test_bad_clock_requests_get_400_and_change_nothing(endpoint, body, named):
    mode.seed_license("sku-1", seats(1, allow_check_in=None), endpoint_url=endpoint)

    status, answer = post(endpoint + CLOCK, body)

    assert status == 400 and answer["error"] == "InvalidClockRequest"
    assert named in answer["message"]
    assert server_now(endpoint)["offset_seconds"] == 0


def test_the_servers_reset_puts_the_clock_back(endpoint):
    post(endpoint + CLOCK, {"advance_seconds": 86400})

    mode.reset_server(endpoint)

    assert server_now(endpoint)["offset_seconds"] == 0


def test_under_test_server_mode_lm_clock_moves_the_servers_clock(endpoint, monkeypatch):
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", endpoint)

    with mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku-1", entitlements=seats(1, allow_check_in=None))
        check_out(endpoint, seeded.key_fingerprint)
        moved = lm.clock.advance(timedelta(minutes=61))
        on_server = server_now(endpoint)
        freed = usage(endpoint, seeded.arn)
        with pytest.raises(ValueError, match="before a license was created"):
            lm.clock.set(datetime(2020, 1, 1))
        with pytest.raises(ValueError, match="seconds"):
            lm.clock.advance("soon")
        lm.clock.reset()
        after_reset = lm.clock.now()

    assert abs(moved - datetime.now(UTC) - timedelta(minutes=61)) < timedelta(minutes=1)
    assert on_server["offset_seconds"] == pytest.approx(3660, abs=5)
    assert freed == {"Seats": "0"}
    assert abs(after_reset - datetime.now(UTC)) < timedelta(minutes=1)
    assert server_now(endpoint)["offset_seconds"] == 0


@pytest.mark.parametrize(("move", "named"), BAD_MOVES)
def test_under_test_server_mode_bad_moves_raise_value_error_and_change_nothing(
    endpoint, monkeypatch, move, named
):
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", endpoint)

    with mock_licensemanager() as lm:
        lm.seed_license(product_sku="sku-1", entitlements=seats(1, allow_check_in=None))
        with pytest.raises(ValueError, match=named):
            move(lm.clock)
        unchanged = server_now(endpoint)

    assert unchanged["offset_seconds"] == 0


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_sees_a_checkout_expire_when_the_server_clock_moves():
    env = {
        "AWS_ACCESS_KEY_ID": "x",
        "AWS_SECRET_ACCESS_KEY": "x",
        "AWS_DEFAULT_REGION": "us-east-1",
        "PATH": os.environ["PATH"],
    }
    with server_process() as endpoint:
        seeded = json.loads(
            cli(
                "seed",
                "--endpoint-url",
                endpoint,
                "--json",
                json.dumps(
                    {"product_sku": "cli-sku", "entitlements": seats(1, allow_check_in=None)}
                ),
            ).stdout
        )

        def aws(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                ["aws", "license-manager", *args, "--endpoint-url", endpoint],
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
                env=env,
            )

        checkout = [
            "checkout-license",
            "--product-sku",
            "cli-sku",
            "--checkout-type",
            "PROVISIONAL",
            "--key-fingerprint",
            seeded["key_fingerprint"],
            "--entitlements",
            "Name=Seats,Unit=Count,Value=1",
        ]
        first = aws(*checkout, "--client-token", uuid.uuid4().hex)
        refused = aws(*checkout, "--client-token", uuid.uuid4().hex)
        post(endpoint + CLOCK, {"advance_seconds": 3601})
        again = aws(*checkout, "--client-token", uuid.uuid4().hex)

    assert first.returncode == 0, first.stderr
    assert "NoEntitlementsAllowedException" in refused.stderr
    assert again.returncode == 0, again.stderr
