"""Every operation, fed generated requests through boto3: well-formed ones and ones broken in
one member. Whatever the request, the answer is a success that fits the output shape (the
shared after-call check), or an error the operation models, with its HTTP status, never a
5xx; and an error leaves the mock's state exactly as it was."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from licensemgr_mock.pipeline.errors import error_class
from licensemgr_mock.pipeline.service_model import operation_model, service_model
from tests.fidelity import strategies, world
from tests.helpers import REGION

OPERATIONS = sorted(service_model().operation_names)
VALIDATION_ERRORS = {"ValidationException", "InvalidParameterValueException"}
# The model's words for a request that breaks its input shape (validation.validate_request).
SHAPE_REJECTION = "validation error"
# What a Python repr leaks into a message: "<EntitlementDataUnit.COUNT: 'Count'>", "<X object at".
PYTHON_REPR = re.compile(r"<\w+(\.\w+)+: |<[\w.]+ object at 0x")

shared_world = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def raw_client(pools: dict[str, list[Any]]) -> Any:
    """A client that sends what it is given: botocore's own checks would stop most broken
    requests before they reach the mock."""
    return boto3.client(
        "license-manager", region_name=REGION, config=Config(parameter_validation=False)
    )


@pytest.fixture
def requests(operation: str, pools: dict[str, list[Any]]) -> Any:
    """The strategy of well-formed requests for the operation, built once per test."""
    return strategies.request(operation_model(operation).input_shape, pools)


def call(client: Any, operation: str, request: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    """Makes the call; returns (before, error) where error is None on success."""
    before = world.snapshot()
    try:
        getattr(client, xform_name(operation))(**request)
    except ClientError as raised:
        return before, dict(raised.response)
    return before, None


def check_error(operation: str, error: dict[str, Any], before: Any) -> str:
    """An error answer is modeled for the operation, has its status, and changed nothing."""
    code = error["Error"]["Code"]
    status = error["ResponseMetadata"]["HTTPStatusCode"]
    modeled = {shape.name for shape in operation_model(operation).error_shapes}
    assert code in modeled, f"{operation} answered {code} ({status}), not one of {modeled}"
    assert status == error_class(code).status < 500, f"{code} came with HTTP {status}"
    assert world.snapshot() == before, f"{operation} failed with {code} but changed state"
    message = str(error["Error"]["Message"])
    assert not PYTHON_REPR.search(message), f"{operation}'s message shows a Python repr: {message}"
    return message


@pytest.mark.parametrize("operation", OPERATIONS)
@shared_world
@given(data=st.data())
def test_well_formed_request(operation: str, requests: Any, raw_client: Any, data: Any) -> None:
    request = data.draw(requests, label="request")
    before, error = call(raw_client, operation, request)
    event("answered" if error is None else error["Error"]["Code"])
    if error is not None:
        message = check_error(operation, error, before)
        assert SHAPE_REJECTION not in message, f"a well-formed request was refused: {message}"


@pytest.mark.parametrize("operation", OPERATIONS)
@shared_world
@given(data=st.data())
def test_request_broken_in_one_member(
    operation: str, requests: Any, raw_client: Any, data: Any
) -> None:
    shape = operation_model(operation).input_shape
    request = data.draw(requests, label="valid request")
    breakages = strategies.break_one(shape, request)
    if not breakages:
        return
    breakage = data.draw(st.sampled_from(breakages), label="breakage")
    before, error = call(raw_client, operation, breakage.apply(request))
    assert error is not None, f"{operation} accepted a request with {breakage.how}"
    message = check_error(operation, error, before)
    assert error["Error"]["Code"] in VALIDATION_ERRORS
    wire_name = breakage.member[:1].lower() + breakage.member[1:]
    assert wire_name in message, f"the message does not name {wire_name}: {message}"
