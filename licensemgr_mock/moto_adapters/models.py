"""The License Manager backend: one per account and region, in a moto ``BackendDict``.

moto finds a service's backend as ``moto.<service>.models.<service>_backends`` and its URL
handlers in the sibling ``urls`` module; ``registration`` points ``moto.licensemanager`` here.
The backend builds the API areas, hands each what it needs of the others, and answers an
operation by the area method of the same name.
"""

from __future__ import annotations

from typing import Any

from moto.core.base_backend import BackendDict, BaseBackend
from moto.moto_api._internal import mock_random
from moto.utilities.utils import PARTITION_NAMES

from licensemgr_mock.account.settings import SettingsArea
from licensemgr_mock.account.tagging import TaggingArea
from licensemgr_mock.assets.groups import GroupsArea
from licensemgr_mock.assets.rulesets import RulesetsArea
from licensemgr_mock.configurations.associations import AssociationsArea
from licensemgr_mock.configurations.configurations import ConfigurationsArea
from licensemgr_mock.configurations.conversions import ConversionsArea
from licensemgr_mock.configurations.launches import LaunchEnforcer
from licensemgr_mock.configurations.reports import ReportsArea
from licensemgr_mock.grants.grants import GrantsArea
from licensemgr_mock.grants.tokens import TokensArea
from licensemgr_mock.grants.views import GrantViewsArea
from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.licenses.consumption import ConsumptionArea
from licensemgr_mock.licenses.licenses import LicensesArea
from licensemgr_mock.licenses.seeding import Seeder
from licensemgr_mock.moto_adapters.services import MOTO_SERVICES
from licensemgr_mock.pipeline.binding import operation_table
from licensemgr_mock.state.scope import Scope, use_ids
from licensemgr_mock.state.store import Store

# Ids from moto's seedable random source: moto's seed (``/moto-api/seed``) repeats ours too.
use_ids(mock_random)


class LicenseManagerBackend(BaseBackend):
    """License Manager for one account in one region: its areas, wired together."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        scope = Scope(
            account_id, region_name, self.partition, store_for(self.partition), MOTO_SERVICES
        )
        self.scope = scope
        access = LicenseAccess(scope)
        self.settings = SettingsArea(scope)
        self.licenses = LicensesArea(scope, access)
        self.consumption = ConsumptionArea(scope, access)
        self.seeder = Seeder(scope)
        self.grants = GrantsArea(scope, access)
        self.grant_views = GrantViewsArea(scope, access)
        self.tokens = TokensArea(scope, access)
        self.configurations = ConfigurationsArea(scope, peers=self._peer_configurations)
        self.associations = AssociationsArea(scope, self.configurations, self.settings)
        # Not an API area: what EC2 launches ask (moto_adapters.registration.register_ec2_launches).
        self.launches = LaunchEnforcer(self.configurations)
        self.conversions = ConversionsArea(scope)
        self.rulesets = RulesetsArea(scope)
        self.groups = GroupsArea(scope, access, self.rulesets, self.configurations)
        self.rulesets.users_of = self.groups.groups_using
        self.reports = ReportsArea(
            scope,
            self.configurations,
            self.associations,
            self.settings,
            asset_group_exists=lambda arn: self.groups.tagged(arn) is not None,
        )
        self.tagging = TaggingArea(
            scope,
            {
                "license": self.licenses.tagged,
                "grant": self.grants.tagged,
                "license-configuration": self.configurations.tagged,
                "report-generator": self.reports.tagged,
                "license-asset-group": self.groups.tagged,
                "license-asset-ruleset": self.rulesets.tagged,
            },
        )
        # Each operation -> the area method marked ``@handles("<Operation>")``.
        self.operations = operation_table(
            [
                self.licenses,
                self.consumption,
                self.grants,
                self.grant_views,
                self.tokens,
                self.configurations,
                self.associations,
                self.conversions,
                self.reports,
                self.rulesets,
                self.groups,
                self.settings,
                self.tagging,
            ]
        )

    @property
    def store(self) -> Store:
        """The partition-wide store (licenses, grants, checkouts, the lock)."""
        return self.scope.store

    def _peer_configurations(self, account: str) -> ConfigurationsArea | None:
        # ``get`` rather than ``[]``: reading must not create backends for other accounts.
        regional = licensemanager_backends.get(account)
        peer = regional.get(self.region_name) if regional is not None else None
        return peer.configurations if peer is not None else None

    @property
    def urls(self) -> dict[str, Any]:
        """moto's URL table for this service; moto rebuilds it on every request, ours is
        built once."""
        if not _urls:
            _urls.update(super().urls)
        return _urls


_urls: dict[str, Any] = {}


class StoreBackend(BaseBackend):
    """The store of one partition, kept in a ``BackendDict`` so that moto's reset clears it
    with everything else."""

    def __init__(self, region_name: str, account_id: str) -> None:
        super().__init__(region_name, account_id)
        self.store = Store()


# BackendDict keys its backends by account; the stores belong to no account.
SHARED = "shared"

# Exactly the partitions a backend can be in: moto derives a backend's partition from its
# region's prefix (``eusc-de-east-1`` -> ``aws-eusc``) among these, so a partition moto adds
# needs no edit here.
stores: BackendDict[StoreBackend] = BackendDict(
    StoreBackend,
    "license-manager",
    use_boto3_regions=False,
    additional_regions=list(PARTITION_NAMES),
)


def store_for(partition: str) -> Store:
    """The store of a partition (``aws``, ``aws-cn``, ...)."""
    # dict's own ``get`` where the store exists (see moto_dicts for why not ``[]``).
    shared = dict.get(stores, SHARED)
    found = dict.get(shared, partition) if shared is not None else None
    return (found if found is not None else stores[SHARED][partition]).store


licensemanager_backends: BackendDict[LicenseManagerBackend] = BackendDict(
    LicenseManagerBackend, "license-manager"
)
