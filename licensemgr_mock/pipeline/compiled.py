"""Functions compiled once per botocore shape, shared by the request checks and the writers.

The shapes come from the one cached service model (and its cached operation models), so a
table holds one entry per shape of the API and is filled once per process.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar, cast

from botocore.model import Shape

# The function compiled per shape (a writer, a check).
F = TypeVar("F", bound=Callable[..., Any])


class PerShape(Generic[F]):
    """A table of ``compile(shape)`` results, each compiled once, on first use.

    ``compile`` may ask the same table for the shape's members. botocore makes a new shape
    object each time it resolves a member, so a shape that contains itself is found by its
    name among the shapes being compiled, and gets a stand-in that calls its function once
    that is made.
    """

    def __init__(self, compile: Callable[[Shape], F]) -> None:
        self._compile = compile
        # By shape id, with the shape kept beside its function so the id cannot be reused by
        # another object.
        self._made: dict[int, tuple[Shape, F]] = {}
        # Shapes being compiled (by name, one model's names being unique), each with a cell
        # for its function.
        self._open: dict[str, list[F]] = {}
        self._lock = threading.RLock()

    def __call__(self, shape: Shape) -> F:
        """The compiled function of ``shape``."""
        known = self._made.get(id(shape))
        if known is not None and known[0] is shape:
            return known[1]
        with self._lock:
            known = self._made.get(id(shape))
            if known is not None and known[0] is shape:
                return known[1]
            opened = self._open.get(shape.name)
            if opened is not None:
                return _stand_in(opened)
            cell: list[F] = []
            self._open[shape.name] = cell
            try:
                cell.append(self._compile(shape))
            finally:
                del self._open[shape.name]
            self._made[id(shape)] = (shape, cell[0])
            return cell[0]


def _stand_in(cell: list[F]) -> F:
    return cast(F, lambda *args: cell[0](*args))
