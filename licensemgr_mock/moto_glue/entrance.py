"""The HTTP entrance: moto's botocore stubber, its ``responses`` mock and its server all call
``answer`` for License Manager URLs (see ``urls.py``); it hands the request to the router.

It reads the caller's account and region itself (``router.account_of``/``region_of``, moto's
rules) instead of running moto's generic ``BaseResponse`` set-up, which parses query strings
and forms that a JSON protocol never has and doubles the cost of a call.
"""

from __future__ import annotations

from typing import Any

from licensemgr_mock.moto_glue import router


def answer(request: Any, full_url: str, headers: Any) -> router.Response:
    """Answers one License Manager request (a botocore ``AWSPreparedRequest``, a
    ``requests`` request, or a werkzeug request from moto's server)."""
    body = getattr(request, "body", None)
    if body is None and hasattr(request, "get_data"):
        body = request.get_data()
    return router.handle(
        router.operation_of(headers),
        body,
        router.account_of(headers),
        router.region_of(full_url, headers),
    )
