"""The backend as the store grows: CheckoutLicense, GetLicenseUsage and the first pages of
ListLicenses and ListReceivedLicenses from 10 (or 100) to 100,000 licenses, then a license
with a large number of live consumptions. Each size runs in its own mock beside its own
floor; the verdict compares each size's ratio to the floor with the smallest size's.

The licenses are seeded unsigned: a signature costs the same at every size (see the latency
rows), and leaving it out keeps the backend's own cost in view and the set-up short."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import boto3

from bench.floor import REGION, capture, floor_client
from bench.latency import FLOOR, ONE_SEAT, SEATS, checkout_call
from bench.stats import Row, Summary, interleave
from licensemgr_mock import mock_licensemanager
from licensemgr_mock.activation.mock import current_account
from licensemgr_mock.moto_adapters import router

FLAT_LIMIT = 1.1
LIST_LIMIT = 1.3
LISTED = 1_000
# ListLicenses' and ListReceivedLicenses' default page: the list rows start at the smallest
# store that fills it, so every size answers a page of the same length.
PAGE = 100
# The fill moves the mock's clock past the 10-minute ClientToken window this often.
ANSWERS_AT_ONCE = 40_000
WINDOW_PASSED = timedelta(minutes=11)

Pair = tuple[Summary, Summary]


def _interleaved(
    calls: dict[str, tuple[Callable[[], Any], Callable[[], Any]]], rounds: int
) -> dict[str, Pair]:
    """Each named (subject, floor) pair, all interleaved in one block."""
    flat = {}
    for name, (subject, floor) in calls.items():
        flat[name], flat[f"{name} floor"] = subject, floor
    samples = interleave(flat, rounds)
    return {
        name: (Summary.of(samples[name]), Summary.of(samples[f"{name} floor"])) for name in calls
    }


def _sized(count: int, points: bool, lists: bool, rounds: int) -> dict[str, Pair]:
    """One store of ``count`` AWS Marketplace licenses the caller received (each through an
    ACTIVE grant) and ``count`` licenses it issued itself: checkout and usage of received
    ones (``points``), first pages of both lists (``lists``, a fifth of the rounds)."""
    with mock_licensemanager() as lm:
        received = [
            lm.seed_license(product_sku=f"sku-{n}", entitlements=SEATS, signed=False)
            for n in range(count)
        ]
        for n in range(count):
            lm.seed_license(product_sku=f"own-{n}", entitlements=SEATS, issuer="self", signed=False)
        client = boto3.client("license-manager", region_name=REGION)
        bodies = capture(client)
        # Usage of a license nobody checks out here: the checkouts' holds stay on another.
        checked_out, used = received[count // 2], received[count // 3]
        checkout_call(client, checked_out)()
        client.get_license_usage(LicenseArn=used.arn)
        for listed in (
            client.list_licenses()["Licenses"],
            client.list_received_licenses()["Licenses"],
        ):
            if len(listed) != min(count, PAGE):
                raise RuntimeError(f"a first page of {count:,} licenses held {len(listed)}")
        floor = floor_client("license-manager", bodies)
        pairs: dict[str, Pair] = {}
        if points:
            pairs |= _interleaved(
                {
                    "checkout": (
                        checkout_call(client, checked_out),
                        checkout_call(floor, checked_out),
                    ),
                    "usage": (
                        lambda: client.get_license_usage(LicenseArn=used.arn),
                        lambda: floor.get_license_usage(LicenseArn=used.arn),
                    ),
                },
                rounds,
            )
        if lists:
            pairs |= _interleaved(
                {
                    "list": (client.list_licenses, floor.list_licenses),
                    "received": (client.list_received_licenses, floor.list_received_licenses),
                },
                max(rounds // 5, 3),
            )
        return pairs


def _with_consumptions(count: int, rounds: int) -> dict[str, Pair]:
    """Checkout and usage of one license with ``count`` live consumptions."""
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku-busy", entitlements=SEATS, signed=False)
        # Filled through the router (the path every call takes after botocore), so the
        # consumptions and their ClientToken answers are those real calls leave.
        account = current_account()
        for filled in range(count):
            if filled and filled % ANSWERS_AT_ONCE == 0:
                # Past the ClientToken window, so the answers kept so far may go: at most
                # 100,000 are kept at once (then 429), as a real caller's pace never reaches.
                lm.clock.advance(WINDOW_PASSED)
            body = json.dumps(
                {
                    "ProductSKU": seeded.product_sku,
                    "CheckoutType": "PROVISIONAL",
                    "KeyFingerprint": seeded.key_fingerprint,
                    "Entitlements": ONE_SEAT,
                    "ClientToken": os.urandom(16).hex(),
                }
            )
            status, _, answer = router.handle("CheckoutLicense", body, account, REGION)
            if status != 200:
                raise RuntimeError(f"filling consumptions failed: {answer}")
        lm.clock.advance(WINDOW_PASSED)
        client = boto3.client("license-manager", region_name=REGION)
        bodies = capture(client)
        checkout_call(client, seeded)()
        client.get_license_usage(LicenseArn=seeded.arn)
        floor = floor_client("license-manager", bodies)
        return _interleaved(
            {
                "checkout": (checkout_call(client, seeded), checkout_call(floor, seeded)),
                "usage": (
                    lambda: client.get_license_usage(LicenseArn=seeded.arn),
                    lambda: floor.get_license_usage(LicenseArn=seeded.arn),
                ),
            },
            rounds,
        )


def _list_licenses(count: int, rounds: int) -> Pair:
    """ListLicenses (its first, default-sized page) with ``count`` licenses of the caller's
    own, beside its floor."""
    with mock_licensemanager() as lm:
        for n in range(count):
            lm.seed_license(product_sku=f"own-{n}", entitlements=SEATS, issuer="self", signed=False)
        client = boto3.client("license-manager", region_name=REGION)
        bodies = capture(client)
        if "NextToken" not in client.list_licenses():
            raise RuntimeError("ListLicenses answered every license on one page")
        floor = floor_client("license-manager", bodies)
        samples = interleave({"list": client.list_licenses, "floor": floor.list_licenses}, rounds)
        return Summary.of(samples["list"]), Summary.of(samples["floor"])


def list_rows(rounds: int) -> list[Row]:
    """ListLicenses with ``LISTED`` licenses of the caller's own."""
    subject, ref = _list_licenses(LISTED, rounds)
    row = Row(f"ListLicenses, {LISTED:,} licenses", FLOOR, subject, ref, target=f"≤ {LIST_LIMIT}x")
    return [dataclasses.replace(row, passed=row.ratio.median <= LIST_LIMIT)]


def _flat(rows: list[Row], smallest: int) -> list[Row]:
    """The first row as the base; every other judged by its ratio over the base's."""
    base = rows[0].ratio.median
    judged = [rows[0]]
    for row in rows[1:]:
        growth = row.ratio.median / base
        judged.append(
            dataclasses.replace(
                row,
                target=f"≤ {FLAT_LIMIT}x the {smallest:,}-license ratio",
                passed=growth <= FLAT_LIMIT,
                note=f"{growth:.2f}x",
            )
        )
    return judged


MEASURES = {
    "checkout": "CheckoutLicense, {:,} licenses",
    "usage": "GetLicenseUsage, {:,} licenses",
    "list": "ListLicenses, first page, {:,} licenses",
    "received": "ListReceivedLicenses, first page, {:,} licenses",
}


def scale_rows(
    license_counts: tuple[int, ...],
    list_counts: tuple[int, ...],
    consumptions: int,
    rounds: int,
) -> list[Row]:
    """Per measure, one row per store size (checkout and usage at ``license_counts``, the
    list pages at ``list_counts``), and for checkout and usage one at ``consumptions`` live
    consumptions; one store per size serves every measure of that size."""
    found: dict[str, list[Row]] = {name: [] for name in MEASURES}
    for count in sorted(set(license_counts) | set(list_counts)):
        pairs = _sized(count, count in license_counts, count in list_counts, rounds)
        for name, (subject, ref) in pairs.items():
            found[name].append(Row(MEASURES[name].format(count), FLOOR, subject, ref))
    for name, (subject, ref) in _with_consumptions(consumptions, rounds).items():
        label = MEASURES[name].split(",")[0]
        found[name].append(Row(f"{label}, {consumptions:,} live consumptions", FLOOR, subject, ref))
    smallest = {"checkout": min(license_counts), "usage": min(license_counts)}
    return [
        row
        for name, rows in found.items()
        for row in _flat(rows, smallest.get(name, min(list_counts)))
    ]
