"""Schemas → models, enums and aliases: the classes of the emitted ``models`` package.

Component schemas are named first (``name_components``), in document order,
so that they keep their names whatever refers to them; the objects among them
and those met inline are then built in the order they were queued (``drain``),
or earlier where an operation needs a model's fields (``fields_of``).
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.naming import MAX_COMPONENT, Identifier, Scope, pascal, snake
from generator.parse import examples
from generator.parse.context import MODEL_RESERVED, Context, Pending, as_list, as_map, text_of, truth
from generator.parse.schemas import annotation_only, enum_of, enum_values, is_map, schema_types, type_of
from generator.resolve import pointer


def name_components(ctx: Context) -> None:
    schemas = as_map(as_map(ctx.doc.data.get("components")).get("schemas"))
    for raw_name, schema in schemas.items():
        where = pointer("components", "schemas", raw_name)
        schema = ctx.deref(schema, where)
        if not isinstance(schema, dict):
            # What refers to it finds no component and reads the value: Any.
            if isinstance(schema, bool) or schema is None and "$ref" in as_map(schemas[raw_name]):
                continue  # true/false schemas are valid 3.1; a dangling $ref is reported by the checks
            ctx.malformed(where, "a schema must be an object; what refers to it is typed Any")
            continue
        name = ctx.class_name(raw_name, MAX_COMPONENT)
        module = ctx.module_name(name)
        if enum_values(schema) is not None:
            ctx.components[raw_name] = ir.TypeRef("enum", name=name, module=module)
            ctx.enums.append(enum_of(ctx, name, module, schema, where))
        elif _is_object(ctx, schema):
            ctx.components[raw_name] = ir.TypeRef("model", name=name, module=module)
            ctx.queue.append(Pending(name, module, schema, where))
        else:
            alias = ir.TypeRef("alias", name=name, module=module)
            ctx.components[raw_name] = alias
            ctx.alias_queue.append((alias, schema, where))


def _is_object(ctx: Context, schema: dict[str, Any]) -> bool:
    if "properties" in schema:
        return True
    if "allOf" in schema:
        return any(
            _is_object(ctx, part) for part in (ctx.deref(p, "") for p in as_list(schema["allOf"]))
            if isinstance(part, dict)
        )
    return schema_types(schema) == ["object"] and not is_map(schema)


def drain(ctx: Context) -> None:
    while ctx.alias_queue:
        alias, schema, where = ctx.alias_queue.pop(0)
        target, _ = type_of(ctx, {k: v for k, v in schema.items() if k != "nullable"}, alias.name or "", where, None)
        ctx.aliases.append(
            ir.Alias(
                name=alias.name or Identifier("Alias"),
                module=alias.module or Identifier("alias"),
                type=target,
                description=text_of(schema.get("description")),
                pointer=where,
            )
        )
    while ctx.queue:
        pending = ctx.queue.pop(0)
        if pending.name not in ctx.built:  # built early by fields_of
            ctx.add(_model(ctx, pending))


def _model(ctx: Context, pending: Pending) -> ir.Model:
    properties, required = _collect_properties(ctx, pending.schema, pending.pointer)
    # Properties whose wire name is already a good Python name claim it first,
    # so `user_id` stays `user_id` even when `userID` comes before it.
    scope = Scope(MODEL_RESERVED)
    names = {wire: scope.unique(snake(wire)) for wire in properties if snake(wire) == wire}
    names.update({wire: scope.unique(snake(wire, "field")) for wire in properties if wire not in names})
    fields: list[ir.Field] = []
    enums = ctx.inline_enums.setdefault(pending.module, [])
    for wire, (prop, where) in properties.items():
        context = pending.name + pascal(wire, "Field")
        type_ref, nullable = type_of(ctx, prop, context, where, owner=pending.module)
        fields.append(
            ir.Field(
                name=names[wire],
                wire=wire,
                type=type_ref,
                required=wire in required,
                nullable=nullable,
                description=description_of(ctx, prop),
                read_only=flag(ctx, prop, "readOnly"),
                write_only=flag(ctx, prop, "writeOnly"),
                pointer=where,
                example=examples.of_schema(ctx, prop, fallback=wire in required),
            )
        )
    return ir.Model(
        name=pending.name,
        module=pending.module,
        description=text_of(pending.schema.get("description")),
        fields=tuple(fields),
        enums=tuple(enums),
        pointer=pending.pointer,
        title=text_of(pending.schema.get("title")),
    )


def _collect_properties(
    ctx: Context, schema: dict[str, Any], where: str
) -> tuple[dict[str, tuple[Any, str]], dict[str, None]]:
    """Properties (with the pointers they are defined at) and required names, allOf merged in order."""
    properties: dict[str, tuple[Any, str]] = {}
    required: dict[str, None] = {}  # ordered
    for index, part in enumerate(as_list(schema.get("allOf"))):
        part_where = f"{where}/allOf/{index}"
        if isinstance(part, dict) and isinstance(part.get("$ref"), str):
            part_where = part["$ref"][1:]  # where the part is defined, so its inline types are shared
        resolved = ctx.deref(part, part_where)
        if isinstance(resolved, dict):
            props, req = _collect_properties(ctx, resolved, part_where)
            properties.update(props)
            required.update(req)
    for wire, prop in as_map(schema.get("properties")).items():
        properties[str(wire)] = (prop, f"{where}/properties/{pointer(wire)[1:]}")
    required.update((str(r), None) for r in as_list(schema.get("required")))
    for key in ("oneOf", "anyOf"):
        if key in schema and "properties" in schema:
            ctx.warnings.add(f"{where}/{key}", f"{key} beside properties is not expressed; only the properties are")
    return properties, required


def description_of(ctx: Context, schema: Any) -> str | None:
    """A schema's description, or that of an annotating allOf member, or of what it refers to."""
    if not isinstance(schema, dict):
        return None
    own = text_of(schema.get("description"))
    if own is not None:
        return own
    all_of = schema.get("allOf")
    members: list[Any] = all_of if isinstance(all_of, list) else []
    for member in members:
        if annotation_only(member) and text_of(member.get("description")):
            return text_of(member.get("description"))
    if "$ref" in schema:
        return text_of(as_map(ctx.deref(schema, "")).get("description"))
    if len(members) == 1:
        return description_of(ctx, members[0])
    return None


def flag(ctx: Context, schema: Any, key: str) -> bool:
    if not isinstance(schema, dict):
        return False
    if key in schema:
        return truth(schema[key])
    return "$ref" in schema and truth(as_map(ctx.deref(schema, "")).get(key))


def fields_of(ctx: Context, type_ref: ir.TypeRef) -> tuple[ir.Field, ...]:
    """The fields of a model, building it now if it has not been built yet."""
    built = ctx.built.get(type_ref.name or "")
    if built is not None:
        return built.fields
    for pending in ctx.queue:
        if pending.name == type_ref.name and pending.name not in ctx.early:
            ctx.early.add(pending.name)  # being built: not again, if it reaches itself
            model = _model(ctx, pending)
            ctx.add(model)  # its queue entry is skipped when reached
            return model.fields
    raise AssertionError(f"unknown model {type_ref.name}")

