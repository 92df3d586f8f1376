"""The ``licensemgr-mock`` command: ``demo`` runs the narrated scenario; ``server`` serves
License Manager (and the rest of moto) over HTTP for the AWS CLI and other SDKs."""

from __future__ import annotations

import argparse
import sys
import threading

DESCRIPTION = """\
An in-process mock of AWS License Manager for Python tests: "demo" runs a narrated
checkout/borrow scenario (nothing leaves the process); "server" serves License Manager and
the rest of moto over HTTP for the AWS CLI and other SDKs. In tests, use the license_manager
pytest fixture or mock_licensemanager (see README.md)."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script. Ctrl-C at any point, start-up included, ends it
    with status 130 and one line, no traceback."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("licensemgr-mock: interrupted", file=sys.stderr)
        return 130


def _main(argv: list[str] | None) -> int:
    # Imported here, not at the top, so that Ctrl-C while they load is caught by ``main``.
    from licensemgr_mock import __version__
    from licensemgr_mock.server.seed_command import add_seed_command, run_seed

    parser = argparse.ArgumentParser(
        prog="licensemgr-mock",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"licensemgr-mock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run a narrated checkout/borrow scenario against the mock")
    server = commands.add_parser(
        "server",
        help="serve the mock over HTTP (moto's server)",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    server.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    server.add_argument("--port", type=int, default=5000, help="the port (0: a free one)")
    add_seed_command(commands)
    args = parser.parse_args(argv)
    if args.command == "seed":
        return run_seed(args)
    if args.command == "demo":
        from licensemgr_mock.activation.demo import run

        run()
        return 0
    from licensemgr_mock.server.front import ServerExtraMissing

    try:
        serve(args.host, args.port)
    except ServerExtraMissing as missing:
        print(f"licensemgr-mock: {missing}", file=sys.stderr)
        return 2
    return 0


def serve(host: str, port: int, stop: threading.Event | None = None) -> None:
    """Serves until ``stop`` is set (or forever, until interrupted)."""
    from licensemgr_mock.server.front import LicenseManagerServer

    server = LicenseManagerServer(host, port)
    server.start()
    bound_host, bound_port = server.address
    print(
        f"licensemgr-mock: serving License Manager on http://{bound_host}:{bound_port}", flush=True
    )
    try:
        (stop or threading.Event()).wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
