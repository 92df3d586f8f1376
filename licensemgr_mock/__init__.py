"""licensemgr_mock: an in-process mock of AWS License Manager for Python tests, on moto."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from licensemgr_mock.activation import LicenseManagerMock, mock_licensemanager
from licensemgr_mock.moto_glue.registration import register

if TYPE_CHECKING:
    from licensemgr_mock.moto_glue.server import LicenseManagerServer

register()

__all__ = ["LicenseManagerMock", "LicenseManagerServer", "mock_licensemanager", "register"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The server (werkzeug, moto's server app) is imported only by those who use it.
    if name == "LicenseManagerServer":
        from licensemgr_mock.moto_glue.server import LicenseManagerServer

        return LicenseManagerServer
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
