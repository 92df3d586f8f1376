"""CheckoutLicense as the store grows: 10 to 10,000 licenses, then a license with a large
number of live consumptions. Each size runs in its own mock beside its own floor; the verdict
compares each size's ratio to the floor with the smallest store's.

The licenses are seeded unsigned: a signature costs the same at every size (see the latency
rows), and leaving it out keeps the backend's own cost in view and the set-up short."""

from __future__ import annotations

import dataclasses
import json
import os

import boto3

from bench.floor import REGION, capture, floor_client
from bench.latency import FLOOR, ONE_SEAT, SEATS, checkout_call
from bench.stats import Row, Summary, interleave
from licensemgr_mock import mock_licensemanager
from licensemgr_mock.activation import current_account
from licensemgr_mock.moto_glue import router

FLAT_LIMIT = 1.1
LIST_LIMIT = 1.3
LISTED = 1_000


def _measure(target: object, rounds: int) -> tuple[Summary, Summary]:
    """Checkouts of ``target`` interleaved with the floor's."""
    client = boto3.client("license-manager", region_name=REGION)
    bodies = capture(client)
    checkout = checkout_call(client, target)
    checkout()
    floor = checkout_call(floor_client("license-manager", bodies), target)
    samples = interleave({"checkout": checkout, "floor": floor}, rounds)
    return Summary.of(samples["checkout"]), Summary.of(samples["floor"])


def _with_licenses(count: int, rounds: int) -> tuple[Summary, Summary]:
    with mock_licensemanager() as lm:
        seeded = [
            lm.seed_license(product_sku=f"sku-{n}", entitlements=SEATS, signed=False)
            for n in range(count)
        ]
        return _measure(seeded[count // 2], rounds)


def _with_consumptions(count: int, rounds: int) -> tuple[Summary, Summary]:
    with mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku-busy", entitlements=SEATS, signed=False)
        # Filled through the router (the path every call takes after botocore), so the
        # consumptions and their ClientToken answers are those real calls leave.
        account = current_account()
        for _ in range(count):
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
        return _measure(seeded, rounds)


def _list_licenses(count: int, rounds: int) -> tuple[Summary, Summary]:
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


def scale_rows(license_counts: tuple[int, ...], consumptions: int, rounds: int) -> list[Row]:
    """One row per store size and one for ``consumptions`` live consumptions."""
    rows = []
    for count in license_counts:
        subject, ref = _with_licenses(count, rounds)
        rows.append(Row(f"CheckoutLicense, {count:,} licenses", FLOOR, subject, ref))
    subject, ref = _with_consumptions(consumptions, rounds)
    rows.append(Row(f"CheckoutLicense, {consumptions:,} live consumptions", FLOOR, subject, ref))
    base = rows[0].ratio.median
    judged = [rows[0]]
    for row in rows[1:]:
        growth = row.ratio.median / base
        judged.append(
            dataclasses.replace(
                row,
                target=f"≤ {FLAT_LIMIT}x the {license_counts[0]:,}-license ratio",
                passed=growth <= FLAT_LIMIT,
                note=f"{growth:.2f}x",
            )
        )
    return judged
