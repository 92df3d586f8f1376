"""The one place that reaches into moto: idempotent, and refusing what it cannot support."""

from __future__ import annotations

import sys

import boto3
import pytest
from moto import backend_index

from licensemgr_mock.moto_adapters import models, registration, router
from licensemgr_mock.moto_adapters.registration import MotoConflictError, register
from tests.helpers import create_license


def test_register_is_idempotent():
    before = len(backend_index.backend_url_patterns)

    register()
    register()

    assert len(backend_index.backend_url_patterns) == before
    assert sys.modules["moto.licensemanager"] is models


def test_moto_backend_lookup_finds_our_backend():
    from moto.backends import get_backend

    assert get_backend("licensemanager") is models.licensemanager_backends


def test_refuses_a_moto_that_ships_its_own_license_manager(monkeypatch):
    monkeypatch.setitem(sys.modules, "moto.licensemanager", object())

    with pytest.raises(MotoConflictError):
        register()


def test_refuses_an_unsupported_moto_version(monkeypatch):
    monkeypatch.setattr(registration, "_moto_version", lambda: (6, 0))

    with pytest.raises(MotoConflictError, match=r"moto >= 5\.0, < 6\.0"):
        register()


def test_each_call_is_answered_exactly_once(license_manager, monkeypatch):
    calls: list[str] = []
    handle = router.handle

    def counting(operation, *args):
        calls.append(operation)
        return handle(operation, *args)

    monkeypatch.setattr(router, "handle", counting)
    client = boto3.client("license-manager", region_name="us-west-2")
    arn = create_license(client, HomeRegion="us-west-2")

    client.delete_license(LicenseArn=arn, SourceVersion="1")

    assert calls == ["CreateLicense", "DeleteLicense"]
    assert client.get_license(LicenseArn=arn)["License"]["Status"] == "PENDING_DELETE"


def test_requests_through_the_responses_library_are_answered(license_manager):
    import json

    import requests

    answer = requests.post(
        "https://license-manager.us-east-1.amazonaws.com/",
        data=json.dumps({}),
        headers={
            "X-Amz-Target": "AWSLicenseManager.ListLicenses",
            "Content-Type": "application/x-amz-json-1.1",
        },
        timeout=5,
    )

    assert answer.status_code == 200 and answer.json() == {"Licenses": []}


def _registered() -> list[tuple[str, object, object]]:
    from moto.core.models import responses_mock

    return [(r.method, r.url, r.callback) for r in responses_mock.registered()]


def test_each_start_registers_the_callbacks_moto_would():
    from moto import mock_aws
    from moto.core.models import MockAWS, responses_mock

    with mock_aws() as mock:
        ours = _registered()
        responses_mock.reset()
        registration._MOTO_ENABLE_PATCHING(mock, reset=False)
        moto_s = _registered()

    assert MockAWS._enable_patching is not registration._MOTO_ENABLE_PATCHING
    assert len(ours) == len(moto_s) > 1000
    assert [(m, getattr(u, "pattern", u), c) for m, u, c in ours] == [
        (m, getattr(u, "pattern", u), c) for m, u, c in moto_s
    ]


def test_callbacks_built_once_still_answer_and_start_without_calls(license_manager):
    import json

    import requests
    from moto.core.models import responses_mock

    from licensemgr_mock import mock_licensemanager

    def list_licenses() -> int:
        return requests.post(
            "https://license-manager.us-east-1.amazonaws.com/",
            data=json.dumps({}),
            headers={"X-Amz-Target": "AWSLicenseManager.ListLicenses"},
            timeout=5,
        ).status_code

    assert list_licenses() == 200
    license_manager.stop()
    with mock_licensemanager():
        assert sum(r.call_count for r in responses_mock.registered()) == 0
        assert list_licenses() == 200
    license_manager.start()
