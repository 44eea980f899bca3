"""Derive spec/box-sdk-names.yaml, box-sdk-gen's names for the Box API, from the installed SDK.

Usage: python scripts/box_sdk_names.py [--spec DOCUMENT] [--out spec/box-sdk-names.yaml]

The table is derived, never kept by hand, so re-running this after a Box release is the whole
update: box_sdk_source.py reads each manager method's request from the SDK's source,
box_sdk_document.py matches it to the document's operation, and this module writes one entry
per operation (the manager attribute, the method, its arguments with their wire location and
name, how many it takes positionally) and the request-body helper classes and enums
(``models``): each with the body property it types and, for one typing a field below that, the
property names down to it (``fields``). A class the generator could not alias there (the
document's schema is neither an object with properties nor an enum) is left out, with the
reason in the summary. An operation two methods call keeps the better-fitting one (then the
first by name); both it and every method left unmatched are named in the summary printed. ``check`` says what in a table
the document no longer bears out (tests/unit/test_box_sdk_names.py).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from box_sdk_document import (
    DocOperation,
    alias_problem,
    document_operations,
    field_schema,
    load_document,
    load_yaml,
    match,
    resolve,
)
from box_sdk_source import (
    DISTRIBUTION,
    PLACEHOLDER,
    SdkMethod,
    client_managers,
    manager_methods,
    sdk_root,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "spec" / "box-sdk-names.yaml"
SHARED_DOCUMENT = ROOT.parent / "shared" / "specs" / "box-openapi.json"


def default_document() -> Path:
    """spec/box.yaml once it is the whole Box API, the shared JSON document until then."""
    own = ROOT / "spec" / "box.yaml"
    if own.is_file() and len(load_document(own).get("paths") or {}) > 100:
        return own
    return SHARED_DOCUMENT


@dataclass
class Derived:
    version: str
    managers: int
    methods: list[SdkMethod]
    operations: dict[str, dict[str, Any]]  # operationId -> entry
    models: dict[str, dict[str, Any]]
    notes: list[
        str
    ]  # operations exposed twice, helpers typing two properties, unplaced arguments
    dropped: dict[str, str]  # helper class -> why the generator could not alias it
    enums: set[str] = field(default_factory=set)  # the helper classes that are enums


def arguments(
    method: SdkMethod, op: DocOperation, notes: list[str]
) -> list[dict[str, str]]:
    """The method's arguments in its order, each with the document's location and wire name."""
    renamed = dict(zip(PLACEHOLDER.findall(method.path), PLACEHOLDER.findall(op.path)))
    found = []
    for name, _ in method.params:
        place, wire = method.where.get(name, ("", ""))
        if place == "path":
            wire = renamed.get(name, wire)
        elif place == "header":
            wire = op.spelling.get(wire.lower(), wire)
        elif not place:
            notes.append(
                f"{method.key}: argument {name} is not sent anywhere the source shows"
            )
            continue
        found.append({"name": name, "in": place, "wire": wire})
    return found


def derive(document: dict[str, Any], root: Path | None = None) -> Derived:
    root = root or sdk_root()
    managers = client_managers(root)
    methods = [
        m for group, cls, path in managers for m in manager_methods(group, cls, path)
    ]
    operations = document_operations(document)
    table, of_method = match(methods, operations)
    notes: list[str] = []
    for key, op in sorted(of_method.items()):
        kept = table[op.operation_id]
        if kept.key != key:
            notes.append(f"{key}: {op.operation_id} is exposed twice; kept {kept.key}")
    entries: dict[str, dict[str, Any]] = {}
    places: list[tuple[str, bool, dict[str, Any]]] = []
    of_op = {op.operation_id: op for op in of_method.values()}
    for operation_id in sorted(table):
        method, op = table[operation_id], of_method[table[operation_id].key]
        entries[operation_id] = {
            "operation": f"{op.http} {op.path}",
            "group": method.group,
            "method": method.name,
            "arguments": arguments(method, op, notes),
            "positional": method.positional,
        }
        for name, classes in sorted(method.helpers.items()):
            for cls in classes:
                places.extend(
                    _places(method, cls, operation_id, method.where[name][1], [], set())
                )
    models, dropped = _kept_models(document, places, of_op, notes)
    version = importlib.metadata.version(DISTRIBUTION)
    enums = {n for m in methods for n, helper in m.classes.items() if helper.enum}
    return Derived(
        version, len(managers), methods, entries, models, notes, dropped, enums
    )


def _places(
    method: SdkMethod,
    cls: str,
    operation_id: str,
    wire: str,
    fields: list[str],
    seen: set[str],
) -> list[tuple[str, bool, dict[str, Any]]]:
    """(class, is an enum, alias) for ``cls`` and every helper class below it, depth first."""
    helper = method.classes.get(cls)
    if helper is None or cls in seen:
        return []  # a cycle (a class among its own fields) names nothing new
    alias: dict[str, Any] = {"operation": operation_id, "wire": wire}
    if fields:
        alias["fields"] = fields
    found = [(cls, helper.enum, alias)]
    for name, classes in helper.fields:
        for inner in classes:
            found.extend(
                _places(
                    method, inner, operation_id, wire, fields + [name], seen | {cls}
                )
            )
    return found


def _kept_models(
    document: dict[str, Any],
    places: list[tuple[str, bool, dict[str, Any]]],
    operations: dict[str, DocOperation],
    notes: list[str],
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Each class's first place the generator can alias, and why the others have none."""
    models: dict[str, dict[str, Any]] = {}
    dropped: dict[str, str] = {}
    for cls, enum, alias in places:
        problem = _alias_problem(document, operations[alias["operation"]], alias, enum)
        if problem:
            dropped.setdefault(cls, f"{_where(alias)}: {problem}")
        elif cls in models:
            if models[cls] != alias:
                notes.append(
                    f"{cls} types {_where(alias)} too; kept {_where(models[cls])}"
                )
        else:
            models[cls] = alias
    dropped = {cls: why for cls, why in dropped.items() if cls not in models}
    return dict(sorted(models.items())), dict(sorted(dropped.items()))


def _alias_problem(
    document: dict[str, Any], op: DocOperation, alias: dict[str, Any], enum: bool
) -> str:
    schema, missing = field_schema(
        document, op, alias.get("wire", ""), alias.get("fields") or []
    )
    return missing or alias_problem(document, schema, enum)


def _where(alias: dict[str, Any]) -> str:
    return " ".join(
        [alias["operation"], ".".join([alias["wire"]] + alias.get("fields", []))]
    )


_PLAIN = re.compile(r"[A-Za-z_/][\w./#{}\-]*(?: [\w./#{}\-]+)*")
_VERSION = re.compile(r"\d+(?:\.\d+)+(?:[a-z]+\d*)?")
_FLOW_UNSAFE = re.compile(r"[{}\[\],]")
_KEYWORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: Any, flow: bool) -> str:
    """``value`` as YAML: plain where it cannot read back as anything else, else double-quoted."""
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v, True) for v in value) + "]"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    shaped = _PLAIN.fullmatch(text) or _VERSION.fullmatch(text)
    if (
        shaped
        and text.lower() not in _KEYWORDS
        and not (flow and _FLOW_UNSAFE.search(text))
    ):
        return text
    return json.dumps(text)


def _flow(mapping: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {_scalar(v, True)}" for k, v in mapping.items()) + "}"


def render(derived: Derived) -> str:
    lines = [
        f"# Written by scripts/box_sdk_names.py from {DISTRIBUTION} {derived.version};"
        " do not edit by hand.",
        "source: " + _flow({"distribution": DISTRIBUTION, "version": derived.version}),
        "operations:",
    ]
    for operation_id, entry in derived.operations.items():
        lines.append(f"  {_scalar(operation_id, False)}:")
        for key in ("operation", "group", "method"):
            lines.append(f"    {key}: {_scalar(entry[key], False)}")
        if entry["arguments"]:
            lines.append("    arguments:")
            lines.extend(f"      - {_flow(a)}" for a in entry["arguments"])
        else:
            lines.append("    arguments: []")
        lines.append(f"    positional: {entry['positional']}")
    lines.append("models:" if derived.models else "models: {}")
    for name, alias in derived.models.items():
        lines.append(f"  {_scalar(name, False)}: {_flow(alias)}")
    text = "\n".join(lines) + "\n"
    if load_yaml(text) != table_data(derived):
        raise AssertionError("the table does not read back as what was derived")
    return text


def table_data(derived: Derived) -> dict[str, Any]:
    """The table as it reads back from YAML."""
    return {
        "source": {"distribution": DISTRIBUTION, "version": derived.version},
        "operations": derived.operations,
        "models": derived.models,
    }


def summary(derived: Derived) -> str:
    methods = derived.methods
    unmatched = [m for m in methods if m.reason]
    nested = sum(1 for alias in derived.models.values() if "fields" in alias)
    enums = sum(1 for name in derived.models if name in derived.enums)
    kinds = (
        f"{len(derived.models) - nested} typing a body property,"
        f" {nested} a field below one; {enums} enums"
    )
    lines = [
        f"{DISTRIBUTION} {derived.version}: {derived.managers} managers, {len(methods)} methods",
        f"matched to a document operation: {len(methods) - len(unmatched)} methods,"
        f" {len(derived.operations)} operations in the table,"
        f" {len(derived.models)} request-body helper classes and enums ({kinds})",
        f"unmatched: {len(unmatched)}",
    ]
    lines.extend(
        f"  {m.key}: {m.reason}" for m in sorted(unmatched, key=lambda m: m.key)
    )
    lines.append(f"dropped, as the generator cannot alias them: {len(derived.dropped)}")
    lines.extend(f"  {cls}: {why}" for cls, why in derived.dropped.items())
    if derived.notes:
        lines.append(f"notes: {len(derived.notes)}")
        lines.extend(f"  {note}" for note in derived.notes)
    return "\n".join(lines)


def check(table: dict[str, Any], document: dict[str, Any]) -> list[str]:
    """What in a names table the document no longer bears out (empty when all of it holds)."""
    operations = {op.operation_id: op for op in document_operations(document)}
    problems = []
    for operation_id, entry in (table.get("operations") or {}).items():
        op = operations.get(operation_id)
        if op is None:
            problems.append(f"{operation_id}: the document has no such operation")
            continue
        if entry.get("operation") != f"{op.http} {op.path}":
            problems.append(
                f"{operation_id}: is {op.http} {op.path}, not {entry.get('operation')}"
            )
        for argument in entry.get("arguments") or []:
            place, wire = argument.get("in"), argument.get("wire")
            if place == "body":
                known = wire in op.properties or (not wire and _has_body(document, op))
            else:
                known = (
                    place,
                    wire.lower() if place == "header" else wire,
                ) in op.params
            if not known:
                problems.append(
                    f"{operation_id}: {argument.get('name')} is sent as {place} {wire!r}, which it lacks"
                )
    for name, alias in (table.get("models") or {}).items():
        op = operations.get(alias.get("operation"))
        if op is None:
            problems.append(
                f"model {name}: the document has no {alias.get('operation')}"
            )
            continue
        fields = alias.get("fields") or []
        schema, missing = field_schema(document, op, alias.get("wire"), fields)
        # the table does not say which are enums: either shape is one the generator aliases
        problem = missing or (
            alias_problem(document, schema, True)
            and alias_problem(document, schema, False)
        )
        if problem:
            problems.append(f"model {name}: {_where(alias)}: {problem}")
    return problems


def _has_body(document: dict[str, Any], op: DocOperation) -> bool:
    item = resolve(document, document["paths"][op.path]) or {}
    return bool(item[op.http.lower()].get("requestBody"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--spec", type=Path, help="the Box OpenAPI document (YAML or JSON)"
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="where the table goes"
    )
    options = parser.parse_args(argv)
    document = load_document(options.spec or default_document())
    derived = derive(document)
    options.out.write_text(render(derived), encoding="utf-8")
    print(summary(derived))
    print(f"wrote {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
