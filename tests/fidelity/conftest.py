"""Hypothesis profiles for the fidelity harness, and the world its tests share.

``ci`` (chosen when ``CI`` is set) runs a fixed number of examples in a fixed order, so CI's
cost is bounded and its failures reproduce; ``dev`` explores more; ``deep`` is for a long
hunt (``HYPOTHESIS_PROFILE=deep``). No profile has a deadline: a shared machine is noisy.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import settings

from licensemgr_mock import mock_licensemanager
from tests.fidelity import world

settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None, database=None)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("deep", max_examples=1000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


@pytest.fixture
def pools(operation: str) -> Iterator[dict[str, list[Any]]]:
    """A fresh mock holding the world; the examples of one test share it, as a user's calls
    share one test's state."""
    with mock_licensemanager():
        yield world.build_world()
