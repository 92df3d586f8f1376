"""Shared test set-up: fake credentials, a region, and the output-shape check on every
License Manager response (see shape_check.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

from tests import shape_check

shape_check.install()

REGION = "us-east-1"


@pytest.fixture(autouse=True)
def _aws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.delenv("MOTO_ACCOUNT_ID", raising=False)


@pytest.fixture
def lm(license_manager: Any) -> Iterator[Any]:
    """The active mock (the plugin's ``license_manager`` fixture, shorter)."""
    yield license_manager


@pytest.fixture
def client(license_manager: Any) -> Any:
    """A License Manager client inside the mock."""
    return boto3.client("license-manager", region_name=REGION)


@pytest.fixture
def act_as(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Switches the calling account the way moto users do (``MOTO_ACCOUNT_ID``)."""

    def switch(account: str) -> None:
        monkeypatch.setenv("MOTO_ACCOUNT_ID", account)

    return switch


@pytest.fixture
def kms(license_manager: Any) -> Any:
    """A KMS client inside the mock."""
    return boto3.client("kms", region_name=REGION)
