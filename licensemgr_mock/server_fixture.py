"""The ``license_manager_server`` pytest fixture: one in-process ``LicenseManagerServer``
per test session, on a free port, emptied before each test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from licensemgr_mock import server_mode
from licensemgr_mock.moto_glue.server import LicenseManagerServer

__all__ = ["license_manager_server", "license_manager_server_session"]


@pytest.fixture(scope="session")
def license_manager_server_session() -> Iterator[LicenseManagerServer]:
    """The session's server, as the tests found it (``license_manager_server`` empties it)."""
    server = LicenseManagerServer(port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def license_manager_server(
    license_manager_server_session: LicenseManagerServer,
) -> LicenseManagerServer:
    """A running License Manager server (``.address`` is its host and port), empty at the
    start of each test. Point clients at ``http://{host}:{port}``."""
    host, port = license_manager_server_session.address
    server_mode.reset_server(f"http://{host}:{port}")
    return license_manager_server_session
