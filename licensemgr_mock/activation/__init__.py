"""Activation, the top layer: ``mock_licensemanager`` / ``LicenseManagerMock`` (decorator,
context manager, ``start()``/``stop()``) and the pytest plugin.

This package is the plugin's ``pytest11`` entry point. pytest imports it at every start, so it
imports nothing beyond what ``import licensemgr_mock`` does; the fixtures and the marker's
hook (``activation.fixtures``) are registered when pytest configures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from licensemgr_mock.activation.mock import (
    LicenseManagerMock,
    MockNotActiveError,
    UnreturnedConsumptionError,
    mock_licensemanager,
)

if TYPE_CHECKING:
    import pytest

__all__ = [
    "LicenseManagerMock",
    "MockNotActiveError",
    "UnreturnedConsumptionError",
    "mock_licensemanager",
    "pytest_configure",
]


def pytest_configure(config: pytest.Config) -> None:
    """pytest hook: registers the fixtures (``license_manager``, ``license_manager_server``)
    and declares the ``license_manager_strict`` marker (so ``--strict-markers`` accepts it)."""
    from licensemgr_mock.activation import fixtures

    if not config.pluginmanager.is_registered(fixtures):
        config.pluginmanager.register(fixtures, "licensemgr_mock.fixtures")
        fixtures.serve_each_xdist_worker(config)
    config.addinivalue_line(
        "markers",
        f"{fixtures.STRICT_MARKER}: fail the test at teardown when a License Manager "
        "consumption made in it was never checked in (needs the license_manager fixture)",
    )
