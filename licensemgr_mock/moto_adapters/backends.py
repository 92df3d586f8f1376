"""What activation and the server's endpoints need of License Manager's moto backends: a
seeder for an account and region, every consumption of the test, the tokens' public key,
and the reset."""

from __future__ import annotations

from licensemgr_mock.grants import tokens
from licensemgr_mock.licenses.seeding import Seeder
from licensemgr_mock.moto_adapters.models import licensemanager_backends, store_for, stores
from licensemgr_mock.state.records import Checkout


def seeder(account: str, region: str) -> Seeder:
    """The seeder of ``account`` in ``region`` (its backend is made if it does not exist)."""
    return licensemanager_backends[account][region].seeder


def all_consumptions() -> list[Checkout]:
    """The consumptions of every partition a test can inspect (``Store.consumptions``: every
    live one, and the latest finished ones), in the order made within each."""
    return [
        checkout
        for regional in list(stores.values())
        for backend in list(regional.values())
        for checkout in backend.store.consumptions()
    ]


def reset() -> None:
    """Empties License Manager's state (moto's reset does this for moto's own services)."""
    for backend_dict in (licensemanager_backends, stores):
        backend_dict.clear()


def token_public_key_pem(partition: str = "aws") -> str:
    """The PEM public key that verifies the refresh and access tokens the mock signs
    (CreateToken, GetAccessToken) in ``partition``."""
    return tokens.token_public_key_pem(store_for(partition))
