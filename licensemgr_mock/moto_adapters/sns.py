"""moto's SNS as License Manager reads it (``state.services.Sns``): the topic of service
settings."""

from __future__ import annotations

from moto.sns.models import sns_backends


class MotoSns:
    """``state.services.Sns`` on moto's SNS backends."""

    def topic_exists(self, arn: str, account: str, region: str) -> bool:
        """Whether the topic ``arn`` exists in moto's SNS of ``account`` in ``region``."""
        try:
            topics = sns_backends[account][region].topics
        except KeyError:  # a region moto's SNS does not serve
            return False
        return arn in topics
