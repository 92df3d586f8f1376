"""Teaches moto about License Manager. moto has no plugin hook for a new service, so this is
the one place that reaches into it, idempotently:

1. ``moto.licensemanager`` resolves to our ``models`` module, where moto's backend lookup
   (``moto.backends.get_backend``) finds ``licensemanager_backends``;
2. our endpoint pattern joins ``moto.backend_index.backend_url_patterns``, the list that moto's
   botocore stubber, its ``responses`` mock and its server all read, so plain ``mock_aws`` and
   the moto server answer License Manager too;
3. a ``before-send.license-manager`` botocore handler answers License Manager calls straight
   from the router while a mock is active, skipping moto's generic URL matching (botocore
   calls it before moto's ``before-send`` handler). Same router, same backend.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.handlers import BUILTIN_HANDLERS

SERVICE = "licensemanager"
MODULE = "moto." + SERVICE
URL_PATTERN = re.compile(r"https?://license-manager(?:-fips)?\.(.+)\.(?:amazonaws\.com|api\.aws)")
SUPPORTED_MOTO = ((5, 0), (6, 0))
# Off, License Manager calls take moto's generic route (its stubber, then urls.py): the same
# router and backend, only slower. Tests and benchmarks compare the two entrances.
lean_entrance = True


class MotoConflictError(RuntimeError):
    """moto ships a License Manager of its own, or a moto version we do not support."""


def _moto_version() -> tuple[int, int]:
    import moto

    major, minor = (int(part) for part in moto.__version__.split(".")[:2])
    return major, minor


def register() -> None:
    """Registers License Manager with moto; safe to call any number of times."""
    from moto import backend_index

    from licensemgr_mock import models

    low, high = SUPPORTED_MOTO
    if not low <= _moto_version() < high:
        raise MotoConflictError(
            f"licensemgr_mock supports moto >= 5.0, < 6.0; moto {_moto_version()} is installed."
        )
    existing = sys.modules.get(MODULE)
    if existing is None and importlib.util.find_spec(MODULE) is not None:
        raise MotoConflictError(
            "moto now ships its own moto.licensemanager; licensemgr_mock would shadow it."
        )
    if existing is not None and existing is not models:
        raise MotoConflictError(f"{MODULE} is already taken by {existing!r}.")
    sys.modules[MODULE] = models
    patterns = backend_index.backend_url_patterns
    if all(name != SERVICE for name, _ in patterns):
        patterns.append((SERVICE, URL_PATTERN))
    if not any(entry[1] is answer_from_router for entry in BUILTIN_HANDLERS):
        BUILTIN_HANDLERS.append(("before-send.license-manager", answer_from_router))


def answer_from_router(request: Any, **_: Any) -> AWSResponse | None:
    """botocore's ``before-send`` for License Manager: answered here while a mock is active,
    passed on (None) otherwise or when moto's configuration wants it passed through."""
    from moto.core.botocore_stubber import MockRawResponse
    from moto.core.config import passthrough_service, passthrough_url, service_whitelisted
    from moto.core.models import botocore_stubber

    from licensemgr_mock import router

    if not (lean_entrance and botocore_stubber.enabled):
        return None
    url = request.url
    if passthrough_url(url) or passthrough_service(SERVICE) or not service_whitelisted(SERVICE):
        return None
    headers = request.headers
    status, response_headers, body = router.handle(
        router.operation_of(headers),
        request.body,
        router.account_of(headers),
        router.region_of(url, headers),
    )
    return AWSResponse(url, status, response_headers, MockRawResponse(body))
