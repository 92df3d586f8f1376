"""Why a checkout was refused. AWS answers "No Entitlements Allowed" for many causes; the mock
answers the same on the wire, and the router logs the real cause on the
``licensemgr_mock.refusals`` logger and keeps the latest refusals here for the mock object's
``refusals``: process-wide, as they span every account and partition, and emptied by the first
activation of a test (not by moto's reset, so they can still be read after the test's mock
has stopped)."""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from datetime import datetime

from licensemgr_mock.pipeline import clock

logger = logging.getLogger("licensemgr_mock.refusals")

# Enough for any one test; older refusals drop off so a long session stays small.
KEPT = 100


@dataclass(frozen=True)
class Refusal:
    """One refused call: the operation, the cause AWS does not tell, and when."""

    operation: str
    reason: str
    at: datetime

    def __str__(self) -> str:
        return f"{self.operation}: {self.reason}"


_recent: deque[Refusal] = deque(maxlen=KEPT)


def record(operation: str, reason: str) -> None:
    """Keeps and logs a refusal."""
    refusal = Refusal(operation=operation, reason=reason, at=clock.now())
    _recent.append(refusal)
    logger.info("%s refused (No Entitlements Allowed): %s", operation, reason)


def recent() -> list[Refusal]:
    """The kept refusals, oldest first."""
    return list(_recent)


def clear() -> None:
    """Forgets every refusal (a new outermost activation)."""
    _recent.clear()
