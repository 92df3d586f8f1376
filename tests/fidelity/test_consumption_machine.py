"""A stateful test of consumption: checkouts (provisional and perpetual), borrows,
extensions, check-ins, new license versions and time passing, interleaved by hypothesis.

The machine keeps its own ledger of what the service has granted, built only from the
service's answers, and after every step holds the mock to it:
- GetLicenseUsage equals the perpetual units plus the units of every consumption that is
  neither checked in nor expired, so nothing expired is still counted;
- a counted entitlement without Overage never goes above MaxCount (once a new version lowers
  MaxCount, usage may stay above it, but only until the consumptions above it end);
- every consumption token is new;
and before every checkout it predicts, from the ledger, exactly which entitlements the
service grants (provisional checkouts take what fits, borrows all or nothing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
from botocore.exceptions import ClientError
from freezegun import freeze_time
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, multiple, rule

from licensemgr_mock import mock_licensemanager
from tests.helpers import REGION, seats, signing_key, token

START = datetime(2026, 1, 1, tzinfo=UTC)
PROVISIONAL_MINUTES = 30
BORROW_MINUTES = 90
BENEFICIARY = "tenant-1"
SKU = "SKU-M"
# Seats: capped; Cores: counted with Overage; Premium: a flag; Ghost: not on the license.
COUNTED = ("Seats", "Cores")
REQUESTABLE = ("Seats", "Cores", "Premium", "Ghost")


def entitlements(max_seats: int) -> list[dict[str, Any]]:
    return [
        *seats(max_seats),
        {"Name": "Cores", "Unit": "Count", "MaxCount": 4, "Overage": True, "AllowCheckIn": True},
        {"Name": "Premium", "Unit": "None", "Value": "Enabled"},
    ]


@dataclass
class Consumption:
    """What the ledger knows of one consumption token."""

    amounts: dict[str, int]
    expires: datetime
    kind: str  # PROVISIONAL, PERPETUAL or BORROW
    open: bool = True


def unit_of(name: str) -> str:
    return "None" if name == "Premium" else "Count"


def iso(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


class ConsumptionMachine(RuleBasedStateMachine):
    tokens = Bundle("tokens")

    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_licensemanager()
        self.mock.start()
        self.frozen_time = freeze_time(START)
        self.clock = self.frozen_time.start()
        self.client = boto3.client("license-manager", region_name=REGION)
        self.seats = 5
        self.sign_key = signing_key()
        self.license_arn = self.client.create_license(**self.license_request())["LicenseArn"]
        issuer = self.client.get_license(LicenseArn=self.license_arn)["License"]["Issuer"]
        self.fingerprint = issuer["KeyFingerprint"]
        self.ledger: dict[str, Consumption] = {}
        self.perpetual: dict[str, int] = dict.fromkeys(COUNTED, 0)
        # How far usage may stand above MaxCount: raised only by a version lowering MaxCount.
        self.ceiling: dict[str, int] = {"Seats": self.seats}

    def teardown(self) -> None:
        self.frozen_time.stop()
        self.mock.stop()

    def license_request(self) -> dict[str, Any]:
        return {
            "LicenseName": "machine",
            "ProductName": "Product",
            "ProductSKU": SKU,
            "Issuer": {"Name": "Machine Co", "SignKey": self.sign_key},
            "HomeRegion": REGION,
            "Validity": {"Begin": "2020-01-01T00:00:00Z", "End": "2099-01-01T00:00:00Z"},
            "Entitlements": entitlements(self.seats),
            "Beneficiary": BENEFICIARY,
            "ConsumptionConfiguration": {
                "ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": PROVISIONAL_MINUTES},
                "BorrowConfiguration": {
                    "AllowEarlyCheckIn": True,
                    "MaxTimeToLiveInMinutes": BORROW_MINUTES,
                },
            },
            "ClientToken": token(),
        }

    # -- the ledger ---------------------------------------------------------------------

    def now(self) -> datetime:
        return datetime.now(UTC)

    def live(self, consumption: Consumption) -> bool:
        return consumption.open and consumption.expires > self.now()

    def expected_usage(self, name: str) -> int:
        held = sum(
            c.amounts.get(name, 0)
            for c in self.ledger.values()
            if c.kind != "PERPETUAL" and self.live(c)
        )
        return self.perpetual[name] + held

    def fits(self, name: str, quantity: int) -> bool:
        if name == "Ghost":
            return False
        if name != "Seats":
            return True  # Cores has Overage; Premium is a flag
        return self.expected_usage(name) + quantity <= self.seats

    def record(self, answer: dict[str, Any], kind: str) -> str:
        consumption_token = answer["LicenseConsumptionToken"]
        assert consumption_token not in self.ledger, "a consumption token was given twice"
        amounts = {
            e["Name"]: int(e["Value"])
            for e in answer["EntitlementsAllowed"]
            if e["Unit"] == "Count"
        }
        assert iso(answer["Expiration"]) > self.now()
        self.ledger[consumption_token] = Consumption(amounts, iso(answer["Expiration"]), kind)
        if kind == "PERPETUAL":
            for name, amount in amounts.items():
                self.perpetual[name] += amount
        return str(consumption_token)

    def requested(self, quantities: dict[str, int]) -> list[dict[str, str]]:
        return [
            {"Name": name, "Unit": unit_of(name), "Value": str(quantity)}
            for name, quantity in quantities.items()
        ]

    # -- rules --------------------------------------------------------------------------

    @rule(
        target=tokens,
        quantities=st.dictionaries(st.sampled_from(REQUESTABLE), st.integers(0, 4), min_size=1),
        perpetual=st.booleans(),
    )
    def checkout(self, quantities: dict[str, int], perpetual: bool) -> Any:
        kind = "PERPETUAL" if perpetual else "PROVISIONAL"
        granted = {name for name, quantity in quantities.items() if self.fits(name, quantity)}
        try:
            answer = self.client.checkout_license(
                ProductSKU=SKU,
                CheckoutType=kind,
                KeyFingerprint=self.fingerprint,
                Entitlements=self.requested(quantities),
                Beneficiary=BENEFICIARY,
                ClientToken=token(),
            )
        except ClientError as error:
            assert error.response["Error"]["Code"] == "NoEntitlementsAllowedException"
            assert not granted, f"refused {quantities} though {granted} fit"
            return multiple()
        assert {e["Name"] for e in answer["EntitlementsAllowed"]} == granted
        assert iso(answer["Expiration"]) == self.now() + timedelta(minutes=PROVISIONAL_MINUTES)
        return self.record(answer, kind)

    @rule(
        target=tokens,
        quantities=st.dictionaries(st.sampled_from(REQUESTABLE), st.integers(0, 4), min_size=1),
    )
    def borrow(self, quantities: dict[str, int]) -> Any:
        fitting = {name for name, quantity in quantities.items() if self.fits(name, quantity)}
        try:
            answer = self.client.checkout_borrow_license(
                LicenseArn=self.license_arn,
                Entitlements=self.requested(quantities),
                DigitalSignatureMethod="JWT_PS384",
                ClientToken=token(),
            )
        except ClientError as error:
            code = error.response["Error"]["Code"]
            expected = "NoEntitlementsAllowedException" if not fitting else None
            expected = expected or "EntitlementNotAllowedException"
            assert len(fitting) < len(quantities), f"refused a borrow of {quantities} that fits"
            assert code == expected, f"{code} for {quantities}, expected {expected}"
            return multiple()
        assert fitting == set(quantities), f"borrowed {quantities} though only {fitting} fit"
        assert answer["SignedToken"]
        assert iso(answer["Expiration"]) == self.now() + timedelta(minutes=BORROW_MINUTES)
        return self.record(answer, "BORROW")

    @rule(consumption_token=tokens)
    def extend(self, consumption_token: str) -> None:
        consumption = self.ledger[consumption_token]
        try:
            answer = self.client.extend_license_consumption(
                LicenseConsumptionToken=consumption_token
            )
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ResourceNotFoundException"
            assert not self.live(consumption) or consumption.kind == "BORROW"
            return
        assert self.live(consumption) and consumption.kind != "BORROW"
        consumption.expires = iso(answer["Expiration"])
        assert consumption.expires == self.now() + timedelta(minutes=PROVISIONAL_MINUTES)

    @rule(consumption_token=tokens)
    def check_in(self, consumption_token: str) -> None:
        consumption = self.ledger[consumption_token]
        try:
            self.client.check_in_license(LicenseConsumptionToken=consumption_token)
        except ClientError as error:
            assert error.response["Error"]["Code"] == "ResourceNotFoundException"
            assert not self.live(consumption), "a live consumption could not be checked in"
            return
        assert self.live(consumption), "an ended consumption was checked in"
        consumption.open = False

    @rule(seats=st.integers(0, 8))
    def new_version(self, seats: int) -> None:
        self.seats = seats
        request = self.license_request()
        # A version keeps the license's product and beneficiary.
        del request["Beneficiary"], request["ProductSKU"]
        answer = self.client.create_license_version(
            LicenseArn=self.license_arn, Status="AVAILABLE", **request
        )
        assert answer["Status"] == "AVAILABLE"
        self.ceiling["Seats"] = max(seats, self.expected_usage("Seats"))

    @rule(minutes=st.integers(1, 2 * BORROW_MINUTES))
    def time_passes(self, minutes: int) -> None:
        self.clock.tick(timedelta(minutes=minutes))

    # -- invariants ---------------------------------------------------------------------

    @invariant()
    def usage_is_the_live_consumptions(self) -> None:
        rows = self.client.get_license_usage(LicenseArn=self.license_arn)["LicenseUsage"][
            "EntitlementUsages"
        ]
        usage = {row["Name"]: int(row["ConsumedValue"]) for row in rows}
        for name in COUNTED:
            assert usage[name] == self.expected_usage(name), (
                f"{name}: service counts {usage[name]}, live consumptions hold "
                f"{self.expected_usage(name)}"
            )
        assert usage["Premium"] == 0

    @invariant()
    def capped_entitlement_stays_under_its_ceiling(self) -> None:
        used = self.expected_usage("Seats")
        self.ceiling["Seats"] = max(self.seats, min(self.ceiling["Seats"], used))
        assert used <= self.ceiling["Seats"], f"Seats at {used}, above {self.ceiling['Seats']}"


TestConsumption = ConsumptionMachine.TestCase
