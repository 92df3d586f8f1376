"""The binding of operations to the area methods that answer them.

An area marks each of its operation methods with ``@handles("CheckoutLicense")`` (the typed
decorator of ``pipeline.api``, which calls ``mark`` here); a backend builds its table of
operations from the marks of its areas with ``operation_table``, which refuses an operation
claimed twice. The mark is an attribute of the function itself: the method is not wrapped, so
a call costs what it cost before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from licensemgr_mock.pipeline.wire import Record

Req = TypeVar("Req")
Ans = TypeVar("Ans")
S = TypeVar("S")
F = TypeVar("F", bound=Callable[..., Any])

# A handler as the router calls it: the validated request in, the answer out.
Handler = Callable[[Any], Mapping[str, object]]

_MARK = "__handles__"


class Binding(Protocol[Req, Ans]):
    """What ``handles(operation)`` returns: a decorator accepting only a method that takes the
    operation's request type and returns its answer type, or a record whose fields are the
    answer's members (``GetServiceSettings`` answers the settings record itself)."""

    def __call__(
        self, method: Callable[[S, Req], Ans | Record], /
    ) -> Callable[[S, Req], Ans | Record]: ...


def mark(operation: str) -> Callable[[F], F]:
    """A decorator marking a function as the handler of ``operation``, returning it unchanged."""

    def marked(method: F) -> F:
        setattr(method, _MARK, operation)
        return method

    return marked


def operation_of(method: object) -> str | None:
    """The operation ``method`` is marked as answering, None when it is not marked."""
    operation = getattr(method, _MARK, None)
    return operation if isinstance(operation, str) else None


def operation_table(areas: Iterable[object]) -> dict[str, Handler]:
    """Each operation marked on the areas' classes -> that area's bound method. An operation
    marked twice (on two areas, or on two methods of one) is a ``TypeError``."""
    areas = list(areas)
    plan = _plan(tuple(type(area) for area in areas))
    return {op: getattr(areas[index], method) for op, (index, method) in plan.items()}


@cache
def _plan(classes: tuple[type, ...]) -> dict[str, tuple[int, str]]:
    """Operation -> (index of the area, method name), worked out once per set of classes: a
    backend is built for every account and region a test touches, and again on each reset."""
    plan: dict[str, tuple[int, str]] = {}
    owners: dict[str, str] = {}
    for index, cls in enumerate(classes):
        for name in dir(cls):
            operation = operation_of(getattr(cls, name, None))
            if operation is None:
                continue
            owner = f"{cls.__name__}.{name}"
            if operation in plan:
                raise TypeError(f"{operation} is answered twice: {owners[operation]}, {owner}")
            plan[operation] = (index, name)
            owners[operation] = owner
    return plan
