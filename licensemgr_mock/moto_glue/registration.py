"""Teaches moto about License Manager. moto has no plugin hook for a new service, so this is
the one place that reaches into it, idempotently:

1. ``moto.licensemanager`` resolves to our ``models`` module, where moto's backend lookup
   (``moto.backends.get_backend``) finds ``licensemanager_backends``. Until something needs
   the backend, a stand-in holds the name, so ``import licensemgr_mock`` stays light (no
   areas, no PyJWT or cryptography);
2. our endpoint pattern joins ``moto.backend_index.backend_url_patterns``, the list that moto's
   botocore stubber, its ``responses`` mock and its server all read, so plain ``mock_aws`` and
   the moto server answer License Manager too;
3. moto's one botocore stubber object becomes an ``entrance.LicenseManagerStubber``, which
   answers License Manager requests itself and passes the rest to moto's route.

There is no second handler of our own in botocore's ``before-send``: botocore calls every
``before-send`` handler, so moto's stubber would answer each call a second time.
"""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any

from licensemgr_mock.moto_glue.entrance import URL_PATTERN, LicenseManagerStubber

SERVICE = "licensemanager"
MODULE = "moto." + SERVICE
MODELS = "licensemgr_mock.moto_glue.models"
SUPPORTED_MOTO = ((5, 0), (6, 0))

__all__ = ["URL_PATTERN", "MotoConflictError", "register"]


class MotoConflictError(RuntimeError):
    """moto ships a License Manager of its own, or a moto version we do not support."""


class _ModelsStandIn(types.ModuleType):
    """Holds ``moto.licensemanager`` until moto first reads from it, then imports ``models``
    and hands the name over to it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        models = importlib.import_module(MODELS)
        if sys.modules.get(MODULE) is self:
            sys.modules[MODULE] = models
        return getattr(models, name)


_STAND_IN = _ModelsStandIn(MODULE, "licensemgr_mock's models, imported on first use")


def _moto_version() -> tuple[int, int]:
    import moto

    major, minor = (int(part) for part in moto.__version__.split(".")[:2])
    return major, minor


def register() -> None:
    """Registers License Manager with moto; safe to call any number of times."""
    from moto import backend_index
    from moto.core import models as moto_core

    low, high = SUPPORTED_MOTO
    if not low <= _moto_version() < high:
        raise MotoConflictError(
            f"licensemgr_mock supports moto >= 5.0, < 6.0; moto {_moto_version()} is installed."
        )
    existing = sys.modules.get(MODULE)
    models = sys.modules.get(MODELS)
    if existing is None and importlib.util.find_spec(MODULE) is not None:
        raise MotoConflictError(
            "moto now ships its own moto.licensemanager; licensemgr_mock would shadow it."
        )
    if existing is not None and existing is not _STAND_IN and existing is not models:
        raise MotoConflictError(f"{MODULE} is already taken by {existing!r}.")
    sys.modules[MODULE] = models if models is not None else _STAND_IN
    patterns = backend_index.backend_url_patterns
    if all(name != SERVICE for name, _ in patterns):
        # First, not last: moto tries the patterns in order on every request.
        patterns.insert(0, (SERVICE, URL_PATTERN))
    # The object itself, not a copy: botocore's built-in handlers and every client moto has
    # patched hold a reference to it.
    moto_core.botocore_stubber.__class__ = LicenseManagerStubber
