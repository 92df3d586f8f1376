"""``AWS::LicenseManager::License`` and ``AWS::LicenseManager::Grant`` for moto's
CloudFormation, made as CloudFormation's resource providers make them: through License
Manager's API (the same router, validation and areas as any client's call), create with
CreateLicense / CreateGrant, update with a new version (CreateLicenseVersion /
CreateGrantVersion, SourceVersion the current one), delete with DeleteLicense / DeleteGrant
naming the current version. ``Ref`` is the ARN; ``Fn::GetAtt`` gives ``LicenseArn`` or
``GrantArn``, and ``Version``.

What CloudFormation or the service refuses raises ``cfn_failures.ResourceFailed`` with the
reason CloudFormation records: the schema check's ``Properties validation failed ...``, or
``Resource handler returned message: "..." (RequestToken: ..., HandlerErrorCode: ...)``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Self

from moto.core.common_models import CloudFormationModel

from licensemgr_mock.moto_adapters.cfn_calls import (
    INVALID,
    Api,
    Json,
    ServiceError,
    handler_failure,
    refusal,
)
from licensemgr_mock.moto_adapters.cfn_failures import ResourceFailed
from licensemgr_mock.moto_adapters.cfn_schemas import GRANT, LICENSE, Object, conform

Properties = Json

# The members of CreateLicense and CreateLicenseVersion a license's properties carry.
LICENSE_TERMS = (
    "LicenseName",
    "ProductName",
    "Issuer",
    "HomeRegion",
    "Validity",
    "Entitlements",
    "ConsumptionConfiguration",
    "LicenseMetadata",
)
GRANT_CHANGES = ("GrantName", "AllowedOperations", "Status")


@dataclass(frozen=True)
class Kind:
    """What tells a License from a Grant."""

    type_name: str
    schema: Object
    arn_attribute: str
    # Properties the version operations cannot change (the schemas make none createOnly).
    fixed: tuple[str, ...]
    create: Callable[[Api, Properties], tuple[Json, list[Any] | None]]
    update: Callable[[Api, str, Properties, Properties], str | None]
    delete: Callable[[Api, str], None]


def _create_license(api: Api, new: Properties) -> tuple[Json, list[Any] | None]:
    request = {k: new[k] for k in (*LICENSE_TERMS, "ProductSKU", "Beneficiary") if k in new}
    answer, tags = api.create("CreateLicense", request, new.get("Tags"))
    return {"arn": answer["LicenseArn"], "version": answer["Version"]}, tags


def _update_license(api: Api, arn: str, old: Properties, new: Properties) -> str | None:
    if all(old.get(k) == new.get(k) for k in (*LICENSE_TERMS, "Status")):
        return None
    current = api("GetLicense", LicenseArn=arn)["License"]
    request = {k: new[k] for k in LICENSE_TERMS if k in new}
    answer = api(
        "CreateLicenseVersion",
        **request,
        LicenseArn=arn,
        # Left out, the license keeps its status (CreateLicenseVersion requires one).
        Status=new.get("Status", current["Status"]),
        SourceVersion=current["Version"],
        ClientToken=str(uuid.uuid4()),
    )
    return str(answer["Version"])


def _delete_license(api: Api, arn: str) -> None:
    current = _current(api, "GetLicense", {"LicenseArn": arn}, "License")
    if current is not None and current["Status"] not in ("PENDING_DELETE", "DELETED"):
        api("DeleteLicense", LicenseArn=arn, SourceVersion=current["Version"])


def _create_grant(api: Api, new: Properties) -> tuple[Json, list[Any] | None]:
    members = ("GrantName", "LicenseArn", "Principals", "HomeRegion", "AllowedOperations")
    request = {k: new[k] for k in members if k in new}
    answer, tags = api.create("CreateGrant", request, new.get("Tags"))
    return {"arn": answer["GrantArn"], "version": answer["Version"]}, tags


def _update_grant(api: Api, arn: str, old: Properties, new: Properties) -> str | None:
    # Only what changed: CreateGrantVersion refuses a version that changes nothing, and only
    # the grantee may set Status.
    changes = {k: new[k] for k in GRANT_CHANGES if k in new and new[k] != old.get(k)}
    if not changes:
        return None
    current = api("GetGrant", GrantArn=arn)["Grant"]
    answer = api(
        "CreateGrantVersion",
        **changes,
        GrantArn=arn,
        SourceVersion=current["Version"],
        ClientToken=str(uuid.uuid4()),
    )
    return str(answer["Version"])


def _delete_grant(api: Api, arn: str) -> None:
    current = _current(api, "GetGrant", {"GrantArn": arn}, "Grant")
    if current is not None and current["GrantStatus"] != "DELETED":
        api("DeleteGrant", GrantArn=arn, Version=current["Version"])


def _current(api: Api, operation: str, request: Properties, member: str) -> Any:
    """The resource as it reads now; None when it is gone (a delete then has nothing to do,
    as CloudFormation treats a resource its handler no longer finds)."""
    try:
        return api(operation, **request)[member]
    except ServiceError as error:
        if error.code in INVALID:
            return None
        raise


LICENSE_KIND = Kind(
    "AWS::LicenseManager::License",
    LICENSE,
    "LicenseArn",
    ("ProductSKU", "Beneficiary", "HomeRegion"),
    _create_license,
    _update_license,
    _delete_license,
)
GRANT_KIND = Kind(
    "AWS::LicenseManager::Grant",
    GRANT,
    "GrantArn",
    ("LicenseArn", "Principals", "HomeRegion"),
    _create_grant,
    _update_grant,
    _delete_grant,
)


def _conformed(kind: Kind, json_: Json, logical_id: str, action: str) -> Properties:
    """The properties converted to the schema's types; ResourceFailed if they break it."""
    properties, problems = conform(kind.schema, json_.get("Properties") or {})
    if problems:
        reason = (
            f"Properties validation failed for resource {logical_id} with message: "
            f"[{', '.join(problems)}]"
        )
        raise ResourceFailed(logical_id, kind.type_name, action, reason)
    return dict(properties)


@dataclass
class _Made:
    """What a License or Grant resource holds: its ARN, version and last properties, and the
    API of its account and region."""

    arn: str
    version: str
    properties: Properties
    api: Api


def _create(kind: Kind, json_: Json, api: Api, logical_id: str) -> _Made:
    properties = _conformed(kind, json_, logical_id, "CREATE")
    try:
        made, tags = kind.create(api, properties)
        if tags:
            # A model without Tags on the create operation: tagged after, undone if refused.
            try:
                api("TagResource", ResourceArn=made["arn"], Tags=tags)
            except ServiceError:
                kind.delete(api, made["arn"])
                raise
    except ServiceError as error:
        reason = refusal(error, "CREATE", kind.type_name, "")
        raise ResourceFailed(logical_id, kind.type_name, "CREATE", reason) from None
    return _Made(made["arn"], str(made["version"]), properties, api)


def _update(kind: Kind, made: _Made, json_: Json, logical_id: str) -> None:
    properties = _conformed(kind, json_, logical_id, "UPDATE")
    if any(properties.get(k) != made.properties.get(k) for k in kind.fixed):
        message = (
            f"Resource of type '{kind.type_name}' with identifier '{made.arn}' is not "
            "updatable with parameters provided."
        )
        raise ResourceFailed(
            logical_id, kind.type_name, "UPDATE", handler_failure(message, "NotUpdatable")
        )
    try:
        version = kind.update(made.api, made.arn, made.properties, properties)
        if version is not None:
            made.version = version
        # Held as made before the tags change, so that a rollback puts the terms back.
        tags = made.properties.get("Tags")
        made.properties = {k: v for k, v in properties.items() if k != "Tags"}
        if tags is not None:
            made.properties["Tags"] = tags
        _retag(made.api, made.arn, tags, properties.get("Tags"))
    except ServiceError as error:
        reason = refusal(error, "UPDATE", kind.type_name, made.arn)
        raise ResourceFailed(logical_id, kind.type_name, "UPDATE", reason) from None
    made.properties = properties


def _retag(api: Api, arn: str, old: list[Any] | None, new: list[Any] | None) -> None:
    before = {t["Key"]: t["Value"] for t in old or []}
    after = {t["Key"]: t["Value"] for t in new or []}
    # Added first: TagResource is the call that refuses bad tags, and it changes nothing then.
    added = [{"Key": k, "Value": v} for k, v in after.items() if before.get(k) != v]
    if added:
        api("TagResource", ResourceArn=arn, Tags=added)
    removed = [key for key in before if key not in after]
    if removed:
        api("UntagResource", ResourceArn=arn, TagKeys=removed)


def _delete(kind: Kind, api: Api, arn: str, logical_id: str) -> None:
    try:
        kind.delete(api, arn)
    except ServiceError as error:
        reason = refusal(error, "DELETE", kind.type_name, arn)
        raise ResourceFailed(logical_id, kind.type_name, "DELETE", reason) from None


def _attribute(kind: Kind, made: _Made, name: str) -> str:
    if name == kind.arn_attribute:
        return made.arn
    if name == "Version":
        return made.version
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

    raise UnformattedGetAttTemplateException()


class _KindResource:
    """What a License and a Grant resource do alike, by their ``KIND``. A plain base: moto
    finds a resource type only as a direct subclass of ``CloudFormationModel``, which each of
    them is (``class License(_KindResource, CloudFormationModel)``)."""

    KIND: ClassVar[Kind]

    def __init__(self, made: _Made) -> None:
        self.made = made

    @classmethod
    def cloudformation_type(cls) -> str:
        """The resource type this class makes."""
        return cls.KIND.type_name

    @staticmethod
    def cloudformation_name_type() -> str:
        """No generated name: LicenseName and GrantName come from the template."""
        return ""

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        """``Fn::GetAtt`` gives the ARN (LicenseArn or GrantArn) and Version."""
        return attr in (cls.KIND.arn_attribute, "Version")

    def get_cfn_attribute(self, attribute_name: str) -> str:
        """The ARN or the current Version."""
        return _attribute(self.KIND, self.made, attribute_name)

    @property
    def physical_resource_id(self) -> str:
        """What ``Ref`` gives: the ARN."""
        return self.made.arn

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: Json,
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Self:
        """CreateLicense or CreateGrant with the template's properties."""
        api = Api(account_id, region_name)
        return cls(_create(cls.KIND, cloudformation_json, api, kwargs.get("LogicalId", "")))

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: Self,
        new_resource_name: str,
        cloudformation_json: Json,
        account_id: str,
        region_name: str,
    ) -> Self:
        """A new license or grant version with what the template changed, and its tags."""
        logical_id = getattr(original_resource, "logical_resource_id", "")
        _update(cls.KIND, original_resource.made, cloudformation_json, logical_id)
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: Json,
        account_id: str,
        region_name: str,
    ) -> None:
        """DeleteLicense or DeleteGrant, naming the current version."""
        _delete(cls.KIND, Api(account_id, region_name), resource_name, "")

    def delete(self, account_id: str, region_name: str) -> None:
        """DeleteLicense or DeleteGrant, naming the current version."""
        logical_id = getattr(self, "logical_resource_id", "")
        _delete(self.KIND, self.made.api, self.made.arn, logical_id)

    def is_created(self) -> bool:
        """Made at once: CreateLicense and CreateGrant answer with the new resource."""
        return True


class License(_KindResource, CloudFormationModel):
    """``AWS::LicenseManager::License``."""

    KIND: ClassVar[Kind] = LICENSE_KIND


class Grant(_KindResource, CloudFormationModel):
    """``AWS::LicenseManager::Grant``."""

    KIND: ClassVar[Kind] = GRANT_KIND


RESOURCES: tuple[type[CloudFormationModel], ...] = (License, Grant)
