"""Requests, and the structures they nest.

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from licensemgr_mock.pipeline.api.requests_1 import (
    Filter,
    InventoryFilter,
    LicenseAssetGroupConfiguration,
    LicenseAssetGroupProperty,
    LicenseAssetRule,
    LicenseSpecification,
    OrganizationConfiguration,
    ProductInformation,
    ReportContext,
    ReportFrequency,
    Tag,
)

__all__ = [
    "ListFailuresForLicenseConfigurationOperationsRequest",
    "ListLicenseAssetGroupsRequest",
    "ListLicenseAssetRulesetsRequest",
    "ListLicenseConfigurationsForOrganizationRequest",
    "ListLicenseConfigurationsRequest",
    "ListLicenseConversionTasksRequest",
    "ListLicenseManagerReportGeneratorsRequest",
    "ListLicenseSpecificationsForResourceRequest",
    "ListLicenseVersionsRequest",
    "ListLicensesRequest",
    "ListReceivedGrantsForOrganizationRequest",
    "ListReceivedGrantsRequest",
    "ListReceivedLicensesForOrganizationRequest",
    "ListReceivedLicensesRequest",
    "ListResourceInventoryRequest",
    "ListTagsForResourceRequest",
    "ListTokensRequest",
    "ListUsageForLicenseConfigurationRequest",
    "RejectGrantRequest",
    "TagResourceRequest",
    "UntagResourceRequest",
    "UpdateLicenseAssetGroupRequest",
    "UpdateLicenseAssetRulesetRequest",
    "UpdateLicenseConfigurationRequest",
    "UpdateLicenseManagerReportGeneratorRequest",
    "UpdateLicenseSpecificationsForResourceRequest",
    "UpdateServiceSettingsRequest",
]


class ListFailuresForLicenseConfigurationOperationsRequest(TypedDict):
    """The request of ListFailuresForLicenseConfigurationOperations."""

    LicenseConfigurationArn: str
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]


class ListLicenseAssetGroupsRequest(TypedDict):
    """The request of ListLicenseAssetGroups."""

    Filters: NotRequired[list[Filter]]
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]


class ListLicenseAssetRulesetsRequest(TypedDict):
    """The request of ListLicenseAssetRulesets."""

    Filters: NotRequired[list[Filter]]
    ShowAWSManagedLicenseAssetRulesets: NotRequired[bool]
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]


class ListLicenseConfigurationsRequest(TypedDict):
    """The request of ListLicenseConfigurations."""

    LicenseConfigurationArns: NotRequired[list[str]]
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]
    Filters: NotRequired[list[Filter]]


class ListLicenseConfigurationsForOrganizationRequest(TypedDict):
    """The request of ListLicenseConfigurationsForOrganization."""

    LicenseConfigurationArns: NotRequired[list[str]]
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]
    Filters: NotRequired[list[Filter]]


class ListLicenseConversionTasksRequest(TypedDict):
    """The request of ListLicenseConversionTasks."""

    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]
    Filters: NotRequired[list[Filter]]


class ListLicenseManagerReportGeneratorsRequest(TypedDict):
    """The request of ListLicenseManagerReportGenerators."""

    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListLicenseSpecificationsForResourceRequest(TypedDict):
    """The request of ListLicenseSpecificationsForResource."""

    ResourceArn: str
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]


class ListLicenseVersionsRequest(TypedDict):
    """The request of ListLicenseVersions."""

    LicenseArn: str
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListLicensesRequest(TypedDict):
    """The request of ListLicenses."""

    LicenseArns: NotRequired[list[str]]
    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListReceivedGrantsRequest(TypedDict):
    """The request of ListReceivedGrants."""

    GrantArns: NotRequired[list[str]]
    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListReceivedGrantsForOrganizationRequest(TypedDict):
    """The request of ListReceivedGrantsForOrganization."""

    LicenseArn: str
    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListReceivedLicensesRequest(TypedDict):
    """The request of ListReceivedLicenses."""

    LicenseArns: NotRequired[list[str]]
    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListReceivedLicensesForOrganizationRequest(TypedDict):
    """The request of ListReceivedLicensesForOrganization."""

    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListResourceInventoryRequest(TypedDict):
    """The request of ListResourceInventory."""

    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]
    Filters: NotRequired[list[InventoryFilter]]


class ListTagsForResourceRequest(TypedDict):
    """The request of ListTagsForResource."""

    ResourceArn: str


class ListTokensRequest(TypedDict):
    """The request of ListTokens."""

    TokenIds: NotRequired[list[str]]
    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]


class ListUsageForLicenseConfigurationRequest(TypedDict):
    """The request of ListUsageForLicenseConfiguration."""

    LicenseConfigurationArn: str
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]
    Filters: NotRequired[list[Filter]]


class RejectGrantRequest(TypedDict):
    """The request of RejectGrant."""

    GrantArn: str


class TagResourceRequest(TypedDict):
    """The request of TagResource."""

    ResourceArn: str
    Tags: list[Tag]


class UntagResourceRequest(TypedDict):
    """The request of UntagResource."""

    ResourceArn: str
    TagKeys: list[str]


class UpdateLicenseAssetGroupRequest(TypedDict):
    """The request of UpdateLicenseAssetGroup."""

    Name: NotRequired[str]
    Description: NotRequired[str]
    LicenseAssetGroupConfigurations: NotRequired[list[LicenseAssetGroupConfiguration]]
    AssociatedLicenseAssetRulesetARNs: list[str]
    Properties: NotRequired[list[LicenseAssetGroupProperty]]
    LicenseAssetGroupArn: str
    Status: NotRequired[str]
    ClientToken: str


class UpdateLicenseAssetRulesetRequest(TypedDict):
    """The request of UpdateLicenseAssetRuleset."""

    Name: NotRequired[str]
    Description: NotRequired[str]
    Rules: list[LicenseAssetRule]
    LicenseAssetRulesetArn: str
    ClientToken: str


class UpdateLicenseConfigurationRequest(TypedDict):
    """The request of UpdateLicenseConfiguration."""

    LicenseConfigurationArn: str
    LicenseConfigurationStatus: NotRequired[str]
    LicenseRules: NotRequired[list[str]]
    LicenseCount: NotRequired[int]
    LicenseCountHardLimit: NotRequired[bool]
    Name: NotRequired[str]
    Description: NotRequired[str]
    ProductInformationList: NotRequired[list[ProductInformation]]
    DisassociateWhenNotFound: NotRequired[bool]
    LicenseExpiry: NotRequired[int]


class UpdateLicenseManagerReportGeneratorRequest(TypedDict):
    """The request of UpdateLicenseManagerReportGenerator."""

    LicenseManagerReportGeneratorArn: str
    ReportGeneratorName: str
    Type: list[str]
    ReportContext: ReportContext
    ReportFrequency: ReportFrequency
    ClientToken: str
    Description: NotRequired[str]


class UpdateLicenseSpecificationsForResourceRequest(TypedDict):
    """The request of UpdateLicenseSpecificationsForResource."""

    ResourceArn: str
    AddLicenseSpecifications: NotRequired[list[LicenseSpecification]]
    RemoveLicenseSpecifications: NotRequired[list[LicenseSpecification]]


class UpdateServiceSettingsRequest(TypedDict):
    """The request of UpdateServiceSettings."""

    S3BucketArn: NotRequired[str]
    SnsTopicArn: NotRequired[str]
    OrganizationConfiguration: NotRequired[OrganizationConfiguration]
    EnableCrossAccountsDiscovery: NotRequired[bool]
    EnabledDiscoverySourceRegions: NotRequired[list[str]]
