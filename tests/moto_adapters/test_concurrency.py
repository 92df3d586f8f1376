"""Racing callers never get more than MaxCount, and checkout cost does not depend on how many
licenses or live consumptions exist."""

from __future__ import annotations

import threading
import uuid

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.helpers import ONE_SEAT, REGION, seats, usage


def test_eight_threads_fighting_for_the_last_units_never_over_allocate(lm):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(20, allow_check_in=None))
    granted: list[str] = []
    refused: list[str] = []
    start = threading.Barrier(8)

    def worker() -> None:
        client = boto3.session.Session().client("license-manager", region_name=REGION)
        start.wait()
        for _ in range(5):
            try:
                answer = client.checkout_license(
                    ProductSKU="SKU1",
                    CheckoutType="PROVISIONAL",
                    KeyFingerprint=lic.key_fingerprint,
                    Entitlements=ONE_SEAT,
                    ClientToken=uuid.uuid4().hex,
                )
                granted.append(answer["LicenseConsumptionToken"])
            except ClientError as error:
                refused.append(error.response["Error"]["Code"])

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(granted) == 20 and len(set(granted)) == 20
    assert refused == ["NoEntitlementsAllowedException"] * 20
    assert usage(boto3.client("license-manager", region_name=REGION), lic.arn) == {"Seats": "20"}


@pytest.mark.parametrize("licenses", [10, 2000])
def test_checkout_touches_only_the_matching_license(lm, licenses):
    for index in range(licenses):
        lm.seed_license(product_sku=f"OTHER{index}", entitlements=[{"Name": "S", "Unit": "Count"}])
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(3, allow_check_in=None))
    client = boto3.client("license-manager", region_name=REGION)

    answer = client.checkout_license(
        ProductSKU="SKU1",
        CheckoutType="PROVISIONAL",
        KeyFingerprint=lic.key_fingerprint,
        Entitlements=[{"Name": "Seats", "Unit": "Count", "Value": "3"}],
        ClientToken=uuid.uuid4().hex,
    )

    assert answer["LicenseArn"] == lic.arn
    assert usage(client, lic.arn) == {"Seats": "3"}
