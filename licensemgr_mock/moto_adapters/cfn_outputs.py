"""A stack's outputs and exports after ExecuteChangeSet and UpdateStack, as CloudFormation
gives them: moto's ExecuteChangeSet gives the stack the change set's template but keeps the
outputs of the one before (none for a stack the change set creates: the CDK deploys through
change sets and reads them), and neither it nor moto's UpdateStack changes what the stack
exports (Fn::ImportValue, ListExports)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from licensemgr_mock.moto_adapters.cfn_failures import change_set_named

if TYPE_CHECKING:
    from moto.cloudformation.models import CloudFormationBackend, Stack

__all__ = ["exporting", "outputs_taking"]


def outputs_taking(execute: Callable[..., None]) -> Callable[..., None]:
    """moto's ``CloudFormationBackend.execute_change_set``: a change set that completes leaves
    its stack the outputs and exports of its template."""

    def executing(backend: CloudFormationBackend, *args: Any, **kwargs: Any) -> None:
        execute(backend, *args, **kwargs)
        name = kwargs["change_set_name"] if "change_set_name" in kwargs else args[0]
        change_set = change_set_named(backend, name)
        if change_set.execution_status == "EXECUTE_COMPLETE":
            stack = backend.stacks[change_set.stack_id]
            stack._parse_template()
            stack.output_map = stack._create_output_map()
            _export(backend, stack)

    return executing


def exporting(update: Callable[..., None]) -> Callable[..., None]:
    """moto's ``Stack.update``: an update that completes leaves the stack exporting what its
    new template exports."""

    def updating(stack: Stack, *args: Any, **kwargs: Any) -> None:
        from moto.cloudformation.models import cloudformation_backends

        update(stack, *args, **kwargs)
        if stack.status == "UPDATE_COMPLETE":
            _export(cloudformation_backends[stack.account_id][stack.region_name], stack)

    return updating


def _export(backend: CloudFormationBackend, stack: Stack) -> None:
    """What ``stack`` exports, in place of what it exported. A name another stack exports
    stays that stack's (CloudFormation would fail the operation; not modelled)."""
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        del backend.exports[name]
    for export in stack.exports:
        backend.exports.setdefault(export.name, export)
