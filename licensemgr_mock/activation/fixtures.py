"""The pytest fixtures and the strict marker's hook, registered by the plugin when pytest
configures (``licensemgr_mock.activation.pytest_configure``).

``license_manager`` yields the active mock, fresh for each test; ``license_manager_server``
is one in-process ``LicenseManagerServer`` per test session, on a free port, emptied before
each test that uses it."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

import pytest

from licensemgr_mock.activation.mock import LicenseManagerMock

if TYPE_CHECKING:
    # The server (werkzeug, moto's app) is imported by the tests that use it, not at start.
    from licensemgr_mock.server.front import LicenseManagerServer

STRICT_MARKER = "license_manager_strict"
# Set to "true" to let pytest-xdist workers share the server of TEST_SERVER_MODE_ENDPOINT.
SHARED_SERVER = "LICENSEMGR_MOCK_SHARED_SERVER"
_CALL_FAILED = pytest.StashKey[bool]()


def serve_each_xdist_worker(config: pytest.Config) -> None:
    """Under pytest-xdist with ``TEST_SERVER_MODE=true``, gives each worker a server of its
    own (in the worker, on a free port) and points ``TEST_SERVER_MODE_ENDPOINT`` at it.

    One server shared by the workers would mix their state: each test's activation resets
    the server, wiping what another worker's test is using. ``LICENSEMGR_MOCK_SHARED_SERVER=
    true`` keeps the shared server (for a server that must be the one under test)."""
    import os

    from licensemgr_mock.server import mode

    is_worker = hasattr(config, "workerinput")
    if not (is_worker and mode.enabled()) or os.environ.get(SHARED_SERVER, "") == "true":
        return
    from licensemgr_mock.server.front import LicenseManagerServer

    server = LicenseManagerServer(port=0)
    server.start()
    host, port = server.address
    previous = os.environ.get("TEST_SERVER_MODE_ENDPOINT")
    os.environ["TEST_SERVER_MODE_ENDPOINT"] = f"http://{host}:{port}"

    def stop() -> None:
        server.stop()
        if previous is None:
            os.environ.pop("TEST_SERVER_MODE_ENDPOINT", None)
        else:
            os.environ["TEST_SERVER_MODE_ENDPOINT"] = previous

    config.add_cleanup(stop)


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


@pytest.fixture(scope="session")
def license_manager_server_session() -> Iterator[LicenseManagerServer]:
    """The session's server, as the tests found it (``license_manager_server`` empties it)."""
    from licensemgr_mock.server.front import LicenseManagerServer

    server = LicenseManagerServer(port=0)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def license_manager_server(
    license_manager_server_session: LicenseManagerServer,
) -> Iterator[LicenseManagerServer]:
    """A running License Manager server (``.address`` is its host and port), empty at the
    start of each test and emptied after it. Point clients at ``http://{host}:{port}``."""
    from licensemgr_mock.server import mode

    host, port = license_manager_server_session.address
    mode.reset_server(f"http://{host}:{port}")
    yield license_manager_server_session
    # The server shares this process's moto: what a test left would meet the next test that
    # uses moto here, with or without a mock.
    mode.reset_server(f"http://{host}:{port}")
