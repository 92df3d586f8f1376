"""Latency of single calls inside an active mock, each beside the references it is judged
against: the floor (a canned answer of the same operation), one PS384 signature, and moto's
cheapest call (``sts.get_caller_identity``)."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

import boto3
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from moto import mock_aws

from bench.floor import REGION, capture, floor_client
from bench.stats import Row, Summary, interleave, pairwise_sum
from licensemgr_mock import mock_licensemanager

SEATS = [{"Name": "Seats", "Unit": "Count", "MaxCount": 10**9, "AllowCheckIn": True}]
ONE_SEAT = [{"Name": "Seats", "Unit": "Count", "Value": "1"}]
FLOOR = "floor: canned answer of the same call"
FLOOR_SIGN = "floor + one PS384 signature"
MOTO = "moto: sts.get_caller_identity"
# Issue 15: a signed call within 1.2x (floor + its one signature), an unsigned one 1.15x.
SIGNED_LIMIT = 1.2
UNSIGNED_LIMIT = 1.15


def checkout_call(client: Any, seeded: Any) -> Callable[[], Any]:
    """A PROVISIONAL checkout of one seat of ``seeded``, a new ClientToken each time (16
    random bytes: ~1 µs of a ~1 ms call, paid alike by the floor)."""
    sku, fingerprint = seeded.product_sku, seeded.key_fingerprint

    def call() -> Any:
        return client.checkout_license(
            ProductSKU=sku,
            CheckoutType="PROVISIONAL",
            KeyFingerprint=fingerprint,
            Entitlements=ONE_SEAT,
            ClientToken=os.urandom(16).hex(),
        )

    return call


def borrow_call(client: Any, seeded: Any) -> Callable[[], Any]:
    """A borrow of one seat of ``seeded``, a new ClientToken each time."""

    def call() -> Any:
        return client.checkout_borrow_license(
            LicenseArn=seeded.arn,
            Entitlements=ONE_SEAT,
            DigitalSignatureMethod="JWT_PS384",
            ClientToken=os.urandom(16).hex(),
        )

    return call


def latency_rows(rounds: int) -> list[Row]:
    """CheckoutLicense, CheckoutBorrowLicense and GetLicenseUsage against their references."""
    with mock_aws(), mock_licensemanager() as lm:
        seeded = lm.seed_license(product_sku="bench-sku", entitlements=SEATS, borrow_minutes=60)
        client = boto3.client("license-manager", region_name=REGION)
        sts = boto3.client("sts", region_name=REGION)
        bodies = capture(client)
        sts_bodies = capture(sts)
        checkout, borrow = checkout_call(client, seeded), borrow_call(client, seeded)
        checkout()
        borrowed = borrow()
        client.get_license_usage(LicenseArn=seeded.arn)
        sts.get_caller_identity()
        floor = floor_client("license-manager", bodies)
        sts_floor = floor_client("sts", sts_bodies)
        _check_canned(floor, seeded, borrowed)
        # A bare signature of the same claims with a key of the same size as the mock's.
        claims = jwt.decode(borrowed["SignedToken"], options={"verify_signature": False})
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        samples = interleave(
            {
                "checkout": checkout,
                "checkout floor": checkout_call(floor, seeded),
                "borrow": borrow,
                "borrow floor": borrow_call(floor, seeded),
                "usage": lambda: client.get_license_usage(LicenseArn=seeded.arn),
                "usage floor": lambda: floor.get_license_usage(LicenseArn=seeded.arn),
                "sts": sts.get_caller_identity,
                "sts floor": sts_floor.get_caller_identity,
                "sign": lambda: jwt.encode(claims, key, algorithm="PS384"),
            },
            rounds,
        )
    s = {name: Summary.of(values) for name, values in samples.items()}
    checkout_signed = Summary.of(pairwise_sum(samples["checkout floor"], samples["sign"]))
    borrow_signed = Summary.of(pairwise_sum(samples["borrow floor"], samples["sign"]))
    return [
        Row("CheckoutLicense", FLOOR, s["checkout"], s["checkout floor"]),
        _target(Row("CheckoutLicense", FLOOR_SIGN, s["checkout"], checkout_signed), SIGNED_LIMIT),
        Row("CheckoutLicense", MOTO, s["checkout"], s["sts"]),
        _target(Row("CheckoutBorrowLicense", FLOOR_SIGN, s["borrow"], borrow_signed), SIGNED_LIMIT),
        Row("CheckoutBorrowLicense", MOTO, s["borrow"], s["sts"]),
        _target(Row("GetLicenseUsage", FLOOR, s["usage"], s["usage floor"]), UNSIGNED_LIMIT),
        Row("GetLicenseUsage", MOTO, s["usage"], s["sts"]),
        Row("moto: sts.get_caller_identity", FLOOR, s["sts"], s["sts floor"]),
        Row("PS384 signature (PyJWT, RSA 2048)", FLOOR, s["sign"], s["checkout floor"]),
    ]


def _target(row: Row, limit: float) -> Row:
    return dataclasses.replace(row, target=f"≤ {limit}x", passed=row.ratio.median <= limit)


def _check_canned(floor: Any, seeded: Any, borrowed: dict[str, Any]) -> None:
    """The floor must answer from its canned body, never reach the mock."""
    answer = borrow_call(floor, seeded)()
    if answer["LicenseConsumptionToken"] != borrowed["LicenseConsumptionToken"]:
        raise RuntimeError("the floor client reached the mock instead of its canned answer")
