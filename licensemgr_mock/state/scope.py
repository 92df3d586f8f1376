"""Who is calling and where: the one thing every API area of a backend is built with."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Protocol

from licensemgr_mock.pipeline.errors import RedirectException
from licensemgr_mock.state.services import Services
from licensemgr_mock.state.store import Store

# AWS Marketplace issues its licenses from this account, with one fixed fingerprint.
MARKETPLACE_ACCOUNT = "294406891311"
MARKETPLACE_ISSUER = "AWS/Marketplace"
_ACCOUNT_ID = re.compile(r"[0-9]{12}")


def is_account_id(text: str) -> bool:
    """Whether ``text`` is an AWS account id: 12 ASCII digits."""
    return _ACCOUNT_ID.fullmatch(text) is not None


class IdSource(Protocol):
    """Where ids come from: anything with ``uuid4()`` (the ``uuid`` module, moto's seedable
    ``mock_random``)."""

    def uuid4(self) -> uuid.UUID: ...


# moto's seedable source once the moto adapters register (so moto's seed repeats our ids).
_ids: IdSource = uuid


def use_ids(source: IdSource) -> None:
    """Makes ``source`` the origin of every id made from now on."""
    global _ids
    _ids = source


def new_id() -> str:
    """32 lowercase hex digits (a random version-4 UUID)."""
    return _ids.uuid4().hex


def new_uuid() -> str:
    """A random version-4 UUID in its 8-4-4-4-12 form."""
    return str(_ids.uuid4())


def key_fingerprint(account: str, issuer_name: str) -> str:
    """The KeyFingerprint of licenses an account issues under ``issuer_name``."""
    return f"aws:{account}:{issuer_name}:issuer-fingerprint"


@dataclass(frozen=True)
class Scope:
    """One account in one region of one partition."""

    account_id: str
    region_name: str
    partition: str
    # The partition-wide store of licenses, grants and checkouts.
    store: Store = field(repr=False, compare=False)
    # The AWS services around License Manager (moto's, through the moto adapters).
    services: Services = field(repr=False, compare=False)

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
        return self.scope.store

    def arn(self, kind: str, resource_id: str, regional: bool = False) -> str:
        """An ARN of this account (see ``Scope.arn``)."""
        return self.scope.arn(kind, resource_id, regional)

    def require_home_region(self, home_region: str) -> None:
        """Raises RedirectException unless the call was made in ``home_region``."""
        self.scope.require_home_region(home_region)
