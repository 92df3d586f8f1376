"""Stacks whose resource the service refuses fail as CloudFormation fails them.

moto creates a stack's resources inside CreateStack and lets a resource's error escape, so the
call fails and the stack stays CREATE_IN_PROGRESS with what it made before. CloudFormation
instead accepts the stack, marks the resource CREATE_FAILED with the reason, rolls back (deletes
what it made) and ends ROLLBACK_COMPLETE, with no resources and no outputs. A resource adapter
raises ``ResourceFailed`` for a refusal; ``install`` wraps moto's ``Stack.create_resources``
(idempotently) to answer it that way. moto does not keep CreateStack's DisableRollback or
OnFailure, so a failed stack always rolls back.
"""

from __future__ import annotations

import functools
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


def install() -> None:
    """Makes a refused resource fail its stack instead of the CreateStack call."""
    import moto
    from moto.cloudformation.models import Event, Stack
    from moto.cloudformation.parsing import OutputMap

    current = getattr(Stack, "create_resources", None)
    if current is None or not callable(current):
        raise MotoCloudFormationChanged(
            f"moto {moto.__version__}: Stack.create_resources is gone; licensemgr_mock "
            f"cannot fail stacks whose resources License Manager refuses."
        )
    original = getattr(current, _MARK, current)

    @functools.wraps(original)
    def create_resources(stack: Any) -> None:
        try:
            original(stack)
        except ResourceFailed as failed:
            _fail(stack, failed, Event, OutputMap)

    setattr(create_resources, _MARK, original)
    Stack.create_resources = create_resources  # type: ignore[method-assign,assignment]


def _fail(stack: Any, failed: ResourceFailed, event: Any, outputs: Any) -> None:
    """Records the failure, then rolls back what the stack made."""
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
    reason = (
        f"The following resource(s) failed to create: [{failed.logical_id}]. "
        f"Rollback requested by user."
    )
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
