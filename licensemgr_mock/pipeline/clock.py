"""The one place that reads the time, so freezegun and time-machine control every expiry,
and so does ``lm.clock`` (an offset this module adds to the system clock)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

# How far the mock's clock runs from the system clock: zero unless a test moved it
# (``lm.clock``). An offset, not a fixed time: the mock's clock keeps running, and freezegun
# or time-machine still move it.
_offset = timedelta(0)

# The earliest time the clock may be set to: the Unix epoch, before which no AWS time exists.
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class ClockError(ValueError):
    """A clock move that cannot be made (the message says why); the clock is unchanged."""


def now() -> datetime:
    """The current time, timezone-aware in UTC: the system clock at each call, plus the
    offset of ``lm.clock`` if a test moved it."""
    moment = datetime.now(UTC)
    return later(moment, _offset) if _offset else moment


def offset() -> timedelta:
    """How far the mock's clock runs from the system clock."""
    return _offset


def set_now(moment: datetime, not_before: datetime | None = None) -> datetime:
    """Makes the clock read ``moment`` now (a naive datetime is UTC); it keeps running from
    there. Refuses a time before 1970, or, when the move is backwards, before ``not_before``
    (the newest license's creation: a license must not be made in the future)."""
    global _offset
    if not isinstance(moment, datetime):
        raise ClockError(f"the clock is set to a datetime, not {moment!r}")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment < EPOCH:
        raise ClockError(f"the clock cannot be set before 1970-01-01T00:00:00Z, to {moment}")
    if moment >= LAST:
        raise ClockError(f"the clock cannot be set past 9999, to {moment}")
    if not_before is not None and moment < not_before and moment < now():
        raise ClockError(
            f"the clock cannot move back to {iso(moment)}Z, before a license was created "
            f"({iso(not_before)}Z)"
        )
    _offset = moment - datetime.now(UTC)
    return moment


def advance(by: float | timedelta, not_before: datetime | None = None) -> datetime:
    """Moves the clock ``by`` seconds (a number) or a timedelta, forwards or backwards
    (see ``set_now`` for the limits). Answers the new time."""
    if isinstance(by, timedelta):
        delta = by
    elif isinstance(by, int | float) and not isinstance(by, bool) and math.isfinite(by):
        try:
            delta = timedelta(seconds=by)
        except OverflowError:
            raise ClockError(
                f"advancing the clock by {by!r} seconds would move it out of the years 1970 to 9999"
            ) from None
    else:
        raise ClockError(f"advance takes seconds (a number) or a timedelta, not {by!r}")
    try:
        target = now() + delta
    except OverflowError:
        raise ClockError(
            f"advancing the clock by {delta} would move it out of the years 1970 to 9999"
        ) from None
    return set_now(target, not_before)


def reset() -> None:
    """Puts the clock back on the system clock."""
    global _offset
    _offset = timedelta(0)


def iso(moment: datetime) -> str:
    """The service's output form of IssuedAt/Expiration: UTC, seconds, no zone suffix."""
    # isoformat is a third cheaper than strftime, and this runs twice a checkout.
    return moment.astimezone(UTC).isoformat(timespec="seconds")[:19]


def epoch_string(moment: datetime) -> str:
    """The service's output form of CreateTime: epoch seconds in a decimal string."""
    return str(int(moment.timestamp()))


def parse_iso(text: str) -> datetime:
    """Parses an ISO8601DateTime input (already checked against the model's pattern)."""
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def minutes(count: int) -> timedelta:
    """A duration of ``count`` minutes, held within timedelta's range."""
    return timedelta(minutes=max(-_MAX_MINUTES, min(count, _MAX_MINUTES)))


def days(count: int) -> timedelta:
    """A duration of ``count`` days, held within timedelta's range."""
    return timedelta(days=max(-_MAX_DAYS, min(count, _MAX_DAYS)))


def later(moment: datetime, duration: timedelta) -> datetime:
    """``moment + duration``, held at the first or last representable second instead of
    overflowing (a long TTL under a clock frozen near year 9999, a default begin one day
    before 0001-01-01). Every sum of a time and a duration goes through here."""
    try:
        return moment + duration
    except OverflowError:
        return LAST if duration > timedelta(0) else FIRST


# The latest and earliest moments a datetime holds, in UTC.
LAST = datetime.max.replace(microsecond=0, tzinfo=UTC)
FIRST = datetime.min.replace(tzinfo=UTC)
_MAX_DAYS = timedelta.max.days
_MAX_MINUTES = _MAX_DAYS * 24 * 60
