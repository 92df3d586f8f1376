"""IAM enforcement for License Manager requests, exactly as moto enforces it for its own
services: when moto's enforcement is on (``set_initial_no_auth_action_count(n)``,
``INITIAL_NO_AUTH_ACTION_COUNT``), a request past the first ``n`` of the process (moto's own
services' requests counted with ours, in moto's one counter) is authenticated from its access
key and authorized by moto's policy evaluation (``moto.iam.access_control.IAMRequest``) for
the action ``license-manager:<Operation>`` on the resources ``RESOURCES`` names, else ``*``.

When enforcement is off this costs one comparison and one increment, as it does moto.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import (
    AccessDeniedError,
    InvalidClientTokenIdError,
    SignatureDoesNotMatchError,
)
from requests.structures import CaseInsensitiveDict

from licensemgr_mock.pipeline.errors import AccessDeniedException, LicenseManagerError

if TYPE_CHECKING:
    from moto.iam.access_control import IAMRequest

# The request members naming the resources AWS's service authorization reference lists for an
# action ("Actions, resources, and condition keys for AWS License Manager"), required or not.
# ``[]`` walks a list, ``.`` a member of its items. An action not listed takes ``*``: the
# reference lists no resource type for it (CheckoutLicense, CreateLicense, ListLicenses...).
RESOURCES: dict[str, tuple[str, ...]] = {
    "AcceptGrant": ("GrantArn",),
    "CheckoutBorrowLicense": ("LicenseArn",),
    "CreateGrant": ("LicenseArn",),
    "CreateGrantVersion": ("GrantArn",),
    "CreateLicenseAssetGroup": ("AssociatedLicenseAssetRulesetARNs[]",),
    "CreateLicenseVersion": ("LicenseArn",),
    "CreateToken": ("LicenseArn",),
    "DeleteGrant": ("GrantArn",),
    "DeleteLicense": ("LicenseArn",),
    "DeleteLicenseAssetGroup": ("LicenseAssetGroupArn",),
    "DeleteLicenseAssetRuleset": ("LicenseAssetRulesetArn",),
    "DeleteLicenseConfiguration": ("LicenseConfigurationArn",),
    "DeleteLicenseManagerReportGenerator": ("LicenseManagerReportGeneratorArn",),
    "GetGrant": ("GrantArn",),
    "GetLicense": ("LicenseArn",),
    "GetLicenseAssetGroup": ("LicenseAssetGroupArn",),
    "GetLicenseAssetRuleset": ("LicenseAssetRulesetArn",),
    "GetLicenseConfiguration": ("LicenseConfigurationArn",),
    "GetLicenseManagerReportGenerator": ("LicenseManagerReportGeneratorArn",),
    "GetLicenseUsage": ("LicenseArn",),
    "ListAssetsForLicenseAssetGroup": ("LicenseAssetGroupArn",),
    "ListAssociationsForLicenseConfiguration": ("LicenseConfigurationArn",),
    "ListFailuresForLicenseConfigurationOperations": ("LicenseConfigurationArn",),
    "ListLicenseVersions": ("LicenseArn",),
    "ListTagsForResource": ("ResourceArn",),
    "ListUsageForLicenseConfiguration": ("LicenseConfigurationArn",),
    "RejectGrant": ("GrantArn",),
    "TagResource": ("ResourceArn",),
    "UntagResource": ("ResourceArn",),
    "UpdateLicenseAssetGroup": ("LicenseAssetGroupArn", "AssociatedLicenseAssetRulesetARNs[]"),
    "UpdateLicenseAssetRuleset": ("LicenseAssetRulesetArn",),
    "UpdateLicenseConfiguration": ("LicenseConfigurationArn",),
    "UpdateLicenseManagerReportGenerator": ("LicenseManagerReportGeneratorArn",),
    "UpdateLicenseSpecificationsForResource": (
        "AddLicenseSpecifications[].LicenseConfigurationArn",
        "RemoveLicenseSpecifications[].LicenseConfigurationArn",
    ),
}


# The errors of AWS's front door for a request it cannot authenticate, as the JSON protocol
# words them (moto's own services answer query-protocol codes; see docs/decisions/iam.md).
class UnrecognizedClientException(LicenseManagerError):
    """An access key that no IAM user or assumed role holds."""

    template = "The security token included in the request is invalid."


class InvalidSignatureException(LicenseManagerError):
    """A signature that the access key's secret does not make."""

    template = (
        "The request signature we calculated does not match the signature you provided. "
        "Check your AWS Secret Access Key and signing method. "
        "Consult the service documentation for details."
    )


class MissingAuthenticationTokenException(LicenseManagerError):
    """A request without an ``Authorization`` header."""

    status = 403
    template = "Missing Authentication Token"


class IncompleteSignatureException(LicenseManagerError):
    """An ``Authorization`` header that is not a whole SigV4 signature."""

    template = "The request signature does not conform to AWS standards."


def authorize(
    operation: str, url: str, headers: Any, body: bytes | str | None, account: str
) -> LicenseManagerError | None:
    """None when the request may go on; else the error it is answered with. Counts the
    request toward moto's initial no-auth count as moto's own services do."""
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        ActionAuthenticatorMixin.request_count += 1
        return None
    return _enforce(operation, url, headers, body, account)


def _enforce(
    operation: str, url: str, headers: Any, body: bytes | str | None, account: str
) -> LicenseManagerError | None:
    if not headers.get("Authorization"):
        return MissingAuthenticationTokenException()
    try:
        request = _iam_request(operation, url, headers, body, account)
        request.check_signature()
        for resource in resources_of(operation, body):
            request.check_action_permitted(resource)
    except AccessDeniedError as denied:
        # moto's wording: "User: <arn> is not authorized to perform: license-manager:<Op>".
        return AccessDeniedException(denied.message)
    except InvalidClientTokenIdError:
        return UnrecognizedClientException()
    except SignatureDoesNotMatchError:
        return InvalidSignatureException()
    except (KeyError, IndexError, ValueError):
        # A credential scope or signed header that moto's parsing cannot find.
        return IncompleteSignatureException()
    return None


def _iam_request(
    operation: str, url: str, headers: Any, body: bytes | str | None, account: str
) -> IAMRequest:
    from moto.iam.access_control import IAMRequest

    parts = urlsplit(url)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    raw = body.encode() if isinstance(body, str) else (body or b"")
    # Text, as moto's own responses hand them over: botocore keeps some header values as bytes.
    text = CaseInsensitiveDict(
        {
            name: value.decode() if isinstance(value, bytes) else value
            for name, value in headers.items()
        }
    )
    if "host" not in text:
        # botocore signs the host without sending it as a header; moto's responses add it too.
        text["host"] = parts.netloc
    return IAMRequest(
        account_id=account,
        method="POST",
        path=path,
        data={},
        body=raw,
        # Read by name (``Authorization``...) and walked: any case-insensitive mapping does.
        headers=cast("dict[str, str]", text),
        action=operation,
    )


def resources_of(operation: str, body: bytes | str | None) -> list[str]:
    """The resources ``operation``'s request names for IAM (``RESOURCES``), ``["*"]`` when it
    names none (or its body is not a JSON object: the router refuses it after this)."""
    members = RESOURCES.get(operation)
    if members is None:
        return ["*"]
    try:
        # Decoded first, as the router reads it: AWS reads UTF-8.
        params = json.loads(body.decode() if isinstance(body, bytes) else (body or "{}"))
    except (ValueError, RecursionError):
        return ["*"]
    found: list[str] = []
    for member in members:
        found.extend(_values(params, member))
    return found or ["*"]


def _values(params: Any, path: str) -> list[str]:
    name, _, rest = path.partition(".")
    many = name.endswith("[]")
    value = params.get(name.removesuffix("[]")) if isinstance(params, dict) else None
    items = value if many and isinstance(value, list) else [value]
    if rest:
        return [found for item in items for found in _values(item, rest)]
    return [item for item in items if isinstance(item, str)]
