"""Stage 4: the validated document → the intermediate model of ``ir``.

This is where every decision about the emitted API is made: which class a
schema becomes, which resource group and method an operation becomes, how a
method's arguments are ordered. Names come from ``naming``; nothing here
produces code.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from generator import ir, types
from generator.errors import SpecError, Warnings, pointer, unescape
from generator.load import Document
from generator.naming import BUILTIN_TYPES, MAX_COMPONENT, Identifier, Scope, class_names, member, module_names, pascal, snake
from generator.naming import method as method_name
from generator.naming import upper, words
from generator.refs import is_extension
from generator.resolve import Resolver, schema_name
from generator.views import split_views

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
METHOD_NAME_EXTENSION = "x-python-method-name"
GROUP_EXTENSION = "x-box-tag"

# Names the emitted code uses for itself, which no name from the document may take.
RUNTIME_CLASSES = frozenset(
    {
        "Model", "StrEnum", "IntEnum", "Unset", "UNSET", "DecodeError", "Resource", "BaseClient",
        "Client", "AsyncClient", "Headers", "Query", "Any", "Literal", "TYPE_CHECKING", "NoneType",
        "AsyncResource", "RequestOptions", "Timeout", "FileContent", "Iterator", "AsyncIterator",
        "StreamedResponse", "AsyncStreamedResponse", "ClientCredentials", "RetryPolicy",
    }
)
MODEL_RESERVED = frozenset({"from_dict", "to_dict", "extra_fields", "dataclasses"})
# The per-call controls every method takes, and the paging helpers iterating
# methods call. (The emitted code's other names start with an underscore or a
# capital, or are builtins spelled ``_builtins.<name>`` where an argument takes
# them: no argument can shadow them.)
METHOD_ARG_RESERVED = frozenset(
    {"self", "extra_headers", "extra_query", "timeout", "max_retries"}
    | {"max_pages", "walk", "awalk"}
)
CLIENT_RESERVED = frozenset(
    {"close", "request", "base_url", "timeout", "headers", "token", "http_client", "with_options"}
)
# File names Windows refuses, whatever the extension: modules never take them.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)
_PEP440 = re.compile(r"^\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


@dataclass
class _Pending:
    """A model whose name is known before its body is worked out."""

    name: Identifier
    module: Identifier
    schema: dict[str, Any]
    pointer: str


@dataclass
class Parser:
    doc: Document
    package: Identifier
    warnings: Warnings = field(default_factory=Warnings)
    # What the document has that a client has no use for (webhooks, callbacks, links): said, not warned.
    notes: Warnings = field(default_factory=Warnings)
    # operationId → method name, from the maintainer's configuration (before x-python-method-name)
    method_names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.doc)
        self.class_names = Scope(RUNTIME_CLASSES, joiner="")
        self.module_names = Scope({"__init__", *WINDOWS_RESERVED}, casefold=True)
        self.resource_modules = Scope({"__init__", *WINDOWS_RESERVED}, casefold=True)
        self.components: dict[str, ir.TypeRef | None] = {}
        self.models: list[ir.Model] = []
        self.enums: list[ir.Enum] = []
        self.aliases: list[ir.Alias] = []
        self._alias_queue: list[tuple[ir.TypeRef, dict[str, Any], str]] = []
        # Inline enums are defined in the module of the model that owns them.
        self._inline_enums: dict[str, list[ir.Enum]] = {}
        # Inline schemas become one class each, however many places reach them.
        self._inline: dict[str, ir.TypeRef] = {}
        self._queue: list[_Pending] = []
        self._built: dict[str, ir.Model] = {}
        self._early: set[str] = set()
        self._scheme_keys: set[str] = set()

    # ----------------------------------------------------------------- api

    def parse(self) -> ir.Api:
        data = self.doc.data
        self._name_components()
        schemes, security = self._security()
        self._scheme_keys = {s.key for s in schemes}
        groups = self._parse_groups()
        self._drain()
        self._note_server_side()
        named = {op.operation_id for g in groups for op in g.operations}
        for operation_id in sorted(set(self.method_names) - named):
            raise SpecError(
                self.doc.name, "", f"a method name is configured for operationId {operation_id!r}, "
                "which no operation has", "check the method-names of [tool.generator]",
            )
        info = _map(data.get("info"))
        api_version = str(info.get("version", ""))
        api = ir.Api(
            title=str(info.get("title", "")),
            description=_text(info.get("description")),
            api_version=api_version,
            package=self.package,
            distribution=self.package.replace("_", "-"),
            package_version=_package_version(api_version),
            base_url=self._base_url(data.get("servers"), pointer("servers")),
            groups=groups,
            models=tuple(sorted(self.models, key=lambda m: m.module)),
            enums=tuple(sorted(self.enums, key=lambda e: e.module)),
            aliases=tuple(sorted(self.aliases, key=lambda a: a.module)),
            component_count=len(self.components),
            token_url=self._token_url(),
            schemes=schemes,
            security=security,
        )
        return split_views(self._alias_targets(api), self.class_names, self.module_names)

    def _alias_targets(self, api: ir.Api) -> ir.Api:
        """Every reference to an alias told what the alias's target is to a type checker
        (``types.target``): whether a method returning it needs a cast depends on it."""
        if not api.aliases:
            return api
        targets: dict[str, ir.TypeRef] = {a.name: a.type for a in api.aliases}
        forms: dict[str, str] = {}

        def form_of(ref: ir.TypeRef) -> str:
            name = ref.name or ""
            if name not in forms:
                forms[name] = "type"  # meanwhile: an alias that reaches itself is no class
                forms[name] = types.target(targets[name], form_of) if name in targets else "type"
            return forms[name]

        def told(ref: ir.TypeRef) -> ir.TypeRef:
            if ref.kind != "alias" or ref.target == form_of(ref):
                return ref
            return dataclasses.replace(ref, target=form_of(ref))

        return ir.retyped(api, told)

    def _note_server_side(self) -> None:
        """Webhooks, callbacks and links describe what the server sends or suggests: no client methods."""
        data = self.doc.data
        for name in _map(data.get("webhooks")):
            self.notes.add(pointer("webhooks", name), "webhook skipped: a client receives no webhooks")
        for path, item in _map(data.get("paths")).items():
            if is_extension(path):
                continue
            item = self._deref(item, pointer("paths", path))
            for method in HTTP_METHODS:
                op = item.get(method) if isinstance(item, dict) else None
                if not isinstance(op, dict):
                    continue
                for name in _map(op.get("callbacks")):
                    self.notes.add(
                        pointer("paths", path, method, "callbacks", name),
                        "callback skipped: the server calls it, not the client",
                    )
                for status, response in _map(op.get("responses")).items():
                    if is_extension(status):
                        continue
                    response = self._deref(response, "")
                    for name in _map(response.get("links")) if isinstance(response, dict) else {}:
                        self.notes.add(
                            pointer("paths", path, method, "responses", status, "links", name),
                            "link skipped: follow it by calling the operation it names",
                        )

    def _deref(self, obj: Any, where: str) -> Any:
        """``obj`` with its ``$ref`` followed; None for a reference to nothing or to itself.

        The checks report each such reference (``validate.check_refs``); what it
        stands for is read as Any, or left out where it must be an object.
        """
        try:
            return self.resolver.deref(obj, where)
        except SpecError:
            return None

    def malformed(self, where: str, what: str) -> None:
        """A part of the document that cannot be read as what it must be, and what was done instead."""
        self.warnings.add(where, what, "malformed")

    def _base_url(self, servers: Any, where: str) -> str | None:
        if not isinstance(servers, list) or not servers:
            return None
        server = _map(servers[0])
        url = str(server.get("url", ""))
        for name, variable in _map(server.get("variables")).items():
            url = url.replace("{" + name + "}", str(_map(variable).get("default", "")))
        if not re.match(r"^https?://", url):
            self.warnings.add(where + "/0/url", f"server URL {url!r} is not absolute; pass base_url to the client")
        return url

    # ------------------------------------------------------------- schemas

    def _name_components(self) -> None:
        schemas = _map(_map(self.doc.data.get("components")).get("schemas"))
        for raw_name, schema in schemas.items():
            where = pointer("components", "schemas", raw_name)
            schema = self._deref(schema, where)
            if not isinstance(schema, dict):
                # What refers to it finds no component and reads the value: Any.
                if isinstance(schema, bool) or schema is None and "$ref" in _map(schemas[raw_name]):
                    continue  # true/false schemas are valid 3.1; a dangling $ref is reported by the checks
                self.malformed(where, "a schema must be an object; what refers to it is typed Any")
                continue
            name = self._class_name(raw_name, MAX_COMPONENT)
            module = self._module_name(name)
            if _enum_values(schema) is not None:
                self.components[raw_name] = ir.TypeRef("enum", name=name, module=module)
                self.enums.append(self._enum(name, module, schema, where))
            elif self._is_object(schema):
                self.components[raw_name] = ir.TypeRef("model", name=name, module=module)
                self._queue.append(_Pending(name, module, schema, where))
            else:
                alias = ir.TypeRef("alias", name=name, module=module)
                self.components[raw_name] = alias
                self._alias_queue.append((alias, schema, where))

    def _class_name(self, text: str, limit: int | None = None) -> Identifier:
        """A class name for ``text`` (a component's name or an inline schema's context), short and unique."""
        return self.class_names.first(class_names(text) if limit is None else class_names(text, limit=limit))

    def _module_name(self, class_name: Identifier) -> Identifier:
        return self.module_names.first(module_names(class_name))

    def _is_object(self, schema: dict[str, Any]) -> bool:
        if "properties" in schema:
            return True
        if "allOf" in schema:
            return any(
                self._is_object(part) for part in (self._deref(p, "") for p in _list(schema["allOf"]))
                if isinstance(part, dict)
            )
        return _schema_types(schema) == ["object"] and not _is_map(schema)

    def _drain(self) -> None:
        while self._alias_queue:
            alias, schema, where = self._alias_queue.pop(0)
            target, _ = self.type_of({k: v for k, v in schema.items() if k != "nullable"}, alias.name or "", where, None)
            self.aliases.append(
                ir.Alias(
                    name=alias.name or Identifier("Alias"),
                    module=alias.module or Identifier("alias"),
                    type=target,
                    description=_text(schema.get("description")),
                    pointer=where,
                )
            )
        while self._queue:
            pending = self._queue.pop(0)
            if pending.name not in self._built:  # built early by _fields_of
                self._add(self._model(pending))

    def _model(self, pending: _Pending) -> ir.Model:
        properties, required = self._collect_properties(pending.schema, pending.pointer)
        # Properties whose wire name is already a good Python name claim it first,
        # so `user_id` stays `user_id` even when `userID` comes before it.
        scope = Scope(MODEL_RESERVED)
        names = {wire: scope.unique(snake(wire)) for wire in properties if snake(wire) == wire}
        names.update({wire: scope.unique(snake(wire, "field")) for wire in properties if wire not in names})
        fields: list[ir.Field] = []
        enums = self._inline_enums.setdefault(pending.module, [])
        for wire, (prop, where) in properties.items():
            context = pending.name + pascal(wire, "Field")
            type_ref, nullable = self.type_of(prop, context, where, owner=pending.module)
            fields.append(
                ir.Field(
                    name=names[wire],
                    wire=wire,
                    type=type_ref,
                    required=wire in required,
                    nullable=nullable,
                    description=self._description(prop),
                    read_only=self._flag(prop, "readOnly"),
                    write_only=self._flag(prop, "writeOnly"),
                    pointer=where,
                )
            )
        return ir.Model(
            name=pending.name,
            module=pending.module,
            description=_text(pending.schema.get("description")),
            fields=tuple(fields),
            enums=tuple(enums),
            pointer=pending.pointer,
            title=_text(pending.schema.get("title")),
        )

    def _collect_properties(
        self, schema: dict[str, Any], where: str
    ) -> tuple[dict[str, tuple[Any, str]], dict[str, None]]:
        """Properties (with the pointers they are defined at) and required names, allOf merged in order."""
        properties: dict[str, tuple[Any, str]] = {}
        required: dict[str, None] = {}  # ordered
        for index, part in enumerate(_list(schema.get("allOf"))):
            part_where = f"{where}/allOf/{index}"
            if isinstance(part, dict) and isinstance(part.get("$ref"), str):
                part_where = part["$ref"][1:]  # where the part is defined, so its inline types are shared
            resolved = self._deref(part, part_where)
            if isinstance(resolved, dict):
                props, req = self._collect_properties(resolved, part_where)
                properties.update(props)
                required.update(req)
        for wire, prop in _map(schema.get("properties")).items():
            properties[str(wire)] = (prop, f"{where}/properties/{pointer(wire)[1:]}")
        required.update((str(r), None) for r in _list(schema.get("required")))
        for key in ("oneOf", "anyOf"):
            if key in schema and "properties" in schema:
                self.warnings.add(f"{where}/{key}", f"{key} beside properties is not expressed; only the properties are")
        return properties, required

    def _description(self, schema: Any) -> str | None:
        """A schema's description, or that of an annotating allOf member, or of what it refers to."""
        if not isinstance(schema, dict):
            return None
        own = _text(schema.get("description"))
        if own is not None:
            return own
        all_of = schema.get("allOf")
        members: list[Any] = all_of if isinstance(all_of, list) else []
        for member in members:
            if _annotation_only(member) and _text(member.get("description")):
                return _text(member.get("description"))
        if "$ref" in schema:
            return _text(_map(self._deref(schema, "")).get("description"))
        if len(members) == 1:
            return self._description(members[0])
        return None

    def _flag(self, schema: Any, key: str) -> bool:
        if not isinstance(schema, dict):
            return False
        if key in schema:
            return _truth(schema[key])
        return "$ref" in schema and _truth(_map(self._deref(schema, "")).get(key))

    def _enum(self, name: Identifier, module: Identifier, schema: dict[str, Any], where: str) -> ir.Enum:
        values = _enum_values(schema) or []
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
            description=_text(schema.get("description")),
            pointer=where,
        )

    def type_of(
        self, schema: Any, context: str, where: str, owner: Identifier | None
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
            target = self._deref(schema, where)
            component = self.components.get(name) if name is not None else None
            if component is not None:
                return component, _nullable(target)
            if isinstance(ref, str) and re.search(r"/(\$defs|definitions)/[^/]+$", ref):
                # A schema defined under $defs has a name of its own: its class takes it.
                context = pascal(unescape(ref.rsplit("/", 1)[1]), context)
            return self.type_of(target, context, ref[1:] if isinstance(ref, str) else where, owner)
        nullable = _nullable(schema)
        if "const" in schema:
            const = schema["const"]
            if const is None:
                return ir.TypeRef("any"), True
            if isinstance(const, (str, int)) and not isinstance(const, float):
                return ir.TypeRef("literal", value=const), nullable
            self.warnings.add(f"{where}/const", f"const of type {type(const).__name__} is not checked")
            return ir.TypeRef("any"), nullable
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and "properties" not in schema:
            # allOf: [$ref, {description: ..., nullable: ...}] is how 3.0 documents
            # annotate a reference: the type is the one member that says something.
            typed = [(i, m) for i, m in enumerate(all_of) if not _annotation_only(m)]
            if not typed:  # nothing but annotations: any value
                return ir.TypeRef("any"), nullable or any(_nullable(m) for m in all_of)
            if len(typed) == 1:
                index, member = typed[0]
                inner, inner_nullable = self.type_of(member, context, f"{where}/allOf/{index}", owner)
                annotated = any(_nullable(m) for m in all_of if _annotation_only(m))
                return inner, nullable or inner_nullable or annotated
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list) and "properties" not in schema:
                return self._union(options, key, context, where, owner, nullable, schema)
        values = _enum_values(schema)
        if values is not None:
            cached = self._inline.get(where)
            if cached is None:
                name = self._class_name(context)
                if owner is None:
                    module = self._module_name(name)
                    self.enums.append(self._enum(name, module, schema, where))
                else:
                    module = owner
                    self._inline_enums.setdefault(owner, []).append(self._enum(name, module, schema, where))
                cached = self._inline[where] = ir.TypeRef("enum", name=name, module=module)
            return cached, nullable or None in schema["enum"]
        types = _schema_types(schema)
        if len(types) > 1:
            options = [{**schema, "type": t} for t in types]
            return self._union(options, "type", context, where, owner, nullable)
        type_ = types[0] if types else None
        if type_ == "array":
            return self._array(schema, context, where, owner), nullable
        if type_ == "object" or "properties" in schema or "allOf" in schema:
            if _is_map(schema) and "allOf" not in schema:
                extra = schema.get("additionalProperties", True)
                if isinstance(extra, dict) and extra:
                    value, _ = self.type_of(extra, context + "Value", f"{where}/additionalProperties", owner)
                else:
                    value = ir.TypeRef("any")
                return ir.TypeRef("dict", item=value), nullable
            cached = self._inline.get(where)
            if cached is None:
                name = self._class_name(context)
                module = self._module_name(name)
                self._queue.append(_Pending(name, module, schema, where))
                cached = self._inline[where] = ir.TypeRef("model", name=name, module=module)
            return cached, nullable
        if type_ == "string":
            fmt = schema.get("format")
            kind = {"date-time": "datetime", "date": "date", "binary": "bytes"}.get(str(fmt), "str")
            return ir.TypeRef(kind), nullable
        if type_ in ("integer", "number", "boolean"):
            return ir.TypeRef({"integer": "int", "number": "float", "boolean": "bool"}[type_]), nullable
        if type_ == "null":
            return ir.TypeRef("any"), True
        return ir.TypeRef("any"), nullable

    def _array(self, schema: dict[str, Any], context: str, where: str, owner: Identifier | None) -> ir.TypeRef:
        """A list; with ``prefixItems`` and exactly that many items (``items: false`` or
        ``maxItems``, and ``minItems``), a tuple."""
        prefix = schema.get("prefixItems")
        items = schema.get("items", {})
        if not (isinstance(prefix, list) and prefix):
            item, _ = self.type_of(items, context + "Item", f"{where}/items", owner)
            return ir.TypeRef("list", item=item)
        elements = tuple(
            self.type_of(element, f"{context}Item{index + 1}", f"{where}/prefixItems/{index}", owner)[0]
            for index, element in enumerate(prefix)
        )
        min_items, max_items = schema.get("minItems", 0), schema.get("maxItems")
        closed = items is False or max_items == len(elements)
        if closed and isinstance(min_items, int) and min_items >= len(elements):
            return ir.TypeRef("tuple", options=elements)
        # Shorter or longer arrays are allowed: a list of whatever a position may hold.
        rest = [] if items is False else [self.type_of(items, context + "Item", f"{where}/items", owner)[0]]
        options = tuple(dict.fromkeys([*elements, *rest]))
        if any(option.kind == "any" for option in options):
            return ir.TypeRef("list", item=ir.TypeRef("any"))
        return ir.TypeRef("list", item=options[0] if len(options) == 1 else ir.TypeRef("union", options=options))

    def _union(
        self,
        options: list[Any],
        key: str,
        context: str,
        where: str,
        owner: Identifier | None,
        nullable: bool,
        discriminated: dict[str, Any] | None = None,
    ) -> tuple[ir.TypeRef, bool]:
        discriminated = discriminated or {}
        types: list[ir.TypeRef] = []
        for index, option in enumerate(options):
            resolved = self._deref(option, f"{where}/{key}/{index}")
            inline = not (isinstance(option, dict) and "$ref" in option)
            if isinstance(resolved, dict) and _schema_types(resolved) == ["null"] and inline:
                nullable = True  # {type: "null"} is how 3.1 spells "or null"
                continue
            title = resolved.get("title") if isinstance(resolved, dict) and inline else None
            option_context = pascal(str(title)) if title else f"{context}Option{index + 1}"
            option_type, option_nullable = self.type_of(option, option_context, f"{where}/{key}/{index}", owner)
            nullable = nullable or option_nullable
            if option_type.kind == "any":
                return option_type, nullable  # anything goes: the union is Any
            if option_type not in types:
                types.append(option_type)
        if not types:
            return ir.TypeRef("any"), True
        if len(types) == 1:
            return types[0], nullable
        discriminator, mapping = self._discriminator(discriminated, options, types, where)
        return ir.TypeRef("union", options=tuple(types), discriminator=discriminator, mapping=mapping), nullable

    def _discriminator(
        self, schema: dict[str, Any], options: list[Any], types: list[ir.TypeRef], where: str
    ) -> tuple[str | None, tuple[tuple[str, ir.TypeRef], ...]]:
        """The discriminator property and its value → option mapping: the explicit
        ``mapping`` first, then each option's component name (OpenAPI's default)."""
        spec = schema.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None, ()
        mapping: dict[str, ir.TypeRef] = {}
        for value, ref in _map(spec.get("mapping")).items():
            name = schema_name(ref) if isinstance(ref, str) and ref.startswith("#") else str(ref)
            target = self.components.get(name or "")
            if target is not None and target in types:
                mapping[str(value)] = target
            else:
                self.warnings.add(f"{where}/discriminator/mapping", f"mapping {value!r} → {ref!r} is not an option")
        for option in options:
            name = schema_name(option.get("$ref")) if isinstance(option, dict) else None
            target = self.components.get(name or "")
            if name is not None and target is not None and target in types and target not in mapping.values():
                mapping.setdefault(name, target)
        return spec["propertyName"], tuple(mapping.items())

    # ----------------------------------------------------------- operations

    def _parse_groups(self) -> tuple[ir.ResourceGroup, ...]:
        by_group: dict[str, list[tuple[str, str, dict[str, Any], list[Any]]]] = {}
        for path, item in _map(self.doc.data.get("paths")).items():
            if is_extension(path):
                continue
            item_where = pointer("paths", path)
            item = self._deref(item, item_where)
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                op = item.get(method)
                if not isinstance(op, dict):
                    continue
                tags = _list(op.get("tags"))
                group = op.get(GROUP_EXTENSION) or (tags[0] if tags else "default")
                if not isinstance(group, (str, int)):
                    self.malformed(f"{item_where}/{method}/tags", "a tag must be a name; the operation is in 'default'")
                    group = "default"
                by_group.setdefault(str(group), []).append((path, method, op, _list(item.get("parameters"))))

        # A group's description is that of the tag it is named after (x-box-tag
        # values are the snake_case spelling of a tag name).
        tag_descriptions = {
            snake(str(t.get("name")), "default"): _text(t.get("description"))
            for t in _list(self.doc.data.get("tags"))
            if isinstance(t, dict)
        }
        attributes = Scope(CLIENT_RESERVED)
        groups: list[ir.ResourceGroup] = []
        for raw_group, operations in sorted(by_group.items(), key=lambda kv: (snake(kv[0], "default"), kv[0])):
            base = snake(raw_group, "default")
            class_base = class_names(raw_group, "Default")[0]
            method_names = Scope()
            preferred = self._method_names(raw_group, [(path, method, op) for path, method, op, _ in operations])
            groups.append(
                ir.ResourceGroup(
                    attribute=attributes.unique(base),
                    module=self.resource_modules.first(module_names(raw_group, "default")),
                    class_name=self.class_names.unique(Identifier(class_base + "Resource")),
                    async_class_name=self.class_names.unique(Identifier("Async" + class_base + "Resource")),
                    description=tag_descriptions.get(base),
                    operations=_spelled(
                        self._operation(path, method, op, shared, method_names.unique(name), full, method_names)
                        for (path, method, op, shared), (name, full) in zip(operations, preferred)
                    ),
                )
            )
        return tuple(groups)

    def _method_names(
        self, group: str, operations: list[tuple[str, str, dict[str, Any]]]
    ) -> list[tuple[Identifier, Identifier]]:
        """The method name each operation of a group would like, in order, and its unshortened name.

        A configured name or ``x-python-method-name`` is taken as it is. An
        operationId loses the group's name when it starts with it (``repos/get``
        under ``repos`` → ``get``), unless another operation of the group would
        like the shorter name: then neither is shortened. Names wanted twice are
        made unique by the caller, in order.
        """
        full: list[Identifier] = []
        short: list[Identifier | None] = []
        for path, method, op in operations:
            operation_id = op.get("operationId")
            explicit = self.method_names.get(str(operation_id)) if operation_id is not None else None
            explicit = explicit or op.get(METHOD_NAME_EXTENSION)
            raw_name = explicit or operation_id or f"{method} {path}"
            full.append(member(str(raw_name), "call"))
            short.append(method_name(str(operation_id), group) if operation_id is not None and not explicit else None)
        wanted: dict[str, int] = {}
        for name in [*full, *(n for n in short if n is not None)]:
            wanted[name] = wanted.get(name, 0) + 1
        return [(s if s is not None and wanted[s] == 1 else f, f) for f, s in zip(full, short)]

    def _operation(
        self,
        path: str,
        method: str,
        op: dict[str, Any],
        shared: list[Any],
        name: Identifier,
        full_name: Identifier,
        names: Scope,
    ) -> ir.Operation:
        where = pointer("paths", path, method)
        operation_id = op.get("operationId")
        # Inline schemas are named after the operation's full name (ReposGetResponse,
        # not GetResponse): distinct across groups.
        context = pascal(name if name.startswith(full_name) else full_name)

        scope = Scope(METHOD_ARG_RESERVED)
        arguments = self._parameters(path, op, shared, where, scope, context)
        body, body_arguments = self._request_body(op.get("requestBody"), f"{where}/requestBody", scope, context)
        arguments += body_arguments
        # Required arguments are positional (path order, then query, header, body);
        # optional ones are keyword-only, in the same order.
        ordered = tuple(a for a in arguments if a.default == "required") + tuple(
            a for a in arguments if a.default != "required"
        )

        responses = self._responses(_map(op.get("responses")), f"{where}/responses", context)
        success = [r for r in responses if r.status.startswith("2") and r.type is not None]
        returns = success[0].type if success else None
        errors = [r for r in responses if r.status[:1] in ("4", "5") or r.status == "default"]
        error_types = {r.type for r in errors if r.type is not None}
        media_types = [r.content_type for r in success + errors if r.content_type]
        servers = op.get("servers")
        headers, header_kinds = self._response_headers(_map(op.get("responses")), f"{where}/responses", context)
        return ir.Operation(
            name=name,
            operation_id=str(operation_id) if operation_id is not None else None,
            http_method=method.upper(),
            path=path.split("#", 1)[0],
            summary=_text(op.get("summary")),
            description=_text(op.get("description")),
            deprecated=_truth(op.get("deprecated")),
            arguments=ordered,
            body=body,
            returns=returns,
            responses=responses,
            pointer=where,
            raises=tuple(
                ir.Raise(status=r.status, exception=_exception_for(r.status), description=r.description)
                for r in responses
                if r.status[:1] in ("4", "5")
            ),
            error_type=error_types.pop() if len(error_types) == 1 else None,
            success_description=success[0].description if success else None,
            accept=", ".join(dict.fromkeys(media_types)) or None,
            returns_optional=bool(success) and any(r.status == "304" for r in responses),
            pagination=self._pagination(ordered, returns, header_kinds, name, names),
            stream_name=names.unique(Identifier(f"stream_{name}")) if returns and returns.kind == "bytes" else None,
            server=self._base_url(servers, f"{where}/servers") if servers else None,
            security=self._requirement(op.get("security"), f"{where}/security", self._scheme_keys),
            headers=headers,
            headers_name=names.unique(Identifier(f"{name}_with_headers")) if headers else None,
            header_kinds=header_kinds,
        )

    def _response_headers(
        self, responses: dict[str, Any], where: str, context: str
    ) -> tuple[ir.TypeRef | None, tuple[tuple[str, str], ...]]:
        """A model of the headers the first success response declares (Content-Type aside)."""
        for status, raw in responses.items():
            if not str(status).startswith("2"):
                continue
            response_where = f"{where}/{pointer(str(status))[1:]}"
            response = self._deref(raw, response_where)
            declared = {
                str(k): v for k, v in (_map(response.get("headers")) if isinstance(response, dict) else {}).items()
                if str(k).lower() != "content-type"
            }
            if not declared:
                return None, ()
            name = self._class_name(context + "Headers")
            module = self._module_name(name)
            scope = Scope(MODEL_RESERVED)
            fields: list[ir.Field] = []
            kinds: list[tuple[str, str]] = []
            for wire, raw_header in declared.items():
                header_where = f"{response_where}/headers/{pointer(wire)[1:]}"
                header = self._deref(raw_header, header_where)
                schema = header.get("schema") if isinstance(header, dict) else None
                type_ref, _ = self.type_of(schema or {}, name + pascal(wire, "Header"), f"{header_where}/schema", module)
                fields.append(
                    ir.Field(
                        name=scope.unique(snake(wire, "header")),
                        wire=wire,
                        type=type_ref,
                        required=_truth(header.get("required")) if isinstance(header, dict) else False,
                        nullable=False,
                        description=_text(header.get("description")) if isinstance(header, dict) else None,
                        pointer=header_where,
                    )
                )
                kinds.append((wire, _header_kind(type_ref)))
            self._add(
                ir.Model(
                    name=name,
                    module=module,
                    description=f"The headers of a {status} response.",
                    fields=tuple(fields),
                    enums=tuple(self._inline_enums.get(module, [])),
                    pointer=response_where,
                )
            )
            return ir.TypeRef("model", name=name, module=module), tuple(kinds)
        return None, ()

    def _pagination(
        self,
        arguments: tuple[ir.Argument, ...],
        returns: ir.TypeRef | None,
        headers: tuple[tuple[str, str], ...],
        name: str,
        names: Scope,
    ) -> ir.Pagination | None:
        """How the operation's pages chain, when the description makes it plain.

        Only on clear evidence: a cursor query parameter AND the response field or header
        that feeds it AND one array of entries (see ``_page_items``). Tried in order:
        ``marker`` <- ``next_marker`` and ``offset`` up to ``total_count`` (Box); a cursor
        ``X`` <- a body field ``next_X`` (``cursor`` <- ``next_cursor``, also under
        ``response_metadata``; ``pageToken`` <- ``nextPageToken``); ``after`` or
        ``starting_after`` with ``has_more`` (the cursor is ``last_id``, or the last entry's
        ``id``); ``page`` (or ``after``, ``cursor``) with a declared ``Link`` header.
        """
        query = {a.wire: a for a in arguments if a.location == "query"}
        if returns is None or not query:
            return None
        fields = {f.wire: f for f in self._fields_of(returns)} if returns.kind == "model" else {}
        found = _page_items(fields, returns)
        if found is None:
            return None
        items, item = found
        paging: dict[str, Any] = {}
        if "marker" in query and "next_marker" in fields:
            paging = dict(kind="marker", param="marker", next=(fields["next_marker"].name,))
        elif "offset" in query and "total_count" in fields:
            paging = dict(kind="offset", param="offset", total=fields["total_count"].name)
        elif (cursor := self._next_cursor(query, fields)) is not None:
            paging = dict(kind="cursor", param=cursor[0], next=cursor[1])
        elif (after := next((w for w in ("starting_after", "after") if w in query), None)) and (
            query[after].type.kind == "str" and (more := fields.get("has_more")) is not None and more.type.kind == "bool"
        ):
            ids = {f.wire: f for f in self._fields_of(item)} if item.kind == "model" else {}
            if "last_id" in fields:
                paging = dict(kind="after", param=after, more=more.name, next=(fields["last_id"].name,))
            elif "id" in ids:
                paging = dict(kind="after", param=after, more=more.name, last=ids["id"].name)
        elif "link" in {wire.lower() for wire, _ in headers}:
            param = next((w for w in ("page", "after", "cursor") if w in query), None)
            if param is not None:
                paging = dict(kind="link", param=param)
        if not paging:
            return None
        param = paging["param"]
        # The other style (Box) or the backward direction: the iterating method walks forwards.
        other = {
            "marker": ("offset",),
            "offset": ("marker", "usemarker"),
            "after": ("ending_before", "before"),
            "link": ("page", "after", "before", "cursor"),
        }.get(paging["kind"], ())
        switch = query.get("usemarker") if paging["kind"] == "marker" else None
        return ir.Pagination(
            method_name=names.unique(Identifier(f"iter_{name}")),
            cursor=query[param].name,
            switch=switch.name if switch is not None else None,
            item=item,
            items=items.name if items is not None else None,
            hidden=tuple(query[w].name for w in other if w in query and w != param),
            **paging,
        )

    def _next_cursor(
        self, query: dict[str, ir.Argument], fields: dict[str, ir.Field]
    ) -> tuple[str, tuple[Identifier, ...]] | None:
        """A query parameter ``X`` named as a cursor, token or marker, and the string body
        field ``next_X`` that feeds it (spelt in any case), at the top of the page or in its
        ``response_metadata`` (Slack). Not ``page`` <- ``next_page``: that is often a URL."""
        places: list[tuple[tuple[Identifier, ...], dict[str, ir.Field]]] = [((), fields)]
        meta = fields.get("response_metadata")
        if meta is not None and meta.type.kind == "model":
            places.append(((meta.name,), {f.wire: f for f in self._fields_of(meta.type)}))
        for wire in query:
            if not snake(wire).endswith(("cursor", "token", "marker")):
                continue
            for path, where in places:
                for field in where.values():
                    if snake(field.wire) == snake("next_" + wire) and field.type.kind == "str":
                        return wire, (*path, field.name)
        return None

    def _security(self) -> tuple[tuple[ir.SecurityScheme, ...], ir.Security]:
        """The schemes a client can use, and the document's default requirement.

        A document that declares no scheme gets one: ``token`` sent as a bearer
        token when it is given, which is what its servers most likely expect.
        """
        declared = _map(_map(self.doc.data.get("components")).get("securitySchemes"))
        arguments = Scope(CLIENT_RESERVED | {"username", "password", "max_retries", "retry_policy", "servers", "sleep"})
        api_keys = [k for k, v in declared.items() if _map(self._deref(v, "")).get("type") == "apiKey"]
        schemes: list[ir.SecurityScheme] = []
        for key, raw in declared.items():
            where = pointer("components", "securitySchemes", key)
            scheme = _map(self._deref(raw, where))
            kind, location, wire = "bearer", "header", "Authorization"
            type_ = scheme.get("type")
            if type_ == "apiKey":
                kind, location, wire = "api_key", str(scheme.get("in")), str(scheme.get("name"))
                argument = arguments.unique(Identifier("api_key") if len(api_keys) == 1 else snake(key, "api_key"))
            elif type_ == "http" and str(scheme.get("scheme", "")).lower() == "basic":
                kind, argument = "basic", Identifier("username")
            elif (type_ == "http" and str(scheme.get("scheme", "")).lower() == "bearer") or type_ in (
                "oauth2", "openIdConnect"
            ):
                argument = Identifier("token")
            elif type_ == "mutualTLS":
                self.notes.add(where, "mutual TLS is set up on the http_client (its cert=), not by the generator")
                continue
            else:
                self.warnings.add(where, f"security scheme {type_!r} {scheme.get('scheme', '')!r} is not supported")
                continue
            schemes.append(ir.SecurityScheme(key, kind, location, wire, argument, _text(scheme.get("description"))))
        if not declared:
            schemes.append(ir.SecurityScheme("", "bearer", "header", "Authorization", Identifier("token")))
            return tuple(schemes), (("",),)
        known = {s.key for s in schemes}
        return tuple(schemes), self._requirement(self.doc.data.get("security"), "/security", known) or ()

    def _requirement(self, raw: Any, where: str, known: set[str]) -> ir.Security | None:
        """A ``security`` list as alternatives of scheme names (None where there is none)."""
        if not isinstance(raw, list):
            return None
        alternatives: list[tuple[str, ...]] = []
        for index, requirement in enumerate(raw):
            names = tuple(str(name) for name in _map(requirement))
            unknown = [name for name in names if name not in known]
            if unknown:
                self.warnings.add(f"{where}/{index}", f"security scheme {unknown[0]!r} is not usable; left out")
                continue
            alternatives.append(names)
        return tuple(alternatives)

    def _token_url(self) -> str | None:
        """The OAuth 2.0 token endpoint: client credentials flow first, any flow after."""
        schemes = _map(_map(self.doc.data.get("components")).get("securitySchemes"))
        urls: list[tuple[int, str]] = []
        for scheme in schemes.values():
            scheme = self._deref(scheme, "")
            flows = _map(scheme.get("flows")) if isinstance(scheme, dict) else {}
            for flow_name, flow in flows.items():
                if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
                    urls.append((0 if flow_name == "clientCredentials" else 1, flow["tokenUrl"]))
        return min(urls)[1] if urls else None

    def _parameters(
        self, path: str, op: dict[str, Any], shared: list[Any], where: str, scope: Scope, context: str
    ) -> list[ir.Argument]:
        merged: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        listed = [(f"{pointer('paths', path)}/parameters/{i}", raw) for i, raw in enumerate(shared)]
        listed += [(f"{where}/parameters/{i}", raw) for i, raw in enumerate(_list(op.get("parameters")))]
        for param_where, raw in listed:
            param = self._deref(raw, param_where)
            if param is None:
                continue  # a dangling $ref, reported by the checks: the parameter is left out
            if not isinstance(param, dict) or not isinstance(param.get("name"), str) or param.get("in") not in (
                "path", "query", "header", "cookie"
            ):
                self.malformed(param_where, "a parameter needs a name and an in of path, query, header or cookie; "
                               "it is left out")
                continue
            merged[(param["name"], param["in"])] = (param, param_where)

        path_order = re.findall(r"{([^}]+)}", path.split("#", 1)[0])
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
                self.warnings.add(param_where, "cookie parameters are not supported; the parameter is left out")
            elif param["in"] != "header" or str(param["name"]).lower() not in ("authorization", "content-type", "accept"):
                kept.append((param, param_where))  # (those three headers are the client's to set)
        names = _claim(scope, [str(param["name"]) for param, _ in kept], "param")
        arguments: list[ir.Argument] = []
        for (param, param_where), name in zip(kept, names):
            location = param["in"]
            schema = param.get("schema")
            schema_where = f"{param_where}/schema"
            if schema is None:
                for media_type, media in _map(param.get("content")).items():
                    schema = _map(media).get("schema")
                    schema_where = f"{param_where}/content/{pointer(media_type)[1:]}/schema"
                    break
            type_ref, nullable = self.type_of(schema or {}, context + pascal(param["name"]), schema_where, owner=None)
            arguments.append(
                ir.Argument(
                    name=name,
                    wire=str(param["name"]),
                    location=location,
                    type=type_ref,
                    required=_truth(param.get("required")) or location == "path",
                    nullable=nullable,
                    description=_text(param.get("description")) or self._description(schema),
                    schema_pointer=schema_where,
                    **_style(param, type_ref),
                )
            )
        return arguments

    def _request_body(
        self, raw: Any, where: str, scope: Scope, context: str
    ) -> tuple[ir.Body | None, list[ir.Argument]]:
        if raw is None:
            return None, []
        body = self._deref(raw, where)
        if not isinstance(body, dict):
            if body is not None:  # None: a dangling $ref, reported by the checks
                self.malformed(where, "a request body must be an object; the operation sends none")
            return None, []
        content = _map(body.get("content"))
        required = _truth(body.get("required"))
        description = _text(body.get("description"))
        media_type, encoding = _pick_body(content)
        schema_where = f"{where}/content/{pointer(media_type)[1:]}/schema"
        schema = _map(content.get(media_type)).get("schema") or {}
        if encoding == "raw":
            argument = ir.Argument(
                name=scope.unique(Identifier("body")), wire="", location="body", type=ir.TypeRef("file"),
                required=required, nullable=False,
                description=description or self._description(schema) or "The request body.",
                schema_pointer=schema_where,
            )
            return ir.Body(media_type, encoding, model=None, value=argument, required=required), [argument]
        type_ref, nullable = self.type_of(schema, context + "RequestBody", schema_where, owner=None)
        if type_ref.kind == "model":
            # An object body is flattened: each property is an argument of its own.
            # Properties the server owns (readOnly) are not for sending.
            fields = [f for f in self._fields_of(type_ref) if not f.read_only]
            arguments = [
                ir.Argument(
                    name=name,
                    wire=f.wire,
                    location="body",
                    # A file part can be given as bytes or as an open file.
                    type=ir.TypeRef("file") if encoding == "multipart" and f.type.kind == "bytes" else f.type,
                    required=f.required,
                    nullable=f.nullable,
                    description=f.description,
                    field=f.name,
                    schema_pointer=f.pointer,
                )
                for f, name in zip(fields, _claim(scope, [f.wire for f in fields], "field"))
            ]
            return ir.Body(media_type, encoding, model=type_ref, value=None, required=required), arguments
        if encoding != "json":
            self.warnings.add(schema_where, f"a {media_type} body must be an object schema; it is sent as JSON")
        argument = ir.Argument(
            name=scope.unique(Identifier("body")), wire="", location="body", type=type_ref, required=required,
            nullable=nullable, description=description or self._description(schema),
            schema_pointer=schema_where,
        )
        return ir.Body(media_type, "json", model=None, value=argument, required=required), [argument]

    def _fields_of(self, type_ref: ir.TypeRef) -> tuple[ir.Field, ...]:
        """The fields of a model, building it now if it has not been built yet."""
        built = self._built.get(type_ref.name or "")
        if built is not None:
            return built.fields
        for pending in self._queue:
            if pending.name == type_ref.name and pending.name not in self._early:
                self._early.add(pending.name)  # being built: not again, if it reaches itself
                model = self._model(pending)
                self._add(model)  # its queue entry is skipped when reached
                return model.fields
        raise AssertionError(f"unknown model {type_ref.name}")

    def _add(self, model: ir.Model) -> None:
        self.models.append(model)
        self._built[model.name] = model

    def _responses(self, responses: dict[str, Any], where: str, context: str) -> tuple[ir.Response, ...]:
        result: list[ir.Response] = []
        for status, raw in responses.items():
            if is_extension(status):
                continue
            status = str(status)
            response_where = f"{where}/{pointer(status)[1:]}"
            response = self._deref(raw, response_where)
            if not isinstance(response, dict):
                if response is not None:  # None: a dangling $ref, reported by the checks
                    self.malformed(response_where, "a response must be an object; it is left out")
                continue
            content = _map(response.get("content"))
            media_type = _pick_json(content)
            type_ref: ir.TypeRef | None = None
            if media_type is not None:
                schema = _map(content[media_type]).get("schema")
                if schema is not None:
                    type_ref, _ = self.type_of(
                        schema,
                        context + ("Response" if status.startswith("2") else f"Error{pascal(status)}"),
                        f"{response_where}/content/{pointer(media_type)[1:]}/schema",
                        owner=None,
                    )
                else:
                    type_ref = ir.TypeRef("any")
            elif content:
                media_type = next(iter(content))
                is_text = media_type.lower().startswith("text/")
                type_ref = ir.TypeRef("str" if is_text else "bytes")
            result.append(
                ir.Response(
                    status=status,
                    description=_text(response.get("description")) or "",
                    type=type_ref,
                    content_type=media_type,
                )
            )
        return tuple(sorted(result, key=lambda r: (r.status == "default", r.status)))


# --------------------------------------------------------------- helpers


def _map(value: Any) -> dict[str, Any]:
    """``value`` where an object belongs: a value of another type (reported by the checks) reads as empty."""
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    """``value`` where a list belongs: a value of another type (reported by the checks) reads as empty."""
    return value if isinstance(value, list) else []


def _truth(value: Any) -> bool:
    """A boolean of the document; "true" and "false" (reported by the checks) read as what they say."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True or (isinstance(value, int) and not isinstance(value, bool) and value == 1)


def _claim(scope: Scope, wires: list[str], fallback: str) -> list[Identifier]:
    """Argument names for wire names (in their order), unique in ``scope``: a wire
    name that is a good Python name already claims it first (``user_id`` stays
    ``user_id`` even when ``userID`` comes before it)."""
    names: dict[int, Identifier] = {i: scope.unique(member(w)) for i, w in enumerate(wires) if member(w) == w}
    names.update({i: scope.unique(member(w, fallback)) for i, w in enumerate(wires) if i not in names})
    return [names[i] for i in range(len(wires))]


def _spelled(operations: Iterable[ir.Operation]) -> tuple[ir.Operation, ...]:
    """The operations of one resource module, each told which builtins the module must spell
    ``_builtins.<name>``: those its methods or arguments are named after (``list``), since
    class bodies and request builders would otherwise find the method or argument there."""
    ops = tuple(operations)
    taken = {op.name for op in ops} | {a.name for op in ops for a in op.arguments}
    shadowed = tuple(sorted(taken & BUILTIN_TYPES))
    if not shadowed:
        return ops
    spelled = []
    for op in ops:
        arguments = tuple(dataclasses.replace(a, shadowed=shadowed) for a in op.arguments)
        body = op.body
        if body is not None and body.value is not None:
            whole = [new for old, new in zip(op.arguments, arguments) if old is body.value]
            body = dataclasses.replace(body, value=whole[0] if whole else body.value)
        spelled.append(dataclasses.replace(op, shadowed=shadowed, arguments=arguments, body=body))
    return tuple(spelled)


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _nullable(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    return _truth(schema.get("nullable")) or "null" in _all_types(schema)


def _all_types(schema: dict[str, Any]) -> list[str]:
    type_ = schema.get("type")
    if isinstance(type_, list):
        return [str(t) for t in type_]
    return [type_] if isinstance(type_, str) else []


def _schema_types(schema: dict[str, Any]) -> list[str]:
    """The declared types other than "null" (or just ["null"])."""
    types = _all_types(schema)
    non_null = [t for t in types if t != "null"]
    return non_null or types


_ANNOTATIONS = frozenset(
    {"description", "title", "nullable", "example", "examples", "readOnly", "writeOnly", "deprecated", "default"}
)


def _annotation_only(schema: Any) -> bool:
    """A schema that only annotates (description, nullable, ...) and constrains nothing."""
    return isinstance(schema, dict) and all(k in _ANNOTATIONS or k.startswith("x-") for k in schema)


def _is_map(schema: dict[str, Any]) -> bool:
    """An object with no declared properties: a free-form map."""
    return not schema.get("properties") and "allOf" not in schema


def _enum_values(schema: dict[str, Any]) -> list[Any] | None:
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


def _package_version(api_version: str) -> str:
    """info.version as a PEP 440 version: 2024.0 stays, 2024-05-01 becomes 2024.5.1."""
    if _PEP440.match(api_version):
        return api_version
    parts = re.findall(r"\d+", api_version)
    if parts and re.fullmatch(r"v?[\d.\-_]+", api_version):
        return ".".join(str(int(p)) for p in parts)
    return "0.0.0"


_EXCEPTIONS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


# Names that mark a page's entries, when the page has more than one array.
_ITEMS = ("entries", "data", "items", "results")


def _page_items(fields: dict[str, ir.Field], returns: ir.TypeRef) -> tuple[ir.Field | None, ir.TypeRef] | None:
    """The one array of entries of a page, and the type of an entry: the field called
    ``entries``, ``data``, ``items`` or ``results``, else the model's only array; or the
    page itself when it is an array. None when there is no such array, or no one."""
    if returns.kind == "list" and returns.item is not None:
        return None, returns.item
    arrays = {w: f for w, f in fields.items() if f.type.kind == "list" and f.type.item is not None}
    named = [arrays[w] for w in _ITEMS if w in arrays]
    chosen = named if named else list(arrays.values())
    if len(chosen) != 1 or chosen[0].type.item is None:
        return None
    return chosen[0], chosen[0].type.item


def _exception_for(status: str) -> Identifier:
    """The exception class the emitted runtime raises for a documented status."""
    if status.startswith("5"):
        return Identifier("InternalServerError")
    return Identifier(_EXCEPTIONS.get(status, "ApiError"))


def _header_kind(type_ref: ir.TypeRef) -> str:
    """How a header's text becomes the JSON value its type decodes from."""
    if type_ref.kind in ("list", "tuple"):
        item = type_ref.item or (type_ref.options[0] if type_ref.options else ir.TypeRef("str"))
        return "list:" + _header_kind(item)
    return type_ref.kind if type_ref.kind in ("int", "float", "bool") else "str"


_DEFAULT_STYLE = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}
_SCALARS = frozenset({"str", "int", "float", "bool", "datetime", "date", "enum", "literal"})


def _style(param: dict[str, Any], type_ref: ir.TypeRef) -> dict[str, Any]:
    """The argument's ``style`` and ``explode``, where its value is not sent as it is."""
    location = param["in"]
    style = str(param.get("style") or _DEFAULT_STYLE.get(location, "simple"))
    explode = _truth(param.get("explode", style == "form"))
    plain = type_ref.kind in _SCALARS
    if location == "query" and (plain or (type_ref.kind == "list" and style == "form" and explode)):
        return {}  # one key, or one key per item: how the client sends values anyway
    if location in ("path", "header") and plain and style == "simple":
        return {}
    return {"style": style, "explode": explode}


def _pick_body(content: dict[str, Any]) -> tuple[str, str]:
    """The request media type the client sends, and how it encodes it.

    JSON is preferred, then forms, then multipart; anything else is sent as the
    bytes the caller gives.
    """
    json_type = _pick_json(content)
    if json_type is not None:
        return json_type, "json"
    for media_type in content:
        base = media_type.split(";", 1)[0].strip().lower()
        if base == "application/x-www-form-urlencoded":
            return media_type, "form"
        if base == "multipart/form-data":
            return media_type, "multipart"
    return next(iter(content), "application/octet-stream"), "raw"


def _pick_json(content: dict[str, Any]) -> str | None:
    for media_type in content:
        base = media_type.split(";", 1)[0].strip().lower()
        if base == "application/json" or base.endswith("+json"):
            return media_type
    return None
