"""Report generators: CreateLicenseManagerReportGenerator, GetLicenseManagerReportGenerator,
UpdateLicenseManagerReportGenerator, DeleteLicenseManagerReportGenerator,
ListLicenseManagerReportGenerators.

Reports go to the service's S3 bucket in moto's S3: the bucket of the service settings when
one is set, else a new ``aws-license-manager-service-<hex>`` bucket, which then becomes the
settings' bucket (AWS creates the bucket if it is missing). A generator writes its reports
(``_render``) at once when it is created and again when it is updated, under
``Reports/<ReportGeneratorName>/<UTC time>/<ReportType>.csv``; the mock runs no schedule.
A generator lives in one account and region, in ``self.report_generators`` keyed by ARN.
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
from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import ReportType
from licensemgr_mock.pipeline.errors import (
    InvalidParameterValueException,
    ResourceNotFoundException,
    ValidationException,
)
from licensemgr_mock.pipeline.pagination import paginate
from licensemgr_mock.pipeline.tag_rules import tags_from_request
from licensemgr_mock.pipeline.wire import Request, Result
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
class ReportGenerator:
    """One generator and when it last wrote its reports."""

    arn: str
    name: str
    report_types: list[str]
    context: dict[str, Any]
    frequency: dict[str, Any]
    description: str | None
    bucket: str
    create_time: datetime
    last_run: datetime
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def key_prefix(self) -> str:
        """The S3 folder of this generator's reports (it follows the name)."""
        return f"{KEY_PREFIX}/{self.name}"

    def view(self, account: str) -> dict[str, Any]:
        """The API's ReportGenerator."""
        return {
            "ReportGeneratorName": self.name,
            "ReportType": self.report_types,
            "ReportContext": self.context,
            "ReportFrequency": self.frequency,
            "LicenseManagerReportGeneratorArn": self.arn,
            "LastRunStatus": LAST_RUN_SUCCESS,
            "LastReportGenerationTime": clock.epoch_string(self.last_run),
            "ReportCreatorAccount": account,
            "Description": self.description,
            "S3Location": {"bucket": self.bucket, "keyPrefix": self.key_prefix},
            "CreateTime": clock.epoch_string(self.create_time),
            "Tags": [{"Key": key, "Value": value} for key, value in self.tags.items()],
        }


@dataclass(frozen=True)
class Definition:
    """The checked members a generator is made of (Create and Update share them)."""

    name: str
    report_types: list[str]
    context: dict[str, Any]
    frequency: dict[str, Any]


def _check_frequency(frequency: dict[str, Any]) -> dict[str, Any]:
    # The model documents that 1 is the only value, but does not constrain it.
    if frequency.get("value") != 1 or frequency.get("period") is None:
        raise ValidationException(
            "ReportFrequency needs a period and a value of 1 (the only value allowed)."
        )
    return frequency


def _check_context(context: dict[str, Any]) -> dict[str, Any]:
    """The context with its dates as datetimes; the start must come before the end."""
    checked = dict(context)
    for member in ("reportStartDate", "reportEndDate"):
        if checked.get(member) is not None:
            checked[member] = _timestamp(checked[member], member)
    start, end = checked.get("reportStartDate"), checked.get("reportEndDate")
    if start is not None and end is not None and start >= end:
        raise ValidationException("ReportContext.reportStartDate must be before reportEndDate.")
    return checked


def _timestamp(value: Any, member: str) -> datetime:
    """An input timestamp (epoch seconds, or an ISO 8601 string from a raw client)."""
    try:
        if isinstance(value, int | float):
            return datetime.fromtimestamp(value, UTC)
        return clock.parse_iso(str(value))
    except (ValueError, OverflowError, OSError):
        raise ValidationException(f"ReportContext.{member} is not a valid timestamp.") from None


def _render(
    configurations: ConfigurationsArea,
    associations: AssociationsArea,
    report_type: str,
    context: dict[str, Any],
) -> bytes:
    """One report as CSV, read through the account's own license configuration operations,
    so a report says what GetLicenseConfiguration and ListUsageForLicenseConfiguration say."""
    out = io.StringIO()
    writer = csv.writer(out)
    if report_type == ReportType.LICENSE_ASSET_GROUP_USAGE_REPORT:
        writer.writerow(["LicenseAssetGroupArn"])
        writer.writerows([arn] for arn in context["licenseAssetGroupArns"])
    elif report_type == ReportType.LICENSE_CONFIGURATION_SUMMARY_REPORT:
        writer.writerow(SUMMARY_COLUMNS)
        for arn in context["licenseConfigurationArns"]:
            view = configurations.get_license_configuration({"LicenseConfigurationArn": arn})
            writer.writerow([view.get(column) for column in SUMMARY_COLUMNS])
    else:
        writer.writerow(["LicenseConfigurationArn", *USAGE_COLUMNS])
        for arn in context["licenseConfigurationArns"]:
            request = {"LicenseConfigurationArn": arn}
            while True:
                page = associations.list_usage_for_license_configuration(request)
                for row in page["LicenseConfigurationUsageList"]:
                    writer.writerow([arn, *(row[column] for column in USAGE_COLUMNS)])
                if not page.get("NextToken"):
                    break
                request = {**request, "NextToken": page["NextToken"]}
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

    def _definition(self, request: dict[str, Any], arn: str | None) -> Definition:
        """The checked definition of a Create or Update request (``arn``: the generator
        being updated, whose own name is not a clash)."""
        name = request["ReportGeneratorName"]
        if any(g.name == name and g.arn != arn for g in self.report_generators.values()):
            raise InvalidParameterValueException(
                f"A report generator named {name!r} already exists."
            )
        report_types = list(dict.fromkeys(request["Type"]))
        if not report_types:
            raise ValidationException("Type must name at least one report type.")
        context = _check_context(request["ReportContext"])
        needed = {
            "licenseConfigurationArns": bool(CONFIGURATION_REPORTS & set(report_types)),
            "licenseAssetGroupArns": ReportType.LICENSE_ASSET_GROUP_USAGE_REPORT in report_types,
        }
        for member, is_needed in needed.items():
            if is_needed and not context.get(member):
                raise ValidationException(f"ReportContext.{member} is required for {report_types}.")
        self._check_exist(context)
        frequency = _check_frequency(request["ReportFrequency"])
        return Definition(name, report_types, context, frequency)

    def _check_exist(self, context: dict[str, Any]) -> None:
        for arn in context.get("licenseConfigurationArns") or []:
            if not self.configurations.exists(arn):
                raise ResourceNotFoundException(f"License configuration {arn} was not found.")
        for arn in context.get("licenseAssetGroupArns") or []:
            if not self.asset_group_exists(arn):
                raise ResourceNotFoundException(f"License asset group {arn} was not found.")

    def create_license_manager_report_generator(self, request: Request) -> Result:
        """Makes a generator and writes its first reports."""
        definition = self._definition(request, None)
        tags = tags_from_request(request.get("Tags"))
        arn = self.arn("report-generator", f"r-{new_id()}", regional=True)
        now = clock.now()
        generator = ReportGenerator(
            arn=arn,
            name=definition.name,
            report_types=definition.report_types,
            context=definition.context,
            frequency=definition.frequency,
            description=request.get("Description"),
            bucket=self._report_bucket(),
            create_time=now,
            last_run=now,
            tags=tags,
        )
        self._run(generator)
        self.report_generators[arn] = generator
        return {"LicenseManagerReportGeneratorArn": arn}

    def get_license_manager_report_generator(self, request: Request) -> Result:
        """One generator."""
        generator = self._generator(request["LicenseManagerReportGeneratorArn"])
        return {"ReportGenerator": generator.view(self.account_id)}

    def update_license_manager_report_generator(self, request: Request) -> Result:
        """Replaces the definition (Description only when given) and writes new reports."""
        generator = self._generator(request["LicenseManagerReportGeneratorArn"])
        definition = self._definition(request, generator.arn)
        bucket = self._report_bucket()
        generator.name = definition.name
        generator.report_types = definition.report_types
        generator.context = definition.context
        generator.frequency = definition.frequency
        if "Description" in request:
            generator.description = request["Description"]
        generator.bucket = bucket
        generator.last_run = clock.now()
        self._run(generator)
        return {}

    def delete_license_manager_report_generator(self, request: Request) -> Result:
        """Deletes the generator; the reports it wrote stay in S3."""
        del self.report_generators[self._generator(request["LicenseManagerReportGeneratorArn"]).arn]
        return {}

    def list_license_manager_report_generators(self, request: Request) -> Result:
        """The caller's generators in this region, oldest first; the LicenseConfigurationArn
        filter keeps those reporting on any of its values."""
        chosen = list(self.report_generators.values())
        for entry in request.get("Filters") or []:
            if entry.get("Name") != FILTER_NAME:
                raise ValidationException(
                    f"Unsupported filter name {entry.get('Name')!r}; supported filters: "
                    f"{FILTER_NAME}."
                )
            wanted = set(entry.get("Values") or [])
            chosen = [
                g for g in chosen if wanted & set(g.context.get("licenseConfigurationArns") or [])
            ]
        page, token = paginate(request, chosen)
        return {
            "ReportGenerators": [g.view(self.account_id) for g in page],
            "NextToken": token,
        }

    def _report_bucket(self) -> str:
        """The name of the settings' bucket, made in moto's S3 if it is missing."""
        from moto.s3.models import s3_backends

        settings = self.settings.current
        name = (settings.s3_bucket_arn or "").rpartition(":")[2]
        if not name:
            name = f"{BUCKET_PREFIX}{new_id()}"
        if name not in s3_backends.bucket_accounts:
            s3_backends[self.account_id][self.partition].create_bucket(name, self.region_name)
        settings.s3_bucket_arn = f"arn:{self.partition}:s3:::{name}"
        return name

    def _run(self, generator: ReportGenerator) -> None:
        """Writes one CSV per report type into the generator's folder."""
        from moto.s3.models import s3_backends

        partition, account = s3_backends.bucket_accounts[generator.bucket]
        s3 = s3_backends[account][partition]
        stamp = generator.last_run.strftime("%Y-%m-%dT%H-%M-%SZ")
        for report_type in generator.report_types:
            key = f"{generator.key_prefix}/{stamp}/{report_type}.csv"
            s3.put_object(
                generator.bucket,
                key,
                _render(self.configurations, self.associations, report_type, generator.context),
            )
