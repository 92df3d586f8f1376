"""Requests arriving: one thread reads every connection's bytes until a request is whole, so
the bounded pool of serving threads only ever serves requests that have arrived.

A client that sends slowly, or not at all, holds no serving thread: its connection waits in a
selector, and is closed when it stays silent for ``read_timeout`` seconds or when its request
has not arrived whole ``deadline`` seconds after it began (after the connection was accepted,
for a first request). A request cut off that way, half-way through, is answered 408 with AWS's
JSON error body. Connections kept open between requests wait here too, not on a thread.
"""

from __future__ import annotations

import contextlib
import io
import queue
import re
import selectors
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from licensemgr_mock.moto_adapters import router

# A head longer than this without its end is refused (http.server refuses far less per line).
MAX_HEAD = 256 * 1024
_HEAD_END = re.compile(rb"\r?\n\r?\n")
# A chunk's size line: hex digits, then optional extensions (RFC 9112 section 7.1.1).
CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(;[^\r\n]*)?\r?\n")
# Trailer fields after the last chunk at most.
MAX_TRAILERS = 64
_LINE = 8192
# What the reader waits at most between two looks at its deadlines.
_TICK = 0.5


@dataclass
class Arrival:
    """A connection and the bytes of its next request (whole, unless ``whole`` is False:
    the client ended its side early, or asked to be told to go on, ``Expect: 100-continue``,
    before sending a body). ``rest`` holds bytes that came after the request (pipelined)."""

    sock: socket.socket
    address: Any
    request: bytes
    rest: bytes = b""
    whole: bool = True
    # Until when the rest of an incomplete request may still be read from the socket.
    deadline: float = 0.0


class ArrivedStream(io.RawIOBase):
    """An arrival's request bytes, then (for an incomplete one) what the socket sends before
    the arrival's deadline; a request that was whole ends with its own last byte."""

    def __init__(self, arrival: Arrival, read_timeout: float) -> None:
        self._data = memoryview(arrival.request)
        self._arrival = arrival
        self._read_timeout = read_timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._data:
            count = min(len(buffer), len(self._data))
            buffer[:count] = self._data[:count]
            self._data = self._data[count:]
            return count
        if self._arrival.whole:
            return 0
        left = self._arrival.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("The request did not arrive whole in time")
        sock = self._arrival.sock
        sock.settimeout(min(left, self._read_timeout))
        return sock.recv_into(buffer)


def request_end(data: bytes | bytearray) -> tuple[int, bool] | None:
    """Where the first request in ``data`` ends, and whether it is whole; None while more is
    needed. A request whose framing is broken ends where it is found broken: its server
    answers 400 and closes. A request that expects ``100-continue`` is handed over with its
    head, not whole (its body follows the go-ahead)."""
    head_end = _HEAD_END.search(data)
    if head_end is None:
        return None
    end = head_end.end()
    lengths: set[str] = set()
    chunked = expect = coded = False
    for line in bytes(data[:end]).split(b"\n")[1:]:
        name, colon, value = line.partition(b":")
        if not colon:
            continue
        name, value = name.strip().lower(), value.strip().lower()
        if name == b"content-length":
            lengths.update(part.strip().decode("latin-1") for part in value.split(b","))
        elif name == b"transfer-encoding":
            coded = True
            chunked = value.split(b",")[-1].strip() == b"chunked"
        elif name == b"expect":
            expect = value == b"100-continue"
    if coded:
        body_end = _chunked_end(data, end) if chunked else end
        return None if body_end is None else (body_end, True)
    if len(lengths) != 1 or not all(n.isascii() and n.isdigit() for n in lengths):
        return end, True
    length = int(lengths.pop())
    if expect and length:
        return end, False
    return (end + length, True) if end + length <= len(data) else None


def _chunked_end(data: bytes | bytearray, at: int) -> int | None:
    """Where a chunked body starting at ``at`` ends (its last trailer line included)."""
    while True:
        line_end = data.find(b"\n", at, at + _LINE)
        if line_end < 0:
            return None if len(data) - at < _LINE else len(data)
        match = CHUNK_SIZE.fullmatch(data, at, line_end + 1)
        if match is None:
            return len(data)
        size, at = int(match[1], 16), line_end + 1
        if size == 0:
            return _trailers_end(data, at)
        at += size
        if data[at : at + 2] == b"\r\n":
            at += 2
        elif data[at : at + 1] == b"\n":
            at += 1
        elif len(data) < at + 2 and data[at:] in (b"", b"\r"):
            return None
        else:
            return len(data)


def _trailers_end(data: bytes | bytearray, at: int) -> int | None:
    for _ in range(MAX_TRAILERS + 1):
        line_end = data.find(b"\n", at, at + _LINE)
        if line_end < 0:
            return None if len(data) - at < _LINE else len(data)
        blank = data[at : line_end + 1] in (b"\r\n", b"\n")
        at = line_end + 1
        if blank:
            return at
    return len(data)


@dataclass
class _Waiting:
    """A connection whose next request is still arriving."""

    sock: socket.socket
    address: Any
    buffer: bytearray
    last: float
    # When the request began (None: none has, on a kept connection).
    began: float | None = None


def _timed_out_answer(deadline: float) -> bytes:
    status, headers, body = router.front_error(
        "RequestTimeoutException",
        f"The request did not arrive whole within {deadline:g} seconds",
        408,
    )
    data = body.encode()
    lines = [f"HTTP/1.1 {status} REQUEST TIMEOUT", *(f"{k}: {v}" for k, v in headers.items())]
    lines += [f"Content-Length: {len(data)}", "Connection: close", "", ""]
    return "\r\n".join(lines).encode("latin-1") + data


_HEAD_TOO_LARGE = (
    b"HTTP/1.1 431 Request Header Fields Too Large\r\n"
    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
)


class Reader:
    """The thread that reads requests as they arrive and hands each whole one to ``serve``;
    ``close`` is called with every connection it gives up on (after closing it)."""

    def __init__(
        self,
        name: str,
        serve: Callable[[Arrival], None],
        close: Callable[[socket.socket], None],
        read_timeout: float,
        deadline: float,
    ) -> None:
        self._serve = serve
        self._close = close
        self._read_timeout = read_timeout
        self.deadline = deadline
        self._incoming: queue.SimpleQueue[_Waiting] = queue.SimpleQueue()
        self._selector = selectors.DefaultSelector()
        self._wake_read, self._wake_write = socket.socketpair()
        self._wake_read.setblocking(False)
        self._selector.register(self._wake_read, selectors.EVENT_READ)
        self._waiting: dict[socket.socket, _Waiting] = {}
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def add(self, sock: socket.socket, address: Any) -> None:
        """A new connection: its first request is read from now on."""
        now = time.monotonic()
        self._put(_Waiting(sock, address, bytearray(), now, began=now))

    def give_back(self, arrival: Arrival) -> None:
        """A connection kept after its answer: its next request is read from now on."""
        now = time.monotonic()
        began = now if arrival.rest else None
        rest = bytearray(arrival.rest)
        self._put(_Waiting(arrival.sock, arrival.address, rest, now, began))

    def _put(self, waiting: _Waiting) -> None:
        waiting.sock.setblocking(False)
        self._incoming.put(waiting)
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")

    def stop(self) -> None:
        """Closes every connection still arriving and ends the thread."""
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_write.send(b"\0")
        self._thread.join()
        self._wake_write.close()

    def _run(self) -> None:
        try:
            while not self._stopping:
                for key, _ in self._selector.select(self._wait()):
                    if key.fileobj is self._wake_read:
                        self._take_incoming()
                    else:
                        self._receive(self._waiting[key.fileobj])  # type: ignore[index]
                self._expire(time.monotonic())
        finally:
            for waiting in list(self._waiting.values()):
                self._drop(waiting)
            while not self._incoming.empty():
                self._drop(self._incoming.get())
            self._selector.close()
            self._wake_read.close()

    def _wait(self) -> float:
        """Seconds until the nearest deadline (at most a tick)."""
        now, soonest = time.monotonic(), _TICK
        for waiting in self._waiting.values():
            soonest = min(soonest, self._expiry(waiting) - now)
        return max(soonest, 0.0)

    def _expiry(self, waiting: _Waiting) -> float:
        silent = waiting.last + self._read_timeout
        return silent if waiting.began is None else min(silent, waiting.began + self.deadline)

    def _take_incoming(self) -> None:
        with contextlib.suppress(OSError):
            while self._wake_read.recv(4096):
                pass
        while not self._incoming.empty():
            waiting = self._incoming.get()
            self._waiting[waiting.sock] = waiting
            self._selector.register(waiting.sock, selectors.EVENT_READ)
            if waiting.buffer:
                self._check(waiting)

    def _receive(self, waiting: _Waiting) -> None:
        try:
            data = waiting.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            # The client ended its side: a request half-sent is answered (400) and closed.
            if waiting.buffer:
                self._hand_over(waiting, len(waiting.buffer), whole=False)
            else:
                self._drop(waiting)
            return
        waiting.last = time.monotonic()
        if waiting.began is None:
            waiting.began = waiting.last
        waiting.buffer += data
        self._check(waiting)

    def _check(self, waiting: _Waiting) -> None:
        found = request_end(waiting.buffer)
        if found is not None:
            self._hand_over(waiting, *found)
        elif len(waiting.buffer) > MAX_HEAD and _HEAD_END.search(waiting.buffer) is None:
            self._drop(waiting, _HEAD_TOO_LARGE)

    def _hand_over(self, waiting: _Waiting, end: int, whole: bool) -> None:
        self._forget(waiting)
        buffer = waiting.buffer
        began = waiting.began if waiting.began is not None else time.monotonic()
        self._serve(
            Arrival(
                waiting.sock,
                waiting.address,
                bytes(buffer[:end]),
                bytes(buffer[end:]),
                whole,
                began + self.deadline,
            )
        )

    def _expire(self, now: float) -> None:
        for waiting in [w for w in self._waiting.values() if self._expiry(w) <= now]:
            # Only a request cut off half-way is told why: a silent connection just closes.
            self._drop(waiting, _timed_out_answer(self.deadline) if waiting.buffer else b"")

    def _forget(self, waiting: _Waiting) -> None:
        if self._waiting.pop(waiting.sock, None) is not None:
            self._selector.unregister(waiting.sock)

    def _drop(self, waiting: _Waiting, answer: bytes = b"") -> None:
        self._forget(waiting)
        with contextlib.suppress(OSError):
            if answer:
                # Best effort: a small answer fits the socket's send buffer.
                waiting.sock.send(answer)
            waiting.sock.shutdown(socket.SHUT_RDWR)
        waiting.sock.close()
        self._close(waiting.sock)
