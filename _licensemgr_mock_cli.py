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
    # A Ctrl-C that lands in a callback Python cannot raise from (the import system's module
    # locks are freed by weakref callbacks) is only reported as "Exception ignored" and the
    # import goes on: note it there, print nothing, and stop once the import is over.
    interrupted = False
    report_unraisable = sys.unraisablehook

    def note_interrupt(unraisable: sys.UnraisableHookArgs) -> None:
        nonlocal interrupted
        if issubclass(unraisable.exc_type, KeyboardInterrupt):
            interrupted = True
        else:
            report_unraisable(unraisable)

    sys.unraisablehook = note_interrupt
    try:
        from licensemgr_mock.cli import main as run
    except KeyboardInterrupt:
        interrupted = True
    finally:
        sys.unraisablehook = report_unraisable
    if interrupted:
        print(INTERRUPTED, file=sys.stderr)
        return 130
    return run()
