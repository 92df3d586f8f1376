"""What ``licensemgr-mock server`` offers beyond the AWS API: seeding over HTTP, faults, the
clock and refusals (``controls``), and License Manager requests in moto's recorder.

``POST /licensemgr-mock/seed-license`` takes a JSON object with what ``seed_license`` takes
(``product_sku``, ``entitlements`` and its options, in snake case, plus ``account`` and
``region``) and answers the ``SeededLicense`` as JSON. Bad input answers 400 with every
problem, each naming its option; nothing is seeded then.
"""

from __future__ import annotations

import functools
import inspect
import json
import re
import types
import typing
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

import botocore.session
from werkzeug.wrappers import Request, Response

from licensemgr_mock.licenses.seeded import SeededLicense, SeedingError
from licensemgr_mock.licenses.seeding import Seeder
from licensemgr_mock.moto_adapters import backends, router
from licensemgr_mock.moto_adapters.server_app import record_request
from licensemgr_mock.pipeline.api import AllowedOperation, LicenseStatus
from licensemgr_mock.pipeline.service_model import service_model
from licensemgr_mock.pipeline.validation import problems
from licensemgr_mock.server import controls

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

PREFIX = "/licensemgr-mock/"
SEED_PATH = PREFIX + "seed-license"
RESET_PATH = "/moto-api/reset"
_ACCOUNT = re.compile(r"^\d{12}$")
# Options whose values come from a closed set.
_CHOICES: dict[str, frozenset[str]] = {
    "issuer": frozenset({"marketplace", "self"}),
    "status": frozenset(status.value for status in LicenseStatus),
    "allowed_operations": frozenset(operation.value for operation in AllowedOperation),
}
_REQUIRED = ("product_sku", "entitlements")

Json = dict[str, object]
# seed_license's keyword arguments, checked: each value has its option's type.
SeedOptions: TypeAlias = dict[str, Any]


class SeedRequestError(Exception):
    """A seed request that cannot be honoured: one ``(option, message)`` per problem."""

    def __init__(self, found: list[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{option}: {message}" for option, message in found))
        self.problems = found

    def body(self) -> Json:
        """The JSON error body: a summary and each problem with the option it concerns."""
        return {
            "error": "InvalidSeedRequest",
            "message": str(self),
            "problems": [{"option": option, "message": text} for option, text in self.problems],
        }


def _option_hints() -> dict[str, object]:
    """The options ``Seeder.seed_license`` takes, with their type hints."""
    hints = typing.get_type_hints(Seeder.seed_license)
    names = list(inspect.signature(Seeder.seed_license).parameters)[1:]
    return {name: hints[name] for name in names}


_HINTS = _option_hints()
# Every key a seed request may hold, with its type: seed_license's options, and where to seed.
SEED_OPTIONS: dict[str, object] = {**_HINTS, "account": str | None, "region": str | None}


def _type_problem(hint: Any, value: object) -> str | None:
    """Why ``value`` (decoded JSON) does not fit the type ``hint``, or None."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        choices = typing.get_args(hint)
        if datetime in choices:
            # ``datetime | str``: over JSON a time is a string, and it must read as a time.
            choices = tuple(choice for choice in choices if choice is not str)
        if value is None and type(None) in choices:
            return None
        reasons = [_type_problem(choice, value) for choice in choices if choice is not type(None)]
        return None if None in reasons else reasons[-1]
    origin = typing.get_origin(hint)
    if origin is list:
        if not isinstance(value, list):
            return "must be a list"
        (item,) = typing.get_args(hint)
        if typing.get_origin(item) is dict and typing.get_args(item)[1] is Any:
            return None  # entitlements: checked against the API's shape instead
        return next((p for p in (_type_problem(item, v) for v in value) if p), None)
    if origin is dict:
        if not isinstance(value, dict):
            return "must be an object"
        _, kind = typing.get_args(hint)
        bad = [k for k, v in value.items() if kind is str and not isinstance(v, str)]
        return f"value of {bad[0]!r} must be a string" if bad else None
    if hint is datetime:
        return None if isinstance(value, str) and _moment(value) else "must be an ISO 8601 time"
    if hint is bool:
        return None if isinstance(value, bool) else "must be true or false"
    if hint is int:
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0
        return None if ok else "must be a positive integer"
    if hint is str:
        return None if isinstance(value, str) else "must be a string"
    return None


@functools.cache
def _regions() -> frozenset[str]:
    """Every region License Manager has, in every partition (botocore's endpoint data)."""
    session = botocore.session.get_session()
    return frozenset(
        region
        for partition in session.get_available_partitions()
        for region in session.get_available_regions("license-manager", partition)
    )


def _moment(text: str) -> datetime | None:
    """An ISO 8601 time; one without a zone is UTC."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_seed_request(body: object) -> tuple[str | None, str | None, SeedOptions]:
    """Checks a seed request: ``(account, region, seed_license keyword arguments)``.

    Raises ``SeedRequestError`` listing every problem."""
    if not isinstance(body, dict):
        raise SeedRequestError([("(body)", "must be a JSON object")])
    found: list[tuple[str, str]] = []
    found += [(name, "is required") for name in _REQUIRED if body.get(name) in (None, "")]
    account, region = body.get("account"), body.get("region")
    if account is not None and not (isinstance(account, str) and _ACCOUNT.match(account)):
        found.append(("account", "must be 12 digits"))
    if region is not None and not (isinstance(region, str) and region in _regions()):
        found.append(("region", "must be a License Manager region, such as us-east-1"))
    options = {k: v for k, v in body.items() if k not in ("account", "region")}
    for name, value in options.items():
        if name not in _HINTS:
            found.append((name, f"is not a seed option (options: {', '.join(sorted(_HINTS))})"))
            continue
        problem = _type_problem(_HINTS[name], value)
        if problem is None and name in _CHOICES and value is not None:
            values = value if isinstance(value, list) else [value]
            bad = [v for v in values if v not in _CHOICES[name]]
            if bad:
                problem = f"{bad[0]!r} is not one of {', '.join(sorted(_CHOICES[name]))}"
        if problem is None and name == "home_region" and value not in (None, *_regions()):
            problem = "must be a License Manager region, such as us-east-1"
        if problem is None and name == "grantee_account" and value is not None:
            problem = None if _ACCOUNT.match(str(value)) else "must be 12 digits"
        if problem is not None:
            found.append((name, problem))
    entitlements = options.get("entitlements")
    if entitlements is not None:
        shape = service_model().shape_for("EntitlementList")
        found += [("entitlements", text) for text in problems(shape, entitlements, "entitlements")]
    if found:
        raise SeedRequestError(found)
    for name in ("begin", "end"):
        if isinstance(options.get(name), str):
            options[name] = _moment(options[name])
    return account, region, options


def seed(account: str, region: str, options: SeedOptions) -> SeededLicense:
    """Seeds one license in the server's backend of ``account``/``region``."""
    seeder = backends.seeder(account, region)
    with seeder.store.lock:
        return seeder.seed_license(**options)


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
    try:
        account, region, options = parse_seed_request(body)
        seeded = seed(
            account or router.account_of(request.headers),
            region or router.region_of(request.url, request.headers),
            options,
        )
    except SeedRequestError as error:
        return 400, error.body()
    except SeedingError as error:
        # What only seed_license itself checks (a time out of range, an end before begin).
        return 400, SeedRequestError([("(options)", str(error))]).body()
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
