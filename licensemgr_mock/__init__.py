"""licensemgr_mock: an in-process mock of AWS License Manager for Python tests, on moto."""

from __future__ import annotations

from licensemgr_mock.activation import LicenseManagerMock, mock_licensemanager
from licensemgr_mock.moto_glue.moto_api import track_state
from licensemgr_mock.moto_glue.registration import register
from licensemgr_mock.moto_glue.server import LicenseManagerServer

register()
track_state()

__all__ = ["LicenseManagerMock", "LicenseManagerServer", "mock_licensemanager", "register"]
__version__ = "0.1.0"
