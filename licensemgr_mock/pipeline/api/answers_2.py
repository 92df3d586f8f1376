"""Answers, and the structures they nest (where a record is accepted too).

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Required, TypedDict

from licensemgr_mock.pipeline.api.answers_1 import (
    AndRuleStatementAnswer,
    AutomatedDiscoveryInformationAnswer,
    ConsumedLicenseSummaryAnswer,
    ConsumptionConfigurationAnswer,
    CrossAccountDiscoveryServiceStatusAnswer,
    CrossRegionDiscoveryStatusAnswer,
    DatetimeRangeAnswer,
    EntitlementAnswer,
    EntitlementDataAnswer,
    EntitlementUsageAnswer,
    IssuerDetailsAnswer,
    LicenseConversionContextAnswer,
    ManagedResourceSummaryAnswer,
    MatchingRuleStatementAnswer,
    MetadataAnswer,
    ProductInformationFilterAnswer,
    ReceivedMetadataAnswer,
    ReportContextAnswer,
    ReportFrequencyAnswer,
    S3LocationAnswer,
    ScriptRuleStatementAnswer,
    TagAnswer,
)
from licensemgr_mock.pipeline.api.enums import (
    CheckoutType,
    GrantStatus,
    LicenseAssetGroupStatus,
    LicenseConversionTaskStatus,
    LicenseCountingType,
    LicenseDeletionStatus,
    LicenseStatus,
    ReportType,
    TokenType,
)
from licensemgr_mock.pipeline.wire import Record

if TYPE_CHECKING:
    from typing_extensions import ReadOnly

__all__ = [
    "AcceptGrantResponse",
    "CheckInLicenseResponse",
    "CheckoutBorrowLicenseResponse",
    "CheckoutLicenseResponse",
    "CreateGrantResponse",
    "CreateGrantVersionResponse",
    "CreateLicenseAssetGroupResponse",
    "CreateLicenseAssetRulesetResponse",
    "CreateLicenseConfigurationResponse",
    "CreateLicenseConversionTaskForResourceResponse",
    "CreateLicenseManagerReportGeneratorResponse",
    "CreateLicenseResponse",
    "CreateLicenseVersionResponse",
    "CreateTokenResponse",
    "DeleteGrantResponse",
    "DeleteLicenseAssetGroupResponse",
    "DeleteLicenseAssetRulesetResponse",
    "DeleteLicenseConfigurationResponse",
    "DeleteLicenseManagerReportGeneratorResponse",
    "DeleteLicenseResponse",
    "DeleteTokenResponse",
    "GrantedLicenseAnswer",
    "InstanceRuleStatementAnswer",
    "LicenseAnswer",
    "LicenseAssetRuleAnswer",
    "LicenseAssetRulesetAnswer",
    "LicenseConfigurationAnswer",
    "LicenseConfigurationRuleStatementAnswer",
    "LicenseConversionTaskAnswer",
    "LicenseRuleStatementAnswer",
    "LicenseUsageAnswer",
    "OrRuleStatementAnswer",
    "ProductInformationAnswer",
    "ReportGeneratorAnswer",
    "RuleStatementAnswer",
    "ServiceStatusAnswer",
]


class LicenseUsageAnswer(TypedDict, total=False):
    """The LicenseUsage of an answer."""

    EntitlementUsages: ReadOnly[Sequence[EntitlementUsageAnswer | Record] | None]


class OrRuleStatementAnswer(TypedDict, total=False):
    """The OrRuleStatement of an answer."""

    MatchingRuleStatements: ReadOnly[Sequence[MatchingRuleStatementAnswer | Record] | None]
    ScriptRuleStatements: ReadOnly[Sequence[ScriptRuleStatementAnswer | Record] | None]


class ProductInformationAnswer(TypedDict, total=False):
    """The ProductInformation of an answer."""

    ResourceType: Required[ReadOnly[str]]
    ProductInformationFilterList: Required[
        ReadOnly[Sequence[ProductInformationFilterAnswer | Record]]
    ]


class ReportGeneratorAnswer(TypedDict, total=False):
    """The ReportGenerator of an answer."""

    ReportGeneratorName: ReadOnly[str | None]
    ReportType: ReadOnly[Sequence[ReportType] | None]
    ReportContext: ReadOnly[ReportContextAnswer | Record | None]
    ReportFrequency: ReadOnly[ReportFrequencyAnswer | Record | None]
    LicenseManagerReportGeneratorArn: ReadOnly[str | None]
    LastRunStatus: ReadOnly[str | None]
    LastRunFailureReason: ReadOnly[str | None]
    LastReportGenerationTime: ReadOnly[str | None]
    ReportCreatorAccount: ReadOnly[str | None]
    Description: ReadOnly[str | None]
    S3Location: ReadOnly[S3LocationAnswer | Record | None]
    CreateTime: ReadOnly[str | None]
    Tags: ReadOnly[Sequence[TagAnswer | Record] | None]


class GrantedLicenseAnswer(TypedDict, total=False):
    """The GrantedLicense of an answer."""

    LicenseArn: ReadOnly[str | None]
    LicenseName: ReadOnly[str | None]
    ProductName: ReadOnly[str | None]
    ProductSKU: ReadOnly[str | None]
    Issuer: ReadOnly[IssuerDetailsAnswer | Record | None]
    HomeRegion: ReadOnly[str | None]
    Status: ReadOnly[LicenseStatus | None]
    Validity: ReadOnly[DatetimeRangeAnswer | Record | None]
    Beneficiary: ReadOnly[str | None]
    Entitlements: ReadOnly[Sequence[EntitlementAnswer | Record] | None]
    ConsumptionConfiguration: ReadOnly[ConsumptionConfigurationAnswer | Record | None]
    LicenseMetadata: ReadOnly[Sequence[MetadataAnswer | Record] | None]
    CreateTime: ReadOnly[str | None]
    Version: ReadOnly[str | None]
    ReceivedMetadata: ReadOnly[ReceivedMetadataAnswer | Record | None]


class InstanceRuleStatementAnswer(TypedDict, total=False):
    """The InstanceRuleStatement of an answer."""

    AndRuleStatement: ReadOnly[AndRuleStatementAnswer | Record | None]
    OrRuleStatement: ReadOnly[OrRuleStatementAnswer | Record | None]
    MatchingRuleStatement: ReadOnly[MatchingRuleStatementAnswer | Record | None]
    ScriptRuleStatement: ReadOnly[ScriptRuleStatementAnswer | Record | None]


class LicenseAnswer(TypedDict, total=False):
    """The License of an answer."""

    LicenseArn: ReadOnly[str | None]
    LicenseName: ReadOnly[str | None]
    ProductName: ReadOnly[str | None]
    ProductSKU: ReadOnly[str | None]
    Issuer: ReadOnly[IssuerDetailsAnswer | Record | None]
    HomeRegion: ReadOnly[str | None]
    Status: ReadOnly[LicenseStatus | None]
    Validity: ReadOnly[DatetimeRangeAnswer | Record | None]
    Beneficiary: ReadOnly[str | None]
    Entitlements: ReadOnly[Sequence[EntitlementAnswer | Record] | None]
    ConsumptionConfiguration: ReadOnly[ConsumptionConfigurationAnswer | Record | None]
    LicenseMetadata: ReadOnly[Sequence[MetadataAnswer | Record] | None]
    CreateTime: ReadOnly[str | None]
    Version: ReadOnly[str | None]


class LicenseConfigurationAnswer(TypedDict, total=False):
    """The LicenseConfiguration of an answer."""

    LicenseConfigurationId: ReadOnly[str | None]
    LicenseConfigurationArn: ReadOnly[str | None]
    Name: ReadOnly[str | None]
    Description: ReadOnly[str | None]
    LicenseCountingType: ReadOnly[LicenseCountingType | None]
    LicenseRules: ReadOnly[Sequence[str] | None]
    LicenseCount: ReadOnly[int | None]
    LicenseCountHardLimit: ReadOnly[bool | None]
    DisassociateWhenNotFound: ReadOnly[bool | None]
    ConsumedLicenses: ReadOnly[int | None]
    Status: ReadOnly[str | None]
    OwnerAccountId: ReadOnly[str | None]
    ConsumedLicenseSummaryList: ReadOnly[Sequence[ConsumedLicenseSummaryAnswer | Record] | None]
    ManagedResourceSummaryList: ReadOnly[Sequence[ManagedResourceSummaryAnswer | Record] | None]
    ProductInformationList: ReadOnly[Sequence[ProductInformationAnswer | Record] | None]
    AutomatedDiscoveryInformation: ReadOnly[AutomatedDiscoveryInformationAnswer | Record | None]
    LicenseExpiry: ReadOnly[int | None]


class LicenseConfigurationRuleStatementAnswer(TypedDict, total=False):
    """The LicenseConfigurationRuleStatement of an answer."""

    AndRuleStatement: ReadOnly[AndRuleStatementAnswer | Record | None]
    OrRuleStatement: ReadOnly[OrRuleStatementAnswer | Record | None]
    MatchingRuleStatement: ReadOnly[MatchingRuleStatementAnswer | Record | None]


class LicenseConversionTaskAnswer(TypedDict, total=False):
    """The LicenseConversionTask of an answer."""

    LicenseConversionTaskId: ReadOnly[str | None]
    ResourceArn: ReadOnly[str | None]
    SourceLicenseContext: ReadOnly[LicenseConversionContextAnswer | Record | None]
    DestinationLicenseContext: ReadOnly[LicenseConversionContextAnswer | Record | None]
    Status: ReadOnly[LicenseConversionTaskStatus | None]
    StatusMessage: ReadOnly[str | None]
    StartTime: ReadOnly[datetime | float | None]
    LicenseConversionTime: ReadOnly[datetime | float | None]
    EndTime: ReadOnly[datetime | float | None]


class LicenseRuleStatementAnswer(TypedDict, total=False):
    """The LicenseRuleStatement of an answer."""

    AndRuleStatement: ReadOnly[AndRuleStatementAnswer | Record | None]
    OrRuleStatement: ReadOnly[OrRuleStatementAnswer | Record | None]
    MatchingRuleStatement: ReadOnly[MatchingRuleStatementAnswer | Record | None]


class ServiceStatusAnswer(TypedDict, total=False):
    """The ServiceStatus of an answer."""

    CrossAccountDiscovery: ReadOnly[CrossAccountDiscoveryServiceStatusAnswer | Record | None]
    CrossRegionDiscovery: ReadOnly[CrossRegionDiscoveryStatusAnswer | Record | None]


class RuleStatementAnswer(TypedDict, total=False):
    """The RuleStatement of an answer."""

    LicenseConfigurationRuleStatement: ReadOnly[
        LicenseConfigurationRuleStatementAnswer | Record | None
    ]
    LicenseRuleStatement: ReadOnly[LicenseRuleStatementAnswer | Record | None]
    InstanceRuleStatement: ReadOnly[InstanceRuleStatementAnswer | Record | None]


class LicenseAssetRuleAnswer(TypedDict, total=False):
    """The LicenseAssetRule of an answer."""

    RuleStatement: Required[ReadOnly[RuleStatementAnswer | Record]]


class LicenseAssetRulesetAnswer(TypedDict, total=False):
    """The LicenseAssetRuleset of an answer."""

    Name: Required[ReadOnly[str]]
    Description: ReadOnly[str | None]
    Rules: Required[ReadOnly[Sequence[LicenseAssetRuleAnswer | Record]]]
    LicenseAssetRulesetArn: Required[ReadOnly[str]]


class AcceptGrantResponse(TypedDict, total=False):
    """The answer of AcceptGrant."""

    GrantArn: ReadOnly[str | None]
    Status: ReadOnly[GrantStatus | None]
    Version: ReadOnly[str | None]


class CheckInLicenseResponse(TypedDict, total=False):
    """The answer of CheckInLicense."""


class CheckoutBorrowLicenseResponse(TypedDict, total=False):
    """The answer of CheckoutBorrowLicense."""

    LicenseArn: ReadOnly[str | None]
    LicenseConsumptionToken: ReadOnly[str | None]
    EntitlementsAllowed: ReadOnly[Sequence[EntitlementDataAnswer | Record] | None]
    NodeId: ReadOnly[str | None]
    SignedToken: ReadOnly[str | None]
    IssuedAt: ReadOnly[str | None]
    Expiration: ReadOnly[str | None]
    CheckoutMetadata: ReadOnly[Sequence[MetadataAnswer | Record] | None]


class CheckoutLicenseResponse(TypedDict, total=False):
    """The answer of CheckoutLicense."""

    CheckoutType: ReadOnly[CheckoutType | None]
    LicenseConsumptionToken: ReadOnly[str | None]
    EntitlementsAllowed: ReadOnly[Sequence[EntitlementDataAnswer | Record] | None]
    SignedToken: ReadOnly[str | None]
    NodeId: ReadOnly[str | None]
    IssuedAt: ReadOnly[str | None]
    Expiration: ReadOnly[str | None]
    LicenseArn: ReadOnly[str | None]


class CreateGrantResponse(TypedDict, total=False):
    """The answer of CreateGrant."""

    GrantArn: ReadOnly[str | None]
    Status: ReadOnly[GrantStatus | None]
    Version: ReadOnly[str | None]


class CreateGrantVersionResponse(TypedDict, total=False):
    """The answer of CreateGrantVersion."""

    GrantArn: ReadOnly[str | None]
    Status: ReadOnly[GrantStatus | None]
    Version: ReadOnly[str | None]


class CreateLicenseResponse(TypedDict, total=False):
    """The answer of CreateLicense."""

    LicenseArn: ReadOnly[str | None]
    Status: ReadOnly[LicenseStatus | None]
    Version: ReadOnly[str | None]


class CreateLicenseAssetGroupResponse(TypedDict, total=False):
    """The answer of CreateLicenseAssetGroup."""

    LicenseAssetGroupArn: Required[ReadOnly[str]]
    Status: Required[ReadOnly[str]]


class CreateLicenseAssetRulesetResponse(TypedDict, total=False):
    """The answer of CreateLicenseAssetRuleset."""

    LicenseAssetRulesetArn: Required[ReadOnly[str]]


class CreateLicenseConfigurationResponse(TypedDict, total=False):
    """The answer of CreateLicenseConfiguration."""

    LicenseConfigurationArn: ReadOnly[str | None]


class CreateLicenseConversionTaskForResourceResponse(TypedDict, total=False):
    """The answer of CreateLicenseConversionTaskForResource."""

    LicenseConversionTaskId: ReadOnly[str | None]


class CreateLicenseManagerReportGeneratorResponse(TypedDict, total=False):
    """The answer of CreateLicenseManagerReportGenerator."""

    LicenseManagerReportGeneratorArn: ReadOnly[str | None]


class CreateLicenseVersionResponse(TypedDict, total=False):
    """The answer of CreateLicenseVersion."""

    LicenseArn: ReadOnly[str | None]
    Version: ReadOnly[str | None]
    Status: ReadOnly[LicenseStatus | None]


class CreateTokenResponse(TypedDict, total=False):
    """The answer of CreateToken."""

    TokenId: ReadOnly[str | None]
    TokenType: ReadOnly[TokenType | None]
    Token: ReadOnly[str | None]


class DeleteGrantResponse(TypedDict, total=False):
    """The answer of DeleteGrant."""

    GrantArn: ReadOnly[str | None]
    Status: ReadOnly[GrantStatus | None]
    Version: ReadOnly[str | None]


class DeleteLicenseResponse(TypedDict, total=False):
    """The answer of DeleteLicense."""

    Status: ReadOnly[LicenseDeletionStatus | None]
    DeletionDate: ReadOnly[str | None]


class DeleteLicenseAssetGroupResponse(TypedDict, total=False):
    """The answer of DeleteLicenseAssetGroup."""

    Status: Required[ReadOnly[LicenseAssetGroupStatus]]


class DeleteLicenseAssetRulesetResponse(TypedDict, total=False):
    """The answer of DeleteLicenseAssetRuleset."""


class DeleteLicenseConfigurationResponse(TypedDict, total=False):
    """The answer of DeleteLicenseConfiguration."""


class DeleteLicenseManagerReportGeneratorResponse(TypedDict, total=False):
    """The answer of DeleteLicenseManagerReportGenerator."""


class DeleteTokenResponse(TypedDict, total=False):
    """The answer of DeleteToken."""
