"""Hypothesis profiles for the fidelity harness.

``ci`` (chosen when ``CI`` is set) runs a fixed number of examples in a fixed order, so CI's
cost is bounded and its failures reproduce; ``dev`` explores more; ``deep`` is for a long
hunt (``HYPOTHESIS_PROFILE=deep``). No profile has a deadline: a shared machine is noisy.
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", max_examples=25, derandomize=True, deadline=None, database=None)
settings.register_profile("dev", max_examples=40, deadline=None)
settings.register_profile("deep", max_examples=1000, deadline=None)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)
