"""moto's S3 as License Manager uses it (``state.services.S3``): the buckets of service
settings and the reports written into them."""

from __future__ import annotations

from moto.s3.models import s3_backends


class MotoS3:
    """``state.services.S3`` on moto's S3 backends."""

    def bucket_owner(self, bucket: str) -> str | None:
        """The account owning ``bucket``, None when it does not exist."""
        owner = s3_backends.bucket_accounts.get(bucket)
        return None if owner is None else str(owner[1])

    def create_bucket(self, account: str, partition: str, bucket: str, region: str) -> None:
        """Makes a bucket of ``account`` in ``region``."""
        s3_backends[account][partition].create_bucket(bucket, region)

    def put_object(self, account: str, partition: str, bucket: str, key: str, body: bytes) -> None:
        """Writes one object."""
        s3_backends[account][partition].put_object(bucket, key, body)
