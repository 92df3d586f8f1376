"""License asset rulesets: CreateLicenseAssetRuleset, GetLicenseAssetRuleset,
UpdateLicenseAssetRuleset, DeleteLicenseAssetRuleset, ListLicenseAssetRulesets.

A ruleset lives in one account and region, in ``self.license_asset_rulesets`` keyed by ARN
(``...:license-asset-ruleset:lar-<32 hex>``). Its rules are checked by ``asset_matching`` and
kept as given. An ARN the caller does not own in this region is an
InvalidParameterValueException; a ruleset a license asset group still uses cannot be deleted
(ValidationException). The mock has no AWS managed rulesets, so
``ShowAWSManagedLicenseAssetRulesets`` adds nothing.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from licensemgr_mock.assets.matching import check_rules
from licensemgr_mock.pipeline.errors import InvalidParameterValueException, ValidationException
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Request, Result
from licensemgr_mock.state.scope import Area, Scope, new_id

RULESET_ID_PREFIX = "lar-"


@dataclass
class AssetRuleset:
    """One ruleset: a name, a description and the rules as the request gave them."""

    arn: str
    name: str
    description: str | None
    rules: list[dict[str, Any]]
    tags: dict[str, str] = field(default_factory=dict)

    def view(self) -> dict[str, Any]:
        """The API's LicenseAssetRuleset."""
        return {
            "Name": self.name,
            "Description": self.description,
            "Rules": copy.deepcopy(self.rules),
            "LicenseAssetRulesetArn": self.arn,
        }


def check_name(name: str) -> str:
    """A resource name: the model allows an empty one, which no user means."""
    if not name.strip():
        raise ValidationException("Name must not be empty.")
    return name


class RulesetsArea(Area):
    """CreateLicenseAssetRuleset, GetLicenseAssetRuleset, UpdateLicenseAssetRuleset,
    DeleteLicenseAssetRuleset, ListLicenseAssetRulesets."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(scope)
        self.license_asset_rulesets: dict[str, AssetRuleset] = {}
        # The asset groups that use a ruleset, by ARN: handed in once the groups area exists
        # (groups need rulesets to be built), so that a ruleset in use is not deleted.
        self.users_of: Callable[[str], list[str]] = lambda arn: []

    def tagged(self, arn: str) -> AssetRuleset | None:
        """The ruleset ``arn`` (for tagging), or None."""
        return self.license_asset_rulesets.get(arn)

    def asset_ruleset(self, arn: str) -> AssetRuleset:
        """The caller's ruleset ``arn`` in this region; InvalidParameterValueException if none."""
        found = self.license_asset_rulesets.get(arn)
        if found is None:
            raise InvalidParameterValueException(f"License asset ruleset {arn} does not exist.")
        return found

    def create_license_asset_ruleset(self, request: Request) -> Result:
        """Stores a new ruleset."""
        name = check_name(request["Name"])
        check_rules(request["Rules"])
        tags = tags_from_request(request.get("Tags"))
        arn = self.arn("license-asset-ruleset", RULESET_ID_PREFIX + new_id(), regional=True)
        self.license_asset_rulesets[arn] = AssetRuleset(
            arn=arn,
            name=name,
            description=request.get("Description"),
            rules=copy.deepcopy(request["Rules"]),
            tags=tags,
        )
        return {"LicenseAssetRulesetArn": arn}

    def get_license_asset_ruleset(self, request: Request) -> Result:
        """One ruleset."""
        return {"LicenseAssetRuleset": self.asset_ruleset(request["LicenseAssetRulesetArn"]).view()}

    def update_license_asset_ruleset(self, request: Request) -> Result:
        """Replaces the rules, and the name and description when given."""
        ruleset = self.asset_ruleset(request["LicenseAssetRulesetArn"])
        name = check_name(request["Name"]) if request.get("Name") is not None else ruleset.name
        check_rules(request["Rules"])
        ruleset.name = name
        if request.get("Description") is not None:
            ruleset.description = request["Description"]
        ruleset.rules = copy.deepcopy(request["Rules"])
        return {"LicenseAssetRulesetArn": ruleset.arn}

    def delete_license_asset_ruleset(self, request: Request) -> Result:
        """Deletes a ruleset no license asset group uses."""
        ruleset = self.asset_ruleset(request["LicenseAssetRulesetArn"])
        users = self.users_of(ruleset.arn)
        if users:
            raise ValidationException(
                f"License asset ruleset {ruleset.arn} is associated with license asset groups "
                f"{', '.join(users)}; remove it from them first."
            )
        del self.license_asset_rulesets[ruleset.arn]
        return {}

    def list_license_asset_rulesets(self, request: Request) -> Result:
        """The caller's rulesets in this region, oldest first, filtered by ``Name``."""
        rulesets = apply_filters(
            list(self.license_asset_rulesets.values()),
            request.get("Filters"),
            {"Name": lambda ruleset: ruleset.name},
        )
        page, token = paginate(request, rulesets)
        return {"LicenseAssetRulesets": [ruleset.view() for ruleset in page], "NextToken": token}
