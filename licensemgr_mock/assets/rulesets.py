"""License asset rulesets: CreateLicenseAssetRuleset, GetLicenseAssetRuleset,
UpdateLicenseAssetRuleset, DeleteLicenseAssetRuleset, ListLicenseAssetRulesets.

A ruleset lives in one account and region, in ``self.license_asset_rulesets`` keyed by ARN
(``...:license-asset-ruleset:lar-<32 hex>``). Its rules are built as ``matching.AssetRule``
records and checked there. An ARN the caller does not own in this region is an
InvalidParameterValueException; a ruleset a license asset group still uses cannot be deleted
(ValidationException). The mock has no AWS managed rulesets, so
``ShowAWSManagedLicenseAssetRulesets`` adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from licensemgr_mock.assets.matching import AssetRule, check_rules
from licensemgr_mock.pipeline.api import (
    CreateLicenseAssetRulesetRequest,
    CreateLicenseAssetRulesetResponse,
    DeleteLicenseAssetRulesetRequest,
    DeleteLicenseAssetRulesetResponse,
    GetLicenseAssetRulesetRequest,
    GetLicenseAssetRulesetResponse,
    ListLicenseAssetRulesetsRequest,
    ListLicenseAssetRulesetsResponse,
    UpdateLicenseAssetRulesetRequest,
    UpdateLicenseAssetRulesetResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    invalid,
    invalid_value,
    quoted,
)
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Request, from_wire
from licensemgr_mock.state.scope import Area, Scope, new_id

RULESET_ID_PREFIX = "lar-"


@dataclass
class AssetRuleset:
    """One ruleset (the API's LicenseAssetRuleset): a name, a description and its rules."""

    license_asset_ruleset_arn: str
    name: str
    description: str | None
    rules: list[AssetRule]
    tags: dict[str, str] = field(default_factory=dict)


def check_name(name: str) -> str:
    """A resource name: the model allows an empty one, which no user means."""
    if not name.strip():
        raise invalid("Name must not be empty.")
    return name


def rules_of(request: Request) -> list[AssetRule]:
    """The request's ``Rules`` as records, checked."""
    rules = [from_wire(AssetRule, rule) for rule in request["Rules"]]
    check_rules(rules)
    return rules


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
            raise invalid_value(f"License asset ruleset {quoted(arn)} does not exist.")
        return found

    @handles("CreateLicenseAssetRuleset")
    def create_license_asset_ruleset(
        self, request: CreateLicenseAssetRulesetRequest
    ) -> CreateLicenseAssetRulesetResponse:
        """Stores a new ruleset."""
        name = check_name(request["Name"])
        rules = rules_of(request)
        tags = tags_from_request(request.get("Tags"))
        arn = self.arn("license-asset-ruleset", RULESET_ID_PREFIX + new_id(), regional=True)
        self.license_asset_rulesets[arn] = AssetRuleset(
            license_asset_ruleset_arn=arn,
            name=name,
            description=request.get("Description"),
            rules=rules,
            tags=tags,
        )
        return {"LicenseAssetRulesetArn": arn}

    @handles("GetLicenseAssetRuleset")
    def get_license_asset_ruleset(
        self, request: GetLicenseAssetRulesetRequest
    ) -> GetLicenseAssetRulesetResponse:
        """One ruleset."""
        return {"LicenseAssetRuleset": self.asset_ruleset(request["LicenseAssetRulesetArn"])}

    @handles("UpdateLicenseAssetRuleset")
    def update_license_asset_ruleset(
        self, request: UpdateLicenseAssetRulesetRequest
    ) -> UpdateLicenseAssetRulesetResponse:
        """Replaces the rules, and the name and description when given."""
        ruleset = self.asset_ruleset(request["LicenseAssetRulesetArn"])
        name = check_name(request["Name"]) if request.get("Name") is not None else ruleset.name
        rules = rules_of(request)
        ruleset.name = name
        if request.get("Description") is not None:
            ruleset.description = request["Description"]
        ruleset.rules = rules
        return {"LicenseAssetRulesetArn": ruleset.license_asset_ruleset_arn}

    @handles("DeleteLicenseAssetRuleset")
    def delete_license_asset_ruleset(
        self, request: DeleteLicenseAssetRulesetRequest
    ) -> DeleteLicenseAssetRulesetResponse:
        """Deletes a ruleset no license asset group uses."""
        ruleset = self.asset_ruleset(request["LicenseAssetRulesetArn"])
        arn = ruleset.license_asset_ruleset_arn
        users = self.users_of(arn)
        if users:
            raise invalid(
                f"License asset ruleset {arn} is associated with license asset groups "
                f"{', '.join(users)}; remove it from them first."
            )
        del self.license_asset_rulesets[arn]
        return {}

    @handles("ListLicenseAssetRulesets")
    def list_license_asset_rulesets(
        self, request: ListLicenseAssetRulesetsRequest
    ) -> ListLicenseAssetRulesetsResponse:
        """The caller's rulesets in this region, oldest first, filtered by ``Name``."""
        rulesets = apply_filters(
            list(self.license_asset_rulesets.values()),
            request.get("Filters"),
            {"Name": lambda ruleset: ruleset.name},
        )
        page, token = paginate(request, rulesets)
        return {"LicenseAssetRulesets": page, "NextToken": token}
