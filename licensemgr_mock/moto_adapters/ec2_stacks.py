"""``AWS::EC2::Instance`` in moto's CloudFormation, as License Manager needs it.

moto makes a stack's instance with ``run_instances`` from the ``ImageId`` property alone: an
instance that names a ``LaunchTemplate`` fails with a KeyError, and LicenseSpecifications,
CpuOptions, Tenancy and HostId are dropped. ``install`` wraps moto's
``Instance.create_from_cloudformation_json`` (idempotently) so that the launch template fills
in what the properties leave out (ImageId, InstanceType, KeyName, UserData,
LicenseSpecifications, CpuOptions, Placement), and the launch is said to License Manager
(``ec2_launches.requested``), which checks it where moto makes it. A refused launch fails the
resource with EC2's error as its reason (``cfn_failures``).
"""

from __future__ import annotations

from typing import Any

from licensemgr_mock.moto_adapters.cfn_failures import ResourceFailed
from licensemgr_mock.moto_adapters.ec2_launches import LaunchRequest, MotoEc2Changed, requested

_MARK = "__licensemgr_wrapped__"
INSTANCE_TYPE = "AWS::EC2::Instance"
# What a launch template gives an instance that does not say it itself.
_FROM_TEMPLATE = ("ImageId", "InstanceType", "KeyName", "UserData")


def install() -> None:
    """Wraps moto's ``Instance.create_from_cloudformation_json``."""
    import moto
    from moto.ec2.exceptions import EC2ClientError
    from moto.ec2.models.instances import Instance

    current = Instance.__dict__.get("create_from_cloudformation_json")
    if not isinstance(current, classmethod):
        raise MotoEc2Changed(
            f"moto {moto.__version__}: Instance.create_from_cloudformation_json is not a "
            f"classmethod; licensemgr_mock cannot check instances that stacks launch."
        )
    original = getattr(current.__func__, _MARK, current.__func__)

    def create_from_cloudformation_json(
        cls: Any,
        /,
        resource_name: str,
        cloudformation_json: Any,
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> Any:
        from moto.ec2.models import ec2_backends

        logical_id = str(kwargs.get("LogicalId") or resource_name)
        backend = ec2_backends[account_id][region_name]
        properties = dict(cloudformation_json.get("Properties") or {})
        template = _template_data(backend, properties.get("LaunchTemplate"))
        for key in _FROM_TEMPLATE:
            if key not in properties and key in template:
                properties[key] = template[key]
        if not properties.get("ImageId"):
            raise ResourceFailed(
                logical_id,
                INSTANCE_TYPE,
                "CREATE",
                "Property ImageId cannot be empty (give it or a LaunchTemplate with one).",
            )
        placement = _placement(properties) or dict(template.get("Placement") or {})
        asked = LaunchRequest(
            license_specifications=list(
                properties.get("LicenseSpecifications")
                or template.get("LicenseSpecifications")
                or []
            ),
            cpu_options=dict(properties.get("CpuOptions") or template.get("CpuOptions") or {}),
            placement=placement,
        )
        try:
            with requested(asked):
                instance = original(
                    cls,
                    resource_name,
                    {**cloudformation_json, "Properties": properties},
                    account_id,
                    region_name,
                    **kwargs,
                )
        except EC2ClientError as error:
            raise ResourceFailed(logical_id, INSTANCE_TYPE, "CREATE", _reason(error)) from None
        if placement.get("HostId"):
            instance.placement.host_id = placement["HostId"]
        return instance

    setattr(create_from_cloudformation_json, _MARK, original)
    Instance.create_from_cloudformation_json = classmethod(  # type: ignore[method-assign,assignment]
        create_from_cloudformation_json
    )


def _template_data(backend: Any, reference: dict[str, Any] | None) -> dict[str, Any]:
    """The LaunchTemplateData of the template version an instance names."""
    if not reference:
        return {}
    args = {
        key: str(reference[key])
        for key in ("LaunchTemplateId", "LaunchTemplateName", "Version")
        if reference.get(key) is not None
    }
    return dict(backend._get_template_from_args(args).data or {})


def _placement(properties: dict[str, Any]) -> dict[str, Any]:
    """The instance's own Tenancy and HostId, as a RunInstances Placement."""
    return {
        name: properties[key]
        for key, name in (("Tenancy", "Tenancy"), ("HostId", "HostId"))
        if properties.get(key)
    }


def _reason(error: Any) -> str:
    """An EC2 error as CloudFormation words it in a resource's status reason."""
    # moto < 5.2 keeps EC2's code in ``error_type`` (``code`` is the HTTP status there).
    code = getattr(error, "error_type", None) or error.code
    return f"{error.message} (Service: AmazonEC2; Status Code: 400; Error Code: {code})"
