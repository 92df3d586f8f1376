"""Stacks whose resource the service refuses fail as CloudFormation fails them.

moto creates a stack's resources inside CreateStack (and UpdateStack) and lets a resource's
error escape, so the call fails and the stack is left half made. CloudFormation instead
accepts the call, marks the resource CREATE_FAILED with the reason and rolls back: a new stack
deletes what it made and ends ROLLBACK_COMPLETE, with no resources and no outputs; an update
deletes what it added, returns to the previous template and ends UPDATE_ROLLBACK_COMPLETE.
A resource adapter raises ``ResourceFailed`` for a refusal; ``install`` wraps moto's
``Stack.create_resources`` and ``Stack.update`` (idempotently) to answer it that way. moto
does not keep CreateStack's DisableRollback or OnFailure, so a failed stack always rolls back.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

_MARK = "__licensemgr_wrapped__"


class ResourceFailed(Exception):
    """A stack resource the service refused, with CloudFormation's status reason."""

    def __init__(self, logical_id: str, resource_type: str, reason: str) -> None:
        super().__init__(reason)
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


def install() -> None:
    """Makes a refused resource fail its stack instead of the CreateStack or UpdateStack
    call."""
    from moto.cloudformation.models import Event, Stack
    from moto.cloudformation.parsing import OutputMap

    def create_resources(original: Any) -> Any:
        def create(stack: Any) -> None:
            try:
                original(stack)
            except ResourceFailed as failed:
                _failed(stack, failed, Event)
                reason = _reason(failed)
                stack.status = "ROLLBACK_IN_PROGRESS"
                stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
                resources = stack.resource_map
                resources.delete()
                # moto's maps make a resource or output on first read: a rolled-back stack
                # has none.
                resources._resource_json_map = {}
                stack.output_map = OutputMap(resources, {"Outputs": {}}, stack.stack_id)
                stack.status = "ROLLBACK_COMPLETE"
                stack.stack_status_reason = reason
                stack._add_stack_event("ROLLBACK_COMPLETE")

        return create

    def update(original: Any) -> Any:
        def update_stack(stack: Any, *args: Any, **kwargs: Any) -> None:
            resources = stack.resource_map
            before = (stack.template, dict(resources._resource_json_map), resources._template)
            try:
                original(stack, *args, **kwargs)
            except ResourceFailed as failed:
                _failed(stack, failed, Event)
                reason = _reason(failed)
                stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
                stack._add_stack_event(
                    "UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=reason
                )
                _restore(stack, *before)
                stack.status = "UPDATE_ROLLBACK_COMPLETE"
                stack.stack_status_reason = reason
                stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")

        return update_stack

    _wrap(Stack, "create_resources", create_resources)
    _wrap(Stack, "update", update)


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


def _restore(stack: Any, template: str, previous: dict[str, Any], parsed: Any) -> None:
    """Deletes what the failed update added and returns the stack to its previous template."""
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
