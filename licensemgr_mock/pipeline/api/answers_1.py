"""Answers, and the structures they nest (where a record is accepted too).

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Required, TypedDict

from licensemgr_mock.pipeline.api.enums import (
    ActivationOverrideBehavior,
    AllowedOperation,
    EntitlementDataUnit,
    EntitlementUnit,
    GrantStatus,
    LicenseAssetGroupStatus,
    ProductCodeType,
    ReceivedStatus,
    RenewType,
    ReportFrequencyType,
    ResourceType,
)
from licensemgr_mock.pipeline.wire import Record

if TYPE_CHECKING:
    from typing_extensions import ReadOnly

__all__ = [
    "AndRuleStatementAnswer",
    "AssetAnswer",
    "AutomatedDiscoveryInformationAnswer",
    "BorrowConfigurationAnswer",
    "ConsumedLicenseSummaryAnswer",
    "ConsumptionConfigurationAnswer",
    "CrossAccountDiscoveryServiceStatusAnswer",
    "CrossRegionDiscoveryStatusAnswer",
    "DatetimeRangeAnswer",
    "EntitlementAnswer",
    "EntitlementDataAnswer",
    "EntitlementUsageAnswer",
    "GrantAnswer",
    "IssuerDetailsAnswer",
    "LicenseAssetGroupAnswer",
    "LicenseAssetGroupConfigurationAnswer",
    "LicenseAssetGroupPropertyAnswer",
    "LicenseConfigurationAssociationAnswer",
    "LicenseConfigurationUsageAnswer",
    "LicenseConversionContextAnswer",
    "LicenseOperationFailureAnswer",
    "LicenseSpecificationAnswer",
    "ManagedResourceSummaryAnswer",
    "MatchingRuleStatementAnswer",
    "MetadataAnswer",
    "OptionsAnswer",
    "OrganizationConfigurationAnswer",
    "ProductCodeListItemAnswer",
    "ProductInformationFilterAnswer",
    "ProvisionalConfigurationAnswer",
    "ReceivedMetadataAnswer",
    "RegionStatusAnswer",
    "ReportContextAnswer",
    "ReportFrequencyAnswer",
    "ResourceInventoryAnswer",
    "S3LocationAnswer",
    "ScriptRuleStatementAnswer",
    "TagAnswer",
    "TokenDataAnswer",
]


class AssetAnswer(TypedDict, total=False):
    """The Asset of an answer."""

    AssetArn: ReadOnly[str | None]
    LatestAssetDiscoveryTime: ReadOnly[datetime | float | None]


class AutomatedDiscoveryInformationAnswer(TypedDict, total=False):
    """The AutomatedDiscoveryInformation of an answer."""

    LastRunTime: ReadOnly[datetime | float | None]


class BorrowConfigurationAnswer(TypedDict, total=False):
    """The BorrowConfiguration of an answer."""

    AllowEarlyCheckIn: Required[ReadOnly[bool]]
    MaxTimeToLiveInMinutes: Required[ReadOnly[int]]


class ConsumedLicenseSummaryAnswer(TypedDict, total=False):
    """The ConsumedLicenseSummary of an answer."""

    ResourceType: ReadOnly[ResourceType | None]
    ConsumedLicenses: ReadOnly[int | None]


class CrossAccountDiscoveryServiceStatusAnswer(TypedDict, total=False):
    """The CrossAccountDiscoveryServiceStatus of an answer."""

    Message: ReadOnly[str | None]


class DatetimeRangeAnswer(TypedDict, total=False):
    """The DatetimeRange of an answer."""

    Begin: Required[ReadOnly[str]]
    End: ReadOnly[str | None]


class EntitlementAnswer(TypedDict, total=False):
    """The Entitlement of an answer."""

    Name: Required[ReadOnly[str]]
    Value: ReadOnly[str | None]
    MaxCount: ReadOnly[int | None]
    Overage: ReadOnly[bool | None]
    Unit: Required[ReadOnly[EntitlementUnit]]
    AllowCheckIn: ReadOnly[bool | None]


class EntitlementDataAnswer(TypedDict, total=False):
    """The EntitlementData of an answer."""

    Name: Required[ReadOnly[str]]
    Value: ReadOnly[str | None]
    Unit: Required[ReadOnly[EntitlementDataUnit]]


class EntitlementUsageAnswer(TypedDict, total=False):
    """The EntitlementUsage of an answer."""

    Name: Required[ReadOnly[str]]
    ConsumedValue: Required[ReadOnly[str]]
    MaxCount: ReadOnly[str | None]
    Unit: Required[ReadOnly[EntitlementDataUnit]]


class IssuerDetailsAnswer(TypedDict, total=False):
    """The IssuerDetails of an answer."""

    Name: ReadOnly[str | None]
    SignKey: ReadOnly[str | None]
    KeyFingerprint: ReadOnly[str | None]


class LicenseAssetGroupConfigurationAnswer(TypedDict, total=False):
    """The LicenseAssetGroupConfiguration of an answer."""

    UsageDimension: ReadOnly[str | None]


class LicenseAssetGroupPropertyAnswer(TypedDict, total=False):
    """The LicenseAssetGroupProperty of an answer."""

    Key: Required[ReadOnly[str]]
    Value: Required[ReadOnly[str]]


class LicenseConfigurationAssociationAnswer(TypedDict, total=False):
    """The LicenseConfigurationAssociation of an answer."""

    ResourceArn: ReadOnly[str | None]
    ResourceType: ReadOnly[ResourceType | None]
    ResourceOwnerId: ReadOnly[str | None]
    AssociationTime: ReadOnly[datetime | float | None]
    AmiAssociationScope: ReadOnly[str | None]


class LicenseConfigurationUsageAnswer(TypedDict, total=False):
    """The LicenseConfigurationUsage of an answer."""

    ResourceArn: ReadOnly[str | None]
    ResourceType: ReadOnly[ResourceType | None]
    ResourceStatus: ReadOnly[str | None]
    ResourceOwnerId: ReadOnly[str | None]
    AssociationTime: ReadOnly[datetime | float | None]
    ConsumedLicenses: ReadOnly[int | None]


class LicenseSpecificationAnswer(TypedDict, total=False):
    """The LicenseSpecification of an answer."""

    LicenseConfigurationArn: Required[ReadOnly[str]]
    AmiAssociationScope: ReadOnly[str | None]


class ManagedResourceSummaryAnswer(TypedDict, total=False):
    """The ManagedResourceSummary of an answer."""

    ResourceType: ReadOnly[ResourceType | None]
    AssociationCount: ReadOnly[int | None]


class MatchingRuleStatementAnswer(TypedDict, total=False):
    """The MatchingRuleStatement of an answer."""

    KeyToMatch: Required[ReadOnly[str]]
    Constraint: Required[ReadOnly[str]]
    ValueToMatch: Required[ReadOnly[Sequence[str]]]


class MetadataAnswer(TypedDict, total=False):
    """The Metadata of an answer."""

    Name: ReadOnly[str | None]
    Value: ReadOnly[str | None]


class OptionsAnswer(TypedDict, total=False):
    """The Options of an answer."""

    ActivationOverrideBehavior: ReadOnly[ActivationOverrideBehavior | None]


class OrganizationConfigurationAnswer(TypedDict, total=False):
    """The OrganizationConfiguration of an answer."""

    EnableIntegration: Required[ReadOnly[bool]]


class ProductCodeListItemAnswer(TypedDict, total=False):
    """The ProductCodeListItem of an answer."""

    ProductCodeId: Required[ReadOnly[str]]
    ProductCodeType: Required[ReadOnly[ProductCodeType]]


class ProductInformationFilterAnswer(TypedDict, total=False):
    """The ProductInformationFilter of an answer."""

    ProductInformationFilterName: Required[ReadOnly[str]]
    ProductInformationFilterValue: ReadOnly[Sequence[str] | None]
    ProductInformationFilterComparator: Required[ReadOnly[str]]


class ProvisionalConfigurationAnswer(TypedDict, total=False):
    """The ProvisionalConfiguration of an answer."""

    MaxTimeToLiveInMinutes: Required[ReadOnly[int]]


class ReceivedMetadataAnswer(TypedDict, total=False):
    """The ReceivedMetadata of an answer."""

    ReceivedStatus: ReadOnly[ReceivedStatus | None]
    ReceivedStatusReason: ReadOnly[str | None]
    AllowedOperations: ReadOnly[Sequence[AllowedOperation] | None]


class RegionStatusAnswer(TypedDict, total=False):
    """The RegionStatus of an answer."""

    Status: ReadOnly[str | None]


class ReportContextAnswer(TypedDict, total=False):
    """The ReportContext of an answer."""

    licenseConfigurationArns: ReadOnly[Sequence[str] | None]
    licenseAssetGroupArns: ReadOnly[Sequence[str] | None]
    reportStartDate: ReadOnly[datetime | float | None]
    reportEndDate: ReadOnly[datetime | float | None]


class ReportFrequencyAnswer(TypedDict, total=False):
    """The ReportFrequency of an answer."""

    value: ReadOnly[int | None]
    period: ReadOnly[ReportFrequencyType | None]


class ResourceInventoryAnswer(TypedDict, total=False):
    """The ResourceInventory of an answer."""

    ResourceId: ReadOnly[str | None]
    ResourceType: ReadOnly[ResourceType | None]
    ResourceArn: ReadOnly[str | None]
    Platform: ReadOnly[str | None]
    PlatformVersion: ReadOnly[str | None]
    ResourceOwningAccountId: ReadOnly[str | None]
    MarketplaceProductCodes: ReadOnly[Sequence[str] | None]
    UsageOperation: ReadOnly[str | None]
    AmiId: ReadOnly[str | None]
    HostId: ReadOnly[str | None]
    Region: ReadOnly[str | None]
    InstanceType: ReadOnly[str | None]


class S3LocationAnswer(TypedDict, total=False):
    """The S3Location of an answer."""

    bucket: ReadOnly[str | None]
    keyPrefix: ReadOnly[str | None]


class ScriptRuleStatementAnswer(TypedDict, total=False):
    """The ScriptRuleStatement of an answer."""

    KeyToMatch: Required[ReadOnly[str]]
    Script: Required[ReadOnly[str]]


class TagAnswer(TypedDict, total=False):
    """The Tag of an answer."""

    Key: ReadOnly[str | None]
    Value: ReadOnly[str | None]


class TokenDataAnswer(TypedDict, total=False):
    """The TokenData of an answer."""

    TokenId: ReadOnly[str | None]
    TokenType: ReadOnly[str | None]
    LicenseArn: ReadOnly[str | None]
    ExpirationTime: ReadOnly[str | None]
    TokenProperties: ReadOnly[Sequence[str] | None]
    RoleArns: ReadOnly[Sequence[str] | None]
    Status: ReadOnly[str | None]


class AndRuleStatementAnswer(TypedDict, total=False):
    """The AndRuleStatement of an answer."""

    MatchingRuleStatements: ReadOnly[Sequence[MatchingRuleStatementAnswer | Record] | None]
    ScriptRuleStatements: ReadOnly[Sequence[ScriptRuleStatementAnswer | Record] | None]


class ConsumptionConfigurationAnswer(TypedDict, total=False):
    """The ConsumptionConfiguration of an answer."""

    RenewType: ReadOnly[RenewType | None]
    ProvisionalConfiguration: ReadOnly[ProvisionalConfigurationAnswer | Record | None]
    BorrowConfiguration: ReadOnly[BorrowConfigurationAnswer | Record | None]


class CrossRegionDiscoveryStatusAnswer(TypedDict, total=False):
    """The CrossRegionDiscoveryStatus of an answer."""

    Message: ReadOnly[Mapping[str, RegionStatusAnswer | Record] | None]


class GrantAnswer(TypedDict, total=False):
    """The Grant of an answer."""

    GrantArn: Required[ReadOnly[str]]
    GrantName: Required[ReadOnly[str]]
    ParentArn: Required[ReadOnly[str]]
    LicenseArn: Required[ReadOnly[str]]
    GranteePrincipalArn: Required[ReadOnly[str]]
    HomeRegion: Required[ReadOnly[str]]
    GrantStatus: Required[ReadOnly[GrantStatus]]
    StatusReason: ReadOnly[str | None]
    Version: Required[ReadOnly[str]]
    GrantedOperations: Required[ReadOnly[Sequence[AllowedOperation]]]
    Options: ReadOnly[OptionsAnswer | Record | None]


class LicenseAssetGroupAnswer(TypedDict, total=False):
    """The LicenseAssetGroup of an answer."""

    Name: Required[ReadOnly[str]]
    Description: ReadOnly[str | None]
    LicenseAssetGroupConfigurations: ReadOnly[
        Sequence[LicenseAssetGroupConfigurationAnswer | Record] | None
    ]
    AssociatedLicenseAssetRulesetARNs: Required[ReadOnly[Sequence[str]]]
    Properties: ReadOnly[Sequence[LicenseAssetGroupPropertyAnswer | Record] | None]
    LicenseAssetGroupArn: Required[ReadOnly[str]]
    Status: Required[ReadOnly[LicenseAssetGroupStatus]]
    StatusMessage: ReadOnly[str | None]
    LatestUsageAnalysisTime: ReadOnly[datetime | float | None]
    LatestResourceDiscoveryTime: ReadOnly[datetime | float | None]


class LicenseConversionContextAnswer(TypedDict, total=False):
    """The LicenseConversionContext of an answer."""

    UsageOperation: ReadOnly[str | None]
    ProductCodes: ReadOnly[Sequence[ProductCodeListItemAnswer | Record] | None]


class LicenseOperationFailureAnswer(TypedDict, total=False):
    """The LicenseOperationFailure of an answer."""

    ResourceArn: ReadOnly[str | None]
    ResourceType: ReadOnly[ResourceType | None]
    ErrorMessage: ReadOnly[str | None]
    FailureTime: ReadOnly[datetime | float | None]
    OperationName: ReadOnly[str | None]
    ResourceOwnerId: ReadOnly[str | None]
    OperationRequestedBy: ReadOnly[str | None]
    MetadataList: ReadOnly[Sequence[MetadataAnswer | Record] | None]
