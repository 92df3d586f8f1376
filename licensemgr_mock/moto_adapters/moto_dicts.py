"""Reading moto's per-account, per-region backend tables on the hot path.

moto's ``BackendDict.__getitem__`` takes moto's global backend lock and lists every account on
each read (it may have to create the account's entry). A backend that already exists is read
here through ``dict``'s own ``get`` instead; anything not made yet still goes through moto's
``[]``, which creates it exactly as before.
"""

from __future__ import annotations

from typing import Any, TypeVar

from moto.core.base_backend import BackendDict, BaseBackend

B = TypeVar("B", bound=BaseBackend)


def existing(backends: BackendDict[Any], account: str, region: str) -> Any | None:
    """The backend of ``account`` in ``region`` if moto has made it, else None."""
    regional = dict.get(backends, account)
    return dict.get(regional, region) if regional is not None else None


def backend(backends: BackendDict[B], account: str, region: str) -> B:
    """``backends[account][region]``, made by moto if it does not exist yet."""
    found = existing(backends, account, region)
    return found if found is not None else backends[account][region]
