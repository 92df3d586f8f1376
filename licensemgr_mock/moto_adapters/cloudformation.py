"""Teaches moto's CloudFormation License Manager's resource types (``cfn_resources``), to
fail a stack as CloudFormation does (``cfn_failures``), as the request's OnFailure or
DisableRollback says (``cfn_requests``), to refuse the templates CloudFormation refuses and
read YAML safely (``cfn_templates``), and to give a stack its outputs and exports after a
change set or an update (``cfn_outputs``).

moto's CloudFormation has no registry for third-party types: a type is found when its class is
a direct subclass of ``moto.core.common_models.CloudFormationModel`` that exists when
``moto.cloudformation.parsing`` first lists the subclasses, which it then caches
(``get_model_list`` and its siblings). So, when moto first imports its CloudFormation (never
before: it imports most of moto), ``cfn_resources`` defines the types, the caches are
cleared, and moto is asked whether it now finds them; a moto that works otherwise fails with
a ``MotoChangedError`` naming its version.

moto's ``AWS::KMS::Key`` ignores KeySpec and KeyUsage (every key is a symmetric one); a
license's SignKey must be an RSA SIGN_VERIFY key, so the key is made with the ones given.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

MODELS = "moto.cloudformation.models"
_CACHES = ("get_model_list", "get_model_map", "get_name_type_map")

__all__ = ["MotoChangedError", "install"]


class MotoChangedError(RuntimeError):
    """moto's CloudFormation no longer works the way this adapter relies on."""


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
        if fullname != MODELS or _taught:
            return None
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
    from moto.cloudformation import models, parsing, responses
    from moto.kms import models as kms_models
    from moto.kms import utils as kms_utils

    from licensemgr_mock.moto_adapters import cfn_resources
    from licensemgr_mock.moto_adapters.cfn_failures import (
        failing_change_set,
        failing_creation,
        failing_update,
        resource_statuses,
    )
    from licensemgr_mock.moto_adapters.cfn_outputs import exporting, outputs_taking
    from licensemgr_mock.moto_adapters.cfn_requests import (
        change_set_creating,
        change_set_executing,
        creating,
        updating,
    )
    from licensemgr_mock.moto_adapters.cfn_templates import (
        checking,
        linting,
        safe_yaml,
        summarising,
    )

    for owner, name in (
        (models.CloudFormationBackend, "create_stack"),
        (models.CloudFormationBackend, "execute_change_set"),
        (models.CloudFormationBackend, "create_change_set"),
        (models.CloudFormationBackend, "validate_template"),
        (models.Stack, "parse_template"),
        (models, "yaml"),
        (models, "cloudformation_backends"),
        (responses, "get_template_summary_response_from_template"),
        (responses, "yaml"),
        (models.Stack, "update"),
        (models.Stack, "_add_stack_event"),
        (kms_models.Key, "create_from_cloudformation_json"),
        (kms_utils, "generate_private_key"),
        (parsing, "OutputMap"),
        (models, "Event"),
        (responses.CloudFormationResponse, "create_stack"),
        (responses.CloudFormationResponse, "update_stack"),
        (responses.CloudFormationResponse, "execute_change_set"),
        (responses.CloudFormationResponse, "create_change_set"),
        (responses.StackResourceDTO, "__init__"),
    ):
        if not hasattr(owner, name):
            raise changed(f"{getattr(owner, '__name__', owner)}.{name} is gone")
    _refresh(parsing, cfn_resources.RESOURCES)
    for reader in (models, responses):
        reader.yaml = safe_yaml()  # type: ignore[attr-defined]
    responses.get_template_summary_response_from_template = summarising(  # type: ignore[assignment]
        responses.get_template_summary_response_from_template
    )
    backend = models.CloudFormationBackend
    backend.create_stack = failing_creation(checking(backend.create_stack))  # type: ignore[method-assign]
    backend.create_change_set = checking(backend.create_change_set)  # type: ignore[method-assign]
    backend.validate_template = linting(backend.validate_template)  # type: ignore[method-assign]
    backend.execute_change_set = outputs_taking(  # type: ignore[method-assign]
        failing_change_set(backend.execute_change_set)
    )
    models.Stack.update = exporting(failing_update(checking(models.Stack.update)))  # type: ignore[method-assign]
    handlers = responses.CloudFormationResponse
    handlers.create_stack = creating(handlers.create_stack)  # type: ignore[method-assign,assignment]
    handlers.update_stack = updating(handlers.update_stack)  # type: ignore[method-assign,assignment]
    handlers.create_change_set = change_set_creating(  # type: ignore[method-assign,assignment]
        handlers.create_change_set
    )
    handlers.execute_change_set = change_set_executing(  # type: ignore[method-assign,assignment]
        handlers.execute_change_set
    )
    responses.StackResourceDTO.__init__ = resource_statuses(  # type: ignore[method-assign]
        responses.StackResourceDTO.__init__
    )
    kms_models.Key.create_from_cloudformation_json = _key_with_spec(  # type: ignore[method-assign]
        kms_models.Key.create_from_cloudformation_json, kms_utils.generate_private_key
    )
    _taught.append(True)
    # Kept until now: a moto that could not be taught fails again at its next import.
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _WhenImported)]


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
