"""A server for the throughput benchmark, run as a child process on a free loopback port:
``licensemgr-mock server``'s server (``--licensemgr``) or plain moto's ThreadedMotoServer.
Prints the port, serves until its standard input closes, then stops the server."""

from __future__ import annotations

import sys


def main(argv: list[str]) -> int:
    """Serves until stdin is closed."""
    if "--licensemgr" in argv:
        from licensemgr_mock.server.front import LicenseManagerServer

        ours = LicenseManagerServer("127.0.0.1", 0)
        ours.start()
        port, stop = ours.address[1], ours.stop
    else:
        from moto.server import ThreadedMotoServer

        moto_server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        moto_server.start()
        port, stop = moto_server.get_host_and_port()[1], moto_server.stop
    print(port, flush=True)
    try:
        sys.stdin.read()
    finally:
        stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
