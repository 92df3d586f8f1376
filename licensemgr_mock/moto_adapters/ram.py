"""moto's RAM as License Manager uses it (``state.services.Ram``): the resource share made
when an account links License Manager to its organization."""

from __future__ import annotations

from moto.ram.models import ram_backends


class MotoRam:
    """``state.services.Ram`` on moto's RAM backends."""

    def create_resource_share(
        self, account: str, region: str, name: str, principals: list[str]
    ) -> str:
        """Makes a resource share that allows no external principals; answers its ARN."""
        share = ram_backends[account][region].create_resource_share(
            name=name, principals=principals, allowExternalPrincipals=False
        )
        return str(share["resourceShare"]["resourceShareArn"])

    def delete_resource_share(self, account: str, region: str, arn: str) -> None:
        """Deletes a resource share (moto keeps it, with status DELETED)."""
        ram_backends[account][region].delete_resource_share(arn)
