"""What the API areas need of the AWS services around License Manager, as small protocols.

In this mock those services are moto's: the moto adapters implement these protocols and hand
them to every area through its ``Scope`` (``scope.services``). Nothing below the adapters
imports moto, so a change in moto breaks one adapter, not an area.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from licensemgr_mock.state.ec2 import Ec2Resource

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey


class Organization(Protocol):
    """An AWS Organizations organization, seen from one of its accounts."""

    @property
    def id(self) -> str: ...
    @property
    def arn(self) -> str: ...
    @property
    def management_account(self) -> str: ...
    @property
    def feature_set(self) -> str: ...

    def accounts(self, ou_id: str | None = None) -> list[str]:
        """Active member accounts (the management account included), optionally only those
        under the OU ``ou_id``, at any depth."""
        ...

    def ou_arn(self, ou_id: str) -> str | None:
        """The ARN of an OU of this organization (None when there is no such OU)."""
        ...


class Organizations(Protocol):
    """AWS Organizations."""

    def organization_of(self, account: str, partition: str) -> Organization | None:
        """The organization ``account`` belongs to (as manager or member), if any."""
        ...


@dataclass(frozen=True)
class KmsKey:
    """What License Manager reads of a KMS key."""

    arn: str
    key_usage: str
    key_spec: str
    key_state: str
    # The RSA key object of an RSA key (None for other key specs).
    private_key: RSAPrivateKey | None


@dataclass(frozen=True)
class IssuerKey:
    """The signing key of a seeded license's issuer."""

    arn: str
    key_id: str
    public_pem: str


class Kms(Protocol):
    """AWS KMS."""

    def describe_key(self, reference: str, account: str, region: str) -> KmsKey | None:
        """The key a key id, key ARN, alias or alias ARN names, None when there is none."""
        ...

    def issuer_key(self, account: str, issuer_name: str, region: str) -> IssuerKey:
        """An RSA SIGN_VERIFY key of ``account`` for an issuer, made on first need."""
        ...


class S3(Protocol):
    """Amazon S3."""

    def bucket_owner(self, bucket: str) -> str | None:
        """The account owning ``bucket``, None when it does not exist."""
        ...

    def create_bucket(self, account: str, partition: str, bucket: str, region: str) -> None:
        """Makes a bucket of ``account``."""
        ...

    def put_object(self, account: str, partition: str, bucket: str, key: str, body: bytes) -> None:
        """Writes one object."""
        ...


class Sns(Protocol):
    """Amazon SNS."""

    def topic_exists(self, arn: str, account: str, region: str) -> bool:
        """Whether the topic ``arn`` (of ``account`` in ``region``) exists."""
        ...


class Ram(Protocol):
    """AWS Resource Access Manager."""

    def create_resource_share(
        self, account: str, region: str, name: str, principals: list[str]
    ) -> str:
        """Makes a resource share; answers its ARN."""
        ...

    def delete_resource_share(self, account: str, region: str, arn: str) -> None:
        """Deletes a resource share."""
        ...


class Ec2(Protocol):
    """Amazon EC2, read live: an instance stopped through EC2 stops consuming at once."""

    def find_resource(self, arn: str, account: str) -> Ec2Resource | None:
        """The instance, AMI or Dedicated Host ``arn`` names, if it exists and ``account`` can
        use it (its own instances and hosts; AMIs it can launch)."""
        ...

    def instances(self, account: str, region: str, partition: str) -> Iterator[Ec2Resource]:
        """Every instance ``account`` has in ``region`` (terminated ones included)."""
        ...

    def image_name(self, account: str, region: str, image_id: str) -> str | None:
        """The name of an AMI, None when EC2 no longer knows it."""
        ...


@dataclass(frozen=True)
class Services:
    """The services around License Manager, as one bundle handed to every area."""

    ec2: Ec2
    kms: Kms
    organizations: Organizations
    ram: Ram
    s3: S3
    sns: Sns
