"""The benchmark runs end to end in its quick mode and prints every row of its table. Timings
are never asserted: they belong to the machine, and the table reports them as ratios."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOOR = re.escape("floor: canned answer of the same call")
FLOOR_SIGN = re.escape("floor + one PS384 signature")
MOTO = re.escape("moto: sts.get_caller_identity")

# (measure, reference) of every row, as patterns: the quick mode uses smaller counts.
EXPECTED_ROWS = [
    (r"CheckoutLicense", FLOOR),
    (r"CheckoutLicense", FLOOR_SIGN),
    (r"CheckoutLicense", MOTO),
    (r"CheckoutBorrowLicense", FLOOR_SIGN),
    (r"CheckoutBorrowLicense", MOTO),
    (r"GetLicenseUsage", FLOOR),
    (r"GetLicenseUsage", MOTO),
    (r"moto: sts\.get_caller_identity", FLOOR),
    (r"PS384 signature .*", FLOOR),
    (r"GetLicenseUsage, IAM enforcement off", r"the same call, the router without its IAM step"),
    (r"GetLicenseUsage, IAM enforcement on .*", r"the same call, enforcement off"),
    (r"IAM step alone, enforcement off .*", r"GetLicenseUsage, IAM enforcement off"),
    (r"Fault step alone, no fault injected .*", r"GetLicenseUsage, IAM enforcement off"),
    (r"Per test: enter mock_licensemanager.*", r"the same with moto's mock_aws.*"),
    (r"seed_license, per license .*", FLOOR + ".*"),
    (r"import licensemgr_mock.*", r"import moto"),
    (r"CheckoutLicense, 10 licenses", FLOOR),
    *[(r"CheckoutLicense, [\d,]+ licenses", FLOOR)] * 3,
    (r"CheckoutLicense, [\d,]+ live consumptions", FLOOR),
    (r"GetLicenseUsage, 10 licenses", FLOOR),
    *[(r"GetLicenseUsage, [\d,]+ licenses", FLOOR)] * 3,
    (r"GetLicenseUsage, [\d,]+ live consumptions", FLOOR),
    (r"ListLicenses, first page, 100 licenses", FLOOR),
    *[(r"ListLicenses, first page, [\d,]+ licenses", FLOOR)] * 3,
    (r"ListReceivedLicenses, first page, 100 licenses", FLOOR),
    *[(r"ListReceivedLicenses, first page, [\d,]+ licenses", FLOOR)] * 3,
    (r"ListLicenses, [\d,]+ licenses", FLOOR),
    (r"ListLicenses, last page of [\d,]+ licenses", r"the first page of the same list"),
    (r"ListReceivedLicenses, last page of [\d,]+ licenses", r"the first page of the same list"),
    (r"Memory after [\d,]+ checkout \+ check-in pairs.*", r"memory after the first [\d,]+"),
    (r"Server: GetLicenseUsage, 1 client thread", r"moto's server: sts\.get_caller_identity"),
    (r"Server: GetLicenseUsage, 8 client threads", r"moto's server: sts\.get_caller_identity"),
]


def table_rows(output: str) -> list[list[str]]:
    """The body rows of the markdown table, as lists of cells."""
    lines = [line for line in output.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in lines[1:]]


def test_quick_run_prints_every_row_with_a_verdict():
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    assert all(len(cells) == 10 for cells in rows)
    assert len(rows) == len(EXPECTED_ROWS)
    for (measure, reference), cells in zip(EXPECTED_ROWS, rows, strict=True):
        assert re.fullmatch(measure, cells[0]), cells
        assert re.fullmatch(reference, cells[1]), cells
        assert re.match(r"(PASS|MISS|info)\b", cells[9]), cells
    assert "Machine: " in result.stdout
    judged = sum(cells[9].startswith(("PASS", "MISS")) for cells in rows)
    assert judged == 27
    assert re.search(rf"Targets met: \d+ of {judged}\n", result.stdout)


def test_runs_as_a_script_from_the_repository_root():
    result = subprocess.run(
        [sys.executable, "bench/run.py", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "--quick" in result.stdout
