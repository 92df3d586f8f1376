"""The floor: a botocore client whose ``before-send`` handler returns a canned 200 answer, so a
call costs serialisation, signing and parsing and nothing else. The canned bodies are the
mock's own answers, body and headers, captured once, so the floor parses exactly what the
mock sends."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.models import botocore_stubber

REGION = "us-east-1"


class Captured(dict[str, tuple[bytes, dict[str, str]]]):
    """The raw body and the headers of every answer a client received, by operation name,
    recorded until a floor is made from them (``floor_client``)."""

    def __init__(self, client: Any) -> None:
        super().__init__()
        self._events = client.meta.events
        self._events.register("after-call", self._record)

    def _record(self, http_response: Any, model: Any, **_: Any) -> None:
        self[model.name] = (http_response.content, dict(http_response.headers))

    def stop(self) -> None:
        """Stops recording: the subject must not pay for the bench's own handler."""
        self._events.unregister("after-call", self._record)


def capture(client: Any) -> Captured:
    """Records the raw body and headers of every answer ``client`` receives, by operation."""
    return Captured(client)


def floor_client(service: str, bodies: Captured) -> Any:
    """A client of ``service`` answering each operation in ``bodies`` with its canned body and
    headers (the request id botocore reads into ``ResponseMetadata`` included); the client
    they were captured from stops recording.

    moto's stubber is taken off this client's events: botocore runs every ``before-send``
    handler, so under an active mock the stubber would still answer (and cost) each call.
    """
    bodies.stop()
    client = boto3.client(service, region_name=REGION)
    client.meta.events.unregister("before-send", botocore_stubber)
    event_service = client.meta.service_model.service_id.hyphenize()
    for operation, (body, headers) in bodies.items():

        def canned(
            request: Any, body: bytes = body, headers: dict[str, str] = headers, **_: Any
        ) -> AWSResponse:
            return AWSResponse(request.url, 200, dict(headers), MockRawResponse(body))

        client.meta.events.register(f"before-send.{event_service}.{operation}", canned)
    return client
