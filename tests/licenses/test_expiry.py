"""Expiry follows the system clock at each call, so freezegun and time-machine drive it."""

from __future__ import annotations

import pytest
import time_machine
from botocore.exceptions import ClientError
from freezegun import freeze_time

from tests.helpers import checkout, create_license, seats, usage


def frozen_time_machine(moment: str) -> time_machine.travel:
    return time_machine.travel(moment, tick=False)


@pytest.mark.parametrize(
    "travel", [freeze_time, frozen_time_machine], ids=["freezegun", "time-machine"]
)
def test_an_expired_seat_returns_to_the_pool(lm, client, travel):
    lic = lm.seed_license(product_sku="SKU1", entitlements=seats(1), provisional_minutes=60)
    with travel("2030-05-01 12:00:00+00:00"):
        held = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]
    with travel("2030-05-01 12:59:59+00:00"), pytest.raises(ClientError) as still_held:
        checkout(client, lic.key_fingerprint)
    with travel("2030-05-01 13:00:00+00:00"):
        assert usage(client, lic.arn) == {"Seats": "0"}
        again = checkout(client, lic.key_fingerprint)

    assert still_held.value.response["Error"]["Code"] == "NoEntitlementsAllowedException"
    assert again["LicenseConsumptionToken"] != held
    with travel("2030-05-01 13:00:01+00:00"), pytest.raises(ClientError) as gone:
        client.check_in_license(LicenseConsumptionToken=held)
    assert gone.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_a_license_past_its_validity_cannot_be_checked_out(lm, client):
    lic = lm.seed_license(
        product_sku="SKU1",
        entitlements=seats(1),
        begin="2030-01-01T00:00:00Z",
        end="2030-02-01T00:00:00Z",
    )
    with freeze_time("2030-01-31 23:59:00"):
        token = checkout(client, lic.key_fingerprint)["LicenseConsumptionToken"]
        client.check_in_license(LicenseConsumptionToken=token)
    with freeze_time("2030-02-01 00:00:00"), pytest.raises(ClientError) as raised:
        checkout(client, lic.key_fingerprint)

    assert raised.value.response["Error"]["Code"] == "NoEntitlementsAllowedException"


def test_deleted_license_reads_deleted_after_six_months(client):
    from tests.helpers import create_license

    with freeze_time("2030-01-01"):
        arn = create_license(client)
        deletion = client.delete_license(LicenseArn=arn, SourceVersion="1")["DeletionDate"]
    with freeze_time("2030-06-29"):
        assert client.get_license(LicenseArn=arn)["License"]["Status"] == "PENDING_DELETE"
    with freeze_time("2030-06-30"):
        assert client.get_license(LicenseArn=arn)["License"]["Status"] == "DELETED"

    assert deletion == "2030-06-30T00:00:00"


def test_a_checkout_near_the_end_of_the_calendar_expires_at_its_last_second(client):
    arn = create_license(client, Validity={"Begin": "2020-01-01T00:00:00Z"})
    fingerprint = client.get_license(LicenseArn=arn)["License"]["Issuer"]["KeyFingerprint"]
    with freeze_time("9999-12-31 23:30:00"):
        answer = checkout(client, fingerprint, Beneficiary="cust-1")
        assert usage(client, arn) == {"Seats": "1"}

    assert answer["Expiration"] == "9999-12-31T23:59:59"
