"""Builds dataclasses from request structures (already checked against the model).

A member ``MaxTimeToLiveInMinutes`` fills the field ``max_time_to_live_in_minutes``; nested
dataclasses, lists of them and enums are built from the field's type hints.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any, TypeAlias, TypeVar

from botocore import xform_name

T = TypeVar("T")


_hints: dict[type, dict[str, Any]] = {}


def _hints_of(cls: type) -> dict[str, Any]:
    found = _hints.get(cls)
    if found is None:
        found = _hints[cls] = typing.get_type_hints(cls)
    return found


def _build_value(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _build_value(inner[0], value) if value is not None else None
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_build_value(item, entry) for entry in value]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return from_wire(hint, value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    return value


def from_wire(cls: type[T], data: dict[str, Any]) -> T:
    """An instance of dataclass ``cls`` built from the API structure ``data``."""
    hints = _hints_of(cls)
    kwargs = {}
    for key, value in data.items():
        name = xform_name(key)
        if name in hints:
            kwargs[name] = _build_value(hints[name], value)
    return cls(**kwargs)


# An operation's request, already checked against its input shape: the JSON structure, member
# names as the model spells them.
Request: TypeAlias = dict[str, Any]
# What an operation returns: a structure the output-shape serialiser reads by member name
# (a dict of members, or records whose fields are the members in snake case).
Result: TypeAlias = dict[str, Any]
