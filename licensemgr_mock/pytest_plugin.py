"""pytest plugin (``pytest11`` entry point): the ``license_manager`` fixture."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from licensemgr_mock.activation import LicenseManagerMock
from licensemgr_mock.server_fixture import *  # noqa: F403  (license_manager_server)


@pytest.fixture
def license_manager() -> Iterator[LicenseManagerMock]:
    """The active License Manager mock, fresh for each test."""
    with LicenseManagerMock() as mock:
        yield mock
