"""The failure options CloudFormation's requests carry and moto's CloudFormation drops:
CreateStack's OnFailure and DisableRollback, UpdateStack's DisableRollback, CreateChangeSet's
OnStackFailure and ExecuteChangeSet's DisableRollback. moto's handlers read their request and
call its backend without them; each handler here checks them, then runs moto's with the
failure mode set for ``cfn_failures``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from licensemgr_mock.moto_adapters.cfn_failures import OnFailure, change_set_named, on_failure

if TYPE_CHECKING:
    from moto.cloudformation.responses import CloudFormationResponse

__all__ = ["change_set_creating", "change_set_executing", "creating", "updating"]

Handler = Callable[["CloudFormationResponse"], Any]

# Marks a stack created with OnFailure DO_NOTHING: once failed, CloudFormation will not
# update it (DisableRollback's stacks it will).
_DO_NOTHING = "licensemgr_mock_on_failure_do_nothing"


def creating(create_stack: Handler) -> Handler:
    """moto's CreateStack handler, honouring OnFailure and DisableRollback."""

    def create(response: CloudFormationResponse) -> Any:
        with on_failure(_creation_mode(response)):
            answer = create_stack(response)
        if response._get_param("OnFailure") == OnFailure.DO_NOTHING.value:
            stack = response.cloudformation_backend.get_stack(response._get_param("StackName"))
            setattr(stack, _DO_NOTHING, True)
        return answer

    return create


def updating(update_stack: Handler) -> Handler:
    """moto's UpdateStack handler, honouring DisableRollback and refusing a stack that
    OnFailure DO_NOTHING left CREATE_FAILED."""
    update = rollback_choosing(update_stack)

    def checked(response: CloudFormationResponse) -> Any:
        from moto.cloudformation.exceptions import ValidationError

        stack = response.cloudformation_backend.get_stack(response._get_param("StackName"))
        if stack.status == "CREATE_FAILED" and getattr(stack, _DO_NOTHING, False):
            raise ValidationError(
                message="This stack cannot be updated from [CREATE_FAILED] state because it "
                "contains [on-failure: DO_NOTHING]. Please use disable-rollback option instead "
                "during stack creation."
            )
        return update(response)

    return checked


def change_set_creating(create_change_set: Handler) -> Handler:
    """moto's CreateChangeSet handler, keeping OnStackFailure on the change set (where
    DescribeChangeSet reads it and ExecuteChangeSet follows it)."""

    def create(response: CloudFormationResponse) -> Any:
        from moto.cloudformation.exceptions import ValidationError

        given = response._get_param("OnStackFailure")
        mode = None if given is None else _mode(given, "onStackFailure")
        creates = response._get_param("ChangeSetType", "CREATE") == "CREATE"
        if mode is OnFailure.DELETE and not creates:
            raise ValidationError(
                message="OnStackFailure DELETE is only valid when ChangeSetType is CREATE."
            )
        answer = create_change_set(response)
        if mode is not None:
            change_set = response.cloudformation_backend.change_sets[answer.result["Id"]]
            # DescribeChangeSet answers it from here.
            change_set.on_stack_failure = mode.value  # type: ignore[attr-defined]
        return answer

    return create


def change_set_executing(execute_change_set: Handler) -> Handler:
    """moto's ExecuteChangeSet handler, failing as the change set's OnStackFailure or the
    request's DisableRollback says (not both, as CloudFormation refuses)."""
    execute = rollback_choosing(execute_change_set)

    def checked(response: CloudFormationResponse) -> Any:
        from moto.cloudformation.exceptions import ValidationError

        backend = response.cloudformation_backend
        change_set = change_set_named(backend, response._get_param("ChangeSetName"))
        chosen = getattr(change_set, "on_stack_failure", None)
        if chosen is None:
            return execute(response)
        if response._get_param("DisableRollback") is not None:
            raise ValidationError(
                message="DisableRollback cannot be specified when the change set was created "
                "with OnStackFailure."
            )
        with on_failure(OnFailure(chosen)):
            return execute_change_set(response)

    return checked


def rollback_choosing(handler: Handler) -> Handler:
    """moto's UpdateStack or ExecuteChangeSet handler, honouring DisableRollback."""

    def handle(response: CloudFormationResponse) -> Any:
        disabled = response._get_bool_param("DisableRollback", False)
        with on_failure(OnFailure.DO_NOTHING if disabled else OnFailure.ROLLBACK):
            return handler(response)

    return handle


def _creation_mode(response: CloudFormationResponse) -> OnFailure:
    from moto.cloudformation.exceptions import ValidationError

    given = response._get_param("OnFailure")
    if given is not None:
        mode = _mode(given, "onFailure")
        # Refused whatever DisableRollback's value, as CloudFormation refuses it.
        if response._get_param("DisableRollback") is not None:
            raise ValidationError(
                message="Either DisableRollback or OnFailure can be specified, not both."
            )
        return mode
    disabled = response._get_bool_param("DisableRollback", False)
    return OnFailure.DO_NOTHING if disabled else OnFailure.ROLLBACK


def _mode(given: str, member: str) -> OnFailure:
    from moto.cloudformation.exceptions import ValidationError

    try:
        return OnFailure(given)
    except ValueError:
        allowed = ", ".join(m.value for m in OnFailure)
        raise ValidationError(
            message=f"1 validation error detected: Value '{given}' at '{member}' failed "
            f"to satisfy constraint: Member must satisfy enum value set: [{allowed}]"
        ) from None
