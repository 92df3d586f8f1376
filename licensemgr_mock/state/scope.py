"""Who is calling and where: the one thing every API area of a backend is built with."""

from __future__ import annotations

from dataclasses import dataclass

from moto.moto_api._internal import mock_random

from licensemgr_mock.pipeline.errors import RedirectException
from licensemgr_mock.state.store import Store, store_for

# AWS Marketplace issues its licenses from this account, with one fixed fingerprint.
MARKETPLACE_ACCOUNT = "294406891311"
MARKETPLACE_ISSUER = "AWS/Marketplace"


def new_id() -> str:
    """32 lowercase hex digits, from moto's seedable random source."""
    return mock_random.uuid4().hex


def key_fingerprint(account: str, issuer_name: str) -> str:
    """The KeyFingerprint of licenses an account issues under ``issuer_name``."""
    return f"aws:{account}:{issuer_name}:issuer-fingerprint"


@dataclass(frozen=True)
class Scope:
    """One account in one region of one partition."""

    account_id: str
    region_name: str
    partition: str

    @property
    def store(self) -> Store:
        """The partition-wide store of licenses, grants and checkouts."""
        return store_for(self.partition)

    def arn(self, kind: str, resource_id: str, regional: bool = False) -> str:
        """An ARN of this account; licenses and grants are global (empty region)."""
        region = self.region_name if regional else ""
        return (
            f"arn:{self.partition}:license-manager:{region}:{self.account_id}:{kind}:{resource_id}"
        )

    def require_home_region(self, home_region: str) -> None:
        """Raises RedirectException unless the call was made in ``home_region``."""
        if home_region != self.region_name:
            raise RedirectException(home_region)


class Area:
    """An API area of one account in one region: it owns its state and answers its
    operations, as methods named after them (``checkout_license`` answers CheckoutLicense).
    What it needs of other areas it is handed when the backend is built."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    @property
    def account_id(self) -> str:
        """The calling account."""
        return self.scope.account_id

    @property
    def region_name(self) -> str:
        """The region the call was made in."""
        return self.scope.region_name

    @property
    def partition(self) -> str:
        """The partition of the region (``aws``, ``aws-cn``, ...)."""
        return self.scope.partition

    @property
    def store(self) -> Store:
        """The partition-wide store."""
        return store_for(self.scope.partition)

    def arn(self, kind: str, resource_id: str, regional: bool = False) -> str:
        """An ARN of this account (see ``Scope.arn``)."""
        return self.scope.arn(kind, resource_id, regional)

    def require_home_region(self, home_region: str) -> None:
        """Raises RedirectException unless the call was made in ``home_region``."""
        self.scope.require_home_region(home_region)
