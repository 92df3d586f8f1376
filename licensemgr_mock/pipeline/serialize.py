"""Turns backend objects into response bodies, walking the operation's output shape.

Each structure member is read from the object by the member's snake-case name (or, for a
plain dict, by the member name itself), so models need no hand-written ``to_dict``: what the
shape does not name is never sent, and what the object leaves as ``None`` is left out.

A dict is our own answer, so each of its keys must be a member of the installed model's shape
or of the generated contract's (``api.ANSWER_TYPES``); any other is a misspelled member, which
fails loudly (``UnknownMemberError``) instead of vanishing. A member only the contract knows
(an installed botocore older than the contract) is left out: that botocore cannot read it.

The walk is compiled once per shape into a writer function (the member names, their
snake-case attributes and the members' own writers worked out in advance), so answering a
page of a hundred licenses does not redo that work for every node.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from botocore import xform_name
from botocore.model import ListShape, MapShape, Shape, StructureShape

from licensemgr_mock.pipeline.api import ANSWER_TYPES
from licensemgr_mock.pipeline.compiled import PerShape

Writer = Callable[[Any], Any]

_PLAIN = (str, int, float, bool)
# Record classes whose written forms are kept (``written_once``), and where on each record.
_WRITTEN_ONCE: set[type] = set()
_FORMS = "_wire_forms"
R = TypeVar("R")


# AWS answers compact JSON. Answers follow their output shape and errors are flat, so they are
# never circular: the encoder skips that check (a large page encodes a sixth faster).
_encode: Callable[[Any], str] = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode


class Written(dict[str, Any]):
    """The written form of a ``written_once`` record, which also keeps its JSON text once
    an answer has needed it: a page of a hundred licenses is then joined, not encoded."""

    __slots__ = ("_text",)

    def text(self) -> str:
        """The form's JSON text, encoded on first use."""
        try:
            return self._text
        except AttributeError:
            self._text: str = _encode(self)
            return self._text


def to_json(value: Any) -> str:
    """The JSON text of an answer or error body (``to_wire``'s result), compact as AWS sends
    it. Written forms of ``written_once`` records at the answer's top (``License``, or the
    items of ``Licenses``) are put in as their kept text."""
    if type(value) is dict:
        for member in value.values():
            if type(member) is Written or (type(member) is list and _has_written(member)):
                return _with_kept_texts(value)
    return _encode(value)


def _has_written(items: list[Any]) -> bool:
    # A list's items share one shape, and so one writer: the first shows what they are.
    return bool(items) and type(items[0]) is Written


def _with_kept_texts(answer: dict[str, Any]) -> str:
    parts = []
    for key, member in answer.items():
        if type(member) is Written:
            text = member.text()
        elif type(member) is list and _has_written(member):
            texts = (item.text() if type(item) is Written else _encode(item) for item in member)
            text = f"[{','.join(texts)}]"
        else:
            text = _encode(member)
        parts.append(f"{_encode(key)}:{text}")
    return f"{{{','.join(parts)}}}"


def to_wire(shape: Shape, value: Any) -> Any:
    """The JSON-ready form of ``value`` under ``shape``."""
    return writer(shape)(value)


def _compile(shape: Shape) -> Writer:
    if isinstance(shape, StructureShape):
        return _structure(shape)
    if isinstance(shape, ListShape):
        item = writer(shape.member)
        if item is _scalar:
            return lambda value: [v if type(v) in _PLAIN else _scalar(v) for v in value]
        return lambda value: [item(v) for v in value]
    if isinstance(shape, MapShape):
        entry = writer(shape.value)
        return lambda value: {key: entry(item) for key, item in value.items()}
    return _scalar


writer: PerShape[Any] = PerShape(_compile)
"""The compiled ``to_wire`` of a shape: ``writer(shape)`` is a function from a value to its
JSON-ready form."""


class UnknownMemberError(TypeError):
    """An answer (a dict a handler built) has a member its shape has in neither the installed
    model nor the generated contract: a bug of that handler, never of the request. It is no
    modeled error, so it is not answered: it propagates to the caller (a test fails on it; the
    HTTP server answers 500)."""

    def __init__(self, shape: str, members: set[str]) -> None:
        listed = ", ".join(repr(m) for m in sorted(members))
        super().__init__(f"{shape} has no member {listed}: the answer is misspelled")


def _known_members(shape: StructureShape) -> frozenset[str]:
    """The members a dict answer under ``shape`` may have: the installed model's and the
    generated contract's (empty for a shape newer than the contract)."""
    contract = ANSWER_TYPES.get(shape.name)
    ours = contract.__required_keys__ | contract.__optional_keys__ if contract else set()
    return frozenset(shape.members) | ours


def _structure(shape: StructureShape) -> Writer:
    members = [(name, xform_name(name), writer(member)) for name, member in shape.members.items()]
    known = _known_members(shape)

    def write(value: Any) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if isinstance(value, dict):
            for name, _, member in members:
                raw = value.get(name)
                if raw is not None:
                    out[name] = raw if type(raw) in _PLAIN else member(raw)
            # Every key written: each is a member. Otherwise a key is None, one only the
            # contract knows, or unknown, and the set of its keys tells which.
            if len(out) != len(value) and not value.keys() <= known:
                raise UnknownMemberError(shape.name, value.keys() - known)
        else:
            for name, attribute, member in members:
                raw = getattr(value, attribute, None)
                if raw is not None:
                    out[name] = raw if type(raw) in _PLAIN else member(raw)
        return out

    name = shape.name

    def write_once_or_again(value: Any) -> dict[str, Any]:
        if type(value) not in _WRITTEN_ONCE:
            return write(value)
        forms = value.__dict__.setdefault(_FORMS, {})
        found: dict[str, Any] | None = forms.get(name)
        if found is None:
            found = forms[name] = Written(write(value))
        return found

    return write_once_or_again


def written_once(cls: type[R]) -> type[R]:
    """Class decorator for records that never change once made (frozen dataclasses whose
    fields are never changed in place): each is written once per shape and the written form
    is kept on it, so a page of a hundred licenses is not walked again on every call.

    The form is shared between answers: whoever takes it from ``to_wire`` must copy it before
    adding to it."""
    _WRITTEN_ONCE.add(cls)
    return cls


def _scalar(value: Any) -> Any:
    if isinstance(value, Enum):
        # ``_value_`` is the member's plain attribute; ``value`` goes through enum's descriptor.
        return value._value_
    if isinstance(value, datetime):
        # AWS sends epoch timestamps with millisecond precision.
        return round(value.timestamp(), 3)
    return value
