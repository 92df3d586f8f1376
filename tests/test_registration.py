"""The one place that reaches into moto: idempotent, and refusing what it cannot support."""

from __future__ import annotations

import sys

import boto3
import pytest
from botocore.handlers import BUILTIN_HANDLERS
from moto import backend_index

from licensemgr_mock import models, registration
from licensemgr_mock.registration import MotoConflictError, register


def test_register_is_idempotent():
    before = (len(backend_index.backend_url_patterns), len(BUILTIN_HANDLERS))

    register()
    register()

    assert (len(backend_index.backend_url_patterns), len(BUILTIN_HANDLERS)) == before
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


def test_the_moto_entrance_reaches_the_same_backend(license_manager, monkeypatch):
    seeded = license_manager.seed_license(
        product_sku="SKU1", entitlements=[{"Name": "S", "Unit": "Count", "MaxCount": 1}]
    )
    client = boto3.client("license-manager", region_name="us-west-2")
    lean = client.get_license(LicenseArn=seeded.arn)
    monkeypatch.setattr(registration, "lean_entrance", False)

    through_moto = client.get_license(LicenseArn=seeded.arn)

    assert through_moto["License"] == lean["License"]
    # moto's BaseResponse adds its "server: amazon.com" header; the lean entrance does not.
    assert through_moto["ResponseMetadata"]["HTTPHeaders"].get("server") == "amazon.com"
    assert "server" not in lean["ResponseMetadata"]["HTTPHeaders"]
    with pytest.raises(client.exceptions.ValidationException):
        client.get_license(LicenseArn="arn:aws:license-manager::123456789012:license:l-1")
