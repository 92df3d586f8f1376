"""License Manager state in moto's ``/moto-api/data.json`` (and so in its dashboard).

moto lists there every instance of its ``BaseModel`` classes, read from
``model_data[service][name].instances_tracked``. Our records are plain dataclasses, so each
kind gets a view whose ``instances_tracked`` is computed from the backends when asked.
Licenses, grants and tokens are shown as the API shows them (``to_wire`` under their API
shape, member names as in a Get call); the other records, which the API shows through views
computed per call, as they are stored (field names in snake case), with their account and
region.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import datetime
from enum import Enum
from types import SimpleNamespace

from botocore.model import Shape

from licensemgr_mock.moto_adapters.entrance import SERVICE
from licensemgr_mock.moto_adapters.models import (
    LicenseManagerBackend,
    licensemanager_backends,
    stores,
)
from licensemgr_mock.pipeline.serialize import to_wire
from licensemgr_mock.pipeline.service_model import service_model
from licensemgr_mock.state.store import Store

Rows = Callable[[], Iterator[dict[str, object]]]


class StateView:
    """One kind of record, shaped as moto's dashboard expects a model class to be."""

    def __init__(self, rows: Rows) -> None:
        self._rows = rows

    @property
    def instances_tracked(self) -> list[SimpleNamespace]:
        """The records now, one object per record (moto reads their attributes)."""
        return [SimpleNamespace(**row) for row in self._rows()]

    @instances_tracked.setter
    def instances_tracked(self, _value: object) -> None:
        # moto's reset assigns [] here; the records themselves go with the backends' reset.
        pass


def _shape(name: str) -> Shape:
    return service_model().shape_for(name)


def _stores() -> Iterator[Store]:
    for regional in list(stores.values()):
        yield from (backend.store for backend in list(regional.values()))


def _backends() -> Iterator[LicenseManagerBackend]:
    for regional in list(licensemanager_backends.values()):
        yield from list(regional.values())


def _licenses() -> Iterator[dict[str, object]]:
    shape = _shape("License")
    for store in _stores():
        for license_ in list(store.licenses.values()):
            # Units in use per entitlement (expired checkouts are released on the next call);
            # a copy, as a version's written form is shared (serialize.written_once).
            entitlements = license_.current.entitlements
            consumed = {e.name: license_.consumed(e.name) for e in entitlements}
            yield {**to_wire(shape, license_.current), "Consumed": consumed}


def _grants() -> Iterator[dict[str, object]]:
    shape = _shape("Grant")
    for store in _stores():
        for grant in list(store.grants.values()):
            yield to_wire(shape, grant.current)


def stored(value: object) -> object:
    """A record as JSON: dataclasses by field, enums by value, times in ISO 8601."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: stored(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(key): stored(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [stored(item) for item in value]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value if value is None or isinstance(value, str | int | float | bool) else str(value)


def _checkouts() -> Iterator[dict[str, object]]:
    for store in _stores():
        for checkout in list(store.checkouts.values()):
            row = stored(checkout)
            assert isinstance(row, dict)
            yield row


def _tokens() -> Iterator[dict[str, object]]:
    shape = _shape("TokenData")
    for store in _stores():
        for token in list(store.tokens.values()):
            yield to_wire(shape, token)


def _regional(records: Callable[[LicenseManagerBackend], object]) -> Rows:
    """Rows of records that belong to one account and region, with both added."""

    def rows() -> Iterator[dict[str, object]]:
        for backend in _backends():
            found = records(backend)
            assert isinstance(found, dict)
            for record in list(found.values()):
                row = stored(record)
                assert isinstance(row, dict)
                row.update(account_id=backend.account_id, region=backend.region_name)
                yield row

    return rows


VIEWS: dict[str, StateView] = {
    "License": StateView(_licenses),
    "Grant": StateView(_grants),
    "LicenseConsumption": StateView(_checkouts),
    "Token": StateView(_tokens),
    "LicenseConfiguration": StateView(_regional(lambda b: b.configurations.license_configurations)),
    "ReportGenerator": StateView(_regional(lambda b: b.reports.report_generators)),
    "LicenseAssetGroup": StateView(_regional(lambda b: b.groups.license_asset_groups)),
    "LicenseAssetRuleset": StateView(_regional(lambda b: b.rulesets.license_asset_rulesets)),
    "LicenseConversionTask": StateView(_regional(lambda b: b.conversions.license_conversion_tasks)),
}


def track_state() -> None:
    """Puts the views in moto's ``model_data`` under ``licensemanager``; idempotent."""
    from moto.core.model_instances import model_data

    model_data[SERVICE].update(VIEWS)
