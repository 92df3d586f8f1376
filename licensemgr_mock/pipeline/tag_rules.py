"""The tag rules AWS applies across services (License Manager's model states none): what every
``Tags`` member of a request must satisfy."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from licensemgr_mock.pipeline.errors import LicenseManagerError, invalid

# The error a broken rule raises: the operation's own error for bad input (``invalid``).
Refuse = Callable[[str], LicenseManagerError]

# AWS's limits (the tagging guide).
MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
RESERVED_PREFIX = "aws:"


def tags_from_request(
    tags: Sequence[Mapping[str, Any]] | None, error: Refuse = invalid
) -> dict[str, str]:
    """The ``Tags`` of a request as a dict, checked against AWS's tag rules (key 1-128
    characters and not starting with ``aws:``, value up to 256, no key twice, at most 50)."""
    found: dict[str, str] = {}
    for tag in tags or []:
        key, value = tag.get("Key"), tag.get("Value") or ""
        if key is None or not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise error(f"Tag key {key!r} must be 1 to {MAX_KEY_LENGTH} characters long.")
        if key.lower().startswith(RESERVED_PREFIX):
            raise error(f"Tag key {key!r} uses the reserved prefix {RESERVED_PREFIX}.")
        if len(value) > MAX_VALUE_LENGTH:
            raise error(f"The value of tag {key!r} is longer than {MAX_VALUE_LENGTH} characters.")
        if key in found:
            raise error(f"Tag key {key!r} is given more than once.")
        found[key] = value
    check_count(found, error)
    return found


def check_count(tags: dict[str, str], error: Refuse = invalid) -> None:
    """At most MAX_TAGS tags on a resource."""
    if len(tags) > MAX_TAGS:
        raise error(f"A resource can have at most {MAX_TAGS} tags.")
