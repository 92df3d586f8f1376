"""The one router every request goes through, whichever way it arrived (botocore event,
moto's stubber, ``responses``, or the HTTP server): find the operation, validate the request
against botocore's model, call the backend, shape the answer by the output shape."""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from licensemgr_mock.moto_glue.models import licensemanager_backends
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.errors import LicenseManagerError, answering, invalid
from licensemgr_mock.pipeline.serialize import to_wire
from licensemgr_mock.pipeline.service_model import operation_model, service_model
from licensemgr_mock.pipeline.validation import validate_request

TARGET_PREFIX = "AWSLicenseManager."
DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
# How long a ClientToken keeps its first answer (CreateToken's documented window).
IDEMPOTENCY_SECONDS = 600

_REGION_IN_URL = re.compile(r"license-manager(?:-fips)?\.(?P<region>[a-z0-9-]+)\.")
_SCOPE = re.compile(r"Credential=(?P<key>[^/]+)/\d{8}/(?P<region>[^/]+)/")
_JSON = {"Content-Type": "application/x-amz-json-1.1"}

Response = tuple[int, dict[str, str], str]


def _header(headers: Any, name: str) -> str:
    value = headers.get(name) or ""
    return value.decode() if isinstance(value, bytes) else str(value)


def region_of(url: str, headers: Any) -> str:
    """The region a request was sent to: from its host, else its signature's scope."""
    match = _REGION_IN_URL.search(url)
    if match:
        return match["region"]
    scope = _SCOPE.search(_header(headers, "Authorization"))
    return scope["region"] if scope else DEFAULT_REGION


def account_of(headers: Any) -> str:
    """The calling account, resolved the way moto does: MOTO_ACCOUNT_ID, then the
    ``x-moto-account-id`` header, then the access key (keys of roles assumed through moto's
    STS belong to the role's account), then moto's default account."""
    if "MOTO_ACCOUNT_ID" in os.environ:
        return os.environ["MOTO_ACCOUNT_ID"]
    header = _header(headers, "x-moto-account-id")
    if header:
        return header
    # Access keys of other accounts exist only once moto's IAM/STS has been used.
    if "moto.iam.models" not in sys.modules:
        return DEFAULT_ACCOUNT
    scope = _SCOPE.search(_header(headers, "Authorization"))
    if scope is None:
        return DEFAULT_ACCOUNT
    from moto.iam.models import get_account_id_from

    return get_account_id_from(scope["key"])


def operation_of(headers: Any) -> str:
    """The operation named by the ``X-Amz-Target`` header."""
    return _header(headers, "X-Amz-Target").removeprefix(TARGET_PREFIX)


def handle(operation: str, body: bytes | str | None, account: str, region: str) -> Response:
    """Answers one request: status, headers and JSON body."""
    if operation not in service_model().operation_names:
        error = {"__type": "UnknownOperationException", "message": f"Unknown operation {operation}"}
        return 400, dict(_JSON), json.dumps(error)
    model = operation_model(operation)
    try:
        params = json.loads(body or "{}")
    except ValueError:
        message = "Request body is not valid JSON"
        return (
            400,
            dict(_JSON),
            json.dumps({"__type": "SerializationException", "message": message}),
        )
    try:
        with answering(model):
            validate_request(model, params)
            result = _call(operation, params, account, region)
    except LicenseManagerError as error:
        return error.response()
    return 200, dict(_JSON), json.dumps(result)


def _call(operation: str, params: dict[str, Any], account: str, region: str) -> Any:
    backend = licensemanager_backends[account][region]
    method = backend.operations[operation]
    model = operation_model(operation)
    store = backend.store
    with store.lock:
        token = params.get("ClientToken")
        key = (account, operation, token) if token is not None else None
        now = clock.now()
        if key is not None and key in store.answers:
            request, answer, when = store.answers[key]
            if (now - when).total_seconds() < IDEMPOTENCY_SECONDS:
                if request != params:
                    raise invalid(f"ClientToken {token} was already used with a different request.")
                return answer
        result = to_wire(model.output_shape, method(params)) if model.output_shape else {}
        if key is not None:
            store.answers[key] = (params, result, now)
        return result
