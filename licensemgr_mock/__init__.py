"""licensemgr_mock: an in-process mock of AWS License Manager for Python tests, on moto.

Every public name is importable from here; the sub-packages are internal (see
docs/architecture.md): activation, server, moto_adapters, the API areas, state and pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from licensemgr_mock.activation.controls import MockClock, token_public_key_pem
from licensemgr_mock.activation.mock import (
    LicenseManagerMock,
    MockNotActiveError,
    UnreturnedConsumptionError,
    mock_licensemanager,
)
from licensemgr_mock.licenses.seeded import SeededLicense, SeedingError
from licensemgr_mock.moto_adapters.registration import register
from licensemgr_mock.state.faults import Fault
from licensemgr_mock.state.refusals import Refusal

if TYPE_CHECKING:
    from licensemgr_mock.server.front import LicenseManagerServer, ServerExtraMissing
    from licensemgr_mock.server.mode import SeedRejected, ServerModeError

register()

__all__ = [
    "Fault",
    "LicenseManagerMock",
    "LicenseManagerServer",
    "MockClock",
    "MockNotActiveError",
    "Refusal",
    "SeedRejected",
    "SeededLicense",
    "SeedingError",
    "ServerExtraMissing",
    "ServerModeError",
    "UnreturnedConsumptionError",
    "mock_licensemanager",
    "register",
    "token_public_key_pem",
]
__version__ = "0.1.0"

# Imported on first use: the server (werkzeug, moto's server app).
_LAZY = {
    "LicenseManagerServer": "licensemgr_mock.server.front",
    "ServerExtraMissing": "licensemgr_mock.server.front",
    "SeedRejected": "licensemgr_mock.server.mode",
    "ServerModeError": "licensemgr_mock.server.mode",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
