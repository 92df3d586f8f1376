"""Teaches moto's CloudFormation License Manager's resource types, and to fail a stack as
CloudFormation does.

moto's CloudFormation has no registry for third-party types: a type is found when its class is
a direct subclass of ``moto.core.common_models.CloudFormationModel`` that exists when
``moto.cloudformation.parsing`` first lists the subclasses, which it then caches
(``get_model_list`` and its siblings). So, when moto first imports its CloudFormation (never
before: it imports most of moto), ``cfn_resources`` defines the types, the caches are
cleared, and moto is asked whether it now finds them; anything else fails with a
``MotoChangedError`` naming moto's version.

moto has no failed stacks either: an error while a stack's resources are made escapes
CreateStack, the stack stays CREATE_IN_PROGRESS and what was made stays. A resource that
CloudFormation would fail raises ``ResourceFailed`` instead (any adapter may); the stack then
records the failure (CREATE_FAILED or UPDATE_FAILED, with CloudFormation's reason), rolls back
(deletes what it made, or puts back the previous template) and ends ROLLBACK_COMPLETE or
UPDATE_ROLLBACK_COMPLETE, while CreateStack and UpdateStack answer as usual.

moto's ``AWS::KMS::Key`` ignores KeySpec and KeyUsage (every key is a symmetric one); a
license's SignKey must be an RSA SIGN_VERIFY key, so the key is made with the ones given.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from moto.cloudformation.models import CloudFormationBackend, Stack

MODELS = "moto.cloudformation.models"
_CACHES = ("get_model_list", "get_model_map", "get_name_type_map")

__all__ = ["MotoChangedError", "ResourceFailed", "install"]


class MotoChangedError(RuntimeError):
    """moto's CloudFormation no longer works the way this adapter relies on."""


class ResourceFailed(Exception):
    """A resource CloudFormation could not create, update or delete: the stack records it
    (``{ACTION}_FAILED`` with ``reason``) and rolls back."""

    def __init__(self, logical_id: str, resource_type: str, action: str, reason: str) -> None:
        super().__init__(reason)
        self.logical_id = logical_id
        self.resource_type = resource_type
        self.action = action
        self.reason = reason


def _moto_version() -> str:
    import moto

    return str(moto.__version__)


def changed(what: str) -> MotoChangedError:
    """The error for a moto whose CloudFormation changed under this adapter."""
    return MotoChangedError(
        f"licensemgr_mock cannot teach moto {_moto_version()}'s CloudFormation its "
        f"License Manager resources: {what}."
    )


def install() -> None:
    """Teaches moto's CloudFormation now if it is imported, else as soon as it is."""
    if MODELS in sys.modules:
        _teach()
    elif not any(isinstance(finder, _WhenImported) for finder in sys.meta_path):
        sys.meta_path.insert(0, _WhenImported())


class _WhenImported(importlib.abc.MetaPathFinder):
    """Finds moto's CloudFormation models module as usual, with a loader that teaches it once
    it has run."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != MODELS:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is not None and spec.loader is not None:
            spec.loader = _TeachingLoader(spec.loader)
        return spec


class _TeachingLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        _teach()


_taught: list[bool] = []


def _teach() -> None:
    if _taught:
        return
    from moto.cloudformation import models, parsing
    from moto.kms import models as kms_models
    from moto.kms import utils as kms_utils

    from licensemgr_mock.moto_adapters import cfn_resources

    for owner, name in (
        (models.CloudFormationBackend, "create_stack"),
        (models.Stack, "update"),
        (models.Stack, "_add_stack_event"),
        (kms_models.Key, "create_from_cloudformation_json"),
        (kms_utils, "generate_private_key"),
        (parsing, "OutputMap"),
        (models, "Event"),
    ):
        if not hasattr(owner, name):
            raise changed(f"{getattr(owner, '__name__', owner)}.{name} is gone")
    _refresh(parsing, cfn_resources.RESOURCES)
    models.CloudFormationBackend.create_stack = _failing_creation(  # type: ignore[method-assign]
        models.CloudFormationBackend.create_stack
    )
    models.Stack.update = _failing_update(models.Stack.update)  # type: ignore[method-assign]
    kms_models.Key.create_from_cloudformation_json = _key_with_spec(  # type: ignore[method-assign]
        kms_models.Key.create_from_cloudformation_json, kms_utils.generate_private_key
    )
    _taught.append(True)


def _refresh(parsing: ModuleType, resources: Sequence[type[Any]]) -> None:
    """Clears moto's cached list of resource types and checks it now finds ours."""
    caches = [getattr(parsing, name, None) for name in _CACHES]
    if not all(callable(getattr(cache, "cache_clear", None)) for cache in caches):
        raise changed(f"moto.cloudformation.parsing no longer caches {', '.join(_CACHES)}")
    for cache in caches:
        cache.cache_clear()  # type: ignore[union-attr]
    found = parsing.get_model_map()
    for cache in caches:
        # Left empty: moto lists the subclasses again when its first stack is parsed.
        cache.cache_clear()  # type: ignore[union-attr]
    for resource in resources:
        name = resource.cloudformation_type()
        if found.get(name) is not resource:
            raise changed(f"it does not find {name} among CloudFormationModel's subclasses")


def _failing_creation(create_stack: Callable[..., Stack]) -> Callable[..., Stack]:
    def create(backend: CloudFormationBackend, *args: Any, **kwargs: Any) -> Stack:
        try:
            return create_stack(backend, *args, **kwargs)
        except ResourceFailed as failure:
            name = kwargs["name"] if "name" in kwargs else args[0]
            # moto keeps the stack before it makes its resources.
            stack = next(s for s in backend.stacks.values() if s.name == name)
            _roll_back_creation(backend, stack, failure)
            return stack

    return create


def _roll_back_creation(
    backend: CloudFormationBackend, stack: Stack, failure: ResourceFailed
) -> None:
    from moto.cloudformation.parsing import OutputMap

    _resource_event(stack, failure)
    reason = (
        f"The following resource(s) failed to {failure.action.lower()}: "
        f"[{failure.logical_id}]. Rollback requested by user."
    )
    _stack_status(stack, "ROLLBACK_IN_PROGRESS", reason)
    try:
        stack.resource_map.delete()
    except ResourceFailed as again:
        _resource_event(stack, again)
        _stack_status(stack, "ROLLBACK_FAILED", again.reason)
        return
    # Forgotten, else moto's lazy map would make them again when the stack is described.
    stack.resource_map._resource_json_map = {}
    stack.output_map = OutputMap(stack.resource_map, {}, stack.stack_id)
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        backend.exports.pop(name)
    _stack_status(stack, "ROLLBACK_COMPLETE", reason)


def _failing_update(update: Callable[..., None]) -> Callable[..., None]:
    def updating(stack: Stack, *args: Any, **kwargs: Any) -> None:
        previous = (stack.template, dict(stack.parameters))
        try:
            update(stack, *args, **kwargs)
        except ResourceFailed as failure:
            _roll_back_update(stack, previous, failure)

    return updating


def _roll_back_update(
    stack: Stack, previous: tuple[Any, dict[str, Any]], failure: ResourceFailed
) -> None:
    _resource_event(stack, failure)
    reason = (
        f"The following resource(s) failed to {failure.action.lower()}: [{failure.logical_id}]."
    )
    _stack_status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason)
    stack.template, parameters = previous
    stack._parse_template()
    try:
        # The previous template applied again: what was added goes, what changed changes back.
        stack.resource_map.update(stack.template_dict, parameters)
    except ResourceFailed as again:
        _resource_event(stack, again)
        _stack_status(stack, "UPDATE_ROLLBACK_FAILED", again.reason)
        return
    stack.output_map = stack._create_output_map()
    _stack_status(stack, "UPDATE_ROLLBACK_COMPLETE", reason)


def _stack_status(stack: Stack, status: str, reason: str) -> None:
    stack.status = status
    # DescribeStacks reads StackStatusReason from here.
    stack.status_reason = reason  # type: ignore[attr-defined]
    stack._add_stack_event(status, resource_status_reason=reason)


def _resource_event(stack: Stack, failure: ResourceFailed) -> None:
    from moto.cloudformation.models import Event

    event = Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=failure.logical_id,
        physical_resource_id="",
        resource_type=failure.resource_type,
        resource_status=f"{failure.action}_FAILED",
        resource_status_reason=failure.reason,
        resource_properties=None,
    )
    event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    stack.events.append(event)


def _key_with_spec(create: Callable[..., Any], private_key: Callable[[str], Any]) -> Any:
    def create_key(
        cls: type[Any],
        /,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        key = create(resource_name, cloudformation_json, account_id, region_name, **kwargs)
        properties = cloudformation_json.get("Properties") or {}
        spec = properties.get("KeySpec", key.key_spec)
        key.key_usage = properties.get("KeyUsage", key.key_usage)
        if spec != key.key_spec:
            key.key_spec = spec
            key.private_key = private_key(spec)
        return key

    return classmethod(create_key)
