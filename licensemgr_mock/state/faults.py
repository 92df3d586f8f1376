"""Faults a test injects (``lm.inject_fault``, ``POST /licensemgr-mock/faults``): which calls
fail, with what, and how often.

The router asks ``strike`` before it reads a request's body, so a failed call changes no
state. An error fault is answered as the real service answers that error (status, JSON body,
``x-amzn-ErrorType``), which is all botocore reads to decide on a retry. ``"unreachable"`` and
``"timeout"`` have no answer: ``strike``'s caller gets a ``TransportFault`` and makes the
connection fail the way it can (the in-process entrance raises botocore's own exception, the
server drops the connection).
"""

from __future__ import annotations

import itertools
import random
import threading
from dataclasses import dataclass, field
from functools import cache

ANY_OPERATION = "*"
UNREACHABLE = "unreachable"
TIMEOUT = "timeout"
TRANSPORT_FAULTS = (UNREACHABLE, TIMEOUT)

# AWS's common errors of its JSON services that botocore retries, as the front of every
# service answers them: (status, message). botocore retries ThrottlingException by its code,
# the other two by their status.
COMMON_ERRORS: dict[str, tuple[int, str]] = {
    "ThrottlingException": (400, "Rate exceeded"),
    "ServiceUnavailable": (503, "Service Unavailable"),
    "InternalFailure": (500, "The request processing has failed because of an unknown error."),
}
# The messages License Manager sends with the modeled errors a fault most often stands for.
_MESSAGES = {
    "RateLimitExceededException": "Rate exceeded",
    "ServerInternalException": "An internal error occurred.",
    "NoEntitlementsAllowedException": "No Entitlements Allowed",
}
_INJECTED = "Injected by licensemgr_mock (inject_fault)"


class FaultError(ValueError):
    """An ``inject_fault`` argument that cannot be honoured (the message names what can)."""


class TransportFault(ConnectionError):
    """A call that must fail without an answer: ``kind`` is "unreachable" or "timeout"."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"License Manager {kind} (injected fault)")
        self.kind = kind


@dataclass(eq=False)
class Fault:
    """One injected fault. ``hits`` is how many calls it has failed; ``remove()`` ends it."""

    id: str
    operation: str
    error: str
    times: int | None = None
    probability: float = 1.0
    seed: int | None = None
    _hits: int = field(default=0, repr=False)
    _draws: random.Random = field(default_factory=random.Random, repr=False)

    @property
    def hits(self) -> int:
        """How many calls this fault has failed so far."""
        return self._hits

    def remove(self) -> None:
        """Ends this fault (its later matching calls are answered normally)."""
        registry.remove(self.id)

    def as_json(self) -> dict[str, object]:
        """The fault as ``GET /licensemgr-mock/faults`` lists it."""
        return {
            "id": self.id,
            "operation": self.operation,
            "error": self.error,
            "times": self.times,
            "probability": self.probability,
            "seed": self.seed,
            "hits": self.hits,
        }

    def _strikes(self) -> bool:
        """Whether this fault fails the call now being answered (counted when it does)."""
        if self.times is not None and self._hits >= self.times:
            return False
        if self.probability < 1.0 and self._draws.random() >= self.probability:
            return False
        self._hits += 1
        return True


def allowed_errors(operation: str) -> list[str]:
    """The error codes a fault on ``operation`` may answer: those its model lists (for
    ``"*"``, those every operation lists), AWS's common ones, and the transport faults."""
    return _allowed(operation)


@cache
def _allowed(operation: str) -> list[str]:
    from licensemgr_mock.pipeline.service_model import service_model

    model = service_model()
    names = list(model.operation_names) if operation == ANY_OPERATION else [operation]
    modeled = set.intersection(
        *({shape.name for shape in model.operation_model(name).error_shapes} for name in names)
    )
    return [*sorted(modeled), *COMMON_ERRORS, *TRANSPORT_FAULTS]


def check(
    operation: object, error: object, times: object, probability: object, seed: object
) -> None:
    """Raises ``FaultError`` naming the allowed values when an argument cannot be honoured."""
    from licensemgr_mock.pipeline.service_model import service_model

    operations = service_model().operation_names
    if not isinstance(operation, str) or (
        operation != ANY_OPERATION and operation not in operations
    ):
        raise FaultError(
            f'operation {operation!r} is not a License Manager operation; use "*" or one of: '
            + ", ".join(operations)
        )
    allowed = allowed_errors(operation)
    if error not in allowed:
        raise FaultError(
            f"error {error!r} is not one {operation} may answer; use one of: " + ", ".join(allowed)
        )
    if times is not None and (type(times) is not int or times < 1):
        raise FaultError(f"times must be None or a positive whole number, not {times!r}")
    if type(probability) not in (int, float) or not 0.0 < float(probability) <= 1.0:  # type: ignore[arg-type]
        raise FaultError(f"probability must be a number above 0 and at most 1, not {probability!r}")
    if seed is not None and type(seed) is not int:
        raise FaultError(f"seed must be None or a whole number, not {seed!r}")


class FaultRegistry:
    """The faults in force, in the order added (the first that strikes a call fails it)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}
        self._ids = itertools.count(1)

    def __bool__(self) -> bool:
        # Read on every call: an empty registry costs the router one truth test.
        return bool(self._faults)

    def add(
        self,
        operation: str,
        error: str,
        *,
        times: int | None = None,
        probability: float = 1.0,
        seed: int | None = None,
    ) -> Fault:
        """Adds a fault after checking its arguments (``FaultError`` if one is bad)."""
        check(operation, error, times, probability, seed)
        with self._lock:
            fault = Fault(
                id=f"fault-{next(self._ids)}",
                operation=operation,
                error=error,
                times=times,
                probability=float(probability),
                seed=seed,
                _draws=random.Random(seed),
            )
            self._faults[fault.id] = fault
        return fault

    def remove(self, fault_id: str) -> bool:
        """Ends one fault; False if there is no such fault."""
        with self._lock:
            return self._faults.pop(fault_id, None) is not None

    def clear(self) -> None:
        """Ends every fault (and numbers new ones from 1 again)."""
        with self._lock:
            self._faults.clear()
            self._ids = itertools.count(1)

    def listed(self) -> list[Fault]:
        """The faults in force, oldest first."""
        with self._lock:
            return list(self._faults.values())

    def strike(self, operation: str) -> Fault | None:
        """The fault that fails this call of ``operation`` (its hit counted), or None."""
        with self._lock:
            for fault in self._faults.values():
                if fault.operation in (operation, ANY_OPERATION) and fault._strikes():
                    return fault
        return None


def error_answer(fault: Fault) -> tuple[int, dict[str, str], dict[str, str]]:
    """The answer of an error fault, as the service sends that error: status, headers and
    JSON body. A transport fault raises ``TransportFault`` instead."""
    if fault.error in TRANSPORT_FAULTS:
        raise TransportFault(fault.error)
    common = COMMON_ERRORS.get(fault.error)
    if common is not None:
        status, message = common
    else:
        from licensemgr_mock.pipeline.errors import error_class

        status, message = error_class(fault.error).status, _MESSAGES.get(fault.error, _INJECTED)
    headers = {"x-amzn-ErrorType": fault.error}
    return status, headers, {"__type": fault.error, "Message": message}


registry = FaultRegistry()
