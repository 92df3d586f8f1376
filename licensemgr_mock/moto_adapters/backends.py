"""What activation and the server's endpoints need of License Manager's moto backends: a
seeder for an account and region, every consumption of the test, the tokens' public key,
and the reset."""

from __future__ import annotations

from moto.settings import allow_unknown_region

from licensemgr_mock.grants import tokens
from licensemgr_mock.licenses.seeded import SeedingError
from licensemgr_mock.licenses.seeding import Seeder
from licensemgr_mock.moto_adapters.models import licensemanager_backends, store_for, stores
from licensemgr_mock.state.records import Checkout


def seeder(account: str, region: str) -> Seeder:
    """The seeder of ``account`` in ``region`` (its backend is made if it does not exist);
    SeedingError for an account that is not 12 digits or a region no client can call."""
    if not (len(account) == 12 and account.isdigit()):
        raise SeedingError(f"seed_license: account={account!r} is not a 12-digit account id")
    regional = licensemanager_backends[account]
    # The regions a client can call (router._backend): botocore's, or any when moto is told
    # to allow them.
    if region not in regional and not allow_unknown_region():
        raise SeedingError(f"seed_license: region={region!r} is not a License Manager region")
    return regional[region].seeder


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
