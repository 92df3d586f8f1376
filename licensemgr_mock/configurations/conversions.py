"""License type conversions of EC2 instances: CreateLicenseConversionTaskForResource,
GetLicenseConversionTask, ListLicenseConversionTasks.

The instance is read live from moto's EC2. Its usage operation (the billing code of its
license type) starts as the one its AMI implies (``initial_usage_operation``) and becomes the
destination of each conversion that has finished. A task is IN_PROGRESS for
``CONVERSION_SECONDS`` after it starts and SUCCEEDED from then on; the status is worked out
from ``clock.now()`` at each read, so freezegun or time-machine move it along. Every check is
made when the task is created; a task that was accepted never fails. None of the read
operations models ValidationException, so every problem is InvalidParameterValueException.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from licensemgr_mock.pipeline import clock
from licensemgr_mock.pipeline.api import (
    CreateLicenseConversionTaskForResourceRequest,
    CreateLicenseConversionTaskForResourceResponse,
    GetLicenseConversionTaskRequest,
    GetLicenseConversionTaskResponse,
    LicenseConversionTaskStatus,
    ListLicenseConversionTasksRequest,
    ListLicenseConversionTasksResponse,
    ResourceType,
    handles,
)
from licensemgr_mock.pipeline.errors import invalid_value
from licensemgr_mock.pipeline.pagination import apply_filters, paginate
from licensemgr_mock.pipeline.wire import Record, from_wire
from licensemgr_mock.state.ec2 import Ec2Resource, resource_type_of
from licensemgr_mock.state.scope import Area, Scope, new_id
from licensemgr_mock.state.services import Ec2

# How long a conversion takes; AWS documents no duration, only that it is not instant.
CONVERSION_SECONDS = 60

WINDOWS_LICENSE_INCLUDED = "RunInstances:0002"
WINDOWS_BYOL = "RunInstances:0800"
SQL_WEB = "RunInstances:0202"
SQL_STANDARD = "RunInstances:0006"
SQL_ENTERPRISE = "RunInstances:0102"
LINUX = "RunInstances"
RHEL = "RunInstances:0010"
RHEL_BYOL = "RunInstances:00g0"
UBUNTU_PRO = "RunInstances:0g00"

# Windows (and SQL Server on Windows) converts freely between these usage operations.
WINDOWS_OPERATIONS = frozenset(
    {WINDOWS_LICENSE_INCLUDED, WINDOWS_BYOL, SQL_WEB, SQL_STANDARD, SQL_ENTERPRISE}
)
# Linux conversions AWS documents: RHEL both ways, Ubuntu LTS to Ubuntu Pro only.
LINUX_CONVERSIONS = frozenset({(RHEL, RHEL_BYOL), (RHEL_BYOL, RHEL), (LINUX, UBUNTU_PRO)})

# The SQL Server edition in a Windows AMI's name decides its usage operation.
_SQL_EDITIONS = (("_Web", SQL_WEB), ("_Standard", SQL_STANDARD), ("_Enterprise", SQL_ENTERPRISE))


@dataclass(frozen=True)
class ProductCode:
    """A Marketplace product code of a license context."""

    product_code_id: str
    product_code_type: str


@dataclass(frozen=True)
class LicenseConversionContext:
    """The license type of an instance: its usage operation (and product codes)."""

    usage_operation: str | None = None
    product_codes: list[ProductCode] | None = None


@dataclass(frozen=True)
class LicenseConversionTaskAnswer:
    """The API's LicenseConversionTask as of one moment; the end times appear once it has
    finished."""

    license_conversion_task_id: str
    resource_arn: str
    source_license_context: LicenseConversionContext
    destination_license_context: LicenseConversionContext
    status: LicenseConversionTaskStatus
    start_time: datetime
    status_message: str | None = None
    license_conversion_time: datetime | None = None
    end_time: datetime | None = None


@dataclass
class LicenseConversionTask:
    """One conversion of one instance; its status follows from ``start_time``."""

    task_id: str
    resource_arn: str
    source: LicenseConversionContext
    destination: LicenseConversionContext
    start_time: datetime

    @property
    def end_time(self) -> datetime:
        """When the conversion finishes (or finished)."""
        return clock.later(self.start_time, timedelta(seconds=CONVERSION_SECONDS))

    def status(self, now: datetime) -> LicenseConversionTaskStatus:
        """IN_PROGRESS until ``end_time``, SUCCEEDED from then on."""
        if now < self.end_time:
            return LicenseConversionTaskStatus.IN_PROGRESS
        return LicenseConversionTaskStatus.SUCCEEDED

    def at(self, now: datetime) -> LicenseConversionTaskAnswer:
        """The task as the API shows it at ``now``."""
        status = self.status(now)
        done = status == LicenseConversionTaskStatus.SUCCEEDED
        return LicenseConversionTaskAnswer(
            license_conversion_task_id=self.task_id,
            resource_arn=self.resource_arn,
            source_license_context=self.source,
            destination_license_context=self.destination,
            status=status,
            start_time=self.start_time,
            status_message="License conversion succeeded." if done else None,
            license_conversion_time=self.end_time if done else None,
            end_time=self.end_time if done else None,
        )


TASK_FILTERS: dict[str, Callable[[tuple[LicenseConversionTask, datetime]], str | None]] = {
    "ResourceArns": lambda entry: entry[0].resource_arn,
    "Status": lambda entry: entry[0].status(entry[1]),
}


def initial_usage_operation(ec2: Ec2, instance: Ec2Resource, account: str) -> str:
    """The usage operation an instance has before any conversion, from its AMI: Windows is
    license-included (with the SQL Server edition its AMI name shows), RHEL AMIs are RHEL,
    anything else is plain Linux."""
    name = _ami_name(ec2, instance, account)
    if instance.platform == "windows":
        for marker, operation in _SQL_EDITIONS:
            if marker in name:
                return operation
        return WINDOWS_LICENSE_INCLUDED
    return RHEL if name.startswith("RHEL") else LINUX


def _ami_name(ec2: Ec2, instance: Ec2Resource, account: str) -> str:
    if instance.ami_id is None or instance.region is None:
        return ""
    return ec2.image_name(account, instance.region, instance.ami_id) or ""


def _check_pair(source: str, destination: str) -> None:
    windows = source in WINDOWS_OPERATIONS and destination in WINDOWS_OPERATIONS
    if source == destination or not (windows or (source, destination) in LINUX_CONVERSIONS):
        raise invalid_value(
            f"Converting the license type from {source} to {destination} is not supported."
        )


def _usage_operation(context: LicenseConversionContext, member: str) -> str:
    if not context.usage_operation:
        raise invalid_value(f"{member}.UsageOperation is required.")
    return context.usage_operation


class ConversionsArea(Area):
    """CreateLicenseConversionTaskForResource, GetLicenseConversionTask,
    ListLicenseConversionTasks."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(scope)
        self.license_conversion_tasks: dict[str, LicenseConversionTask] = {}

    def current_usage_operation(self, instance: Ec2Resource, now: datetime) -> str:
        """The instance's usage operation now: the destination of its latest finished
        conversion, else the one its AMI implies."""
        finished = [
            task
            for task in self.license_conversion_tasks.values()
            if task.resource_arn == instance.arn
            and task.status(now) == LicenseConversionTaskStatus.SUCCEEDED
        ]
        if finished:
            latest = max(finished, key=lambda task: task.end_time)
            return str(latest.destination.usage_operation)
        return initial_usage_operation(self.scope.services.ec2, instance, self.account_id)

    @handles("CreateLicenseConversionTaskForResource")
    def create_license_conversion_task_for_resource(
        self, request: CreateLicenseConversionTaskForResourceRequest
    ) -> CreateLicenseConversionTaskForResourceResponse:
        """Starts converting a stopped instance from its current usage operation."""
        arn = request["ResourceArn"]
        source = from_wire(LicenseConversionContext, request["SourceLicenseContext"])
        destination = from_wire(LicenseConversionContext, request["DestinationLicenseContext"])
        source_operation = _usage_operation(source, "SourceLicenseContext")
        destination_operation = _usage_operation(destination, "DestinationLicenseContext")
        instance = self._instance(arn)
        now = clock.now()
        if any(
            task.resource_arn == instance.arn
            and task.status(now) == LicenseConversionTaskStatus.IN_PROGRESS
            for task in self.license_conversion_tasks.values()
        ):
            raise invalid_value(f"A license conversion of {arn} is already in progress.")
        current = self.current_usage_operation(instance, now)
        if source_operation != current:
            raise invalid_value(
                f"SourceLicenseContext.UsageOperation {source_operation} does not match the "
                f"usage operation {current} of {arn}."
            )
        _check_pair(source_operation, destination_operation)
        task_id = f"lct-{new_id()}"
        self.license_conversion_tasks[task_id] = LicenseConversionTask(
            task_id=task_id,
            resource_arn=instance.arn,
            source=source,
            destination=destination,
            start_time=now,
        )
        return {"LicenseConversionTaskId": task_id}

    def _instance(self, arn: str) -> Ec2Resource:
        """The caller's stopped EC2 instance ``arn`` in this region."""
        instance = None
        if resource_type_of(arn) == ResourceType.EC2_INSTANCE:
            instance = self.scope.services.ec2.find_resource(arn, self.account_id)
        if instance is None or instance.region != self.region_name or instance.gone:
            raise invalid_value(f"EC2 instance {arn} was not found.")
        if instance.state != "stopped":
            raise invalid_value(
                f"EC2 instance {arn} must be stopped to convert its license type; "
                f"it is {instance.state}."
            )
        return instance

    @handles("GetLicenseConversionTask")
    def get_license_conversion_task(
        self, request: GetLicenseConversionTaskRequest
    ) -> GetLicenseConversionTaskResponse | Record:
        """One task, with its status as of now."""
        task_id = request["LicenseConversionTaskId"]
        task = self.license_conversion_tasks.get(task_id)
        if task is None:
            raise invalid_value(f"License conversion task {task_id} was not found.")
        return task.at(clock.now())

    @handles("ListLicenseConversionTasks")
    def list_license_conversion_tasks(
        self, request: ListLicenseConversionTasksRequest
    ) -> ListLicenseConversionTasksResponse:
        """The caller's tasks in this region, oldest first, filtered by ResourceArns and
        Status."""
        now = clock.now()
        entries = [(task, now) for task in self.license_conversion_tasks.values()]
        chosen = apply_filters(entries, request.get("Filters"), TASK_FILTERS)
        # MaxResults has no bound in the model for this operation, so zero or less gets here.
        page, token = paginate(request, chosen)
        return {
            "LicenseConversionTasks": [task.at(now) for task, _ in page],
            "NextToken": token,
        }
