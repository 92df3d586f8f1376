"""Writes licensemgr_mock/pipeline/api/, the typed contract of License Manager, from botocore's
model: its enums, the operation names, a request and an answer type per operation (TypedDicts,
with the structures they nest) and ``handles``, the typed binding of an operation to the method
that answers it. Run it after a botocore upgrade; tests/pipeline/test_api.py fails while the
package is stale.

    python scripts/generate_api.py

Every line is written as ruff formats it (long ones split at a magic trailing comma or at their
outermost bracket), so the package needs no formatter after it is generated.
"""

from __future__ import annotations

import json
import keyword
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from botocore import xform_name
from botocore.loaders import Loader
from botocore.model import ServiceModel

PACKAGE = "licensemgr_mock.pipeline.api"
TARGET = Path(__file__).resolve().parent.parent.joinpath(*PACKAGE.split("."))
WIDTH = 100
# The house limit is 500 lines a module; a module of types is cut well before it.
BODY_LINES = 380
GENERATED = "Generated from botocore's model by scripts/generate_api.py. Do not edit."
SCALARS = {"string": "str", "integer": "int", "long": "int", "boolean": "bool", "float": "float"}
SCALARS["double"] = "float"
# Requests are JSON: botocore sends a timestamp as epoch seconds, validation also lets an ISO
# string through. The writer sends a datetime as epoch seconds and a number as it is.
REQUEST_TIMESTAMP = "float | str"
ANSWER_TIMESTAMP = "datetime | float"

Shapes = dict[str, dict[str, Any]]
# A generated class: its name, its lines, and the names it uses.
Class = tuple[str, list[str], set[str]]


def member_name(value: str) -> str:
    """The enum member name of an enum value (``Bytes/Second`` -> ``BYTES_SECOND``)."""
    name = xform_name(re.sub(r"[^0-9A-Za-z]+", "_", value)).strip("_").upper()
    if not name or name[0].isdigit() or keyword.iskeyword(name):
        name = "V_" + name
    return name


def docstring(summary: str) -> str:
    """A module docstring: the summary, then the generated-file notice."""
    return f'"""{summary}\n\n{GENERATED}\n"""'


class Module:
    """One generated module: its summary, the names it takes from elsewhere, its body."""

    def __init__(self, name: str, summary: str) -> None:
        self.name = name
        self.summary = summary
        self.body: list[str] = []
        # module -> names imported from it (``typing``, ``collections.abc``, a sibling, ...)
        self.imports: dict[str, set[str]] = {}
        self.type_checking: dict[str, set[str]] = {}
        # What ``from <package> import *`` takes from it (its ``__all__``).
        self.exports: list[str] = []

    def need(self, module: str, *names: str) -> None:
        self.imports.setdefault(module, set()).update(names)

    def render(self) -> str:
        lines = [docstring(self.summary), "", "from __future__ import annotations", ""]
        lines += import_block(self.imports)
        if self.type_checking:
            lines += ["", "if TYPE_CHECKING:"]
            lines += ["    " + line for line in import_block(self.type_checking)]
        if lines[-1] != "":
            lines.append("")
        exported = sorted(self.exports, key=all_key)
        listed = f"__all__ = [{', '.join(json.dumps(n) for n in exported)}]"
        if len(listed) <= WIDTH:
            lines += [listed]
        else:
            lines += ["__all__ = [", *(f"    {json.dumps(n)}," for n in exported), "]"]
        # ruff's blank lines: two before a class or function, one before a statement.
        lines += (
            ["", "", *self.body] if self.body[0].startswith(("class", "@")) else ["", *self.body]
        )
        while lines[-1] == "":
            lines.pop()
        text = "\n".join(lines) + "\n"
        count = text.count("\n")
        if count >= 500:
            raise SystemExit(f"{self.name}.py would have {count} lines; cut it smaller")
        return text


def isort_key(name: str) -> tuple[int, str]:
    """ruff's order of names in one import: CONSTANTS, then Classes, then functions."""
    if name.isupper() and len(name) > 1:
        return 0, name
    return (1 if name[0].isupper() else 2), name.lower()


def all_key(name: str) -> tuple[int, list[int | str]]:
    """ruff's order of ``__all__``: CONSTANTS, then Classes, then the rest, each in natural
    order (case-sensitive, digits by value)."""
    kind = 0 if name.isupper() and len(name) > 1 else 1 if name[0].isupper() else 2
    return kind, [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", name) if p]


def import_block(imports: dict[str, set[str]]) -> list[str]:
    """The imports, in ruff's sections (standard library, then ours) and order."""
    ours = [m for m in imports if m.startswith("licensemgr_mock")]
    lines: list[str] = []
    for group in (sorted(set(imports) - set(ours)), sorted(ours)):
        if lines and group:
            lines.append("")
        for module in group:
            lines += from_import(module, sorted(imports[module], key=isort_key))
    return lines


def from_import(module: str, names: list[str]) -> list[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= WIDTH - 4:  # fits even inside ``if TYPE_CHECKING:``
        return [line]
    return [f"from {module} import (", *(f"    {n}," for n in names), ")"]


def annotated(name: str, annotation: str) -> list[str]:
    """``name: annotation`` as a class body line, split at its outermost bracket when long."""
    line = f"    {name}: {annotation}"
    if len(line) <= WIDTH:
        return [line]
    outer, bracket, inner = annotation.partition("[")
    inner_line = f"        {inner[:-1]}"
    if not bracket or len(inner_line) > WIDTH:
        raise SystemExit(f"cannot lay out the member {name}: {annotation}")
    return [f"    {name}: {outer}[", inner_line, "    ]"]


class Contract:
    """The types of one service model: which structures requests and answers carry, and the
    Python type of every member in each."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.shapes: Shapes = raw["shapes"]
        self.operations = ServiceModel(raw, "license-manager").operation_names
        ops = raw["operations"]
        self.inputs = {op: ops[op]["input"]["shape"] for op in self.operations}
        self.outputs = {op: ops[op]["output"]["shape"] for op in self.operations}
        for op in self.operations:
            if (self.inputs[op], self.outputs[op]) != (f"{op}Request", f"{op}Response"):
                raise SystemExit(f"{op}: input or output shape not named after the operation")
        self.in_parts = self.nested(self.inputs.values())
        self.out_parts = self.nested(self.outputs.values())
        tops = set(self.inputs.values()) | set(self.outputs.values())
        if tops & (self.in_parts | self.out_parts):
            raise SystemExit("an operation's request or answer is nested in another shape")
        names = [*self.shapes, *(f"{n}Answer" for n in self.out_parts)]
        if len(names) != len(set(names)):
            raise SystemExit("a generated type name is taken twice")

    def structures(self, name: str) -> set[str]:
        """The structures a shape refers to directly (through its lists and maps)."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            refs = [m["shape"] for m in shape["members"].values()]
        elif kind == "list":
            refs = [shape["member"]["shape"]]
        elif kind == "map":
            refs = [shape["key"]["shape"], shape["value"]["shape"]]
        else:
            return set()
        found: set[str] = set()
        for ref in refs:
            found |= {ref} if self.shapes[ref]["type"] == "structure" else self.structures(ref)
        return found

    def nested(self, tops: Iterable[str]) -> set[str]:
        """The structures reachable from ``tops``, those excluded."""
        seen: set[str] = set()
        todo = [s for top in tops for s in self.structures(top)]
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo += self.structures(name)
        return seen

    def in_order(self, names: set[str]) -> list[str]:
        """``names`` with every structure after those it refers to (ties alphabetical)."""
        done: list[str] = []
        left = set(names)
        while left:
            ready = sorted(n for n in left if not (self.structures(n) & left))
            if not ready:
                raise SystemExit(f"recursive structures are not supported: {sorted(left)}")
            done += ready
            left -= set(ready)
        return done

    def request_type(self, name: str, use: Callable[[str], None]) -> str:
        """The Python type of a shape in a request (JSON, checked by validation)."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            use(name)
            return name
        if kind == "list":
            return f"list[{self.request_type(shape['member']['shape'], use)}]"
        if kind == "map":
            key = self.request_type(shape["key"]["shape"], use)
            return f"dict[{key}, {self.request_type(shape['value']['shape'], use)}]"
        if kind == "timestamp":
            return REQUEST_TIMESTAMP
        return SCALARS[kind]

    def answer_type(self, name: str, use: Callable[[str], None]) -> str:
        """The Python type of a shape in an answer: a structure may also be a record (a
        dataclass read by field), an enum is the generated StrEnum."""
        shape = self.shapes[name]
        kind = shape["type"]
        if kind == "structure":
            use(f"{name}Answer")
            use("Record")
            return f"{name}Answer | Record"
        if kind == "list":
            use("Sequence")
            return f"Sequence[{self.answer_type(shape['member']['shape'], use)}]"
        if kind == "map":
            use("Mapping")
            key = self.answer_type(shape["key"]["shape"], use)
            return f"Mapping[{key}, {self.answer_type(shape['value']['shape'], use)}]"
        if kind == "timestamp":
            use("datetime")
            return ANSWER_TIMESTAMP
        if shape.get("enum"):
            use(name)
            return name
        return SCALARS[kind]

    def request_class(self, name: str) -> Class:
        """The request type of a structure: ``name``, its members typed as validation lets
        them through, the optional ones ``NotRequired``."""
        top = name in self.inputs.values()
        doc = (
            f"The request of {name.removesuffix('Request')}."
            if top
            else f"The {name} of a request."
        )
        lines, used = [f"class {name}(TypedDict):", f'    """{doc}"""'], {"TypedDict"}
        required = self.shapes[name].get("required", [])
        for member, ref in self.shapes[name]["members"].items():
            kind = self.request_type(ref["shape"], used.add)
            if member not in required:
                used.add("NotRequired")
                kind = f"NotRequired[{kind}]"
            lines += annotated(member, kind)
        return name, spaced(lines), used

    def answer_class(self, name: str) -> Class:
        """The answer type of a structure (``<Shape>Answer``, or ``<Op>Response`` itself): its
        members read-only, the optional ones may be None."""
        top = name in self.outputs.values()
        cls = name if top else f"{name}Answer"
        doc = (
            f"The answer of {name.removesuffix('Response')}."
            if top
            else f"The {name} of an answer."
        )
        lines, used = [f"class {cls}(TypedDict, total=False):", f'    """{doc}"""'], {"TypedDict"}
        required = self.shapes[name].get("required", [])
        for member, ref in self.shapes[name]["members"].items():
            used.add("ReadOnly")
            kind = self.answer_type(ref["shape"], used.add)
            if member in required:
                used.add("Required")
                kind = f"Required[ReadOnly[{kind}]]"
            else:
                kind = f"ReadOnly[{kind} | None]"
            lines += annotated(member, kind)
        return cls, spaced(lines), used


def spaced(lines: list[str]) -> list[str]:
    """A class's lines with the blank line ruff keeps between its docstring and members."""
    return lines if len(lines) == 2 else [*lines[:2], "", *lines[2:]]


# Where each name a generated class may use comes from; siblings are added as modules are cut.
ORIGINS = {
    "NotRequired": "typing",
    "Required": "typing",
    "TypedDict": "typing",
    "Sequence": "collections.abc",
    "Mapping": "collections.abc",
    "datetime": "datetime",
    "Record": "licensemgr_mock.pipeline.wire",
}
# Names used only in annotations of ``from __future__ import annotations`` modules, imported
# for mypy alone: ``typing.ReadOnly`` is Python 3.13's, ``typing_extensions`` not a dependency.
TYPE_CHECKING_ONLY = {"ReadOnly": "typing_extensions"}


def cut(
    family: str,
    summary: str,
    classes: list[Class],
    origins: dict[str, str],
) -> list[Module]:
    """Modules ``family``, or ``family_1``, ``family_2``... of the classes (name, lines, names
    used), in order, each under the line budget; every class name is recorded in ``origins``."""
    # Each class takes its lines, two blank ones and its line in ``__all__``.
    total = sum(len(lines) + 3 for _, lines, _ in classes)
    target = total / -(-total // BODY_LINES)
    chunks: list[list[Class]] = [[]]
    size = 0
    for entry in classes:
        if size >= target:
            chunks.append([])
            size = 0
        chunks[-1].append(entry)
        size += len(entry[1]) + 3
    modules = []
    for number, chunk in enumerate(chunks, 1):
        name = family if len(chunks) == 1 else f"{family}_{number}"
        module = Module(name, summary)
        own = {cls for cls, _, _ in chunk}
        for _, lines, used in chunk:
            for ref in used - own:
                if ref in TYPE_CHECKING_ONLY:
                    module.need("typing", "TYPE_CHECKING")
                    module.type_checking.setdefault(TYPE_CHECKING_ONLY[ref], set()).add(ref)
                else:
                    module.need(origins[ref], ref)
            module.body += [*lines, "", ""]
        module.exports = sorted(own)
        for cls in own:
            origins[cls] = f"{PACKAGE}.{name}"
        modules.append(module)
    return modules


def enums_module(shapes: Shapes) -> Module:
    module = Module("enums", "The service's enums: one StrEnum per enum shape of the model.")
    module.need("enum", "StrEnum")
    for name in sorted(shapes):
        values = shapes[name].get("enum")
        if values:
            module.exports.append(name)
            module.body += [f"class {name}(StrEnum):"]
            module.body += [f"    {member_name(v)} = {json.dumps(v)}" for v in values]
            module.body += ["", ""]
    return module


def operations_module(contract: Contract) -> Module:
    module = Module("operations", "The service's operations, in the model's order.")
    module.exports = ["OPERATIONS"]
    module.body += ["OPERATIONS: tuple[str, ...] = ("]
    module.body += [f"    {json.dumps(op)}," for op in contract.operations]
    module.body += [")"]
    return module


HANDLES = '''def handles(operation: str) -> Binding[Any, Any]:
    """Marks a method as the one that answers ``operation`` (``@handles("CheckoutLicense")``).

    mypy checks that the method takes the operation's request type and returns its answer
    type; ``binding.operation_table`` builds a backend's table of operations from the marks.
    """
    if operation not in OPERATIONS:
        raise ValueError(f"{operation!r} is not an operation of License Manager")
    return mark(operation)'''


def handles_module(contract: Contract, origins: dict[str, str]) -> Module:
    module = Module(
        "handles",
        "``handles``: the typed binding of an operation to the area method that answers it.",
    )
    module.exports = ["handles"]
    module.need("typing", "Any", "Literal", "overload")
    module.need("licensemgr_mock.pipeline.binding", "Binding", "mark")
    module.need(origins["OPERATIONS"], "OPERATIONS")
    for op in contract.operations:
        request, answer = contract.inputs[op], contract.outputs[op]
        module.need(origins[request], request)
        module.need(origins[answer], answer)
        module.body += ["@overload"]
        line = f'def handles(operation: Literal["{op}"]) -> Binding[{request}, {answer}]: ...'
        if len(line) <= WIDTH:
            module.body += [line]
            continue
        module.body += ["def handles(", f'    operation: Literal["{op}"],']
        returns = f") -> Binding[{request}, {answer}]: ..."
        if len(returns) <= WIDTH:
            module.body += [returns]
        else:
            module.body += [") -> Binding[", f"    {request},", f"    {answer},", "]: ..."]
    module.body += HANDLES.splitlines()
    return module


def answer_types_module(contract: Contract, origins: dict[str, str]) -> Module:
    module = Module(
        "answer_types",
        "The answer type of every structure of the model's answers, by shape name (its\n"
        "``<Shape>Answer``, or an operation's ``<Op>Response`` itself): the members the contract\n"
        "knows, which the writer (``serialize``) checks a dict answer against.",
    )
    module.exports = ["ANSWER_TYPES"]
    module.need("typing", "Any")
    classes = [f"{n}Answer" for n in contract.out_parts] + list(contract.outputs.values())
    module.body += ["_TYPES: tuple[type[Any], ...] = ("]
    for cls in sorted(classes):
        module.need(origins[cls], cls)
        module.body += [f"    {cls},"]
    module.body += [
        ")",
        'ANSWER_TYPES = {t.__name__.removesuffix("Answer"): t for t in _TYPES}',
    ]
    return module


INIT_SUMMARY = """The typed contract of License Manager, generated from botocore's model.

- one StrEnum per enum of the model (``LicenseStatus``) and ``OPERATIONS``;
- per operation ``<Op>Request``, the request as validation passes it on (JSON: enum members are
  plain ``str``), and ``<Op>Response``, what its handler answers;
- the structures a request nests, by shape name (``Tag``), and those an answer nests,
  ``<Shape>Answer`` (``LicenseAnswer``): wherever an answer nests a structure, a record (a
  dataclass whose snake-case fields are the members, ``Record``) is accepted too. Answer
  members are read-only (a request's structure can be passed on) and may be None (left out);
- ``handles``, which binds an operation to the area method that answers it, checked by mypy.

The types follow the model they were generated from (requirements/pinned.txt); what is
validated, written and answered at run time follows the installed botocore."""


def init_module(modules: list[Module]) -> str:
    """The package's face: every module's ``__all__``, taken by a star import."""
    lines = [docstring(INIT_SUMMARY), "", "from __future__ import annotations", ""]
    for module in sorted(modules, key=lambda m: m.name):
        lines.append(f"from {PACKAGE}.{module.name} import *  # noqa: F403")
    return "\n".join(lines) + "\n"


def render() -> dict[str, str]:
    """The package's files (name -> text) from the installed botocore's model."""
    raw = Loader().load_service_model("license-manager", "service-2")
    contract = Contract(raw)
    shapes = contract.shapes
    origins = {name: f"{PACKAGE}.enums" for name in shapes if shapes[name].get("enum")}
    origins.update(ORIGINS)
    origins["OPERATIONS"] = f"{PACKAGE}.operations"

    requests = [*contract.in_order(contract.in_parts), *contract.inputs.values()]
    answers = [*contract.in_order(contract.out_parts), *contract.outputs.values()]
    modules = [enums_module(shapes), operations_module(contract)]
    requests_doc = "Requests, and the structures they nest."
    modules += cut("requests", requests_doc, [contract.request_class(n) for n in requests], origins)
    answers_doc = "Answers, and the structures they nest (where a record is accepted too)."
    modules += cut("answers", answers_doc, [contract.answer_class(n) for n in answers], origins)
    modules += [handles_module(contract, origins), answer_types_module(contract, origins)]
    files = {f"{m.name}.py": m.render() for m in modules}
    files["__init__.py"] = init_module(modules)
    return files


def write() -> None:
    """Writes the package, removing modules a former model needed and this one does not."""
    files = render()
    TARGET.mkdir(exist_ok=True)
    for stale in TARGET.glob("*.py"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (TARGET / name).write_text(text)
    sys.stdout.write(f"wrote {len(files)} modules of {PACKAGE}\n")


if __name__ == "__main__":
    write()
