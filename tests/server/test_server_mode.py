"""``TEST_SERVER_MODE=true``: ``mock_licensemanager``, its context manager and the
``license_manager`` fixture send boto3 calls to the server, seed through it and reset it."""

from __future__ import annotations

import io
import json
import unittest
import urllib.request
import uuid

import boto3
import pytest
from moto.core.models import MockAWS, ServerModeMockAWS, botocore_stubber

from licensemgr_mock import LicenseManagerServer, mock_licensemanager
from licensemgr_mock.server import mode as server_mode
from tests.helpers import ONE_SEAT, seats
from tests.server_process import server_process

pytest_plugins = ["pytester"]


def licenses_in(endpoint: str) -> list[dict[str, object]]:
    with urllib.request.urlopen(endpoint + "/moto-api/data.json", timeout=30) as response:
        return list(json.loads(response.read())["licensemanager"]["License"])


def check_out(client, fingerprint: str) -> dict[str, object]:
    return client.checkout_license(
        ProductSKU="sku",
        CheckoutType="PROVISIONAL",
        KeyFingerprint=fingerprint,
        Entitlements=ONE_SEAT,
        ClientToken=uuid.uuid4().hex,
    )


@pytest.fixture
def endpoint(license_manager_server: LicenseManagerServer, monkeypatch) -> str:
    host, port = license_manager_server.address
    url = f"http://{host}:{port}"
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", url)
    return url


def test_context_manager_sends_calls_to_the_server_and_seeds_through_it(endpoint):
    with mock_licensemanager() as lm:
        client = boto3.client("license-manager", region_name="us-east-1")
        seeded = lm.seed_license(product_sku="sku", entitlements=seats(1, allow_check_in=None))
        answer = check_out(client, seeded.key_fingerprint)
        in_process_mock_on = botocore_stubber.enabled
        during = licenses_in(endpoint)

    assert client.meta.endpoint_url == endpoint and not in_process_mock_on
    assert answer["LicenseArn"] == seeded.arn and seeded.public_key_pem
    assert [lic["LicenseArn"] for lic in during] == [seeded.arn]
    assert licenses_in(endpoint) == []  # reset when the mock ends


def test_outermost_activation_starts_from_an_empty_server(endpoint):
    server_mode.seed_license("left-over", seats(1, allow_check_in=None), endpoint_url=endpoint)

    with mock_licensemanager(), mock_licensemanager():
        inside = licenses_in(endpoint)

    assert inside == []
    assert ServerModeMockAWS._nested_count == 0


def test_nested_activation_shares_the_server_state(endpoint):
    with mock_licensemanager() as outer:
        seeded = outer.seed_license(product_sku="sku", entitlements=seats(1, allow_check_in=None))
        with mock_licensemanager():
            pass
        client = boto3.client("license-manager", region_name="us-east-1")
        still_there = client.get_license(LicenseArn=seeded.arn)["License"]["LicenseArn"]

    assert still_there == seeded.arn


def test_decorator_runs_the_test_against_the_server(endpoint):
    seen = []

    @mock_licensemanager
    def user_test():
        client = boto3.client("license-manager", region_name="us-east-1")
        seen.append(client.meta.endpoint_url)
        seen.append(client.list_licenses()["Licenses"])

    user_test()

    assert seen == [endpoint, []]


def test_decorated_test_case_seeds_through_the_server(endpoint):
    results = []

    @mock_licensemanager
    class Case(unittest.TestCase):
        def setUp(self):
            self.seeded = self.license_manager.seed_license(
                product_sku="sku", entitlements=seats(1, allow_check_in=None)
            )

        def test_checkout(self):
            client = boto3.client("license-manager", region_name="us-east-1")
            results.append(check_out(client, self.seeded.key_fingerprint)["LicenseArn"])
            results.append(self.seeded.arn)

    outcome = unittest.TextTestRunner(stream=io.StringIO()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(Case)
    )

    assert outcome.wasSuccessful() and results[0] == results[1]
    assert licenses_in(endpoint) == []


def test_reset_can_be_turned_off_as_in_moto(endpoint, monkeypatch):
    monkeypatch.setenv("MOTO_CALL_RESET_API", "false")
    seeded = server_mode.seed_license("kept", seats(1, allow_check_in=None), endpoint_url=endpoint)

    with mock_licensemanager():
        pass

    assert [lic["LicenseArn"] for lic in licenses_in(endpoint)] == [seeded.arn]


def test_bad_seed_options_are_refused_by_the_server(endpoint):
    with mock_licensemanager() as lm, pytest.raises(ValueError, match="borrow_minutes"):
        lm.seed_license(
            product_sku="sku", entitlements=seats(1, allow_check_in=None), borrow_minutes=-1
        )

    assert licenses_in(endpoint) == []


def test_without_a_server_activation_fails_clearly_and_leaves_nothing_active(monkeypatch):
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", "http://127.0.0.1:9")
    real_client = boto3.client

    with pytest.raises(server_mode.ServerModeError, match=r"no server answers at http://127"):
        mock_licensemanager().start()

    assert ServerModeMockAWS._nested_count == 0 and not MockAWS._mocks_active
    assert boto3.client is real_client


def test_off_by_default(monkeypatch):
    monkeypatch.delenv("TEST_SERVER_MODE", raising=False)

    with mock_licensemanager():
        client = boto3.client("license-manager", region_name="us-east-1")
        in_process = botocore_stubber.enabled

    assert in_process and "amazonaws.com" in client.meta.endpoint_url


def test_fixture_and_decorator_against_a_server_process(pytester, monkeypatch):
    # Two tests that each take the only seat: the second passes only if the server was reset.
    pytester.makepyfile(
        """
        import uuid

        import boto3

        from licensemgr_mock import mock_licensemanager
        from licensemgr_mock.moto_adapters.models import licensemanager_backends

        SEATS = [{"Name": "Seats", "Unit": "Count", "MaxCount": 1}]

        def take_the_seat(seeded):
            client = boto3.client("license-manager", region_name="us-east-1")
            return client.checkout_license(
                ProductSKU="sku",
                CheckoutType="PROVISIONAL",
                KeyFingerprint=seeded.key_fingerprint,
                Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
                ClientToken=uuid.uuid4().hex,
            )["LicenseArn"]

        def test_first(license_manager):
            seeded = license_manager.seed_license(product_sku="sku", entitlements=SEATS)
            assert take_the_seat(seeded) == seeded.arn
            assert dict(licensemanager_backends) == {}  # the state is in the server

        def test_second(license_manager):
            seeded = license_manager.seed_license(product_sku="sku", entitlements=SEATS)
            assert take_the_seat(seeded) == seeded.arn

        @mock_licensemanager
        def test_decorated():
            client = boto3.client("license-manager", region_name="us-east-1")
            assert client.list_received_licenses()["Licenses"] == []
        """
    )
    with server_process() as url:
        monkeypatch.setenv("TEST_SERVER_MODE", "true")
        monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", url)
        result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
        left = licenses_in(url)

    result.assert_outcomes(passed=3)
    assert left == []


def test_the_server_fixture_leaves_this_process_empty_for_the_tests_after_it(pytester, monkeypatch):
    # The fixture's server shares this process's moto: a later test with a server of its own
    # (or with moto's backends) must not meet what the fixture's test made.
    pytester.makepyfile(
        """
        import boto3

        from licensemgr_mock import LicenseManagerServer

        def configurations(host, port):
            client = boto3.client(
                "license-manager", region_name="us-east-1", endpoint_url=f"http://{host}:{port}"
            )
            return client.list_license_configurations()["LicenseConfigurations"]

        def test_made_through_the_fixture(license_manager_server):
            host, port = license_manager_server.address
            client = boto3.client(
                "license-manager", region_name="us-east-1", endpoint_url=f"http://{host}:{port}"
            )
            client.create_license_configuration(Name="c", LicenseCountingType="vCPU")
            assert len(configurations(host, port)) == 1

        def test_a_server_of_its_own_after_it():
            server = LicenseManagerServer(port=0)
            server.start()
            try:
                assert configurations(*server.address) == []
            finally:
                server.stop()
        """
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")

    result.assert_outcomes(passed=2)
