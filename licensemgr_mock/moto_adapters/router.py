"""The one router every request goes through, whichever way it arrived (botocore event,
moto's stubber, ``responses``, or the HTTP server): find the operation, validate the request
against botocore's model, call the backend, shape the answer by the output shape."""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from botocore.model import OperationModel
from moto.settings import allow_unknown_region

from licensemgr_mock.moto_adapters import moto_dicts
from licensemgr_mock.moto_adapters.iam import authorize
from licensemgr_mock.moto_adapters.models import LicenseManagerBackend, licensemanager_backends
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.errors import (
    AuthorizationException,
    LicenseManagerError,
    NoEntitlementsAllowedException,
    RateLimitExceededException,
    answering,
    as_modeled,
    invalid,
    quoted,
)
from licensemgr_mock.pipeline.serialize import Writer, to_json, writer
from licensemgr_mock.pipeline.service_model import operation_model, service_model
from licensemgr_mock.pipeline.validation import validate_request
from licensemgr_mock.pipeline.wire import Request
from licensemgr_mock.state import refusals
from licensemgr_mock.state.faults import error_answer
from licensemgr_mock.state.faults import registry as faults
from licensemgr_mock.state.idempotency import request_digest
from licensemgr_mock.state.scope import is_account_id

_from_json = json.JSONDecoder().decode
TARGET_PREFIX = "AWSLicenseManager."
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"

_REGION_IN_URL = re.compile(r"license-manager(?:-fips)?\.(?P<region>[a-z0-9-]+)\.")
_SCOPE = re.compile(r"Credential=(?P<key>[^/]+)/\d{8}/(?P<region>[^/]+)/")
_JSON = "application/x-amz-json-1.1"

Response = tuple[int, dict[str, str], str]


def _header(headers: Any, name: str) -> str:
    value = headers.get(name) or ""
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def region_of(url: str, headers: Any) -> str:
    """The region a request was sent to: from its host, else its signature's scope."""
    return _region(url, _header(headers, "Authorization"))


def account_of(headers: Any) -> str:
    """The calling account, resolved the way moto does: MOTO_ACCOUNT_ID, then the
    ``x-moto-account-id`` header, then the access key (keys of roles assumed through moto's
    STS belong to the role's account), then moto's default account."""
    return _account(headers, _header(headers, "Authorization"))


def operation_of(headers: Any) -> str:
    """The operation named by the ``X-Amz-Target`` header."""
    return _header(headers, "X-Amz-Target").removeprefix(TARGET_PREFIX)


def handle_request(url: str, headers: Any, body: bytes | str | None) -> Response:
    """Answers a request as it arrived (``handle``), its operation, account and region read
    from its URL and headers (``operation_of``, ``account_of``, ``region_of``), each header
    once: this runs on every call. Under moto's IAM enforcement the caller is authenticated
    and authorized first (``iam.authorize``)."""
    authorization = _header(headers, "Authorization")
    operation = operation_of(headers)
    account = _account(headers, authorization)
    if not is_account_id(account):
        # Only moto's own switches name an account (an ARN is built from it); AWS has no such
        # account, and it would make ARNs that no later call accepts.
        message = (
            f"The calling account {quoted(account)} (from MOTO_ACCOUNT_ID or the "
            "x-moto-account-id header) is not a 12-digit AWS account id."
        )
        return front_error("UnrecognizedClientException", message)
    # Before anything reads the body or changes state: a refused caller changes nothing.
    refused = authorize(operation, url, headers, body, account)
    if refused is not None:
        status, extra, text = refused.response()
        return status, _headers(new_request_id(), extra), text
    return handle(operation, body, account, _region(url, authorization))


def _region(url: str, authorization: str) -> str:
    found = _region_in_url(url)
    if found is not None:
        return found
    scope = _SCOPE.search(authorization)
    return scope["region"] if scope else DEFAULT_REGION


@lru_cache(maxsize=256)
def _region_in_url(url: str) -> str | None:
    # A client sends every call to one URL: read its region once.
    match = _REGION_IN_URL.search(url)
    return match["region"] if match else None


def _account(headers: Any, authorization: str) -> str:
    configured = os.environ.get("MOTO_ACCOUNT_ID")
    if configured is not None:
        return configured
    header = _header(headers, "x-moto-account-id")
    if header:
        return header
    # Access keys of other accounts exist only once moto's IAM/STS has been used, which
    # imports moto's IAM: until then there is nothing to look up, and importing it here would
    # put its ~65 ms on the first License Manager call of every process that never uses IAM.
    iam_backends = getattr(sys.modules.get("moto.iam.models"), "iam_backends", None)
    if iam_backends is None:
        return DEFAULT_ACCOUNT
    scope = _SCOPE.search(authorization)
    if scope is None:
        return DEFAULT_ACCOUNT
    # moto's ``get_account_id_from``, reading only the IAM backends that exist: it reads every
    # partition with ``[]`` (moto's lock, each request), and an IAM never made holds no keys.
    key = scope["key"]
    account: str
    for account, partitions in list(dict.items(iam_backends)):
        for iam in list(dict.values(partitions)):
            if key in iam.access_keys:
                return account
    return DEFAULT_ACCOUNT


def new_request_id() -> str:
    """A fresh request id in the form AWS sends: a random version-4 UUID, from the OS's
    randomness (a ``random.seed`` in a user's test cannot repeat it, nor can a forked worker)."""
    return str(uuid.uuid4())


def _headers(request_id: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    return {"Content-Type": _JSON, **(extra or {}), "x-amzn-RequestId": request_id}


def front_error(code: str, message: str, status: int = 400, request_id: str = "") -> Response:
    """An error of AWS's front door, answered before any operation runs (so not one an
    operation models): AWS's JSON error body, with a request id like every answer."""
    headers = _headers(request_id or new_request_id(), {"x-amzn-ErrorType": code})
    return status, headers, to_json({"__type": code, "message": message})


@dataclass(frozen=True)
class _Plan:
    """What the router needs of one operation, worked out once: its model, the compiled
    writer of its output shape, and whether it models a ClientToken."""

    model: OperationModel
    write: Writer | None
    takes_client_token: bool


def _plan_of(operation: str) -> _Plan:
    model = operation_model(operation)
    output = model.output_shape
    return _Plan(
        model=model,
        write=writer(output) if output is not None else None,
        takes_client_token="ClientToken" in model.input_shape.members,
    )


# Filled on each operation's first call; every name in it is an operation of the model.
_plans: dict[str, _Plan] = {}


def _plan(operation: str) -> _Plan | None:
    """The plan of ``operation``, None when the model has no such operation."""
    plan = _plans.get(operation)
    if plan is None and operation in service_model().operation_names:
        plan = _plans[operation] = _plan_of(operation)
    return plan


def handle(operation: str, body: bytes | str | None, account: str, region: str) -> Response:
    """Answers one request: status, headers (a fresh ``x-amzn-RequestId`` on every answer,
    errors included) and JSON body."""
    rid = new_request_id()
    plan = _plan(operation)
    if plan is None:
        message = f"Unknown operation {quoted(operation)}"
        return front_error("UnknownOperationException", message, request_id=rid)
    if faults:
        # Before the body is read: an injected fault fails the call and changes nothing.
        fault = faults.strike(operation)
        if fault is not None:
            status, headers, error = error_answer(fault)  # or raises TransportFault
            if fault.error == NoEntitlementsAllowedException.__name__:
                # A refusal the test asked for is still one the client got: listed with the
                # rest, its cause naming the fault (docs/decisions/server-mode.md).
                refusals.record(operation, f"injected fault {fault.id} (inject_fault)")
            return status, _headers(rid, headers), to_json(error)
    try:
        # Decoded first: ``json.loads`` would guess the encoding of bytes, and AWS reads UTF-8.
        source = body.decode() if isinstance(body, bytes) else body
        params = _from_json(source or "{}")
    except (ValueError, RecursionError):
        # RecursionError: JSON nested deeper than the parser goes; AWS refuses such bodies too.
        message = "Request body is not valid JSON"
        return front_error("SerializationException", message, request_id=rid)
    if not isinstance(params, dict):
        # Every input is a structure: a JSON array, string or number is not one.
        message = "Request body must be a JSON object"
        return front_error("SerializationException", message, request_id=rid)
    try:
        with answering(plan.model):
            validate_request(plan.model, params)
            result = _call(operation, plan, params, account, region)
    except LicenseManagerError as error:
        if isinstance(error, NoEntitlementsAllowedException):
            refusals.record(operation, error.reason)
        status, headers, text = as_modeled(error, plan.model).response()
        return status, _headers(rid, headers), text
    except _Unanswered:
        message = f"licensemgr_mock does not answer {operation} (the installed botocore has it)"
        return front_error("UnknownOperationException", message, request_id=rid)
    return 200, {"Content-Type": _JSON, "x-amzn-RequestId": rid}, to_json(result)


def _backend(account: str, region: str) -> LicenseManagerBackend:
    known: LicenseManagerBackend | None = moto_dicts.existing(
        licensemanager_backends, account, region
    )
    if known is not None:
        return known
    regional = licensemanager_backends[account]
    # moto serves the regions botocore lists for the service (or any, when
    # MOTO_ALLOW_NONEXISTENT_REGION is set); a request for another fails like AWS's front
    # fails a signature scoped to a region that does not exist.
    if region not in regional and not allow_unknown_region():
        raise AuthorizationException(
            f"Credential should be scoped to a valid region, not {quoted(region)}."
        )
    return regional[region]


class _Unanswered(Exception):
    """The installed botocore's model has an operation newer than this package's areas."""


def _call(operation: str, plan: _Plan, params: Request, account: str, region: str) -> Any:
    backend = _backend(account, region)
    method = backend.operations.get(operation)
    if method is None:
        raise _Unanswered(operation)
    store = backend.store
    with store.lock:
        token = params.get("ClientToken") if plan.takes_client_token else None
        # A ClientToken that is not a string never reaches here (validation), but guard the
        # cache key anyway: an unhashable key must not become a TypeError.
        if not isinstance(token, str):
            return plan.write(method(params)) if plan.write is not None else {}
        now = clock.now()
        answers = store.client_tokens
        key = (account, region, operation, token)
        answers.prune(now)
        digest = request_digest(params)
        earlier = answers.get(key, now)
        if earlier is not None:
            request, answer = earlier
            if request != digest:
                raise invalid(
                    f"ClientToken {quoted(token)} was already used with a different request."
                )
            return answer
        if answers.full(now):
            raise RateLimitExceededException("Rate exceeded")
        result = plan.write(method(params)) if plan.write is not None else {}
        answers.remember(key, digest, result, now)
        return result
