"""Serving the mock over HTTP, for the AWS CLI and other SDKs.

moto's server app answers every service; in front of it, requests whose ``X-Amz-Target``
names License Manager go straight to the router (moto's dispatcher looks a request's service
up on disk twice per request, most of its cost). Everything else, moto's ``/moto-api`` reset
included, is moto's. The two paths never both answer a request.

A License Manager request that cannot be read (a method other than POST, broken chunked
framing, a client that stops sending, a body that never completes) gets a 4xx with AWS's
JSON error body, never werkzeug's 500 page. Requests are read as they arrive by one thread
(``arrivals``), so a slow or silent client holds none of the at most ``max_threads`` threads
that serve whole requests: a connection silent for ``read_timeout`` seconds is closed, and so
is one whose request has not arrived whole ``request_deadline`` seconds after it began. After
a License Manager answer the connection stays open for the client's next request (HTTP/1.1
keep-alive, every answer framed by its Content-Length), waiting on no thread; moto's answers
close it, as werkzeug does.
"""

from __future__ import annotations

import contextlib
import io
import queue
import socket
import threading
import traceback
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, cast

from werkzeug.datastructures import EnvironHeaders
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler
from werkzeug.wsgi import LimitedStream, get_current_url, get_input_stream

from licensemgr_mock.moto_adapters import router
from licensemgr_mock.moto_adapters.moto_api import track_state
from licensemgr_mock.moto_adapters.registration import register, register_ec2_launches
from licensemgr_mock.moto_adapters.server_app import moto_app
from licensemgr_mock.server import endpoints as server_api
from licensemgr_mock.server.arrivals import CHUNK_SIZE, MAX_TRAILERS, Arrival, ArrivedStream, Reader
from licensemgr_mock.state.faults import TIMEOUT, TransportFault

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

READ_TIMEOUT = 30.0
# How long a request may take to arrive whole: generous for any SDK on a slow network, short
# enough that a client trickling bytes cannot hold a connection for long.
REQUEST_DEADLINE = 60.0
MAX_THREADS = 32
# Open connections at most (each is a file descriptor); past it an answer closes its own.
MAX_CONNECTIONS = 1024

Header = tuple[str, str]


class _Dechunked(io.RawIOBase):
    """A chunked body (RFC 9112 section 7.1), chunk extensions and trailer fields accepted
    and ignored (werkzeug's reader refuses both). Broken framing is an OSError, as in
    werkzeug's reader; a socket timeout passes through as a TimeoutError."""

    def __init__(self, rfile: IO[bytes]) -> None:
        self._rfile = rfile
        self._left = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._done:
            return 0
        if self._left == 0:
            self._left = self._size()
            if self._left == 0:
                self._skip_trailers()
                self._done = True
                return 0
        count = min(len(buffer), self._left)
        data = self._rfile.read(count)
        if len(data) < count:
            raise OSError("Chunked body ends early")
        buffer[:count] = data
        self._left -= count
        if self._left == 0 and self._rfile.readline(3) not in (b"\r\n", b"\n"):
            raise OSError("Missing chunk terminating newline")
        return count

    def _size(self) -> int:
        match = CHUNK_SIZE.fullmatch(self._rfile.readline(8192))
        if match is None:
            raise OSError("Invalid chunk header")
        return int(match[1], 16)

    def _skip_trailers(self) -> None:
        for _ in range(MAX_TRAILERS + 1):
            line = self._rfile.readline(8192)
            if line in (b"\r\n", b"\n"):
                return
            if not line.endswith(b"\n"):
                raise OSError("Invalid trailer field")
        raise OSError("Too many trailer fields")


def _read_body(environ: WSGIEnvironment) -> bytes | router.Response:
    """The request body, or the error answer when it cannot be read whole."""
    try:
        # What werkzeug's ``Request.get_data`` reads: Content-Length framed, or dechunked.
        return get_input_stream(environ).read()
    except (HTTPException, OSError, ValueError) as error:
        # werkzeug's ClientDisconnected (a BadRequest, also raised from a socket timeout),
        # "Invalid chunk header" (an OSError).
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            return router.front_error("RequestTimeoutException", "Request body timed out", 408)
        return router.front_error("SerializationException", "Request body could not be read")


def _answer(environ: WSGIEnvironment) -> router.Response:
    method = environ["REQUEST_METHOD"].upper()
    if method != "POST":
        message = f"License Manager operations are POST requests, not {method}"
        return router.front_error("UnknownOperationException", message)
    data = _read_body(environ)
    if isinstance(data, tuple):
        return data
    # The headers and URL werkzeug's Request would give, without building one per request.
    headers = EnvironHeaders(environ)
    return router.handle_request(get_current_url(environ), headers, data)


def license_manager_front(moto_app: WSGIApplication) -> WSGIApplication:
    """A WSGI app answering License Manager itself and passing the rest to ``moto_app``."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(router.TARGET_PREFIX):
            return moto_app(environ, start_response)
        status, headers, body = _answer(environ)
        data = body.encode()
        # The status line, headers and body werkzeug's Response sends for the same answer
        # (HEAD: no body).
        start_response(
            f"{status} {HTTP_STATUS_CODES[status].upper()}",
            [*headers.items(), ("Content-Length", str(len(data)))],
        )
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [data]

    return app


def _collect(app: WSGIApplication, environ: WSGIEnvironment) -> tuple[str, list[Header], bytes]:
    """Runs a WSGI app to the end: its status line, headers and whole body."""
    answer: list[tuple[str, list[Header]]] = []
    written: list[bytes] = []

    def start_response(status: str, headers: list[Header], exc_info: Any = None) -> Any:
        answer[:] = [(status, headers)]
        return written.append

    chunks = app(environ, start_response)
    try:
        written.extend(chunks)
    finally:
        if hasattr(chunks, "close"):
            chunks.close()
    status, headers = answer[0]
    return status, headers, b"".join(written)


class _Handler(WSGIRequestHandler):
    """werkzeug's handler, serving one request that has arrived (``arrivals.Arrival``), and
    keeping the connection open after a License Manager answer.

    werkzeug closes every connection after one answer (http.server cannot drain a request
    body it did not frame); a License Manager request is framed by its Content-Length, so
    the connection can serve the next one, as AWS's endpoints do. botocore then reuses it,
    saving a TCP connection and an accept per call. Every other request is werkzeug's,
    unchanged."""

    protocol_version = "HTTP/1.1"
    # The timeout of each write of an answer (and of each read of a body sent after
    # ``100 Continue``, within the request's deadline).
    timeout = READ_TIMEOUT
    server: _BoundedServer
    request: Any

    def setup(self) -> None:
        self.arrival: Arrival = self.request
        self.request = self.arrival.sock
        super().setup()
        # The request's bytes arrived already: read from them, not from the socket.
        self.rfile.close()
        self.rfile = io.BufferedReader(ArrivedStream(self.arrival, self.timeout))
        # With Nagle's algorithm on, a kept-alive connection would hold back the last part
        # of an answer until the client acknowledged the part before it.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def handle(self) -> None:
        """Serves the one request that arrived; ``close_connection`` then says whether the
        connection is kept for the next."""
        self.close_connection = True
        try:
            self.handle_one_request()
        except (ConnectionError, TimeoutError) as error:
            self.close_connection = True
            self.connection_dropped(error)

    def run_wsgi(self) -> None:
        problem = self._framing_problem()
        if problem is not None:
            # The body's end is unknown: answer, then close (RFC 9112 section 6.3).
            status, headers, body = router.front_error("SerializationException", problem)
            self._send(status, HTTP_STATUS_CODES[status].upper(), headers.items(), body, False)
            return
        length = self._framed_length()
        if length is not None:
            self._answer_framed(LimitedStream(cast("IO[bytes]", self.rfile), length))
        elif self._license_manager_post() and self._chunked():
            self._answer_framed(_Dechunked(cast("IO[bytes]", self.rfile)))
        else:
            super().run_wsgi()  # answers with "Connection: close"

    def _framing_problem(self) -> str | None:
        """Why the request's body cannot be framed: Content-Length headers that disagree or
        are not a whole number (with Transfer-Encoding, the chunked framing rules)."""
        if "Transfer-Encoding" in self.headers:
            return None
        values = self.headers.get_all("Content-Length") or []
        lengths = {part.strip() for value in values for part in value.split(",")}
        if len(lengths) > 1:
            return "Content-Length headers disagree"
        if any(not (length.isascii() and length.isdigit()) for length in lengths):
            return "Content-Length is not a whole number of bytes"
        return None

    def _license_manager_post(self) -> bool:
        return self.command == "POST" and self.headers.get("X-Amz-Target", "").startswith(
            router.TARGET_PREFIX
        )

    def _chunked(self) -> bool:
        return self.headers.get("Transfer-Encoding", "").strip().lower() == "chunked"

    def _framed_length(self) -> int | None:
        """The body length of a License Manager request this handler may answer and keep
        the connection for; None sends the request down werkzeug's way."""
        headers = self.headers
        length = headers.get("Content-Length", "")
        if (
            self.close_connection
            or not self._license_manager_post()
            or self.request_version != "HTTP/1.1"
            or "Transfer-Encoding" in headers
            or "Expect" in headers
            or not (length.isascii() and length.isdigit())
        ):
            return None
        return int(length)

    def _answer_framed(self, body: LimitedStream | _Dechunked) -> None:
        """Answers a License Manager request whose body ``body`` reads, keeping the
        connection when it is read to its end (a chunked one is closed, as werkzeug does)."""
        self.environ = environ = self.make_environ()
        environ["wsgi.input"] = body
        # Read as it is: without a Content-Length werkzeug would read no body at all.
        environ["wsgi.input_terminated"] = isinstance(body, _Dechunked)
        try:
            status, headers, data = _collect(self.server.app, environ)
            # A body not read to its end would be taken for the next request.
            exhausted = isinstance(body, LimitedStream) and body.is_exhausted
            keep = exhausted and self.server.may_keep_alive()
        except TransportFault as fault:
            self._fail_connection(fault)
            return
        except Exception:
            # As werkzeug does with an app's error: logged, answered with its 500 page.
            self.server.log("error", f"Error on request:\n{traceback.format_exc()}")
            status, headers, data = _collect(InternalServerError(), environ)
            keep = False
        code, _, reason = status.partition(" ")
        self._send(int(code), reason, headers, data, keep)

    def _fail_connection(self, fault: TransportFault) -> None:
        """An injected "unreachable" or "timeout": no answer at all. "unreachable" closes
        the connection at once (clients raise a connection error); "timeout" holds it,
        silent, until the client gives up (its read timeout) or ``READ_TIMEOUT`` passes."""
        self.close_connection = True
        if fault.kind == TIMEOUT:
            with contextlib.suppress(OSError):
                # Returns when the client closes its end, or raises at the read timeout.
                while self.connection.recv(4096):
                    pass

    def _send(
        self, code: int, reason: str, headers: Iterable[Header], data: bytes | str, keep: bool
    ) -> None:
        """Writes an answer framed by its Content-Length, closing the connection unless
        ``keep``."""
        data = data.encode() if isinstance(data, str) else data
        # Head and body go out in one write: the client wakes once per answer.
        head = io.BytesIO()
        socket_writer, self.wfile = self.wfile, head
        try:
            self.send_response(code, reason)
            for name, value in headers:
                if name.lower() not in ("content-length", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            if not keep:
                self.send_header("Connection", "close")  # also sets close_connection
            self.end_headers()
        finally:
            self.wfile = socket_writer
        self.wfile.write(head.getvalue() + data)


class _BoundedServer(BaseWSGIServer):
    """werkzeug's server, reading requests as they arrive on one thread (``arrivals.Reader``)
    and serving each whole one on one of at most ``max_threads`` threads; requests beyond
    wait in a queue for a free thread. Accepting a connection never waits for either.

    The threads are daemons, as werkzeug's threaded server's are: one serving a request must
    not keep the process from exiting."""

    multithread = True

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        handler: type[_Handler],
        max_threads: int,
        read_timeout: float,
        request_deadline: float,
    ) -> None:
        super().__init__(host, port, app, handler=handler)
        self._handler = handler
        self._max_threads = max_threads
        self._waiting: queue.SimpleQueue[Arrival | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []
        self._idle = threading.Semaphore(0)
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closing = False
        # Named by port: a process may run several servers (tests), each its own threads.
        self._name = f"lm-server-{self.server_address[1]}"
        self._reader = Reader(
            f"{self._name}-reader", self._serve, self._closed, read_timeout, request_deadline
        )

    def may_keep_alive(self) -> bool:
        """Whether a connection may stay open after its answer."""
        with self._lock:
            return not self._closing and len(self._open) < MAX_CONNECTIONS

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._lock:
            self._open.add(request)
        self._reader.add(request, client_address)

    def _closed(self, connection: socket.socket) -> None:
        with self._lock:
            self._open.discard(connection)

    def _serve(self, arrival: Arrival) -> None:
        """Queues a request that arrived for the next free thread."""
        self._waiting.put(arrival)
        if not self._idle.acquire(blocking=False) and len(self._threads) < self._max_threads:
            name = f"{self._name}_{len(self._threads)}"
            thread = threading.Thread(target=self._work, name=name, daemon=True)
            self._threads.append(thread)
            thread.start()

    def _work(self) -> None:
        while (arrival := self._waiting.get()) is not None:
            keep = False
            try:
                # The arrival stands for the socket until the handler's setup unwraps it.
                handler = self._handler(cast(Any, arrival), arrival.address, self)
                keep = not handler.close_connection and self.may_keep_alive()
            except Exception:
                self.handle_error(arrival.sock, arrival.address)
            if keep:
                self._reader.give_back(arrival)
            else:
                self._closed(arrival.sock)
                self.shutdown_request(arrival.sock)
            self._idle.release()

    def server_close(self) -> None:
        super().server_close()
        with self._lock:
            self._closing = True
        self._reader.stop()
        with self._lock:
            for connection in self._open:
                # Ends a read of a body sent after 100 Continue; an answer being written
                # still goes out.
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RD)
        for _ in self._threads:
            self._waiting.put(None)


class ServerExtraMissing(RuntimeError):
    """The server was started without the ``server`` extra (moto's server, flask)."""


class LicenseManagerServer:
    """moto's server with License Manager in front, on a background thread: at most
    ``max_threads`` requests served at once; a connection silent for ``read_timeout``
    seconds, or whose request has not arrived whole ``request_deadline`` seconds after it
    began, is closed."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 5000,
        read_timeout: float = READ_TIMEOUT,
        max_threads: int = MAX_THREADS,
        request_deadline: float = REQUEST_DEADLINE,
    ) -> None:
        try:
            app = moto_app()
        except ModuleNotFoundError as missing:
            raise ServerExtraMissing(
                f"licensemgr-mock server needs moto's server ({missing.name} is not installed):"
                " pip install 'licensemgr-mock[server]'"
            ) from missing

        register()
        register_ec2_launches()
        track_state()
        handler = type("Handler", (_Handler,), {"timeout": read_timeout})
        self._server = _BoundedServer(
            host,
            port,
            server_api.front(license_manager_front(app)),
            handler,
            max_threads,
            read_timeout,
            request_deadline,
        )
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def address(self) -> tuple[str, int]:
        """The host and port it listens on (port 0 picks a free one)."""
        host, port = self._server.server_address[:2]
        return str(host), int(port)

    def start(self) -> None:
        """Starts serving in the background."""
        self._thread.start()

    def stop(self) -> None:
        """Stops serving and waits for the thread to end."""
        self._server.shutdown()
        self._thread.join()
        self._server.server_close()
