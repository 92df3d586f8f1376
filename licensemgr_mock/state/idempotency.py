"""The first answer to each ClientToken: what makes a retried create return what it returned
the first time, as AWS's idempotent operations do."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

# How long a ClientToken keeps its first answer (CreateToken's documented window).
IDEMPOTENCY_SECONDS = 600
# Live answers kept per partition, at most: 100,000 in ten minutes is 166 calls a second,
# beyond AWS's request rates. Past it a new ClientToken is throttled rather than an answer
# dropped early (which would let a retry repeat its effect). Each answer keeps a digest of
# its request, not the request: about 1 KB for a checkout, so about 100 MB at most.
MAX_ANSWERS = 100_000

# (account, region, operation, ClientToken)
AnswerKey = tuple[str, str, str, str]


def request_digest(request: Mapping[str, Any]) -> bytes:
    """What tells two requests apart, in 32 bytes: member order does not matter."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).digest()


class ClientTokenAnswers:
    """The first answer to each (account, region, operation, ClientToken), kept for
    IDEMPOTENCY_SECONDS so that a retry gets it again."""

    def __init__(self) -> None:
        self._answers: dict[AnswerKey, tuple[bytes, Any, datetime]] = {}

    def __len__(self) -> int:
        return len(self._answers)

    def get(self, key: AnswerKey, now: datetime) -> tuple[bytes, Any] | None:
        """The request digest and answer remembered under ``key``, while its window lasts."""
        found = self._answers.get(key)
        if found is None:
            return None
        if expired(found[2], now):
            del self._answers[key]
            return None
        return found[0], found[1]

    def full(self, now: datetime) -> bool:
        """Whether MAX_ANSWERS answers are live (a new ClientToken is then throttled)."""
        if len(self._answers) < MAX_ANSWERS:
            return False
        for key in [k for k, (_, _, at) in self._answers.items() if expired(at, now)]:
            del self._answers[key]
        return len(self._answers) >= MAX_ANSWERS

    def remember(self, key: AnswerKey, digest: bytes, answer: Any, now: datetime) -> None:
        """Keeps ``answer`` to the request of ``digest`` under ``key``."""
        self._answers.pop(key, None)
        self._answers[key] = (digest, answer, now)

    def prune(self, now: datetime) -> None:
        """Forgets expired answers from the oldest kept on: answers
        are kept in the order they came, which is time order unless the clock moved back
        (then ``get`` still refuses an expired one, and ``full`` sweeps them all)."""
        while self._answers:
            key = next(iter(self._answers))
            if not expired(self._answers[key][2], now):
                return
            del self._answers[key]


def expired(at: datetime, now: datetime) -> bool:
    """Whether a window that began ``at`` is over ``now``."""
    # A window is measured either way: an answer from a clock since moved back by more than
    # the window is as stale as one that old.
    return abs((now - at).total_seconds()) >= IDEMPOTENCY_SECONDS
