"""Runs every benchmark and prints one markdown table: each measure beside a reference that ran
in the same process at the same time, as medians, p90s and their ratios, with PASS/MISS for
the targets of issue 15.

    python -m bench.run            # full run (several minutes)
    python -m bench.run --quick    # smoke run with tiny counts (seconds)
    python -m bench.run --only server   # the benchmarks whose name holds "server"
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

if __package__ in (None, ""):
    # Run as ``python bench/run.py``: make the repository root importable.
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.stats import Row, table

# Fake credentials: nothing here may reach AWS, and the user's own profile must not be used.
FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}
UNSET = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "MOTO_ACCOUNT_ID")


@dataclass(frozen=True)
class Counts:
    """How much each benchmark repeats."""

    latency_rounds: int
    per_test_rounds: int
    seeded: int
    import_rounds: int
    import_warmup: int
    license_counts: tuple[int, ...]
    list_counts: tuple[int, ...]
    deep_licenses: int
    pairs: int
    consumptions: int
    scale_rounds: int
    server_threads: tuple[int, ...]
    server_requests: int
    server_rounds: int


FULL = Counts(
    latency_rounds=1000,
    per_test_rounds=100,
    seeded=1000,
    import_rounds=10,
    import_warmup=1,
    license_counts=(10, 1_000, 10_000, 100_000),
    list_counts=(100, 1_000, 10_000, 100_000),
    deep_licenses=100_000,
    # A fifth of the million, to keep a full run short: --pairs 1000000 for all.
    pairs=200_000,
    consumptions=100_000,
    scale_rounds=500,
    server_threads=(1, 8),
    server_requests=200,
    server_rounds=10,
)
QUICK = Counts(
    latency_rounds=10,
    per_test_rounds=3,
    seeded=10,
    import_rounds=1,
    import_warmup=0,
    license_counts=(10, 100, 300, 1_000),
    list_counts=(100, 200, 300, 1_000),
    deep_licenses=300,
    pairs=2_000,
    consumptions=500,
    scale_rounds=10,
    server_threads=(1, 8),
    server_requests=16,
    server_rounds=1,
)


def machine() -> str:
    """One line naming the machine and the versions the figures belong to."""
    import boto3
    import botocore
    import moto

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(
                line.split(":", 1)[1].strip() for line in info if line.startswith("model name")
            )
    except (OSError, StopIteration):
        pass
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
        f"moto {moto.__version__}, botocore {botocore.__version__}, boto3 {boto3.__version__}"
    )


def _load() -> str:
    """The 1-minute load average: other work on the machine shows in the p90s."""
    try:
        return f"{os.getloadavg()[0]:.2f}"
    except OSError:
        return "n/a"


def benchmarks(counts: Counts) -> list[tuple[str, Callable[[], list[Row]]]]:
    """Every benchmark, in the order of the table."""
    from bench.deep import consumption_memory_rows, deep_page_rows
    from bench.iam import iam_rows
    from bench.latency import latency_rows
    from bench.lifecycle import import_rows, per_test_rows, seeding_rows
    from bench.scale import list_rows, scale_rows
    from bench.server import server_rows

    c = counts
    return [
        ("call latency", lambda: latency_rows(c.latency_rounds)),
        ("iam enforcement", lambda: iam_rows(c.latency_rounds)),
        ("per-test cost", lambda: per_test_rows(c.per_test_rounds)),
        ("seeding", lambda: seeding_rows(c.seeded)),
        ("imports", lambda: import_rows(c.import_rounds, c.import_warmup)),
        (
            "store size",
            lambda: scale_rows(c.license_counts, c.list_counts, c.consumptions, c.scale_rounds),
        ),
        ("list licenses", lambda: list_rows(max(c.scale_rounds // 5, 3))),
        ("deep pages", lambda: deep_page_rows(c.deep_licenses, max(c.scale_rounds // 5, 3))),
        ("consumption memory", lambda: consumption_memory_rows(c.pairs)),
        (
            "server throughput",
            lambda: server_rows(c.server_threads, c.server_requests, c.server_rounds),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmarks and prints the table; the exit status does not depend on targets."""
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny counts: a smoke run")
    parser.add_argument(
        "--only",
        default="",
        metavar="TEXT",
        help="run only the benchmarks whose name contains TEXT (e.g. server, latency)",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=0,
        metavar="N",
        help="checkout + check-in pairs of the memory row (default 200,000; the issue's 1,000,000)",
    )
    args = parser.parse_args(argv)
    os.environ.update(FAKE_AWS)
    for name in UNSET:
        os.environ.pop(name, None)
    counts = QUICK if args.quick else FULL
    if args.pairs:
        counts = dataclasses.replace(counts, pairs=max(args.pairs, 10))
    chosen = [(name, run) for name, run in benchmarks(counts) if args.only in name]
    if not chosen:
        parser.error(f"no benchmark's name contains {args.only!r}")
    rows: list[Row] = []
    load_before = _load()
    started = time.perf_counter()
    for name, run in chosen:
        print(f"bench: {name}...", end=" ", file=sys.stderr, flush=True)
        began = time.perf_counter()
        rows.extend(run())
        print(f"{time.perf_counter() - began:.1f} s", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    print(f"Machine: {machine()}")
    print(f"Mode: {'quick (smoke counts, figures not meaningful)' if args.quick else 'full'}")
    print(
        f"Run time: {elapsed:.0f} s; load average (1 min): {load_before} before, {_load()} after\n"
    )
    print(table(rows))
    judged = [row for row in rows if row.passed is not None]
    met = sum(1 for row in judged if row.passed)
    print(f"\nTargets met: {met} of {len(judged)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
