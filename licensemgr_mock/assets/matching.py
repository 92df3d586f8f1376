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

from licensemgr_mock.pipeline.errors import invalid, quoted
from licensemgr_mock.state.records import License, LicenseVersion
from licensemgr_mock.state.services import Ec2

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


@dataclass
class MatchingRuleStatement:
    """One key compared with a list of values."""

    key_to_match: str
    constraint: str
    value_to_match: list[str]


@dataclass
class ScriptRuleStatement:
    """A script the mock stores but cannot run."""

    key_to_match: str
    script: str


@dataclass
class LogicalRuleStatement:
    """The inner statements of an ``AndRuleStatement`` or an ``OrRuleStatement``."""

    matching_rule_statements: list[MatchingRuleStatement] | None = None
    script_rule_statements: list[ScriptRuleStatement] | None = None


@dataclass
class KindStatement:
    """An ``InstanceRuleStatement``, ``LicenseRuleStatement`` or
    ``LicenseConfigurationRuleStatement``: one of its forms (scripts for instances only)."""

    matching_rule_statement: MatchingRuleStatement | None = None
    and_rule_statement: LogicalRuleStatement | None = None
    or_rule_statement: LogicalRuleStatement | None = None
    script_rule_statement: ScriptRuleStatement | None = None

    def forms(self) -> list[str]:
        """The model names of the forms it holds."""
        held = {
            "MatchingRuleStatement": self.matching_rule_statement,
            "AndRuleStatement": self.and_rule_statement,
            "OrRuleStatement": self.or_rule_statement,
            "ScriptRuleStatement": self.script_rule_statement,
        }
        return [name for name, value in held.items() if value is not None]


@dataclass
class RuleStatement:
    """The statement of one rule: about instances, licenses or license configurations."""

    instance_rule_statement: KindStatement | None = None
    license_rule_statement: KindStatement | None = None
    license_configuration_rule_statement: KindStatement | None = None

    def of_kind(self, kind: str) -> KindStatement | None:
        """The statement about ``kind`` (a key of KEYS), if it holds one."""
        return {
            INSTANCE_STATEMENT: self.instance_rule_statement,
            LICENSE_STATEMENT: self.license_rule_statement,
            CONFIGURATION_STATEMENT: self.license_configuration_rule_statement,
        }[kind]


@dataclass
class AssetRule:
    """One rule of a ruleset (the API's LicenseAssetRule)."""

    rule_statement: RuleStatement


@dataclass(frozen=True)
class Asset:
    """Something a group can hold: its ARN and the values rule statements compare."""

    arn: str
    values: Mapping[str, str | None]


def check_rules(rules: list[AssetRule]) -> None:
    """Raises the operation's validation error unless every rule is one statement the mock
    can evaluate: exactly one kind of statement, holding exactly one of its forms, with known
    keys, a known constraint and at least one value."""
    if not rules:
        raise invalid("Rules must hold at least one rule.")
    for index, rule in enumerate(rules):
        where = f"Rules[{index}].RuleStatement"
        kinds = [kind for kind in KEYS if rule.rule_statement.of_kind(kind) is not None]
        if len(kinds) != 1:
            raise invalid(f"{where} must hold exactly one of {', '.join(KEYS)}.")
        kind = kinds[0]
        statement = rule.rule_statement.of_kind(kind)
        assert statement is not None
        _check_statement(kind, statement, f"{where}.{kind}")


def _check_statement(kind: str, statement: KindStatement, where: str) -> None:
    allowed = ["MatchingRuleStatement", "AndRuleStatement", "OrRuleStatement"]
    if kind == INSTANCE_STATEMENT:
        allowed.append("ScriptRuleStatement")
    present = statement.forms()
    if len(present) != 1 or present[0] not in allowed:
        raise invalid(f"{where} must hold exactly one of {', '.join(allowed)}.")
    form = present[0]
    if statement.matching_rule_statement is not None:
        _check_matching(kind, statement.matching_rule_statement, f"{where}.{form}")
    elif statement.script_rule_statement is not None:
        _check_script(statement.script_rule_statement, f"{where}.{form}")
    else:
        logical = statement.and_rule_statement or statement.or_rule_statement
        assert logical is not None
        _check_logical(kind, logical, f"{where}.{form}")


def _check_logical(kind: str, statement: LogicalRuleStatement, where: str) -> None:
    matching = statement.matching_rule_statements or []
    scripts = statement.script_rule_statements or []
    if scripts and kind != INSTANCE_STATEMENT:
        raise invalid(f"{where}: only instance rule statements may hold scripts.")
    if not matching and not scripts:
        raise invalid(f"{where} must hold at least one statement.")
    for index, inner in enumerate(matching):
        _check_matching(kind, inner, f"{where}.MatchingRuleStatements[{index}]")
    for index, script in enumerate(scripts):
        _check_script(script, f"{where}.ScriptRuleStatements[{index}]")


def _check_matching(kind: str, statement: MatchingRuleStatement, where: str) -> None:
    key = statement.key_to_match
    tag_key = kind == INSTANCE_STATEMENT and key.startswith(TAG_PREFIX) and key != TAG_PREFIX
    if key not in KEYS[kind] and not tag_key:
        known = ", ".join(KEYS[kind])
        extra = f", {TAG_PREFIX}<key>" if kind == INSTANCE_STATEMENT else ""
        raise invalid(f"{where}.KeyToMatch {quoted(key)} is not one of {known}{extra}.")
    if statement.constraint not in CONSTRAINTS:
        raise invalid(
            f"{where}.Constraint {quoted(statement.constraint)} is not one of "
            f"{', '.join(CONSTRAINTS)}."
        )
    if not statement.value_to_match:
        raise invalid(f"{where}.ValueToMatch must hold at least one value.")


def _check_script(statement: ScriptRuleStatement, where: str) -> None:
    if not statement.key_to_match or not statement.script:
        raise invalid(f"{where} needs a KeyToMatch and a Script.")


def rules_match(rules: list[AssetRule], asset_type: str, asset: Asset) -> bool:
    """Whether any rule about ``asset_type`` assets matches ``asset`` (rules about other kinds
    of assets are ignored)."""
    kind = ASSET_TYPES[asset_type]
    statements = (rule.rule_statement.of_kind(kind) for rule in rules)
    return any(_statement_matches(found, asset) for found in statements if found is not None)


def _statement_matches(statement: KindStatement, asset: Asset) -> bool:
    if statement.matching_rule_statement is not None:
        return _matching(statement.matching_rule_statement, asset)
    if statement.and_rule_statement is not None:
        return all(_inner_results(statement.and_rule_statement, asset))
    if statement.or_rule_statement is not None:
        return any(_inner_results(statement.or_rule_statement, asset))
    # A script statement: the mock cannot run scripts.
    return False


def _inner_results(statement: LogicalRuleStatement, asset: Asset) -> Iterator[bool]:
    for matching in statement.matching_rule_statements or []:
        yield _matching(matching, asset)
    # Scripts cannot be run here, so each one counts as a statement that does not match.
    for _script in statement.script_rule_statements or []:
        yield False


def _matching(statement: MatchingRuleStatement, asset: Asset) -> bool:
    found = asset.values.get(statement.key_to_match)
    listed = found is not None and found in statement.value_to_match
    return listed if statement.constraint == "EQUALS" else not listed


def instance_assets(ec2: Ec2, account: str, region: str, partition: str) -> list[Asset]:
    """The account's EC2 instances in the region that are not terminated, read from moto."""
    found = []
    for resource in ec2.instances(account, region, partition):
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
