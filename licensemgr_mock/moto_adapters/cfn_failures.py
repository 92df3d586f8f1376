"""How a stack fails in moto's CloudFormation, as in CloudFormation: moto has no failed stacks
(an error while a stack's resources are made escapes CreateStack, the stack stays
CREATE_IN_PROGRESS and what was made stays). A resource CloudFormation would fail raises
``ResourceFailed`` instead (any adapter may); the stack then records the failure
(CREATE_FAILED or UPDATE_FAILED, with CloudFormation's reason), rolls back (deletes what it
made, or applies the previous template again) and ends ROLLBACK_COMPLETE or
UPDATE_ROLLBACK_COMPLETE, while CreateStack and UpdateStack answer as usual."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from licensemgr_mock.pipeline.errors import xml_safe

if TYPE_CHECKING:
    from moto.cloudformation.models import CloudFormationBackend, Stack

__all__ = ["ResourceFailed", "failing_change_set", "failing_creation", "failing_update"]


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


def failing_update(update: Callable[..., None]) -> Callable[..., None]:
    """moto's ``Stack.update``, applying the previous template again when a resource fails."""

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
    resources = stack.resource_map
    # A resource the failed update never made has nothing to roll back (moto would warn).
    for logical_id in [
        n for n in resources._resource_json_map if n not in resources._parsed_resources
    ]:
        del resources._resource_json_map[logical_id]
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


def failing_change_set(execute: Callable[..., None]) -> Callable[..., None]:
    """moto's ``CloudFormationBackend.execute_change_set``, rolling back the stack it creates
    or updates when a resource fails (the change set then reads EXECUTE_FAILED)."""

    def executing(backend: CloudFormationBackend, *args: Any, **kwargs: Any) -> None:
        try:
            execute(backend, *args, **kwargs)
        except ResourceFailed as failure:
            name = kwargs["change_set_name"] if "change_set_name" in kwargs else args[0]
            change_set = backend.change_sets.get(name) or next(
                c for c in backend.change_sets.values() if c.change_set_name == name
            )
            stack = backend.stacks[change_set.stack_id]
            change_set.execution_status = "EXECUTE_FAILED"
            if change_set.change_set_type == "CREATE":
                _roll_back_creation(backend, stack, failure)
            else:
                # moto gives the stack the change set's template only once it is applied.
                _roll_back_update(stack, (stack.template, dict(stack.parameters)), failure)

    return executing


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
