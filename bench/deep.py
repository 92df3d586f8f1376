"""Deep pages and long runs (issue 27, items 14 and 15): the last page of ListLicenses and
ListReceivedLicenses beside the first page of the same list, in one store of N licenses issued
and N received (a page resumes after the last license of the page before, so the last costs
what the first does); and the memory held over many checkout and check-in pairs (finished
consumptions and ClientToken answers leave after their window, so it stays flat)."""

from __future__ import annotations

import dataclasses
import gc
import json
import tracemalloc
from datetime import timedelta
from typing import Any

import boto3
import time_machine

from bench.floor import REGION
from bench.latency import ONE_SEAT, SEATS
from bench.stats import Row, Summary, interleave
from licensemgr_mock import mock_licensemanager
from licensemgr_mock.activation.mock import current_account
from licensemgr_mock.moto_adapters import router

DEEP_LIMIT = 1.2


def _last_token(call: Any) -> str:
    """The NextToken of a list's last page, paging through it once."""
    answer, token = call(), None
    while answer.get("NextToken"):
        token = answer["NextToken"]
        answer = call(NextToken=token)
    if token is None:
        raise RuntimeError("the list fits on one page")
    return str(token)


def deep_page_rows(count: int, rounds: int) -> list[Row]:
    """Last page vs first page of both license lists, with ``count`` licenses in each."""
    with mock_licensemanager() as lm:
        for n in range(count):
            lm.seed_license(product_sku=f"sku-{n}", entitlements=SEATS, signed=False)
            lm.seed_license(product_sku=f"own-{n}", entitlements=SEATS, issuer="self", signed=False)
        client = boto3.client("license-manager", region_name=REGION)
        lists = {
            "ListLicenses": client.list_licenses,
            "ListReceivedLicenses": client.list_received_licenses,
        }
        calls = {}
        for name, call in lists.items():
            token = _last_token(call)
            calls[f"{name} first"] = call
            calls[f"{name} last"] = lambda call=call, token=token: call(NextToken=token)
        samples = interleave(calls, rounds)
    rows = []
    for name in lists:
        last, first = (Summary.of(samples[f"{name} {at}"]) for at in ("last", "first"))
        row = Row(
            f"{name}, last page of {count:,} licenses",
            "the first page of the same list",
            last,
            first,
            target=f"≤ {DEEP_LIMIT}x",
        )
        rows.append(dataclasses.replace(row, passed=row.ratio.median <= DEEP_LIMIT))
    return rows


MEMORY_LIMIT = 1.1


def _traced_mb() -> float:
    """Memory Python holds now (tracemalloc's count, after a collection), in MB."""
    gc.collect()
    return tracemalloc.get_traced_memory()[0] / 1e6


def consumption_memory_rows(pairs: int) -> list[Row]:
    """Memory held after ``pairs`` CheckoutLicense + CheckInLicense pairs (each with its own
    ClientToken, through ``router.handle``) beside the memory after the first tenth, on a
    clock that moves 100 ms a pair (time-machine), so answers and consumptions age out of
    their 10-minute window as on a busy, long-lived server."""
    account, checkpoints = current_account(), []
    travel = time_machine.travel("2026-01-01T00:00:00Z", tick=False)
    with travel as clock, mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="sku-pairs", entitlements=SEATS, signed=False)
        checkout = {
            "ProductSKU": seeded.product_sku,
            "CheckoutType": "PROVISIONAL",
            "KeyFingerprint": seeded.key_fingerprint,
            "Entitlements": ONE_SEAT,
        }
        tracemalloc.start()
        try:
            for n in range(pairs):
                body = json.dumps({**checkout, "ClientToken": f"pair-{n}"})
                status, _, answer = router.handle("CheckoutLicense", body, account, REGION)
                token = json.loads(answer).get("LicenseConsumptionToken")
                check_in = json.dumps({"LicenseConsumptionToken": token})
                if (
                    status != 200
                    or router.handle("CheckInLicense", check_in, account, REGION)[0] != 200
                ):
                    raise RuntimeError(f"pair {n} failed: {answer}")
                clock.shift(timedelta(milliseconds=100))
                if (n + 1) % (pairs // 10) == 0:
                    checkpoints.append(_traced_mb())
        finally:
            tracemalloc.stop()
    first, last = (
        Summary(checkpoints[0], checkpoints[0]),
        Summary(checkpoints[-1], max(checkpoints)),
    )
    row = Row(
        f"Memory after {pairs:,} checkout + check-in pairs (p90 column: the most at any tenth)",
        f"memory after the first {pairs // 10:,}",
        last,
        first,
        unit="MB",
        target=f"≤ {MEMORY_LIMIT}x",
    )
    return [dataclasses.replace(row, passed=row.ratio.median <= MEMORY_LIMIT)]
