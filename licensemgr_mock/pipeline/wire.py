"""Builds dataclasses from request structures (already checked against the model).

A member ``MaxTimeToLiveInMinutes`` fills the field ``max_time_to_live_in_minutes``; nested
dataclasses, lists of them and enums are built from the field's type hints.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, ClassVar, Protocol, TypeAlias, TypeVar

from botocore import xform_name

T = TypeVar("T")


# A function building one field's value from its wire form.
Build = Callable[[Any], Any]

# Per dataclass: field name -> builder, worked out once from its type hints.
_builders: dict[type, dict[str, Build]] = {}
# Per dataclass: wire member name -> field name, learnt as members arrive. Only names that
# are fields are kept, so members a request adds beyond the model cannot grow it.
_names: dict[type, dict[str, str]] = {}


def _builders_of(cls: type) -> dict[str, Build]:
    found = _builders.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = {name: _builder(hint) for name, hint in hints.items()}
        _names.setdefault(cls, {})
        _builders[cls] = found
    return found


def _identity(value: Any) -> Any:
    return value


def _builder(hint: Any) -> Build:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = _builder(next(arg for arg in typing.get_args(hint) if arg is not type(None)))
        if inner is _identity:
            return _identity
        return lambda value: inner(value) if value is not None else None
    if origin is list:
        (item,) = typing.get_args(hint)
        each = _builder(item)
        if each is _identity:
            return list
        return lambda value: [each(entry) for entry in value]
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return lambda value: from_wire(hint, value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    return _identity


def from_wire(cls: type[T], data: Mapping[str, object]) -> T:
    """An instance of dataclass ``cls`` built from the API structure ``data``."""
    builders = _builders_of(cls)
    names = _names[cls]
    kwargs = {}
    for key, value in data.items():
        name = names.get(key)
        if name is None:
            name = xform_name(key)
            if name not in builders:
                continue
            names[key] = name
        kwargs[name] = builders[name](value)
    return cls(**kwargs)


# An operation's request, already checked against its input shape, as the helpers of a handler
# read it: the JSON structure, member names as the model spells them. Handlers themselves take
# their operation's generated request type (``pipeline.api``), which passes as this.
Request: TypeAlias = Mapping[str, Any]


class Record(Protocol):
    """A record: any dataclass instance. An answer may nest one wherever the output shape has
    a structure; the writer reads each member from the field of its snake-case name."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[Any]]]
