"""moto's AWS Organizations as License Manager reads it (``state.services.Organizations``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class MotoOrganization:
    """An organization of moto's Organizations backend, seen from one of its accounts
    (``state.services.Organization``)."""

    id: str
    arn: str
    management_account: str
    feature_set: str
    moto_backend: Any  # moto's OrganizationsBackend of the management account

    def accounts(self, ou_id: str | None = None) -> list[str]:
        """Active member accounts (the management account included), optionally only those
        under the OU ``ou_id``, at any depth."""
        ous = {ou.id: ou for ou in self.moto_backend.ou}
        found = []
        for account in self.moto_backend.accounts:
            if account.status != "ACTIVE":
                continue
            parent, seen = account.parent_id, set()
            while ou_id is not None and parent is not None and parent != ou_id:
                seen.add(parent)
                node = ous.get(parent)
                parent = node.parent_id if node is not None and node.parent_id not in seen else None
            if ou_id is None or parent == ou_id:
                found.append(account.id)
        return found

    def ou_arn(self, ou_id: str) -> str | None:
        """The ARN of an OU of this organization (None when there is no such OU)."""
        return next((ou.arn for ou in self.moto_backend.ou if ou.id == ou_id), None)


class MotoOrganizations:
    """``state.services.Organizations`` on moto's Organizations backends."""

    def organization_of(self, account: str, partition: str) -> MotoOrganization | None:
        """The moto organization ``account`` belongs to (as manager or member), if any."""
        from moto.organizations.models import organizations_backends

        backend = organizations_backends[account][partition]
        link = organizations_backends.master_accounts.get(account)
        if backend.org is None and link is not None:
            backend = organizations_backends[link[0]][link[1]]
        org = backend.org
        if org is None:
            return None
        return MotoOrganization(org.id, org.arn, org.master_account_id, org.feature_set, backend)
