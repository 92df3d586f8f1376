"""The failure options CloudFormation's requests carry and moto's CloudFormation drops:
CreateStack's OnFailure and DisableRollback, UpdateStack's and ExecuteChangeSet's
DisableRollback. moto's handlers read their request and call its backend without them; each
handler here checks them, then runs moto's with the failure mode set for ``cfn_failures``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from licensemgr_mock.moto_adapters.cfn_failures import OnFailure, on_failure

if TYPE_CHECKING:
    from moto.cloudformation.responses import CloudFormationResponse

__all__ = ["creating", "rollback_choosing", "updating"]

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
        try:
            mode = OnFailure(given)
        except ValueError:
            allowed = ", ".join(m.value for m in OnFailure)
            raise ValidationError(
                message=f"1 validation error detected: Value '{given}' at 'onFailure' failed "
                f"to satisfy constraint: Member must satisfy enum value set: [{allowed}]"
            ) from None
        # Refused whatever DisableRollback's value, as CloudFormation refuses it.
        if response._get_param("DisableRollback") is not None:
            raise ValidationError(
                message="Either DisableRollback or OnFailure can be specified, not both."
            )
        return mode
    disabled = response._get_bool_param("DisableRollback", False)
    return OnFailure.DO_NOTHING if disabled else OnFailure.ROLLBACK
