"""Requests, and the structures they nest.

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

from licensemgr_mock.pipeline.api.requests_1 import (
    ConsumptionConfiguration,
    DatetimeRange,
    Entitlement,
    Filter,
    Issuer,
    LicenseAssetGroupConfiguration,
    LicenseAssetGroupProperty,
    LicenseAssetRule,
    LicenseConversionContext,
    Metadata,
    Options,
    ProductInformation,
    ReportContext,
    ReportFrequency,
    Tag,
)

__all__ = [
    "CreateGrantRequest",
    "CreateGrantVersionRequest",
    "CreateLicenseAssetGroupRequest",
    "CreateLicenseAssetRulesetRequest",
    "CreateLicenseConfigurationRequest",
    "CreateLicenseConversionTaskForResourceRequest",
    "CreateLicenseManagerReportGeneratorRequest",
    "CreateLicenseRequest",
    "CreateLicenseVersionRequest",
    "CreateTokenRequest",
    "DeleteGrantRequest",
    "DeleteLicenseAssetGroupRequest",
    "DeleteLicenseAssetRulesetRequest",
    "DeleteLicenseConfigurationRequest",
    "DeleteLicenseManagerReportGeneratorRequest",
    "DeleteLicenseRequest",
    "DeleteTokenRequest",
    "ExtendLicenseConsumptionRequest",
    "GetAccessTokenRequest",
    "GetGrantRequest",
    "GetLicenseAssetGroupRequest",
    "GetLicenseAssetRulesetRequest",
    "GetLicenseConfigurationRequest",
    "GetLicenseConversionTaskRequest",
    "GetLicenseManagerReportGeneratorRequest",
    "GetLicenseRequest",
    "GetLicenseUsageRequest",
    "GetServiceSettingsRequest",
    "ListAssetsForLicenseAssetGroupRequest",
    "ListAssociationsForLicenseConfigurationRequest",
    "ListDistributedGrantsRequest",
]


class CreateGrantRequest(TypedDict):
    """The request of CreateGrant."""

    ClientToken: str
    GrantName: str
    LicenseArn: str
    Principals: list[str]
    HomeRegion: str
    AllowedOperations: list[str]
    Tags: NotRequired[list[Tag]]


class CreateGrantVersionRequest(TypedDict):
    """The request of CreateGrantVersion."""

    ClientToken: str
    GrantArn: str
    GrantName: NotRequired[str]
    AllowedOperations: NotRequired[list[str]]
    Status: NotRequired[str]
    StatusReason: NotRequired[str]
    SourceVersion: NotRequired[str]
    Options: NotRequired[Options]


class CreateLicenseRequest(TypedDict):
    """The request of CreateLicense."""

    LicenseName: str
    ProductName: str
    ProductSKU: str
    Issuer: Issuer
    HomeRegion: str
    Validity: DatetimeRange
    Entitlements: list[Entitlement]
    Beneficiary: str
    ConsumptionConfiguration: ConsumptionConfiguration
    LicenseMetadata: NotRequired[list[Metadata]]
    ClientToken: str
    Tags: NotRequired[list[Tag]]


class CreateLicenseAssetGroupRequest(TypedDict):
    """The request of CreateLicenseAssetGroup."""

    Name: str
    Description: NotRequired[str]
    LicenseAssetGroupConfigurations: list[LicenseAssetGroupConfiguration]
    AssociatedLicenseAssetRulesetARNs: list[str]
    Properties: NotRequired[list[LicenseAssetGroupProperty]]
    Tags: NotRequired[list[Tag]]
    ClientToken: str


class CreateLicenseAssetRulesetRequest(TypedDict):
    """The request of CreateLicenseAssetRuleset."""

    Name: str
    Description: NotRequired[str]
    Rules: list[LicenseAssetRule]
    Tags: NotRequired[list[Tag]]
    ClientToken: str


class CreateLicenseConfigurationRequest(TypedDict):
    """The request of CreateLicenseConfiguration."""

    Name: str
    Description: NotRequired[str]
    LicenseCountingType: str
    LicenseCount: NotRequired[int]
    LicenseCountHardLimit: NotRequired[bool]
    LicenseRules: NotRequired[list[str]]
    Tags: NotRequired[list[Tag]]
    DisassociateWhenNotFound: NotRequired[bool]
    ProductInformationList: NotRequired[list[ProductInformation]]
    LicenseExpiry: NotRequired[int]


class CreateLicenseConversionTaskForResourceRequest(TypedDict):
    """The request of CreateLicenseConversionTaskForResource."""

    ResourceArn: str
    SourceLicenseContext: LicenseConversionContext
    DestinationLicenseContext: LicenseConversionContext


class CreateLicenseManagerReportGeneratorRequest(TypedDict):
    """The request of CreateLicenseManagerReportGenerator."""

    ReportGeneratorName: str
    Type: list[str]
    ReportContext: ReportContext
    ReportFrequency: ReportFrequency
    ClientToken: str
    Description: NotRequired[str]
    Tags: NotRequired[list[Tag]]


class CreateLicenseVersionRequest(TypedDict):
    """The request of CreateLicenseVersion."""

    LicenseArn: str
    LicenseName: str
    ProductName: str
    Issuer: Issuer
    HomeRegion: str
    Validity: DatetimeRange
    LicenseMetadata: NotRequired[list[Metadata]]
    Entitlements: list[Entitlement]
    ConsumptionConfiguration: ConsumptionConfiguration
    Status: str
    ClientToken: str
    SourceVersion: NotRequired[str]
    ResetUsage: NotRequired[bool]


class CreateTokenRequest(TypedDict):
    """The request of CreateToken."""

    LicenseArn: str
    RoleArns: NotRequired[list[str]]
    ExpirationInDays: NotRequired[int]
    TokenProperties: NotRequired[list[str]]
    ClientToken: str


class DeleteGrantRequest(TypedDict):
    """The request of DeleteGrant."""

    GrantArn: str
    StatusReason: NotRequired[str]
    Version: str


class DeleteLicenseRequest(TypedDict):
    """The request of DeleteLicense."""

    LicenseArn: str
    SourceVersion: str


class DeleteLicenseAssetGroupRequest(TypedDict):
    """The request of DeleteLicenseAssetGroup."""

    LicenseAssetGroupArn: str


class DeleteLicenseAssetRulesetRequest(TypedDict):
    """The request of DeleteLicenseAssetRuleset."""

    LicenseAssetRulesetArn: str


class DeleteLicenseConfigurationRequest(TypedDict):
    """The request of DeleteLicenseConfiguration."""

    LicenseConfigurationArn: str


class DeleteLicenseManagerReportGeneratorRequest(TypedDict):
    """The request of DeleteLicenseManagerReportGenerator."""

    LicenseManagerReportGeneratorArn: str


class DeleteTokenRequest(TypedDict):
    """The request of DeleteToken."""

    TokenId: str


class ExtendLicenseConsumptionRequest(TypedDict):
    """The request of ExtendLicenseConsumption."""

    LicenseConsumptionToken: str
    DryRun: NotRequired[bool]


class GetAccessTokenRequest(TypedDict):
    """The request of GetAccessToken."""

    Token: str
    TokenProperties: NotRequired[list[str]]


class GetGrantRequest(TypedDict):
    """The request of GetGrant."""

    GrantArn: str
    Version: NotRequired[str]


class GetLicenseRequest(TypedDict):
    """The request of GetLicense."""

    LicenseArn: str
    Version: NotRequired[str]


class GetLicenseAssetGroupRequest(TypedDict):
    """The request of GetLicenseAssetGroup."""

    LicenseAssetGroupArn: str


class GetLicenseAssetRulesetRequest(TypedDict):
    """The request of GetLicenseAssetRuleset."""

    LicenseAssetRulesetArn: str


class GetLicenseConfigurationRequest(TypedDict):
    """The request of GetLicenseConfiguration."""

    LicenseConfigurationArn: str


class GetLicenseConversionTaskRequest(TypedDict):
    """The request of GetLicenseConversionTask."""

    LicenseConversionTaskId: str


class GetLicenseManagerReportGeneratorRequest(TypedDict):
    """The request of GetLicenseManagerReportGenerator."""

    LicenseManagerReportGeneratorArn: str


class GetLicenseUsageRequest(TypedDict):
    """The request of GetLicenseUsage."""

    LicenseArn: str


class GetServiceSettingsRequest(TypedDict):
    """The request of GetServiceSettings."""


class ListAssetsForLicenseAssetGroupRequest(TypedDict):
    """The request of ListAssetsForLicenseAssetGroup."""

    LicenseAssetGroupArn: str
    AssetType: str
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]


class ListAssociationsForLicenseConfigurationRequest(TypedDict):
    """The request of ListAssociationsForLicenseConfiguration."""

    LicenseConfigurationArn: str
    MaxResults: NotRequired[int]
    NextToken: NotRequired[str]


class ListDistributedGrantsRequest(TypedDict):
    """The request of ListDistributedGrants."""

    GrantArns: NotRequired[list[str]]
    Filters: NotRequired[list[Filter]]
    NextToken: NotRequired[str]
    MaxResults: NotRequired[int]
