"""The server's endpoints for what surrounds a call (the AWS CLI, the JS SDK and
``TEST_SERVER_MODE`` use them):

- ``/licensemgr-mock/faults``: ``POST`` adds a fault (a JSON object with ``operation``,
  ``error`` and optionally ``times``, ``probability``, ``seed``; the answer names its ``id``),
  ``GET`` lists the faults with their ``hits``, ``DELETE`` clears them;
  ``DELETE /licensemgr-mock/faults/<id>`` ends one.
- ``/licensemgr-mock/clock``: ``POST`` ``{"advance_seconds": N}`` or ``{"now": "<ISO 8601>"}``
  moves the clock, ``DELETE`` puts it back on the system clock, ``GET`` reads it.
- ``/licensemgr-mock/refusals``: ``GET`` lists the refusals with their real causes.
- ``/licensemgr-mock/unreturned``: ``GET`` lists the consumptions never checked in (strict
  mode under TEST_SERVER_MODE), with the report strict mode raises.
- ``/licensemgr-mock/consumptions``: ``GET`` lists every consumption a test can inspect
  (``lm.consumptions`` under TEST_SERVER_MODE), as stored, in snake case (as in data.json).
- ``/licensemgr-mock/token-public-key``: ``GET`` (``?partition=``, default ``aws``) answers the
  PEM key that verifies the tokens the server signs (``token_public_key_pem``).

Bad input answers 400 with ``{"error": ..., "message": ...}`` and changes nothing. All of it
is reset with the server (``POST /moto-api/reset``).
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from werkzeug.wrappers import Request

from licensemgr_mock.moto_adapters import backends
from licensemgr_mock.moto_adapters.moto_api import stored
from licensemgr_mock.pipeline import clock
from licensemgr_mock.state import faults, refusals

PREFIX = "/licensemgr-mock/"
FAULTS_PATH = PREFIX + "faults"
CLOCK_PATH = PREFIX + "clock"
REFUSALS_PATH = PREFIX + "refusals"
UNRETURNED_PATH = PREFIX + "unreturned"
CONSUMPTIONS_PATH = PREFIX + "consumptions"
TOKEN_KEY_PATH = PREFIX + "token-public-key"

Json = dict[str, object]
Answer = tuple[int, Json]

_FAULT_FIELDS = ("operation", "error", "times", "probability", "seed")
_CLOCK_FIELDS = ("advance_seconds", "now")


def reset() -> None:
    """Forgets the faults and refusals and puts the clock back (the server's reset)."""
    faults.registry.clear()
    clock.reset()
    refusals.clear()


def answer(request: Request) -> Answer | None:
    """The answer of one of these endpoints, or None if ``request`` is for none of them."""
    path = request.path.rstrip("/")
    if path == FAULTS_PATH:
        return _faults(request)
    if path.startswith(FAULTS_PATH + "/"):
        return _one_fault(request, path.removeprefix(FAULTS_PATH + "/"))
    if path == CLOCK_PATH:
        return _clock(request)
    if path == REFUSALS_PATH:
        if request.method != "GET":
            return _not_allowed("GET", path)
        listed = [
            {"operation": r.operation, "reason": r.reason, "at": r.at.isoformat()}
            for r in refusals.recent()
        ]
        return 200, {"refusals": listed}
    if path == UNRETURNED_PATH:
        if request.method != "GET":
            return _not_allowed("GET", path)
        held = backends.unreturned(backends.all_consumptions())
        tokens = [checkout.license_consumption_token for checkout in held]
        report = backends.describe_unreturned(held) if held else ""
        return 200, {"unreturned": tokens, "report": report}
    if path == CONSUMPTIONS_PATH:
        if request.method != "GET":
            return _not_allowed("GET", path)
        return 200, {"consumptions": [stored(c) for c in backends.all_consumptions()]}
    if path == TOKEN_KEY_PATH:
        return _token_key(request)
    return None


def _token_key(request: Request) -> Answer:
    if request.method != "GET":
        return _not_allowed("GET", TOKEN_KEY_PATH)
    unknown = sorted(set(request.args) - {"partition"})
    if unknown:
        return _bad("InvalidTokenKeyRequest", f"unknown parameter {unknown[0]!r} (partition)")
    partition = request.args.get("partition", "aws")
    try:
        pem = backends.token_public_key_pem(partition)
    except ValueError as error:
        return _bad("InvalidTokenKeyRequest", str(error))
    return 200, {"partition": partition, "public_key_pem": pem}


def _not_allowed(methods: str, path: str) -> Answer:
    return 405, {"error": "MethodNotAllowed", "message": f"{methods} to {path}"}


def _bad(error: str, message: str) -> Answer:
    return 400, {"error": error, "message": message}


def _body(request: Request, fields: tuple[str, ...]) -> Json | str:
    """The request's JSON object, or why it is not one (an unknown field included)."""
    try:
        body = json.loads(request.get_data() or b"null")
    except (ValueError, RecursionError):
        return "the body is not valid JSON"
    if not isinstance(body, dict):
        return "the body must be a JSON object"
    unknown = sorted(set(body) - set(fields))
    if unknown:
        return f"unknown field {unknown[0]!r} (fields: {', '.join(fields)})"
    return body


def _faults(request: Request) -> Answer:
    if request.method == "GET":
        return 200, {"faults": [fault.as_json() for fault in faults.registry.listed()]}
    if request.method == "DELETE":
        faults.registry.clear()
        return 200, {"faults": []}
    if request.method != "POST":
        return _not_allowed("GET, POST or DELETE", FAULTS_PATH)
    body = _body(request, _FAULT_FIELDS)
    if isinstance(body, str):
        return _bad("InvalidFaultRequest", body)
    missing = [name for name in ("operation", "error") if name not in body]
    if missing:
        return _bad("InvalidFaultRequest", f"{missing[0]} is required")
    probability = body.get("probability", 1.0)
    try:
        fault = faults.registry.add(
            body["operation"],  # type: ignore[arg-type]  # checked by add
            body["error"],  # type: ignore[arg-type]
            times=body.get("times"),  # type: ignore[arg-type]
            probability=probability,  # type: ignore[arg-type]
            seed=body.get("seed"),  # type: ignore[arg-type]
        )
    except faults.FaultError as error:
        return _bad("InvalidFaultRequest", str(error))
    return 200, fault.as_json()


def _one_fault(request: Request, fault_id: str) -> Answer:
    if request.method != "DELETE":
        return _not_allowed("DELETE", f"{FAULTS_PATH}/<id>")
    if not faults.registry.remove(fault_id):
        return 404, {"error": "NotFound", "message": f"No fault {fault_id!r}"}
    return 200, {"id": fault_id}


def _clock(request: Request) -> Answer:
    if request.method == "GET":
        return 200, _now()
    if request.method == "DELETE":
        clock.reset()
        return 200, _now()
    if request.method != "POST":
        return _not_allowed("GET, POST or DELETE", CLOCK_PATH)
    body = _body(request, _CLOCK_FIELDS)
    if isinstance(body, str):
        return _bad("InvalidClockRequest", body)
    if len(body) != 1:
        return _bad("InvalidClockRequest", "give exactly one of advance_seconds or now")
    newest = backends.newest_license_creation()
    try:
        if "advance_seconds" in body:
            seconds = body["advance_seconds"]
            if type(seconds) not in (int, float) or not math.isfinite(seconds):  # type: ignore[arg-type]
                return _bad("InvalidClockRequest", "advance_seconds must be a number")
            clock.advance(seconds, newest)  # type: ignore[arg-type]
        else:
            moment = _moment(body["now"])
            if moment is None:
                return _bad("InvalidClockRequest", "now must be an ISO 8601 time")
            clock.set_now(moment, newest)
    except clock.ClockError as error:
        return _bad("InvalidClockRequest", str(error))
    return 200, _now()


def _moment(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _now() -> Json:
    return {"now": clock.now().isoformat(), "offset_seconds": clock.offset().total_seconds()}
