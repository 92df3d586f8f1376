"""One class per error the service models: its wire code, its HTTP status, its message.

botocore's model names the errors but carries no HTTP status; the statuses are those of
AWS's Smithy model of the service (see docs/decisions.md). The wire code is the class name.
"""

from __future__ import annotations

import re
from contextvars import ContextVar, Token
from enum import Enum
from typing import ClassVar

from botocore.model import OperationModel

from licensemgr_mock.pipeline.serialize import to_json

# Quoted values are cut to this many characters: an error never echoes a whole huge input.
MAX_QUOTED = 200


def quoted(value: object) -> str:
    """``value`` as an error message shows it: its repr (an enum's is its wire value's), at
    most MAX_QUOTED characters."""
    text = repr(value.value if isinstance(value, Enum) else value)
    return text if len(text) <= MAX_QUOTED else text[: MAX_QUOTED - 3] + "..."


# What XML 1.0 cannot carry. The services answering in XML (EC2, CloudFormation) are moto's,
# and moto writes a message into its XML as it is (escaping only markup).
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """``text`` with each character XML cannot carry shown escaped (``\\x00``), for a message
    an XML answer will hold: one such character would make the whole answer unreadable."""
    return _NOT_IN_XML.sub(lambda found: repr(found.group())[1:-1], text)


class LicenseManagerError(Exception):
    """An error the service answers with: ``{"__type": code, "Message": message}``.

    ``template`` is the message; its fields are the keyword arguments (a class whose
    message varies from call to call keeps the template ``{message}``)."""

    status: ClassVar[int] = 400
    template: ClassVar[str] = "{message}"

    def __init__(self, message: str | None = None, **fields: object) -> None:
        if message is not None:
            fields["message"] = message
        text = self.template.format(**fields)
        super().__init__(text)
        self.message = text

    @property
    def code(self) -> str:
        """The wire error code: the model's shape name, which is the class name."""
        return type(self).__name__

    def body(self) -> dict[str, str]:
        """The JSON body members."""
        return {"__type": self.code, "Message": self.message}

    def headers(self) -> dict[str, str]:
        """Extra HTTP headers."""
        return {"x-amzn-ErrorType": self.code}

    def response(self) -> tuple[int, dict[str, str], str]:
        """The whole HTTP answer: status, headers, body."""
        headers = {"Content-Type": "application/x-amz-json-1.1", **self.headers()}
        return self.status, headers, to_json(self.body())


class AccessDeniedException(LicenseManagerError):
    status = 401


class AuthorizationException(LicenseManagerError):
    status = 403


class ConflictException(LicenseManagerError):
    status = 409


class EntitlementNotAllowedException(LicenseManagerError):
    pass


class FailedDependencyException(LicenseManagerError):
    status = 424

    def __init__(self, message: str, error_code: str = "") -> None:
        super().__init__(message)
        self.error_code = error_code

    def body(self) -> dict[str, str]:
        return {**super().body(), "ErrorCode": self.error_code}


class FilterLimitExceededException(LicenseManagerError):
    pass


class InvalidParameterValueException(LicenseManagerError):
    pass


class InvalidResourceStateException(LicenseManagerError):
    pass


class LicenseUsageException(LicenseManagerError):
    status = 412


class NoEntitlementsAllowedException(LicenseManagerError):
    """AWS's one answer for many causes. ``reason`` is the real one: never on the wire, but
    logged and kept (``state.refusals``, by the router) for the developer."""

    template = "No Entitlements Allowed"

    def __init__(self, reason: str = "no cause recorded") -> None:
        super().__init__()
        self.reason = reason


class RateLimitExceededException(LicenseManagerError):
    status = 429


class RedirectException(LicenseManagerError):
    """Wrong region: ``Location`` names the home region's endpoint (header and body)."""

    status = 308
    template = "This operation must be called in the home region {home_region}."

    def __init__(self, home_region: str) -> None:
        super().__init__(home_region=home_region)
        self.location = f"https://license-manager.{home_region}.amazonaws.com"

    def body(self) -> dict[str, str]:
        return {**super().body(), "Location": self.location}

    def headers(self) -> dict[str, str]:
        return {**super().headers(), "Location": self.location}


class ResourceLimitExceededException(LicenseManagerError):
    pass


class ResourceNotFoundException(LicenseManagerError):
    pass


class ServerInternalException(LicenseManagerError):
    status = 500


class UnsupportedDigitalSignatureMethodException(LicenseManagerError):
    pass


class ValidationException(LicenseManagerError):
    pass


def error_class(code: str) -> type[LicenseManagerError]:
    """The class of a modeled error, by its wire code."""
    found = globals().get(code)
    is_error = isinstance(found, type) and issubclass(found, LicenseManagerError)
    if is_error and found is not LicenseManagerError:
        return found  # type: ignore[return-value]
    raise KeyError(code)


def validation_error_of(
    operation: OperationModel | None, value: bool = False
) -> type[LicenseManagerError]:
    """The one place the error for bad input is chosen, from the operation's modeled errors.

    Bad input: ValidationException where the operation models it, else
    InvalidParameterValueException where it models that; an operation that models neither
    (GetServiceSettings), or none (outside an operation), gets ValidationException, the JSON
    front's generic answer, never an error its model does not list as its own. A refused
    *value* (``value=True``: an unknown resource ARN, a setting the service rejects) is
    InvalidParameterValueException wherever the operation models it (and outside one)."""
    modeled = set() if operation is None else {shape.name for shape in operation.error_shapes}
    if "InvalidParameterValueException" in modeled and (
        value or "ValidationException" not in modeled
    ):
        return InvalidParameterValueException
    if value and operation is None:
        return InvalidParameterValueException
    return ValidationException


def as_modeled(error: LicenseManagerError, operation: OperationModel) -> LicenseManagerError:
    """``error`` as ``operation``'s installed model allows it: a bad-input error the model
    does not list for the operation (older botocore models list fewer: TagResource gained
    ValidationException later) becomes the one it does (``validation_error_of``)."""
    if type(error) not in (ValidationException, InvalidParameterValueException):
        return error
    if any(shape.name == error.code for shape in operation.error_shapes):
        return error
    return validation_error_of(operation)(error.message)


_operation: ContextVar[OperationModel | None] = ContextVar("operation", default=None)


class answering:  # lower case: it reads as a function, ``with answering(model):``
    """Marks ``operation`` as the one being answered (by the router), for ``invalid``.

    A class rather than a generator context manager: it is entered on every request."""

    __slots__ = ("_operation", "_reset")
    _reset: Token[OperationModel | None]

    def __init__(self, operation: OperationModel) -> None:
        self._operation = operation

    def __enter__(self) -> None:
        self._reset = _operation.set(self._operation)

    def __exit__(self, *_: object) -> None:
        _operation.reset(self._reset)


def invalid(message: str) -> LicenseManagerError:
    """Bad input to the operation being answered, as the error class its model gives for
    that (``validation_error_of``); outside an operation, a ValidationException."""
    return validation_error_of(_operation.get())(message)


def invalid_value(message: str) -> LicenseManagerError:
    """A value the operation being answered refuses (an unknown ARN, a setting the service
    rejects): InvalidParameterValueException where its model has it
    (``validation_error_of``)."""
    return validation_error_of(_operation.get(), value=True)(message)
