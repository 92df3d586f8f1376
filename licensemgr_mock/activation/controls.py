"""What a test drives besides the API: injected faults (``lm.inject_fault``) and the mock's
clock (``lm.clock``); and what it reads of the mock's state (refusals, consumptions, the
tokens' key). In-process they act on this process's mock; under ``TEST_SERVER_MODE`` on the
server, through its ``/licensemgr-mock/...`` endpoints. Arguments are checked here or by the
server in both modes, so a bad one is the same ValueError."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from licensemgr_mock.pipeline import clock
from licensemgr_mock.server import mode as server_mode
from licensemgr_mock.state import faults
from licensemgr_mock.state.faults import Fault
from licensemgr_mock.state.refusals import Refusal

if TYPE_CHECKING:
    from licensemgr_mock.state.records import Checkout

FAULTS_PATH = "/licensemgr-mock/faults"
CLOCK_PATH = "/licensemgr-mock/clock"
REFUSALS_PATH = "/licensemgr-mock/refusals"
UNRETURNED_PATH = "/licensemgr-mock/unreturned"
CONSUMPTIONS_PATH = "/licensemgr-mock/consumptions"
TOKEN_KEY_PATH = "/licensemgr-mock/token-public-key"


class ServerFault(Fault):
    """A fault held by the server of TEST_SERVER_MODE: ``hits`` asks the server."""

    endpoint_url: str = ""

    @property
    def hits(self) -> int:
        """How many calls this fault has failed so far (on the server)."""
        listed = server_mode.call("GET", FAULTS_PATH, endpoint_url=self.endpoint_url)
        found = [fault for fault in listed["faults"] if fault["id"] == self.id]
        return int(found[0]["hits"]) if found else self._hits

    def remove(self) -> None:
        """Ends this fault on the server."""
        self._hits = self.hits
        path = f"{FAULTS_PATH}/{self.id}"
        server_mode.call("DELETE", path, endpoint_url=self.endpoint_url)


def inject_fault(
    operation: str,
    error: str,
    times: int | None,
    probability: float,
    seed: int | None,
) -> Fault:
    """``LicenseManagerMock.inject_fault`` (see there)."""
    if not server_mode.enabled():
        return faults.registry.add(
            operation, error, times=times, probability=probability, seed=seed
        )
    faults.check(operation, error, times, probability, seed)
    body = {
        "operation": operation,
        "error": error,
        "times": times,
        "probability": probability,
        "seed": seed,
    }
    answer = server_mode.call("POST", FAULTS_PATH, body)
    fault = ServerFault(
        id=answer["id"],
        operation=operation,
        error=error,
        times=times,
        probability=float(probability),
        seed=seed,
    )
    fault.endpoint_url = server_mode.endpoint()
    return fault


def clear_faults() -> None:
    """``LicenseManagerMock.clear_faults`` (see there)."""
    if server_mode.enabled():
        server_mode.call("DELETE", FAULTS_PATH)
    else:
        faults.registry.clear()


def _newest_license() -> datetime | None:
    from licensemgr_mock.moto_adapters import backends

    return backends.newest_license_creation()


class MockClock:
    """``lm.clock``: the time the mock reads for expiry, TTLs and borrow windows.

    Moving it shifts the mock's time by an offset from the system clock, so it keeps
    running, and freezegun or time-machine (which move the system clock) still apply on top.
    Bad input raises ValueError and leaves the clock as it was. The clock is put back when
    the outermost activation starts and when it ends."""

    def now(self) -> datetime:
        """The mock's current time (UTC)."""
        if server_mode.enabled():
            return _moment(server_mode.call("GET", CLOCK_PATH))
        return clock.now()

    def advance(self, by: float | timedelta) -> datetime:
        """Moves the clock ``by`` seconds (a number) or a timedelta; negative moves back,
        but not before the newest license's creation. Answers the new time."""
        if server_mode.enabled():
            if isinstance(by, timedelta):
                seconds: object = by.total_seconds()
            else:
                seconds = by
            if type(seconds) not in (int, float):
                raise clock.ClockError(
                    f"advance takes seconds (a number) or a timedelta, not {by!r}"
                )
            return _moment(server_mode.call("POST", CLOCK_PATH, {"advance_seconds": seconds}))
        return clock.advance(by, _newest_license())

    def set(self, moment: datetime) -> datetime:
        """Makes the clock read ``moment`` now (a naive datetime is UTC), between 1970 and
        9999 and, moving back, not before the newest license's creation."""
        if server_mode.enabled():
            if not isinstance(moment, datetime):
                raise clock.ClockError(f"the clock is set to a datetime, not {moment!r}")
            return _moment(server_mode.call("POST", CLOCK_PATH, {"now": moment.isoformat()}))
        return clock.set_now(moment, _newest_license())

    def reset(self) -> None:
        """Puts the clock back on the system clock."""
        if server_mode.enabled():
            server_mode.call("DELETE", CLOCK_PATH)
        else:
            clock.reset()


def _moment(answer: Any) -> datetime:
    return datetime.fromisoformat(str(answer["now"]))


def server_refusals() -> list[Refusal]:
    """``lm.refusals`` under TEST_SERVER_MODE: the server's, oldest first."""
    listed = server_mode.call("GET", REFUSALS_PATH)["refusals"]
    return [
        Refusal(operation=r["operation"], reason=r["reason"], at=datetime.fromisoformat(r["at"]))
        for r in listed
    ]


def server_unreturned() -> str:
    """Strict mode under TEST_SERVER_MODE: what the server reports of the consumptions never
    checked in ("" when there is none)."""
    return str(server_mode.call("GET", UNRETURNED_PATH)["report"])


def server_unreturned_tokens() -> set[str]:
    """The tokens of the server's consumptions never checked in (by the server's clock)."""
    return set(server_mode.call("GET", UNRETURNED_PATH)["unreturned"])


def server_consumptions() -> list[Checkout]:
    """``lm.consumptions`` under TEST_SERVER_MODE: the server's, rebuilt as the records
    in-process mode answers."""
    from licensemgr_mock.pipeline.api import CheckoutType, EntitlementDataUnit
    from licensemgr_mock.state.records import Checkout, EntitlementData

    rebuilt = []
    for row in server_mode.call("GET", CONSUMPTIONS_PATH)["consumptions"]:
        kind = row["checkout_type"]
        entitlements = [
            EntitlementData(name=e["name"], unit=EntitlementDataUnit(e["unit"]), value=e["value"])
            for e in row["entitlements_allowed"]
        ]
        fields = {
            **row,
            "checkout_type": None if kind is None else CheckoutType(kind),
            "entitlements_allowed": entitlements,
            "issued": datetime.fromisoformat(row["issued"]),
            "expires": datetime.fromisoformat(row["expires"]),
        }
        rebuilt.append(Checkout(**fields))
    return rebuilt


def token_public_key_pem(partition: str = "aws") -> str:
    """The PEM public key that verifies the refresh and access tokens the mock signs
    (CreateToken, GetAccessToken) in ``partition``; under TEST_SERVER_MODE, the server's.
    An unknown partition raises ValueError naming the partitions."""
    if server_mode.enabled():
        path = f"{TOKEN_KEY_PATH}?partition={quote(partition, safe='')}"
        return str(server_mode.call("GET", path)["public_key_pem"])
    from licensemgr_mock.moto_adapters import backends

    return backends.token_public_key_pem(partition)
