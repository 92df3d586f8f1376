"""The properties of ``AWS::LicenseManager::License`` and ``AWS::LicenseManager::Grant`` as
CloudFormation's resource schemas state them, and the check CloudFormation runs before it
calls a resource's handler: template values are converted to the schema's types (``"10"`` to
10, ``"true"`` to True), and what still breaks the schema is worded as CloudFormation words
it (``#/Entitlements/0: required key [Unit] not found``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from licensemgr_mock.pipeline.api import (
    AllowedOperation,
    EntitlementUnit,
    GrantStatus,
    RenewType,
)


@dataclass(frozen=True)
class Scalar:
    """A string, integer or boolean property."""

    type: str
    enum: tuple[str, ...] = ()
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Array:
    """A list property."""

    items: Spec
    min_items: int | None = None
    max_items: int | None = None
    unique: bool = False


@dataclass(frozen=True)
class Object:
    """A structure: its properties (no others are allowed) and the required ones."""

    properties: dict[str, Spec] = field(default_factory=dict)
    required: tuple[str, ...] = ()


Spec = Scalar | Array | Object

STRING = Scalar("string")
INTEGER = Scalar("integer")
BOOLEAN = Scalar("boolean")
ARN = Scalar(
    "string",
    max_length=2048,
    pattern=r"^arn:aws[a-zA-Z-]*:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:"
    r"[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,1023}$",
)
# ISO 8601 with a time and a zone, at most 50 characters (the schema's ValidityDateFormat).
MOMENT = Scalar(
    "string",
    max_length=50,
    pattern=r"^-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$",
)
TAGS = Array(Object({"Key": STRING, "Value": STRING}, required=("Key", "Value")))
NAME_VALUE = Object({"Name": STRING, "Value": STRING}, required=("Name", "Value"))

LICENSE = Object(
    {
        "Beneficiary": STRING,
        "ConsumptionConfiguration": Object(
            {
                "BorrowConfiguration": Object(
                    {"AllowEarlyCheckIn": BOOLEAN, "MaxTimeToLiveInMinutes": INTEGER},
                    required=("MaxTimeToLiveInMinutes", "AllowEarlyCheckIn"),
                ),
                "ProvisionalConfiguration": Object(
                    {"MaxTimeToLiveInMinutes": INTEGER}, required=("MaxTimeToLiveInMinutes",)
                ),
                "RenewType": Scalar("string", enum=tuple(RenewType)),
            }
        ),
        "Entitlements": Array(
            Object(
                {
                    "AllowCheckIn": BOOLEAN,
                    "MaxCount": INTEGER,
                    "Name": STRING,
                    "Overage": BOOLEAN,
                    "Unit": Scalar("string", enum=tuple(EntitlementUnit)),
                    "Value": STRING,
                },
                required=("Name", "Unit"),
            ),
            unique=True,
        ),
        "HomeRegion": STRING,
        "Issuer": Object({"Name": STRING, "SignKey": STRING}, required=("Name",)),
        "LicenseMetadata": Array(NAME_VALUE, unique=True),
        "LicenseName": STRING,
        "ProductName": STRING,
        "ProductSKU": Scalar("string", min_length=1, max_length=1024),
        "Status": STRING,
        "Tags": TAGS,
        "Validity": Object({"Begin": MOMENT, "End": MOMENT}, required=("Begin", "End")),
    },
    required=(
        "LicenseName",
        "ProductName",
        "Issuer",
        "HomeRegion",
        "Validity",
        "ConsumptionConfiguration",
        "Entitlements",
        "Beneficiary",
        "ProductSKU",
    ),
)

GRANT = Object(
    {
        "AllowedOperations": Array(
            Scalar("string", enum=tuple(AllowedOperation)), min_items=1, max_items=8, unique=True
        ),
        "GrantName": STRING,
        "HomeRegion": STRING,
        "LicenseArn": ARN,
        "Principals": Array(ARN, min_items=1, max_items=1, unique=True),
        "Status": Scalar("string", enum=tuple(GrantStatus)),
        "Tags": TAGS,
    }
)

# The type names CloudFormation's messages use (its validator's, a Java library's).
_FOUND: dict[type, str] = {
    bool: "Boolean",
    int: "Integer",
    float: "BigDecimal",
    str: "String",
    dict: "JSONObject",
    list: "JSONArray",
}
_EXPECTED = {"string": "String", "integer": "Integer", "boolean": "Boolean"}


def _found(value: object) -> str:
    if value is None:
        return "Null"
    return _FOUND.get(type(value), type(value).__name__)


def conform(spec: Spec, value: Any, path: str = "#") -> tuple[Any, list[str]]:
    """``value`` converted to the schema's types, and every way it breaks the schema, worded
    as CloudFormation's ``Properties validation failed`` message lists them."""
    if isinstance(spec, Object):
        if not isinstance(value, dict):
            return value, [f"{path}: expected type: JSONObject, found: {_found(value)}"]
        problems = [
            f"{path}: required key [{key}] not found" for key in spec.required if key not in value
        ]
        problems += [
            f"{path}: extraneous key [{key}] is not permitted"
            for key in value
            if key not in spec.properties
        ]
        converted: dict[str, Any] = {}
        for key, item in value.items():
            if key in spec.properties:
                converted[key], found = conform(spec.properties[key], item, f"{path}/{key}")
                problems += found
        return converted, problems
    if isinstance(spec, Array):
        return _conform_array(spec, value, path)
    return _conform_scalar(spec, value, path)


def _conform_array(spec: Array, value: Any, path: str) -> tuple[Any, list[str]]:
    if not isinstance(value, list):
        return value, [f"{path}: expected type: JSONArray, found: {_found(value)}"]
    problems: list[str] = []
    if spec.max_items is not None and len(value) > spec.max_items:
        problems.append(
            f"{path}: expected maximum item count: {spec.max_items}, found: {len(value)}"
        )
    if spec.min_items is not None and len(value) < spec.min_items:
        problems.append(
            f"{path}: expected minimum item count: {spec.min_items}, found: {len(value)}"
        )
    items = []
    for index, item in enumerate(value):
        converted, found = conform(spec.items, item, f"{path}/{index}")
        items.append(converted)
        problems += found
    if spec.unique and any(item in items[:index] for index, item in enumerate(items)):
        problems.append(f"{path}: array items are not unique")
    return items, problems


def _conform_scalar(spec: Scalar, value: Any, path: str) -> tuple[Any, list[str]]:
    value = _converted(spec.type, value)
    expected = {"string": str, "integer": int, "boolean": bool}[spec.type]
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        return value, [f"{path}: expected type: {_EXPECTED[spec.type]}, found: {_found(value)}"]
    problems = []
    if spec.enum and value not in spec.enum:
        problems.append(f"{path}: {value} is not a valid enum value")
    if isinstance(value, str):
        if spec.max_length is not None and len(value) > spec.max_length:
            problems.append(f"{path}: expected maxLength: {spec.max_length}, actual: {len(value)}")
        if spec.min_length is not None and len(value) < spec.min_length:
            problems.append(f"{path}: expected minLength: {spec.min_length}, actual: {len(value)}")
        if spec.pattern is not None and not re.match(spec.pattern, value):
            problems.append(f"{path}: string [{value}] does not match pattern {spec.pattern}")
    return value, problems


def _converted(kind: str, value: Any) -> Any:
    """CloudFormation's lenient conversion of a template value to the schema's type."""
    if kind == "integer" and isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    if kind == "integer" and isinstance(value, float) and value.is_integer():
        return int(value)
    if kind == "boolean" and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if kind == "string" and isinstance(value, bool):
        return str(value).lower()
    if kind == "string" and isinstance(value, (int, float)):
        return str(value)
    return value
