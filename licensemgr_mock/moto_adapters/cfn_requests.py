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

__all__ = ["creating", "rollback_choosing"]

Handler = Callable[["CloudFormationResponse"], Any]


def creating(create_stack: Handler) -> Handler:
    """moto's CreateStack handler, honouring OnFailure and DisableRollback."""

    def create(response: CloudFormationResponse) -> Any:
        with on_failure(_creation_mode(response)):
            return create_stack(response)

    return create


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
