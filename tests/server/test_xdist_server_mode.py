"""pytest-xdist under TEST_SERVER_MODE: each worker gets a server of its own, so tests on
different workers never see each other's state (docs/server-mode.md)."""

from __future__ import annotations

import pytest

pytest.importorskip("xdist")
pytest_plugins = ["pytester"]

TESTS = """
import json
import os
import uuid

import boto3
import pytest


@pytest.mark.parametrize("n", range(16))
def test_sees_only_its_own_license(license_manager, n, tmp_path_factory):
    sku = f"sku-{n}"
    license_manager.seed_license(product_sku=sku, entitlements=[
        {"Name": "Seats", "Unit": "Count", "MaxCount": 1}
    ])
    client = boto3.client("license-manager", region_name="us-east-1")
    for _ in range(5):
        listed = client.list_received_licenses()["Licenses"]
        assert [lic["ProductSKU"] for lic in listed] == [sku]
        client.checkout_license(
            ProductSKU=sku, CheckoutType="PROVISIONAL",
            KeyFingerprint=listed[0]["Issuer"]["KeyFingerprint"],
            Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
            ClientToken=uuid.uuid4().hex,
        )
        license_manager.clock.advance(3600)  # the seat comes back; other workers' clocks stay
    out = os.environ["OUT_DIR"]
    with open(os.path.join(out, f"{os.environ['PYTEST_XDIST_WORKER']}-{n}"), "w") as f:
        f.write(os.environ["TEST_SERVER_MODE_ENDPOINT"])
"""


def test_each_worker_has_its_own_server(pytester, monkeypatch, tmp_path):
    pytester.makepyfile(test_isolated=TESTS)
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    # Nobody listens here: a worker that used it would fail at once.
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", "http://127.0.0.1:9")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("OUT_DIR", str(tmp_path))

    result = pytester.runpytest_subprocess("-n", "2", "-q", "-p", "no:cacheprovider")

    result.assert_outcomes(passed=16)
    endpoints = {path.name.split("-")[0]: path.read_text() for path in tmp_path.iterdir()}
    assert len(set(endpoints.values())) == 2
    assert "http://127.0.0.1:9" not in endpoints.values()
