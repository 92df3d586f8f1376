"""``lm.clock`` in-process: expiry, TTLs and borrow windows follow it, it composes with
freezegun and time-machine, bad moves raise ValueError and change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import time_machine
from botocore.exceptions import ClientError
from freezegun import freeze_time

from licensemgr_mock import mock_licensemanager
from tests.helpers import ONE_SEAT, checkout, error_of, seats, token, usage


def close_to(moment: datetime, expected: datetime) -> bool:
    return abs(moment - expected) < timedelta(minutes=1)


def test_advance_expires_a_provisional_checkout(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(1), provisional_minutes=60)
    held = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]

    lm.clock.advance(timedelta(minutes=59))
    with pytest.raises(ClientError) as still_held:
        checkout(client, lic.key_fingerprint)
    lm.clock.advance(60)

    assert error_of(still_held) == ("NoEntitlementsAllowedException", 400)
    assert usage(client, lic.arn) == {"Seats": "0"}
    assert lm.unreturned() == []
    with pytest.raises(ClientError) as gone:
        client.check_in_license(LicenseConsumptionToken=held)
    assert error_of(gone)[0] == "ResourceNotFoundException"
    assert checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"] != held


def test_advance_ends_a_borrow_window(lm, client):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(1), borrow_minutes=120)
    borrowed = client.checkout_borrow_license(
        LicenseArn=lic.arn,
        Entitlements=ONE_SEAT,
        DigitalSignatureMethod="JWT_PS384",
        ClientToken=token(),
    )
    expiration = datetime.fromisoformat(borrowed["Expiration"]).replace(tzinfo=UTC)

    moved = lm.clock.advance(timedelta(hours=2, seconds=1))

    assert moved > expiration
    assert usage(client, lic.arn) == {"Seats": "0"}
    assert [c.active and c.expires > moved for c in lm.consumptions] == [False]


def test_set_moves_past_a_license_end_and_reset_comes_back(lm, client):
    now = datetime.now(UTC)
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(1), end=now + timedelta(days=30))

    answered = lm.clock.set(now + timedelta(days=31))
    with pytest.raises(ClientError) as expired:
        checkout(client, lic.key_fingerprint)
    lm.clock.reset()
    issued = checkout(client, lic.key_fingerprint)["IssuedAt"]

    assert close_to(answered, now + timedelta(days=31))
    assert error_of(expired)[0] == "NoEntitlementsAllowedException"
    assert close_to(datetime.fromisoformat(issued).replace(tzinfo=UTC), datetime.now(UTC))


def test_a_naive_datetime_is_utc_and_the_clock_keeps_running(lm, client):
    lm.clock.set(datetime(2031, 3, 1, 12, 0))

    assert close_to(lm.clock.now(), datetime(2031, 3, 1, 12, 0, tzinfo=UTC))
    assert lm.clock.now() >= datetime(2031, 3, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "travel",
    [freeze_time, lambda moment: time_machine.travel(moment, tick=False)],
    ids=["freezegun", "time-machine"],
)
def test_the_clock_adds_to_freezegun_and_time_machine(lm, client, travel):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(1), begin="2029-01-01T00:00:00Z")
    with travel("2030-05-01 12:00:00+00:00"):
        lm.clock.advance(3600)
        answer = checkout(client, lic.key_fingerprint)
        now = lm.clock.now()

    assert answer["IssuedAt"] == "2030-05-01T13:00:00"
    assert now == datetime(2030, 5, 1, 13, 0, tzinfo=UTC)


# Each bad move, and a word its ValueError names (the same in server mode: test_clock_server).
BAD_MOVES = [
    (lambda clock: clock.advance("60"), "seconds"),
    (lambda clock: clock.advance(float("nan")), "seconds"),
    (lambda clock: clock.advance(True), "seconds"),
    (lambda clock: clock.advance(timedelta.max), "9999"),
    (lambda clock: clock.set("2030-01-01"), "datetime"),
    (lambda clock: clock.set(datetime(1969, 12, 31, tzinfo=UTC)), "1970"),
    (lambda clock: clock.set(datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)), "9999"),
    (
        lambda clock: clock.set(datetime(9999, 12, 31, 23, tzinfo=timezone(-timedelta(hours=5)))),
        "9999",
    ),
    (lambda clock: clock.advance(3e11), "9999"),  # about 9,500 years
    (lambda clock: clock.advance(-2 * 24 * 3600), "before a license was created"),
    (lambda clock: clock.set(datetime(2020, 1, 1)), "before a license was created"),
]


@pytest.mark.parametrize(("move", "named"), BAD_MOVES)
def test_bad_moves_raise_value_error_and_change_nothing(lm, move, named):
    lm.seed_license(product_sku="SKU1", entitlements=seats(1))

    with pytest.raises(ValueError, match=named):
        move(lm.clock)

    assert close_to(lm.clock.now(), datetime.now(UTC))


def test_moving_back_is_allowed_down_to_the_newest_license(lm):
    lm.clock.advance(timedelta(days=10))
    lm.seed_license(product_sku="SKU1", entitlements=seats(1))
    lm.clock.advance(timedelta(days=1))

    lm.clock.advance(-3600)  # still after the license's creation
    with pytest.raises(ValueError, match="before a license was created"):
        lm.clock.advance(timedelta(days=-1))

    assert close_to(lm.clock.now(), datetime.now(UTC) + timedelta(days=11, hours=-1))


def test_the_clock_is_put_back_when_the_mock_ends():
    with mock_licensemanager() as lm:
        lm.clock.advance(timedelta(days=400))
        inside = lm.clock.now()

    with mock_licensemanager() as lm:
        after = lm.clock.now()

    assert close_to(inside, datetime.now(UTC) + timedelta(days=400))
    assert close_to(after, datetime.now(UTC))
