"""The Box OpenAPI document's operations, and which of them each box-sdk-gen method calls.

A method is matched by HTTP method and path template (placeholder names may differ). The
document gives several operations on one real path a ``#fragment`` (``/files/{file_id}#get_shared_link``);
those are told apart by what the method sends (its query, header and body names against each
operation's), then by the operation's ``x-box-tag`` against the manager and its fragment against
the method's name. A method that fits two operations equally well is left unmatched.
``field_schema`` walks a body property and the fields below it (through $refs, allOf, arrays'
items and nullable unions) to the schema a helper class would name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from box_sdk_source import PLACEHOLDER, SdkMethod

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class DocOperation:
    operation_id: str
    http: str
    path: str
    tag: str
    params: dict[tuple[str, str], bool]  # (in, wire; headers lower-case) -> required
    properties: dict[str, bool]  # body property -> required (flattened object bodies)
    spelling: dict[str, str] = field(
        default_factory=dict
    )  # lower-case header -> the document's
    body: Any = None  # the request body's schema (the media type body_properties reads)

    @property
    def shape(self) -> str:
        return _shape(self.path)


def load_document(path: Path) -> dict[str, Any]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return dict(json.loads(text))
    return dict(load_yaml(text))


def load_yaml(text: str) -> Any:
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def resolve(document: dict[str, Any], node: Any) -> Any:
    for _ in range(50):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        target: Any = document
        for step in node["$ref"].lstrip("#/").split("/"):
            target = target.get(step.replace("~1", "/").replace("~0", "~"), {})
        node = target
    return node


def body_schema(document: dict[str, Any], operation: dict[str, Any]) -> Any:
    """The request body's schema, JSON before multipart before the rest."""
    body = resolve(document, operation.get("requestBody")) or {}
    content = body.get("content") or {}
    for media in sorted(
        content, key=lambda m: ("json" not in m, "multipart" not in m, m)
    ):
        return resolve(document, (content[media] or {}).get("schema"))
    return None


def properties(document: dict[str, Any], schema: Any) -> dict[str, tuple[bool, Any]]:
    """An object schema's properties (-> required, schema), through allOf."""
    merged: dict[str, tuple[bool, Any]] = {}
    schema = resolve(document, schema)
    for part in [schema] + list((schema or {}).get("allOf") or []):
        part = resolve(document, part) or {}
        required = set(part.get("required") or [])
        for name, value in (part.get("properties") or {}).items():
            before = merged.get(name, (False, value))[0]
            merged[name] = (before or name in required, value)
    return merged


def body_properties(
    document: dict[str, Any], operation: dict[str, Any]
) -> dict[str, bool]:
    """The request body's top-level properties (-> required), for an object body."""
    schema = body_schema(document, operation)
    return {k: v[0] for k, v in properties(document, schema).items()}


def unwrap(document: dict[str, Any], schema: Any) -> Any:
    """What a value's schema holds: through $ref, arrays' items and oneOf/anyOf with null."""
    for _ in range(50):
        schema = resolve(document, schema)
        if not isinstance(schema, dict):
            return schema
        if schema.get("type") == "array" and "items" in schema:
            schema = schema["items"]
            continue
        for key in ("oneOf", "anyOf"):
            kept = [
                s
                for s in schema.get(key) or []
                if (resolve(document, s) or {}).get("type") != "null"
            ]
            if schema.get(key) and len(kept) == 1:
                schema = kept[0]
                break
        else:
            return schema
    return schema


def field_schema(
    document: dict[str, Any], op: DocOperation, wire: str, fields: list[str]
) -> tuple[Any, str]:
    """The schema of body property ``wire`` then ``fields`` below it, or why there is none."""
    schema, at = op.body, "the body"
    for name in [wire] + list(fields):
        found = properties(document, unwrap(document, schema))
        if name not in found:
            return None, f"{at} has no property {name!r}"
        schema, at = found[name][1], f"{at}.{name}"
    return unwrap(document, schema), ""


def alias_problem(document: dict[str, Any], schema: Any, enum: bool) -> str:
    """Why a class cannot name this schema (empty when it can): an object with properties, or an enum."""
    schema = schema if isinstance(schema, dict) else {}
    if enum:
        return "" if schema.get("enum") else "the document's schema is not an enum"
    if properties(document, schema):
        return ""
    if schema.get("oneOf") or schema.get("anyOf"):
        return "the document's schema is a union of several schemas"
    shown = schema.get("type", "untyped")
    return f"the document's schema is a(n) {shown} with no properties"


def document_operations(document: dict[str, Any]) -> list[DocOperation]:
    found = []
    for path, item in (document.get("paths") or {}).items():
        item = resolve(document, item) or {}
        shared = item.get("parameters") or []
        for http in HTTP_METHODS:
            operation = item.get(http)
            if not isinstance(operation, dict) or not operation.get("operationId"):
                continue
            params: dict[tuple[str, str], bool] = {}
            spelling: dict[str, str] = {}
            for param in shared + (operation.get("parameters") or []):
                param = resolve(document, param) or {}
                place, name = param.get("in", ""), str(param.get("name", ""))
                spelling[name.lower()] = name
                params[(place, name.lower() if place == "header" else name)] = bool(
                    param.get("required")
                )
            found.append(
                DocOperation(
                    str(operation["operationId"]),
                    http.upper(),
                    path,
                    str(operation.get("x-box-tag", "")),
                    params,
                    body_properties(document, operation),
                    spelling,
                    body_schema(document, operation),
                )
            )
    return found


# --- matching ---------------------------------------------------------------------------------


def _shape(path: str) -> str:
    return PLACEHOLDER.sub("{}", path)


def candidates(method: SdkMethod, operations: list[DocOperation]) -> list[DocOperation]:
    """The document's operations on the method's HTTP method and path (any #fragment if it has none)."""
    shape, exact = _shape(method.path), "#" in method.path
    return [
        op
        for op in operations
        if op.http == method.http
        and (op.shape if exact else op.shape.split("#")[0]) == shape
    ]


def _tokens(text: str) -> set[str]:
    return {t for t in re.split(r"[^a-z0-9]+", text.lower()) if t}


def fit(method: SdkMethod, op: DocOperation) -> tuple[int, int, int, str]:
    """Lower is better: wires the operation lacks or the method never sends, then names."""
    sent = {
        (place, wire.lower() if place == "header" else wire)
        for place, wire in method.where.values()
    }
    misses = 0
    for place, wire in sent:
        if place in ("query", "header") and (place, wire) not in op.params:
            misses += 1
        elif place == "body" and wire and wire not in op.properties:
            misses += 1
    misses += sum(
        1
        for key, required in op.params.items()
        if required and key[0] != "path" and key not in sent
    )
    body = {wire for place, wire in sent if place == "body"}
    if "" not in body:
        misses += sum(
            1
            for name, required in op.properties.items()
            if required and name not in body
        )
    fragment = _tokens(op.path.partition("#")[2])
    words = _tokens(method.name)
    overlap = sum(
        1 for t in fragment if any(w.startswith(t) or t.startswith(w) for w in words)
    )
    return misses, -int(op.tag == method.group), -overlap, op.operation_id


def match(
    methods: list[SdkMethod], operations: list[DocOperation]
) -> tuple[dict[str, SdkMethod], dict[str, DocOperation]]:
    """operationId -> the one SDK method kept for it; SDK method key -> its operation."""
    chosen: dict[str, tuple[tuple[int, int, int, str], str, SdkMethod]] = {}
    of_method: dict[str, DocOperation] = {}
    for method in methods:
        if method.reason:
            continue
        found = candidates(method, operations)
        if not found:
            method.reason = f"the document has no {method.http} {method.path}"
            continue
        ranked = sorted(found, key=lambda op: fit(method, op))
        if len(ranked) > 1 and fit(method, ranked[0])[:3] == fit(method, ranked[1])[:3]:
            ids = ", ".join(op.operation_id for op in ranked)
            method.reason = f"{method.http} {method.path} is ambiguous between {ids}"
            continue
        op = ranked[0]
        of_method[method.key] = op
        entry = (fit(method, op), method.key, method)
        if op.operation_id not in chosen or entry[:2] < chosen[op.operation_id][:2]:
            chosen[op.operation_id] = entry
    return {oid: entry[2] for oid, entry in chosen.items()}, of_method
