"""LicenseRules of a license configuration: strings ``#name=value``, parsed and checked.

Which rules each LicenseCountingType allows, and their values, follow the License Manager user
guide (reference section 9.2). Every problem is ``invalid``: InvalidParameterValueException,
the error the configuration operations model for bad input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from licensemgr_mock.pipeline.api import LicenseCountingType
from licensemgr_mock.pipeline.errors import invalid

_RULE = re.compile(r"^#([^=]+)=(.+)$")

TENANCIES = ("EC2-Default", "EC2-DedicatedInstance", "EC2-DedicatedHost")
AFFINITY_RULE = "licenseAffinityToHost"

_ALL = frozenset(LicenseCountingType)
_VCPU = LicenseCountingType.V_CPU
_INSTANCE = LicenseCountingType.INSTANCE
_CORE = LicenseCountingType.CORE
_SOCKET = LicenseCountingType.SOCKET


def _tenancy(value: str) -> bool:
    return value in TENANCIES


def _positive(value: str) -> bool:
    return value.isdigit() and int(value) >= 1


def _affinity_days(value: str) -> bool:
    return value.isdigit() and 1 <= int(value) <= 180


def _boolean(value: str) -> bool:
    return value.lower() in ("true", "false")


@dataclass(frozen=True)
class _RuleKind:
    counting_types: frozenset[str]
    valid: Callable[[str], bool]
    expected: str


_KINDS: dict[str, _RuleKind] = {
    "allowedTenancy": _RuleKind(_ALL, _tenancy, " or ".join(TENANCIES)),
    AFFINITY_RULE: _RuleKind(frozenset({_CORE, _SOCKET}), _affinity_days, "1 to 180 days"),
    "maximumCores": _RuleKind(frozenset({_CORE, _INSTANCE}), _positive, "a positive integer"),
    "minimumCores": _RuleKind(frozenset({_CORE, _INSTANCE}), _positive, "a positive integer"),
    "maximumSockets": _RuleKind(frozenset({_SOCKET, _INSTANCE}), _positive, "a positive integer"),
    "minimumSockets": _RuleKind(frozenset({_SOCKET, _INSTANCE}), _positive, "a positive integer"),
    "maximumVcpus": _RuleKind(frozenset({_VCPU, _INSTANCE}), _positive, "a positive integer"),
    "minimumVcpus": _RuleKind(frozenset({_VCPU, _INSTANCE}), _positive, "a positive integer"),
    "honorVcpuOptimization": _RuleKind(frozenset({_VCPU}), _boolean, "True or False"),
}


def parse_rules(rules: Iterable[str], counting_type: str) -> dict[str, str]:
    """The rules as ``{name: value}``, each checked for syntax, name, counting type and
    value; a rule given twice, or minimum above maximum, is refused too."""
    parsed: dict[str, str] = {}
    for rule in rules:
        match = _RULE.match(rule)
        if match is None:
            raise invalid(f"License rule {rule!r} must have the form #name=value.")
        name, value = match[1], match[2]
        kind = _KINDS.get(name)
        if kind is None:
            raise invalid(f"Unknown license rule {name!r}; known rules: {', '.join(_KINDS)}.")
        if counting_type not in kind.counting_types:
            raise invalid(
                f"License rule {name} is not allowed with LicenseCountingType {counting_type}."
            )
        if not kind.valid(value):
            raise invalid(f"License rule {name} must be {kind.expected}, not {value!r}.")
        if name in parsed:
            raise invalid(f"License rule {name} is given more than once.")
        parsed[name] = value
    _check_tenancy(parsed, counting_type)
    for unit in ("Cores", "Sockets", "Vcpus"):
        low, high = parsed.get(f"minimum{unit}"), parsed.get(f"maximum{unit}")
        if low is not None and high is not None and int(low) > int(high):
            raise invalid(f"License rule minimum{unit}={low} is above maximum{unit}={high}.")
    return parsed


def _check_tenancy(parsed: dict[str, str], counting_type: str) -> None:
    # Cores and sockets are only visible on a dedicated host, so only that tenancy fits them.
    tenancy = parsed.get("allowedTenancy")
    if counting_type in (_CORE, _SOCKET) and tenancy not in (None, "EC2-DedicatedHost"):
        raise invalid(
            f"LicenseCountingType {counting_type} allows only allowedTenancy=EC2-DedicatedHost."
        )


def check_rule_change(old: dict[str, str], new: dict[str, str]) -> None:
    """Only licenseAffinityToHost may change after creation (the user guide's rule)."""
    changed = {
        name
        for name in old.keys() | new.keys()
        if name != AFFINITY_RULE and old.get(name) != new.get(name)
    }
    if changed:
        raise invalid(
            f"License rules {', '.join(sorted(changed))} cannot be changed after creation; "
            f"only {AFFINITY_RULE} can."
        )


def rule_breaches(rules: dict[str, str], vcpus: int, cores: int, sockets: int) -> list[str]:
    """The ``#name=value`` rules a resource of that size breaks (minimum/maximum rules)."""
    sizes = {"Vcpus": vcpus, "Cores": cores, "Sockets": sockets}
    broken = []
    for unit, size in sizes.items():
        low, high = rules.get(f"minimum{unit}"), rules.get(f"maximum{unit}")
        if low is not None and size < int(low):
            broken.append(f"#minimum{unit}={low}")
        if high is not None and size > int(high):
            broken.append(f"#maximum{unit}={high}")
    return broken
