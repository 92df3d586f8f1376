"""Checks every License Manager response the test suite receives against botocore's output
shape with botocore's own validator (``botocore.validate.ParamValidator``, what
``botocore.stub.Stubber`` checks a stubbed response with): types, required members, no member
the shape lacks, minimum lengths and values; plus what that validator leaves to the service:
enum values, maximum lengths and patterns. Independent of the mock's own validator on purpose: a bug
there cannot hide in both.

Where the model and the observed service disagree, the check is skipped for that shape only;
each exemption says why. Keep this list short.
"""

from __future__ import annotations

import json
import re
from typing import Any

from botocore.handlers import BUILTIN_HANDLERS
from botocore.validate import ParamValidator, ValidationErrors

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


class _Errors(ValidationErrors):
    """botocore's error report, told the shape being checked so that an exemption applies."""

    shape = ""

    def report(self, name: str, reason: str, **kwargs: Any) -> None:
        kind = {"invalid length": "length", "invalid range": "range"}.get(reason, reason)
        if (self.shape, kind) not in EXEMPTIONS:
            super().report(name, reason, **kwargs)


class _Validator(ParamValidator):
    """botocore's validator, keeping the shape of each report, and checking enum values,
    maximum lengths and patterns (botocore leaves them to the service). Collects every
    problem."""

    def __init__(self) -> None:
        super().__init__()
        self.beyond: list[str] = []

    def _validate(self, params: Any, shape: Any, errors: Any, name: str) -> None:
        outer, errors.shape = errors.shape, shape.name
        try:
            super()._validate(params, shape, errors, name)
        finally:
            errors.shape = outer
        if shape.type_name == "string" and isinstance(params, str):
            self._beyond_botocore(params, shape, name)
        top = shape.metadata.get("max")
        if isinstance(params, list | dict) and top is not None and len(params) > top:
            self.beyond.append(f"{name.lstrip('.')}: {len(params)} entries, over {top}")

    def _beyond_botocore(self, value: str, shape: Any, name: str) -> None:
        """Enum, maximum length and pattern of a string (the model's patterns are Python's)."""
        checks = {
            "enum": shape.enum and value not in shape.enum,
            "length": len(value) > shape.metadata.get("max", len(value)),
            "pattern": not re.fullmatch(shape.metadata.get("pattern", ".*"), value, re.S),
        }
        where = name.lstrip(".")
        for check, failed in checks.items():
            if failed and (shape.name, check) not in EXEMPTIONS:
                self.beyond.append(f"{where}: {value[:80]!r} breaks {shape.name}'s {check}")


def problems(output_shape: Any, body: Any) -> list[str]:
    """Every way ``body`` (a decoded JSON answer) breaks ``output_shape``, by botocore."""
    validator = _Validator()
    errors = _Errors()
    validator._validate(body, output_shape, errors, "")
    found = [errors.generate_report()] if errors.has_errors() else []
    return found + validator.beyond


class ShapeMismatch(AssertionError):
    """A response does not fit its operation's output shape."""


def check_response(http_response: Any, model: Any, **_: Any) -> None:
    """botocore ``after-call`` handler: fails the call when the body breaks the shape."""
    if http_response.status_code != 200 or model.output_shape is None:
        return
    body = json.loads(http_response.content or b"{}")
    found = problems(model.output_shape, body)
    if found:
        raise ShapeMismatch(f"{model.name} response breaks its output shape: {found}")
    checked.append(model.name)


def install() -> None:
    """Registers the check for every botocore session made from now on."""
    entry = ("after-call.license-manager", check_response)
    if entry not in BUILTIN_HANDLERS:
        BUILTIN_HANDLERS.append(entry)
