"""What a test pays around its calls: activating the mock, seeding licenses, importing."""

from __future__ import annotations

import dataclasses
import itertools
import os
import subprocess
import sys
import time

import boto3
from moto import mock_aws
from moto.core.models import MockAWS

from bench.floor import REGION, capture, floor_client
from bench.latency import FLOOR, SEATS, checkout_call
from bench.stats import Row, Summary, interleave
from licensemgr_mock import mock_licensemanager
from licensemgr_mock.moto_adapters import registration

PER_TEST_LIMIT = 0.08
IMPORT_LIMIT = 1.1
SEED_LIMIT_SECONDS = 0.002


def _test_with_ours() -> None:
    with mock_licensemanager():
        boto3.client("license-manager", region_name=REGION).list_licenses()


def _test_with_moto() -> None:
    # moto as shipped: importing licensemgr_mock makes every MockAWS build its ``responses``
    # callbacks once, which would speed the reference up too.
    MockAWS._enable_patching = registration._MOTO_ENABLE_PATCHING  # type: ignore[method-assign]
    try:
        with mock_aws():
            boto3.client("license-manager", region_name=REGION).list_licenses()
    finally:
        MockAWS._enable_patching = registration._enable_patching  # type: ignore[method-assign]


def per_test_rows(rounds: int) -> list[Row]:
    """Enter the mock, make a client, make one call, leave: ours against ``mock_aws``."""
    samples = interleave({"ours": _test_with_ours, "moto": _test_with_moto}, rounds, warmup=2)
    row = Row(
        "Per test: enter mock_licensemanager, client, ListLicenses, leave",
        "the same with moto's mock_aws (default config, as shipped)",
        Summary.of(samples["ours"]),
        Summary.of(samples["moto"]),
        target=f"≤ {PER_TEST_LIMIT}x",
    )
    return [dataclasses.replace(row, passed=row.ratio.median <= PER_TEST_LIMIT)]


def seeding_rows(count: int) -> list[Row]:
    """``seed_license`` per license once the issuer's key exists, beside the checkout floor."""
    with mock_licensemanager() as lm:
        first = lm.seed_license(product_sku="bench-sku-0", entitlements=SEATS)
        client = boto3.client("license-manager", region_name=REGION)
        bodies = capture(client)
        checkout_call(client, first)()
        floor = checkout_call(floor_client("license-manager", bodies), first)
        skus = (f"bench-sku-{n}" for n in itertools.count(1))
        samples = interleave(
            {
                "seed": lambda: lm.seed_license(product_sku=next(skus), entitlements=SEATS),
                "floor": floor,
            },
            count,
            warmup=1,
        )
    row = Row(
        f"seed_license, per license ({count:,} seeded, issuer key made)",
        FLOOR + " (CheckoutLicense)",
        Summary.of(samples["seed"]),
        Summary.of(samples["floor"]),
        target=f"< {SEED_LIMIT_SECONDS * 1000:g} ms a license",
    )
    return [dataclasses.replace(row, passed=row.subject.median < SEED_LIMIT_SECONDS)]


def _wall(code: str) -> float:
    """Seconds a fresh interpreter takes to run ``code``."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=child_env())
    return time.perf_counter() - start


def child_env() -> dict[str, str]:
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    path = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path}


def import_rows(rounds: int, warmup: int = 1) -> list[Row]:
    """``import licensemgr_mock`` against ``import moto``, each in a fresh interpreter, less
    the interpreter's own start-up (``python -c pass``) measured in the same round."""
    samples = interleave(
        {
            "pass": lambda: _wall("pass"),
            "ours": lambda: _wall("import licensemgr_mock"),
            "moto": lambda: _wall("import moto"),
        },
        rounds,
        warmup=warmup,
    )
    start_up = samples["pass"]
    ours = [t - base for t, base in zip(samples["ours"], start_up, strict=True)]
    moto = [t - base for t, base in zip(samples["moto"], start_up, strict=True)]
    row = Row(
        "import licensemgr_mock (fresh interpreter, less start-up)",
        "import moto",
        Summary.of(ours),
        Summary.of(moto),
        target=f"≤ {IMPORT_LIMIT}x",
    )
    return [dataclasses.replace(row, passed=row.ratio.median <= IMPORT_LIMIT)]
