"""The ``licensemgr-mock`` command's entry point, outside the package on purpose.

A console script imports its target before calling it, and importing ``licensemgr_mock`` loads
boto3 and moto (about a second). Ctrl-C in that second would print a traceback if the target
were ``licensemgr_mock.cli:main``; from here the import itself runs under the guard.
"""

from __future__ import annotations

import sys

INTERRUPTED = "licensemgr-mock: interrupted"


def main() -> int:
    """Runs the command; Ctrl-C at any point, the package's import included, ends it with
    status 130 and one line."""
    try:
        from licensemgr_mock.cli import main as run
    except KeyboardInterrupt:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    return run()
