"""Answers, and the structures they nest (where a record is accepted too).

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Required, TypedDict

from licensemgr_mock.pipeline.api.answers_1 import (
    AssetAnswer,
    AutomatedDiscoveryInformationAnswer,
    ConsumedLicenseSummaryAnswer,
    GrantAnswer,
    LicenseAssetGroupAnswer,
    LicenseConfigurationAssociationAnswer,
    LicenseConfigurationUsageAnswer,
    LicenseConversionContextAnswer,
    LicenseOperationFailureAnswer,
    LicenseSpecificationAnswer,
    ManagedResourceSummaryAnswer,
    OrganizationConfigurationAnswer,
    ResourceInventoryAnswer,
    TagAnswer,
    TokenDataAnswer,
)
from licensemgr_mock.pipeline.api.answers_2 import (
    GrantedLicenseAnswer,
    LicenseAnswer,
    LicenseAssetRulesetAnswer,
    LicenseConfigurationAnswer,
    LicenseConversionTaskAnswer,
    LicenseUsageAnswer,
    ProductInformationAnswer,
    ReportGeneratorAnswer,
    ServiceStatusAnswer,
)
from licensemgr_mock.pipeline.api.enums import (
    GrantStatus,
    LicenseConversionTaskStatus,
    LicenseCountingType,
)
from licensemgr_mock.pipeline.wire import Record

if TYPE_CHECKING:
    from typing_extensions import ReadOnly

__all__ = [
    "ExtendLicenseConsumptionResponse",
    "GetAccessTokenResponse",
    "GetGrantResponse",
    "GetLicenseAssetGroupResponse",
    "GetLicenseAssetRulesetResponse",
    "GetLicenseConfigurationResponse",
    "GetLicenseConversionTaskResponse",
    "GetLicenseManagerReportGeneratorResponse",
    "GetLicenseResponse",
    "GetLicenseUsageResponse",
    "GetServiceSettingsResponse",
    "ListAssetsForLicenseAssetGroupResponse",
    "ListAssociationsForLicenseConfigurationResponse",
    "ListDistributedGrantsResponse",
    "ListFailuresForLicenseConfigurationOperationsResponse",
    "ListLicenseAssetGroupsResponse",
    "ListLicenseAssetRulesetsResponse",
    "ListLicenseConfigurationsForOrganizationResponse",
    "ListLicenseConfigurationsResponse",
    "ListLicenseConversionTasksResponse",
    "ListLicenseManagerReportGeneratorsResponse",
    "ListLicenseSpecificationsForResourceResponse",
    "ListLicenseVersionsResponse",
    "ListLicensesResponse",
    "ListReceivedGrantsForOrganizationResponse",
    "ListReceivedGrantsResponse",
    "ListReceivedLicensesForOrganizationResponse",
    "ListReceivedLicensesResponse",
    "ListResourceInventoryResponse",
    "ListTagsForResourceResponse",
    "ListTokensResponse",
    "ListUsageForLicenseConfigurationResponse",
    "RejectGrantResponse",
    "TagResourceResponse",
    "UntagResourceResponse",
    "UpdateLicenseAssetGroupResponse",
    "UpdateLicenseAssetRulesetResponse",
    "UpdateLicenseConfigurationResponse",
    "UpdateLicenseManagerReportGeneratorResponse",
    "UpdateLicenseSpecificationsForResourceResponse",
    "UpdateServiceSettingsResponse",
]


class ExtendLicenseConsumptionResponse(TypedDict, total=False):
    """The answer of ExtendLicenseConsumption."""

    LicenseConsumptionToken: ReadOnly[str | None]
    Expiration: ReadOnly[str | None]


class GetAccessTokenResponse(TypedDict, total=False):
    """The answer of GetAccessToken."""

    AccessToken: ReadOnly[str | None]


class GetGrantResponse(TypedDict, total=False):
    """The answer of GetGrant."""

    Grant: ReadOnly[GrantAnswer | Record | None]


class GetLicenseResponse(TypedDict, total=False):
    """The answer of GetLicense."""

    License: ReadOnly[LicenseAnswer | Record | None]


class GetLicenseAssetGroupResponse(TypedDict, total=False):
    """The answer of GetLicenseAssetGroup."""

    LicenseAssetGroup: Required[ReadOnly[LicenseAssetGroupAnswer | Record]]


class GetLicenseAssetRulesetResponse(TypedDict, total=False):
    """The answer of GetLicenseAssetRuleset."""

    LicenseAssetRuleset: Required[ReadOnly[LicenseAssetRulesetAnswer | Record]]


class GetLicenseConfigurationResponse(TypedDict, total=False):
    """The answer of GetLicenseConfiguration."""

    LicenseConfigurationId: ReadOnly[str | None]
    LicenseConfigurationArn: ReadOnly[str | None]
    Name: ReadOnly[str | None]
    Description: ReadOnly[str | None]
    LicenseCountingType: ReadOnly[LicenseCountingType | None]
    LicenseRules: ReadOnly[Sequence[str] | None]
    LicenseCount: ReadOnly[int | None]
    LicenseCountHardLimit: ReadOnly[bool | None]
    ConsumedLicenses: ReadOnly[int | None]
    Status: ReadOnly[str | None]
    OwnerAccountId: ReadOnly[str | None]
    ConsumedLicenseSummaryList: ReadOnly[Sequence[ConsumedLicenseSummaryAnswer | Record] | None]
    ManagedResourceSummaryList: ReadOnly[Sequence[ManagedResourceSummaryAnswer | Record] | None]
    Tags: ReadOnly[Sequence[TagAnswer | Record] | None]
    ProductInformationList: ReadOnly[Sequence[ProductInformationAnswer | Record] | None]
    AutomatedDiscoveryInformation: ReadOnly[AutomatedDiscoveryInformationAnswer | Record | None]
    DisassociateWhenNotFound: ReadOnly[bool | None]
    LicenseExpiry: ReadOnly[int | None]


class GetLicenseConversionTaskResponse(TypedDict, total=False):
    """The answer of GetLicenseConversionTask."""

    LicenseConversionTaskId: ReadOnly[str | None]
    ResourceArn: ReadOnly[str | None]
    SourceLicenseContext: ReadOnly[LicenseConversionContextAnswer | Record | None]
    DestinationLicenseContext: ReadOnly[LicenseConversionContextAnswer | Record | None]
    StatusMessage: ReadOnly[str | None]
    Status: ReadOnly[LicenseConversionTaskStatus | None]
    StartTime: ReadOnly[datetime | float | None]
    LicenseConversionTime: ReadOnly[datetime | float | None]
    EndTime: ReadOnly[datetime | float | None]


class GetLicenseManagerReportGeneratorResponse(TypedDict, total=False):
    """The answer of GetLicenseManagerReportGenerator."""

    ReportGenerator: ReadOnly[ReportGeneratorAnswer | Record | None]


class GetLicenseUsageResponse(TypedDict, total=False):
    """The answer of GetLicenseUsage."""

    LicenseUsage: ReadOnly[LicenseUsageAnswer | Record | None]


class GetServiceSettingsResponse(TypedDict, total=False):
    """The answer of GetServiceSettings."""

    S3BucketArn: ReadOnly[str | None]
    SnsTopicArn: ReadOnly[str | None]
    OrganizationConfiguration: ReadOnly[OrganizationConfigurationAnswer | Record | None]
    EnableCrossAccountsDiscovery: ReadOnly[bool | None]
    LicenseManagerResourceShareArn: ReadOnly[str | None]
    CrossRegionDiscoveryHomeRegion: ReadOnly[str | None]
    CrossRegionDiscoverySourceRegions: ReadOnly[Sequence[str] | None]
    ServiceStatus: ReadOnly[ServiceStatusAnswer | Record | None]


class ListAssetsForLicenseAssetGroupResponse(TypedDict, total=False):
    """The answer of ListAssetsForLicenseAssetGroup."""

    Assets: ReadOnly[Sequence[AssetAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListAssociationsForLicenseConfigurationResponse(TypedDict, total=False):
    """The answer of ListAssociationsForLicenseConfiguration."""

    LicenseConfigurationAssociations: ReadOnly[
        Sequence[LicenseConfigurationAssociationAnswer | Record] | None
    ]
    NextToken: ReadOnly[str | None]


class ListDistributedGrantsResponse(TypedDict, total=False):
    """The answer of ListDistributedGrants."""

    Grants: ReadOnly[Sequence[GrantAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListFailuresForLicenseConfigurationOperationsResponse(TypedDict, total=False):
    """The answer of ListFailuresForLicenseConfigurationOperations."""

    LicenseOperationFailureList: ReadOnly[Sequence[LicenseOperationFailureAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseAssetGroupsResponse(TypedDict, total=False):
    """The answer of ListLicenseAssetGroups."""

    LicenseAssetGroups: ReadOnly[Sequence[LicenseAssetGroupAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseAssetRulesetsResponse(TypedDict, total=False):
    """The answer of ListLicenseAssetRulesets."""

    LicenseAssetRulesets: ReadOnly[Sequence[LicenseAssetRulesetAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseConfigurationsResponse(TypedDict, total=False):
    """The answer of ListLicenseConfigurations."""

    LicenseConfigurations: ReadOnly[Sequence[LicenseConfigurationAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseConfigurationsForOrganizationResponse(TypedDict, total=False):
    """The answer of ListLicenseConfigurationsForOrganization."""

    LicenseConfigurations: ReadOnly[Sequence[LicenseConfigurationAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseConversionTasksResponse(TypedDict, total=False):
    """The answer of ListLicenseConversionTasks."""

    LicenseConversionTasks: ReadOnly[Sequence[LicenseConversionTaskAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseManagerReportGeneratorsResponse(TypedDict, total=False):
    """The answer of ListLicenseManagerReportGenerators."""

    ReportGenerators: ReadOnly[Sequence[ReportGeneratorAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseSpecificationsForResourceResponse(TypedDict, total=False):
    """The answer of ListLicenseSpecificationsForResource."""

    LicenseSpecifications: ReadOnly[Sequence[LicenseSpecificationAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicenseVersionsResponse(TypedDict, total=False):
    """The answer of ListLicenseVersions."""

    Licenses: ReadOnly[Sequence[LicenseAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListLicensesResponse(TypedDict, total=False):
    """The answer of ListLicenses."""

    Licenses: ReadOnly[Sequence[LicenseAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListReceivedGrantsResponse(TypedDict, total=False):
    """The answer of ListReceivedGrants."""

    Grants: ReadOnly[Sequence[GrantAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListReceivedGrantsForOrganizationResponse(TypedDict, total=False):
    """The answer of ListReceivedGrantsForOrganization."""

    Grants: ReadOnly[Sequence[GrantAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListReceivedLicensesResponse(TypedDict, total=False):
    """The answer of ListReceivedLicenses."""

    Licenses: ReadOnly[Sequence[GrantedLicenseAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListReceivedLicensesForOrganizationResponse(TypedDict, total=False):
    """The answer of ListReceivedLicensesForOrganization."""

    Licenses: ReadOnly[Sequence[GrantedLicenseAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListResourceInventoryResponse(TypedDict, total=False):
    """The answer of ListResourceInventory."""

    ResourceInventoryList: ReadOnly[Sequence[ResourceInventoryAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListTagsForResourceResponse(TypedDict, total=False):
    """The answer of ListTagsForResource."""

    Tags: ReadOnly[Sequence[TagAnswer | Record] | None]


class ListTokensResponse(TypedDict, total=False):
    """The answer of ListTokens."""

    Tokens: ReadOnly[Sequence[TokenDataAnswer | Record] | None]
    NextToken: ReadOnly[str | None]


class ListUsageForLicenseConfigurationResponse(TypedDict, total=False):
    """The answer of ListUsageForLicenseConfiguration."""

    LicenseConfigurationUsageList: ReadOnly[
        Sequence[LicenseConfigurationUsageAnswer | Record] | None
    ]
    NextToken: ReadOnly[str | None]


class RejectGrantResponse(TypedDict, total=False):
    """The answer of RejectGrant."""

    GrantArn: ReadOnly[str | None]
    Status: ReadOnly[GrantStatus | None]
    Version: ReadOnly[str | None]


class TagResourceResponse(TypedDict, total=False):
    """The answer of TagResource."""


class UntagResourceResponse(TypedDict, total=False):
    """The answer of UntagResource."""


class UpdateLicenseAssetGroupResponse(TypedDict, total=False):
    """The answer of UpdateLicenseAssetGroup."""

    LicenseAssetGroupArn: Required[ReadOnly[str]]
    Status: Required[ReadOnly[str]]


class UpdateLicenseAssetRulesetResponse(TypedDict, total=False):
    """The answer of UpdateLicenseAssetRuleset."""

    LicenseAssetRulesetArn: Required[ReadOnly[str]]


class UpdateLicenseConfigurationResponse(TypedDict, total=False):
    """The answer of UpdateLicenseConfiguration."""


class UpdateLicenseManagerReportGeneratorResponse(TypedDict, total=False):
    """The answer of UpdateLicenseManagerReportGenerator."""


class UpdateLicenseSpecificationsForResourceResponse(TypedDict, total=False):
    """The answer of UpdateLicenseSpecificationsForResource."""


class UpdateServiceSettingsResponse(TypedDict, total=False):
    """The answer of UpdateServiceSettings."""
