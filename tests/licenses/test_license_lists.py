"""ListLicenses and ListReceivedLicenses stay flat as the store grows (issue 15): a page reads
only what it shows, with or without Filters, and LicenseArns are looked up, not scanned; the
answers are those of a full scan (order, pages, grants received, rejected and deleted)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from licensemgr_mock.licenses.access import LicenseAccess
from tests.helpers import BUYER, SEATS, SELLER, create_license, grant_to, license_request

pytestmark = pytest.mark.usefixtures("license_manager")

UNKNOWN = "arn:aws:license-manager::123456789012:license:l-00000000000000000000000000000000"


@pytest.fixture
def counted_views(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many license views the backend builds (the per-license cost of a list)."""
    counts = {"license_view": 0, "granted_license": 0}
    for name in counts:
        original = getattr(LicenseAccess, name)

        def counting(self: Any, *args: Any, _name: str = name, _original: Any = original) -> Any:
            counts[_name] += 1
            return _original(self, *args)

        monkeypatch.setattr(LicenseAccess, name, counting)
    return counts


def _all_pages(call: Any, **request: Any) -> list[str]:
    arns: list[str] = []
    while True:
        answer = call(MaxResults=7, **request)
        arns += [lic["LicenseArn"] for lic in answer["Licenses"]]
        if not answer.get("NextToken"):
            return arns
        request["NextToken"] = answer["NextToken"]


def test_a_first_page_of_list_licenses_reads_only_that_page(client, counted_views):
    arns = [create_license(client) for _ in range(30)]
    counted_views["license_view"] = 0

    first = client.list_licenses(MaxResults=2)

    assert [lic["LicenseArn"] for lic in first["Licenses"]] == arns[:2]
    assert counted_views["license_view"] <= 3
    assert _all_pages(client.list_licenses) == arns
    assert _all_pages(client.list_licenses, LicenseArns=arns[5:9]) == arns[5:9]


def test_a_first_page_of_list_received_licenses_reads_only_that_page(lm, client, counted_views):
    arns = [lm.seed_license(product_sku=f"SKU{n}", entitlements=SEATS).arn for n in range(30)]
    counted_views["granted_license"] = 0

    first = client.list_received_licenses(MaxResults=2)

    assert [lic["LicenseArn"] for lic in first["Licenses"]] == arns[:2]
    assert counted_views["granted_license"] <= 3
    assert _all_pages(client.list_received_licenses) == arns
    filtered = _all_pages(
        client.list_received_licenses, Filters=[{"Name": "ProductSKU", "Values": ["SKU3"]}]
    )
    assert filtered == [arns[3]]


def _sku(*skus: str) -> list[dict[str, Any]]:
    return [{"Name": "ProductSKU", "Values": list(skus)}]


def _beneficiary(name: str) -> list[dict[str, Any]]:
    return [{"Name": "Beneficiary", "Values": [name]}]


def test_a_filtered_first_page_of_list_licenses_stops_at_its_last_match(client, counted_views):
    arns = [create_license(client, Beneficiary=f"cust-{n % 2}") for n in range(30)]
    counted_views["license_view"] = 0

    first = client.list_licenses(MaxResults=2, Filters=_beneficiary("cust-0"))

    assert [lic["LicenseArn"] for lic in first["Licenses"]] == [arns[0], arns[2]]
    # Two matches and the one past them: the first five licenses, not thirty.
    assert counted_views["license_view"] <= 5
    assert _all_pages(client.list_licenses, Filters=_beneficiary("cust-0")) == arns[::2]
    assert _all_pages(client.list_licenses, Filters=_beneficiary("cust-1")) == arns[1::2]


def test_a_filtered_first_page_of_list_received_licenses_stops_at_its_last_match(
    lm, client, counted_views
):
    arns = [
        lm.seed_license(product_sku=f"SKU{n}", entitlements=SEATS, beneficiary=f"cust-{n % 2}").arn
        for n in range(30)
    ]
    counted_views["granted_license"] = 0

    first = client.list_received_licenses(MaxResults=2, Filters=_beneficiary("cust-1"))

    assert [lic["LicenseArn"] for lic in first["Licenses"]] == [arns[1], arns[3]]
    assert counted_views["granted_license"] <= 6
    assert _all_pages(client.list_received_licenses, Filters=_beneficiary("cust-1")) == arns[1::2]


def test_a_product_sku_filter_reads_only_the_licenses_of_its_skus(lm, client, counted_views):
    own = [create_license(client, ProductSKU=f"SKU{n % 3}") for n in range(30)]
    rare = create_license(client, ProductSKU="RARE")
    got = [lm.seed_license(product_sku=f"SKU{n % 3}", entitlements=SEATS).arn for n in range(30)]
    counted_views["license_view"] = 0
    mine = client.list_licenses(Filters=_sku("RARE"))["Licenses"]
    read_of_mine = counted_views["license_view"]
    counted_views["granted_license"] = 0
    received = client.list_received_licenses(MaxResults=2, Filters=_sku("SKU2"))["Licenses"]

    assert [lic["LicenseArn"] for lic in mine] == [rare]
    assert [lic["LicenseArn"] for lic in received] == [got[2], got[5]]
    # One license of that SKU, then two of 30 received and the one past them.
    assert (read_of_mine, counted_views["granted_license"]) == (1, 3)
    # Several SKUs: merged in the order of a full scan, across pages.
    assert _all_pages(client.list_licenses, Filters=_sku("SKU2", "SKU0", "NONE")) == [
        arn for n, arn in enumerate(own) if n % 3 != 1
    ]
    assert _all_pages(client.list_received_licenses, Filters=_sku("SKU1")) == got[1::3]


def test_a_product_sku_filter_answers_what_a_scan_would(client):
    arns = [
        create_license(client, ProductSKU=f"SKU{n % 3}", Beneficiary=f"cust-{n % 2}")
        for n in range(12)
    ]
    two = _sku("SKU0", "SKU1") + _sku("SKU1", "SKU2")
    with_beneficiary = _sku("SKU0") + _beneficiary("cust-1")
    renamed = license_request(Issuer={"Name": "Renamed"})
    for member in ("ProductSKU", "Beneficiary"):
        del renamed[member]

    client.create_license_version(LicenseArn=arns[4], Status="AVAILABLE", **renamed)

    assert _all_pages(client.list_licenses, Filters=two) == arns[1::3]
    assert _all_pages(client.list_licenses, Filters=with_beneficiary) == [arns[3], arns[9]]
    assert _all_pages(client.list_licenses, Filters=_sku()) == []
    # A new version keeps the license's SKU, and its new issuer's fingerprint is found.
    assert _all_pages(client.list_licenses, Filters=_sku("SKU1")) == arns[1::3]
    fingerprint = client.get_license(LicenseArn=arns[4])["License"]["Issuer"]["KeyFingerprint"]
    by_fingerprint = [*_sku("SKU1"), {"Name": "Fingerprint", "Values": [fingerprint]}]
    assert _all_pages(client.list_licenses, Filters=by_fingerprint) == [arns[4]]


def test_list_licenses_by_arn_answers_in_issue_order_once_each(lm, client):
    arns = [create_license(client, ProductSKU=f"SKU{n % 2}") for n in range(20)]
    received = lm.seed_license(product_sku="SKU0", entitlements=SEATS).arn
    wanted = [*reversed(arns[3:18]), arns[5], arns[5], UNKNOWN, received]

    assert _all_pages(client.list_licenses, LicenseArns=wanted) == arns[3:18]
    both = _all_pages(client.list_licenses, LicenseArns=wanted, Filters=_sku("SKU0"))
    assert both == [arn for arn in arns[3:18] if arns.index(arn) % 2 == 0]
    assert client.list_licenses(LicenseArns=[UNKNOWN, received])["Licenses"] == []


def test_list_received_licenses_by_arn_answers_in_the_order_received(lm, client):
    arns = [lm.seed_license(product_sku=f"SKU{n}", entitlements=SEATS).arn for n in range(20)]
    own = create_license(client)
    wanted = [*reversed(arns[2:19]), arns[4], own, UNKNOWN]

    assert _all_pages(client.list_received_licenses, LicenseArns=wanted) == arns[2:19]
    assert client.list_received_licenses(LicenseArns=[own, UNKNOWN])["Licenses"] == []


def _received(client: Any, **request: Any) -> list[tuple[str, str]]:
    listed = client.list_received_licenses(**request)["Licenses"]
    return [(lic["LicenseArn"], lic["ReceivedMetadata"]["ReceivedStatus"]) for lic in listed]


def test_received_licenses_follow_their_grants_whether_listed_by_arn_or_not(client, act_as):
    act_as(SELLER)
    first, second, third = (create_license(client, ProductSKU=f"SKU{n}") for n in range(3))
    # Received in another order than issued: second, first, third.
    grants = {arn: grant_to(client, arn, ["CheckoutLicense"]) for arn in (second, first, third)}
    every = [third, first, second, UNKNOWN]

    act_as(BUYER)
    pending = [(second, "PENDING_ACCEPT"), (first, "PENDING_ACCEPT"), (third, "PENDING_ACCEPT")]
    assert _received(client) == _received(client, LicenseArns=every) == pending
    client.reject_grant(GrantArn=grants[third])
    act_as(SELLER)
    client.delete_grant(GrantArn=grants[first], Version="1")

    act_as(BUYER)
    # A rejected grant still lists its license; a deleted one does not.
    after_delete = [(second, "PENDING_ACCEPT"), (third, "REJECTED")]
    assert _received(client) == _received(client, LicenseArns=every) == after_delete
    assert _received(client, Filters=_sku("SKU0")) == []
    act_as(SELLER)
    regranted = grant_to(client, first, ["CheckoutLicense"])
    client.delete_license(LicenseArn=second, SourceVersion="1")

    act_as(BUYER)
    # Granted again, the license is back where it was first received.
    again = [(second, "PENDING_ACCEPT"), (first, "PENDING_ACCEPT"), (third, "REJECTED")]
    assert _received(client) == _received(client, LicenseArns=every) == again
    assert _received(client, Filters=_sku("SKU2", "SKU0")) == [again[1], again[2]]
    statuses = {
        lic["LicenseArn"]: lic["Status"] for lic in client.list_received_licenses()["Licenses"]
    }
    assert statuses[second] == "PENDING_DELETE"
    assert _received(client, LicenseArns=[first]) == [(first, "PENDING_ACCEPT")]
    assert client.get_grant(GrantArn=regranted)["Grant"]["GrantStatus"] == "PENDING_ACCEPT"
    assert client.list_licenses(LicenseArns=every)["Licenses"] == []
    act_as(SELLER)
    issued = client.list_licenses(LicenseArns=every)["Licenses"]
    assert [(lic["LicenseArn"], lic["Status"]) for lic in issued] == [
        (first, "AVAILABLE"),
        (second, "PENDING_DELETE"),
        (third, "AVAILABLE"),
    ]


def _pages(call: Any, size: int, **request: Any) -> Iterator[list[str]]:
    """Each page's license ARNs, the next one read when the caller asks for it."""
    while True:
        answer = call(MaxResults=size, **request)
        yield [lic["LicenseArn"] for lic in answer["Licenses"]]
        if not answer.get("NextToken"):
            return
        request["NextToken"] = answer["NextToken"]


def test_a_deep_page_reads_only_its_own_licenses(lm, client, counted_views):
    # Issue 27, item 14: a page resumes after the last license of the page before.
    arns = [create_license(client) for _ in range(60)]
    received = [lm.seed_license(product_sku=f"SKU{n}", entitlements=SEATS).arn for n in range(60)]
    for call, view, expected in (
        (client.list_licenses, "license_view", arns),
        (client.list_received_licenses, "granted_license", received),
    ):
        listed, reads = [], []
        for page in _pages(call, 5):
            reads.append(counted_views[view])
            counted_views[view] = 0
            listed += page

        assert listed == expected
        # Five licenses and the one past them, on the last page as on the first.
        assert max(reads[1:]) <= 6


def test_pages_of_list_licenses_go_on_after_licenses_are_added(client):
    arns = [create_license(client) for _ in range(12)]
    pages = _pages(client.list_licenses, 5)
    listed = next(pages)
    arns += [create_license(client) for _ in range(2)]
    listed += [arn for page in pages for arn in page]

    assert listed == arns
    assert [lic["LicenseArn"] for lic in client.list_licenses()["Licenses"]] == arns


def test_pages_of_received_licenses_list_each_once_as_grants_come_and_go(client, act_as):
    act_as(SELLER)
    arns = [create_license(client, ProductSKU=f"SKU{n}") for n in range(15)]
    grants = [grant_to(client, arn, ["CheckoutLicense"]) for arn in arns]
    act_as(BUYER)
    pages = _pages(client.list_received_licenses, 5)
    listed = next(pages)
    # Between pages: one license already listed and one not yet listed stop being received,
    # two new ones are received.
    act_as(SELLER)
    for gone in (2, 7):
        client.delete_grant(GrantArn=grants[gone], Version="1")
    added = [create_license(client, ProductSKU=f"NEW{n}") for n in range(2)]
    for arn in added:
        grant_to(client, arn, ["CheckoutLicense"])
    act_as(BUYER)
    listed += [arn for page in pages for arn in page]

    # Nothing listed twice, nothing skipped: what is left after the first page, then the new.
    assert listed == arns[:5] + [arn for n, arn in enumerate(arns) if n >= 5 and n != 7] + added
    now = [lic["LicenseArn"] for lic in client.list_received_licenses()["Licenses"]]
    assert now == [arn for n, arn in enumerate(arns) if n not in (2, 7)] + added
