"""Boundary values for every operation (issue 11, items 4-9): numbers past every limit, dates at
the ends of the calendar, odd regions and raw bodies no SDK sends. Whatever arrives, the answer
is a success or an error the operation models (never a 5xx or a Python exception); an error
changes nothing; and afterwards the mock still answers the calls every test makes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from licensemgr_mock import mock_licensemanager
from licensemgr_mock.moto_adapters import router
from licensemgr_mock.pipeline.service_model import operation_model
from tests.fidelity import strategies, world
from tests.fidelity.test_operations import OPERATIONS, call, check_error
from tests.helpers import REGION

# One world per test, operations drawn like any other value: building a world per operation
# would cost more than every example together.
shared = settings(
    max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
REGIONS = ["eusc-de-east-1", "cn-north-1", "us-gov-west-1", "us-iso-east-1", "xx-nowhere-9"]
FRONT_ERRORS = {"SerializationException", "UnknownOperationException"}


def raw_client(region: str = REGION) -> Any:
    return boto3.client(
        "license-manager", region_name=region, config=Config(parameter_validation=False)
    )


@pytest.fixture
def world_pools() -> Iterator[dict[str, list[Any]]]:
    with mock_licensemanager():
        yield world.build_world()


def still_usable(pools: dict[str, list[Any]]) -> None:
    """The reads every later call of a test depends on still answer."""
    client = raw_client()
    client.list_licenses()
    client.list_received_licenses()
    client.list_tokens()
    for arn in pools.get("LicenseArn", []):
        client.get_license_usage(LicenseArn=arn)
        client.list_license_versions(LicenseArn=arn)


@shared
@given(data=st.data(), operation=st.sampled_from(OPERATIONS))
def test_boundary_values(world_pools: dict[str, list[Any]], data: Any, operation: str) -> None:
    pools = world_pools
    shape = operation_model(operation).input_shape
    request = data.draw(strategies.request(shape, pools, edges=True), label="request")

    before, error = call(raw_client(), operation, request)

    event("answered" if error is None else error["Error"]["Code"])
    if error is not None:
        check_error(operation, error, before)
    still_usable(pools)


@shared
@given(data=st.data(), operation=st.sampled_from(OPERATIONS), region=st.sampled_from(REGIONS))
def test_odd_regions(
    world_pools: dict[str, list[Any]], data: Any, operation: str, region: str
) -> None:
    pools = world_pools
    request = data.draw(strategies.request(operation_model(operation).input_shape, pools))
    client = raw_client(region)
    # A partition's first calls create its backend and its access-token signing key: set-up,
    # not a change a failed call makes.
    call(client, "ListLicenses", {})
    call(client, "GetAccessToken", {"Token": "not-a-token"})

    before, error = call(client, operation, request)

    event(f"{region}: " + ("answered" if error is None else error["Error"]["Code"]))
    if error is not None:
        check_error(operation, error, before)
    still_usable(pools)


@shared
@given(body=strategies.raw_bodies(), operation=st.sampled_from(OPERATIONS))
def test_raw_bodies(world_pools: dict[str, list[Any]], body: bytes, operation: str) -> None:
    pools = world_pools
    before = world.snapshot()

    status, headers, text = router.handle(operation, body, "123456789012", REGION)

    answer = json.loads(text)
    assert headers["x-amzn-RequestId"]
    event(str(answer.get("__type", "answered")))
    if status != 200:
        code = answer["__type"]
        modeled = {shape.name for shape in operation_model(operation).error_shapes}
        assert code in modeled | FRONT_ERRORS, f"{operation} answered {code} ({status})"
        assert 400 <= status < 500
        assert world.snapshot() == before, f"{operation} failed with {code} but changed state"
    still_usable(pools)
