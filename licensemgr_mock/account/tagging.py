"""TagResource, UntagResource, ListTagsForResource, and the tag rules creation calls share.

A resource is found by the type in its ARN (``...:license:l-...``, ``...:grant:g-...``) through
``TAGGABLE``: one small lookup per type, returning the object that holds the tags. Only the
account that owns a resource sees it; anything else is an unknown ARN
(InvalidParameterValueException). An object keeps its tags either as a ``dict`` or as a list
of ``records.Tag`` (the form the API returns inline); both are handled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from licensemgr_mock.pipeline.errors import (
    InvalidParameterValueException,
    LicenseManagerError,
    ValidationException,
)
from licensemgr_mock.state.records import Tag
from licensemgr_mock.state.scope import BackendBase

# The limits AWS applies to tags across services (License Manager's model states none).
MAX_TAGS = 50
MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
RESERVED_PREFIX = "aws:"

_ARN = re.compile(
    r"^arn:aws[a-z-]*:license-manager:(?P<region>[a-z0-9-]*):(?P<account>\d{12}):"
    r"(?P<type>[a-z-]+)[:/](?P<id>.+)$"
)

Lookup = Callable[["TaggingMixin", str], Any]


def tags_from_request(
    tags: list[dict[str, Any]] | None, error: type[LicenseManagerError] = ValidationException
) -> dict[str, str]:
    """The ``Tags`` of a request as a dict, checked against AWS's tag rules (key 1-128
    characters and not starting with ``aws:``, value up to 256, no key twice, at most 50)."""
    found: dict[str, str] = {}
    for tag in tags or []:
        key, value = tag.get("Key"), tag.get("Value") or ""
        if key is None or not 1 <= len(key) <= MAX_KEY_LENGTH:
            raise error(f"Tag key {key!r} must be 1 to {MAX_KEY_LENGTH} characters long.")
        if key.lower().startswith(RESERVED_PREFIX):
            raise error(f"Tag key {key!r} uses the reserved prefix {RESERVED_PREFIX}.")
        if len(value) > MAX_VALUE_LENGTH:
            raise error(f"The value of tag {key!r} is longer than {MAX_VALUE_LENGTH} characters.")
        if key in found:
            raise error(f"Tag key {key!r} is given more than once.")
        found[key] = value
    _check_count(found, error)
    return found


def _check_count(tags: dict[str, str], error: type[LicenseManagerError]) -> None:
    if len(tags) > MAX_TAGS:
        raise error(f"A resource can have at most {MAX_TAGS} tags.")


def _read(holder: Any) -> dict[str, str]:
    tags = holder.tags
    if isinstance(tags, dict):
        return dict(tags)
    return {tag.key: tag.value or "" for tag in tags or []}


def _write(holder: Any, tags: dict[str, str]) -> None:
    if isinstance(holder.tags, dict):
        holder.tags.clear()
        holder.tags.update(tags)
    else:
        holder.tags = [Tag(key=key, value=value) for key, value in tags.items()]


def _license(backend: TaggingMixin, arn: str) -> Any:
    found = backend.store.licenses.get(arn)
    return found if found is not None and found.issuer_account == backend.account_id else None


def _grant(backend: TaggingMixin, arn: str) -> Any:
    found = backend.store.grants.get(arn)
    return found if found is not None and found.grantor_account == backend.account_id else None


def _held_in(containers: Iterable[Any], arn: str, *arn_fields: str) -> Any:
    """The object with ARN ``arn`` among the values of regional dicts of a backend."""
    for container in containers:
        for held in container.values() if isinstance(container, dict) else ():
            if any(getattr(held, name, None) == arn for name in arn_fields):
                return held
    return None


def _regional(*arn_fields: str) -> Lookup:
    """A lookup of a regional resource kept in some dict of the backend, found by one of its
    ARN attributes, and only if it has tags."""

    def lookup(backend: TaggingMixin, arn: str) -> Any:
        held = _held_in(vars(backend).values(), arn, *arn_fields)
        return held if held is not None and hasattr(held, "tags") else None

    return lookup


# ARN resource type -> how to find such a resource in the caller's backend.
TAGGABLE: dict[str, Lookup] = {
    "license": _license,
    "grant": _grant,
    "license-configuration": _regional("license_configuration_arn", "arn"),
    "report-generator": _regional("license_manager_report_generator_arn", "arn"),
    "license-asset-group": _regional("license_asset_group_arn", "arn"),
    "license-asset-ruleset": _regional("license_asset_ruleset_arn", "arn"),
}


class TaggingMixin(BackendBase):
    """TagResource, UntagResource, ListTagsForResource."""

    def _tagged(self, arn: str) -> Any:
        """The caller's resource behind ``arn``; InvalidParameterValueException if none."""
        match = _ARN.match(arn)
        lookup = TAGGABLE.get(match["type"]) if match else None
        # Regional resources live in one region's backend: an ARN of another region is unknown.
        right_region = match is not None and match["region"] in ("", self.region_name)
        found = lookup(self, arn) if lookup is not None and right_region else None
        if found is None:
            raise InvalidParameterValueException(f"Resource {arn} was not found.")
        return found

    def tag_resource(self, request: dict[str, Any]) -> dict[str, Any]:
        holder = self._tagged(request["ResourceArn"])
        tags = {**_read(holder), **tags_from_request(request["Tags"])}
        _check_count(tags, ValidationException)
        _write(holder, tags)
        return {}

    def untag_resource(self, request: dict[str, Any]) -> dict[str, Any]:
        holder = self._tagged(request["ResourceArn"])
        tags = _read(holder)
        for key in request["TagKeys"]:
            tags.pop(key, None)
        _write(holder, tags)
        return {}

    def list_tags_for_resource(self, request: dict[str, Any]) -> dict[str, Any]:
        holder = self._tagged(request["ResourceArn"])
        return {"Tags": [{"Key": key, "Value": value} for key, value in _read(holder).items()]}
