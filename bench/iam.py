"""What moto's IAM enforcement costs a License Manager call: off (as every suite runs unless it
turns enforcement on), beside the same call through the router as it was before the IAM step
existed; and on, for an IAM user whose policy allows the call, beside the same call off. And
what the fault step costs a call when no fault is injected (the router's one test of the
registry)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import boto3
from moto import mock_aws, settings

from bench.floor import REGION
from bench.stats import Row, Summary, interleave
from licensemgr_mock import mock_licensemanager
from licensemgr_mock.moto_adapters import router
from licensemgr_mock.moto_adapters.iam import authorize
from licensemgr_mock.state.faults import registry as faults

SEATS = [{"Name": "Seats", "Unit": "Count", "MaxCount": 10**9}]
BEFORE = "the same call, the router without its IAM step"
OFF = "the same call, enforcement off"
STEP = "GetLicenseUsage, IAM enforcement off"
# Issue 25: with enforcement off the IAM step costs nothing measurable.
OFF_LIMIT = 1.03
# The step alone is timed this many calls at a time: one call is shorter than the clock's read.
BATCH = 1000


def _before(url: str, headers: Any, body: bytes | str | None) -> router.Response:
    """``router.handle_request`` as it was before the IAM step: the reference."""
    authorization = router._header(headers, "Authorization")
    return router.handle(
        router.operation_of(headers),
        body,
        router._account(headers, authorization),
        router._region(url, authorization),
    )


def _allowed_client() -> Any:
    """A License Manager client of an IAM user allowed ``license-manager:*``."""
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName="bench")
    statement = {"Effect": "Allow", "Action": "license-manager:*", "Resource": "*"}
    document = json.dumps({"Version": "2012-10-17", "Statement": [statement]})
    iam.put_user_policy(UserName="bench", PolicyName="lm", PolicyDocument=document)
    key = iam.create_access_key(UserName="bench")["AccessKey"]
    return boto3.client(
        "license-manager",
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def iam_rows(rounds: int) -> list[Row]:
    """GetLicenseUsage with enforcement off against the router before the IAM step, and with
    enforcement on against enforcement off."""
    with mock_aws(), mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="bench-sku", entitlements=SEATS)
        # One client for every path: the same credentials, the same signing.
        client = _allowed_client()
        # Every call reaches the router through ``router.handle_request``; each timed call
        # points it at the path it measures, alike for all.
        original = router.handle_request
        path: list[Callable[[str, Any, bytes | str | None], router.Response]] = [original]
        router.handle_request = lambda url, headers, body: path[0](url, headers, body)
        count = settings.INITIAL_NO_AUTH_ACTION_COUNT

        def usage(through: Any, handle: Any) -> Callable[[], Any]:
            def call() -> Any:
                path[0] = handle
                return through.get_license_usage(LicenseArn=seeded.arn)

            return call

        enforcing = usage(client, original)

        def enforced() -> Any:
            settings.INITIAL_NO_AUTH_ACTION_COUNT = 0
            try:
                return enforcing()
            finally:
                settings.INITIAL_NO_AUTH_ACTION_COUNT = count

        try:
            if enforced()["LicenseUsage"] != usage(client, _before)()["LicenseUsage"]:
                raise RuntimeError("the paths measured do not answer alike")
            samples = interleave(
                {
                    "off": usage(client, original),
                    "before": usage(client, _before),
                    "on": enforced,
                    "step": _step(),
                    "faults": _fault_step(),
                },
                rounds,
            )
        finally:
            router.handle_request = original
    for batched in ("step", "faults"):
        samples[batched] = [batch / BATCH for batch in samples[batched]]
    s = {name: Summary.of(values) for name, values in samples.items()}
    off = Row("GetLicenseUsage, IAM enforcement off", BEFORE, s["off"], s["before"])
    return [
        dataclasses.replace(off, target=f"≤ {OFF_LIMIT}x", passed=off.ratio.median <= OFF_LIMIT),
        Row("GetLicenseUsage, IAM enforcement on (allowed IAM user)", OFF, s["on"], s["off"]),
        Row(
            "IAM step alone, enforcement off (per call)",
            STEP,
            s["step"],
            s["off"],
            # Below the table's 1 µs resolution: the note gives it.
            note=f"{s['step'].median * 1e9:.0f} ns a call",
        ),
        Row(
            "Fault step alone, no fault injected (per call)",
            STEP,
            s["faults"],
            s["off"],
            note=f"{s['faults'].median * 1e9:.0f} ns a call",
        ),
    ]


def _step() -> Callable[[], None]:
    """``BATCH`` calls of the IAM step with enforcement off, as the router makes them."""
    url = f"https://license-manager.{REGION}.amazonaws.com/"
    headers = {"X-Amz-Target": "AWSLicenseManager.GetLicenseUsage"}

    def batch() -> None:
        for _ in range(BATCH):
            authorize("GetLicenseUsage", url, headers, b"{}", "123456789012")

    return batch


def _fault_step() -> Callable[[], None]:
    """``BATCH`` times the router's fault step with no fault injected: its test of the
    registry, all a call pays then."""

    def batch() -> None:
        for _ in range(BATCH):
            if faults:
                raise RuntimeError("a fault is injected: the step would do more")

    return batch
