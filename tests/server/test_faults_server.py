"""Faults over HTTP (``/licensemgr-mock/faults``), through the server to boto3 and the AWS
CLI, and ``lm.inject_fault`` under TEST_SERVER_MODE acting on the server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import types
import urllib.request
import uuid

import boto3
import botocore.endpoint
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, ReadTimeoutError

from licensemgr_mock import mock_licensemanager
from tests.activation.test_faults import BAD_ARGUMENTS
from tests.helpers import ONE_SEAT, seats
from tests.server.test_server_seeding import endpoint_of, post
from tests.server_process import server_process

FAULTS = "/licensemgr-mock/faults"


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch):
    monkeypatch.setattr(botocore.endpoint, "time", types.SimpleNamespace(sleep=lambda _: None))


@pytest.fixture
def endpoint(license_manager_server):
    return endpoint_of(license_manager_server)


def listed(endpoint: str) -> list[dict[str, object]]:
    status, answer = post(endpoint + FAULTS, b"", method="GET")
    assert status == 200
    return list(answer["faults"])


def client(endpoint: str, attempts: int = 3, **config: object):
    retries = {"mode": "standard", "total_max_attempts": attempts}
    return boto3.client(
        "license-manager",
        region_name="us-east-1",
        endpoint_url=endpoint,
        config=Config(retries=retries, **config),  # type: ignore[arg-type]
    )


def test_post_adds_a_fault_get_lists_its_hits_delete_clears(endpoint):
    status, added = post(
        endpoint + FAULTS, {"operation": "ListLicenses", "error": "ThrottlingException"}
    )
    assert status == 200 and added["id"] and added["hits"] == 0

    with pytest.raises(ClientError) as raised:
        client(endpoint).list_licenses()

    assert raised.value.response["Error"]["Code"] == "ThrottlingException"
    assert raised.value.response["ResponseMetadata"]["RetryAttempts"] == 2
    (fault,) = listed(endpoint)
    assert fault == {**added, "hits": 3}
    assert post(endpoint + FAULTS, b"", method="DELETE") == (200, {"faults": []})
    assert listed(endpoint) == []
    assert client(endpoint).list_licenses()["Licenses"] == []


def test_delete_one_fault_by_its_id(endpoint):
    _, first = post(endpoint + FAULTS, {"operation": "ListLicenses", "error": "unreachable"})
    _, second = post(endpoint + FAULTS, {"operation": "*", "error": "timeout", "times": 1})

    assert post(f"{endpoint}{FAULTS}/{first['id']}", b"", method="DELETE")[0] == 200
    assert post(f"{endpoint}{FAULTS}/{first['id']}", b"", method="DELETE")[0] == 404
    assert [fault["id"] for fault in listed(endpoint)] == [second["id"]]


def test_a_checkout_that_failed_on_the_server_consumed_nothing(endpoint):
    from licensemgr_mock.server import mode

    seeded = mode.seed_license("sku", seats(allow_check_in=None), endpoint_url=endpoint)
    post(endpoint + FAULTS, {"operation": "CheckoutLicense", "error": "ServerInternalException"})
    request = {
        "ProductSKU": "sku",
        "CheckoutType": "PROVISIONAL",
        "KeyFingerprint": seeded.key_fingerprint,
        "Entitlements": ONE_SEAT,
        "ClientToken": uuid.uuid4().hex,
    }
    with pytest.raises(ClientError, match="ServerInternalException"):
        client(endpoint, attempts=2).checkout_license(**request)

    data = json.loads(urllib.request.urlopen(endpoint + "/moto-api/data.json").read())
    post(endpoint + FAULTS, b"", method="DELETE")
    client(endpoint, attempts=1).checkout_license(**request)  # the same ClientToken
    after = json.loads(urllib.request.urlopen(endpoint + "/moto-api/data.json").read())

    assert data["licensemanager"]["LicenseConsumption"] == []
    assert len(after["licensemanager"]["LicenseConsumption"]) == 1


@pytest.mark.parametrize(
    ("body", "named"),
    [
        (b"{", "not valid JSON"),
        ([], "JSON object"),
        ({"operation": "ListLicenses"}, "error is required"),
        ({"operation": "ListLicenses", "error": "Nope"}, "ThrottlingException"),
        ({"operation": "Nope", "error": "unreachable"}, "CheckoutLicense"),
        ({"operation": "ListLicenses", "error": "unreachable", "times": -1}, "times"),
        ({"operation": "ListLicenses", "error": "unreachable", "probability": "x"}, "probability"),
        ({"operation": "ListLicenses", "error": "unreachable", "colour": 1}, "unknown field"),
        (b"\xff", "not valid JSON"),
        (b"null", "JSON object"),
        ({"operation": None, "error": "unreachable"}, "CheckoutLicense"),
        ({"operation": "ListLicenses", "error": "unreachable", "times": 1.0}, "times"),
        (
            b'{"operation": "ListLicenses", "error": "unreachable", "probability": NaN}',
            "probability",
        ),
        ({"operation": "ListLicenses", "error": "unreachable", "seed": 1.5}, "seed"),
    ],
)
def test_bad_fault_requests_get_400_and_add_nothing(endpoint, body, named):
    status, answer = post(endpoint + FAULTS, body)

    assert status == 400 and answer["error"] == "InvalidFaultRequest"
    assert named in answer["message"]
    assert listed(endpoint) == []


def test_unreachable_server_closes_the_connection_without_an_answer(endpoint):
    post(endpoint + FAULTS, {"operation": "ListLicenses", "error": "unreachable"})

    with pytest.raises(ConnectionClosedError):
        client(endpoint, attempts=2).list_licenses()

    assert listed(endpoint)[0]["hits"] == 2


def test_timeout_holds_the_answer_until_the_client_gives_up(endpoint):
    post(endpoint + FAULTS, {"operation": "ListLicenses", "error": "timeout", "times": 1})

    with pytest.raises(ReadTimeoutError):
        client(endpoint, attempts=1, read_timeout=0.5).list_licenses()

    assert client(endpoint, attempts=1).list_licenses()["Licenses"] == []


def test_under_test_server_mode_inject_fault_acts_on_the_server(endpoint, monkeypatch):
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", endpoint)

    with mock_licensemanager() as lm:
        fault = lm.inject_fault("ListLicenses", "ThrottlingException", times=1)
        on_server = listed(endpoint)
        answer = boto3.client(
            "license-manager", region_name="us-east-1", config=Config(retries={"mode": "standard"})
        ).list_licenses()
        hits = fault.hits
        with pytest.raises(ValueError, match="RateLimitExceededException"):
            lm.inject_fault("ListLicenses", "Nope")
        fault.remove()
        after_remove = listed(endpoint)
        lm.inject_fault("*", "unreachable")

    assert [f["id"] for f in on_server] == [fault.id]
    assert answer["ResponseMetadata"]["RetryAttempts"] == 1 and hits == 1
    assert after_remove == []
    assert listed(endpoint) == []  # the server's reset at the end cleared the last one


@pytest.mark.parametrize(("arguments", "named"), BAD_ARGUMENTS)
def test_under_test_server_mode_bad_arguments_raise_value_error_and_add_nothing(
    endpoint, monkeypatch, arguments, named
):
    monkeypatch.setenv("TEST_SERVER_MODE", "true")
    monkeypatch.setenv("TEST_SERVER_MODE_ENDPOINT", endpoint)
    args, kwargs = arguments

    with mock_licensemanager() as lm:
        with pytest.raises(ValueError, match=named):
            lm.inject_fault(*args, **kwargs)
        on_server = listed(endpoint)

    assert on_server == []


@pytest.mark.skipif(shutil.which("aws") is None, reason="the AWS CLI is not installed")
def test_aws_cli_meets_a_fault_posted_to_the_server():
    with server_process() as endpoint:
        post(endpoint + FAULTS, {"operation": "ListLicenses", "error": "ThrottlingException"})
        run = subprocess.run(
            ["aws", "license-manager", "list-licenses", "--endpoint-url", endpoint],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            env={
                "AWS_ACCESS_KEY_ID": "x",
                "AWS_SECRET_ACCESS_KEY": "x",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_RETRY_MODE": "standard",
                "AWS_MAX_ATTEMPTS": "2",
                "PATH": os.environ["PATH"],
            },
        )
        (fault,) = listed(endpoint)

    assert run.returncode != 0
    assert "ThrottlingException" in run.stderr and "reached max retries: 1" in run.stderr
    assert fault["hits"] == 2
