"""How a stack fails in moto's CloudFormation, as in CloudFormation: moto has no failed stacks
(an error while a stack's resources are made escapes CreateStack, the stack stays
CREATE_IN_PROGRESS and what was made stays). A resource CloudFormation would fail raises
``ResourceFailed`` instead (any adapter may); the stack then records the failure
(CREATE_FAILED or UPDATE_FAILED, with CloudFormation's reason), rolls back (deletes what it
made, or applies the previous template again) and ends ROLLBACK_COMPLETE or
UPDATE_ROLLBACK_COMPLETE, while CreateStack and UpdateStack answer as usual.

What a failure does is the request's choice (``OnFailure``, read by ``cfn_requests``): roll
back, do nothing (the stack ends CREATE_FAILED or UPDATE_FAILED and keeps what was made or
changed), or roll back and delete the stack."""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from licensemgr_mock.pipeline.errors import xml_safe

if TYPE_CHECKING:
    from moto.cloudformation.models import CloudFormationBackend, Stack
    from moto.cloudformation.parsing import ResourceMap

__all__ = [
    "OnFailure",
    "ResourceFailed",
    "change_set_named",
    "failing_change_set",
    "failing_creation",
    "failing_update",
    "on_failure",
    "resource_statuses",
]


class OnFailure(enum.Enum):
    """What a stack does when a resource fails: CreateStack's OnFailure (its model's order)."""

    DO_NOTHING = "DO_NOTHING"
    ROLLBACK = "ROLLBACK"
    DELETE = "DELETE"


_LOG = logging.getLogger(__name__)

# moto's backend methods take no such argument: the request's handler sets it around them.
_MODE: ContextVar[OnFailure] = ContextVar("licensemgr_mock_on_failure", default=OnFailure.ROLLBACK)


@contextmanager
def on_failure(mode: OnFailure) -> Iterator[None]:
    """Stacks created, updated or executed inside fail as ``mode`` says."""
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


class ResourceFailed(Exception):
    """A resource CloudFormation could not create, update or delete: the stack records it
    (``{ACTION}_FAILED`` with ``reason``) and rolls back."""

    def __init__(self, logical_id: str, resource_type: str, action: str, reason: str) -> None:
        # CloudFormation answers in XML, and a reason may quote a property's value.
        reason = xml_safe(reason)
        super().__init__(reason)
        self.logical_id = logical_id
        self.resource_type = resource_type
        self.action = action
        self.reason = reason


def failing_creation(create_stack: Callable[..., Stack]) -> Callable[..., Stack]:
    """moto's ``CloudFormationBackend.create_stack``, rolling the stack back when a resource
    fails (whether made by ``create_resources`` or earlier, by an output's export)."""

    def create(backend: CloudFormationBackend, *args: Any, **kwargs: Any) -> Stack:
        mode = _MODE.get()
        existing = set(backend.stacks)
        try:
            stack = create_stack(backend, *args, **kwargs)
        except ResourceFailed as failure:
            name = kwargs["name"] if "name" in kwargs else args[0]
            # moto keeps the stack before it makes its resources.
            stack = next(s for s in backend.stacks.values() if s.name == name)
            _fail_creation(backend, stack, failure, mode)
        except Exception as error:
            _unmake(backend, [backend.stacks[i] for i in set(backend.stacks) - existing])
            if _moto_error(error):
                raise
            raise _template_error(error) from error
        # DescribeStacks reads DisableRollback from here.
        stack.disable_rollback = mode is OnFailure.DO_NOTHING
        return stack

    return create


def _unmake(backend: CloudFormationBackend, stacks: list[Stack]) -> None:
    """Deletes what a creation moto could not finish made, and the stack: CloudFormation
    would have refused its template before making anything."""
    for stack in stacks:
        _unmake_resources(backend, stack)
        del backend.stacks[stack.stack_id]


def _unmake_resources(backend: CloudFormationBackend, stack: Stack) -> None:
    try:
        stack.resource_map.delete()
    except Exception:
        # moto failing again: the log says what may remain.
        _LOG.warning("could not delete what stack %s made", stack.name, exc_info=True)
    _settle(backend, stack)


def _moto_error(error: Exception) -> bool:
    """An error moto answers as a service's (CloudFormation's are ServiceExceptions, other
    services' HTTPExceptions), not a failure of moto itself."""
    from moto.core.exceptions import ServiceException
    from werkzeug.exceptions import HTTPException

    return isinstance(error, ServiceException | HTTPException)


def _template_error(error: Exception) -> Exception:
    """What CreateStack answers when moto's CloudFormation fails on a template
    ``cfn_templates`` let through: a template error rather than a 500."""
    from moto.cloudformation.exceptions import ValidationError

    return ValidationError(
        message=xml_safe(
            f"Template error: moto's CloudFormation cannot make this stack ({error!r})"
        )
    )


def _fail_creation(
    backend: CloudFormationBackend, stack: Stack, failure: ResourceFailed, mode: OnFailure
) -> None:
    if mode is OnFailure.ROLLBACK:
        _roll_back_creation(backend, stack, failure)
    elif mode is OnFailure.DO_NOTHING:
        _keep_creation(backend, stack, failure)
    else:
        _delete_creation(backend, stack, failure)


def _keep_creation(backend: CloudFormationBackend, stack: Stack, failure: ResourceFailed) -> None:
    """CREATE_FAILED: what was made stays, with no outputs or exports (the stack never
    completed); an update of the stack makes what is missing."""
    _resource_event(stack, failure)
    _settle(backend, stack)
    reason = f"The following resource(s) failed to create: [{failure.logical_id}]. "
    setattr(stack, _FAILED, failure.logical_id)
    _stack_status(stack, "CREATE_FAILED", reason)


def _delete_creation(backend: CloudFormationBackend, stack: Stack, failure: ResourceFailed) -> None:
    """OnFailure DELETE: the stack deletes what it made, then is deleted itself (readable by
    its id only, as DELETE_COMPLETE)."""
    _resource_event(stack, failure)
    reason = (
        f"The following resource(s) failed to create: [{failure.logical_id}]. "
        "Delete requested by user."
    )
    _stack_status(stack, "DELETE_IN_PROGRESS", reason)
    if _deleted(backend, stack, "DELETE_FAILED"):
        backend.deleted_stacks[stack.stack_id] = backend.stacks.pop(stack.stack_id)
        _stack_status(stack, "DELETE_COMPLETE", None)


def _roll_back_creation(
    backend: CloudFormationBackend, stack: Stack, failure: ResourceFailed
) -> None:
    _resource_event(stack, failure)
    reason = (
        f"The following resource(s) failed to {failure.action.lower()}: "
        f"[{failure.logical_id}]. Rollback requested by user."
    )
    _stack_status(stack, "ROLLBACK_IN_PROGRESS", reason)
    if _deleted(backend, stack, "ROLLBACK_FAILED"):
        _stack_status(stack, "ROLLBACK_COMPLETE", reason)


def _deleted(backend: CloudFormationBackend, stack: Stack, failed_status: str) -> bool:
    """Deletes what the stack made; a deletion that fails leaves the stack ``failed_status``
    with what it could not delete."""
    try:
        stack.resource_map.delete()
    except ResourceFailed as again:
        _resource_event(stack, again)
        _stack_status(stack, failed_status, again.reason)
        return False
    finally:
        _settle(backend, stack)
    return True


def _settle(backend: CloudFormationBackend, stack: Stack) -> None:
    """A stack whose creation failed: no outputs, no exports, and only the resources that
    exist (moto's lazy map would make the others again when the stack is described)."""
    from moto.cloudformation.parsing import OutputMap

    _forget_unmade(stack.resource_map)
    stack.output_map = OutputMap(stack.resource_map, {}, stack.stack_id)
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        backend.exports.pop(name)


def _forget_unmade(resources: ResourceMap) -> None:
    """Forgets the resources a failed operation did not make (or has deleted): moto's lazy
    map would make them when the stack is described, and the next update, seeing them new,
    makes them."""
    resources._resource_json_map = {
        name: json
        for name, json in resources._resource_json_map.items()
        if name in resources._parsed_resources
    }


def failing_update(update: Callable[..., None]) -> Callable[..., None]:
    """moto's ``Stack.update``, applying the previous template again when a resource fails."""

    def updating(stack: Stack, *args: Any, **kwargs: Any) -> None:
        before = _Before.of(stack)
        mode = _MODE.get()
        try:
            update(stack, *args, **kwargs)
        except ResourceFailed as failure:
            _fail_update(stack, before, failure, mode)
        except Exception as error:
            if _moto_error(error):
                raise
            _undo_update(stack, before)
            raise _template_error(error) from error

    return updating


@dataclass(frozen=True)
class _Before:
    """A stack as it was before an update or a change set's execution."""

    template: Any
    parameters: dict[str, Any]
    resources: dict[str, Any]  # the template's Resources
    status: str
    events: int

    @classmethod
    def of(cls, stack: Stack) -> _Before:
        # moto parses a new template into a new dict: this one stays the previous one.
        resources = stack.template_dict.get("Resources") or {}
        return cls(
            stack.template, dict(stack.parameters), resources, stack.status, len(stack.events)
        )


def _fail_update(stack: Stack, before: _Before, failure: ResourceFailed, mode: OnFailure) -> None:
    if mode is OnFailure.DO_NOTHING:
        _keep_update(stack, before.resources, failure)
    else:
        _roll_back_update(stack, before, failure)


def _undo_update(stack: Stack, before: _Before) -> None:
    """An update moto could not finish (a template ``cfn_templates`` let through), changed
    back: CloudFormation would have refused the template before it changed anything."""
    try:
        _apply_previous(stack, before)
        stack.output_map = stack._create_output_map()
    except Exception:
        # moto failing again on the previous template: the log says what may differ.
        _LOG.warning("could not change stack %s back", stack.name, exc_info=True)
    _as_before(stack, before)


def _as_before(stack: Stack, before: _Before) -> None:
    """The stack's status and events as they were."""
    stack.status = before.status
    del stack.events[before.events :]


def _keep_update(stack: Stack, previous: dict[str, Any], failure: ResourceFailed) -> None:
    """UPDATE_FAILED with rollback disabled: what the update made or changed stays; what it
    did not change keeps its previous definition, so a later update tries it again.
    ``previous`` is the previous template's Resources."""
    _resource_event(stack, failure)
    resources = stack.resource_map
    _forget_unmade(resources)
    # moto makes the new resources before it changes the others: a failed creation left
    # every change undone.
    unchanged = previous if failure.action == "CREATE" else [failure.logical_id]
    for name in unchanged:
        if name in previous and name in resources._resource_json_map:
            resources._resource_json_map[name] = previous[name]
    reason = (
        f"The following resource(s) failed to {failure.action.lower()}: [{failure.logical_id}]. "
    )
    setattr(stack, _FAILED, failure.logical_id)
    _stack_status(stack, "UPDATE_FAILED", reason)


def _roll_back_update(stack: Stack, before: _Before, failure: ResourceFailed) -> None:
    _resource_event(stack, failure)
    reason = (
        f"The following resource(s) failed to {failure.action.lower()}: [{failure.logical_id}]."
    )
    _stack_status(stack, "UPDATE_ROLLBACK_IN_PROGRESS", reason)
    try:
        _apply_previous(stack, before)
    except ResourceFailed as again:
        _resource_event(stack, again)
        _stack_status(stack, "UPDATE_ROLLBACK_FAILED", again.reason)
        return
    stack.output_map = stack._create_output_map()
    _stack_status(stack, "UPDATE_ROLLBACK_COMPLETE", reason)


def _apply_previous(stack: Stack, before: _Before) -> None:
    """The previous template (and parameters) applied again: what was added goes, what
    changed changes back."""
    resources = stack.resource_map
    # A resource the failed update never made has nothing to roll back (moto would warn).
    for logical_id in [
        n for n in resources._resource_json_map if n not in resources._parsed_resources
    ]:
        del resources._resource_json_map[logical_id]
    stack.template = before.template
    stack._parse_template()
    stack.resource_map.update(stack.template_dict, before.parameters)


def failing_change_set(execute: Callable[..., None]) -> Callable[..., None]:
    """moto's ``CloudFormationBackend.execute_change_set``, failing the stack it creates or
    updates as the request says when a resource fails (the change set then reads
    EXECUTE_FAILED)."""

    def executing(backend: CloudFormationBackend, *args: Any, **kwargs: Any) -> None:
        mode = _MODE.get()
        name = kwargs["change_set_name"] if "change_set_name" in kwargs else args[0]
        change_set = change_set_named(backend, name)
        if change_set is None:
            # moto's own lookup fails with UnboundLocalError here: answer as CloudFormation.
            from moto.cloudformation.exceptions import CloudFormationError

            message = f"ChangeSet [{name}] does not exist"
            raise CloudFormationError("ChangeSetNotFoundException", message)
        stack = backend.stacks[change_set.stack_id]
        # moto gives the stack the change set's template only once it is applied.
        before = _Before.of(stack)
        try:
            execute(backend, *args, **kwargs)
        except ResourceFailed as failure:
            change_set.execution_status = "EXECUTE_FAILED"
            if mode is OnFailure.DO_NOTHING:
                stack.template = change_set.template
                stack._parse_template()
            if change_set.change_set_type == "CREATE":
                _fail_creation(backend, stack, failure, mode)
            else:
                _fail_update(stack, before, failure, mode)
        except Exception as error:
            if _moto_error(error):
                raise
            if change_set.change_set_type == "CREATE":
                _unmake_resources(backend, stack)
                _as_before(stack, before)
            else:
                _undo_update(stack, before)
            raise _template_error(error) from error
        if change_set.change_set_type == "CREATE":
            stack.disable_rollback = mode is OnFailure.DO_NOTHING

    return executing


def change_set_named(backend: CloudFormationBackend, name: str) -> Any:
    """The change set of that id (its ARN) or name, or None."""
    return backend.change_sets.get(name) or next(
        (c for c in backend.change_sets.values() if c.change_set_name == name), None
    )


# The resource a stack left failed (its status CREATE_FAILED or UPDATE_FAILED).
_FAILED = "licensemgr_mock_failed_resource"


def resource_statuses(init: Callable[..., None]) -> Callable[..., None]:
    """moto's ``StackResourceDTO.__init__`` (DescribeStackResources), which gives every
    resource its stack's status: in a stack left failed, the failed resource reads
    ``{ACTION}_FAILED`` and the others CREATE_COMPLETE or UPDATE_COMPLETE; what a failed
    rollback or deletion left reads DELETE_FAILED."""

    def initialise(dto: Any, stack: Stack, resource: Any, *args: Any, **kwargs: Any) -> None:
        init(dto, stack, resource, *args, **kwargs)
        if stack.status in ("ROLLBACK_FAILED", "DELETE_FAILED"):
            dto.resource_status = "DELETE_FAILED"
        failed = getattr(stack, _FAILED, None)
        if failed is not None and stack.status in ("CREATE_FAILED", "UPDATE_FAILED"):
            action = stack.status.split("_")[0]
            failing = dto.logical_resource_id == failed
            dto.resource_status = stack.status if failing else f"{action}_COMPLETE"

    return initialise


def _stack_status(stack: Stack, status: str, reason: str | None) -> None:
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
