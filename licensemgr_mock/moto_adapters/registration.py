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
   answers License Manager requests itself and passes the rest to moto's route;
4. ``MockAWS._enable_patching`` registers the same ``responses`` callbacks as moto's (7
   methods x every URL pattern, about 1,260), but builds them once per pattern list instead of
   on every start (building them was most of what a start cost), and makes moto's EC2 ask
   License Manager before it launches or starts instances (``register_ec2_launches``; at the
   first start rather than at import, so importing the package does not import moto's EC2);
5. moto's CloudFormation learns ``AWS::LicenseManager::License`` and ``::Grant`` when moto
   first imports it (``cloudformation.install``).

There is no second handler of our own in botocore's ``before-send``: botocore calls every
``before-send`` handler, so moto's stubber would answer each call a second time.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import types
from typing import Any

from moto.core import models as moto_core
from moto.core.custom_responses_mock import CallbackResponse, not_implemented_callback
from responses import BaseResponse

from licensemgr_mock.moto_adapters import cloudformation
from licensemgr_mock.moto_adapters.entrance import SERVICE, URL_PATTERN, LicenseManagerStubber

MODULE = "moto." + SERVICE
MODELS = "licensemgr_mock.moto_adapters.models"
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


class _Callback(CallbackResponse):
    """moto's ``responses`` callback, noting when it answers: the next start then clears the
    call records of the few that answered rather than asking all ~1,260."""

    def get_response(self, request: Any) -> Any:
        """moto's answer, once this callback is noted as having been called."""
        _ANSWERED[id(self)] = self
        return super().get_response(request)


# By id: responses' BaseResponse compares by value, so it cannot be hashed.
_ANSWERED: dict[int, _Callback] = {}


class _Callbacks:
    """moto's ``responses`` callbacks, built for one list of URL patterns."""

    def __init__(self) -> None:
        self.patterns: list[tuple[str, re.Pattern[str]]] = []
        self.responses: list[BaseResponse] = []

    def current(self) -> list[BaseResponse]:
        """The callbacks moto's ``_enable_patching`` would build now, in its order."""
        from moto import backend_index

        patterns = backend_index.backend_url_patterns
        if patterns != self.patterns:
            self.patterns = list(patterns)
            self.responses = [
                _Callback(method=method, url=url, callback=callback)
                for method in moto_core.RESPONSES_METHODS
                for url, callback in [
                    *((pattern, _responses_callback()) for _, pattern in patterns),
                    (
                        re.compile(r"https?://.+\.amazonaws.com/.*"),
                        not_implemented_callback,
                    ),
                ]
            ]
        while _ANSWERED:
            # A fresh start records no calls, as moto's new callbacks would not.
            _ANSWERED.popitem()[1].calls.reset()
        return self.responses


def _responses_callback() -> Any:
    """The stubber method moto gives ``responses``: ``process_prepared_request`` in newer moto
    (it converts a ``requests`` request first), ``process_request`` in older."""
    stubber = moto_core.botocore_stubber
    return getattr(stubber, "process_prepared_request", stubber.process_request)


_CALLBACKS = _Callbacks()


def _enable_patching(self: moto_core.MockAWS, reset: bool = True) -> None:
    """moto's ``MockAWS._enable_patching`` with the callbacks built once (see point 4)."""
    register_ec2_launches()
    moto_core.botocore_stubber.enabled = True
    if reset:
        self.reset()
    moto_core.responses_mock.start()
    for response in _CALLBACKS.current():
        moto_core.responses_mock.add(response)


_MOTO_ENABLE_PATCHING = moto_core.MockAWS._enable_patching


def register() -> None:
    """Registers License Manager with moto; safe to call any number of times."""
    from moto import backend_index

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
    if moto_core.MockAWS._enable_patching is _MOTO_ENABLE_PATCHING:
        moto_core.MockAWS._enable_patching = _enable_patching  # type: ignore[method-assign]
    cloudformation.install()


_ec2_launches_installed: list[bool] = []


def register_ec2_launches() -> None:
    """Makes moto's EC2 launches enforce license configurations (once per process)."""
    if _ec2_launches_installed:
        return
    from licensemgr_mock.moto_adapters import ec2_hosts, ec2_launches, ec2_stacks
    from licensemgr_mock.moto_adapters.ec2_licensing import LICENSING

    ec2_launches.install(LICENSING)
    ec2_hosts.install()
    ec2_stacks.install()
    _ec2_launches_installed.append(True)
