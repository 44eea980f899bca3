"""The record of the emitted Python API, kept in the output as ``api-surface.json``.

A regeneration compares the record the previous output holds with the new
one (``generator.changelog``) to tell the maintainer what changed for callers.
It records what callers see, not the description: resource groups and method
names as the package spells them (``files.get_file_by_id``), each method's
parameters (Python name, wire name, where it is sent, required or not, its
position if positional, its type), return type and companion methods
(``iter_...``, ``..._pages``, streaming, with headers); models (fields: Python
name, required, nullable, type; and whether the model is sent, received or
both), enums (members) and type aliases. A method renamed by configuration (``method-names``) or by a
generator upgrade is then a change too, as callers meet it, while an edit of
the description that changes nothing of the API is none.

Types are kept as structured values (``form``), not annotation text, so that
two can be compared: a union as the set of its members, ``None`` as one of
them, a list or dict by its element type. A form is JSON: a scalar's kind
(``"str"``, ``"int"``, ``"datetime"``, ``"file"``, ``"any"``, ``"None"``), or
a one-key object: ``{"model": name}``, ``{"enum": name}``, ``{"alias": name}``,
``{"list": form}``, ``{"dict": form}`` (the values' form), ``{"tuple": [forms]}``,
``{"union": [forms]}`` (flattened, sorted, each once) or ``{"literal": value}``.

Besides the API: the generator's version, the API's ``info.version``, the
package version, and ``structure_sha256``, a digest of the description's
structure: canonical JSON of the document as parsed, its prose left out
(descriptions and summaries, which the record does not hold either, and which
the incremental layer lifts out of what it parses, replaying the files of a
document of the same shape; see ``generator.incremental.prose``). With the
same generator and options, an equal digest means an equal record.
"""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:
    from generator import ir

PATH = "api-surface.json"  # at the output's root, beside pyproject.toml: not part of the importable package
FORMAT = 1  # the record's own layout; a record of another layout is not compared

# A type's structured form (see the module docstring).
Form = Union[str, dict[str, Any]]
NONE: Form = "None"


def digest(data: Any) -> str:
    """sha256 of the document's structure as canonical JSON, its prose left out."""
    from generator.incremental.prose import without_prose

    text = json.dumps(
        without_prose(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def text(record: dict[str, Any]) -> str:
    """The record as the output holds it (its template ends the last line): sorted keys, one
    line for each parameter, field, member and type, so that a change is a change of lines.
    """
    return _dump(record, 0)


_SPREAD = frozenset(
    {"parameters", "fields", "members"}
)  # maps spread over lines below an entry


def _dump(value: Any, depth: int, key: str = "") -> str:
    if not (
        isinstance(value, dict)
        and value
        and (depth <= 2 or (depth == 3 and key in _SPREAD))
    ):
        return json.dumps(
            value, sort_keys=True, ensure_ascii=False, separators=(", ", ": ")
        )
    pad = "  " * (depth + 1)
    items = [
        f"{pad}{json.dumps(k, ensure_ascii=False)}: {_dump(v, depth + 1, k)}"
        for k, v in sorted(value.items())
    ]
    return "{\n" + ",\n".join(items) + "\n" + "  " * depth + "}"


def record(api: ir.Api, generator_version: str) -> dict[str, Any]:
    """The record of ``api``'s Python API (see the module docstring)."""
    usage = _usage(api)
    enums = [*api.enums, *(e for m in api.models for e in m.enums)]
    return {
        "record": FORMAT,
        "generator": generator_version,
        "api_version": api.api_version,
        "package": str(api.package),
        "distribution": api.distribution,
        "package_version": api.package_version,
        "structure_sha256": api.digest,
        "methods": {
            f"{group.attribute}.{op.name}": _method(op)
            for group in api.groups
            for op in group.operations
        },
        "models": {str(m.name): _model(m, usage) for m in api.models},
        "enums": {
            str(e.name): {"members": {str(m.name): m.value for m in e.members}}
            for e in enums
        },
        "aliases": {
            str(a.name): {"type": form(a.type), "used_in": usage.get(a.name, "neither")}
            for a in api.aliases
        },
    }


def form(t: ir.TypeRef) -> Form:
    """``t`` as a structured, comparable value."""
    if t.kind in ("model", "enum", "alias"):
        return {t.kind: str(t.name)}
    if t.kind in ("list", "dict"):
        assert t.item is not None
        return {t.kind: form(t.item)}
    if t.kind == "tuple":
        return {"tuple": [form(o) for o in t.options]}
    if t.kind == "union":
        return union(form(o) for o in t.options)
    if t.kind == "literal":
        return {"literal": t.value}
    return t.kind


def union(forms: Any) -> Form:
    """The union of ``forms``: nested unions flattened, each member once, in a canonical order."""
    members: dict[str, Form] = {}
    for f in forms:
        for member in f["union"] if isinstance(f, dict) and "union" in f else [f]:
            members[canonical(member)] = member
    if len(members) == 1:
        return next(iter(members.values()))
    return {"union": [members[key] for key in sorted(members)]}


def members(f: Form) -> list[Form]:
    """The members of a union; any other form is its own one member."""
    return list(f["union"]) if isinstance(f, dict) and "union" in f else [f]


def canonical(f: Any) -> str:
    return json.dumps(f, sort_keys=True, ensure_ascii=False)


def spell(f: Form) -> str:
    """A form as the annotation it stands for (``list[File] | None``), for people to read."""
    if isinstance(f, str):
        return f
    (kind, value), *_ = f.items()
    if kind in ("model", "enum", "alias"):
        return str(value)
    if kind == "list":
        return f"list[{spell(value)}]"
    if kind == "dict":
        return f"dict[str, {spell(value)}]"
    if kind == "tuple":
        return f"tuple[{', '.join(spell(v) for v in value)}]"
    if kind == "union":
        # None last, as the emitted annotations put it
        return " | ".join(spell(v) for v in sorted(value, key=lambda v: v == NONE))
    return f"Literal[{json.dumps(value, ensure_ascii=False)}]"


def _method(op: ir.Operation) -> dict[str, Any]:
    positional = [a.name for a in op.positional]
    returns = form(op.returns) if op.returns is not None else NONE
    also = [op.stream_name, op.headers_name]
    if op.pagination is not None:
        also += [op.pagination.method_name, op.pagination.pages_name]
    return {
        "operation": {
            "method": op.http_method.upper(),
            "path": op.path,
            "operation_id": op.operation_id,
        },
        "deprecated": op.deprecated,
        "parameters": {
            str(a.name): {
                "wire": a.wire,
                "in": a.location,
                "required": a.default == "required",
                "position": positional.index(a.name) if a.name in positional else None,
                "type": union([form(a.type), NONE]) if a.nullable else form(a.type),
            }
            for a in op.arguments
        },
        "returns": union([returns, NONE]) if op.returns_optional else returns,
        "also": sorted(str(name) for name in also if name is not None),
    }


def _model(m: ir.Model, usage: dict[str, str]) -> dict[str, Any]:
    return {
        "fields": {
            str(f.name): {
                "required": f.required,
                "nullable": f.nullable,
                "type": union([form(f.type), NONE]) if f.nullable else form(f.type),
            }
            for f in m.fields
        },
        "used_in": usage.get(m.name, "neither"),
    }


def _usage(api: ir.Api) -> dict[str, str]:
    """Whether each model, enum and alias is sent ("request"), received ("response"), "both" or neither."""
    # Here, not at the top: a regeneration compares records (``generator.changelog``)
    # without the model's code, which making one needs.
    from generator.reach import reachable

    operations = [op for group in api.groups for op in group.operations]
    sent = reachable(
        api,
        [a.type for op in operations for a in op.arguments]
        + [op.body.model for op in operations if op.body],
    )
    received = reachable(
        api,
        [op.returns for op in operations]
        + [op.error_type for op in operations]
        + [op.headers for op in operations]
        + [op.pagination.item for op in operations if op.pagination]
        + [r.type for op in operations for r in op.responses],
    )
    return {
        name: (
            "both"
            if name in sent and name in received
            else "request" if name in sent else "response"
        )
        for name in sent | received
    }
