"""``TEST_SERVER_MODE=true``: the mock runs in a server, the tests talk to it over HTTP.

As moto does in server mode (``ServerModeMockAWS``): boto3 clients and resources made while
the mock is active get ``TEST_SERVER_MODE_ENDPOINT`` (default ``http://localhost:5000``) as
their endpoint, the server is reset through ``POST /moto-api/reset`` when the outermost
activation starts and when it ends, and ``seed_license`` posts to the server's seed endpoint.
The switch is read at each activation, so one test run can hold both modes.
"""

from __future__ import annotations

import contextlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import Any

import boto3

from licensemgr_mock.licenses.seeded import SeededLicense
from licensemgr_mock.moto_adapters.mocking import (
    ServerModeMockAWS,
    server_mode_endpoint,
    server_mode_outermost,
)
from licensemgr_mock.moto_adapters.sessions import session_for_environment

TIMEOUT_SECONDS = 30


class ServerModeError(RuntimeError):
    """The server of TEST_SERVER_MODE did not answer, or refused a request."""


class RequestRejected(ServerModeError, ValueError):
    """The server refused a request (a ValueError, as the same call in-process)."""


class SeedRejected(RequestRejected):
    """The server refused a seed request (a ValueError, as ``seed_license`` in-process)."""


def enabled() -> bool:
    """Whether ``TEST_SERVER_MODE`` is ``true`` (moto's switch) right now."""
    return os.environ.get("TEST_SERVER_MODE", "0").lower() == "true"


def endpoint() -> str:
    """The server's base URL: ``TEST_SERVER_MODE_ENDPOINT``, as moto reads it."""
    return server_mode_endpoint().rstrip("/")


def start() -> ServerModeMockAWS:
    """Starts a server-mode activation (the server is reset if it is the outermost)."""
    outermost = server_mode_outermost()
    if outermost:
        # Ours rather than moto's reset: moto's raises a bare connection error, and would
        # leave its half-started mock behind.
        reset()
    mock = ServerModeMockAWS()
    mock.start(reset=False)
    if outermost:
        boto3.DEFAULT_SESSION = session_for_environment()
    return mock


def stop(mock: ServerModeMockAWS) -> None:
    """Ends a server-mode activation (the outermost resets the server)."""
    try:
        mock.stop()
    except OSError as error:
        raise ServerModeError(_unreachable(error)) from error


def reset() -> None:
    """Empties the server (every service), unless ``MOTO_CALL_RESET_API=false``."""
    if os.environ.get("MOTO_CALL_RESET_API", "").lower() != "false":
        reset_server()


def reset_server(endpoint_url: str | None = None) -> None:
    """Empties a server (every service): ``POST /moto-api/reset``."""
    _post("/moto-api/reset", {}, endpoint_url)


def seed_license(
    product_sku: str,
    entitlements: Sequence[Mapping[str, object]],
    endpoint_url: str | None = None,
    **options: Any,
) -> SeededLicense:
    """``seed_license`` through a server's seed endpoint (``endpoint_url``, else
    ``TEST_SERVER_MODE_ENDPOINT``); answers a ``SeededLicense``.

    Without ``account`` the server seeds for the account its boto3 callers act as (moto's
    default unless the server runs with another ``MOTO_ACCOUNT_ID``); without ``region``, for
    the region a client made now would use."""
    body: dict[str, object] = {"product_sku": product_sku, "entitlements": list(entitlements)}
    for name, value in options.items():
        body[name] = value.isoformat() if hasattr(value, "isoformat") else value
    body.setdefault("region", _region())
    return SeededLicense(**post_seed(body, endpoint_url))


def post_seed(body: Mapping[str, object], endpoint_url: str | None = None) -> Any:
    """Posts a seed request (JSON-ready options) and answers the server's JSON answer."""
    from licensemgr_mock.server.endpoints import SEED_PATH

    return _post(SEED_PATH, body, endpoint_url)


def _region() -> str:
    return os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or "us-east-1"


def _post(path: str, body: object, endpoint_url: str | None = None) -> Any:
    return call("POST", path, body, endpoint_url)


def call(method: str, path: str, body: object = None, endpoint_url: str | None = None) -> Any:
    """Sends one request to the server's own endpoints and answers its decoded JSON.
    A 4xx raises ``RequestRejected`` (a ValueError) with the server's message."""
    base = (endpoint_url or endpoint()).rstrip("/")
    request = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method=method,
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            return json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        detail = error.read().decode(errors="replace")
        with contextlib.suppress(ValueError):
            detail = json.loads(detail).get("message", detail)
        rejected = SeedRejected if path.endswith("/seed-license") else RequestRejected
        raise rejected(f"{path} answered {error.code}: {detail}") from None
    except OSError as error:
        raise ServerModeError(_unreachable(error, base)) from error


def _unreachable(error: Exception, base: str | None = None) -> str:
    return (
        f"no server answers at {base or endpoint()} ({error}); start one with "
        "`licensemgr-mock server` (TEST_SERVER_MODE_ENDPOINT names where it listens)."
    )
