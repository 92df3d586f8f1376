"""Serving the mock over HTTP, for the AWS CLI and other SDKs.

moto's server app answers every service; in front of it, requests whose ``X-Amz-Target``
names License Manager go straight to the router (moto's dispatcher looks a request's service
up on disk twice per request, most of its cost). Everything else, moto's ``/moto-api`` reset
included, is moto's. The two paths never both answer a request.

A License Manager request that cannot be read (a method other than POST, broken chunked
framing, a client that stops sending, a body that never completes) gets a 4xx with AWS's
JSON error body, never werkzeug's 500 page. Connections that stay silent are closed after
``read_timeout`` seconds, and at most ``max_threads`` requests are served at once (the rest
wait for a free thread).
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import HTTPException
from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler
from werkzeug.wrappers import Request, Response

from licensemgr_mock.moto_glue import router, server_api
from licensemgr_mock.moto_glue.moto_api import track_state
from licensemgr_mock.moto_glue.registration import register, register_ec2_launches

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

READ_TIMEOUT = 30.0
MAX_THREADS = 32


def _read_body(request: Request) -> bytes | router.Response:
    """The request body, or the error answer when it cannot be read whole."""
    try:
        return request.get_data()
    except (HTTPException, OSError, ValueError) as error:
        # werkzeug's ClientDisconnected (a BadRequest, also raised from a socket timeout),
        # "Invalid chunk header" (an OSError).
        if isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError):
            return router.front_error("RequestTimeoutException", "Request body timed out", 408)
        return router.front_error("SerializationException", "Request body could not be read")


def license_manager_front(moto_app: WSGIApplication) -> WSGIApplication:
    """A WSGI app answering License Manager itself and passing the rest to ``moto_app``."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(router.TARGET_PREFIX):
            return moto_app(environ, start_response)
        request = Request(environ)
        if request.method != "POST":
            message = f"License Manager operations are POST requests, not {request.method}"
            status, headers, body = router.front_error("UnknownOperationException", message)
            return Response(body, status=status, headers=headers)(environ, start_response)
        data = _read_body(request)
        if isinstance(data, tuple):
            status, headers, body = data
        else:
            status, headers, body = router.handle(
                router.operation_of(request.headers),
                data,
                router.account_of(request.headers),
                router.region_of(request.url, request.headers),
            )
        return Response(body, status=status, headers=headers)(environ, start_response)

    return app


class _Handler(WSGIRequestHandler):
    # socketserver applies ``timeout`` to each connection: a client that stops sending
    # headers or body is cut off instead of holding a thread forever.
    timeout = READ_TIMEOUT


class _BoundedServer(BaseWSGIServer):
    """werkzeug's server, serving each connection on a thread of a bounded pool."""

    multithread = True

    def __init__(
        self,
        host: str,
        port: int,
        app: WSGIApplication,
        handler: type[WSGIRequestHandler],
        max_threads: int,
    ) -> None:
        super().__init__(host, port, app, handler=handler)
        # Named by port: a process may run several servers (tests), each with its own pool.
        self._pool = ThreadPoolExecutor(
            max_workers=max_threads, thread_name_prefix=f"lm-server-{self.server_address[1]}"
        )

    def process_request(self, request: Any, client_address: Any) -> None:
        self._pool.submit(self._serve, request, client_address)

    def _serve(self, request: socket.socket, client_address: Any) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)


class ServerExtraMissing(RuntimeError):
    """The server was started without the ``server`` extra (moto's server, flask)."""


class LicenseManagerServer:
    """moto's server with License Manager in front, on a background thread."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 5000,
        read_timeout: float = READ_TIMEOUT,
        max_threads: int = MAX_THREADS,
    ) -> None:
        try:
            from moto.moto_server.werkzeug_app import (
                DomainDispatcherApplication,
                create_backend_app,
            )
        except ModuleNotFoundError as missing:
            raise ServerExtraMissing(
                f"licensemgr-mock server needs moto's server ({missing.name} is not installed):"
                " pip install 'licensemgr-mock[server]'"
            ) from missing

        register()
        register_ec2_launches()
        track_state()
        moto_app: Any = DomainDispatcherApplication(create_backend_app)
        handler = type("Handler", (_Handler,), {"timeout": read_timeout})
        self._server = _BoundedServer(
            host, port, server_api.front(license_manager_front(moto_app)), handler, max_threads
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
