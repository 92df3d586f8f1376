"""The License Manager backend: one per account and region, in a moto ``BackendDict``.

moto finds a service's backend as ``moto.<service>.models.<service>_backends`` and its URL
handlers in the sibling ``urls`` module; ``registration`` points ``moto.licensemanager`` here.
Each API area is a mixin in its own module; this class only puts them together.
"""

from __future__ import annotations

from moto.core.base_backend import BackendDict

from licensemgr_mock.access_tokens import AccessTokensMixin
from licensemgr_mock.consumption import ConsumptionMixin
from licensemgr_mock.grants import GrantsMixin
from licensemgr_mock.licenses import LicensesMixin
from licensemgr_mock.seeding import SeedingMixin
from licensemgr_mock.service_settings import ServiceSettingsMixin
from licensemgr_mock.tagging import TaggingMixin


class LicenseManagerBackend(
    LicensesMixin,
    ConsumptionMixin,
    SeedingMixin,
    GrantsMixin,
    AccessTokensMixin,
    TaggingMixin,
    ServiceSettingsMixin,
):
    """Every License Manager operation, as ``snake_case_name(request) -> response``."""


licensemanager_backends: BackendDict[LicenseManagerBackend] = BackendDict(
    LicenseManagerBackend, "license-manager"
)
