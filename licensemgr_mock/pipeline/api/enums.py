"""The service's enums: one StrEnum per enum shape of the model.

Generated from botocore's model by scripts/generate_api.py. Do not edit.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "ActivationOverrideBehavior",
    "AllowedOperation",
    "CheckoutType",
    "DigitalSignatureMethod",
    "EntitlementDataUnit",
    "EntitlementUnit",
    "GrantStatus",
    "InventoryFilterCondition",
    "LicenseAssetGroupStatus",
    "LicenseConfigurationStatus",
    "LicenseConversionTaskStatus",
    "LicenseCountingType",
    "LicenseDeletionStatus",
    "LicenseStatus",
    "ProductCodeType",
    "ReceivedStatus",
    "RenewType",
    "ReportFrequencyType",
    "ReportType",
    "ResourceType",
    "TokenType",
]


class ActivationOverrideBehavior(StrEnum):
    DISTRIBUTED_GRANTS_ONLY = "DISTRIBUTED_GRANTS_ONLY"
    ALL_GRANTS_PERMITTED_BY_ISSUER = "ALL_GRANTS_PERMITTED_BY_ISSUER"


class AllowedOperation(StrEnum):
    CREATE_GRANT = "CreateGrant"
    CHECKOUT_LICENSE = "CheckoutLicense"
    CHECKOUT_BORROW_LICENSE = "CheckoutBorrowLicense"
    CHECK_IN_LICENSE = "CheckInLicense"
    EXTEND_CONSUMPTION_LICENSE = "ExtendConsumptionLicense"
    LIST_PURCHASED_LICENSES = "ListPurchasedLicenses"
    CREATE_TOKEN = "CreateToken"


class CheckoutType(StrEnum):
    PROVISIONAL = "PROVISIONAL"
    PERPETUAL = "PERPETUAL"


class DigitalSignatureMethod(StrEnum):
    JWT_PS384 = "JWT_PS384"


class EntitlementDataUnit(StrEnum):
    COUNT = "Count"
    NONE = "None"
    SECONDS = "Seconds"
    MICROSECONDS = "Microseconds"
    MILLISECONDS = "Milliseconds"
    BYTES = "Bytes"
    KILOBYTES = "Kilobytes"
    MEGABYTES = "Megabytes"
    GIGABYTES = "Gigabytes"
    TERABYTES = "Terabytes"
    BITS = "Bits"
    KILOBITS = "Kilobits"
    MEGABITS = "Megabits"
    GIGABITS = "Gigabits"
    TERABITS = "Terabits"
    PERCENT = "Percent"
    BYTES_SECOND = "Bytes/Second"
    KILOBYTES_SECOND = "Kilobytes/Second"
    MEGABYTES_SECOND = "Megabytes/Second"
    GIGABYTES_SECOND = "Gigabytes/Second"
    TERABYTES_SECOND = "Terabytes/Second"
    BITS_SECOND = "Bits/Second"
    KILOBITS_SECOND = "Kilobits/Second"
    MEGABITS_SECOND = "Megabits/Second"
    GIGABITS_SECOND = "Gigabits/Second"
    TERABITS_SECOND = "Terabits/Second"
    COUNT_SECOND = "Count/Second"


class EntitlementUnit(StrEnum):
    COUNT = "Count"
    NONE = "None"
    SECONDS = "Seconds"
    MICROSECONDS = "Microseconds"
    MILLISECONDS = "Milliseconds"
    BYTES = "Bytes"
    KILOBYTES = "Kilobytes"
    MEGABYTES = "Megabytes"
    GIGABYTES = "Gigabytes"
    TERABYTES = "Terabytes"
    BITS = "Bits"
    KILOBITS = "Kilobits"
    MEGABITS = "Megabits"
    GIGABITS = "Gigabits"
    TERABITS = "Terabits"
    PERCENT = "Percent"
    BYTES_SECOND = "Bytes/Second"
    KILOBYTES_SECOND = "Kilobytes/Second"
    MEGABYTES_SECOND = "Megabytes/Second"
    GIGABYTES_SECOND = "Gigabytes/Second"
    TERABYTES_SECOND = "Terabytes/Second"
    BITS_SECOND = "Bits/Second"
    KILOBITS_SECOND = "Kilobits/Second"
    MEGABITS_SECOND = "Megabits/Second"
    GIGABITS_SECOND = "Gigabits/Second"
    TERABITS_SECOND = "Terabits/Second"
    COUNT_SECOND = "Count/Second"


class GrantStatus(StrEnum):
    PENDING_WORKFLOW = "PENDING_WORKFLOW"
    PENDING_ACCEPT = "PENDING_ACCEPT"
    REJECTED = "REJECTED"
    ACTIVE = "ACTIVE"
    FAILED_WORKFLOW = "FAILED_WORKFLOW"
    DELETED = "DELETED"
    PENDING_DELETE = "PENDING_DELETE"
    DISABLED = "DISABLED"
    WORKFLOW_COMPLETED = "WORKFLOW_COMPLETED"


class InventoryFilterCondition(StrEnum):
    EQUALS = "EQUALS"
    NOT_EQUALS = "NOT_EQUALS"
    BEGINS_WITH = "BEGINS_WITH"
    CONTAINS = "CONTAINS"


class LicenseAssetGroupStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"
    DELETED = "DELETED"


class LicenseConfigurationStatus(StrEnum):
    AVAILABLE = "AVAILABLE"
    DISABLED = "DISABLED"


class LicenseConversionTaskStatus(StrEnum):
    IN_PROGRESS = "IN_PROGRESS"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class LicenseCountingType(StrEnum):
    V_CPU = "vCPU"
    INSTANCE = "Instance"
    CORE = "Core"
    SOCKET = "Socket"


class LicenseDeletionStatus(StrEnum):
    PENDING_DELETE = "PENDING_DELETE"
    DELETED = "DELETED"


class LicenseStatus(StrEnum):
    AVAILABLE = "AVAILABLE"
    PENDING_AVAILABLE = "PENDING_AVAILABLE"
    DEACTIVATED = "DEACTIVATED"
    SUSPENDED = "SUSPENDED"
    EXPIRED = "EXPIRED"
    PENDING_DELETE = "PENDING_DELETE"
    DELETED = "DELETED"


class ProductCodeType(StrEnum):
    MARKETPLACE = "marketplace"


class ReceivedStatus(StrEnum):
    PENDING_WORKFLOW = "PENDING_WORKFLOW"
    PENDING_ACCEPT = "PENDING_ACCEPT"
    REJECTED = "REJECTED"
    ACTIVE = "ACTIVE"
    FAILED_WORKFLOW = "FAILED_WORKFLOW"
    DELETED = "DELETED"
    DISABLED = "DISABLED"
    WORKFLOW_COMPLETED = "WORKFLOW_COMPLETED"


class RenewType(StrEnum):
    NONE = "None"
    WEEKLY = "Weekly"
    MONTHLY = "Monthly"


class ReportFrequencyType(StrEnum):
    DAY = "DAY"
    WEEK = "WEEK"
    MONTH = "MONTH"
    ONE_TIME = "ONE_TIME"


class ReportType(StrEnum):
    LICENSE_CONFIGURATION_SUMMARY_REPORT = "LicenseConfigurationSummaryReport"
    LICENSE_CONFIGURATION_USAGE_REPORT = "LicenseConfigurationUsageReport"
    LICENSE_ASSET_GROUP_USAGE_REPORT = "LicenseAssetGroupUsageReport"


class ResourceType(StrEnum):
    EC2_INSTANCE = "EC2_INSTANCE"
    EC2_HOST = "EC2_HOST"
    EC2_AMI = "EC2_AMI"
    RDS = "RDS"
    SYSTEMS_MANAGER_MANAGED_INSTANCE = "SYSTEMS_MANAGER_MANAGED_INSTANCE"


class TokenType(StrEnum):
    REFRESH_TOKEN = "REFRESH_TOKEN"
