"""Filters and pages for the List* operations."""

from __future__ import annotations

import base64
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from licensemgr_mock.pipeline.errors import LicenseManagerError

T = TypeVar("T")

DEFAULT_PAGE = 100


def apply_filters(
    items: list[T],
    filters: list[dict[str, Any]] | None,
    fields: Mapping[str, Callable[[T], str | None]],
    error: type[LicenseManagerError],
) -> list[T]:
    """Keeps the items every filter matches: a filter matches when the item's field equals
    one of its values (OR within a filter, AND across filters, case-sensitive). An unknown
    filter name raises ``error``."""
    for entry in filters or []:
        name = entry.get("Name")
        read = fields.get(name or "")
        if read is None:
            known = ", ".join(fields)
            raise error(f"Unsupported filter name {name!r}; supported filters: {known}.")
        wanted = set(entry.get("Values") or [])
        items = [item for item in items if read(item) in wanted]
    return items


def paginate(
    items: Sequence[T],
    next_token: str | None,
    max_results: int | None,
    error: type[LicenseManagerError],
) -> tuple[list[T], str | None]:
    """One page of ``items`` and the token of the next page (None on the last page)."""
    start = 0
    if next_token:
        try:
            start = int(base64.urlsafe_b64decode(next_token.encode()).decode().removeprefix("p:"))
        except ValueError:
            raise error(f"Invalid NextToken: {next_token}") from None
        if not 0 <= start <= len(items):
            raise error(f"Invalid NextToken: {next_token}")
    size = max_results or DEFAULT_PAGE
    end = start + size
    token = base64.urlsafe_b64encode(f"p:{end}".encode()).decode() if end < len(items) else None
    return list(items[start:end]), token
