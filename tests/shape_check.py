"""Checks every License Manager response the test suite receives against botocore's output
shape: types, enums, required members, lengths, patterns, and no member the shape lacks.

Where the model and the observed service disagree, the check is skipped for that shape only;
each exemption says why. Keep this list short.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.handlers import BUILTIN_HANDLERS

from licensemgr_mock.pipeline.validation import problems

EXEMPTIONS: frozenset[tuple[str, str]] = frozenset(
    {
        # The model gives SignedToken a minimum of 4096 characters; a real PS384 JWT with the
        # documented claims is 1-2 KB.
        ("SignedToken", "length"),
        # IssuedAt/Expiration are observed as "2021-04-13T05:35:47" (no zone) and CreateTime
        # as epoch seconds in a string; the model's ISO8601 pattern asks for a zone suffix.
        ("ISO8601DateTime", "pattern"),
    }
)

checked: list[str] = []


class ShapeMismatch(AssertionError):
    """A response does not fit its operation's output shape."""


def check_response(http_response: Any, model: Any, **_: Any) -> None:
    """botocore ``after-call`` handler: fails the call when the body breaks the shape."""
    if http_response.status_code != 200 or model.output_shape is None:
        return
    body = json.loads(http_response.content or b"{}")
    found = list(problems(model.output_shape, body, strict=True, exempt=EXEMPTIONS))
    if found:
        raise ShapeMismatch(f"{model.name} response breaks its output shape: {found}")
    checked.append(model.name)


def install() -> None:
    """Registers the check for every botocore session made from now on."""
    entry = ("after-call.license-manager", check_response)
    if entry not in BUILTIN_HANDLERS:
        BUILTIN_HANDLERS.append(entry)
