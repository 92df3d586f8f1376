"""Where ListLicenses and ListReceivedLicenses start reading. The licenses a request names
(LicenseArns) or its ProductSKU filter selects come from the store's indexes, in the order a
full scan would meet them, and a page resumes after the last license of the page before (its
NextToken's position) by bisecting the index: a page reads about as many licenses as it shows,
however many the account holds and however deep the page. The request's Filters are still
applied to each (``filter_lazily``)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from licensemgr_mock.pipeline.wire import Request
from licensemgr_mock.state.store import Ranked

V = TypeVar("V")


def candidates(
    request: Request,
    every: Mapping[str, V],
    of_sku: Callable[[str], Mapping[str, V]],
    rank: Callable[[str, V], int],
    after: int | None,
) -> Iterable[tuple[str, V]]:
    """(ARN, entry) pairs of ``every`` (ARN -> entry, in list order) that the request may
    list, past the position ``after`` (None: from the start): those of its LicenseArns (each
    once), else those of one ProductSKU filter's values (``of_sku``: the same mapping for one
    SKU), else all. ``rank`` is an entry's place in list order."""

    def order(item: tuple[str, V]) -> int:
        return rank(*item)

    wanted = request.get("LicenseArns")
    if wanted is not None:
        # The request's own size: sorting what it names costs no more than reading it.
        named = ((arn, every[arn]) for arn in set(wanted) if arn in every)
        return sorted((item for item in named if _past(order(item), after)), key=order)
    skus = _product_skus(request.get("Filters"))
    if skus is None:
        return _after(every, rank, after)
    # Each SKU's licenses are in list order already: merged lazily, a page reads its own.
    return heapq.merge(*(_after(of_sku(sku), rank, after) for sku in skus), key=order)


def _past(position: int, after: int | None) -> bool:
    return after is None or position > after


def _after(
    entries: Mapping[str, V], rank: Callable[[str, V], int], after: int | None
) -> Iterable[tuple[str, V]]:
    if isinstance(entries, Ranked):
        return entries.after(rank, after)
    # An account with none: the empty mapping of a lookup.
    return ((key, value) for key, value in entries.items() if _past(rank(key, value), after))


def _product_skus(filters: list[dict[str, Any]] | None) -> set[str] | None:
    """The values of the first ProductSKU filter (filters are ANDed: one narrows enough)."""
    for entry in filters or []:
        if entry.get("Name") == "ProductSKU":
            return set(entry.get("Values") or [])
    return None
