"""Serving the mock over HTTP, for the AWS CLI and other SDKs.

moto's server app answers every service; in front of it, requests whose ``X-Amz-Target``
names License Manager go straight to the router (moto's dispatcher looks a request's service
up on disk twice per request, most of its cost). Everything else, moto's ``/moto-api`` reset
included, is moto's. The two paths never both answer a request.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request, Response

from licensemgr_mock.moto_glue import router, server_api
from licensemgr_mock.moto_glue.moto_api import track_state
from licensemgr_mock.moto_glue.registration import register, register_ec2_launches

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment


def license_manager_front(moto_app: WSGIApplication) -> WSGIApplication:
    """A WSGI app answering License Manager itself and passing the rest to ``moto_app``."""

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith(router.TARGET_PREFIX):
            return moto_app(environ, start_response)
        request = Request(environ)
        status, headers, body = router.handle(
            router.operation_of(request.headers),
            request.get_data(),
            router.account_of(request.headers),
            router.region_of(request.url, request.headers),
        )
        return Response(body, status=status, headers=headers)(environ, start_response)

    return app


class LicenseManagerServer:
    """moto's server with License Manager in front, on a background thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 5000) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

        register()
        register_ec2_launches()
        track_state()
        moto_app: Any = DomainDispatcherApplication(create_backend_app)
        self._server: BaseWSGIServer = make_server(
            host, port, server_api.front(license_manager_front(moto_app)), threaded=True
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
