"""Parse: the validated, bundled document → the intermediate model of ``ir``.

The pipeline's order is load → bundle → validate → parse → views → select
→ render → format → write. This is where every decision about the emitted
API is made: which class a schema becomes (``schemas``, ``models``), which
resource group and method an operation becomes and how its arguments are
ordered (``operations``, ``arguments``), how its pages chain
(``pagination``), how the client authenticates (``security``). Names are
made here too, as each class, module, method and argument is met (through
``naming``, in the scopes of ``context``): an inline schema is named after
where it is first reached, and a name taken earlier decides the next one.
Nothing here produces code.

The result is the model before the later passes: ``views`` splits models
by readOnly and writeOnly (naming ``<Name>Param`` classes in the scopes
handed on in ``Parsed``), and ``select`` keeps only some operations.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from generator import ir, types
from generator.errors import SpecError, Warnings
from generator.load import Document
from generator.names_table import NameTable
from generator.naming import Identifier, Scope
from generator.parse.context import HTTP_METHODS, Context, as_map, text_of
from generator.parse.models import drain, name_components
from generator.parse.operations import base_url, resource_groups
from generator.parse.renames import stale_entries
from generator.parse.security import security, token_url
from generator.pipeline import DEFAULT_VERSION
from generator.refs import is_extension
from generator.resolve import pointer

@dataclass(frozen=True)
class Parsed:
    api: ir.Api
    warnings: Warnings
    # What the document has that a client has no use for (webhooks, callbacks, links): said, not warned.
    notes: Warnings
    # The scopes every class and module name was taken in: a later pass naming new ones takes them here.
    class_names: Scope
    module_names: Scope


def parse(
    doc: Document,
    package: Identifier,
    method_names: Mapping[str, str] | None = None,
    version: str = DEFAULT_VERSION,
    names: NameTable | None = None,
) -> Parsed:
    """The model of ``doc``; ``method_names`` (operationId → method name), the package's
    ``version`` (the document's info.version is the API's) and the ``names`` of another
    SDK (``generator.names_table``) are the maintainer's."""
    ctx = Context(doc, package, dict(method_names or {}), names)
    api = _alias_targets(_api(ctx, version))
    return Parsed(api, ctx.warnings, ctx.notes, ctx.class_names, ctx.module_names)


def _api(ctx: Context, version: str) -> ir.Api:
    data = ctx.doc.data
    # Components are named first: they keep their names whatever refers to them.
    name_components(ctx)
    schemes, requirement = security(ctx)
    ctx.scheme_keys = {s.key for s in schemes}
    groups = resource_groups(ctx)
    stale_entries(ctx)
    drain(ctx)
    _note_server_side(ctx)
    named = {op.operation_id for g in groups for op in g.operations}
    for operation_id in sorted(set(ctx.method_names) - named):
        raise SpecError(
            ctx.doc.name, "", f"a method name is configured for operationId {operation_id!r}, "
            "which no operation has", "check the method-names of [tool.generator]",
        )
    info = as_map(data.get("info"))
    return ir.Api(
        title=str(info.get("title", "")),
        description=text_of(info.get("description")),
        api_version=str(info.get("version", "")),
        package=ctx.package,
        distribution=ctx.package.replace("_", "-"),
        package_version=version,
        base_url=base_url(ctx, data.get("servers"), pointer("servers")),
        groups=groups,
        models=tuple(sorted(ctx.models, key=lambda m: m.module)),
        enums=tuple(sorted(ctx.enums, key=lambda e: e.module)),
        aliases=tuple(sorted(ctx.aliases, key=lambda a: a.module)),
        component_count=len(ctx.components),
        token_url=token_url(ctx),
        schemes=schemes,
        security=requirement,
    )


def _alias_targets(api: ir.Api) -> ir.Api:
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


def _note_server_side(ctx: Context) -> None:
    """Webhooks, callbacks and links describe what the server sends or suggests: no client methods."""
    data = ctx.doc.data
    for name in as_map(data.get("webhooks")):
        ctx.notes.add(pointer("webhooks", name), "webhook skipped: a client receives no webhooks")
    for path, item in as_map(data.get("paths")).items():
        if is_extension(path):
            continue
        item = ctx.deref(item, pointer("paths", path))
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if not isinstance(op, dict):
                continue
            for name in as_map(op.get("callbacks")):
                ctx.notes.add(
                    pointer("paths", path, method, "callbacks", name),
                    "callback skipped: the server calls it, not the client",
                )
            for status, response in as_map(op.get("responses")).items():
                if is_extension(status):
                    continue
                response = ctx.deref(response, "")
                for name in as_map(response.get("links")) if isinstance(response, dict) else {}:
                    ctx.notes.add(
                        pointer("paths", path, method, "responses", status, "links", name),
                        "link skipped: follow it by calling the operation it names",
                    )

