"""mock_licensemanager as decorator (sync, async, classes), context manager and start/stop;
fresh state on each activation; nesting with moto's mock_aws; the pytest plugin."""

from __future__ import annotations

import asyncio
import unittest

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError
from moto import mock_aws

from licensemgr_mock import mock_licensemanager
from tests.helpers import REGION, create_license, lm_client

pytest_plugins = ["pytester"]


def test_context_manager_yields_the_mock_and_state_is_fresh_each_time():
    with mock_licensemanager() as lm:
        lm.seed_license(product_sku="SKU1", entitlements=[{"Name": "S", "Unit": "Count"}])
        assert len(lm_client().list_received_licenses()["Licenses"]) == 1
    with mock_licensemanager():
        assert lm_client().list_received_licenses()["Licenses"] == []


def test_start_and_stop():
    mock = mock_licensemanager()
    mock.start()
    try:
        arn = create_license(lm_client())
        assert lm_client().get_license(LicenseArn=arn)["License"]["LicenseArn"] == arn
    finally:
        mock.stop()
    with pytest.raises(RuntimeError):
        mock.stop()


def test_decorated_function_runs_inside_the_mock():
    @mock_licensemanager
    def body() -> list:
        create_license(lm_client())
        return lm_client().list_licenses()["Licenses"]

    assert len(body()) == 1
    assert len(body()) == 1


def test_decorated_coroutine_keeps_the_mock_across_awaits():
    @mock_licensemanager
    async def body() -> int:
        create_license(lm_client())
        await asyncio.sleep(0)
        return len(lm_client().list_licenses()["Licenses"])

    assert asyncio.run(body()) == 1


@mock_licensemanager
class DecoratedTestCase(unittest.TestCase):
    def setUp(self) -> None:
        self.arn = create_license(lm_client())

    def tearDown(self) -> None:
        assert lm_client().get_license(LicenseArn=self.arn)["License"]["Status"] == "AVAILABLE"

    def test_setup_state_is_visible(self) -> None:
        licenses = lm_client().list_licenses()["Licenses"]
        assert [x["LicenseArn"] for x in licenses] == [self.arn]

    def test_the_mock_is_reachable_for_seeding(self) -> None:
        seeded = self.license_manager.seed_license(
            product_sku="SKU9", entitlements=[{"Name": "S", "Unit": "Count", "MaxCount": 1}]
        )
        received = lm_client().list_received_licenses()["Licenses"]
        assert [x["LicenseArn"] for x in received] == [seeded.arn]


@mock_licensemanager
class TestDecoratedPlainClass:
    def test_each_method_is_mocked_and_fresh(self) -> None:
        create_license(lm_client())
        assert len(lm_client().list_licenses()["Licenses"]) == 1

    def test_again_fresh(self) -> None:
        assert lm_client().list_licenses()["Licenses"] == []


@pytest.mark.parametrize("ours_outside", [True, False])
def test_nesting_with_mock_aws_in_either_order(ours_outside):
    outer, inner = (
        (mock_licensemanager(), mock_aws()) if ours_outside else (mock_aws(), mock_licensemanager())
    )
    with outer:
        kms = boto3.client("kms", region_name=REGION)
        key = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["Arn"]
        with inner:
            arn = create_license(lm_client(), Issuer={"Name": "I", "SignKey": key})
            assert boto3.client("sts", region_name=REGION).get_caller_identity()["Account"]
        assert kms.describe_key(KeyId=key)["KeyMetadata"]["Arn"] == key
        if ours_outside:
            assert lm_client().get_license(LicenseArn=arn)["License"]["LicenseArn"] == arn


def test_moto_services_answer_in_the_same_test(license_manager):
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket="reports")
    ec2 = boto3.client("ec2", region_name=REGION)
    iam = boto3.client("iam", region_name=REGION)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument="{}")

    assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["reports"]
    assert ec2.describe_regions()["Regions"]
    assert lm_client().list_licenses()["Licenses"] == []


def test_plain_mock_aws_answers_license_manager_once_imported():
    with mock_aws():
        arn = create_license(lm_client())
        assert lm_client().get_license(LicenseArn=arn)["License"]["Status"] == "AVAILABLE"


def test_nothing_is_answered_outside_the_mock():
    no_retries = Config(retries={"max_attempts": 1}, connect_timeout=1)
    client = lm_client(endpoint_url="http://127.0.0.1:9", config=no_retries)
    with pytest.raises(Exception) as raised:
        client.list_licenses()
    assert not isinstance(raised.value, ClientError)


def test_pytest_plugin_fixture_is_registered(pytester):
    pytester.makepyfile(
        """
        import boto3

        def test_fixture(license_manager, monkeypatch):
            monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
            monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
            lic = license_manager.seed_license(
                product_sku="P", entitlements=[{"Name": "S", "Unit": "Count", "MaxCount": 1}]
            )
            client = boto3.client("license-manager", region_name="us-east-1")
            got = client.get_license(LicenseArn=lic.arn)["License"]
            assert got["ProductSKU"] == "P"
        """
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)
