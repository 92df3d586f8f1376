"""What activation and the server's endpoints need of License Manager's moto backends:
seeding in an account and region, every consumption of the test, the tokens' public key,
the newest license's creation (how far back ``lm.clock`` may go), and the reset."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from moto.utilities.utils import PARTITION_NAMES

from licensemgr_mock.grants import tokens
from licensemgr_mock.licenses.seeded import SeededLicense
from licensemgr_mock.licenses.seeding import Seeder, check_options
from licensemgr_mock.moto_adapters.models import licensemanager_backends, stores
from licensemgr_mock.state.records import Checkout


def seeder(account: str, region: str) -> Seeder:
    """The seeder of ``account`` in ``region`` (its backend is made if it does not exist)."""
    return licensemanager_backends[account][region].seeder


def seed_license(options: Mapping[str, object], account: str, region: str) -> SeededLicense:
    """Checks ``seed_license``'s options (``SeedingError`` naming every bad one; nothing is
    seeded then) and seeds the license for their ``account`` and ``region``, by default
    ``account`` and ``region``."""
    checked = check_options(options, account, region)
    chosen = seeder(checked["account"], checked["region"])
    with chosen.store.lock:
        return chosen.seed_license(checked)


def all_consumptions() -> list[Checkout]:
    """The consumptions of every partition a test can inspect (``Store.consumptions``: every
    live one, and the latest finished ones), in the order made within each."""
    return [
        checkout
        for regional in list(stores.values())
        for backend in list(regional.values())
        for checkout in backend.store.consumptions()
    ]


def unreturned(consumptions: list[Checkout]) -> list[Checkout]:
    """The consumptions still held: never checked in and not yet expired. PERPETUAL
    checkouts are left out: they draw their units for good and are not checked in."""
    from licensemgr_mock.pipeline import clock
    from licensemgr_mock.pipeline.api import CheckoutType

    now = clock.now()
    return [
        c
        for c in consumptions
        if c.active and c.expires > now and c.checkout_type != CheckoutType.PERPETUAL
    ]


def describe_unreturned(unreturned: list[Checkout]) -> str:
    """What strict mode reports: one line per consumption never checked in."""
    lines = [f"{len(unreturned)} consumption(s) never checked in (strict mode):"]
    for checkout in unreturned:
        held = ", ".join(f"{e.name} {e.value} {e.unit}" for e in checkout.entitlements_allowed)
        kind = "borrow" if checkout.is_borrow else checkout.checkout_type
        lines.append(
            f"  license {checkout.license_arn}, token {checkout.license_consumption_token} "
            f"({kind}, account {checkout.account}): {held}"
        )
    return "\n".join(lines)


def newest_license_creation() -> datetime | None:
    """When the newest license of any partition was created (None: there is none)."""
    return max(
        (
            license_.created
            for regional in list(stores.values())
            for backend in list(regional.values())
            for license_ in list(backend.store.licenses.values())
        ),
        default=None,
    )


def reset() -> None:
    """Empties License Manager's state (moto's reset does this for moto's own services)."""
    for backend_dict in (licensemanager_backends, stores):
        backend_dict.clear()


def token_public_key_pem(partition: str = "aws") -> str:
    """The PEM public key that verifies the refresh and access tokens the mock signs
    (CreateToken, GetAccessToken) in ``partition`` (ValueError if there is no such one)."""
    if partition not in PARTITION_NAMES:
        raise ValueError(f"no partition {partition!r}; use one of: {', '.join(PARTITION_NAMES)}")
    return tokens.token_public_key_pem(partition)
