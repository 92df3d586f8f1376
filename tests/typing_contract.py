"""Checked by ``mypy --strict`` (tox's ``type`` env), never run: the generated contract rejects
a misspelled member and a handler bound to the wrong operation. Each ``# type: ignore[...]``
marks an error mypy must find; one that stops being needed fails mypy (warn_unused_ignores)."""

from __future__ import annotations

from licensemgr_mock.pipeline.api import (
    CheckoutBorrowLicenseRequest,
    CheckoutBorrowLicenseResponse,
    CheckoutLicenseRequest,
    CheckoutLicenseResponse,
    CheckoutType,
    EntitlementDataUnit,
    ListLicensesRequest,
    ListLicensesResponse,
    handles,
)
from licensemgr_mock.state.records import EntitlementData, LicenseVersion


class Consumption:
    @handles("CheckoutLicense")
    def checkout_license(self, request: CheckoutLicenseRequest) -> CheckoutLicenseResponse:
        request["ProductSku"]  # type: ignore[typeddict-item]
        seats = EntitlementData("Seats", EntitlementDataUnit.COUNT, "1")
        if request.get("NodeId") == "misspelled":
            return {"NodeID": "n"}  # type: ignore[typeddict-unknown-key]
        unit = EntitlementDataUnit.COUNT
        if request.get("NodeId") == "nested":
            return {"EntitlementsAllowed": [{"Name": "S", "Unit": unit, "Vale": "1"}]}  # type: ignore[list-item]
        if request.get("NodeId") == "bare status":
            return {"CheckoutType": "PROVISIONAL"}  # type: ignore[typeddict-item]
        if request.get("NodeId") == "bare unit":
            return {"EntitlementsAllowed": [{"Name": "Seats", "Unit": "Count"}]}  # type: ignore[list-item]
        # Records and dicts mix where an answer nests a structure; a member may be None (left out).
        return {
            "CheckoutType": CheckoutType(request["CheckoutType"]),
            "NodeId": request.get("NodeId"),
            "EntitlementsAllowed": [seats, {"Name": "Seats", "Unit": unit}],
        }

    @handles("CheckoutBorrowLicense")
    def checkout_borrow_license(
        self, request: CheckoutBorrowLicenseRequest
    ) -> CheckoutBorrowLicenseResponse:
        # A request's structures pass into an answer as they are.
        return {"CheckoutMetadata": request.get("CheckoutMetadata")}

    @handles("CheckInLicense")  # type: ignore[arg-type]
    def check_in_license(self, request: CheckoutLicenseRequest) -> CheckoutLicenseResponse:
        return {}


class Licenses:
    @handles("ListLicenses")
    def list_licenses(self, request: ListLicensesRequest) -> ListLicensesResponse:
        versions: list[LicenseVersion] = []
        return {"Licenses": versions, "NextToken": request.get("NextToken")}


def misnamed() -> None:
    handles("ListLicences")  # type: ignore[call-overload]
