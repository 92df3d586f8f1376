"""AWS Organizations and the regions of a partition, as License Manager reads them from moto's
Organizations backend and botocore's endpoint data."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import boto3


@cache
def known_regions(partition: str) -> frozenset[str]:
    """The regions License Manager runs in, per the installed botocore."""
    return frozenset(boto3.session.Session().get_available_regions("license-manager", partition))


@dataclass(frozen=True)
class Organization:
    """An organization of moto's Organizations backend, seen from one of its accounts."""

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


def organization_of(account: str, partition: str) -> Organization | None:
    """The moto organization ``account`` belongs to (as manager or member), if any."""
    from moto.organizations.models import organizations_backends

    backend = organizations_backends[account][partition]
    link = organizations_backends.master_accounts.get(account)
    if backend.org is None and link is not None:
        backend = organizations_backends[link[0]][link[1]]
    org = backend.org
    if org is None:
        return None
    return Organization(org.id, org.arn, org.master_account_id, org.feature_set, backend)
