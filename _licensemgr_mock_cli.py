"""The ``licensemgr-mock`` command's entry point, outside the package on purpose.

A console script imports its target before calling it, and importing ``licensemgr_mock`` loads
boto3 and moto (about a second). Ctrl-C in that second would print a traceback if the target
were ``licensemgr_mock.cli:main``; from here the import itself runs under the guard.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

INTERRUPTED = "licensemgr-mock: interrupted"


def main() -> int:
    """Runs the command; Ctrl-C at any point, the package's import included, ends it with
    status 130 and one line."""
    report_unraisable = sys.unraisablehook
    sys.unraisablehook = _stop_on_swallowed_interrupt(report_unraisable)
    try:
        try:
            from licensemgr_mock.cli import main as run
        except KeyboardInterrupt:
            print(INTERRUPTED, file=sys.stderr)
            return 130
        return run()
    finally:
        sys.unraisablehook = report_unraisable


def _stop_on_swallowed_interrupt(
    report: Callable[[sys.UnraisableHookArgs], object],
) -> Callable[[sys.UnraisableHookArgs], None]:
    # A Ctrl-C that lands where Python cannot raise it (the import system frees its module
    # locks in weakref callbacks) is only reported as "Exception ignored", and start-up would
    # go on to serve: end the process there, as the user asked.
    def hook(unraisable: sys.UnraisableHookArgs) -> None:
        if not issubclass(unraisable.exc_type, KeyboardInterrupt):
            report(unraisable)
            return
        print(INTERRUPTED, file=sys.stderr, flush=True)
        sys.stdout.flush()
        os._exit(130)

    return hook
