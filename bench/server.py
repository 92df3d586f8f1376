"""Requests per second over HTTP: License Manager on moto's server with licensemgr_mock
registered, against plain moto's server answering ``sts.get_caller_identity``. Each server
runs in a child process (its own interpreter, so client and server threads do not share a
GIL), on loopback, for a bounded number of requests; both are stopped at the end."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import IO, Any

import boto3

from bench.floor import REGION
from bench.lifecycle import child_env
from bench.stats import Row, Summary, interleave

SERVER_LIMIT = 2.0


@contextlib.contextmanager
def _servers(*variants: tuple[str, ...]) -> Iterator[list[str]]:
    """Child processes serving on loopback, started together; yields their endpoint URLs and
    stops them all on the way out."""
    with contextlib.ExitStack() as stack:
        children = [stack.enter_context(_child(args)) for args in variants]
        yield [_endpoint(child, log) for child, log in children]


@contextlib.contextmanager
def _child(args: tuple[str, ...]) -> Iterator[tuple[subprocess.Popen[str], IO[str]]]:
    # The server logs every request (werkzeug's default, paid alike by both servers); the log
    # goes to a scratch file, read back only if the server fails to start.
    with tempfile.TemporaryFile("w+") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.serve", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            env=child_env(),
        )
        try:
            yield child, log
        finally:
            assert child.stdin is not None
            child.stdin.close()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()


def _endpoint(child: subprocess.Popen[str], log: IO[str]) -> str:
    assert child.stdout is not None
    port = child.stdout.readline().strip()
    if not port.isdigit():
        child.wait(timeout=10)
        log.seek(0)
        raise RuntimeError(f"a benchmark server did not start:\n{log.read()[-2000:]}")
    return f"http://127.0.0.1:{port}"


def _batch(calls: list[Callable[[], object]], per_thread: int) -> Callable[[], object]:
    """One round: every client thread makes ``per_thread`` calls; the round ends when all are
    done."""

    def work(call: Callable[[], object]) -> None:
        for _ in range(per_thread):
            call()

    def run() -> None:
        threads = [threading.Thread(target=work, args=(call,)) for call in calls]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    return run


def _license_usage_calls(endpoint: str, threads: int) -> list[Callable[[], object]]:
    clients = [_client("license-manager", endpoint) for _ in range(threads)]
    arn = clients[0].create_license(
        LicenseName="bench",
        ProductName="bench",
        ProductSKU="bench-sku",
        Issuer={"Name": "Bench"},
        HomeRegion=REGION,
        Validity={"Begin": "2020-01-01T00:00:00Z"},
        Beneficiary="bench",
        Entitlements=[{"Name": "Seats", "Unit": "Count", "MaxCount": 10}],
        ConsumptionConfiguration={"ProvisionalConfiguration": {"MaxTimeToLiveInMinutes": 60}},
        ClientToken=uuid.uuid4().hex,
    )["LicenseArn"]
    return [functools.partial(client.get_license_usage, LicenseArn=arn) for client in clients]


def _caller_identity_calls(endpoint: str, threads: int) -> list[Callable[[], object]]:
    return [_client("sts", endpoint).get_caller_identity for _ in range(threads)]


def _client(service: str, endpoint: str) -> Any:
    # Clients are made here, one per thread, before any thread runs: making clients is not
    # thread-safe, and its cost is not what is measured.
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint)


def server_rows(thread_counts: tuple[int, ...], requests: int, rounds: int) -> list[Row]:
    """Per thread count, one row: rounds of ``requests`` requests against each server."""
    rows = []
    with _servers(("--licensemgr",), ()) as (ours, moto):
        for threads in thread_counts:
            per_thread = max(1, requests // threads)
            total = per_thread * threads
            lm_calls = _license_usage_calls(ours, threads)
            sts_calls = _caller_identity_calls(moto, threads)
            for call in lm_calls + sts_calls:
                call()
            samples = interleave(
                {
                    "ours": _batch(lm_calls, per_thread),
                    "moto": _batch(sts_calls, per_thread),
                },
                rounds,
                warmup=1,
            )
            row = Row(
                f"Server: GetLicenseUsage, {threads} client thread{'s' if threads > 1 else ''}",
                "moto's server: sts.get_caller_identity",
                _throughput(samples["ours"], total),
                _throughput(samples["moto"], total),
                unit="req/s",
                target=f"≥ {SERVER_LIMIT}x",
            )
            rows.append(dataclasses.replace(row, passed=row.ratio.median >= SERVER_LIMIT))
    return rows


def _throughput(round_seconds: list[float], requests: int) -> Summary:
    """Requests per second: at the median round, and at the p90 (slow) round."""
    rounds = Summary.of(round_seconds)
    return Summary(requests / rounds.median, requests / rounds.p90)
