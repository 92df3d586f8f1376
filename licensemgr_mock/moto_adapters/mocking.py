"""moto's mock objects as activation and server mode drive them: ``MockAWS`` in-process,
``ServerModeMockAWS`` under TEST_SERVER_MODE, and the switches moto reads for them.

moto counts nesting on these classes (``_mocks_active``, ``_nested_count``), and no public
call tells whether a mock is running; these private counters are read here and nowhere else.
"""

from __future__ import annotations

from moto import settings
from moto.core.models import MockAWS, ServerModeMockAWS

__all__ = [
    "MockAWS",
    "ServerModeMockAWS",
    "any_mock_active",
    "server_mode_endpoint",
    "server_mode_outermost",
]


def any_mock_active() -> bool:
    """Whether a moto mock (``mock_aws`` or ours) is running in this process."""
    return bool(MockAWS._mocks_active)


def server_mode_outermost() -> bool:
    """Whether no server-mode activation is running yet."""
    return ServerModeMockAWS._nested_count == 0


def server_mode_endpoint() -> str:
    """The server of TEST_SERVER_MODE: ``TEST_SERVER_MODE_ENDPOINT``, as moto reads it."""
    return str(settings.test_server_mode_endpoint())
