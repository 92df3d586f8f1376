"""Injected faults (``lm.inject_fault``) in-process: botocore classifies and retries each as it
would the real error, a failed call changes nothing, and bad arguments say what is allowed."""

from __future__ import annotations

import types
import uuid

import boto3
import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, EndpointConnectionError, ReadTimeoutError

from licensemgr_mock import Fault, mock_licensemanager
from tests.helpers import ONE_SEAT, REGION, SEATS


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    """botocore waits between retries; the tests need the retries, not the waits."""
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=lambda _: None))


def client(mode: str = "standard", attempts: int = 3):
    config = Config(retries={"mode": mode, "total_max_attempts": attempts})
    # A session of its own: once a legacy-mode Organizations client exists, botocore's shared
    # retry definitions stop retrying a plain 429 in every client of that session's loader
    # (docs/faults.md); the tests that made one must not decide these.
    return boto3.session.Session().client("license-manager", region_name=REGION, config=config)


def checkout(c, lic, token: str | None = None):
    return c.checkout_license(
        ProductSKU=lic.product_sku,
        CheckoutType="PROVISIONAL",
        KeyFingerprint=lic.key_fingerprint,
        Entitlements=ONE_SEAT,
        ClientToken=token or uuid.uuid4().hex,
    )


# (error, status, attempts with 3 allowed: legacy, standard, adaptive). RateLimitExceeded
# (429): legacy retries any 429, standard and adaptive only known throttling codes and 5xx.
RETRIES = [
    ("ThrottlingException", 400, (3, 3, 3)),
    ("RateLimitExceededException", 429, (3, 1, 1)),
    ("ServerInternalException", 500, (3, 3, 3)),
    ("ServiceUnavailable", 503, (3, 3, 3)),
    ("InternalFailure", 500, (3, 3, 3)),
]


@pytest.mark.parametrize(("error", "status", "attempts"), RETRIES)
@pytest.mark.parametrize("mode", ["legacy", "standard", "adaptive"])
def test_error_faults_are_answered_and_retried_like_the_real_error(
    lm, error, status, attempts, mode
):
    fault = lm.inject_fault("ListLicenses", error)
    expected = attempts[["legacy", "standard", "adaptive"].index(mode)]

    with pytest.raises(ClientError) as raised:
        client(mode).list_licenses()

    answer = raised.value.response
    assert answer["Error"]["Code"] == error
    assert answer["ResponseMetadata"]["HTTPStatusCode"] == status
    assert answer["ResponseMetadata"]["RequestId"]
    assert answer["ResponseMetadata"]["RetryAttempts"] == expected - 1
    assert isinstance(fault, Fault) and fault.hits == expected


def test_times_fails_the_next_calls_then_the_retry_succeeds(lm):
    lic = lm.seed_license(product_sku="sku", entitlements=SEATS)
    fault = lm.inject_fault("CheckoutLicense", "ThrottlingException", times=2)

    answer = checkout(client(attempts=3), lic)

    assert answer["ResponseMetadata"]["RetryAttempts"] == 2
    assert fault.hits == 2
    assert len(lm.consumptions) == 1  # one checkout, though three calls arrived
    assert checkout(client(attempts=1), lic)["ResponseMetadata"]["RetryAttempts"] == 0
    assert fault.hits == 2


def test_a_failed_call_changes_nothing(lm):
    lic = lm.seed_license(product_sku="sku", entitlements=SEATS)
    c = client(attempts=1)
    fault = lm.inject_fault("CheckoutLicense", "ServerInternalException", times=1)
    with pytest.raises(ClientError):
        checkout(c, lic, token="same-token")
    create = lm.inject_fault("CreateLicenseConfiguration", "unreachable")
    with pytest.raises(EndpointConnectionError):
        c.create_license_configuration(Name="cfg", LicenseCountingType="vCPU")

    assert fault.hits == 1 and create.hits == 1
    assert lm.consumptions == []
    assert c.list_license_configurations()["LicenseConfigurations"] == []
    # The ClientToken was never answered: the same token now checks out afresh.
    assert checkout(c, lic, token="same-token")["EntitlementsAllowed"][0]["Value"] == "1"
    assert len(lm.consumptions) == 1


def test_unreachable_raises_endpoint_connection_error_after_the_retries(lm):
    fault = lm.inject_fault("*", "unreachable")

    with pytest.raises(EndpointConnectionError) as raised:
        client(attempts=3).list_licenses()

    assert "license-manager.us-east-1.amazonaws.com" in str(raised.value)
    assert fault.hits == 3


def test_timeout_raises_read_timeout_error_after_the_retries(lm):
    fault = lm.inject_fault("GetLicense", "timeout")
    c = client("legacy", attempts=2)

    with pytest.raises(ReadTimeoutError):
        c.get_license(LicenseArn="arn:aws:license-manager::123456789012:license:l-0")

    assert fault.hits == 2
    assert c.list_licenses()["Licenses"] == []  # another operation is not affected


def test_any_operation_and_first_matching_fault_wins(lm):
    every = lm.inject_fault("*", "ThrottlingException", times=1)
    listing = lm.inject_fault("ListLicenses", "ServerInternalException", times=1)
    c = client(attempts=1)

    with pytest.raises(ClientError, match="ThrottlingException"):
        c.list_licenses()
    with pytest.raises(ClientError, match="ServerInternalException"):
        c.list_licenses()

    assert c.list_licenses()["Licenses"] == []
    assert (every.hits, listing.hits) == (1, 1)


def test_probability_with_a_seed_is_reproducible(lm):
    c = client(attempts=1)

    def pattern() -> list[bool]:
        fault = lm.inject_fault("ListLicenses", "ThrottlingException", probability=0.5, seed=7)
        failed = []
        for _ in range(20):
            try:
                c.list_licenses()
                failed.append(False)
            except ClientError:
                failed.append(True)
        fault.remove()
        assert fault.hits == sum(failed)
        return failed

    first, second = pattern(), pattern()

    assert first == second
    assert 0 < sum(first) < 20


def test_remove_and_clear_faults(lm):
    c = client(attempts=1)
    fault = lm.inject_fault("ListLicenses", "ThrottlingException")
    lm.inject_fault("GetServiceSettings", "ThrottlingException")

    fault.remove()
    assert c.list_licenses()["Licenses"] == []
    lm.clear_faults()
    assert c.get_service_settings()["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert fault.hits == 0


# Each bad call (arguments, keywords), and a word its ValueError names (the same in server
# mode: test_faults_server).
BAD_ARGUMENTS = [
    ((("ListLicence", "ThrottlingException"), {}), "CheckoutLicense"),
    ((("ListLicenses", "NoSuchError"), {}), "RateLimitExceededException"),
    # CheckoutLicense's model lists it; ListLicenses's does not.
    ((("ListLicenses", "NoEntitlementsAllowedException"), {}), "unreachable"),
    ((("ListLicenses", "unreachable"), {"times": 0}), "times"),
    ((("ListLicenses", "unreachable"), {"times": True}), "times"),
    ((("ListLicenses", "unreachable"), {"probability": 1.5}), "probability"),
    ((("ListLicenses", "unreachable"), {"probability": 0}), "probability"),
    ((("ListLicenses", "unreachable"), {"seed": "x"}), "seed"),
    ((("ListLicenses", "unreachable"), {"probability": float("nan")}), "probability"),
    ((("ListLicenses", "unreachable"), {"times": 1.0}), "times"),
    (((None, "unreachable"), {}), "CheckoutLicense"),
]


@pytest.mark.parametrize(("arguments", "named"), BAD_ARGUMENTS)
def test_bad_arguments_raise_value_error_naming_the_allowed_values(lm, arguments, named):
    args, kwargs = arguments

    with pytest.raises(ValueError, match=named):
        lm.inject_fault(*args, **kwargs)

    assert client(attempts=1).list_licenses()["Licenses"] == []  # no fault was added


def test_modeled_errors_of_the_operation_are_accepted(lm):
    lic = lm.seed_license(product_sku="sku", entitlements=SEATS)
    lm.inject_fault("CheckoutLicense", "NoEntitlementsAllowedException", times=1)

    with pytest.raises(ClientError) as raised:
        checkout(client(attempts=3), lic)

    assert raised.value.response["Error"]["Code"] == "NoEntitlementsAllowedException"
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 0


def test_an_injected_refusal_is_listed_with_the_real_ones(lm):
    lic = lm.seed_license(product_sku="sku", entitlements=SEATS)
    c = client(attempts=1)
    fault = lm.inject_fault("CheckoutLicense", "NoEntitlementsAllowedException", times=1)
    with pytest.raises(ClientError) as raised:
        checkout(c, lic)
    checkout(c, lic)  # the fault is spent: this one checks out
    lm.inject_fault("CheckoutLicense", "ThrottlingException", times=1)
    with pytest.raises(ClientError, match="ThrottlingException"):
        checkout(c, lic)  # not a refusal: not listed

    assert raised.value.response["Error"] == {
        "Code": "NoEntitlementsAllowedException",
        "Message": "No Entitlements Allowed",
    }
    (refusal,) = lm.refusals
    assert refusal.operation == "CheckoutLicense"
    assert refusal.reason == f"injected fault {fault.id} (inject_fault)"
    assert len(lm.consumptions) == 1


def test_faults_end_with_the_mock():
    with mock_licensemanager() as lm:
        lm.inject_fault("ListLicenses", "ThrottlingException")

    with mock_licensemanager():
        assert client(attempts=1).list_licenses()["Licenses"] == []
