"""The rules of license asset rulesets: checking them, and matching assets against them.

A ruleset's ``Rules`` each hold one ``RuleStatement``, which names the kind of asset it is
about (``InstanceRuleStatement``, ``LicenseRuleStatement`` or
``LicenseConfigurationRuleStatement``) and holds one of a ``MatchingRuleStatement`` (one key
compared with a list of values), an ``AndRuleStatement`` (all of its statements hold) or an
``OrRuleStatement`` (any of them holds). Instance statements may also hold script statements,
which the mock stores but cannot run: a script statement never matches.

An asset is read as a mapping from the model's keys (``Platform``, ``ProductSKU``, ...) to its
values; ``EQUALS`` matches when the asset's value is one of ``ValueToMatch``, ``NOT_EQUALS``
when it is none of them (an asset without the key matches NOT_EQUALS only). Instances also
answer ``tag:<key>`` with the value of that EC2 tag, as ListResourceInventory's filters do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from licensemgr_mock.moto_services.ec2 import instances
from licensemgr_mock.pipeline.errors import ValidationException
from licensemgr_mock.state.records import License, LicenseVersion

TAG_PREFIX = "tag:"
CONSTRAINTS = ("EQUALS", "NOT_EQUALS")

INSTANCE_STATEMENT = "InstanceRuleStatement"
LICENSE_STATEMENT = "LicenseRuleStatement"
CONFIGURATION_STATEMENT = "LicenseConfigurationRuleStatement"

# The keys the model documents for each kind of statement.
KEYS: dict[str, tuple[str, ...]] = {
    INSTANCE_STATEMENT: (
        "Platform",
        "EC2BillingProduct",
        "MarketPlaceProductCode",
        "AMIId",
        "InstanceType",
        "InstanceId",
        "HostId",
        "AccountId",
    ),
    LICENSE_STATEMENT: (
        "LicenseArn",
        "ProductSKU",
        "Issuer",
        "Beneficiary",
        "LicenseStatus",
        "HomeRegion",
    ),
    CONFIGURATION_STATEMENT: ("LicenseConfigurationArn", "AccountId"),
}

# ListAssetsForLicenseAssetGroup's AssetType -> the statements about that kind of asset.
ASSET_TYPES: dict[str, str] = {
    "Instance": INSTANCE_STATEMENT,
    "License": LICENSE_STATEMENT,
    "LicenseConfiguration": CONFIGURATION_STATEMENT,
}

_LOGICAL = ("AndRuleStatement", "OrRuleStatement")


@dataclass(frozen=True)
class Asset:
    """Something a group can hold: its ARN and the values rule statements compare."""

    arn: str
    values: Mapping[str, str | None]


def check_rules(rules: list[dict[str, Any]]) -> None:
    """Raises ValidationException unless every rule is one statement the mock can evaluate:
    exactly one kind of statement, holding exactly one of its forms, with known keys, a known
    constraint and at least one value."""
    if not rules:
        raise ValidationException("Rules must hold at least one rule.")
    for index, rule in enumerate(rules):
        where = f"Rules[{index}].RuleStatement"
        kinds = [kind for kind in KEYS if rule["RuleStatement"].get(kind) is not None]
        if len(kinds) != 1:
            raise ValidationException(f"{where} must hold exactly one of {', '.join(KEYS)}.")
        kind = kinds[0]
        _check_statement(kind, rule["RuleStatement"][kind], f"{where}.{kind}")


def _check_statement(kind: str, statement: dict[str, Any], where: str) -> None:
    forms = ["MatchingRuleStatement", *_LOGICAL]
    if kind == INSTANCE_STATEMENT:
        forms.append("ScriptRuleStatement")
    present = [form for form in statement if statement[form] is not None]
    if len(present) != 1 or present[0] not in forms:
        raise ValidationException(f"{where} must hold exactly one of {', '.join(forms)}.")
    form = present[0]
    inner = statement[form]
    if form == "MatchingRuleStatement":
        _check_matching(kind, inner, f"{where}.{form}")
    elif form == "ScriptRuleStatement":
        _check_script(inner, f"{where}.{form}")
    else:
        _check_logical(kind, inner, f"{where}.{form}")


def _check_logical(kind: str, statement: dict[str, Any], where: str) -> None:
    matching = statement.get("MatchingRuleStatements") or []
    scripts = statement.get("ScriptRuleStatements") or []
    if scripts and kind != INSTANCE_STATEMENT:
        raise ValidationException(f"{where}: only instance rule statements may hold scripts.")
    if not matching and not scripts:
        raise ValidationException(f"{where} must hold at least one statement.")
    for index, inner in enumerate(matching):
        _check_matching(kind, inner, f"{where}.MatchingRuleStatements[{index}]")
    for index, inner in enumerate(scripts):
        _check_script(inner, f"{where}.ScriptRuleStatements[{index}]")


def _check_matching(kind: str, statement: dict[str, Any], where: str) -> None:
    key = statement["KeyToMatch"]
    tag_key = kind == INSTANCE_STATEMENT and key.startswith(TAG_PREFIX) and key != TAG_PREFIX
    if key not in KEYS[kind] and not tag_key:
        known = ", ".join(KEYS[kind])
        extra = f", {TAG_PREFIX}<key>" if kind == INSTANCE_STATEMENT else ""
        raise ValidationException(f"{where}.KeyToMatch {key!r} is not one of {known}{extra}.")
    if statement["Constraint"] not in CONSTRAINTS:
        raise ValidationException(
            f"{where}.Constraint {statement['Constraint']!r} is not one of "
            f"{', '.join(CONSTRAINTS)}."
        )
    if not statement["ValueToMatch"]:
        raise ValidationException(f"{where}.ValueToMatch must hold at least one value.")


def _check_script(statement: dict[str, Any], where: str) -> None:
    if not statement["KeyToMatch"] or not statement["Script"]:
        raise ValidationException(f"{where} needs a KeyToMatch and a Script.")


def rules_match(rules: list[dict[str, Any]], asset_type: str, asset: Asset) -> bool:
    """Whether any rule about ``asset_type`` assets matches ``asset`` (rules about other kinds
    of assets are ignored)."""
    kind = ASSET_TYPES[asset_type]
    return any(
        _statement_matches(rule["RuleStatement"][kind], asset)
        for rule in rules
        if rule["RuleStatement"].get(kind) is not None
    )


def _statement_matches(statement: dict[str, Any], asset: Asset) -> bool:
    if statement.get("MatchingRuleStatement") is not None:
        return _matching(statement["MatchingRuleStatement"], asset)
    if statement.get("AndRuleStatement") is not None:
        return all(_inner_results(statement["AndRuleStatement"], asset))
    if statement.get("OrRuleStatement") is not None:
        return any(_inner_results(statement["OrRuleStatement"], asset))
    # A script statement: the mock cannot run scripts.
    return False


def _inner_results(statement: dict[str, Any], asset: Asset) -> Iterator[bool]:
    for matching in statement.get("MatchingRuleStatements") or []:
        yield _matching(matching, asset)
    # Scripts cannot be run here, so each one counts as a statement that does not match.
    for _script in statement.get("ScriptRuleStatements") or []:
        yield False


def _matching(statement: dict[str, Any], asset: Asset) -> bool:
    found = asset.values.get(statement["KeyToMatch"])
    listed = found is not None and found in statement["ValueToMatch"]
    return listed if statement["Constraint"] == "EQUALS" else not listed


def instance_assets(account: str, region: str, partition: str) -> list[Asset]:
    """The account's EC2 instances in the region that are not terminated, read from moto."""
    found = []
    for resource in instances(account, region, partition):
        if resource.gone:
            continue
        values: dict[str, str | None] = {
            "Platform": resource.platform,
            "AMIId": resource.ami_id,
            "InstanceType": resource.instance_type,
            "InstanceId": resource.resource_id,
            "HostId": resource.host_id,
            "AccountId": resource.owner_id,
        }
        values.update({TAG_PREFIX + key: value for key, value in resource.tags.items()})
        found.append(Asset(arn=resource.arn, values=values))
    return found


def license_asset(license_: License, view: LicenseVersion) -> Asset:
    """A license as rule statements see it (``view`` is its current version as read now)."""
    return Asset(
        arn=license_.arn,
        values={
            "LicenseArn": license_.arn,
            "ProductSKU": view.product_sku,
            "Issuer": view.issuer.name,
            "Beneficiary": view.beneficiary,
            "LicenseStatus": view.status,
            "HomeRegion": view.home_region,
        },
    )


def configuration_asset(arn: str, owner_account_id: str) -> Asset:
    """A license configuration as rule statements see it."""
    return Asset(arn=arn, values={"LicenseConfigurationArn": arn, "AccountId": owner_account_id})
