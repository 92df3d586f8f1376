"""Hypothesis strategies for License Manager requests, read from botocore's service model.

``request(shape, pools)`` draws a request that fits the input shape: required members always,
optional ones sometimes, strings within their lengths and patterns, enums from their values,
numbers within their ranges. Where a member names something that exists in the mock (an ARN,
a token, a fingerprint), ``pools`` offers real values as well as made-up ones, so requests
reach past "not found" into the operation's logic.

``break_one(shape, value)`` lists the ways one member of a valid request can be made invalid
(a required member dropped, a string too long or too short, a pattern or an enum missed, a
number out of range, a list too long, a wrong type); each is invalid by construction, not by
our validator's word, so the tests can hold the validator to it.
"""

from __future__ import annotations

import copy
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


def request(shape: StructureShape | None, pools: Pools) -> st.SearchStrategy[dict[str, Any]]:
    """Requests that fit ``shape`` (an operation's input shape)."""
    if shape is None:
        return st.just({})
    return _structure(shape, pools, 0)


def _value(shape: Shape, name: str, parent: str, pools: Pools, depth: int) -> Any:
    pool = pools.get(f"{parent}.{name}") or pools.get(name)
    made = _made(shape, name, pools, depth)
    if not pool:
        return made
    # Three draws in four from the pool: a request reaches the operation's logic only when
    # all the things it names exist.
    real = st.sampled_from(list(pool))
    return st.one_of(real, real, real, made)


def _made(shape: Shape, name: str, pools: Pools, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(shape, StructureShape):
        return _structure(shape, pools, depth + 1)
    if isinstance(shape, ListShape):
        low = shape.metadata.get("min", 0)
        high = max(low, min(shape.metadata.get("max", _MAX_ITEMS), _MAX_ITEMS))
        singular = name[:-1] if name.endswith("s") else name
        member = _value(shape.member, singular, shape.name, pools, depth + 1)
        return st.lists(member, min_size=low, max_size=high)
    if isinstance(shape, MapShape):
        keys = _scalar(shape.key)
        return st.dictionaries(keys, _made(shape.value, name, pools, depth + 1), max_size=2)
    return _scalar(shape)


def _structure(shape: StructureShape, pools: Pools, depth: int) -> st.SearchStrategy[Any]:
    required = set(shape.required_members)
    members: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, member in shape.members.items():
        if name in required:
            members[name] = _value(member, name, shape.name, pools, depth)
        elif depth < _MAX_DEPTH:
            optional[name] = _value(member, name, shape.name, pools, depth)
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
