"""Optional stage between parse and render: keep only some operations.

``--operation ID`` (repeatable) generates a client for part of an API: the
chosen operations, and the models, enums and aliases they reach, nothing else.
"""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.errors import SpecError


def select(api: ir.Api, operation_ids: list[str], source: str) -> ir.Api:
    wanted = set(operation_ids)
    known = {op.operation_id for group in api.groups for op in group.operations}
    missing = sorted(wanted - known)
    if missing:
        raise SpecError(source, "", f"no operation with operationId {missing[0]!r}", "check --operation")
    groups = []
    for group in api.groups:
        operations = tuple(op for op in group.operations if op.operation_id in wanted)
        if operations:
            groups.append(dataclasses.replace(group, operations=operations))

    models = {m.name: m for m in api.models}
    # An inline enum lives in the module of the model that owns it.
    owner_of_module = {m.module: m.name for m in api.models}
    aliases = {a.name: a for a in api.aliases}
    reached: set[str] = set()
    pending = [t for group in groups for op in group.operations for t in op.mentioned]
    while pending:
        t = pending.pop()
        if t.name is None or t.name in reached:
            continue
        reached.add(t.name)
        if t.kind == "enum" and t.module in owner_of_module and owner_of_module[t.module] not in reached:
            pending.append(ir.TypeRef("model", name=owner_of_module[t.module], module=t.module))
        if t.name in models:
            model = models[t.name]
            pending.extend(n for f in model.fields for n in f.type.named())
        if t.name in aliases:
            pending.extend(aliases[t.name].type.named())

    kept_models = tuple(m for m in api.models if m.name in reached)
    kept_enums = tuple(e for e in api.enums if e.name in reached)
    kept_aliases = tuple(a for a in api.aliases if a.name in reached)
    components = [x.pointer for x in kept_models] + [x.pointer for x in kept_enums] + [x.pointer for x in kept_aliases]
    return dataclasses.replace(
        api,
        groups=tuple(groups),
        models=kept_models,
        enums=kept_enums,
        aliases=kept_aliases,
        component_count=sum(1 for p in components if _is_component(p)),
    )


def _is_component(where: str) -> bool:
    parts = where.split("/")
    return len(parts) == 4 and parts[1:3] == ["components", "schemas"]
