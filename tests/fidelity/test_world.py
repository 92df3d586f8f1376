"""The snapshot the harness compares is worth comparing: equal across reads, different after
any change of state, deep inside a record included (each object is frozen once a snapshot)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.fidelity import world
from tests.helpers import lm_client, token


@pytest.mark.parametrize("operation", ["CreateLicenseVersion"])  # the world's fixture asks
def test_reads_leave_the_snapshot_equal_and_changes_do_not(pools: dict[str, list[Any]]) -> None:
    client = lm_client()
    license_arn = pools["LicenseArn"][0]
    before = world.snapshot()

    client.get_license(LicenseArn=license_arn)
    client.list_received_grants()
    assert world.snapshot() == before

    # A tag on a license configuration: a change far from the licenses.
    client.tag_resource(
        ResourceArn=pools["LicenseConfigurationArn"][0], Tags=[{"Key": "k", "Value": "v"}]
    )
    tagged = world.snapshot()
    assert tagged != before

    # A new license version: a change inside records the store's indexes reach many times.
    license_ = client.get_license(LicenseArn=license_arn)["License"]
    client.create_license_version(
        LicenseArn=license_arn,
        LicenseName=license_["LicenseName"],
        ProductName=license_["ProductName"],
        Issuer={"Name": license_["Issuer"]["Name"]},
        HomeRegion=license_["HomeRegion"],
        Validity=license_["Validity"],
        Entitlements=[{"Name": "Seats", "Unit": "Count", "MaxCount": 6, "AllowCheckIn": True}],
        ConsumptionConfiguration=license_["ConsumptionConfiguration"],
        Status="AVAILABLE",
        SourceVersion=license_["Version"],
        ClientToken=token(),
    )
    assert world.snapshot() != tagged
