"""Turns backend objects into response bodies, walking the operation's output shape.

Each structure member is read from the object by the member's snake-case name (or, for a
plain dict, by the member name itself), so models need no hand-written ``to_dict``: what the
shape does not name is never sent, and what the object leaves as ``None`` is left out.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from botocore import xform_name
from botocore.model import ListShape, MapShape, Shape, StructureShape


def to_wire(shape: Shape, value: Any) -> Any:
    """The JSON-ready form of ``value`` under ``shape``."""
    if isinstance(shape, StructureShape):
        out: dict[str, Any] = {}
        for name, member in shape.members.items():
            if isinstance(value, dict):
                raw = value.get(name)
            else:
                raw = getattr(value, xform_name(name), None)
            if raw is not None:
                out[name] = to_wire(member, raw)
        return out
    if isinstance(shape, ListShape):
        return [to_wire(shape.member, item) for item in value]
    if isinstance(shape, MapShape):
        return {key: to_wire(shape.value, item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        # AWS sends epoch timestamps with millisecond precision.
        return round(value.timestamp(), 3)
    return value
