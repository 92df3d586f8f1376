"""Activation a user can trust: nesting keeps the outer's state, decorated plain classes run
every hook mocked (nothing leaves the process), ``async with``, seeding only inside a mock,
the three ways a plain function reaches seed_license, refusal reasons and strict mode."""

from __future__ import annotations

import asyncio
import io
import logging
import socket
import unittest

import pytest

from licensemgr_mock import mock_licensemanager
from licensemgr_mock.activation.mock import (
    LicenseManagerMock,
    MockNotActiveError,
    UnreturnedConsumptionError,
)
from tests.helpers import ONE_SEAT, checkout, lm_client, seats

pytest_plugins = ["pytester"]

TWO_SEATS = seats(2, allow_check_in=None)


def received() -> list[str]:
    return [x["LicenseArn"] for x in lm_client().list_received_licenses()["Licenses"]]


# -- 1. nesting -------------------------------------------------------------------------


def test_a_decorated_helper_inside_the_fixture_keeps_the_outer_state(license_manager):
    outer = license_manager.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)

    @mock_licensemanager
    def helper() -> list[str]:
        mock_licensemanager().seed_license(product_sku="SKU2", entitlements=TWO_SEATS)
        return received()

    inside = helper()

    assert outer.arn in inside and len(inside) == 2
    assert len(received()) == 2  # the inner's seed stays until the outermost one ends


def test_two_nested_withs_share_state_and_the_next_outermost_starts_empty():
    with mock_licensemanager() as outer:
        first = outer.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        with mock_licensemanager() as inner:
            assert received() == [first.arn]
            inner.seed_license(product_sku="SKU2", entitlements=TWO_SEATS)
        assert len(received()) == 2
    with mock_licensemanager():
        assert received() == []


# -- 2. plain classes -------------------------------------------------------------------

SOCKET_GUARD = """
import socket

import pytest


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a test tried to leave the process: {args}")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
"""


def test_a_decorated_plain_class_runs_every_hook_and_inherited_test_mocked(pytester):
    pytester.makeconftest(SOCKET_GUARD)
    pytester.makepyfile(
        """
        import boto3

        from licensemgr_mock import mock_licensemanager


        def names():
            client = boto3.client("license-manager", region_name="us-east-1")
            return [x["LicenseName"] for x in client.list_licenses()["Licenses"]]


        def create(name):
            boto3.client("license-manager", region_name="us-east-1").create_license(
                LicenseName=name, ProductName="p", ProductSKU="s", Issuer={"Name": "I"},
                HomeRegion="us-east-1", Validity={"Begin": "2020-01-01T00:00:00Z"},
                Entitlements=[{"Name": "S", "Unit": "Count", "MaxCount": 1}],
                Beneficiary="b", ClientToken=name.replace(" ", "-"),
                ConsumptionConfiguration={
                    "ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 5}
                },
            )


        class Base:
            def test_inherited(self):
                assert names() == ["from setup_method"]


        @mock_licensemanager
        class TestPlain(Base):
            @classmethod
            def setup_class(cls):
                names()

            @classmethod
            def teardown_class(cls):
                names()

            def setup_method(self, method):
                create("from setup_method")

            def teardown_method(self):  # pytest allows the method argument to be left out
                assert names() == ["from setup_method"]

            def test_sees_setup_state(self):
                assert names() == ["from setup_method"]


        class EmptyBase:
            def test_inherited_alone(self):
                assert names() == []


        @mock_licensemanager
        class TestWithoutHooks(EmptyBase):
            pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_the_socket_guard_catches_an_unmocked_call(pytester):
    pytester.makeconftest(SOCKET_GUARD)
    pytester.makepyfile(
        """
        import boto3
        from botocore.config import Config


        class TestUnmocked:
            def setup_method(self, method):
                config = Config(retries={"max_attempts": 1})
                boto3.client("license-manager", config=config).list_licenses()

            def test_never_reached(self):
                pass
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*a test tried to leave the process*"])


# -- 3. async with ----------------------------------------------------------------------


def test_async_with_activates_the_mock():
    async def body() -> tuple[list[str], list[str]]:
        async with mock_licensemanager() as lm:
            lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
            await asyncio.sleep(0)
            return [lic.arn], received()

    seeded, seen = asyncio.run(body())

    assert seen == seeded
    with pytest.raises(MockNotActiveError):
        mock_licensemanager().seed_license(product_sku="SKU1", entitlements=TWO_SEATS)


# -- 4. seeding outside a mock ----------------------------------------------------------


def test_seed_license_outside_an_active_mock_is_a_clear_error():
    lm = mock_licensemanager()
    with pytest.raises(MockNotActiveError, match="needs an active mock"):
        lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
    with lm:
        lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
    with pytest.raises(MockNotActiveError):
        lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)


# -- 7. how a plain function reaches seed_license --------------------------------------

lm_for_module = mock_licensemanager()


@lm_for_module
def decorated_with_a_named_mock() -> list[str]:
    lic = lm_for_module.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
    return [lic.arn, *received()]


def test_pattern_named_mock_then_decorator():
    arn, *seen = decorated_with_a_named_mock()
    assert seen == [arn]
    assert not lm_for_module.active


def test_pattern_context_manager():
    with mock_licensemanager() as lm:
        lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        assert received() == [lic.arn]


def test_pattern_fixture(license_manager):
    lic = license_manager.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
    assert isinstance(license_manager, LicenseManagerMock) and received() == [lic.arn]


# -- 8. refusal reasons -----------------------------------------------------------------


def test_refusals_keep_aws_answer_and_tell_the_real_cause(lm, client, caplog):
    lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
    causes = {
        "wrong fingerprint": dict(fingerprint="aws:1:nobody:issuer-fingerprint"),
        "no seats left": dict(fingerprint=lic.key_fingerprint, value="3"),
        "wrong unit": dict(
            fingerprint=lic.key_fingerprint,
            Entitlements=[{"Name": "Seats", "Unit": "None"}],
        ),
        "unknown sku": dict(fingerprint=lic.key_fingerprint, ProductSKU="OTHER"),
    }
    messages = []
    with caplog.at_level(logging.INFO, logger="licensemgr_mock.refusals"):
        for arguments in causes.values():
            with pytest.raises(client.exceptions.NoEntitlementsAllowedException) as raised:
                checkout(client, **arguments)
            messages.append(raised.value.response["Error"]["Message"])

    reasons = [r.reason for r in lm.refusals]
    assert messages == ["No Entitlements Allowed"] * 4
    assert [r.operation for r in lm.refusals] == ["CheckoutLicense"] * 4
    assert "no license has KeyFingerprint 'aws:1:nobody:issuer-fingerprint'" in reasons[0]
    assert "Seats: 3 Count requested, 2 of 2 left and no Overage" in reasons[1]
    assert "no entitlement 'Seats' with Unit 'None' (license has Seats (Count))" in reasons[2]
    assert "has ProductSKU 'OTHER'" in reasons[3]
    logged = [r.getMessage() for r in caplog.records if r.name == "licensemgr_mock.refusals"]
    assert len(logged) == 4 and reasons[1] in logged[1]


def test_refusal_reasons_for_grants_validity_and_borrowing(lm, client):
    pending = lm.seed_license(
        product_sku="SKU1", entitlements=TWO_SEATS, end="2020-01-02", begin="2020-01-01"
    )
    own = lm.seed_license(
        product_sku="SKU2", entitlements=TWO_SEATS, issuer="self", beneficiary="b"
    )

    for fingerprint, sku in ((pending.key_fingerprint, "SKU1"), (own.key_fingerprint, "SKU2")):
        with pytest.raises(client.exceptions.NoEntitlementsAllowedException):
            checkout(client, fingerprint, ProductSKU=sku)
    with pytest.raises(client.exceptions.NoEntitlementsAllowedException):
        client.checkout_borrow_license(
            LicenseArn=own.arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken="t1",
        )

    expired, needs_beneficiary, no_borrow = (r.reason for r in lm.refusals)
    assert f"license {pending.arn} expired at 2020-01-02T00:00:00Z" in expired
    assert "an issuer checks out its own license by passing its Beneficiary" in needs_beneficiary
    assert no_borrow == f"license {own.arn} has no BorrowConfiguration"
    assert lm.refusals[-1].operation == "CheckoutBorrowLicense"


# -- 10. strict mode --------------------------------------------------------------------


def test_strict_mode_names_what_was_never_checked_in():
    lm = mock_licensemanager(strict=True)
    with pytest.raises(UnreturnedConsumptionError) as raised, lm:
        lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        kept = checkout(lm_client(), lic.key_fingerprint)["LicenseConsumptionToken"]
        returned = checkout(lm_client(), lic.key_fingerprint)["LicenseConsumptionToken"]
        lm_client().check_in_license(LicenseConsumptionToken=returned)

    message = str(raised.value)
    assert f"license {lic.arn}, token {kept}" in message and "Seats 1 Count" in message
    assert returned not in message
    assert not lm.active
    report = {c.license_consumption_token: c.active for c in lm.consumptions}
    assert report == {kept: True, returned: False}


def test_strict_mode_passes_when_everything_was_checked_in_and_is_off_by_default():
    with mock_licensemanager(strict=True) as lm:
        lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        token = checkout(lm_client(), lic.key_fingerprint)["LicenseConsumptionToken"]
        lm_client().check_in_license(LicenseConsumptionToken=token)
    with mock_licensemanager() as lm:
        lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        checkout(lm_client(), lic.key_fingerprint)
    assert [c.active for c in lm.consumptions] == [True]
    assert [c.license_arn for c in lm.unreturned()] == [lic.arn]


def test_strict_decorator_fails_the_test_and_keeps_its_own_error_first():
    @mock_licensemanager(strict=True)
    def leaves_a_seat(fail: bool) -> None:
        lic = mock_licensemanager().seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        checkout(lm_client(), lic.key_fingerprint)
        if fail:
            raise KeyError("the test's own failure")

    with pytest.raises(UnreturnedConsumptionError):
        leaves_a_seat(False)
    with pytest.raises(KeyError):
        leaves_a_seat(True)


def test_strict_marker_fails_at_teardown(pytester):
    pytester.makeconftest(SOCKET_GUARD)
    pytester.makepyfile(
        """
        import boto3
        import pytest

        SEATS = [{"Name": "Seats", "Unit": "Count", "MaxCount": 2}]


        def check_out(lic):
            client = boto3.client("license-manager", region_name="us-east-1")
            return client.checkout_license(
                ProductSKU="SKU1", CheckoutType="PROVISIONAL", KeyFingerprint=lic.key_fingerprint,
                Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}], ClientToken="t",
            )["LicenseConsumptionToken"]


        @pytest.mark.license_manager_strict
        def test_leaves_a_seat(license_manager):
            check_out(license_manager.seed_license(product_sku="SKU1", entitlements=SEATS))


        @pytest.mark.license_manager_strict
        def test_fails_on_its_own(license_manager):
            check_out(license_manager.seed_license(product_sku="SKU1", entitlements=SEATS))
            assert False, "own failure"


        def test_not_strict(license_manager):
            check_out(license_manager.seed_license(product_sku="SKU1", entitlements=SEATS))
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers")
    result.assert_outcomes(passed=2, failed=1, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_leaves_a_seat*"])
    result.stdout.fnmatch_lines(["*never checked in (strict mode)*"])


def test_strict_mode_leaves_perpetual_checkouts_out():
    with mock_licensemanager(strict=True) as lm:
        lic = lm.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        checkout(lm_client(), lic.key_fingerprint, CheckoutType="PERPETUAL")
    assert [c.checkout_type for c in lm.consumptions] == ["PERPETUAL"]
    assert lm.unreturned() == []


def test_a_decorated_test_case_runs_its_class_hooks_mocked(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to leave the process")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    seen: list[list[str]] = []

    @mock_licensemanager
    class Case(unittest.TestCase):
        @classmethod
        def setUpClass(cls) -> None:
            seen.append(received())

        @classmethod
        def tearDownClass(cls) -> None:
            seen.append(received())

        def test_it(self) -> None:
            self.license_manager.seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
            seen.append(received())

    outcome = unittest.TextTestRunner(stream=io.StringIO()).run(
        unittest.defaultTestLoader.loadTestsFromTestCase(Case)
    )

    assert outcome.wasSuccessful(), outcome.errors
    assert [len(x) for x in seen] == [0, 1, 0]


def test_refusals_start_empty_in_our_first_activation_inside_mock_aws():
    from moto import mock_aws

    for _ in range(2):
        with mock_aws(), mock_licensemanager() as lm:
            with pytest.raises(lm_client().exceptions.NoEntitlementsAllowedException):
                checkout(lm_client(), "aws:1:nobody:issuer-fingerprint")
            assert len(lm.refusals) == 1


def test_seeding_inside_plain_mock_aws():
    from moto import mock_aws

    with mock_aws():
        lic = LicenseManagerMock().seed_license(product_sku="SKU1", entitlements=TWO_SEATS)
        assert received() == [lic.arn]


def test_strict_on_a_plain_class_fails_once_at_teardown(pytester):
    pytester.makeconftest(SOCKET_GUARD)
    pytester.makepyfile(
        """
        import boto3

        from licensemgr_mock import mock_licensemanager

        lm = mock_licensemanager(strict=True)


        @lm
        class TestStrict:
            def test_leaves_a_seat(self):
                lic = lm.seed_license(
                    product_sku="S", entitlements=[{"Name": "Seats", "Unit": "Count"}]
                )
                boto3.client("license-manager", region_name="us-east-1").checkout_license(
                    ProductSKU="S", CheckoutType="PROVISIONAL", KeyFingerprint=lic.key_fingerprint,
                    Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "1"}],
                    ClientToken="t",
                )
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*ERROR at teardown of TestStrict.test_leaves_a_seat*"])
