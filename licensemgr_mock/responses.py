"""moto's entrance: moto parses the request (account, region, body) with its own
``BaseResponse`` and hands it to the router."""

from __future__ import annotations

from typing import Any

from moto.core.responses import BaseResponse

from licensemgr_mock import router


class LicenseManagerResponse(BaseResponse):
    """Answers requests that reach License Manager through moto's URL dispatch."""

    def __init__(self) -> None:
        super().__init__(service_name="license-manager")

    @classmethod
    def answer(cls, request: Any, full_url: str, headers: Any) -> router.Response:
        """The URL handler moto calls (its stubber, its ``responses`` mock, its server)."""
        self = cls()
        # Positional: setup_class's keywords differ between moto 5 releases.
        self.setup_class(request, full_url, headers)
        status, response_headers, body = router.handle(
            router.operation_of(self.headers), self.raw_body, self.current_account, self.region
        )
        return status, {**self.response_headers, **response_headers}, body
