"""TagResource, UntagResource, ListTagsForResource.

A resource is found by the type in its ARN (``...:license:l-...``, ``...:grant:g-...``) through
the finder the area that owns that type hands in when the backend is built. Only the account
that owns a resource sees it; anything else is an unknown ARN (InvalidParameterValueException).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Protocol

from licensemgr_mock.pipeline.api import (
    ListTagsForResourceRequest,
    ListTagsForResourceResponse,
    TagResourceRequest,
    TagResourceResponse,
    UntagResourceRequest,
    UntagResourceResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    invalid_value,
    quoted,
)
from licensemgr_mock.pipeline.tag_rules import check_count, tags_from_request
from licensemgr_mock.state.scope import Area, Scope

_ARN = re.compile(
    r"^arn:aws[a-z-]*:license-manager:(?P<region>[a-z0-9-]*):(?P<account>\d{12}):"
    r"(?P<type>[a-z-]+)[:/](?P<id>.+)$"
)


class Tagged(Protocol):
    """A resource that carries tags."""

    tags: dict[str, str]


# ARN resource type -> the caller's resource of that ARN in this region, or None.
Finder = Callable[[str], Tagged | None]


class TaggingArea(Area):
    """TagResource, UntagResource, ListTagsForResource."""

    def __init__(self, scope: Scope, finders: Mapping[str, Finder]) -> None:
        super().__init__(scope)
        self.finders = dict(finders)

    def _tagged(self, arn: str) -> Tagged:
        """The caller's resource behind ``arn``; InvalidParameterValueException if none."""
        match = _ARN.match(arn)
        finder = self.finders.get(match["type"]) if match else None
        # Regional resources live in one region's backend: an ARN of another region is unknown.
        right_region = match is not None and match["region"] in ("", self.region_name)
        found = finder(arn) if finder is not None and right_region else None
        if found is None:
            # ResourceArn is a String of any length in the model: quote it capped.
            raise invalid_value(f"Resource {quoted(arn)} was not found.")
        return found

    @handles("TagResource")
    def tag_resource(self, request: TagResourceRequest) -> TagResourceResponse:
        """Adds or overwrites tags on a resource the caller owns; more than 50 tags in all, or a
        tag that breaks AWS's tag rules, gets ValidationException."""
        holder = self._tagged(request["ResourceArn"])
        tags = {**holder.tags, **tags_from_request(request["Tags"])}
        check_count(tags)
        holder.tags = tags
        return {}

    @handles("UntagResource")
    def untag_resource(self, request: UntagResourceRequest) -> UntagResourceResponse:
        """Removes the TagKeys from a resource the caller owns; keys it does not have are
        ignored."""
        holder = self._tagged(request["ResourceArn"])
        holder.tags = {k: v for k, v in holder.tags.items() if k not in request["TagKeys"]}
        return {}

    @handles("ListTagsForResource")
    def list_tags_for_resource(
        self, request: ListTagsForResourceRequest
    ) -> ListTagsForResourceResponse:
        """The tags of a resource the caller owns: a license it issued, a grant it made, or a
        configuration, report generator, asset group or ruleset in this region."""
        holder = self._tagged(request["ResourceArn"])
        return {"Tags": [{"Key": key, "Value": value} for key, value in holder.tags.items()]}
