"""The generated contract at run time: an answer member that neither the installed model nor
the contract knows fails loudly instead of vanishing; a member only one of them knows follows
the installed model; ``handles`` marks methods and ``operation_table`` binds them.

No client can make a handler misspell its answer, so the loud failure is provoked by a handler
swapped in; the older and newer models are small models of one shape."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.model import ShapeResolver

from licensemgr_mock.pipeline.api import OPERATIONS, handles
from licensemgr_mock.pipeline.binding import operation_of, operation_table
from licensemgr_mock.pipeline.serialize import UnknownMemberError, to_wire
from tests.helpers import create_license

ARN = "arn:aws:license-manager::123456789012:license:l-1"


@pytest.fixture
def backend(lm: Any) -> Any:
    from licensemgr_mock.moto_adapters.models import licensemanager_backends

    return licensemanager_backends["123456789012"]["us-east-1"]


def test_a_misspelled_answer_member_fails_the_call(client, backend, monkeypatch):
    arn = create_license(client)
    monkeypatch.setitem(
        backend.operations, "ListLicenses", lambda request: {"Licenses": [], "NextTokn": "x"}
    )

    with pytest.raises(UnknownMemberError, match=r"ListLicensesResponse has no member 'NextTokn'"):
        client.list_licenses()

    monkeypatch.undo()
    assert [lic["LicenseArn"] for lic in client.list_licenses()["Licenses"]] == [arn]


def test_a_misspelled_member_of_a_nested_answer_fails_the_call(client, backend, monkeypatch):
    nested = {"Licenses": [{"LicenseArn": ARN, "Colour": "blue", "Shade": "dark"}]}
    monkeypatch.setitem(backend.operations, "ListLicenses", lambda request: nested)

    with pytest.raises(UnknownMemberError, match=r"License has no member 'Colour', 'Shade'"):
        client.list_licenses()

    monkeypatch.undo()
    assert client.list_licenses()["Licenses"] == []


def extend_answer(*extra: str, without: str | None = None) -> Any:
    """ExtendLicenseConsumption's output shape in a model older (``without`` a member) or
    newer (with ``extra`` members) than the one the contract was generated from."""
    members = {"LicenseConsumptionToken": {"shape": "String"}, "Expiration": {"shape": "String"}}
    members.pop(without or "", None)
    members.update({name: {"shape": "String"} for name in extra})
    shapes = {
        "ExtendLicenseConsumptionResponse": {"type": "structure", "members": members},
        "String": {"type": "string"},
    }
    return ShapeResolver(shapes).get_shape_by_name("ExtendLicenseConsumptionResponse")


def test_a_member_the_installed_model_lacks_but_the_contract_knows_is_left_out():
    answer = {"LicenseConsumptionToken": "t", "Expiration": "2030-01-01T00:00:00Z"}

    assert to_wire(extend_answer(without="Expiration"), answer) == {"LicenseConsumptionToken": "t"}


def test_a_member_the_installed_model_adds_is_written():
    answer = {"LicenseConsumptionToken": "t", "Renewed": "yes"}

    assert to_wire(extend_answer("Renewed"), answer) == answer


@pytest.mark.parametrize("expiry", ["2030-01-01T00:00:00Z", None])
def test_a_member_neither_knows_fails_under_any_model(expiry):
    answer = {"LicenseConsumptionToken": "t", "Expiry": expiry}

    for shape in (extend_answer(), extend_answer("Renewed"), extend_answer(without="Expiration")):
        with pytest.raises(UnknownMemberError, match="ExtendLicenseConsumptionResponse"):
            to_wire(shape, answer)


def test_a_known_member_that_is_none_is_left_out():
    answer = {"LicenseConsumptionToken": "t", "Expiration": None}

    assert to_wire(extend_answer(), answer) == {"LicenseConsumptionToken": "t"}


class Licenses:
    @handles("GetLicense")
    def get_license(self, request: Any) -> Any:
        return {"License": {"LicenseArn": request["LicenseArn"]}}

    def helper(self) -> None:
        """Not an operation."""


class Consumption:
    @handles("CheckInLicense")
    def check_in_license(self, request: Any) -> Any:
        return {}


def test_the_operation_table_is_built_from_the_marks():
    licenses, consumption = Licenses(), Consumption()

    table = operation_table([licenses, consumption])

    assert table == {
        "GetLicense": licenses.get_license,
        "CheckInLicense": consumption.check_in_license,
    }
    assert table["GetLicense"]({"LicenseArn": ARN}) == {"License": {"LicenseArn": ARN}}
    # The mark is on the function itself: the method is not wrapped.
    assert operation_of(Licenses.__dict__["get_license"]) == "GetLicense"
    assert operation_of(Licenses.helper) is None


def test_an_operation_marked_twice_is_refused():
    class MoreLicenses:
        @handles("GetLicense")
        def fetch(self, request: Any) -> Any:
            return {}

    with pytest.raises(TypeError, match=r"GetLicense is answered twice: .*get_license, .*fetch"):
        operation_table([Licenses(), MoreLicenses()])


def test_handles_refuses_a_name_that_is_no_operation():
    assert "GetLicense" in OPERATIONS
    with pytest.raises(ValueError, match="'GetLicence' is not an operation"):
        handles("GetLicence")
