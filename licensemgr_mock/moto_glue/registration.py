"""Teaches moto about License Manager. moto has no plugin hook for a new service, so this is
the one place that reaches into it, idempotently:

1. ``moto.licensemanager`` resolves to our ``models`` module, where moto's backend lookup
   (``moto.backends.get_backend``) finds ``licensemanager_backends``;
2. our endpoint pattern joins ``moto.backend_index.backend_url_patterns``, the list that moto's
   botocore stubber, its ``responses`` mock and its server all read, so plain ``mock_aws`` and
   the moto server answer License Manager too;
3. moto's EC2 RunInstances asks License Manager before it launches (``register_ec2_launches``).

There is no second entrance of our own in botocore's ``before-send``: botocore calls every
``before-send`` handler, so moto's stubber would answer each call a second time.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from licensemgr_mock.moto_services.ec2_launches import Launch, LaunchRefused

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
    register_ec2_launches()


def register_ec2_launches() -> None:
    """Makes moto's EC2 launches enforce license configurations (idempotent)."""
    from licensemgr_mock.moto_services import ec2_launches

    ec2_launches.install(_guard)


@contextmanager
def _guard(launch: Launch) -> Iterator[Callable[[list[str]], None]]:
    """Checks a launch against the launching account's configurations and yields what
    records its instances, under the store's lock (no two launches take the last license)."""
    from licensemgr_mock.moto_glue.models import licensemanager_backends

    # ``get``: an account that never used License Manager has no configurations to enforce.
    regional = licensemanager_backends.get(launch.account)
    backend = regional.get(launch.region) if regional is not None else None
    if backend is None:
        if launch.license_configuration_arns:
            arn = launch.license_configuration_arns[0]
            message = f"Invalid license configuration ARN: {arn}"
            raise LaunchRefused("InvalidParameterValue", message)
        yield lambda arns: None
        return
    with backend.store.lock:
        explicit = backend.launches.check(launch)
        yield lambda arns: backend.launches.record(explicit, arns)
