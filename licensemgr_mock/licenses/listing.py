"""Where ListLicenses and ListReceivedLicenses start reading. The licenses a request names
(LicenseArns) or its ProductSKU filter selects come from the store's indexes, in the order a
full scan would meet them, so a page reads about as many licenses as it shows however many
the account holds; the request's Filters are still applied to each (``filter_lazily``)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from licensemgr_mock.pipeline.wire import Request

V = TypeVar("V")


def candidates(
    request: Request,
    every: Mapping[str, V],
    of_sku: Callable[[str], Mapping[str, V]],
    rank: Callable[[str, V], int],
) -> Iterable[tuple[str, V]]:
    """(ARN, entry) pairs of ``every`` (ARN -> entry, in list order) that the request may
    list: those of its LicenseArns (each once), else those of one ProductSKU filter's values
    (``of_sku``: the same mapping for one SKU), else all. ``rank`` is an entry's place in
    list order."""

    def order(item: tuple[str, V]) -> int:
        return rank(*item)

    wanted = request.get("LicenseArns")
    if wanted is not None:
        # The request's own size: sorting what it names costs no more than reading it.
        return sorted(((arn, every[arn]) for arn in set(wanted) if arn in every), key=order)
    skus = _product_skus(request.get("Filters"))
    if skus is None:
        return every.items()
    # Each SKU's licenses are in list order already: merged lazily, a page reads its own.
    return heapq.merge(*(of_sku(sku).items() for sku in skus), key=order)


def _product_skus(filters: list[dict[str, Any]] | None) -> set[str] | None:
    """The values of the first ProductSKU filter (filters are ANDed: one narrows enough)."""
    for entry in filters or []:
        if entry.get("Name") == "ProductSKU":
            return set(entry.get("Values") or [])
    return None
