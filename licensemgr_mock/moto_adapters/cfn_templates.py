"""A template's shape and references, checked before moto's CloudFormation reads it, as
CloudFormation validates a template before it makes anything.

moto evaluates a template as it makes the stack's resources: a Ref to nothing, a Resources
member that is no object or an output that is no object escapes as a KeyError, TypeError or
AttributeError (a 500 through the server), with the stack and what it had made left behind.
CloudFormation refuses such a template with a ValidationError and creates nothing; so do
CreateStack, UpdateStack, CreateChangeSet, ValidateTemplate and GetTemplateSummary here.
moto's CloudFormation also reads YAML with a safe loader from here (``safe_yaml``)."""

from __future__ import annotations

import functools
import inspect
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = [
    "TemplateRefused",
    "check_template",
    "checking",
    "linting",
    "safe_yaml",
    "summarising",
]

Result = TypeVar("Result")

# CloudFormation's pseudo parameters: a Ref or a ${} may name them without declaring them.
PSEUDO_PARAMETERS = frozenset(
    {
        "AWS::AccountId",
        "AWS::NoValue",
        "AWS::NotificationARNs",
        "AWS::Partition",
        "AWS::Region",
        "AWS::StackId",
        "AWS::StackName",
        "AWS::URLSuffix",
    }
)

_SUB_VARIABLE = re.compile(r"\$\{(?!!)([^}]*)\}")
_GET_ATT_SHAPE = (
    "Template error: every Fn::GetAtt object requires two non-empty parameters, "
    "the resource name and the resource attribute"
)
_SHAPES = {
    "Fn::Join": "Template error: every Fn::Join object requires two parameters, (1) a string "
    "delimiter and (2) a list of strings to be joined or a function that returns a list of "
    "strings (such as Fn::GetAZs) to be joined.",
    "Fn::Split": "Template error: every Fn::Split object requires two parameters, (1) a string "
    "delimiter and (2) a string to be split or a function that returns a string to be split.",
    "Fn::Select": "Template error: Fn::Select requires a list argument with two elements: an "
    "integer index and a list",
    "Fn::FindInMap": "Template error: every Fn::FindInMap object requires three parameters, "
    "the map name, map key and the attribute for return value",
    "Fn::If": "Template error: Fn::If requires a list argument with three elements",
    "Fn::Base64": "Template error: every Fn::Base64 object must have a string or a function "
    "that returns a string",
}
_SUB_SHAPE = (
    "Template error: One or more Fn::Sub intrinsic functions don't specify expected "
    "arguments. Specify a string as first argument, and an optional second argument to "
    "specify a mapping of values to replace in the string"
)


class TemplateRefused(Exception):
    """A template CloudFormation refuses (a ValidationError with ``message``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def safe_yaml() -> Any:
    """PyYAML as moto's CloudFormation uses it (its modules' ``yaml``), reading templates with
    ``template_loader()``: moto reads them with ``yaml.Loader``, which makes any Python object
    a ``!!python/...`` tag names, so a template could run code in the test process or the
    server."""
    import yaml

    class SafeYaml:
        Loader = template_loader()

        def add_multi_constructor(self, *args: Any, **kwargs: Any) -> None:
            """moto adds its short-form reader before every read: this Loader has it."""

        def __getattr__(self, name: str) -> Any:
            return getattr(yaml, name)

    return SafeYaml()


@functools.cache
def template_loader() -> Any:
    """A safe YAML loader that reads CloudFormation's short forms (!Ref, !GetAtt, !Sub ...)
    as moto reads them."""
    import yaml
    from moto.cloudformation.utils import yaml_tag_constructor

    def short_form(loader: Any, tag: str, node: Any) -> Any:
        # Local tags only: "!!python/..." arrives here expanded to "tag:yaml.org,2002:...".
        if not tag.startswith("!"):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"could not determine a constructor for the tag {tag!r}",
                node.start_mark,
            )
        return yaml_tag_constructor(loader, tag, node)

    # libyaml's reader where PyYAML was built with it: a 7 KB template reads in 2.5 ms, where
    # the pure-Python reader (moto's) took 48 ms.
    safe = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class TemplateLoader(safe):  # type: ignore[misc,valid-type]  # PyYAML has no types
        """YAML's standard tags and CloudFormation's short forms."""

    TemplateLoader.add_multi_constructor("", short_form)
    return TemplateLoader


def checking(method: Callable[..., Result]) -> Callable[..., Result]:
    """moto's CloudFormation ``method`` with a ``template`` argument (CreateStack's,
    UpdateStack's, CreateChangeSet's), refusing a template CloudFormation refuses before
    moto reads it."""
    signature = inspect.signature(method)

    def checked(*args: Any, **kwargs: Any) -> Result:
        _refuse_as_cloudformation(signature.bind(*args, **kwargs).arguments["template"])
        return method(*args, **kwargs)

    return checked


def linting(validate_template: Callable[..., list[Any]]) -> Callable[..., list[Any]]:
    """moto's ``CloudFormationBackend.validate_template`` (ValidateTemplate): the checks
    CreateStack makes, then moto's cfn-lint, whose first finding moto answers as "Stack
    with id <finding> does not exist"; answered here as a template error."""

    def validate(backend: Any, template: Any) -> list[Any]:
        from moto.cloudformation.exceptions import ValidationError

        _refuse_as_cloudformation(template)
        findings = validate_template(backend, template)
        if findings:
            raise ValidationError(message=f"Template format error: {findings[0].message}")
        return findings

    return validate


def summarising(summary: Callable[[str], dict[str, Any]]) -> Callable[[str], dict[str, Any]]:
    """moto's GetTemplateSummary reading (``get_template_summary_response_from_template``),
    refusing what CreateStack refuses; a template without AWSTemplateFormatVersion (which
    moto needs) is summarised with CloudFormation's only version."""

    def summarise(body: str) -> dict[str, Any]:
        template = _refuse_as_cloudformation(body)
        template.setdefault("AWSTemplateFormatVersion", "2010-09-09")
        return summary(json.dumps(template, default=str))

    return summarise


def _refuse_as_cloudformation(template: Any) -> dict[str, Any]:
    from moto.cloudformation.exceptions import ValidationError

    try:
        return check_template(template)
    except TemplateRefused as refused:
        raise ValidationError(message=refused.message) from None


def check_template(body: Any) -> dict[str, Any]:
    """The template ``body`` reads as; raises ``TemplateRefused`` with CloudFormation's
    message for a template that is not well-formed, lacks Resources, or names what it does
    not declare."""
    if not isinstance(body, str) or not body:
        raise TemplateRefused("Either Template URL or Template Body must be specified.")
    template = _parsed(body)
    if not isinstance(template, dict):
        raise TemplateRefused("Template format error: unsupported structure.")
    resources = template.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateRefused(
            "Template format error: At least one Resources member must be defined."
        )
    parameters = template.get("Parameters") or {}
    if not isinstance(parameters, dict):
        raise TemplateRefused("Template format error: Every Parameters member must be an object.")
    for name, parameter in parameters.items():
        if not isinstance(parameter, dict) or not isinstance(parameter.get("Type"), str):
            raise TemplateRefused(
                f"Template format error: [/Parameters/{name}] Every Parameters object must "
                "contain a Type member."
            )
    mappings = template.get("Mappings") or {}
    conditions = template.get("Conditions") or {}
    if not isinstance(mappings, dict) or not isinstance(conditions, dict):
        raise TemplateRefused(
            "Template format error: Every Mappings and Conditions member must be an object."
        )
    names = _Names(
        resources=frozenset(map(str, resources)),
        parameters=frozenset(map(str, parameters)),
        mappings=mappings,
        conditions=frozenset(map(str, conditions)),
    )
    for logical_id, resource in resources.items():
        _check_resource(str(logical_id), resource, names)
    names.refuse_unresolved("Resources")
    outputs = template.get("Outputs") or {}
    if not isinstance(outputs, dict):
        raise TemplateRefused("Template format error: Every Outputs member must be an object.")
    for name, output in outputs.items():
        if not isinstance(output, dict) or "Value" not in output:
            raise TemplateRefused(
                f"Template format error: Every Outputs member must contain a Value object, "
                f"the Outputs member {name} is not an object or has no Value."
            )
        names.walk(output)
    names.refuse_unresolved("Outputs")
    return template


def _parsed(body: str) -> Any:
    import yaml
    from moto.cloudformation.models import Stack

    try:
        # moto's own reading (YAML with CloudFormation's short tags, else JSON).
        return Stack.parse_template(body)
    except RecursionError:
        # Nested deeper than the readers go (they recurse): no structure to work with.
        raise TemplateRefused("Template format error: unsupported structure.") from None
    except json.JSONDecodeError as error:
        if not body.lstrip().startswith("{"):
            # moto read JSON only after YAML had failed: YAML's error is the one to say.
            raise _yaml_refusal(body) from None
        raise TemplateRefused(
            f"Template format error: JSON not well-formed. (line {error.lineno}, "
            f"column {error.colno})"
        ) from None
    except yaml.YAMLError:
        raise _yaml_refusal(body) from None
    except (ValueError, TypeError):
        raise TemplateRefused("Template format error: unsupported structure.") from None


def _yaml_refusal(body: str) -> TemplateRefused:
    """The refusal of a template YAML cannot read, saying where it stopped."""
    import yaml

    where = ""
    try:
        yaml.load(body, Loader=template_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
    except yaml.YAMLError:
        pass
    return TemplateRefused(f"Template format error: YAML not well-formed.{where}")


def _check_resource(logical_id: str, resource: Any, names: _Names) -> None:
    where = f"[/Resources/{logical_id}]"
    if not isinstance(resource, dict):
        raise TemplateRefused(f"Template format error: {where} resource definition is malformed")
    if not isinstance(resource.get("Type"), str):
        raise TemplateRefused(
            f"Template format error: {where} Every Resources object must contain a Type member."
        )
    if not isinstance(resource.get("Properties", {}), dict):
        raise TemplateRefused(f"Template format error: {where} resource definition is malformed")
    depends_on = resource.get("DependsOn", [])
    depends_on = [depends_on] if isinstance(depends_on, str) else depends_on
    if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
        raise TemplateRefused(
            f"Template format error: {where} DependsOn must be a string or a list of strings."
        )
    names.unresolved.extend(d for d in depends_on if d not in names.resources)
    names.walk(resource.get("Properties", {}))


@dataclass
class _Names:
    """What a template declares, and the names its references miss."""

    resources: frozenset[str]
    parameters: frozenset[str]
    mappings: dict[Any, Any]
    conditions: frozenset[str]
    unresolved: list[str] = field(default_factory=list)

    def refuse_unresolved(self, block: str) -> None:
        if self.unresolved:
            missing = ", ".join(dict.fromkeys(self.unresolved))
            raise TemplateRefused(
                f"Template format error: Unresolved resource dependencies [{missing}] in the "
                f"{block} block of the template"
            )

    def walk(self, value: Any) -> None:
        """Checks every intrinsic function in ``value``."""
        for node in _objects(value):
            if "Ref" in node:
                self._ref(node["Ref"])
            if "Fn::GetAtt" in node:
                self._get_att(node["Fn::GetAtt"])
            if "Fn::Sub" in node:
                self._sub(node["Fn::Sub"])
            for function in _SHAPES.keys() & node.keys():
                self._shaped(function, node[function])

    def _ref(self, target: Any) -> None:
        if not isinstance(target, str):
            raise TemplateRefused(
                "Template format error: Every Ref object must have a single String value."
            )
        if target not in self.resources | self.parameters | PSEUDO_PARAMETERS:
            self.unresolved.append(target)

    def _get_att(self, arguments: Any) -> None:
        if isinstance(arguments, str):
            arguments = arguments.split(".", 1)
        if (
            not isinstance(arguments, list)
            or len(arguments) != 2
            or not isinstance(arguments[0], str)
            or not arguments[0]
            or not isinstance(arguments[1], str | dict)
            or not arguments[1]
        ):
            raise TemplateRefused(_GET_ATT_SHAPE)
        if arguments[0] not in self.resources:
            raise TemplateRefused(
                f"Template error: instance of Fn::GetAtt references undefined resource "
                f"{arguments[0]}"
            )

    def _shaped(self, function: str, arguments: Any) -> None:
        """Refuses the arguments of a function moto would fail on; a literal Fn::FindInMap
        must find its value, a literal Fn::Select its element, Fn::If a declared condition."""
        if function == "Fn::Base64":
            if not (isinstance(arguments, str) or _is_function(arguments)):
                raise TemplateRefused(_SHAPES[function])
            return
        counts = {"Fn::FindInMap": 3, "Fn::If": 3}
        if not isinstance(arguments, list) or len(arguments) != counts.get(function, 2):
            raise TemplateRefused(_SHAPES[function])
        first, second = arguments[0], arguments[1]
        if function in ("Fn::Join", "Fn::Split"):
            wanted = list if function == "Fn::Join" else str
            if not isinstance(first, str) or not (
                isinstance(second, wanted) or _is_function(second)
            ):
                raise TemplateRefused(_SHAPES[function])
        elif function == "Fn::Select":
            self._select(first, second)
        elif function == "Fn::FindInMap":
            self._find_in_map(arguments)
        elif not isinstance(first, str):
            raise TemplateRefused(_SHAPES[function])
        elif first not in self.conditions:
            raise TemplateRefused(
                f"Template format error: Unresolved condition dependencies [{first}] in the "
                "Resources block of the template"
            )

    def _select(self, index: Any, values: Any) -> None:
        literal = isinstance(index, int) or (isinstance(index, str) and index.isdigit())
        if not (literal or _is_function(index)) or not (
            isinstance(values, list) or _is_function(values)
        ):
            raise TemplateRefused(_SHAPES["Fn::Select"])
        if literal and isinstance(values, list) and int(index) >= len(values):
            raise TemplateRefused(
                f"Template error: Fn::Select cannot select nonexistent value at index {index}"
            )

    def _find_in_map(self, path: list[Any]) -> None:
        if not all(isinstance(part, str) or _is_function(part) for part in path):
            raise TemplateRefused(_SHAPES["Fn::FindInMap"])
        if all(isinstance(part, str) for part in path):
            found: Any = self.mappings
            for part in path:
                if not isinstance(found, dict) or part not in found:
                    raise TemplateRefused(
                        f"Template error: Unable to get mapping for {'::'.join(path)}"
                    )
                found = found[part]

    def _sub(self, arguments: Any) -> None:
        text: Any = arguments
        variables: Any = {}
        if isinstance(arguments, list) and len(arguments) == 2:
            text, variables = arguments
        if not isinstance(text, str) or not isinstance(variables, dict):
            raise TemplateRefused(_SUB_SHAPE)
        for name in _SUB_VARIABLE.findall(text):
            if name in variables:
                continue
            if "." in name and not name.startswith("AWS::"):
                self._get_att(name)
            else:
                self._ref(name)


def _objects(value: Any) -> Iterator[dict[Any, Any]]:
    """Every object (dict) in ``value``, itself included, depth first."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            yield item
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _is_function(value: Any) -> bool:
    """An intrinsic function (or a Ref): an object with one member, ``Ref`` or ``Fn::*``."""
    return (
        isinstance(value, dict)
        and len(value) == 1
        and all(key == "Ref" or str(key).startswith("Fn::") for key in value)
    )
