"""Checks a value against a botocore shape: required members, types, enums, lengths, ranges,
patterns. One compiled check per shape both accepts a valid request (stopping at the first
problem, wording nothing) and words every problem of a refused one, reported once in AWS's
words.

botocore's client checks only required members, types and minimums; whatever it lets through
(maximums, enums, patterns) and any raw HTTP request land here.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, partial
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


def _fail(value: Any, path: str, constraint: str) -> str:
    # A path names map keys of the request, which may be as long as any value.
    where = path if len(path) <= MAX_QUOTED else path[: MAX_QUOTED - 3] + "..."
    return f"Value {_show(value)} at '{where}' failed to satisfy constraint: {constraint}"


def _join(path: str, name: str) -> str:
    return f"{path}.{_wire_name(name)}" if path else _wire_name(name)


def validate_request(operation: OperationModel, params: Any) -> None:
    """Raises the operation's validation error, naming every problem, when ``params`` break
    the operation's input shape."""
    shape = operation.input_shape
    # The compiled check answers the common case (a valid request) alone, stopping at the
    # first problem; only a request it refuses is checked again, collecting every problem.
    if shape is None or checker(shape)(params, None, ""):
        return
    found = problems(shape, params)
    count = len(found)
    noun = "error" if count == 1 else "errors"
    listed = "; ".join(found[:MAX_LISTED]) + ("; ..." if count > MAX_LISTED else "")
    raise validation_error_of(operation)(f"{count} validation {noun} detected: {listed}")


def problems(shape: Shape, value: Any) -> list[str]:
    """One AWS-style sentence for each way ``value`` breaks ``shape``, in the order the
    members are met."""
    found: list[str] = []
    checker(shape)(value, found, "")
    return found


# A compiled check: ``check(value, found, path)`` tells whether ``value`` passes its shape.
# With ``found`` None it stops at the first problem and builds no text (a valid request's
# path); with a list it goes on, appending each problem worded at ``path``. One set of rules
# serves both.
Check = Callable[[Any, "list[str] | None", str], bool]


def _refuse(found: list[str] | None, value: Any, path: str, constraint: str) -> bool:
    """Records a problem (when collecting) and answers False, the check's verdict."""
    if found is not None:
        found.append(_fail(value, path, constraint))
    return False


def _compile(shape: Shape) -> Check:
    if isinstance(shape, StructureShape):
        return _structure_check(shape)
    if isinstance(shape, ListShape):
        return _list_check(shape)
    if isinstance(shape, MapShape):
        return _map_check(shape)
    return _scalar_check(shape)


checker: PerShape[Check] = PerShape(_compile)
"""``checker(shape)`` is the compiled ``Check`` of ``shape``, made once per shape."""


def _structure_check(shape: StructureShape) -> Check:
    required = tuple(shape.required_members)
    members = {name: checker(member) for name, member in shape.members.items()}
    wire = {name: _wire_name(name) for name in shape.members}

    def check(value: Any, found: list[str] | None, path: str) -> bool:
        if not isinstance(value, dict):
            return _refuse(found, value, path, "Member must be a structure")
        if found is not None:
            return collect(value, found, path)
        for name in required:
            if value.get(name) is None:
                return False
        for name, item in value.items():
            member = members.get(name)
            if member is not None and item is not None and not member(item, None, ""):
                return False
        return True

    def collect(value: dict[str, Any], found: list[str], path: str) -> bool:
        passed = True
        for name in required:
            if value.get(name) is None:
                where = f"{path}.{wire[name]}" if path else wire[name]
                passed = _refuse(found, None, where, "Member must not be null")
        for name, item in value.items():
            member = members.get(name)
            if member is not None and item is not None:
                where = f"{path}.{wire[name]}" if path else wire[name]
                passed = member(item, found, where) and passed
        return passed

    return check


def _list_check(shape: ListShape) -> Check:
    low, high = _bounds(shape)
    item_check = checker(shape.member)

    def check(value: Any, found: list[str] | None, path: str) -> bool:
        if not isinstance(value, list):
            return _refuse(found, value, path, "Member must be a list")
        passed = _length(found, low, high, len(value), value, path)
        if found is None:
            return passed and all(item_check(item, None, "") for item in value)
        for index, item in enumerate(value, start=1):
            passed = item_check(item, found, f"{path}.{index}.member") and passed
        return passed

    return check


def _map_check(shape: MapShape) -> Check:
    value_check = checker(shape.value)

    def check(value: Any, found: list[str] | None, path: str) -> bool:
        if not isinstance(value, dict):
            return _refuse(found, value, path, "Member must be a map")
        if found is None:
            return all(value_check(item, None, "") for item in value.values())
        passed = True
        for key, item in value.items():
            passed = value_check(item, found, f"{path}.{key}") and passed
        return passed

    return check


def _length(
    found: list[str] | None, low: float, high: float, length: int, value: Any, path: str
) -> bool:
    """A length within the shape's min and max (both problems worded when collecting)."""
    if low <= length <= high:
        return True
    if length < low:
        _refuse(found, value, path, f"Member must have length greater than or equal to {low}")
    if length > high:
        _refuse(found, value, path, f"Member must have length less than or equal to {high}")
    return False


def _bounds(shape: Shape) -> tuple[float, float]:
    # A number's range is its member's range within its type's; a length's is the member's.
    meta = shape.metadata
    low, high = TYPE_RANGES.get(shape.type_name, (float("-inf"), float("inf")))
    return max(meta.get("min", low), low), min(meta.get("max", high), high)


def _scalar_check(shape: Shape) -> Check:
    # One small function per kind of scalar: a request's strings and numbers are most of
    # what is checked. Each answers a good value at once; a bad one goes to ``_scalar``.
    enum = frozenset(shape.metadata.get("enum") or ())
    low, high = _bounds(shape)
    text = shape.metadata.get("pattern")
    pattern = _pattern(text).fullmatch if text else None
    bad = partial(_scalar, shape, enum, (low, high), pattern)
    if shape.type_name == "string":

        def string(value: Any, found: list[str] | None, path: str) -> bool:
            if (
                isinstance(value, str)
                and low <= len(value) <= high
                and (not enum or value in enum)
                and (pattern is None or pattern(value) is not None)
            ):
                return True
            return bad(value, found, path)

        return string
    if shape.type_name in ("integer", "long"):

        def integer(value: Any, found: list[str] | None, path: str) -> bool:
            if (
                isinstance(value, int)
                and not isinstance(value, bool)
                and low <= value <= high
                and (not enum or value in enum)
            ):
                return True
            return bad(value, found, path)

        return integer
    if shape.type_name == "boolean":
        return lambda value, found, path: isinstance(value, bool) or bad(value, found, path)
    return bad


def _scalar(
    shape: Shape,
    enum: frozenset[Any],
    bounds: tuple[float, float],
    pattern: Callable[[str], object] | None,
    value: Any,
    found: list[str] | None,
    path: str,
) -> bool:
    """Every rule of a scalar shape, each problem worded when collecting: its type, then its
    enum, then a string's length and pattern or a number's range."""
    expected = _TYPE_CHECKS.get(shape.type_name, (object,))
    wrong_bool = isinstance(value, bool) and shape.type_name != "boolean"
    if wrong_bool or not isinstance(value, expected):
        return _refuse(found, value, path, f"Member must be of type {shape.type_name}")
    passed = True
    if enum and value not in enum:
        allowed = ", ".join(shape.metadata["enum"])
        passed = _refuse(found, value, path, f"Member must satisfy enum value set: [{allowed}]")
    low, high = bounds
    if isinstance(value, str):
        length = shape.metadata.get("min", 0), shape.metadata.get("max", float("inf"))
        passed = _length(found, *length, len(value), value, path) and passed
        if pattern is not None and pattern(value) is None:
            text = shape.metadata["pattern"]
            constraint = f"Member must satisfy regular expression pattern: {text}"
            passed = _refuse(found, value, path, constraint)
    elif isinstance(value, int) and not isinstance(value, bool):
        if value < low:
            constraint = f"Member must have value greater than or equal to {low}"
            passed = _refuse(found, value, path, constraint)
        if value > high:
            constraint = f"Member must have value less than or equal to {high}"
            passed = _refuse(found, value, path, constraint)
    return passed
