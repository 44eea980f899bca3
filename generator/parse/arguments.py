"""An operation's parameters and request body → the arguments of its method.

Required arguments are positional; each is told how its value is sent (its
``style``, where that is not how the client sends a value anyway). An object
body is flattened into an argument per property.
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir, types
from generator.naming import Identifier, Scope, member, pascal
from generator.parse import examples
from generator.parse.context import Context, as_list, as_map, text_of, truth
from generator.parse.models import description_of, fields_of
from generator.parse.schemas import type_of
from generator.resolve import pointer


def parameters(
    ctx: Context,
    path: str,
    op: dict[str, Any],
    shared: list[Any],
    where: str,
    scope: Scope,
    context: str,
    chosen: dict[tuple[str, str], str] | None = None,
) -> list[ir.Argument]:
    """The arguments for the operation's parameters (``chosen``: names from a names table,
    by (in, wire), already taken in ``scope`` for them)."""
    merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
    listed = [(f"{pointer('paths', path)}/parameters/{i}", raw) for i, raw in enumerate(shared)]
    listed += [(f"{where}/parameters/{i}", raw) for i, raw in enumerate(as_list(op.get("parameters")))]
    for param_where, raw in listed:
        param = ctx.deref(raw, param_where)
        if param is None:
            continue  # a dangling $ref, reported by the checks: the parameter is left out
        if not isinstance(param, dict) or not isinstance(param.get("name"), str) or param.get("in") not in (
            "path", "query", "header", "cookie"
        ):
            ctx.malformed(param_where, "a parameter needs a name and an in of path, query, header or cookie; "
                          "it is left out")
            continue
        merged[(param["name"], param["in"])] = (param, param_where)

    path_order = re.findall(r"{([^}]+)}", path.split("#", 1)[0])
    for name, location in list(merged):
        if location == "path" and name not in path_order:
            # Nowhere to put its value: an argument for it would be silently dropped.
            _, param_where = merged.pop((name, location))
            ctx.malformed(param_where, f"the path {path} has no {{{name}}}; the parameter is left out")
    declared_path = {name for name, location in merged if location == "path"}
    for name in path_order:
        if name not in declared_path:  # reported by the checks: a required str is what a path segment is
            merged[(name, "path")] = ({"name": name, "in": "path", "schema": {"type": "string"}}, where)
    location_rank = {"path": 0, "query": 1, "header": 2, "cookie": 3}

    def order(key: tuple[str, str]) -> tuple[int, int]:
        name, location = key
        return location_rank.get(location, 4), path_order.index(name) if location == "path" else 0

    kept: list[tuple[dict[str, Any], str]] = []
    for key in sorted(merged, key=order):
        param, param_where = merged[key]
        if param["in"] == "cookie":
            ctx.warnings.add(param_where, "cookie parameters are not supported; the parameter is left out")
        elif param["in"] != "header" or str(param["name"]).lower() not in ("authorization", "content-type", "accept"):
            kept.append((param, param_where))  # (those three headers are the client's to set)
    names = _claim(scope, [(str(param["in"]), str(param["name"])) for param, _ in kept], "param", chosen)
    arguments: list[ir.Argument] = []
    for (param, param_where), name in zip(kept, names):
        location = param["in"]
        schema = param.get("schema")
        schema_where = f"{param_where}/schema"
        if schema is None:
            for media_type, media in as_map(param.get("content")).items():
                schema = as_map(media).get("schema")
                schema_where = f"{param_where}/content/{pointer(media_type)[1:]}/schema"
                break
        type_ref, nullable = type_of(ctx, schema or {}, context + pascal(param["name"]), schema_where, owner=None)
        arguments.append(
            ir.Argument(
                name=name,
                wire=str(param["name"]),
                location=location,
                type=type_ref,
                required=truth(param.get("required")) or location == "path",
                only=only_member(ctx, type_ref) if truth(param.get("required")) and location != "path" else None,
                nullable=nullable,
                description=text_of(param.get("description")) or description_of(ctx, schema),
                schema_pointer=schema_where,
                example=examples.of_parameter(ctx, param, schema, truth(param.get("required")) or location == "path"),
                **_style(param, type_ref),
            )
        )
    return arguments


def request_body(
    ctx: Context, raw: Any, where: str, scope: Scope, context: str, chosen: dict[tuple[str, str], str] | None = None
) -> tuple[ir.Body | None, list[ir.Argument]]:
    if raw is None:
        return None, []
    body = ctx.deref(raw, where)
    if not isinstance(body, dict):
        if body is not None:  # None: a dangling $ref, reported by the checks
            ctx.malformed(where, "a request body must be an object; the operation sends none")
        return None, []
    content = as_map(body.get("content"))
    required = truth(body.get("required"))
    description = text_of(body.get("description"))
    media_type, encoding = _pick_body(content)
    schema_where = f"{where}/content/{pointer(media_type)[1:]}/schema"
    schema = as_map(content.get(media_type)).get("schema") or {}
    shown = examples.of_media(ctx, content.get(media_type))
    if encoding == "raw":
        argument = ir.Argument(
            name=_whole_body(scope, chosen), wire="", location="body", type=ir.TypeRef("file"),
            required=required, nullable=False,
            description=description or description_of(ctx, schema) or "The request body.",
            schema_pointer=schema_where,
        )
        return ir.Body(media_type, encoding, model=None, value=argument, required=required), [argument]
    type_ref, nullable = type_of(ctx, schema, context + "RequestBody", schema_where, owner=None)
    if type_ref.kind == "model":
        # An object body is flattened: each property is an argument of its own.
        # Properties the server owns (readOnly) are not for sending.
        fields = [f for f in fields_of(ctx, type_ref) if not f.read_only]
        arguments = [
            ir.Argument(
                name=name,
                wire=f.wire,
                location="body",
                # A file part can be given as bytes or as an open file.
                type=ir.TypeRef("file") if encoding == "multipart" and f.type.kind == "bytes" else f.type,
                required=f.required,
                only=only_member(ctx, f.type) if f.required else None,
                nullable=f.nullable,
                description=f.description,
                field=f.name,
                schema_pointer=f.pointer,
                example=examples.text(shown[f.wire]) if isinstance(shown, dict) and f.wire in shown else f.example,
            )
            for f, name in zip(fields, _claim(scope, [("body", f.wire) for f in fields], "field", chosen))
        ]
        return ir.Body(media_type, encoding, model=type_ref, value=None, required=required), arguments
    if encoding != "json":
        ctx.warnings.add(schema_where, f"a {media_type} body must be an object schema; it is sent as JSON")
    argument = ir.Argument(
        name=_whole_body(scope, chosen), wire="", location="body", type=type_ref, required=required,
        nullable=nullable, description=description or description_of(ctx, schema),
        schema_pointer=schema_where,
        example=examples.of_schema(ctx, schema, fallback=required) if shown is None else examples.text(shown),
    )
    return ir.Body(media_type, "json", model=None, value=argument, required=required), [argument]


def only_member(ctx: Context, type_ref: ir.TypeRef) -> Identifier | None:
    """The member of ``type_ref``'s enum, if it is an enum of one value."""
    if type_ref.kind != "enum":
        return None
    for enum in [*ctx.enums, *(e for inline in ctx.inline_enums.values() for e in inline)]:
        if enum.name == type_ref.name:
            return enum.members[0].name if len(enum.members) == 1 else None
    return None


def _claim(
    scope: Scope, keys: list[tuple[str, str]], fallback: str, chosen: dict[tuple[str, str], str] | None
) -> list[Identifier]:
    """Argument names for (in, wire name) pairs (in their order), unique in ``scope``: a name
    ``chosen`` for one (taken in ``scope`` for it already) is its; then a wire name that is
    a good Python name claims it first (``user_id`` stays ``user_id`` even when ``userID``
    comes before it)."""
    chosen = chosen or {}
    names = {i: Identifier(chosen[key]) for i, key in enumerate(keys) if key in chosen}
    wires = [wire for _, wire in keys]
    names.update({i: scope.unique(member(w)) for i, w in enumerate(wires) if i not in names and member(w) == w})
    names.update({i: scope.unique(member(w, fallback)) for i, w in enumerate(wires) if i not in names})
    return [names[i] for i in range(len(wires))]


def _whole_body(scope: Scope, chosen: dict[tuple[str, str], str] | None) -> Identifier:
    """The name of the argument that is the whole request body: ``body``, unless a names table names it."""
    name = (chosen or {}).get(("body", ""))
    return Identifier(name) if name is not None else scope.unique(Identifier("body"))


_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def _style(param: dict[str, Any], type_ref: ir.TypeRef) -> dict[str, Any]:
    """The argument's ``style`` and ``explode``, where its value is not sent as it is."""
    location = param["in"]
    style = str(param.get("style") or _DEFAULT_STYLE.get(location, "simple"))
    explode = truth(param.get("explode", style == "form"))
    plain = type_ref.kind in types.PLAIN_KINDS
    # An exploded array is one key per item in form style, and in spaceDelimited and
    # pipeDelimited too (OpenAPI's style table): how the client sends a list anyway.
    repeated = type_ref.kind == "list" and explode and style in ("form", "spaceDelimited", "pipeDelimited")
    if location == "query" and (plain or repeated):
        return {}
    if location in ("path", "header") and plain and style == "simple":
        return {}
    return {"style": style, "explode": explode}


def _pick_body(content: dict[str, Any]) -> tuple[str, str]:
    """The request media type the client sends, and how it encodes it.

    JSON is preferred, then forms, then multipart; anything else is sent as the
    bytes the caller gives.
    """
    json_type = pick_json(content)
    if json_type is not None:
        return json_type, "json"
    for media_type in content:
        base = media_type.split(";", 1)[0].strip().lower()
        if base == "application/x-www-form-urlencoded":
            return media_type, "form"
        if base == "multipart/form-data":
            return media_type, "multipart"
    return next(iter(content), "application/octet-stream"), "raw"


def pick_json(content: dict[str, Any]) -> str | None:
    for media_type in content:
        base = media_type.split(";", 1)[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return media_type
    return None

