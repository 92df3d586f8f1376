"""README's "In a test" block is a test file as it stands: pasted into a file, pytest passes
every test in it, without network and with nothing but fake credentials set."""

from __future__ import annotations

import re
from pathlib import Path

pytest_plugins = ["pytester"]

README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_readme_test_block_runs_as_a_test_file(pytester):
    block = re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)[0]
    pytester.makeconftest(
        """
        import socket

        import pytest

        @pytest.fixture(autouse=True)
        def offline(monkeypatch):
            def refuse(*args, **kwargs):
                raise AssertionError("left the process")

            monkeypatch.setattr(socket, "getaddrinfo", refuse)
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
        """
    )
    pytester.makepyfile(test_licenses=block)

    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-s")

    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*Seats: 1 Count requested, 0 of 5 left*"])
