"""What ``licensemgr-mock server`` offers beyond the AWS API: seeding over HTTP, faults, the
clock and refusals (``controls``), and License Manager requests in moto's recorder.

``POST /licensemgr-mock/seed-license`` takes a JSON object with what ``seed_license`` takes
(``product_sku``, ``entitlements`` and its options, in snake case, plus ``account`` and
``region``) and answers the ``SeededLicense`` as JSON. Bad input answers 400 with every
problem, each naming its option; nothing is seeded then.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.wrappers import Request, Response

from licensemgr_mock.licenses.seeded import SeededLicense, SeedingError, SeedProblem
from licensemgr_mock.moto_adapters import backends, router
from licensemgr_mock.moto_adapters.server_app import record_request
from licensemgr_mock.server import controls

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

PREFIX = "/licensemgr-mock/"
SEED_PATH = PREFIX + "seed-license"
RESET_PATH = "/moto-api/reset"

Json = dict[str, object]


def seeding_error_body(error: SeedingError) -> Json:
    """The 400 body of a refused seed request: a summary and each problem with the option it
    concerns."""
    problems = [(problem.option, problem.detail) for problem in error.problems]
    return {
        "error": "InvalidSeedRequest",
        "message": "; ".join(f"{option}: {detail}" for option, detail in problems),
        "problems": [{"option": option, "message": detail} for option, detail in problems],
    }


def seeded_json(seeded: SeededLicense) -> Json:
    """The JSON answer of a seed request: every ``SeededLicense`` field by name."""
    return {
        "arn": seeded.arn,
        "product_sku": seeded.product_sku,
        "key_fingerprint": seeded.key_fingerprint,
        "issuer_account": seeded.issuer_account,
        "sign_key_arn": seeded.sign_key_arn,
        "grant_arn": seeded.grant_arn,
        "public_key_pem": seeded.public_key_pem,
    }


def _answer(request: Request) -> tuple[int, Json]:
    found = controls.answer(request)  # faults, clock, refusals
    if found is not None:
        return found
    if request.path != SEED_PATH:
        return 404, {"error": "NotFound", "message": f"No such endpoint: {request.path}"}
    if request.method != "POST":
        return 405, {"error": "MethodNotAllowed", "message": f"POST to {SEED_PATH}"}
    try:
        body = json.loads(request.get_data() or b"null")
    except (ValueError, RecursionError):
        # RecursionError: JSON nested deeper than the parser goes, as on the AWS path.
        return 400, {"error": "InvalidSeedRequest", "message": "(body): is not valid JSON"}
    if not isinstance(body, dict):
        return 400, seeding_error_body(
            SeedingError([SeedProblem("(body)", "must be a JSON object")])
        )
    try:
        seeded = backends.seed_license(
            body,
            router.account_of(request.headers),
            router.region_of(request.url, request.headers),
        )
    except SeedingError as error:
        return 400, seeding_error_body(error)
    return 200, seeded_json(seeded)


def front(app: WSGIApplication) -> WSGIApplication:
    """Wraps the server's WSGI app: answers ``/licensemgr-mock/...`` and hands License
    Manager requests to moto's recorder (moto records only what its own dispatcher serves)."""

    def serve(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        ours = path.startswith(PREFIX)
        if path == RESET_PATH and environ.get("REQUEST_METHOD") == "POST":
            controls.reset()  # moto's reset empties the backends; this, the rest
        if ours or environ.get("HTTP_X_AMZ_TARGET", "").startswith(router.TARGET_PREFIX):
            record_request(environ)
        if not ours:
            return app(environ, start_response)
        status, payload = _answer(Request(environ))
        response = Response(json.dumps(payload), status=status, mimetype="application/json")
        return response(environ, start_response)

    return serve
