"""How CloudFormation's License Manager resource providers call License Manager (the same
router as any client's request, retrying what CloudFormation retries), and how their
failures read in a stack's events: ``Resource handler returned message: "..."
(RequestToken: ..., HandlerErrorCode: ...)``, worded as the providers and CloudFormation's
Java plugin word them."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from licensemgr_mock.moto_adapters import router
from licensemgr_mock.pipeline.service_model import operation_model
from licensemgr_mock.state.faults import TransportFault

Json = dict[str, Any]

# The service's refusals of a value, which the providers report as an invalid request.
INVALID = ("ValidationException", "InvalidParameterValueException")
# The errors CloudFormation retries, by their HandlerErrorCode: a call that meets one is
# tried ATTEMPTS times before its resource fails.
_RETRIED = {
    "RateLimitExceededException": "Throttling",
    "ThrottlingException": "Throttling",
    "ServerInternalException": "ServiceInternalError",
    "ServiceUnavailable": "ServiceInternalError",
    "InternalFailure": "ServiceInternalError",
    "NetworkFailure": "NetworkFailure",
}
ATTEMPTS = 3


class ServiceError(Exception):
    """License Manager refused a call."""

    def __init__(self, code: str, message: str, status: int, request_id: str) -> None:
        super().__init__(message)
        self.code, self.message, self.status, self.request_id = code, message, status, request_id

    def sdk_message(self) -> str:
        """The message as the providers' AWS SDK for Java words the error."""
        return (
            f"{self.message} (Service: LicenseManager, Status Code: {self.status}, "
            f"Request ID: {self.request_id})"
        )


@dataclass(frozen=True)
class Api:
    """License Manager's API in one account and region, answered by the same router as
    every client's request (injected faults included); an error CloudFormation retries is
    tried ATTEMPTS times."""

    account: str
    region: str

    def __call__(self, operation: str, **params: Any) -> Json:
        for _ in range(ATTEMPTS - 1):
            try:
                return self._once(operation, params)
            except ServiceError as error:
                if error.code not in _RETRIED:
                    raise
        return self._once(operation, params)

    def _once(self, operation: str, params: Json) -> Json:
        try:
            status, headers, body = router.handle(
                operation, json.dumps(params), self.account, self.region
            )
        except TransportFault as fault:
            raise ServiceError("NetworkFailure", str(fault), 0, "") from None
        answer: Json = json.loads(body) if body else {}
        if status != 200:
            code = headers.get("x-amzn-ErrorType") or answer.get("__type", "")
            message = answer.get("Message") or answer.get("message") or ""
            raise ServiceError(code, message, status, headers.get("x-amzn-RequestId", ""))
        return answer

    def create(
        self, operation: str, request: Json, tags: list[Any] | None
    ) -> tuple[Json, list[Any] | None]:
        """Calls a create operation with a fresh ClientToken (the schemas have none) and the
        tags when the model has them; answers with the tags left to TagResource after."""
        request = {**request, "ClientToken": str(uuid.uuid4())}
        if tags and "Tags" in operation_model(operation).input_shape.members:
            request["Tags"], tags = tags, None
        return self(operation, **request), tags


def handler_failure(message: str, code: str) -> str:
    """A reason as CloudFormation records a resource handler's failure."""
    return (
        f'Resource handler returned message: "{message}" '
        f"(RequestToken: {uuid.uuid4()}, HandlerErrorCode: {code})"
    )


def refusal(error: ServiceError, action: str, type_name: str, arn: str) -> str:
    """The reason for a refused call: the providers' translation of the service's error."""
    sdk = error.sdk_message()
    if error.code in INVALID:
        if action == "CREATE":
            message = f"Couldn't create {type_name} due to error: {sdk}"
            return handler_failure(f"Invalid request provided: {message}", "InvalidRequest")
        return handler_failure(f"Invalid request provided: {sdk}", "InvalidRequest")
    if error.code == "AccessDeniedException":
        return handler_failure(f"Access denied for operation '{type_name}'.", "AccessDenied")
    if error.code == "ResourceLimitExceededException":
        message = f"Limit exceeded for resource of type '{type_name}'. Reason: {sdk}"
        return handler_failure(message, "ServiceLimitExceeded")
    if error.code in ("InvalidResourceStateException", "ConflictException"):
        message = (
            f"Resource of type '{type_name}' with identifier '{arn}' has a conflict. Reason: {sdk}."
        )
        return handler_failure(message, "ResourceConflict")
    retried = _RETRIED.get(error.code)
    if retried == "Throttling":
        return handler_failure(f"Rate exceeded for operation '{type_name}'.", retried)
    if retried == "NetworkFailure":
        message = f"Network failure occurred during operation '{type_name}'."
        return handler_failure(message, retried)
    if retried is not None:
        message = f"Internal error reported from downstream service during operation '{type_name}'."
        return handler_failure(message, retried)
    message = f"Error occurred during operation '{type_name}{sdk}'."
    return handler_failure(message, "GeneralServiceException")
