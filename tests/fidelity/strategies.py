"""Hypothesis strategies for License Manager requests, read from botocore's service model.

``request(shape, pools)`` draws a request that fits the input shape: required members always,
optional ones sometimes, strings within their lengths and patterns, enums from their values,
numbers within their ranges. Where a member names something that exists in the mock (an ARN,
a token, a fingerprint), ``pools`` offers real values as well as made-up ones, so requests
reach past "not found" into the operation's logic.

``request(shape, pools, edges=True)`` also draws the values that broke the mock before (issue
11, items 4-6): integers at and past 32- and 64-bit limits where the model sets no maximum,
numbers in strings that are huge or not ASCII, dates the pattern admits near year 1 or 9999
with an offset. ``raw_bodies()`` draws request bodies no SDK sends (item 9).

``break_one(shape, value)`` lists the ways one member of a valid request can be made invalid
(a required member dropped, a string too long or too short, a pattern or an enum missed, a
number out of range, a list too long, a wrong type); each is invalid by construction, not by
our validator's word, so the tests can hold the validator to it.
"""

from __future__ import annotations

import copy
import json
import re
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from hypothesis import strategies as st

Pools = Mapping[str, Sequence[Any]]

# Short, printable, JSON-safe text: the service's strings are free text or identifiers.
_ALPHABET = string.ascii_letters + string.digits + "-_.:/ "
# Lists and free text stay short; the limits themselves are tested by ``break_one``.
_MAX_ITEMS = 3
_MAX_TEXT = 24
_MAX_DEPTH = 6


def request(
    shape: StructureShape | None, pools: Pools, edges: bool = False
) -> st.SearchStrategy[dict[str, Any]]:
    """Requests that fit ``shape`` (an operation's input shape); ``edges`` mixes in
    boundary values."""
    if shape is None:
        return st.just({})
    return _structure(shape, pools, 0, edges)


def _value(shape: Shape, name: str, parent: str, pools: Pools, depth: int, edges: bool) -> Any:
    pool = pools.get(f"{parent}.{name}") or pools.get(name)
    made = _made(shape, name, pools, depth, edges)
    if not pool:
        return made
    # Three draws in four from the pool: a request reaches the operation's logic only when
    # all the things it names exist.
    real = st.sampled_from(list(pool))
    return st.one_of(real, real, real, made)


def _made(shape: Shape, name: str, pools: Pools, depth: int, edges: bool) -> st.SearchStrategy[Any]:
    if isinstance(shape, StructureShape):
        return _structure(shape, pools, depth + 1, edges)
    if isinstance(shape, ListShape):
        low = shape.metadata.get("min", 0)
        high = max(low, min(shape.metadata.get("max", _MAX_ITEMS), _MAX_ITEMS))
        singular = name[:-1] if name.endswith("s") else name
        member = _value(shape.member, singular, shape.name, pools, depth + 1, edges)
        return st.lists(member, min_size=low, max_size=high)
    if isinstance(shape, MapShape):
        keys = _scalar(shape.key)
        return st.dictionaries(keys, _made(shape.value, name, pools, depth + 1, edges), max_size=2)
    if edges:
        return st.one_of(_scalar(shape), _edge(shape))
    return _scalar(shape)


def _structure(
    shape: StructureShape, pools: Pools, depth: int, edges: bool
) -> st.SearchStrategy[Any]:
    required = set(shape.required_members)
    members: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, member in shape.members.items():
        if name in required:
            members[name] = _value(member, name, shape.name, pools, depth, edges)
        elif depth < _MAX_DEPTH:
            optional[name] = _value(member, name, shape.name, pools, depth, edges)
    return st.fixed_dictionaries(members, optional=optional)


def _scalar(shape: Shape) -> st.SearchStrategy[Any]:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if meta.get("enum"):
            return st.sampled_from(list(meta["enum"]))
        low, most = meta.get("min", 0), meta.get("max", 1 << 20)
        if meta.get("pattern"):
            pattern = re.compile(meta["pattern"])
            return st.from_regex(pattern, fullmatch=True).filter(lambda s: low <= len(s) <= most)
        return st.text(_ALPHABET, min_size=low, max_size=max(low, min(most, low + _MAX_TEXT)))
    if kind in ("integer", "long"):
        return st.integers(meta.get("min", -10), min(meta.get("max", 10_000), 10_000))
    if kind == "boolean":
        return st.booleans()
    if kind == "timestamp":
        moments = st.datetimes(datetime(2020, 1, 1), datetime(2035, 1, 1), timezones=st.just(UTC))
        return moments.map(lambda moment: moment.replace(microsecond=0))
    if kind in ("double", "float"):
        return st.floats(-1e6, 1e6, allow_nan=False)
    if kind == "blob":
        return st.binary(max_size=16)
    raise AssertionError(f"no strategy for {kind} shape {shape.name}")


# Integers where the model sets no bound: past 32 and 64 bits, and past what a datetime holds
# as minutes or days (MaxTimeToLiveInMinutes=10**10, ExpirationInDays=3_000_000).
_BIG_INTEGERS = [2**31 - 1, 2**31, 3_000_000, 10**10, 2**63 - 1, 2**63, 10**30]
# Quantities and other numbers sent as strings: huge, negative, not ASCII, not a number.
_NUMBER_TEXTS = ["9" * 40, "9" * 4301, "-1", "\u0663", "\uff15", "1e400", "0x10", " 7 "]
# Dates the ISO8601 pattern admits at the ends of what a datetime holds.
_EDGE_DATES = [
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59-12:00",
    "1970-01-01T00:00:00.999999999Z",
]


def _edge(shape: Shape) -> st.SearchStrategy[Any]:
    """Values at the edges of what ``shape`` admits (each still fits the shape)."""
    meta = shape.metadata
    kind = shape.type_name
    if kind in ("integer", "long"):
        low, high = meta.get("min"), meta.get("max")
        values = [v for v in (low, high) if v is not None]
        if high is None:
            values += [v for v in _BIG_INTEGERS if low is None or v >= low]
        if low is None:
            values += [-(2**31), -1, 0]
        return st.sampled_from(values)
    if kind == "string" and not meta.get("enum"):
        low, most = meta.get("min", 0), meta.get("max", 1 << 20)
        pattern = meta.get("pattern")
        fits = [
            text
            for text in [*_NUMBER_TEXTS, *_EDGE_DATES]
            if low <= len(text) <= most and (not pattern or re.fullmatch(pattern, text))
        ]
        return st.sampled_from(fits) if fits else _scalar(shape)
    if kind == "timestamp":
        ends = [datetime(1970, 1, 1, tzinfo=UTC), datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)]
        return st.sampled_from(ends)
    return _scalar(shape)


def raw_bodies() -> st.SearchStrategy[bytes]:
    """Request bodies no SDK sends: broken or deeply nested JSON, JSON that is not an object,
    bytes that are not UTF-8, members of the wrong type, numbers past every limit."""
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
        max_leaves=8,
    )
    odd_members = st.fixed_dictionaries(
        {},
        optional={
            "ClientToken": json_values,
            "MaxResults": st.sampled_from([10**30, -1, 1.5, "5"]),
            "LicenseArn": json_values,
            "Filters": json_values,
            "NextToken": json_values,
        },
    )
    return st.one_of(
        st.sampled_from(
            [
                b"",
                b"{",
                b"null",
                b"[]",
                b'"text"',
                b"\xff\xfe{}",
                b"[" * 100_000,
                b'{"a":' * 50_000,
                b'{"MaxResults": 1' + b"0" * 5000 + b"}",
            ]
        ),
        json_values.map(lambda value: json.dumps(value).encode()),
        odd_members.map(lambda value: json.dumps(value).encode()),
    )


@dataclass(frozen=True)
class Breakage:
    """One way to make a request invalid: where, how, and the member AWS's message names."""

    path: tuple[str | int, ...]
    how: str
    replace: Callable[[Any], Any] | None  # None: drop the member
    member: str

    def apply(self, request: dict[str, Any]) -> dict[str, Any]:
        """A copy of ``request`` with this breakage applied."""
        broken = copy.deepcopy(request)
        holder: Any = broken
        for step in self.path[:-1]:
            holder = holder[step]
        last = self.path[-1]
        if self.replace is None:
            del holder[last]
        else:
            holder[last] = self.replace(holder[last])
        return broken


def break_one(shape: StructureShape | None, value: dict[str, Any]) -> list[Breakage]:
    """Every single-member breakage of the valid request ``value``."""
    if shape is None:
        return []
    return list(_breakages(shape, value, ()))


def _breakages(shape: Shape, value: Any, path: tuple[str | int, ...]) -> Any:
    if isinstance(shape, StructureShape):
        for name in shape.required_members:
            if name in value:
                yield Breakage((*path, name), "missing required member", None, name)
        for name, item in value.items():
            yield from _member_breakages(shape.members[name], item, (*path, name), name)
    elif isinstance(shape, ListShape):
        for index, item in enumerate(value):
            yield from _breakages(shape.member, item, (*path, index))


def _member_breakages(shape: Shape, value: Any, path: tuple[str | int, ...], name: str) -> Any:
    meta = shape.metadata
    low, high = meta.get("min"), meta.get("max")
    if isinstance(shape, ListShape):
        if high is not None and value:
            yield Breakage(path, "list too long", lambda v: v + [v[0]] * (high + 1 - len(v)), name)
        if low:
            yield Breakage(path, "list too short", lambda v: v[: low - 1], name)
        yield from _breakages(shape, value, path)
        return
    if isinstance(shape, StructureShape):
        yield from _breakages(shape, value, path)
        return
    kind = shape.type_name
    if kind == "string":
        if meta.get("enum"):
            yield Breakage(path, "not in enum", lambda _: "NOT_A_MODELED_VALUE", name)
        if high is not None:
            yield Breakage(path, "string too long", lambda _: "x" * (high + 1), name)
        if low:
            yield Breakage(path, "string too short", lambda _: "x" * (low - 1), name)
        pattern = meta.get("pattern")
        if pattern:
            misses = [t for t in ("", " ", "not valid!") if not re.fullmatch(pattern, t)]
            if misses:
                yield Breakage(path, "pattern missed", lambda _: misses[0], name)
        yield Breakage(path, "wrong type", lambda _: 7, name)
    elif kind in ("integer", "long"):
        if low is not None:
            yield Breakage(path, "number too small", lambda _: low - 1, name)
        if high is not None:
            yield Breakage(path, "number too large", lambda _: high + 1, name)
        yield Breakage(path, "wrong type", lambda _: "seven", name)
    elif kind == "boolean":
        yield Breakage(path, "wrong type", lambda _: "yes", name)
