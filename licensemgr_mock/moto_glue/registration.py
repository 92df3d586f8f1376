"""Teaches moto about License Manager. moto has no plugin hook for a new service, so this is
the one place that reaches into it, idempotently:

1. ``moto.licensemanager`` resolves to our ``models`` module, where moto's backend lookup
   (``moto.backends.get_backend``) finds ``licensemanager_backends``;
2. our endpoint pattern joins ``moto.backend_index.backend_url_patterns``, the list that moto's
   botocore stubber, its ``responses`` mock and its server all read, so plain ``mock_aws`` and
   the moto server answer License Manager too.

There is no second entrance of our own in botocore's ``before-send``: botocore calls every
``before-send`` handler, so moto's stubber would answer each call a second time.
"""

from __future__ import annotations

import importlib.util
import re
import sys

SERVICE = "licensemanager"
MODULE = "moto." + SERVICE
URL_PATTERN = re.compile(r"https?://license-manager(?:-fips)?\.(.+)\.(?:amazonaws\.com|api\.aws)")
SUPPORTED_MOTO = ((5, 0), (6, 0))


class MotoConflictError(RuntimeError):
    """moto ships a License Manager of its own, or a moto version we do not support."""


def _moto_version() -> tuple[int, int]:
    import moto

    major, minor = (int(part) for part in moto.__version__.split(".")[:2])
    return major, minor


def register() -> None:
    """Registers License Manager with moto; safe to call any number of times."""
    from moto import backend_index

    from licensemgr_mock.moto_glue import models

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
        # First, not last: moto tries the patterns in order on every request.
        patterns.insert(0, (SERVICE, URL_PATTERN))
