"""The one place that reads the time, so freezegun and time-machine control every expiry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


def now() -> datetime:
    """The current time, timezone-aware in UTC, read from the system clock at each call."""
    return datetime.now(UTC)


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
