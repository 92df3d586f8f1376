"""Deep pages: the last page of ListLicenses and ListReceivedLicenses beside the first page of
the same list, in one store of N licenses issued and N received (issue 27, item 14). A page
resumes after the last license of the page before, so the last costs what the first does."""

from __future__ import annotations

import dataclasses
from typing import Any

import boto3

from bench.floor import REGION
from bench.latency import SEATS
from bench.stats import Row, Summary, interleave
from licensemgr_mock import mock_licensemanager

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
