"""License asset groups: CreateLicenseAssetGroup, GetLicenseAssetGroup,
UpdateLicenseAssetGroup, DeleteLicenseAssetGroup, ListLicenseAssetGroups and
ListAssetsForLicenseAssetGroup.

A group lives in one account and region, in ``self.license_asset_groups`` keyed by ARN
(``...:license-asset-group:lag-<32 hex>``), and names rulesets of the same account and region.
Its assets are discovered live at each ListAssetsForLicenseAssetGroup: the EC2 instances in
moto's EC2, the licenses the account issued or received, or its license configurations, that
any rule of the group's rulesets matches (``asset_matching``). A DISABLED group discovers
nothing; DeleteLicenseAssetGroup answers ``DELETED`` and removes the group.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from licensemgr_mock.assets.matching import (
    ASSET_TYPES,
    Asset,
    configuration_asset,
    instance_assets,
    license_asset,
    rules_match,
)
from licensemgr_mock.assets.rulesets import RulesetsArea, check_name
from licensemgr_mock.configurations.configurations import ConfigurationsArea
from licensemgr_mock.licenses.access import LicenseAccess
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    CreateLicenseAssetGroupRequest,
    CreateLicenseAssetGroupResponse,
    DeleteLicenseAssetGroupRequest,
    DeleteLicenseAssetGroupResponse,
    GetLicenseAssetGroupRequest,
    GetLicenseAssetGroupResponse,
    LicenseAssetGroupStatus,
    ListAssetsForLicenseAssetGroupRequest,
    ListAssetsForLicenseAssetGroupResponse,
    ListLicenseAssetGroupsRequest,
    ListLicenseAssetGroupsResponse,
    UpdateLicenseAssetGroupRequest,
    UpdateLicenseAssetGroupResponse,
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

GROUP_ID_PREFIX = "lag-"
FILTER_NAME = "LicenseAssetRulesetArn"


@dataclass
class GroupConfiguration:
    """What a group tracks (the API's LicenseAssetGroupConfiguration)."""

    usage_dimension: str | None = None


@dataclass
class GroupProperty:
    """A key and value a user attaches to a group (the API's LicenseAssetGroupProperty)."""

    key: str
    value: str


@dataclass
class AssetGroup:
    """One group (the API's LicenseAssetGroup): what it tracks, the rulesets that pick its
    assets, and its status."""

    license_asset_group_arn: str
    name: str
    description: str | None
    license_asset_group_configurations: list[GroupConfiguration]
    associated_license_asset_ruleset_arns: list[str]
    properties: list[GroupProperty]
    status: LicenseAssetGroupStatus = LicenseAssetGroupStatus.ACTIVE
    tags: dict[str, str] = field(default_factory=dict)


def _configurations(entries: Sequence[Request]) -> list[GroupConfiguration]:
    configurations = [from_wire(GroupConfiguration, entry) for entry in entries]
    if not configurations:
        raise invalid("LicenseAssetGroupConfigurations must hold at least one entry.")
    dimensions = [entry.usage_dimension for entry in configurations]
    if not all(dimensions):
        raise invalid("Every LicenseAssetGroupConfigurations entry needs a UsageDimension.")
    if len(set(dimensions)) != len(dimensions):
        raise invalid("LicenseAssetGroupConfigurations repeat a UsageDimension.")
    return configurations


def _properties(entries: Sequence[Request]) -> list[GroupProperty]:
    properties = [from_wire(GroupProperty, entry) for entry in entries]
    keys = [entry.key for entry in properties]
    if not all(keys):
        raise invalid("Properties keys must not be empty.")
    if len(set(keys)) != len(keys):
        raise invalid("Properties repeat a key.")
    return properties


class GroupsArea(Area):
    """CreateLicenseAssetGroup, GetLicenseAssetGroup, UpdateLicenseAssetGroup,
    DeleteLicenseAssetGroup, ListLicenseAssetGroups, ListAssetsForLicenseAssetGroup."""

    def __init__(
        self,
        scope: Scope,
        access: LicenseAccess,
        rulesets: RulesetsArea,
        configurations: ConfigurationsArea,
    ) -> None:
        super().__init__(scope)
        self.access = access
        self.rulesets = rulesets
        self.configurations = configurations
        self.license_asset_groups: dict[str, AssetGroup] = {}

    def tagged(self, arn: str) -> AssetGroup | None:
        """The group ``arn`` (for tagging and report contexts), or None."""
        return self.license_asset_groups.get(arn)

    def groups_using(self, ruleset_arn: str) -> list[str]:
        """The ARNs of the groups that use a ruleset, sorted."""
        return sorted(
            arn
            for arn, group in self.license_asset_groups.items()
            if ruleset_arn in group.associated_license_asset_ruleset_arns
        )

    def _asset_group(self, arn: str) -> AssetGroup:
        found = self.license_asset_groups.get(arn)
        if found is None:
            raise invalid_value(f"License asset group {quoted(arn)} does not exist.")
        return found

    def _check_ruleset_arns(self, arns: list[str]) -> list[str]:
        """The ARNs, if each names one of the caller's rulesets here, once."""
        if not arns:
            raise invalid("AssociatedLicenseAssetRulesetARNs must hold at least one ruleset.")
        if len(set(arns)) != len(arns):
            raise invalid("AssociatedLicenseAssetRulesetARNs repeat a ruleset.")
        for arn in arns:
            if self.rulesets.tagged(arn) is None:
                raise invalid_value(f"License asset ruleset {quoted(arn)} does not exist.")
        return list(arns)

    @handles("CreateLicenseAssetGroup")
    def create_license_asset_group(
        self, request: CreateLicenseAssetGroupRequest
    ) -> CreateLicenseAssetGroupResponse:
        """Stores a new ACTIVE group."""
        name = check_name(request["Name"])
        configurations = _configurations(request["LicenseAssetGroupConfigurations"])
        rulesets = self._check_ruleset_arns(request["AssociatedLicenseAssetRulesetARNs"])
        properties = _properties(request.get("Properties") or [])
        tags = tags_from_request(request.get("Tags"))
        arn = self.arn("license-asset-group", GROUP_ID_PREFIX + new_id(), regional=True)
        group = AssetGroup(
            license_asset_group_arn=arn,
            name=name,
            description=request.get("Description"),
            license_asset_group_configurations=configurations,
            associated_license_asset_ruleset_arns=rulesets,
            properties=properties,
            tags=tags,
        )
        self.license_asset_groups[arn] = group
        return {"LicenseAssetGroupArn": arn, "Status": group.status}

    @handles("GetLicenseAssetGroup")
    def get_license_asset_group(
        self, request: GetLicenseAssetGroupRequest
    ) -> GetLicenseAssetGroupResponse:
        """One group."""
        return {"LicenseAssetGroup": self._asset_group(request["LicenseAssetGroupArn"])}

    @handles("UpdateLicenseAssetGroup")
    def update_license_asset_group(
        self, request: UpdateLicenseAssetGroupRequest
    ) -> UpdateLicenseAssetGroupResponse:
        """Replaces the rulesets, and every other member that is given."""
        group = self._asset_group(request["LicenseAssetGroupArn"])
        name = check_name(request["Name"]) if request.get("Name") is not None else group.name
        configurations = group.license_asset_group_configurations
        if request.get("LicenseAssetGroupConfigurations") is not None:
            configurations = _configurations(request["LicenseAssetGroupConfigurations"])
        rulesets = self._check_ruleset_arns(request["AssociatedLicenseAssetRulesetARNs"])
        properties = group.properties
        if request.get("Properties") is not None:
            properties = _properties(request["Properties"])
        status = LicenseAssetGroupStatus(request.get("Status") or group.status)
        if status == LicenseAssetGroupStatus.DELETED:
            raise invalid(
                "Status can be ACTIVE or DISABLED; DeleteLicenseAssetGroup deletes a group."
            )
        group.name = name
        if request.get("Description") is not None:
            group.description = request["Description"]
        group.license_asset_group_configurations = configurations
        group.associated_license_asset_ruleset_arns = rulesets
        group.properties = properties
        group.status = status
        return {"LicenseAssetGroupArn": group.license_asset_group_arn, "Status": group.status}

    @handles("DeleteLicenseAssetGroup")
    def delete_license_asset_group(
        self, request: DeleteLicenseAssetGroupRequest
    ) -> DeleteLicenseAssetGroupResponse:
        """Removes a group; its rulesets stay."""
        group = self._asset_group(request["LicenseAssetGroupArn"])
        del self.license_asset_groups[group.license_asset_group_arn]
        return {"Status": LicenseAssetGroupStatus.DELETED}

    @handles("ListLicenseAssetGroups")
    def list_license_asset_groups(
        self, request: ListLicenseAssetGroupsRequest
    ) -> ListLicenseAssetGroupsResponse:
        """The caller's groups in this region, oldest first; the ``LicenseAssetRulesetArn``
        filter keeps the groups that use one of its rulesets."""
        groups = apply_filters(
            self.license_asset_groups.values(),
            request.get("Filters"),
            {FILTER_NAME: lambda g: g.associated_license_asset_ruleset_arns},
        )
        page, token = paginate(request, groups)
        return {"LicenseAssetGroups": page, "NextToken": token}

    @handles("ListAssetsForLicenseAssetGroup")
    def list_assets_for_license_asset_group(
        self, request: ListAssetsForLicenseAssetGroupRequest
    ) -> ListAssetsForLicenseAssetGroupResponse:
        """The assets of one type that the group's rulesets match now."""
        group = self._asset_group(request["LicenseAssetGroupArn"])
        asset_type = request["AssetType"]
        if asset_type not in ASSET_TYPES:
            raise invalid(f"assetType {quoted(asset_type)} is not one of {', '.join(ASSET_TYPES)}.")
        page, token = paginate(request, self._group_assets(group, asset_type))
        now = clock.now()
        return {
            "Assets": [{"AssetArn": asset.arn, "LatestAssetDiscoveryTime": now} for asset in page],
            "NextToken": token,
        }

    def _group_assets(self, group: AssetGroup, asset_type: str) -> list[Asset]:
        if group.status != LicenseAssetGroupStatus.ACTIVE:
            return []
        rules = [
            rule
            for arn in group.associated_license_asset_ruleset_arns
            for rule in self.rulesets.asset_ruleset(arn).rules
        ]
        return [
            asset for asset in self._assets(asset_type) if rules_match(rules, asset_type, asset)
        ]

    def _assets(self, asset_type: str) -> list[Asset]:
        """Every asset of the type the caller has (in this region, for regional ones)."""
        if asset_type == "Instance":
            return instance_assets(
                self.scope.services.ec2, self.account_id, self.region_name, self.partition
            )
        if asset_type == "License":
            return [
                license_asset(license_, self.access.license_view(license_))
                for license_ in self.store.licenses.values()
                if license_.issuer_account == self.account_id
                or self.access.received_grants(license_.arn)
            ]
        return [
            configuration_asset(config.arn, config.owner_account_id)
            for config in self.configurations.all()
        ]
