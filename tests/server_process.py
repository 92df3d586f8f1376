"""A real ``licensemgr-mock server`` process for the tests that need one (AWS CLI, server
mode across processes), on a free port, stopped at the end."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Runs ``licensemgr-mock ARGS`` as its own process."""
    return subprocess.run(
        [sys.executable, "-m", "licensemgr_mock.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
        timeout=120,
    )


@contextmanager
def server_process(env: dict[str, str] | None = None) -> Iterator[str]:
    """Starts ``licensemgr-mock server``; yields its endpoint URL once it accepts calls."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "licensemgr_mock.cli", "server", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("licensemgr-mock server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
