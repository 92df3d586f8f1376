"""The AWS SDK for JavaScript (v3) against ``licensemgr-mock server``: a checkout and the
refusal's cause, injected faults (retried, and not), and the server's clock. Each scenario is
a script of ``tests/js`` (the same text the docs show), run by node; it prints what the SDK
saw as JSON, and the test reads the server's state back through boto3."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import boto3
import pytest

from tests import js_sdk
from tests.server.test_server_seeding import endpoint_of, post

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.fixture(scope="session")
def installed():
    return js_sdk.install(js_sdk.cache_dir())


@pytest.fixture
def endpoint(license_manager_server):
    return endpoint_of(license_manager_server)


def client(endpoint: str):
    return boto3.client("license-manager", region_name="us-east-1", endpoint_url=endpoint)


def consumed(endpoint: str, arn: str) -> dict[str, str]:
    usage = client(endpoint).get_license_usage(LicenseArn=arn)["LicenseUsage"]
    return {row["Name"]: row["ConsumedValue"] for row in usage["EntitlementUsages"]}


def license_end(endpoint: str) -> str:
    """The end of the one license on the server, as the refusals word it."""
    (license_,) = client(endpoint).list_received_licenses()["Licenses"]
    return license_["Validity"]["End"].replace("+00:00", "Z")


def test_checkout_then_a_refusal_and_its_cause(installed, endpoint):
    seen = js_sdk.run(installed, "checkout.mjs", endpoint)

    assert seen["checkedOut"] == seen["seeded"]
    assert seen["refused"] == "NoEntitlementsAllowedException"
    (refusal,) = seen["refusals"]
    assert refusal["operation"] == "CheckoutLicense"
    assert "0 of 1 left" in refusal["reason"]
    assert post(endpoint + "/licensemgr-mock/refusals", b"", method="GET")[1] == {
        "refusals": seen["refusals"]
    }
    assert consumed(endpoint, seen["seeded"]) == {"Seats": "1"}


def test_a_throttled_checkout_is_retried_and_a_refusal_is_not(installed, endpoint):
    seen = js_sdk.run(installed, "faults.mjs", endpoint)

    throttling, refusing = seen["faults"]
    assert throttling["id"] == seen["throttling"]
    assert throttling["error"] == "ThrottlingException" and throttling["hits"] == 1
    assert seen["retried"]["attempts"] == 2
    assert seen["refused"] == {
        "name": "NoEntitlementsAllowedException",
        "modeled": True,
        "attempts": 1,
    }
    assert refusing["hits"] == 1
    # The refusal the fault made is listed with its cause, as a real one would be.
    (refusal,) = post(endpoint + "/licensemgr-mock/refusals", b"", method="GET")[1]["refusals"]
    assert refusal["reason"] == f"injected fault {refusing['id']} (inject_fault)"
    assert post(endpoint + "/licensemgr-mock/faults", b"", method="GET")[1] == {"faults": []}
    # Neither failed call consumed a seat: only the retried checkout holds one.
    assert consumed(endpoint, seen["retried"]["arn"]) == {"Seats": "1"}


def test_moving_the_clock_expires_a_checkout(installed, endpoint):
    seen = js_sdk.run(installed, "clock.mjs", endpoint)

    assert seen["whileHeld"] == "NoEntitlementsAllowedException"
    assert seen["clock"]["offset_seconds"] == pytest.approx(3601, abs=5)
    assert seen["extendExpired"] == "ResourceNotFoundException"
    first, second = seen["first"], seen["second"]
    assert second["token"] != first["token"]
    assert datetime.fromisoformat(second["expiration"]) > datetime.fromisoformat(
        first["expiration"]
    )
    assert seen["afterEnd"] == "NoEntitlementsAllowedException"
    assert seen["why"].endswith("expired at " + license_end(endpoint))
    assert post(endpoint + "/licensemgr-mock/clock", b"", method="GET")[1]["offset_seconds"] == 0
    (license_,) = client(endpoint).list_received_licenses()["Licenses"]
    assert consumed(endpoint, license_["LicenseArn"]) == {"Seats": "1"}


def test_every_javascript_example_in_the_docs_is_a_script_these_tests_run():
    shown = [
        block
        for page in sorted(DOCS.rglob("*.md"))
        for block in re.findall(r"```javascript\n(.*?)```", page.read_text(), flags=re.S)
    ]
    scripts = {path.name: path.read_text() for path in js_sdk.SCRIPTS.glob("*.mjs")}

    assert sorted(shown) == sorted(scripts.values())
