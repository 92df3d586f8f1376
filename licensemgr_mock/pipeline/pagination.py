"""Filters and pages for the List* operations: the one helper every area uses.

A NextToken carries where the next page starts and a digest of the query it came from (the
request without NextToken and MaxResults), so a token reused with other filters or ARNs is
refused as bad input instead of answering a page of another query. Where the next page starts
is an offset for lists built whole (``paginate``), and for lists read on demand
(``paginate_after``) the position of the last item listed: the next page resumes after it,
at the cost of one page however deep, and items added or removed in between neither repeat
nor hide any other (docs/decisions/grants-tokens-settings.md).
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from licensemgr_mock.pipeline.errors import LicenseManagerError, invalid, quoted

T = TypeVar("T")
# A List request (its generated TypedDict, or any mapping of its members).
Query = Mapping[str, Any]

DEFAULT_PAGE = 100
# Members that may change from one page of a query to the next.
_PAGING_MEMBERS = ("NextToken", "MaxResults")


def apply_filters(
    items: Iterable[T],
    filters: Sequence[Mapping[str, Any]] | None,
    fields: Mapping[str, Callable[[T], str | Collection[str] | None]],
    error: Callable[[str], LicenseManagerError] = invalid,
) -> list[T]:
    """Keeps the items every filter matches: a filter matches when the item's field equals
    one of its values, or, for a field holding several (a list of ARNs), when one of them
    does (OR within a filter, AND across filters, case-sensitive). An unknown filter name is
    bad input (``error``: the operation's validation error unless given)."""
    return list(filter_lazily(items, filters, fields, error))


def filter_lazily(
    items: Iterable[T],
    filters: Sequence[Mapping[str, Any]] | None,
    fields: Mapping[str, Callable[[T], str | Collection[str] | None]],
    error: Callable[[str], LicenseManagerError] = invalid,
) -> Iterator[T]:
    """``apply_filters`` for items produced on demand (``paginate_after``): the filter names
    are checked at once, each item only when it is taken, so a page stops reading at the
    match past its last."""
    checks = []
    for entry in filters or []:
        name = entry.get("Name")
        read = fields.get(name or "")
        if read is None:
            known = ", ".join(fields)
            raise error(f"Unsupported filter name {quoted(name)}; supported filters: {known}.")
        checks.append((read, set(entry.get("Values") or [])))
    return (item for item in items if all(_matches(read(item), wanted) for read, wanted in checks))


def _matches(value: str | Collection[str] | None, wanted: set[str]) -> bool:
    if value is None or isinstance(value, str):
        return value in wanted
    return not wanted.isdisjoint(value)


def _digest(request: Query) -> str:
    query = {k: v for k, v in request.items() if k not in _PAGING_MEMBERS}
    text = json.dumps(query, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def paginate(
    request: Query,
    items: Sequence[T],
    error: Callable[[str], LicenseManagerError] = invalid,
) -> tuple[list[T], str | None]:
    """One page of ``items`` for ``request`` (its MaxResults and NextToken) and the token of
    the next page (None on the last page)."""
    digest, start, end = _window(request, len(items), error)
    return list(items[start:end]), _token(digest, end) if end < len(items) else None


def paginate_after(
    request: Query,
    items_after: Callable[[int | None], Iterable[T]],
    position: Callable[[T], int],
    error: Callable[[str], LicenseManagerError] = invalid,
) -> tuple[list[T], str | None]:
    """``paginate`` for items produced on demand in list order: ``items_after(p)`` gives
    those whose ``position`` is past ``p`` (all for None), and only the page and one item
    past it are taken. The token names the last item's position, so every page costs the
    same however deep it is."""
    size = _size(request, error)
    digest = _digest(request)
    next_token = request.get("NextToken")
    after = _position(next_token, digest, error) if next_token else None
    taken = list(itertools.islice(items_after(after), size + 1))
    page = taken[:size]
    more = len(taken) > size
    return page, _encode(f"{digest}@{position(page[-1])}") if more else None


def _size(request: Query, error: Callable[[str], LicenseManagerError]) -> int:
    size = request.get("MaxResults")
    if size is not None and size < 1:
        # Several List operations leave MaxResults unbounded in the model.
        raise error(f"MaxResults must be at least 1, not {size}.")
    return int(size or DEFAULT_PAGE)


def _window(
    request: Query, count: int | None, error: Callable[[str], LicenseManagerError]
) -> tuple[str, int, int]:
    """The query's digest and the [start, end) of the page the request asks for."""
    size = _size(request, error)
    digest = _digest(request)
    next_token = request.get("NextToken")
    start = _offset(next_token, digest, count, error) if next_token else 0
    return digest, start, start + size


def _token(digest: str, offset: int) -> str:
    return _encode(f"{digest}:{offset}")


def _encode(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def _decoded(
    token: str, digest: str, separator: str, error: Callable[[str], LicenseManagerError]
) -> int:
    """The number a token of the query ``digest`` carries after ``separator``."""
    try:
        made_for, found, number = (
            base64.urlsafe_b64decode(token.encode()).decode().partition(separator)
        )
        value = int(number)
    except ValueError:
        raise error(f"Invalid NextToken: {quoted(token)}") from None
    if not found:
        raise error(f"Invalid NextToken: {quoted(token)}")
    if made_for != digest:
        raise error(f"NextToken {quoted(token)} belongs to another query.")
    return value


def _position(token: str, digest: str, error: Callable[[str], LicenseManagerError]) -> int:
    position = _decoded(token, digest, "@", error)
    if position < 0:
        raise error(f"Invalid NextToken: {quoted(token)}")
    return position


def _offset(
    token: str, digest: str, count: int | None, error: Callable[[str], LicenseManagerError]
) -> int:
    start = _decoded(token, digest, ":", error)
    if start < 0 or (count is not None and start > count):
        raise error(f"Invalid NextToken: {quoted(token)}")
    return start
