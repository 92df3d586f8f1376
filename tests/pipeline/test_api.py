"""The generated enums and operation list match the installed botocore model; every modeled
error has a class with its code; the output-shape check really fails on a bad answer."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import botocore
import pytest

from licensemgr_mock.moto_adapters import router
from licensemgr_mock.pipeline import errors as exceptions
from licensemgr_mock.pipeline.api import OPERATIONS
from licensemgr_mock.pipeline.service_model import operation_model, service_model
from tests import shape_check

ROOT = Path(__file__).resolve().parents[2]
PINNED_BOTOCORE = re.search(
    r"^botocore==(\S+)", (ROOT / "requirements" / "pinned.txt").read_text(), re.MULTILINE
)[1]
# api.py and docs/coverage.md are generated from the pinned botocore's model; the mock itself
# follows whichever botocore is installed.
from_the_pinned_model = pytest.mark.skipif(
    botocore.__version__ != PINNED_BOTOCORE,
    reason=f"generated from botocore {PINNED_BOTOCORE}, {botocore.__version__} installed",
)


def load_generator():
    spec = importlib.util.spec_from_file_location("generate_api", ROOT / "scripts/generate_api.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@from_the_pinned_model
def test_generated_api_is_current():
    """The api package is what scripts/generate_api.py writes from the installed botocore:
    after a botocore upgrade this fails until the script is run again."""
    package = ROOT / "licensemgr_mock" / "pipeline" / "api"
    written = {path.name: path.read_text() for path in package.glob("*.py")}
    assert load_generator().render() == written, "run: python scripts/generate_api.py"


@from_the_pinned_model
def test_coverage_table_is_current():
    spec = importlib.util.spec_from_file_location("coverage_table", ROOT / "scripts/coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    written = (ROOT / "docs" / "coverage.md").read_text()
    assert module.render() == written, "run: python scripts/coverage.py"


def test_every_modeled_error_has_a_class_with_its_code():
    for shape in service_model().error_shapes:
        cls = exceptions.error_class(shape.name)
        assert cls("m").code == shape.name
    statuses = {
        "AccessDeniedException": 401,
        "ConflictException": 409,
        "RedirectException": 308,
        "RateLimitExceededException": 429,
        "LicenseUsageException": 412,
        "FailedDependencyException": 424,
        "ServerInternalException": 500,
    }
    for code, status in statuses.items():
        assert exceptions.error_class(code).status == status
    with pytest.raises(KeyError):
        exceptions.error_class("LicenseManagerError")


def test_the_error_for_bad_input_is_one_the_operation_models():
    either = {"ValidationException", "InvalidParameterValueException"}
    for name in service_model().operation_names:
        operation = operation_model(name)
        modeled = {shape.name for shape in operation.error_shapes}
        for value in (False, True):
            chosen = exceptions.validation_error_of(operation, value=value).__name__
            # ValidationException, the JSON front's answer, only where the model has neither.
            assert chosen in modeled or not modeled & either
        if either <= modeled:
            assert exceptions.validation_error_of(operation).__name__ == "ValidationException"
            chosen = exceptions.validation_error_of(operation, value=True).__name__
            assert chosen == "InvalidParameterValueException"


class FakeResponse:
    status_code = 200

    def __init__(self, content: bytes) -> None:
        self.content = content


@pytest.mark.parametrize(
    "body",
    [
        b'{"License": {"LicenseArn": "arn:aws:license-manager::1:license:l-1", "Colour": "x"}}',
        b'{"License": {"Status": "SHINY"}}',
        b'{"License": {"Entitlements": [{"Name": "S"}]}}',
    ],
    ids=["unknown-member", "bad-enum", "missing-required"],
)
def test_shape_check_rejects_a_malformed_answer(body):
    with pytest.raises(shape_check.ShapeMismatch):
        shape_check.check_response(FakeResponse(body), operation_model("GetLicense"))


def test_shape_check_accepts_the_documented_exemptions():
    body = b'{"SignedToken": "short", "IssuedAt": "2021-04-13T05:35:47"}'
    shape_check.check_response(FakeResponse(body), operation_model("CheckoutLicense"))


def test_shape_check_ran_on_responses_of_this_session(lm, client):
    before = len(shape_check.checked)
    client.list_licenses()
    assert shape_check.checked[before:] == ["ListLicenses"]


def test_every_operation_is_answered_by_exactly_one_area(lm):
    from licensemgr_mock.moto_adapters.models import licensemanager_backends

    backend = licensemanager_backends["123456789012"]["us-east-1"]
    assert sorted(backend.operations) == sorted(OPERATIONS)
    # Every operation the installed botocore has is answered (older models have fewer).
    assert set(service_model().operation_names) <= set(backend.operations)
    owners = {op: type(method.__self__).__name__ for op, method in backend.operations.items()}
    assert owners["CheckoutLicense"] == "ConsumptionArea"
    assert owners["TagResource"] == "TaggingArea"


def test_an_operation_the_package_does_not_answer_is_an_unknown_operation(lm, client, monkeypatch):
    """A botocore newer than the package may model an operation no area answers: a modeled
    400, never a 500."""
    from licensemgr_mock.moto_adapters.models import licensemanager_backends

    backend = licensemanager_backends["123456789012"]["us-east-1"]
    monkeypatch.delitem(backend.operations, "ListTokens")

    status, _, body = router.handle("ListTokens", "{}", "123456789012", "us-east-1")

    assert (status, json.loads(body)["__type"]) == (400, "UnknownOperationException")
    assert client.list_licenses()["Licenses"] == []


def test_a_bad_input_error_is_one_the_installed_model_lists():
    """Older models list fewer errors (TagResource had no ValidationException): a bad-input
    error the operation does not model becomes the one it does."""
    model = operation_model("GetServiceSettings")
    modeled = {shape.name for shape in model.error_shapes}

    for cls in (exceptions.ValidationException, exceptions.InvalidParameterValueException):
        answered = exceptions.as_modeled(cls("bad"), model)
        assert answered.code in modeled | {"ValidationException"}
        assert answered.message == "bad"
    kept = exceptions.as_modeled(exceptions.ResourceNotFoundException("gone"), model)
    assert type(kept) is exceptions.ResourceNotFoundException
