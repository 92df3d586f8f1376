"""Samples, their medians and 90th percentiles, and the table rows built from them."""

from __future__ import annotations

import gc
import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# The shuffles of ``interleave``: the same orders in every run.
ORDER_SEED = 15


@dataclass(frozen=True)
class Summary:
    """Median and 90th percentile of a set of samples (seconds, or requests per second)."""

    median: float
    p90: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Summary:
        """Summarises at least one sample."""
        if not samples:
            raise ValueError("no samples")
        if len(samples) == 1:
            return cls(samples[0], samples[0])
        return cls(statistics.median(samples), statistics.quantiles(samples, n=10)[-1])


@dataclass(frozen=True)
class Row:
    """One line of the table: a measure, the reference it ran beside, and the verdict.

    ``unit`` is "ms" (lower is better; values in seconds), "req/s" (higher is better) or
    "MB" (memory; values in MB).
    ``passed`` is None for rows without a target.
    """

    measure: str
    reference: str
    subject: Summary
    ref: Summary
    unit: str = "ms"
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> Summary:
        """Subject over reference, for the medians and for the p90s."""
        return Summary(self.subject.median / self.ref.median, self.subject.p90 / self.ref.p90)


def interleave(
    calls: dict[str, Callable[[], object]], rounds: int, warmup: int = 3
) -> dict[str, list[float]]:
    """Times every call once per round, in a new shuffled order each round (seeded, so runs
    repeat it), so that a slow moment of a noisy machine falls on all of them alike and no
    call always follows the same one. Returns seconds per call name.

    Not a rotation: rotating keeps each call's predecessor, so a floor measured right after
    its subject (the same operation, botocore's code and data still in the CPU's caches)
    always ran warm and the subject always ran after another operation.
    """
    names = list(calls)
    samples: dict[str, list[float]] = {name: [] for name in names}
    clock = time.perf_counter
    order = random.Random(ORDER_SEED)
    gc.collect()
    for index in range(warmup + rounds):
        sequence = names[:]
        order.shuffle(sequence)
        for name in sequence:
            call = calls[name]
            start = clock()
            call()
            elapsed = clock() - start
            if index >= warmup:
                samples[name].append(elapsed)
    return samples


def pairwise_sum(first: Sequence[float], second: Sequence[float]) -> list[float]:
    """Round-by-round sums of two interleaved series (e.g. a floor call plus a signature)."""
    return [a + b for a, b in zip(first, second, strict=True)]


def _quantity(value: float, unit: str) -> str:
    if unit == "req/s":
        return f"{value:,.0f} req/s"
    if unit == "MB":
        return f"{value:,.1f} MB"
    ms = value * 1000
    if ms >= 100:
        return f"{ms:,.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.3f} ms"


def table(rows: Sequence[Row]) -> str:
    """The rows as one markdown table."""
    header = (
        "| Measure | Reference | Median | p90 | Ref. median | Ref. p90 "
        "| Ratio (median) | Ratio (p90) | Target | Result |"
    )
    lines = [header, "|" + "---|" * 10]
    for row in rows:
        ratio = row.ratio
        result = {True: "PASS", False: "MISS", None: "info"}[row.passed]
        if row.note:
            result = f"{result} ({row.note})"
        cells = [
            row.measure,
            row.reference,
            _quantity(row.subject.median, row.unit),
            _quantity(row.subject.p90, row.unit),
            _quantity(row.ref.median, row.unit),
            _quantity(row.ref.p90, row.unit),
            f"{ratio.median:.2f}x",
            f"{ratio.p90:.2f}x",
            row.target or "—",
            result,
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
