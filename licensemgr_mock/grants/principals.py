"""Who a grant goes to: an account, or an organization or OU of the caller's moto
organization, whose member accounts each get a sub-grant."""

from __future__ import annotations

import re

from licensemgr_mock.pipeline.errors import AccessDeniedException, invalid
from licensemgr_mock.state.records import Grant
from licensemgr_mock.state.services import Organization, Organizations
from licensemgr_mock.state.store import Store

_ACCOUNT = re.compile(r"^arn:aws[a-z-]*:iam::(?P<account>\d{12}):root$")
_ORGANIZATION = re.compile(r"^arn:aws[a-z-]*:organizations::\d{12}:organization/o-[a-z0-9]+$")
_OU = re.compile(r"^arn:aws[a-z-]*:organizations::\d{12}:ou/o-[a-z0-9]+/(?P<ou>ou-[a-z0-9-]+)$")


def is_group_principal(principal: str) -> bool:
    """Whether a grant principal is an organization or an OU (not an account)."""
    return bool(_ORGANIZATION.match(principal) or _OU.match(principal))


def principal_accounts(
    organizations: Organizations, principal: str, caller: str, partition: str
) -> tuple[str, list[str]]:
    """Who a principal names: (grantee key, member accounts that get sub-grants). The key
    of an organization or OU grant is its principal ARN, which matches no account."""
    account = _ACCOUNT.match(principal)
    if account:
        return account["account"], []
    ou = _OU.match(principal)
    if not (ou or _ORGANIZATION.match(principal)):
        raise invalid(
            f"Principal {principal} must be an account (arn:aws:iam::<account>:root), "
            "an organization or an organizational unit ARN."
        )
    org = organizations.organization_of(caller, partition)
    if org is None or org.management_account != caller:
        raise invalid(
            f"Principal {principal} can be granted only by the management account of "
            "its organization."
        )
    if ou is None and principal != org.arn:
        raise invalid(f"Principal {principal} is not your organization.")
    if ou is not None and principal != org.ou_arn(ou["ou"]):
        raise invalid(f"Principal {principal} is not an OU of your organization.")
    members = org.accounts(ou["ou"] if ou else None)
    return principal, [m for m in members if m != caller]


def managed_organization(organizations: Organizations, caller: str, partition: str) -> Organization:
    """The organization ``caller`` manages; AccessDeniedException otherwise."""
    org = organizations.organization_of(caller, partition)
    if org is None or org.management_account != caller:
        raise AccessDeniedException(
            f"Account {caller} is not the management account of an organization."
        )
    return org


def visible_grant(store: Store, caller: str, arn: str) -> Grant:
    """A grant ``caller`` made or received; others' grants read as not found."""
    grant = store.grants.get(arn)
    if grant is None or caller not in (grant.grantor_account, grant.grantee_account):
        raise invalid(f"Grant is not available: {arn}")
    return grant


def is_sub_grant(store: Store, grant: Grant) -> bool:
    """Whether the grant is one member account's share of an organization or OU grant."""
    parent = store.grants.get(grant.current.parent_arn)
    return (
        parent is not None
        and parent.grantor_account == grant.grantor_account
        and is_group_principal(parent.current.grantee_principal_arn)
    )
