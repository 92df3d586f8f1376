"""Checked by ``mypy --strict`` (tox's ``type`` env), never run: the public API keeps a
decorated test's signature and gives seed_license a typed result. An ``# type: ignore`` here
that stops being needed fails mypy (warn_unused_ignores), so a regression to ``Any`` shows."""

from __future__ import annotations

import unittest
from typing import assert_type

from licensemgr_mock import LicenseManagerMock, mock_licensemanager
from licensemgr_mock.activation.mock import SeededLicense

SEATS = [{"Name": "Seats", "Unit": "Count", "MaxCount": 5}]


@mock_licensemanager
def decorated(count: int, name: str = "x") -> list[str]:
    return [name] * count


@mock_licensemanager
async def decorated_coroutine(count: int) -> int:
    return count


@mock_licensemanager(strict=True)
def decorated_strict(flag: bool) -> bool:
    return flag


@mock_licensemanager
class Decorated:
    def test_something(self) -> None:
        pass


@mock_licensemanager
class DecoratedCase(unittest.TestCase):
    # The documented annotation (docs/activation.md): the decorator sets it.
    license_manager: LicenseManagerMock

    def test_seed(self) -> None:
        lic = self.license_manager.seed_license(product_sku="SKU1", entitlements=SEATS)
        assert_type(lic, SeededLicense)
        self.license_manager.seed_lisence()  # type: ignore[attr-defined]


def uses_the_api() -> None:
    assert_type(DecoratedCase(), DecoratedCase)
    assert_type(decorated(2, name="y"), list[str])
    assert_type(decorated_strict(True), bool)
    decorated("two")  # type: ignore[arg-type]
    assert_type(Decorated(), Decorated)

    with mock_licensemanager() as lm:
        assert_type(lm, LicenseManagerMock)
        lic = lm.seed_license(product_sku="SKU1", entitlements=SEATS, borrow_minutes=60)
        assert_type(lic, SeededLicense)
        assert_type(lic.arn, str)
        assert_type(lic.key_fingerprint, str)
        lm.seed_lisence(product_sku="SKU1", entitlements=SEATS)  # type: ignore[attr-defined]
        lm.seed_license(product_sku="SKU1", entitlements=SEATS, sku="x")  # type: ignore[call-arg]
        assert_type(lm.refusals[0].reason, str)
        assert_type(lm.consumptions[0].license_consumption_token, str)


async def uses_async() -> None:
    assert_type(await decorated_coroutine(1), int)
    async with mock_licensemanager() as lm:
        assert_type(lm, LicenseManagerMock)
