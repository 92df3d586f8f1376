"""GetServiceSettings and UpdateServiceSettings: one set of settings per account and region.

The resources settings name are checked against moto's other services in the same test: the S3
bucket must exist in moto's S3 and belong to the caller, the SNS topic in moto's SNS (be the
caller's and be named ``aws-license-manager-service-*``), both in the caller's partition;
linking AWS Organizations needs a moto organization with all features, managed by the caller;
linking makes a resource share in moto's RAM.
Every problem with a value is an InvalidParameterValueException; nothing changes unless the
whole request is valid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from licensemgr_mock.pipeline.api import (
    GetServiceSettingsRequest,
    GetServiceSettingsResponse,
    UpdateServiceSettingsRequest,
    UpdateServiceSettingsResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import invalid_value
from licensemgr_mock.pipeline.service_model import known_regions
from licensemgr_mock.pipeline.wire import Record
from licensemgr_mock.state.scope import Area, Scope
from licensemgr_mock.state.services import S3, Sns

SNS_TOPIC_PREFIX = "aws-license-manager-service-"
RESOURCE_SHARE_NAME = "LicenseManagerResourceShare"

_BUCKET_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::(?P<bucket>[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$")
_TOPIC_ARN = re.compile(
    r"^arn:aws[a-z-]*:sns:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):(?P<name>[A-Za-z0-9_-]+)$"
)


@dataclass(frozen=True)
class OrganizationConfiguration:
    """Whether License Manager is linked to AWS Organizations."""

    enable_integration: bool


@dataclass
class ServiceSettings:
    """The stored settings of one account in one region (defaults: nothing linked); the
    properties are GetServiceSettings' members."""

    home_region: str
    s3_bucket_arn: str | None = None
    sns_topic_arn: str | None = None
    enable_integration: bool = False
    enable_cross_accounts_discovery: bool = False
    resource_share_arn: str | None = None
    source_regions: list[str] = field(default_factory=list)

    @property
    def organization_configuration(self) -> OrganizationConfiguration:
        """OrganizationConfiguration."""
        return OrganizationConfiguration(self.enable_integration)

    @property
    def license_manager_resource_share_arn(self) -> str | None:
        """The RAM share made when the organization was linked."""
        return self.resource_share_arn

    @property
    def cross_region_discovery_home_region(self) -> str | None:
        """This region, once discovery has source regions."""
        return self.home_region if self.source_regions else None

    @property
    def cross_region_discovery_source_regions(self) -> list[str] | None:
        """The discovery source regions, left out when there are none."""
        return self.source_regions or None


class SettingsArea(Area):
    """GetServiceSettings, UpdateServiceSettings."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(scope)
        self.service_settings = ServiceSettings(home_region=scope.region_name)

    @property
    def current(self) -> ServiceSettings:
        """The settings in force, for the areas that act on them (inventory, reports)."""
        return self.service_settings

    @handles("GetServiceSettings")
    def get_service_settings(
        self, request: GetServiceSettingsRequest
    ) -> GetServiceSettingsResponse | Record:
        """The settings (the serialiser reads the members from the record)."""
        return self.service_settings

    @handles("UpdateServiceSettings")
    def update_service_settings(
        self, request: UpdateServiceSettingsRequest
    ) -> UpdateServiceSettingsResponse:
        """Checks the whole request against moto's S3, SNS and Organizations before applying any
        of it; linking the organization makes a RAM resource share, unlinking deletes it, and
        cross-account discovery needs the link."""
        settings = self.service_settings
        bucket = request.get("S3BucketArn")
        if bucket is not None:
            _check_bucket(self.scope.services.s3, bucket, self.account_id, self.partition)
        topic = request.get("SnsTopicArn")
        if topic is not None:
            _check_topic(self.scope.services.sns, topic, self.account_id, self.partition)
        org_config = request.get("OrganizationConfiguration")
        integrate = settings.enable_integration
        if org_config is not None:
            integrate = org_config["EnableIntegration"]
        if integrate and not settings.enable_integration:
            self._check_organization()
        discovery = request.get("EnableCrossAccountsDiscovery")
        if discovery is None:
            discovery = settings.enable_cross_accounts_discovery
        if discovery and not integrate:
            raise invalid_value(
                "Cross-account discovery needs the AWS Organizations integration "
                "(OrganizationConfiguration.EnableIntegration)."
            )
        regions = request.get("EnabledDiscoverySourceRegions")
        if regions is not None:
            unknown = sorted(set(regions) - known_regions(self.partition))
            if unknown:
                raise invalid_value(f"Unknown regions: {', '.join(unknown)}.")
        # Everything is valid: apply.
        if bucket is not None:
            settings.s3_bucket_arn = bucket
        if topic is not None:
            settings.sns_topic_arn = topic
        if integrate and not settings.enable_integration:
            settings.resource_share_arn = self._share_with_organization()
        elif settings.enable_integration and not integrate:
            self._unshare()
            settings.resource_share_arn = None
        settings.enable_integration = integrate
        settings.enable_cross_accounts_discovery = discovery
        if regions is not None:
            settings.source_regions = list(dict.fromkeys(regions))
        return {}

    def _check_organization(self) -> None:
        org = self.scope.services.organizations.organization_of(self.account_id, self.partition)
        if org is None:
            raise invalid_value(
                f"Account {self.account_id} is not in an AWS Organizations organization."
            )
        if org.management_account != self.account_id:
            raise invalid_value(
                f"Only the management account {org.management_account} of organization "
                f"{org.id} can link License Manager to it."
            )
        if org.feature_set != "ALL":
            raise invalid_value(f"Organization {org.id} must have all features enabled.")

    def _share_with_organization(self) -> str:
        """Makes the RAM resource share License Manager uses to share with the organization."""
        org = self.scope.services.organizations.organization_of(self.account_id, self.partition)
        assert org is not None  # checked by _check_organization
        return self.scope.services.ram.create_resource_share(
            self.account_id, self.region_name, RESOURCE_SHARE_NAME, [org.arn]
        )

    def _unshare(self) -> None:
        """Deletes the resource share made when the organization was linked."""
        # moto's RAM keeps a deleted share (status DELETED), so it is always found here.
        arn = self.service_settings.resource_share_arn
        assert arn is not None  # set when the organization was linked
        self.scope.services.ram.delete_resource_share(self.account_id, self.region_name, arn)


def _check_partition(name: str, arn: str, partition: str) -> None:
    if not arn.startswith(f"arn:{partition}:"):
        raise invalid_value(
            f"{name} {arn} is in another partition than this region's ({partition})."
        )


def _check_bucket(s3: S3, arn: str, account: str, partition: str) -> None:
    """The bucket must exist in ``partition`` and belong to ``account``: License Manager writes
    reports there, and must never write into another account's bucket."""
    match = _BUCKET_ARN.match(arn)
    if match is None:
        raise invalid_value(f"S3BucketArn {arn} is not an S3 bucket ARN.")
    _check_partition("S3BucketArn", arn, partition)
    owner = s3.bucket_owner(match["bucket"])
    if owner is None:
        raise invalid_value(f"S3 bucket {match['bucket']} does not exist.")
    if owner != account:
        raise invalid_value(
            f"S3 bucket {match['bucket']} belongs to another account; "
            f"License Manager only writes to buckets of account {account}."
        )


def _check_topic(sns: Sns, arn: str, account: str, partition: str) -> None:
    """The topic must exist in ``partition``, belong to ``account`` and carry License
    Manager's name prefix: License Manager never publishes to another account's topic."""
    match = _TOPIC_ARN.match(arn)
    if match is None:
        raise invalid_value(f"SnsTopicArn {arn} is not an SNS topic ARN.")
    _check_partition("SnsTopicArn", arn, partition)
    if match["account"] != account:
        raise invalid_value(
            f"SNS topic {match['name']} belongs to another account; "
            f"License Manager only publishes to topics of account {account}."
        )
    if not match["name"].startswith(SNS_TOPIC_PREFIX):
        raise invalid_value(f"SNS topic {match['name']} must be named {SNS_TOPIC_PREFIX}*.")
    if not sns.topic_exists(arn, match["account"], match["region"]):
        raise invalid_value(f"SNS topic {arn} does not exist.")
