"""What activation and the server's endpoints need of License Manager's moto backends:
seeding in an account and region, every consumption of the test, the tokens' public key,
and the reset."""

from __future__ import annotations

from collections.abc import Mapping

from licensemgr_mock.grants import tokens
from licensemgr_mock.licenses.seeded import SeededLicense
from licensemgr_mock.licenses.seeding import Seeder, check_options
from licensemgr_mock.moto_adapters.models import licensemanager_backends, store_for, stores
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
    """Every consumption in every partition, in the order made."""
    return [
        checkout
        for regional in list(stores.values())
        for backend in list(regional.values())
        for checkout in backend.store.checkouts.values()
    ]


def reset() -> None:
    """Empties License Manager's state (moto's reset does this for moto's own services)."""
    for backend_dict in (licensemanager_backends, stores):
        backend_dict.clear()


def token_public_key_pem(partition: str = "aws") -> str:
    """The PEM public key that verifies the refresh and access tokens the mock signs
    (CreateToken, GetAccessToken) in ``partition``."""
    return tokens.token_public_key_pem(store_for(partition))
