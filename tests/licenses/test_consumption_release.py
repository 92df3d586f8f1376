"""Consumptions are released (issue 27, item 15): a checked-in or expired consumption leaves
the store once its ClientToken window is over; ``lm.consumptions`` and strict mode still
report what the test did."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
import pytest
import time_machine
from botocore.exceptions import ClientError

from licensemgr_mock import UnreturnedConsumptionError, mock_licensemanager
from licensemgr_mock.moto_adapters.models import store_for
from tests.helpers import ONE_SEAT, REGION, SEATS, error_of, token

WINDOW = timedelta(minutes=10, seconds=1)


def _checkout(client: Any, seeded: Any, client_token: str | None = None) -> str:
    answer = client.checkout_license(
        ProductSKU=seeded.product_sku,
        CheckoutType="PROVISIONAL",
        KeyFingerprint=seeded.key_fingerprint,
        Entitlements=ONE_SEAT,
        ClientToken=client_token or token(),
    )
    return str(answer["LicenseConsumptionToken"])


def _check_in_error(client: Any, consumption: str) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        client.check_in_license(LicenseConsumptionToken=consumption)
    return error_of(raised)[0], raised.value.response["Error"]["Message"]


def test_a_checked_in_consumption_leaves_the_store_after_its_window():
    with time_machine.travel("2026-03-01T12:00:00Z", tick=False) as clock:
        with mock_licensemanager() as lm:
            seeded = lm.seed_license(product_sku="SKU1", entitlements=SEATS)
            client = boto3.client("license-manager", region_name=REGION)
            first_token = token()
            first = _checkout(client, seeded, first_token)
            client.check_in_license(LicenseConsumptionToken=first)
            store = store_for("aws")

            # Inside the window: still in the store, a retried check-in is told it was done.
            assert first in store.checkouts
            assert _check_in_error(client, first) == (
                "ResourceNotFoundException",
                f"License consumption token {first} was already checked in.",
            )
            clock.shift(WINDOW)
            second = _checkout(client, seeded)

            assert first not in store.checkouts and second in store.checkouts
            assert _check_in_error(client, first)[0] == "ResourceNotFoundException"
            # Reported all the same, checked in; the seat is back in the pool.
            assert [(c.license_consumption_token, c.active) for c in lm.consumptions] == [
                (first, False),
                (second, True),
            ]
            usage = client.get_license_usage(LicenseArn=seeded.arn)["LicenseUsage"]
            assert usage["EntitlementUsages"][0]["ConsumedValue"] == "1"
            # The ClientToken's answer is gone too: the same token is a new checkout.
            assert _checkout(client, seeded, first_token) not in (first, second)
        assert [c.license_consumption_token for c in lm.consumptions][:2] == [first, second]


def test_an_expired_consumption_leaves_the_store_and_returns_its_units():
    travel = time_machine.travel("2026-03-01T12:00:00Z", tick=False)
    with travel as clock, mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="SKU1", entitlements=SEATS)
        client = boto3.client("license-manager", region_name=REGION)
        held = _checkout(client, seeded)
        clock.shift(timedelta(minutes=60) + WINDOW)
        other = lm.seed_license(product_sku="SKU2", entitlements=SEATS)
        fresh = _checkout(client, other)
        store = store_for("aws")

        assert held not in store.checkouts and fresh in store.checkouts
        assert [c.active for c in lm.consumptions] == [False, True]
        usage = client.get_license_usage(LicenseArn=seeded.arn)["LicenseUsage"]
        assert usage["EntitlementUsages"][0]["ConsumedValue"] == "0"


def test_strict_mode_still_names_a_consumption_never_checked_in():
    travel = time_machine.travel("2026-03-01T12:00:00Z", tick=False)
    with travel as clock:
        strict = mock_licensemanager(strict=True)
        with pytest.raises(UnreturnedConsumptionError) as raised, strict as lm:
            seeded = lm.seed_license(product_sku="SKU1", entitlements=SEATS)
            client = boto3.client("license-manager", region_name=REGION)
            kept = _checkout(client, seeded)
            returned = _checkout(client, seeded)
            client.check_in_license(LicenseConsumptionToken=returned)
            clock.shift(WINDOW)
            later = _checkout(client, seeded)
            client.check_in_license(LicenseConsumptionToken=later)

            assert returned not in store_for("aws").checkouts
            assert lm.unreturned() == [c for c in lm.consumptions if c.active]
        assert kept in str(raised.value) and returned not in str(raised.value)
        # After stop(), the report of what there was when it stopped.
        assert [c.license_consumption_token for c in lm.unreturned()] == [kept]
        assert [c.license_consumption_token for c in lm.consumptions] == [returned, kept, later]
