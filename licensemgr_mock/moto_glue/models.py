"""The License Manager backend: one per account and region, in a moto ``BackendDict``.

moto finds a service's backend as ``moto.<service>.models.<service>_backends`` and its URL
handlers in the sibling ``urls`` module; ``registration`` points ``moto.licensemanager`` here.
Each API area is a mixin in its own module; this class only puts them together.
"""

from __future__ import annotations

from typing import Any

from moto.core.base_backend import BackendDict

from licensemgr_mock.account.settings import ServiceSettingsMixin
from licensemgr_mock.account.tagging import TaggingMixin
from licensemgr_mock.assets.groups import AssetGroupsMixin
from licensemgr_mock.assets.rulesets import AssetRulesetsMixin
from licensemgr_mock.configurations.configurations import LicenseConfigurationsMixin
from licensemgr_mock.configurations.conversions import LicenseConversionsMixin
from licensemgr_mock.configurations.reports import ReportGeneratorsMixin
from licensemgr_mock.grants.grants import GrantsMixin
from licensemgr_mock.grants.tokens import AccessTokensMixin
from licensemgr_mock.licenses.consumption import ConsumptionMixin
from licensemgr_mock.licenses.licenses import LicensesMixin
from licensemgr_mock.licenses.seeding import SeedingMixin


class LicenseManagerBackend(
    LicensesMixin,
    ConsumptionMixin,
    SeedingMixin,
    GrantsMixin,
    AccessTokensMixin,
    LicenseConfigurationsMixin,
    LicenseConversionsMixin,
    ReportGeneratorsMixin,
    AssetGroupsMixin,
    AssetRulesetsMixin,
    TaggingMixin,
    ServiceSettingsMixin,
):
    """Every License Manager operation, as ``snake_case_name(request) -> response``."""

    @property
    def urls(self) -> dict[str, Any]:
        """moto's URL table for this service; moto rebuilds it on every request, ours is
        built once."""
        if not _urls:
            _urls.update(super().urls)
        return _urls


_urls: dict[str, Any] = {}


licensemanager_backends: BackendDict[LicenseManagerBackend] = BackendDict(
    LicenseManagerBackend, "license-manager"
)
