"""Slow and silent clients never starve the HTTP server (issue 27, item 7): requests are read
as they arrive, on no serving thread, and one that has not arrived whole by its deadline is
answered 408 and closed."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator

import pytest

from licensemgr_mock.server.front import LicenseManagerServer
from tests.helpers import PATIENCE, http_head, http_request, running_server, server_client

CLIENTS = 12
THREADS = 4


@pytest.fixture
def server() -> Iterator[LicenseManagerServer]:
    # Read timeout and deadline far longer than the test: only reading as requests arrive
    # lets the plain request through.
    with running_server(read_timeout=120, max_threads=THREADS, request_deadline=60) as served:
        yield served


def connections(server: LicenseManagerServer, count: int) -> list[socket.socket]:
    return [socket.create_connection(server.address, timeout=PATIENCE) for _ in range(count)]


def test_trickling_and_silent_clients_leave_room_for_a_plain_request(server):
    trickling, silent = connections(server, CLIENTS), connections(server, CLIENTS)
    head = http_request("ListLicenses")
    stop = threading.Event()

    def trickle() -> None:
        # One byte of each trickling client's head every 0.2 s, never the whole head.
        for at in range(len(head) - 4):
            for sock in trickling:
                sock.sendall(head[at : at + 1])
            if stop.wait(0.2):
                return

    sender = threading.Thread(target=trickle)
    sender.start()
    try:
        # More clients than threads hold partial requests; a client that gives up after
        # 10 s (far beyond a local answer) and never retries is still answered.
        client = server_client(server, read_timeout=10, connect_timeout=10)
        for _ in range(3):
            assert client.list_licenses()["Licenses"] == []
        prefix = f"lm-server-{server.address[1]}_"
        assert len([t for t in threading.enumerate() if t.name.startswith(prefix)]) <= THREADS
    finally:
        stop.set()
        sender.join()
        for sock in trickling + silent:
            sock.close()


@pytest.mark.parametrize(
    "request_bytes",
    [
        pytest.param(http_request("ListLicenses"), id="head"),
        pytest.param(http_request("ListLicenses", b'{"MaxResults": 5}' * 40), id="body"),
    ],
)
def test_a_request_still_arriving_at_its_deadline_is_answered_408_and_closed(request_bytes):
    with running_server(read_timeout=120, max_threads=2, request_deadline=1) as served:
        with socket.create_connection(served.address, timeout=0.1) as sock:
            answer = b""
            # At most 150 bytes 0.1 s apart (15 s): the deadline is 1 s.
            for at in range(min(150, len(request_bytes) - 1)):
                try:
                    sock.sendall(request_bytes[at : at + 1])
                    answer += sock.recv(65536)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if answer:
                    break
            sock.settimeout(PATIENCE)
            while chunk := sock.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        status, headers = http_head(head)
        assert (status, headers["connection"]) == (408, "close")
        assert b'"__type":"RequestTimeoutException"' in body.replace(b" ", b"")
        # The server goes on answering.
        assert server_client(served).list_licenses()["Licenses"] == []


def test_a_body_sent_after_100_continue_is_read(server):
    body = b'{"MaxResults": 5}'
    head = http_request("ListLicenses", b"", extra="Expect: 100-continue\r\n", length=len(body))
    with socket.create_connection(server.address, timeout=PATIENCE) as sock:
        sock.sendall(head)
        assert sock.recv(65536).startswith(b"HTTP/1.1 100")
        sock.sendall(body)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    # Interim answers (100 Continue) may come first; the last answer is the request's.
    final = answer[answer.rindex(b"HTTP/1.1 ") :]
    head, _, rest = final.partition(b"\r\n\r\n")
    assert http_head(head)[0] == 200
    assert json.loads(rest) == {"Licenses": []}
