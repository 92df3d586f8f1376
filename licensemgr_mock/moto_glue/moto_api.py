"""License Manager state in moto's ``/moto-api/data.json`` (and so in its dashboard).

moto lists there every instance of its ``BaseModel`` classes, read from
``model_data[service][name].instances_tracked``. Our records are plain dataclasses, so each
kind gets a view whose ``instances_tracked`` is computed from the backends when asked: each
row is the record as the API shows it (``to_wire`` under its API shape), so the dashboard
reads like a Describe call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from types import SimpleNamespace

from botocore.model import Shape

from licensemgr_mock.moto_glue.models import LicenseManagerBackend, licensemanager_backends
from licensemgr_mock.moto_glue.registration import SERVICE
from licensemgr_mock.pipeline.serialize import to_wire
from licensemgr_mock.pipeline.service_model import service_model
from licensemgr_mock.state.store import Store, stores

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
        yield from list(regional.values())


def _backends() -> Iterator[LicenseManagerBackend]:
    for regional in list(licensemanager_backends.values()):
        yield from list(regional.values())


def _licenses() -> Iterator[dict[str, object]]:
    shape = _shape("License")
    for store in _stores():
        for license_ in list(store.licenses.values()):
            row = to_wire(shape, license_.current)
            # Units in use per entitlement (expired checkouts are released on the next call).
            entitlements = license_.current.entitlements
            row["Consumed"] = {e.name: license_.consumed(e.name) for e in entitlements}
            yield row


def _grants() -> Iterator[dict[str, object]]:
    shape = _shape("Grant")
    for store in _stores():
        for grant in list(store.grants.values()):
            yield to_wire(shape, grant.current)


def _checkouts() -> Iterator[dict[str, object]]:
    for store in _stores():
        for checkout in list(store.checkouts.values()):
            yield {
                "LicenseConsumptionToken": checkout.license_consumption_token,
                "LicenseArn": checkout.license_arn,
                "AccountId": checkout.account,
                "CheckoutType": checkout.checkout_type or "BORROW",
                "Amounts": dict(checkout.amounts),
                "Issued": checkout.issued.isoformat(),
                "Expires": checkout.expires.isoformat(),
                "NodeId": checkout.node_id,
                "Beneficiary": checkout.beneficiary,
                "Active": checkout.active,
            }


def _tokens() -> Iterator[dict[str, object]]:
    shape = _shape("TokenData")
    for store in _stores():
        for token in list(store.extras.get("tokens", {}).values()):
            yield to_wire(shape, token)


def _regional(shape_name: str, records: Callable[[LicenseManagerBackend], object]) -> Rows:
    """Rows of records that belong to one account and region, with both added."""

    def rows() -> Iterator[dict[str, object]]:
        shape = _shape(shape_name)
        for backend in _backends():
            found = records(backend)
            assert isinstance(found, dict)
            for record in list(found.values()):
                row = to_wire(shape, record)
                row.update(AccountId=backend.account_id, Region=backend.region_name)
                yield row

    return rows


VIEWS: dict[str, StateView] = {
    "License": StateView(_licenses),
    "Grant": StateView(_grants),
    "LicenseConsumption": StateView(_checkouts),
    "Token": StateView(_tokens),
    "LicenseConfiguration": StateView(
        _regional("LicenseConfiguration", lambda b: b.configurations.license_configurations)
    ),
    "ReportGenerator": StateView(
        _regional("ReportGenerator", lambda b: b.reports.report_generators)
    ),
    "LicenseAssetGroup": StateView(
        _regional("LicenseAssetGroup", lambda b: b.groups.license_asset_groups)
    ),
    "LicenseAssetRuleset": StateView(
        _regional("LicenseAssetRuleset", lambda b: b.rulesets.license_asset_rulesets)
    ),
    "LicenseConversionTask": StateView(
        _regional("LicenseConversionTask", lambda b: b.conversions.license_conversion_tasks)
    ),
}


def track_state() -> None:
    """Puts the views in moto's ``model_data`` under ``licensemanager``; idempotent."""
    from moto.core.model_instances import model_data

    model_data[SERVICE].update(VIEWS)
