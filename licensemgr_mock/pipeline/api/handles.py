"""``handles``: the typed binding of an operation to the area method that answers it.

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from typing import Any, Literal, overload

from licensemgr_mock.pipeline.api.answers_2 import (
    AcceptGrantResponse,
    CheckInLicenseResponse,
    CheckoutBorrowLicenseResponse,
    CheckoutLicenseResponse,
    CreateGrantResponse,
    CreateGrantVersionResponse,
    CreateLicenseAssetGroupResponse,
    CreateLicenseAssetRulesetResponse,
    CreateLicenseConfigurationResponse,
    CreateLicenseConversionTaskForResourceResponse,
    CreateLicenseManagerReportGeneratorResponse,
    CreateLicenseResponse,
    CreateLicenseVersionResponse,
    CreateTokenResponse,
    DeleteGrantResponse,
    DeleteLicenseAssetGroupResponse,
    DeleteLicenseAssetRulesetResponse,
    DeleteLicenseConfigurationResponse,
    DeleteLicenseManagerReportGeneratorResponse,
    DeleteLicenseResponse,
    DeleteTokenResponse,
)
from licensemgr_mock.pipeline.api.answers_3 import (
    ExtendLicenseConsumptionResponse,
    GetAccessTokenResponse,
    GetGrantResponse,
    GetLicenseAssetGroupResponse,
    GetLicenseAssetRulesetResponse,
    GetLicenseConfigurationResponse,
    GetLicenseConversionTaskResponse,
    GetLicenseManagerReportGeneratorResponse,
    GetLicenseResponse,
    GetLicenseUsageResponse,
    GetServiceSettingsResponse,
    ListAssetsForLicenseAssetGroupResponse,
    ListAssociationsForLicenseConfigurationResponse,
    ListDistributedGrantsResponse,
    ListFailuresForLicenseConfigurationOperationsResponse,
    ListLicenseAssetGroupsResponse,
    ListLicenseAssetRulesetsResponse,
    ListLicenseConfigurationsForOrganizationResponse,
    ListLicenseConfigurationsResponse,
    ListLicenseConversionTasksResponse,
    ListLicenseManagerReportGeneratorsResponse,
    ListLicenseSpecificationsForResourceResponse,
    ListLicensesResponse,
    ListLicenseVersionsResponse,
    ListReceivedGrantsForOrganizationResponse,
    ListReceivedGrantsResponse,
    ListReceivedLicensesForOrganizationResponse,
    ListReceivedLicensesResponse,
    ListResourceInventoryResponse,
    ListTagsForResourceResponse,
    ListTokensResponse,
    ListUsageForLicenseConfigurationResponse,
    RejectGrantResponse,
    TagResourceResponse,
    UntagResourceResponse,
    UpdateLicenseAssetGroupResponse,
    UpdateLicenseAssetRulesetResponse,
    UpdateLicenseConfigurationResponse,
    UpdateLicenseManagerReportGeneratorResponse,
    UpdateLicenseSpecificationsForResourceResponse,
    UpdateServiceSettingsResponse,
)
from licensemgr_mock.pipeline.api.operations import OPERATIONS
from licensemgr_mock.pipeline.api.requests_1 import (
    AcceptGrantRequest,
    CheckInLicenseRequest,
    CheckoutBorrowLicenseRequest,
    CheckoutLicenseRequest,
)
from licensemgr_mock.pipeline.api.requests_2 import (
    CreateGrantRequest,
    CreateGrantVersionRequest,
    CreateLicenseAssetGroupRequest,
    CreateLicenseAssetRulesetRequest,
    CreateLicenseConfigurationRequest,
    CreateLicenseConversionTaskForResourceRequest,
    CreateLicenseManagerReportGeneratorRequest,
    CreateLicenseRequest,
    CreateLicenseVersionRequest,
    CreateTokenRequest,
    DeleteGrantRequest,
    DeleteLicenseAssetGroupRequest,
    DeleteLicenseAssetRulesetRequest,
    DeleteLicenseConfigurationRequest,
    DeleteLicenseManagerReportGeneratorRequest,
    DeleteLicenseRequest,
    DeleteTokenRequest,
    ExtendLicenseConsumptionRequest,
    GetAccessTokenRequest,
    GetGrantRequest,
    GetLicenseAssetGroupRequest,
    GetLicenseAssetRulesetRequest,
    GetLicenseConfigurationRequest,
    GetLicenseConversionTaskRequest,
    GetLicenseManagerReportGeneratorRequest,
    GetLicenseRequest,
    GetLicenseUsageRequest,
    GetServiceSettingsRequest,
    ListAssetsForLicenseAssetGroupRequest,
    ListAssociationsForLicenseConfigurationRequest,
    ListDistributedGrantsRequest,
)
from licensemgr_mock.pipeline.api.requests_3 import (
    ListFailuresForLicenseConfigurationOperationsRequest,
    ListLicenseAssetGroupsRequest,
    ListLicenseAssetRulesetsRequest,
    ListLicenseConfigurationsForOrganizationRequest,
    ListLicenseConfigurationsRequest,
    ListLicenseConversionTasksRequest,
    ListLicenseManagerReportGeneratorsRequest,
    ListLicenseSpecificationsForResourceRequest,
    ListLicensesRequest,
    ListLicenseVersionsRequest,
    ListReceivedGrantsForOrganizationRequest,
    ListReceivedGrantsRequest,
    ListReceivedLicensesForOrganizationRequest,
    ListReceivedLicensesRequest,
    ListResourceInventoryRequest,
    ListTagsForResourceRequest,
    ListTokensRequest,
    ListUsageForLicenseConfigurationRequest,
    RejectGrantRequest,
    TagResourceRequest,
    UntagResourceRequest,
    UpdateLicenseAssetGroupRequest,
    UpdateLicenseAssetRulesetRequest,
    UpdateLicenseConfigurationRequest,
    UpdateLicenseManagerReportGeneratorRequest,
    UpdateLicenseSpecificationsForResourceRequest,
    UpdateServiceSettingsRequest,
)
from licensemgr_mock.pipeline.binding import Binding, mark

__all__ = ["handles"]


@overload
def handles(
    operation: Literal["AcceptGrant"],
) -> Binding[AcceptGrantRequest, AcceptGrantResponse]: ...
@overload
def handles(
    operation: Literal["CheckInLicense"],
) -> Binding[CheckInLicenseRequest, CheckInLicenseResponse]: ...
@overload
def handles(
    operation: Literal["CheckoutBorrowLicense"],
) -> Binding[CheckoutBorrowLicenseRequest, CheckoutBorrowLicenseResponse]: ...
@overload
def handles(
    operation: Literal["CheckoutLicense"],
) -> Binding[CheckoutLicenseRequest, CheckoutLicenseResponse]: ...
@overload
def handles(
    operation: Literal["CreateGrant"],
) -> Binding[CreateGrantRequest, CreateGrantResponse]: ...
@overload
def handles(
    operation: Literal["CreateGrantVersion"],
) -> Binding[CreateGrantVersionRequest, CreateGrantVersionResponse]: ...
@overload
def handles(
    operation: Literal["CreateLicense"],
) -> Binding[CreateLicenseRequest, CreateLicenseResponse]: ...
@overload
def handles(
    operation: Literal["CreateLicenseAssetGroup"],
) -> Binding[CreateLicenseAssetGroupRequest, CreateLicenseAssetGroupResponse]: ...
@overload
def handles(
    operation: Literal["CreateLicenseAssetRuleset"],
) -> Binding[CreateLicenseAssetRulesetRequest, CreateLicenseAssetRulesetResponse]: ...
@overload
def handles(
    operation: Literal["CreateLicenseConfiguration"],
) -> Binding[CreateLicenseConfigurationRequest, CreateLicenseConfigurationResponse]: ...
@overload
def handles(
    operation: Literal["CreateLicenseConversionTaskForResource"],
) -> Binding[
    CreateLicenseConversionTaskForResourceRequest,
    CreateLicenseConversionTaskForResourceResponse,
]: ...
@overload
def handles(
    operation: Literal["CreateLicenseManagerReportGenerator"],
) -> Binding[
    CreateLicenseManagerReportGeneratorRequest,
    CreateLicenseManagerReportGeneratorResponse,
]: ...
@overload
def handles(
    operation: Literal["CreateLicenseVersion"],
) -> Binding[CreateLicenseVersionRequest, CreateLicenseVersionResponse]: ...
@overload
def handles(
    operation: Literal["CreateToken"],
) -> Binding[CreateTokenRequest, CreateTokenResponse]: ...
@overload
def handles(
    operation: Literal["DeleteGrant"],
) -> Binding[DeleteGrantRequest, DeleteGrantResponse]: ...
@overload
def handles(
    operation: Literal["DeleteLicense"],
) -> Binding[DeleteLicenseRequest, DeleteLicenseResponse]: ...
@overload
def handles(
    operation: Literal["DeleteLicenseAssetGroup"],
) -> Binding[DeleteLicenseAssetGroupRequest, DeleteLicenseAssetGroupResponse]: ...
@overload
def handles(
    operation: Literal["DeleteLicenseAssetRuleset"],
) -> Binding[DeleteLicenseAssetRulesetRequest, DeleteLicenseAssetRulesetResponse]: ...
@overload
def handles(
    operation: Literal["DeleteLicenseConfiguration"],
) -> Binding[DeleteLicenseConfigurationRequest, DeleteLicenseConfigurationResponse]: ...
@overload
def handles(
    operation: Literal["DeleteLicenseManagerReportGenerator"],
) -> Binding[
    DeleteLicenseManagerReportGeneratorRequest,
    DeleteLicenseManagerReportGeneratorResponse,
]: ...
@overload
def handles(
    operation: Literal["DeleteToken"],
) -> Binding[DeleteTokenRequest, DeleteTokenResponse]: ...
@overload
def handles(
    operation: Literal["ExtendLicenseConsumption"],
) -> Binding[ExtendLicenseConsumptionRequest, ExtendLicenseConsumptionResponse]: ...
@overload
def handles(
    operation: Literal["GetAccessToken"],
) -> Binding[GetAccessTokenRequest, GetAccessTokenResponse]: ...
@overload
def handles(operation: Literal["GetGrant"]) -> Binding[GetGrantRequest, GetGrantResponse]: ...
@overload
def handles(operation: Literal["GetLicense"]) -> Binding[GetLicenseRequest, GetLicenseResponse]: ...
@overload
def handles(
    operation: Literal["GetLicenseAssetGroup"],
) -> Binding[GetLicenseAssetGroupRequest, GetLicenseAssetGroupResponse]: ...
@overload
def handles(
    operation: Literal["GetLicenseAssetRuleset"],
) -> Binding[GetLicenseAssetRulesetRequest, GetLicenseAssetRulesetResponse]: ...
@overload
def handles(
    operation: Literal["GetLicenseConfiguration"],
) -> Binding[GetLicenseConfigurationRequest, GetLicenseConfigurationResponse]: ...
@overload
def handles(
    operation: Literal["GetLicenseConversionTask"],
) -> Binding[GetLicenseConversionTaskRequest, GetLicenseConversionTaskResponse]: ...
@overload
def handles(
    operation: Literal["GetLicenseManagerReportGenerator"],
) -> Binding[GetLicenseManagerReportGeneratorRequest, GetLicenseManagerReportGeneratorResponse]: ...
@overload
def handles(
    operation: Literal["GetLicenseUsage"],
) -> Binding[GetLicenseUsageRequest, GetLicenseUsageResponse]: ...
@overload
def handles(
    operation: Literal["GetServiceSettings"],
) -> Binding[GetServiceSettingsRequest, GetServiceSettingsResponse]: ...
@overload
def handles(
    operation: Literal["ListAssetsForLicenseAssetGroup"],
) -> Binding[ListAssetsForLicenseAssetGroupRequest, ListAssetsForLicenseAssetGroupResponse]: ...
@overload
def handles(
    operation: Literal["ListAssociationsForLicenseConfiguration"],
) -> Binding[
    ListAssociationsForLicenseConfigurationRequest,
    ListAssociationsForLicenseConfigurationResponse,
]: ...
@overload
def handles(
    operation: Literal["ListDistributedGrants"],
) -> Binding[ListDistributedGrantsRequest, ListDistributedGrantsResponse]: ...
@overload
def handles(
    operation: Literal["ListFailuresForLicenseConfigurationOperations"],
) -> Binding[
    ListFailuresForLicenseConfigurationOperationsRequest,
    ListFailuresForLicenseConfigurationOperationsResponse,
]: ...
@overload
def handles(
    operation: Literal["ListLicenseAssetGroups"],
) -> Binding[ListLicenseAssetGroupsRequest, ListLicenseAssetGroupsResponse]: ...
@overload
def handles(
    operation: Literal["ListLicenseAssetRulesets"],
) -> Binding[ListLicenseAssetRulesetsRequest, ListLicenseAssetRulesetsResponse]: ...
@overload
def handles(
    operation: Literal["ListLicenseConfigurations"],
) -> Binding[ListLicenseConfigurationsRequest, ListLicenseConfigurationsResponse]: ...
@overload
def handles(
    operation: Literal["ListLicenseConfigurationsForOrganization"],
) -> Binding[
    ListLicenseConfigurationsForOrganizationRequest,
    ListLicenseConfigurationsForOrganizationResponse,
]: ...
@overload
def handles(
    operation: Literal["ListLicenseConversionTasks"],
) -> Binding[ListLicenseConversionTasksRequest, ListLicenseConversionTasksResponse]: ...
@overload
def handles(
    operation: Literal["ListLicenseManagerReportGenerators"],
) -> Binding[
    ListLicenseManagerReportGeneratorsRequest,
    ListLicenseManagerReportGeneratorsResponse,
]: ...
@overload
def handles(
    operation: Literal["ListLicenseSpecificationsForResource"],
) -> Binding[
    ListLicenseSpecificationsForResourceRequest,
    ListLicenseSpecificationsForResourceResponse,
]: ...
@overload
def handles(
    operation: Literal["ListLicenseVersions"],
) -> Binding[ListLicenseVersionsRequest, ListLicenseVersionsResponse]: ...
@overload
def handles(
    operation: Literal["ListLicenses"],
) -> Binding[ListLicensesRequest, ListLicensesResponse]: ...
@overload
def handles(
    operation: Literal["ListReceivedGrants"],
) -> Binding[ListReceivedGrantsRequest, ListReceivedGrantsResponse]: ...
@overload
def handles(
    operation: Literal["ListReceivedGrantsForOrganization"],
) -> Binding[
    ListReceivedGrantsForOrganizationRequest,
    ListReceivedGrantsForOrganizationResponse,
]: ...
@overload
def handles(
    operation: Literal["ListReceivedLicenses"],
) -> Binding[ListReceivedLicensesRequest, ListReceivedLicensesResponse]: ...
@overload
def handles(
    operation: Literal["ListReceivedLicensesForOrganization"],
) -> Binding[
    ListReceivedLicensesForOrganizationRequest,
    ListReceivedLicensesForOrganizationResponse,
]: ...
@overload
def handles(
    operation: Literal["ListResourceInventory"],
) -> Binding[ListResourceInventoryRequest, ListResourceInventoryResponse]: ...
@overload
def handles(
    operation: Literal["ListTagsForResource"],
) -> Binding[ListTagsForResourceRequest, ListTagsForResourceResponse]: ...
@overload
def handles(operation: Literal["ListTokens"]) -> Binding[ListTokensRequest, ListTokensResponse]: ...
@overload
def handles(
    operation: Literal["ListUsageForLicenseConfiguration"],
) -> Binding[ListUsageForLicenseConfigurationRequest, ListUsageForLicenseConfigurationResponse]: ...
@overload
def handles(
    operation: Literal["RejectGrant"],
) -> Binding[RejectGrantRequest, RejectGrantResponse]: ...
@overload
def handles(
    operation: Literal["TagResource"],
) -> Binding[TagResourceRequest, TagResourceResponse]: ...
@overload
def handles(
    operation: Literal["UntagResource"],
) -> Binding[UntagResourceRequest, UntagResourceResponse]: ...
@overload
def handles(
    operation: Literal["UpdateLicenseAssetGroup"],
) -> Binding[UpdateLicenseAssetGroupRequest, UpdateLicenseAssetGroupResponse]: ...
@overload
def handles(
    operation: Literal["UpdateLicenseAssetRuleset"],
) -> Binding[UpdateLicenseAssetRulesetRequest, UpdateLicenseAssetRulesetResponse]: ...
@overload
def handles(
    operation: Literal["UpdateLicenseConfiguration"],
) -> Binding[UpdateLicenseConfigurationRequest, UpdateLicenseConfigurationResponse]: ...
@overload
def handles(
    operation: Literal["UpdateLicenseManagerReportGenerator"],
) -> Binding[
    UpdateLicenseManagerReportGeneratorRequest,
    UpdateLicenseManagerReportGeneratorResponse,
]: ...
@overload
def handles(
    operation: Literal["UpdateLicenseSpecificationsForResource"],
) -> Binding[
    UpdateLicenseSpecificationsForResourceRequest,
    UpdateLicenseSpecificationsForResourceResponse,
]: ...
@overload
def handles(
    operation: Literal["UpdateServiceSettings"],
) -> Binding[UpdateServiceSettingsRequest, UpdateServiceSettingsResponse]: ...
def handles(operation: str) -> Binding[Any, Any]:
    """Marks a method as the one that answers ``operation`` (``@handles("CheckoutLicense")``).

    mypy checks that the method takes the operation's request type and returns its answer
    type; ``binding.operation_table`` builds a backend's table of operations from the marks.
    """
    if operation not in OPERATIONS:
        raise ValueError(f"{operation!r} is not an operation of License Manager")
    return mark(operation)
