"""Requests, and the structures they nest.

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

__all__ = [
    "AcceptGrantRequest",
    "AndRuleStatement",
    "BorrowConfiguration",
    "CheckInLicenseRequest",
    "CheckoutBorrowLicenseRequest",
    "CheckoutLicenseRequest",
    "ConsumptionConfiguration",
    "DatetimeRange",
    "Entitlement",
    "EntitlementData",
    "Filter",
    "InstanceRuleStatement",
    "InventoryFilter",
    "Issuer",
    "LicenseAssetGroupConfiguration",
    "LicenseAssetGroupProperty",
    "LicenseAssetRule",
    "LicenseConfigurationRuleStatement",
    "LicenseConversionContext",
    "LicenseRuleStatement",
    "LicenseSpecification",
    "MatchingRuleStatement",
    "Metadata",
    "Options",
    "OrRuleStatement",
    "OrganizationConfiguration",
    "ProductCodeListItem",
    "ProductInformation",
    "ProductInformationFilter",
    "ProvisionalConfiguration",
    "ReportContext",
    "ReportFrequency",
    "RuleStatement",
    "ScriptRuleStatement",
    "Tag",
]


class BorrowConfiguration(TypedDict):
    """The BorrowConfiguration of a request."""

    AllowEarlyCheckIn: bool
    MaxTimeToLiveInMinutes: int


class DatetimeRange(TypedDict):
    """The DatetimeRange of a request."""

    Begin: str
    End: NotRequired[str]


class Entitlement(TypedDict):
    """The Entitlement of a request."""

    Name: str
    Value: NotRequired[str]
    MaxCount: NotRequired[int]
    Overage: NotRequired[bool]
    Unit: str
    AllowCheckIn: NotRequired[bool]


class EntitlementData(TypedDict):
    """The EntitlementData of a request."""

    Name: str
    Value: NotRequired[str]
    Unit: str


class Filter(TypedDict):
    """The Filter of a request."""

    Name: NotRequired[str]
    Values: NotRequired[list[str]]


class InventoryFilter(TypedDict):
    """The InventoryFilter of a request."""

    Name: str
    Condition: str
    Value: NotRequired[str]


class Issuer(TypedDict):
    """The Issuer of a request."""

    Name: str
    SignKey: NotRequired[str]


class LicenseAssetGroupConfiguration(TypedDict):
    """The LicenseAssetGroupConfiguration of a request."""

    UsageDimension: NotRequired[str]


class LicenseAssetGroupProperty(TypedDict):
    """The LicenseAssetGroupProperty of a request."""

    Key: str
    Value: str


class LicenseSpecification(TypedDict):
    """The LicenseSpecification of a request."""

    LicenseConfigurationArn: str
    AmiAssociationScope: NotRequired[str]


class MatchingRuleStatement(TypedDict):
    """The MatchingRuleStatement of a request."""

    KeyToMatch: str
    Constraint: str
    ValueToMatch: list[str]


class Metadata(TypedDict):
    """The Metadata of a request."""

    Name: NotRequired[str]
    Value: NotRequired[str]


class Options(TypedDict):
    """The Options of a request."""

    ActivationOverrideBehavior: NotRequired[str]


class OrganizationConfiguration(TypedDict):
    """The OrganizationConfiguration of a request."""

    EnableIntegration: bool


class ProductCodeListItem(TypedDict):
    """The ProductCodeListItem of a request."""

    ProductCodeId: str
    ProductCodeType: str


class ProductInformationFilter(TypedDict):
    """The ProductInformationFilter of a request."""

    ProductInformationFilterName: str
    ProductInformationFilterValue: NotRequired[list[str]]
    ProductInformationFilterComparator: str


class ProvisionalConfiguration(TypedDict):
    """The ProvisionalConfiguration of a request."""

    MaxTimeToLiveInMinutes: int


class ReportContext(TypedDict):
    """The ReportContext of a request."""

    licenseConfigurationArns: NotRequired[list[str]]
    licenseAssetGroupArns: NotRequired[list[str]]
    reportStartDate: NotRequired[float | str]
    reportEndDate: NotRequired[float | str]


class ReportFrequency(TypedDict):
    """The ReportFrequency of a request."""

    value: NotRequired[int]
    period: NotRequired[str]


class ScriptRuleStatement(TypedDict):
    """The ScriptRuleStatement of a request."""

    KeyToMatch: str
    Script: str


class Tag(TypedDict):
    """The Tag of a request."""

    Key: NotRequired[str]
    Value: NotRequired[str]


class AndRuleStatement(TypedDict):
    """The AndRuleStatement of a request."""

    MatchingRuleStatements: NotRequired[list[MatchingRuleStatement]]
    ScriptRuleStatements: NotRequired[list[ScriptRuleStatement]]


class ConsumptionConfiguration(TypedDict):
    """The ConsumptionConfiguration of a request."""

    RenewType: NotRequired[str]
    ProvisionalConfiguration: NotRequired[ProvisionalConfiguration]
    BorrowConfiguration: NotRequired[BorrowConfiguration]


class LicenseConversionContext(TypedDict):
    """The LicenseConversionContext of a request."""

    UsageOperation: NotRequired[str]
    ProductCodes: NotRequired[list[ProductCodeListItem]]


class OrRuleStatement(TypedDict):
    """The OrRuleStatement of a request."""

    MatchingRuleStatements: NotRequired[list[MatchingRuleStatement]]
    ScriptRuleStatements: NotRequired[list[ScriptRuleStatement]]


class ProductInformation(TypedDict):
    """The ProductInformation of a request."""

    ResourceType: str
    ProductInformationFilterList: list[ProductInformationFilter]


class InstanceRuleStatement(TypedDict):
    """The InstanceRuleStatement of a request."""

    AndRuleStatement: NotRequired[AndRuleStatement]
    OrRuleStatement: NotRequired[OrRuleStatement]
    MatchingRuleStatement: NotRequired[MatchingRuleStatement]
    ScriptRuleStatement: NotRequired[ScriptRuleStatement]


class LicenseConfigurationRuleStatement(TypedDict):
    """The LicenseConfigurationRuleStatement of a request."""

    AndRuleStatement: NotRequired[AndRuleStatement]
    OrRuleStatement: NotRequired[OrRuleStatement]
    MatchingRuleStatement: NotRequired[MatchingRuleStatement]


class LicenseRuleStatement(TypedDict):
    """The LicenseRuleStatement of a request."""

    AndRuleStatement: NotRequired[AndRuleStatement]
    OrRuleStatement: NotRequired[OrRuleStatement]
    MatchingRuleStatement: NotRequired[MatchingRuleStatement]


class RuleStatement(TypedDict):
    """The RuleStatement of a request."""

    LicenseConfigurationRuleStatement: NotRequired[LicenseConfigurationRuleStatement]
    LicenseRuleStatement: NotRequired[LicenseRuleStatement]
    InstanceRuleStatement: NotRequired[InstanceRuleStatement]


class LicenseAssetRule(TypedDict):
    """The LicenseAssetRule of a request."""

    RuleStatement: RuleStatement


class AcceptGrantRequest(TypedDict):
    """The request of AcceptGrant."""

    GrantArn: str


class CheckInLicenseRequest(TypedDict):
    """The request of CheckInLicense."""

    LicenseConsumptionToken: str
    Beneficiary: NotRequired[str]


class CheckoutBorrowLicenseRequest(TypedDict):
    """The request of CheckoutBorrowLicense."""

    LicenseArn: str
    Entitlements: list[EntitlementData]
    DigitalSignatureMethod: str
    NodeId: NotRequired[str]
    CheckoutMetadata: NotRequired[list[Metadata]]
    ClientToken: str


class CheckoutLicenseRequest(TypedDict):
    """The request of CheckoutLicense."""

    ProductSKU: str
    CheckoutType: str
    KeyFingerprint: str
    Entitlements: list[EntitlementData]
    ClientToken: str
    Beneficiary: NotRequired[str]
    NodeId: NotRequired[str]
