"""Stacks whose resource the service refuses fail as CloudFormation fails them.

moto creates a stack's resources inside CreateStack (and UpdateStack) and lets a resource's
error escape, so the call fails and the stack is left half made. CloudFormation instead
accepts the call, marks the resource CREATE_FAILED with the reason and rolls back: a new stack
deletes what it made and ends ROLLBACK_COMPLETE, with no resources and no outputs; an update
deletes what it added, returns to the previous template and ends UPDATE_ROLLBACK_COMPLETE.
Executing a change set fails and rolls back the same way (the change set is EXECUTE_FAILED). A
resource adapter raises ``ResourceFailed`` for a refusal; ``install`` wraps moto's
``Stack.create_resources``, ``Stack.update``, ``ChangeSet.apply`` and
``CloudFormationBackend.execute_change_set`` (idempotently) to answer it that way. moto does
not keep CreateStack's DisableRollback or OnFailure, so a failed stack always rolls back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.cloudformation.exceptions import ValidationError

_MARK = "__licensemgr_wrapped__"


class ResourceFailed(ValidationError):
    """A stack resource the service refused, with CloudFormation's status reason. Where moto
    resolves a resource outside the paths wrapped here (an Export evaluated before the stack's
    resources), it answers the call as a ValidationError with the reason."""

    def __init__(self, logical_id: str, resource_type: str, reason: str) -> None:
        super().__init__(message=reason)
        self.logical_id = logical_id
        self.resource_type = resource_type
        self.reason = reason


class MotoCloudFormationChanged(RuntimeError):
    """moto's CloudFormation no longer has the shape this module wraps."""


def _wrap(owner: type, name: str, make: Callable[[Any], Any]) -> None:
    import moto

    current = getattr(owner, name, None)
    if current is None or not callable(current):
        raise MotoCloudFormationChanged(
            f"moto {moto.__version__}: {owner.__name__}.{name} is gone; licensemgr_mock "
            f"cannot fail stacks whose resources License Manager refuses."
        )
    original = getattr(current, _MARK, current)
    wrapper = functools.wraps(original)(make(original))
    setattr(wrapper, _MARK, original)
    setattr(owner, name, wrapper)


class _RolledBack(Exception):
    """A change set whose execution failed and was rolled back."""

    def __init__(self, change_set: Any) -> None:
        super().__init__(change_set.change_set_name)
        self.change_set = change_set


def install() -> None:
    """Makes a refused resource fail its stack instead of the CreateStack, UpdateStack or
    ExecuteChangeSet call."""
    from moto.cloudformation.models import ChangeSet, CloudFormationBackend, Event, Stack
    from moto.cloudformation.parsing import OutputMap

    def create_resources(original: Any) -> Any:
        def create(stack: Any) -> None:
            try:
                original(stack)
            except ResourceFailed as failed:
                _failed(stack, failed, Event)
                _roll_back_creation(stack, failed, OutputMap)

        return create

    def update(original: Any) -> Any:
        def update_stack(stack: Any, *args: Any, **kwargs: Any) -> None:
            before = _state_of(stack)
            try:
                original(stack, *args, **kwargs)
            except ResourceFailed as failed:
                _failed(stack, failed, Event)
                _roll_back_update(stack, failed, before)

        return update_stack

    def apply(original: Any) -> Any:
        def apply_change_set(change_set: Any) -> None:
            stack = change_set.stack
            before = _state_of(stack)
            try:
                original(change_set)
            except ResourceFailed as failed:
                _failed(stack, failed, Event)
                if change_set.change_set_type == "CREATE":
                    _roll_back_creation(stack, failed, OutputMap)
                else:
                    _roll_back_update(stack, failed, before)
                raise _RolledBack(change_set) from None

        return apply_change_set

    def execute(original: Any) -> Any:
        def execute_change_set(backend: Any, *args: Any, **kwargs: Any) -> None:
            try:
                original(backend, *args, **kwargs)
            except _RolledBack as rolled_back:
                # ExecuteChangeSet itself succeeds; the stack says how it ended.
                rolled_back.change_set.execution_status = "EXECUTE_FAILED"

        return execute_change_set

    _wrap(Stack, "create_resources", create_resources)
    _wrap(Stack, "update", update)
    _wrap(ChangeSet, "apply", apply)
    _wrap(CloudFormationBackend, "execute_change_set", execute)


def _state_of(stack: Any) -> tuple[str, dict[str, Any], Any]:
    """What an update changes: the template, as text, resources and parsed."""
    resources = stack.resource_map
    return stack.template, dict(resources._resource_json_map), resources._template


def _roll_back_creation(stack: Any, failed: ResourceFailed, outputs: Any) -> None:
    """Deletes what a new stack made; it ends ROLLBACK_COMPLETE, empty."""
    reason = _reason(failed)
    stack.status = "ROLLBACK_IN_PROGRESS"
    stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    resources = stack.resource_map
    resources.delete()
    # moto's maps make a resource or output on first read: a rolled-back stack has none.
    resources._resource_json_map = {}
    stack.output_map = outputs(resources, {"Outputs": {}}, stack.stack_id)
    stack.status = "ROLLBACK_COMPLETE"
    stack.stack_status_reason = reason
    stack._add_stack_event("ROLLBACK_COMPLETE")


def _roll_back_update(
    stack: Any, failed: ResourceFailed, before: tuple[str, dict[str, Any], Any]
) -> None:
    """Deletes what a failed update added and returns the stack to its previous template;
    it ends UPDATE_ROLLBACK_COMPLETE."""
    reason = _reason(failed)
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    template, previous, parsed = before
    resources = stack.resource_map
    for logical_id in set(resources._resource_json_map) - set(previous):
        made = resources._parsed_resources.pop(logical_id, None)
        if made is not None:
            resources._delete_resource(made, resources._resource_json_map[logical_id])
    resources._resource_json_map = previous
    resources._template = parsed
    stack.template = template
    stack._parse_template()
    stack.output_map = stack._create_output_map()
    stack.status = "UPDATE_ROLLBACK_COMPLETE"
    stack.stack_status_reason = reason
    stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")


def _failed(stack: Any, failed: ResourceFailed, event: Any) -> None:
    """Records the resource's CREATE_FAILED event with the reason."""
    stack.events.append(
        event(
            stack_id=stack.stack_id,
            stack_name=stack.name,
            logical_resource_id=failed.logical_id,
            physical_resource_id="",
            resource_type=failed.resource_type,
            resource_status="CREATE_FAILED",
            resource_status_reason=failed.reason,
            resource_properties=None,
        )
    )


def _reason(failed: ResourceFailed) -> str:
    return (
        f"The following resource(s) failed to create: [{failed.logical_id}]. "
        f"Rollback requested by user."
    )
