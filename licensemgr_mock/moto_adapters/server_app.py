"""moto's server as License Manager's HTTP front stands on it: its WSGI app, and its request
recorder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment


def moto_app() -> Any:
    """moto's server app, answering every moto service (raises ModuleNotFoundError without
    moto's ``server`` extra: flask and the services' parsers)."""
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    return DomainDispatcherApplication(create_backend_app)


def record_request(environ: WSGIEnvironment) -> None:
    """Puts a request moto's dispatcher does not serve into moto's recorder."""
    # moto's recorder has no public entry point; its own dispatcher calls this same method,
    # which reads the body and puts it back for whoever answers next. It reads the request
    # type moto's server makes (werkzeug's in older moto, a subclass with ``raw_path`` in newer).
    from moto.core import request as moto_request
    from moto.moto_api import recorder

    recorded_request = moto_request.__dict__["Request"]
    recorder._record_request(recorded_request(environ))
