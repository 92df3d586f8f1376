"""Checks a value against a botocore shape: required members, types, enums, lengths, ranges,
patterns. Every problem is collected, then reported once in AWS's words.

botocore's client checks only required members, types and minimums; whatever it lets through
(maximums, enums, patterns) and any raw HTTP request land here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from licensemgr_mock.pipeline.compiled import PerShape
from licensemgr_mock.pipeline.errors import MAX_QUOTED, quoted, validation_error_of

# A message names at most this many problems (and counts them all): a list of a million bad
# items must not make a million-sentence error.
MAX_LISTED = 10

_TYPE_CHECKS: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "long": (int,),
    "boolean": (bool,),
    "timestamp": (int, float, str),
    "double": (int, float),
    "float": (int, float),
    "blob": (str,),
}

# What AWS's front end holds a number of each model type in (Java's int and long): a value
# outside it is refused, whatever the member's own range.
TYPE_RANGES: dict[str, tuple[int, int]] = {
    "integer": (-(2**31), 2**31 - 1),
    "long": (-(2**63), 2**63 - 1),
}


@cache
def _pattern(text: str) -> re.Pattern[str]:
    return re.compile(text)


def _wire_name(name: str) -> str:
    # AWS names members in messages the way its Java models do: lower camel case.
    return name[:1].lower() + name[1:]


def _show(value: Any) -> str:
    # AWS quotes every value as text ('5', 'abc'); quoted() caps what is echoed.
    return "null" if value is None else quoted(value if isinstance(value, str) else str(value))


def problems(
    shape: Shape,
    value: Any,
    path: str = "",
    strict: bool = False,
    exempt: frozenset[tuple[str, str]] = frozenset(),
) -> Iterator[str]:
    """Yields one AWS-style sentence for each way ``value`` breaks ``shape``.

    ``strict`` also reports members the shape does not have (for checking responses);
    ``exempt`` names (shape name, check) pairs to skip, check being "length" or "pattern".
    """
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            yield _fail(value, path, "Member must be a structure")
            return
        for name in shape.required_members:
            if value.get(name) is None:
                yield _fail(None, _join(path, name), "Member must not be null")
        for name, member_value in value.items():
            member = shape.members.get(name)
            if member is None and strict:
                yield _fail(member_value, _join(path, name), f"Member is not in {shape.name}")
            if member is not None and member_value is not None:
                yield from problems(member, member_value, _join(path, name), strict, exempt)
        return
    if isinstance(shape, ListShape):
        if not isinstance(value, list):
            yield _fail(value, path, "Member must be a list")
            return
        if (shape.name, "length") not in exempt:
            yield from _length(shape, len(value), value, path)
        for index, item in enumerate(value, start=1):
            yield from problems(shape.member, item, f"{path}.{index}.member", strict, exempt)
        return
    if isinstance(shape, MapShape):
        if not isinstance(value, dict):
            yield _fail(value, path, "Member must be a map")
            return
        for key, item in value.items():
            yield from problems(shape.value, item, f"{path}.{key}", strict, exempt)
        return
    yield from _scalar(shape, value, path, exempt)


def _fail(value: Any, path: str, constraint: str) -> str:
    # A path names map keys of the request, which may be as long as any value.
    where = path if len(path) <= MAX_QUOTED else path[: MAX_QUOTED - 3] + "..."
    return f"Value {_show(value)} at '{where}' failed to satisfy constraint: {constraint}"


def _join(path: str, name: str) -> str:
    return f"{path}.{_wire_name(name)}" if path else _wire_name(name)


def _scalar(
    shape: Shape, value: Any, path: str, exempt: frozenset[tuple[str, str]]
) -> Iterator[str]:
    expected = _TYPE_CHECKS.get(shape.type_name, (object,))
    wrong_bool = isinstance(value, bool) and shape.type_name != "boolean"
    if wrong_bool or not isinstance(value, expected):
        yield _fail(value, path, f"Member must be of type {shape.type_name}")
        return
    meta = shape.metadata
    enum = meta.get("enum")
    if enum and value not in enum:
        allowed = ", ".join(enum)
        yield _fail(value, path, f"Member must satisfy enum value set: [{allowed}]")
    if isinstance(value, str):
        if (shape.name, "length") not in exempt:
            yield from _length(shape, len(value), value, path)
        pattern = meta.get("pattern")
        if (
            pattern
            and (shape.name, "pattern") not in exempt
            and not _pattern(pattern).fullmatch(value)
        ):
            yield _fail(value, path, f"Member must satisfy regular expression pattern: {pattern}")
    elif isinstance(value, int) and not isinstance(value, bool):
        low, high = _bounds(shape)
        if value < low:
            yield _fail(value, path, f"Member must have value greater than or equal to {low}")
        if value > high:
            yield _fail(value, path, f"Member must have value less than or equal to {high}")


def _length(shape: Shape, length: int, value: Any, path: str) -> Iterator[str]:
    meta = shape.metadata
    if "min" in meta and length < meta["min"]:
        yield _fail(value, path, f"Member must have length greater than or equal to {meta['min']}")
    if "max" in meta and length > meta["max"]:
        yield _fail(value, path, f"Member must have length less than or equal to {meta['max']}")


def validate_request(operation: OperationModel, params: Any) -> None:
    """Raises the operation's validation error, naming every problem, when ``params`` break
    the operation's input shape."""
    shape = operation.input_shape
    # The compiled check answers the common case (a valid request) alone; only a request it
    # refuses is walked again to word every problem.
    if shape is None or checker(shape)(params):
        return
    found = list(problems(shape, params))
    if not found:
        return
    count = len(found)
    noun = "error" if count == 1 else "errors"
    listed = "; ".join(found[:MAX_LISTED]) + ("; ..." if count > MAX_LISTED else "")
    raise validation_error_of(operation)(f"{count} validation {noun} detected: {listed}")


Check = Callable[[Any], bool]


def _compile(shape: Shape) -> Check:
    if isinstance(shape, StructureShape):
        return _structure_check(shape)
    if isinstance(shape, ListShape):
        return _list_check(shape)
    if isinstance(shape, MapShape):
        value_check = checker(shape.value)
        return lambda value: (
            isinstance(value, dict) and all(value_check(item) for item in value.values())
        )
    return _scalar_check(shape)


checker: PerShape[bool] = PerShape(_compile)
"""``checker(shape)`` tells whether a value passes ``shape`` (``problems`` would find
nothing, in its default, non-strict mode), compiled once per shape."""


def _structure_check(shape: StructureShape) -> Check:
    required = tuple(shape.required_members)
    members = {name: checker(member) for name, member in shape.members.items()}

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return False
        for name in required:
            if value.get(name) is None:
                return False
        for name, item in value.items():
            member = members.get(name)
            if member is not None and item is not None and not member(item):
                return False
        return True

    return check


def _list_check(shape: ListShape) -> Check:
    low, high = _bounds(shape)
    item_check = checker(shape.member)

    def check(value: Any) -> bool:
        return (
            isinstance(value, list)
            and low <= len(value) <= high
            and all(item_check(item) for item in value)
        )

    return check


def _bounds(shape: Shape) -> tuple[float, float]:
    # A number's range is its member's range within its type's; a length's is the member's.
    meta = shape.metadata
    low, high = TYPE_RANGES.get(shape.type_name, (float("-inf"), float("inf")))
    return max(meta.get("min", low), low), min(meta.get("max", high), high)


def _scalar_check(shape: Shape) -> Check:
    # One small function per kind of scalar: a request's strings and numbers are most of
    # what is checked.
    enum = frozenset(shape.metadata.get("enum") or ())
    low, high = _bounds(shape)
    if shape.type_name == "string":
        text = shape.metadata.get("pattern")
        pattern = _pattern(text).fullmatch if text else None

        def string(value: Any) -> bool:
            return (
                isinstance(value, str)
                and low <= len(value) <= high
                and (not enum or value in enum)
                and (pattern is None or pattern(value) is not None)
            )

        return string
    if shape.type_name in ("integer", "long"):

        def integer(value: Any) -> bool:
            return (
                isinstance(value, int)
                and not isinstance(value, bool)
                and low <= value <= high
                and (not enum or value in enum)
            )

        return integer
    if shape.type_name == "boolean":
        return lambda value: isinstance(value, bool)
    expected = _TYPE_CHECKS.get(shape.type_name, (object,))
    text = shape.metadata.get("pattern")
    pattern = _pattern(text).fullmatch if text else None

    def other(value: Any) -> bool:
        # Timestamps, doubles, blobs: what ``_scalar`` checks, in its order.
        if not isinstance(value, expected) or isinstance(value, bool):
            return False
        if enum and value not in enum:
            return False
        if isinstance(value, str):
            return low <= len(value) <= high and (pattern is None or pattern(value) is not None)
        return not isinstance(value, int) or low <= value <= high

    return other
