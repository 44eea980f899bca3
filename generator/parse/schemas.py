"""Schemas → types: what a schema is in the emitted code (a class, a builtin, a union...).

``type_of`` reads one schema; inline objects it meets are queued for
``models`` to build, inline enums are built here. Scalars are read by the one
table of them, ``types.SCALARS``.
"""

from __future__ import annotations

import re
from typing import Any

from generator import ir, types
from generator.naming import Identifier, Scope, pascal, upper, words
from generator.parse.context import Context, Pending, as_map, text_of, truth
from generator.resolve import schema_name, unescape


def type_of(
    ctx: Context, schema: Any, context: str, where: str, owner: Identifier | None
) -> tuple[ir.TypeRef, bool]:
    """The type of a schema, and whether it admits null.

    ``where`` is the pointer the schema is defined at; ``context`` names
    inline models and enums; ``owner`` is the module of the model whose
    property this is, where an inline enum is defined (without an owner, an
    inline enum gets a module of its own).
    """
    if not isinstance(schema, dict):
        return ir.TypeRef("any"), False
    if "$ref" in schema:
        ref = schema["$ref"]
        name = schema_name(ref)
        target = ctx.deref(schema, where)
        component = ctx.components.get(name) if name is not None else None
        if component is not None:
            return component, admits_null(target)
        if isinstance(ref, str) and re.search(r"/(\$defs|definitions)/[^/]+$", ref):
            # A schema defined under $defs has a name of its own: its class takes it.
            context = pascal(unescape(ref.rsplit("/", 1)[1]), context)
        return type_of(ctx, target, context, ref[1:] if isinstance(ref, str) else where, owner)
    nullable = admits_null(schema)
    if "const" in schema:
        const = schema["const"]
        if const is None:
            return ir.TypeRef("any"), True
        if isinstance(const, (str, int)) and not isinstance(const, float):
            return ir.TypeRef("literal", value=const), nullable
        ctx.warnings.add(f"{where}/const", f"const of type {type(const).__name__} is not checked")
        return ir.TypeRef("any"), nullable
    all_of = schema.get("allOf")
    if isinstance(all_of, list) and "properties" not in schema:
        # allOf: [$ref, {description: ..., nullable: ...}] is how 3.0 documents
        # annotate a reference: the type is the one member that says something.
        typed = [(i, m) for i, m in enumerate(all_of) if not annotation_only(m)]
        if not typed:  # nothing but annotations: any value
            return ir.TypeRef("any"), nullable or any(admits_null(m) for m in all_of)
        if len(typed) == 1:
            index, member = typed[0]
            inner, inner_nullable = type_of(ctx, member, context, f"{where}/allOf/{index}", owner)
            annotated = any(admits_null(m) for m in all_of if annotation_only(m))
            return inner, nullable or inner_nullable or annotated
    for key in ("oneOf", "anyOf"):
        options = schema.get(key)
        if isinstance(options, list) and "properties" not in schema:
            return _union(ctx, options, key, context, where, owner, nullable, schema)
    return _declared(ctx, schema, context, where, owner, nullable)


def _declared(
    ctx: Context, schema: dict[str, Any], context: str, where: str, owner: Identifier | None, nullable: bool
) -> tuple[ir.TypeRef, bool]:
    """The type of a schema that is no reference, const, annotated reference or union: what its
    ``enum`` or ``type`` says."""
    values = enum_values(schema)
    if values is not None:
        cached = ctx.inline.get(where)
        if cached is None:
            name = ctx.class_name(context)
            if owner is None:
                module = ctx.module_name(name)
                ctx.enums.append(enum_of(ctx, name, module, schema, where))
            else:
                module = owner
                ctx.inline_enums.setdefault(owner, []).append(enum_of(ctx, name, module, schema, where))
            cached = ctx.inline[where] = ir.TypeRef("enum", name=name, module=module)
        return cached, nullable or None in schema["enum"]
    declared = schema_types(schema)
    if len(declared) > 1:
        options = [{**schema, "type": t} for t in declared]
        return _union(ctx, options, "type", context, where, owner, nullable)
    type_ = declared[0] if declared else None
    if type_ == "array":
        return _array(ctx, schema, context, where, owner), nullable
    if type_ == "object" or "properties" in schema or "allOf" in schema:
        if is_map(schema) and "allOf" not in schema:
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, dict) and extra:
                value, _ = type_of(ctx, extra, context + "Value", f"{where}/additionalProperties", owner)
            else:
                value = ir.TypeRef("any")
            return ir.TypeRef("dict", item=value), nullable
        cached = ctx.inline.get(where)
        if cached is None:
            name = ctx.class_name(context)
            module = ctx.module_name(name)
            ctx.queue.append(Pending(name, module, schema, where))
            cached = ctx.inline[where] = ir.TypeRef("model", name=name, module=module)
        return cached, nullable
    known = types.scalar(type_, schema.get("format"))
    if known is not None:
        return ir.TypeRef(known.kind), nullable
    if type_ == "null":
        return ir.TypeRef("any"), True
    return ir.TypeRef("any"), nullable


def _array(ctx: Context, schema: dict[str, Any], context: str, where: str, owner: Identifier | None) -> ir.TypeRef:
    """A list; with ``prefixItems`` and exactly that many items (``items: false`` or
    ``maxItems``, and ``minItems``), a tuple."""
    prefix = schema.get("prefixItems")
    items = schema.get("items", {})
    if not (isinstance(prefix, list) and prefix):
        item, _ = type_of(ctx, items, context + "Item", f"{where}/items", owner)
        return ir.TypeRef("list", item=item)
    elements = tuple(
        type_of(ctx, element, f"{context}Item{index + 1}", f"{where}/prefixItems/{index}", owner)[0]
        for index, element in enumerate(prefix)
    )
    min_items, max_items = schema.get("minItems", 0), schema.get("maxItems")
    closed = items is False or max_items == len(elements)
    if closed and isinstance(min_items, int) and min_items >= len(elements):
        return ir.TypeRef("tuple", options=elements)
    # Shorter or longer arrays are allowed: a list of whatever a position may hold.
    rest = [] if items is False else [type_of(ctx, items, context + "Item", f"{where}/items", owner)[0]]
    options = tuple(dict.fromkeys([*elements, *rest]))
    if any(option.kind == "any" for option in options):
        return ir.TypeRef("list", item=ir.TypeRef("any"))
    return ir.TypeRef("list", item=options[0] if len(options) == 1 else ir.TypeRef("union", options=options))


def _union(
    ctx: Context,
    options: list[Any],
    key: str,
    context: str,
    where: str,
    owner: Identifier | None,
    nullable: bool,
    discriminated: dict[str, Any] | None = None,
) -> tuple[ir.TypeRef, bool]:
    discriminated = discriminated or {}
    found: list[ir.TypeRef] = []
    for index, option in enumerate(options):
        resolved = ctx.deref(option, f"{where}/{key}/{index}")
        inline = not (isinstance(option, dict) and "$ref" in option)
        if isinstance(resolved, dict) and schema_types(resolved) == ["null"] and inline:
            nullable = True  # {type: "null"} is how 3.1 spells "or null"
            continue
        title = resolved.get("title") if isinstance(resolved, dict) and inline else None
        option_context = pascal(str(title)) if title else f"{context}Option{index + 1}"
        option_type, option_nullable = type_of(ctx, option, option_context, f"{where}/{key}/{index}", owner)
        nullable = nullable or option_nullable
        if option_type.kind == "any":
            return option_type, nullable  # anything goes: the union is Any
        if option_type not in found:
            found.append(option_type)
    if not found:
        return ir.TypeRef("any"), True
    if len(found) == 1:
        return found[0], nullable
    discriminator, mapping = _discriminator(ctx, discriminated, options, found, where)
    return ir.TypeRef("union", options=tuple(found), discriminator=discriminator, mapping=mapping), nullable


def _discriminator(
    ctx: Context, schema: dict[str, Any], options: list[Any], found: list[ir.TypeRef], where: str
) -> tuple[str | None, tuple[tuple[str, ir.TypeRef], ...]]:
    """The discriminator property and its value → option mapping: the explicit
    ``mapping`` first, then each option's component name (OpenAPI's default)."""
    spec = schema.get("discriminator")
    if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
        return None, ()
    mapping: dict[str, ir.TypeRef] = {}
    for value, ref in as_map(spec.get("mapping")).items():
        name = schema_name(ref) if isinstance(ref, str) and ref.startswith("#") else str(ref)
        target = ctx.components.get(name or "")
        if target is not None and target in found:
            mapping[str(value)] = target
        else:
            ctx.warnings.add(f"{where}/discriminator/mapping", f"mapping {value!r} → {ref!r} is not an option")
    for option in options:
        name = schema_name(option.get("$ref")) if isinstance(option, dict) else None
        target = ctx.components.get(name or "")
        if name is not None and target is not None and target in found and target not in mapping.values():
            mapping.setdefault(name, target)
    return spec["propertyName"], tuple(mapping.items())


def enum_of(ctx: Context, name: Identifier, module: Identifier, schema: dict[str, Any], where: str) -> ir.Enum:
    values = enum_values(schema) or []
    scope = Scope({"name", "value"})
    members = tuple(
        ir.EnumMember(name=scope.unique(_member_name(value, index)), value=value)
        for index, value in enumerate(values)
    )
    return ir.Enum(
        name=name,
        module=module,
        base="str" if isinstance(values[0], str) else "int",
        members=members,
        description=text_of(schema.get("description")),
        pointer=where,
    )


def admits_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    return truth(schema.get("nullable")) or "null" in _all_types(schema)


def _all_types(schema: dict[str, Any]) -> list[str]:
    type_ = schema.get("type")
    if isinstance(type_, list):
        return [str(t) for t in type_]
    return [type_] if isinstance(type_, str) else []


def schema_types(schema: dict[str, Any]) -> list[str]:
    """The declared types other than "null" (or just ["null"])."""
    declared = _all_types(schema)
    non_null = [t for t in declared if t != "null"]
    return non_null or declared


_ANNOTATIONS = frozenset(
    {"description", "title", "nullable", "example", "examples", "readOnly", "writeOnly", "deprecated", "default"}
)


def annotation_only(schema: Any) -> bool:
    """A schema that only annotates (description, nullable, ...) and constrains nothing."""
    return isinstance(schema, dict) and all(k in _ANNOTATIONS or k.startswith("x-") for k in schema)


def is_map(schema: dict[str, Any]) -> bool:
    """An object with no declared properties: a free-form map."""
    return not schema.get("properties") and "allOf" not in schema


def enum_values(schema: dict[str, Any]) -> list[Any] | None:
    """The distinct non-null values of an enum of only strings or only integers."""
    raw = schema.get("enum")
    if not isinstance(raw, list):
        return None
    values: list[Any] = []
    for value in raw:
        if value is not None and value not in values:
            values.append(value)
    if values and all(isinstance(v, str) for v in values):
        return values
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return values
    return None


def _member_name(value: str | int, index: int) -> Identifier:
    """ASC → ASC, item_name_invalid → ITEM_NAME_INVALID, -1 → MINUS_1, 7 → VALUE_7, "" → EMPTY."""
    text = str(value)
    if text == "":
        return Identifier("EMPTY")
    sign = {"+": "PLUS", "-": "MINUS"}.get(text[0])
    body = "_".join(w.upper() for w in words(text[1:] if sign else text))
    if not body:
        return Identifier(f"VALUE_{index + 1}")  # nothing nameable in it (e.g. an emoji)
    if sign:
        return Identifier(f"{sign}_{body}")
    if isinstance(value, int):
        return Identifier(f"VALUE_{body}")
    return upper(text)

