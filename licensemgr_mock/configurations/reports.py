"""Report generators: CreateLicenseManagerReportGenerator, GetLicenseManagerReportGenerator,
UpdateLicenseManagerReportGenerator, DeleteLicenseManagerReportGenerator,
ListLicenseManagerReportGenerators.

Reports go to the service's S3 bucket in moto's S3: the bucket of the service settings when
one is set (UpdateServiceSettings only takes a bucket of the caller's own account), else a new
``aws-license-manager-service-<hex>`` bucket, which then becomes the settings' bucket (AWS
creates the bucket if it is missing). A generator writes its reports (``_render``) at once when
it is created and again when it is updated, one object per report type under
``Reports/<ReportGeneratorName>/<yyyy>/<mm>/<dd>/<report-id>.csv`` (the user guide's layout);
the mock runs no schedule. A generator lives in one account and region, in
``self.report_generators`` keyed by ARN.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from licensemgr_mock.account.settings import SettingsArea
from licensemgr_mock.configurations.associations import AssociationsArea
from licensemgr_mock.configurations.configurations import ConfigurationsArea
from licensemgr_mock.configurations.usage import WithTags
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    CreateLicenseManagerReportGeneratorRequest,
    CreateLicenseManagerReportGeneratorResponse,
    DeleteLicenseManagerReportGeneratorRequest,
    DeleteLicenseManagerReportGeneratorResponse,
    GetLicenseManagerReportGeneratorRequest,
    GetLicenseManagerReportGeneratorResponse,
    ListLicenseManagerReportGeneratorsRequest,
    ListLicenseManagerReportGeneratorsResponse,
    ReportFrequencyType,
    ReportType,
    UpdateLicenseManagerReportGeneratorRequest,
    UpdateLicenseManagerReportGeneratorResponse,
    handles,
)
from licensemgr_mock.pipeline.errors import (
    ResourceNotFoundException,
    invalid,
    invalid_value,
)
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Request
from licensemgr_mock.state.scope import Area, Scope, new_id

BUCKET_PREFIX = "aws-license-manager-service-"
KEY_PREFIX = "Reports"
LAST_RUN_SUCCESS = "SUCCESS"
FILTER_NAME = "LicenseConfigurationArn"

# The columns of the two license configuration reports, named as the API names them.
SUMMARY_COLUMNS = (
    "LicenseConfigurationArn",
    "Name",
    "LicenseCountingType",
    "LicenseCount",
    "LicenseCountHardLimit",
    "ConsumedLicenses",
    "LicenseRules",
)
USAGE_COLUMNS = (
    "ResourceArn",
    "ResourceType",
    "ResourceStatus",
    "ResourceOwnerId",
    "ConsumedLicenses",
)

CONFIGURATION_REPORTS = frozenset(
    {
        ReportType.LICENSE_CONFIGURATION_SUMMARY_REPORT,
        ReportType.LICENSE_CONFIGURATION_USAGE_REPORT,
    }
)


@dataclass
class ReportContext:
    """What a generator reports on (and the optional period)."""

    license_configuration_arns: list[str] | None = None
    license_asset_group_arns: list[str] | None = None
    report_start_date: datetime | None = None
    report_end_date: datetime | None = None


@dataclass(frozen=True)
class ReportFrequency:
    """How often a generator runs (``value`` is always 1)."""

    value: int
    period: ReportFrequencyType


@dataclass(frozen=True)
class S3Location:
    """Where a generator's reports land."""

    bucket: str
    key_prefix: str


@dataclass
class ReportGenerator:
    """One generator and when it last wrote its reports; fields and properties are the API's
    ReportGenerator members (Tags through ``WithTags``)."""

    license_manager_report_generator_arn: str
    report_generator_name: str
    report_type: list[ReportType]
    report_context: ReportContext
    report_frequency: ReportFrequency
    description: str | None
    report_creator_account: str
    bucket: str
    created: datetime
    last_run: datetime
    tags: dict[str, str] = field(default_factory=dict)
    last_run_status: str = LAST_RUN_SUCCESS

    @property
    def arn(self) -> str:
        """The generator's ARN."""
        return self.license_manager_report_generator_arn

    @property
    def s3_location(self) -> S3Location:
        """The bucket and folder of its reports (the folder follows the name)."""
        return S3Location(self.bucket, f"{KEY_PREFIX}/{self.report_generator_name}")

    @property
    def create_time(self) -> str:
        """CreateTime, which the model types as an epoch string."""
        return clock.epoch_string(self.created)

    @property
    def last_report_generation_time(self) -> str:
        """LastReportGenerationTime, an epoch string."""
        return clock.epoch_string(self.last_run)


@dataclass(frozen=True)
class Definition:
    """The checked members a generator is made of (Create and Update share them)."""

    name: str
    report_types: list[ReportType]
    context: ReportContext
    frequency: ReportFrequency


def _frequency(request: dict[str, Any]) -> ReportFrequency:
    # The model documents that 1 is the only value, but does not constrain it.
    if request.get("value") != 1 or request.get("period") is None:
        raise invalid("ReportFrequency needs a period and a value of 1 (the only value allowed).")
    return ReportFrequency(value=1, period=ReportFrequencyType(request["period"]))


def _context(request: dict[str, Any]) -> ReportContext:
    """The context with its dates as datetimes; the start must come before the end."""
    context = ReportContext(
        license_configuration_arns=request.get("licenseConfigurationArns"),
        license_asset_group_arns=request.get("licenseAssetGroupArns"),
        report_start_date=_timestamp(request.get("reportStartDate"), "reportStartDate"),
        report_end_date=_timestamp(request.get("reportEndDate"), "reportEndDate"),
    )
    start, end = context.report_start_date, context.report_end_date
    if start is not None and end is not None and start >= end:
        raise invalid("ReportContext.reportStartDate must be before reportEndDate.")
    return context


def _timestamp(value: Any, member: str) -> datetime | None:
    """An input timestamp (epoch seconds, or an ISO 8601 string from a raw client)."""
    if value is None:
        return None
    try:
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value, UTC)
        return clock.parse_iso(str(value))
    except (ValueError, OverflowError, OSError):
        raise invalid(f"ReportContext.{member} is not a valid timestamp.") from None


def _render(
    configurations: ConfigurationsArea,
    associations: AssociationsArea,
    report_type: ReportType,
    context: ReportContext,
) -> bytes:
    """One report as CSV, read through the account's own license configuration operations,
    so a report says what GetLicenseConfiguration and ListUsageForLicenseConfiguration say."""
    out = io.StringIO()
    writer = csv.writer(out)
    if report_type == ReportType.LICENSE_ASSET_GROUP_USAGE_REPORT:
        writer.writerow(["LicenseAssetGroupArn"])
        writer.writerows([arn] for arn in context.license_asset_group_arns or [])
    elif report_type == ReportType.LICENSE_CONFIGURATION_SUMMARY_REPORT:
        writer.writerow(SUMMARY_COLUMNS)
        for arn in context.license_configuration_arns or []:
            config = configurations.configuration(arn)
            writer.writerow(
                [
                    config.arn,
                    config.name,
                    config.license_counting_type,
                    config.license_count,
                    config.license_count_hard_limit,
                    config.consumed_licenses,
                    " ".join(config.license_rules),
                ]
            )
    else:
        writer.writerow(["LicenseConfigurationArn", *USAGE_COLUMNS])
        for arn in context.license_configuration_arns or []:
            for row in associations.usage_rows(arn):
                writer.writerow(
                    [
                        arn,
                        row.resource_arn,
                        row.resource_type,
                        row.resource_status,
                        row.resource_owner_id,
                        row.consumed_licenses,
                    ]
                )
    return out.getvalue().encode()


class ReportsArea(Area):
    """CreateLicenseManagerReportGenerator, GetLicenseManagerReportGenerator,
    UpdateLicenseManagerReportGenerator, DeleteLicenseManagerReportGenerator,
    ListLicenseManagerReportGenerators."""

    def __init__(
        self,
        scope: Scope,
        configurations: ConfigurationsArea,
        associations: AssociationsArea,
        settings: SettingsArea,
        asset_group_exists: Callable[[str], bool],
    ) -> None:
        super().__init__(scope)
        self.configurations = configurations
        self.associations = associations
        self.settings = settings
        self.asset_group_exists = asset_group_exists
        self.report_generators: dict[str, ReportGenerator] = {}

    def tagged(self, arn: str) -> ReportGenerator | None:
        """The generator ``arn`` (for tagging), or None."""
        return self.report_generators.get(arn)

    def _generator(self, arn: str) -> ReportGenerator:
        found = self.report_generators.get(arn)
        if found is None:
            raise ResourceNotFoundException(f"Report generator {arn} was not found.")
        return found

    def _definition(self, request: Request, arn: str | None) -> Definition:
        """The checked definition of a Create or Update request (``arn``: the generator
        being updated, whose own name is not a clash)."""
        name = request["ReportGeneratorName"]
        if any(
            g.report_generator_name == name and g.arn != arn
            for g in self.report_generators.values()
        ):
            raise invalid_value(f"A report generator named {name!r} already exists.")
        report_types = [ReportType(t) for t in dict.fromkeys(request["Type"])]
        if not report_types:
            raise invalid("Type must name at least one report type.")
        context = _context(request["ReportContext"])
        needed = {
            "licenseConfigurationArns": (
                bool(CONFIGURATION_REPORTS & set(report_types)),
                context.license_configuration_arns,
            ),
            "licenseAssetGroupArns": (
                ReportType.LICENSE_ASSET_GROUP_USAGE_REPORT in report_types,
                context.license_asset_group_arns,
            ),
        }
        for member, (is_needed, given) in needed.items():
            if is_needed and not given:
                raise invalid(f"ReportContext.{member} is required for {', '.join(report_types)}.")
        self._check_exist(context)
        frequency = _frequency(request["ReportFrequency"])
        return Definition(name, report_types, context, frequency)

    def _check_exist(self, context: ReportContext) -> None:
        for arn in context.license_configuration_arns or []:
            if not self.configurations.exists(arn):
                raise ResourceNotFoundException(f"License configuration {arn} was not found.")
        for arn in context.license_asset_group_arns or []:
            if not self.asset_group_exists(arn):
                raise ResourceNotFoundException(f"License asset group {arn} was not found.")

    @handles("CreateLicenseManagerReportGenerator")
    def create_license_manager_report_generator(
        self, request: CreateLicenseManagerReportGeneratorRequest
    ) -> CreateLicenseManagerReportGeneratorResponse:
        """Makes a generator and writes its first reports."""
        definition = self._definition(request, None)
        tags = tags_from_request(request.get("Tags"))
        arn = self.arn("report-generator", f"r-{new_id()}", regional=True)
        now = clock.now()
        generator = ReportGenerator(
            license_manager_report_generator_arn=arn,
            report_generator_name=definition.name,
            report_type=definition.report_types,
            report_context=definition.context,
            report_frequency=definition.frequency,
            description=request.get("Description"),
            report_creator_account=self.account_id,
            bucket=self._report_bucket(),
            created=now,
            last_run=now,
            tags=tags,
        )
        self._run(generator)
        self.report_generators[arn] = generator
        return {"LicenseManagerReportGeneratorArn": arn}

    @handles("GetLicenseManagerReportGenerator")
    def get_license_manager_report_generator(
        self, request: GetLicenseManagerReportGeneratorRequest
    ) -> GetLicenseManagerReportGeneratorResponse:
        """One generator."""
        generator = self._generator(request["LicenseManagerReportGeneratorArn"])
        return {"ReportGenerator": WithTags(generator)}

    @handles("UpdateLicenseManagerReportGenerator")
    def update_license_manager_report_generator(
        self, request: UpdateLicenseManagerReportGeneratorRequest
    ) -> UpdateLicenseManagerReportGeneratorResponse:
        """Replaces the definition (Description only when given) and writes new reports."""
        generator = self._generator(request["LicenseManagerReportGeneratorArn"])
        definition = self._definition(request, generator.arn)
        bucket = self._report_bucket()
        generator.report_generator_name = definition.name
        generator.report_type = definition.report_types
        generator.report_context = definition.context
        generator.report_frequency = definition.frequency
        if "Description" in request:
            generator.description = request["Description"]
        generator.bucket = bucket
        generator.last_run = clock.now()
        self._run(generator)
        return {}

    @handles("DeleteLicenseManagerReportGenerator")
    def delete_license_manager_report_generator(
        self, request: DeleteLicenseManagerReportGeneratorRequest
    ) -> DeleteLicenseManagerReportGeneratorResponse:
        """Deletes the generator; the reports it wrote stay in S3."""
        del self.report_generators[self._generator(request["LicenseManagerReportGeneratorArn"]).arn]
        return {}

    @handles("ListLicenseManagerReportGenerators")
    def list_license_manager_report_generators(
        self, request: ListLicenseManagerReportGeneratorsRequest
    ) -> ListLicenseManagerReportGeneratorsResponse:
        """The caller's generators in this region, oldest first; the LicenseConfigurationArn
        filter keeps those reporting on any of its values."""
        chosen = apply_filters(
            self.report_generators.values(),
            request.get("Filters"),
            {FILTER_NAME: lambda g: g.report_context.license_configuration_arns or []},
        )
        page, token = paginate(request, chosen)
        return {"ReportGenerators": [WithTags(g) for g in page], "NextToken": token}

    def _report_bucket(self) -> str:
        """The name of the settings' bucket, made in moto's S3 if it is missing. A bucket
        another account owns is never written to: a new one of the caller's is made."""
        s3 = self.scope.services.s3
        settings = self.settings.current
        name = (settings.s3_bucket_arn or "").rpartition(":")[2]
        owner = s3.bucket_owner(name) if name else None
        if not name or (owner is not None and owner != self.account_id):
            name = f"{BUCKET_PREFIX}{new_id()}"
            owner = None
        if owner is None:
            s3.create_bucket(self.account_id, self.partition, name, self.region_name)
        settings.s3_bucket_arn = f"arn:{self.partition}:s3:::{name}"
        return name

    def _run(self, generator: ReportGenerator) -> None:
        """Writes one CSV per report type, each under its own report id, into the
        generator's folder for the day of the run."""
        s3 = self.scope.services.s3
        day = generator.last_run.strftime("%Y/%m/%d")
        for report_type in generator.report_type:
            key = f"{generator.s3_location.key_prefix}/{day}/{new_id()}.csv"
            body = _render(
                self.configurations, self.associations, report_type, generator.report_context
            )
            s3.put_object(self.account_id, self.partition, generator.bucket, key, body)
