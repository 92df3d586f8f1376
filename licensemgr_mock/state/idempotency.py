"""The first answer to each ClientToken: what makes a retried create return what it returned
the first time, as AWS's idempotent operations do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

# How long a ClientToken keeps its first answer (CreateToken's documented window).
IDEMPOTENCY_SECONDS = 600
# At most this many answers are kept per partition; past it the oldest go first, so a test
# that makes many calls cannot grow the cache without bound.
MAX_ANSWERS = 10_000

# (account, region, operation, ClientToken)
AnswerKey = tuple[str, str, str, str]


class ClientTokenAnswers:
    """The first answer to each (account, region, operation, ClientToken), kept for
    IDEMPOTENCY_SECONDS so that a retry gets it again, oldest first."""

    def __init__(self) -> None:
        self._answers: dict[AnswerKey, tuple[dict[str, Any], Any, datetime]] = {}

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: AnswerKey) -> tuple[dict[str, Any], Any] | None:
        """The request and answer remembered under ``key``, if any."""
        found = self._answers.get(key)
        return (found[0], found[1]) if found is not None else None

    def remember(self, key: AnswerKey, request: dict[str, Any], answer: Any, now: datetime) -> None:
        """Keeps ``answer`` to ``request`` under ``key`` (as the newest entry)."""
        self._answers.pop(key, None)
        self._answers[key] = (request, answer, now)
        while len(self._answers) > MAX_ANSWERS:
            del self._answers[next(iter(self._answers))]

    def prune(self, now: datetime) -> None:
        """Forgets the answers older than IDEMPOTENCY_SECONDS (entries are in time order)."""
        while self._answers:
            key = next(iter(self._answers))
            if (now - self._answers[key][2]).total_seconds() < IDEMPOTENCY_SECONDS:
                return
            del self._answers[key]
