"""The in-process entrance: License Manager requests reach the router here, whichever of moto's
ways they came in (its botocore stubber, its ``responses`` mock, its server's URL table).

``LicenseManagerStubber`` is what moto's one botocore stubber object becomes once
``registration`` has run (the same object, with this class). botocore calls every
``before-send`` handler, so a second handler beside moto's would run each call twice; instead
the one handler answers License Manager URLs itself, before moto's URL translation, pattern
scan and header rewrite, and sends everything else down moto's own route.

Its answers also serve aiobotocore, which awaits ``response.content`` where botocore reads it:
the body is bytes that can be awaited, so one answer fits both clients, moto's services'
answers included.

``answer`` reads the caller's account and region itself (``router.account_of``/``region_of``,
moto's rules) instead of running moto's generic ``BaseResponse`` set-up, which parses query
strings and forms that a JSON protocol never has.
"""

from __future__ import annotations

import re
from collections.abc import Generator
from functools import lru_cache
from typing import Any

from botocore.awsrequest import AWSResponse
from botocore.exceptions import EndpointConnectionError, HTTPClientError, ReadTimeoutError
from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse
from moto.core.config import passthrough_service, passthrough_url, service_whitelisted
from moto.core.exceptions import ServiceNotWhitelisted

from licensemgr_mock.state.faults import TIMEOUT, TransportFault

SERVICE = "licensemanager"


def _dns_suffixes() -> list[str]:
    """The DNS suffixes of every partition botocore knows (``amazonaws.com``,
    ``amazonaws.eu``, ``api.aws``, ...), longest first, as regular expressions."""
    from botocore.loaders import Loader

    found: set[str] = set()
    for partition in Loader().load_data("partitions")["partitions"]:
        outputs = partition["outputs"]
        found.update(s for s in (outputs.get("dnsSuffix"), outputs.get("dualStackDnsSuffix")) if s)
    return [re.escape(s) for s in sorted(found, key=len, reverse=True)]


DNS_SUFFIXES = _dns_suffixes()
# Every endpoint of the service in every partition: a region's requests never leave the
# process because its partition uses another domain.
URL_PATTERN = re.compile(rf"https?://license-manager(?:-fips)?\.(.+)\.(?:{'|'.join(DNS_SUFFIXES)})")


class AwaitableBytes(bytes):
    """Bytes that are also their own awaited value: aiobotocore awaits a body botocore reads."""

    def __await__(self) -> Generator[Any, None, bytes]:
        return self._itself().__await__()

    async def _itself(self) -> bytes:
        return bytes(self)


class MockResponse(AWSResponse):  # type: ignore[misc]
    """An answer for botocore and aiobotocore alike (``content`` awaitable)."""

    _content: bytes | None

    @property
    def content(self) -> AwaitableBytes:
        """The body; botocore reads it, aiobotocore awaits it."""
        content = self._content
        if not isinstance(content, AwaitableBytes):
            # Read once and kept: botocore reads ``content`` several times an answer.
            content = self._content = AwaitableBytes(
                self.raw.read() if content is None else content
            )
        return content


def answer(request: Any, full_url: str, headers: Any) -> tuple[int, dict[str, str], str]:
    """Answers one License Manager request (a botocore ``AWSPreparedRequest``, a
    ``requests`` request, or a werkzeug request from moto's server)."""
    # Imported on the first call: the router brings the backend, its areas and their crypto.
    from licensemgr_mock.moto_adapters import router

    body = getattr(request, "body", None)
    if body is None and hasattr(request, "get_data"):
        body = request.get_data()
    return router.handle_request(full_url, headers, body)


def _recordable(request: Any) -> Any:
    """The request as the installed moto's recorder reads it: newer moto (the one whose
    stubber has ``process_prepared_request``) records its own normalised request type."""
    if hasattr(BotocoreStubber, "process_prepared_request"):
        from moto.core.request import normalize_request

        return normalize_request(request)
    return request


def connection_error(fault: TransportFault, url: str) -> HTTPClientError:
    """What botocore's HTTP layer raises for an endpoint that cannot be reached, or that
    does not answer in time. Raised from ``before-send``, it takes botocore's (and
    aiobotocore's) path for such errors: retried as a connection error, raised at the end."""
    if fault.kind == TIMEOUT:
        return ReadTimeoutError(endpoint_url=url, error=fault)
    return EndpointConnectionError(endpoint_url=url, error=fault)


@lru_cache(maxsize=256)
def _is_license_manager(url: str) -> bool:
    # A client sends every call to one URL; the pattern (one alternative per partition's DNS
    # suffix) is matched once per URL, not once per call.
    return URL_PATTERN.match(url) is not None


class LicenseManagerStubber(BotocoreStubber):
    """moto's botocore stubber, answering License Manager itself (see the module docstring)."""

    def __call__(self, event_name: str, request: Any, **kwargs: Any) -> MockResponse | None:
        """The ``before-send`` answer: ours for License Manager, moto's for the rest."""
        if not self.enabled:
            return None
        url = request.url
        body: str | bytes
        if _is_license_manager(url) and not passthrough_url(url.split("?", 1)[0]):
            if passthrough_service(SERVICE):
                return None
            if not service_whitelisted(SERVICE):
                raise ServiceNotWhitelisted(SERVICE)
            # moto's request recorder, imported on the first call as moto's own stubber does.
            from moto.moto_api import recorder

            if recorder._user_enabled:
                # moto's recorder writes the headers as JSON; botocore leaves some as bytes.
                for name, value in request.headers.items():
                    if isinstance(value, bytes):
                        request.headers[name] = value.decode("utf-8")
                recorder._record_request(_recordable(request))
            try:
                status, headers, body = answer(request, url, request.headers)
            except TransportFault as fault:
                raise connection_error(fault, url) from None
        else:
            response = self.process_request(request)
            if response is None:
                return None
            status, headers, body = response
        return MockResponse(url, status, headers, MockRawResponse(body))
