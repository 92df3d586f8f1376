"""One backend execution per call, whichever entrance the request takes: moto's botocore
stubber (answering License Manager itself), moto's ``responses`` mock, and the server; other
services still answer through moto's own route; importing the package stays light."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
import requests
from botocore.awsrequest import AWSRequest
from moto import mock_aws
from moto.core import models as moto_core

from licensemgr_mock.moto_adapters import entrance, router
from licensemgr_mock.server.front import LicenseManagerServer
from tests.helpers import REGION, create_license, running_server, usage


@pytest.fixture
def executions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The operations the router ran, in order (every entrance ends in ``router.handle``)."""
    calls: list[str] = []
    handle = router.handle

    def counting(operation: str, *args: Any) -> router.Response:
        calls.append(operation)
        return handle(operation, *args)

    monkeypatch.setattr(router, "handle", counting)
    return calls


@pytest.fixture
def server() -> Iterator[LicenseManagerServer]:
    with running_server() as serving:
        yield serving


def test_the_stubber_answers_each_boto3_call_once(license_manager, executions):
    client = boto3.client("license-manager", region_name=REGION)
    arn = create_license(client)

    client.delete_license(LicenseArn=arn, SourceVersion="1")

    assert executions == ["CreateLicense", "DeleteLicense"]
    assert client.get_license(LicenseArn=arn)["License"]["Status"] == "PENDING_DELETE"


def test_the_one_before_send_handler_is_moto_stubber_with_our_class(license_manager):
    client = boto3.client("license-manager", region_name=REGION)

    emitter = client.meta.events._emitter
    handlers = list(emitter._handlers.prefix_search("before-send.license-manager.ListLicenses"))
    stubbers = [h for h in handlers if isinstance(h, moto_core.BotocoreStubber)]

    assert stubbers == [moto_core.botocore_stubber]
    assert type(moto_core.botocore_stubber) is entrance.LicenseManagerStubber


def test_plain_mock_aws_answers_license_manager_once(executions):
    with mock_aws():
        client = boto3.client("license-manager", region_name=REGION)
        arn = create_license(client)

        assert executions == ["CreateLicense"]
        assert client.list_licenses()["Licenses"][0]["LicenseArn"] == arn


def test_other_services_still_take_moto_route(license_manager, executions):
    sts = boto3.client("sts", region_name=REGION)

    assert sts.get_caller_identity()["Account"] == "123456789012"
    assert executions == []


def test_responses_library_requests_are_answered_once(license_manager, executions):
    answer = requests.post(
        f"https://license-manager.{REGION}.amazonaws.com/",
        data=json.dumps({}),
        headers={
            "X-Amz-Target": "AWSLicenseManager.ListLicenses",
            "Content-Type": "application/x-amz-json-1.1",
        },
        timeout=5,
    )

    assert answer.status_code == 200 and answer.json() == {"Licenses": []}
    assert executions == ["ListLicenses"]


def test_server_answers_each_call_once(server, executions):
    host, port = server.address
    client = boto3.client(
        "license-manager", region_name=REGION, endpoint_url=f"http://{host}:{port}"
    )
    arn = create_license(client)

    assert usage(client, arn) == {"Seats": "0"}
    assert executions == ["CreateLicense", "GetLicenseUsage"]
    requests.post(f"http://{host}:{port}/moto-api/reset", timeout=5)


def test_a_disabled_stubber_answers_nothing(executions):
    request = AWSRequest(method="POST", url=f"https://license-manager.{REGION}.amazonaws.com/")

    assert moto_core.botocore_stubber("before-send", request) is None
    assert executions == []


def test_import_leaves_crypto_the_server_and_ec2_for_later():
    probe = (
        "import sys, licensemgr_mock\n"
        "heavy = ['jwt', 'cryptography', 'licensemgr_mock.server.front', 'moto.ec2',"
        " 'moto.server', 'licensemgr_mock.moto_adapters.models']\n"
        "print([name for name in heavy if name in sys.modules])\n"
    )

    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()

    assert loaded == "[]"


def test_the_backend_is_imported_on_first_use():
    probe = (
        "import sys, boto3, licensemgr_mock\n"
        "with licensemgr_mock.mock_licensemanager():\n"
        "    boto3.client('license-manager', region_name='us-east-1').list_licenses()\n"
        "from moto.backends import get_backend\n"
        "from licensemgr_mock.moto_adapters import models\n"
        "print(get_backend('licensemanager') is models.licensemanager_backends)\n"
    )
    env = {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x", "PATH": ""}

    found = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "PYTHONPATH": ":".join(sys.path)},
    ).stdout.strip()

    assert found == "True"


def test_moto_recorder_records_license_manager_calls(license_manager, tmp_path, monkeypatch):
    from moto.moto_api import recorder

    monkeypatch.setattr(recorder, "_location", str(tmp_path / "recording"))
    recorder.start_recording()
    try:
        boto3.client("license-manager", region_name=REGION).list_licenses()
    finally:
        recorder.stop_recording()

    entries = [json.loads(line) for line in recorder.download_recording().splitlines()]
    assert [entry["headers"]["X-Amz-Target"] for entry in entries] == [
        "AWSLicenseManager.ListLicenses"
    ]
