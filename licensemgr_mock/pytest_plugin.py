"""pytest plugin (``pytest11`` entry point): the ``license_manager`` fixture and the
``license_manager_strict`` marker."""

from __future__ import annotations

from collections.abc import Generator, Iterator

import pytest

from licensemgr_mock.activation import LicenseManagerMock
from licensemgr_mock.server_fixture import *  # noqa: F403  (license_manager_server)

STRICT_MARKER = "license_manager_strict"
_CALL_FAILED = pytest.StashKey[bool]()


def pytest_configure(config: pytest.Config) -> None:
    """Declares the marker (so ``--strict-markers`` accepts it)."""
    config.addinivalue_line(
        "markers",
        f"{STRICT_MARKER}: fail the test at teardown when a License Manager consumption "
        "made in it was never checked in (needs the license_manager fixture)",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Notes a failed test body, so strict teardown does not pile a second error on it."""
    report = yield
    if report.when == "call" and report.failed:
        item.stash[_CALL_FAILED] = True
    return report


@pytest.fixture
def license_manager(request: pytest.FixtureRequest) -> Iterator[LicenseManagerMock]:
    """The active License Manager mock, fresh for each test (shared with any
    ``mock_licensemanager`` nested inside it). Strict under the ``license_manager_strict``
    marker."""
    strict = request.node.get_closest_marker(STRICT_MARKER) is not None
    mock = LicenseManagerMock(strict=strict)
    mock.start()
    try:
        yield mock
    finally:
        mock.strict = strict and not request.node.stash.get(_CALL_FAILED, False)
        mock.stop()
