"""The pass after views (parse → views → select → render), with ``--operation``: keep only some operations.

``--operation ID`` (repeatable) generates a client for part of an API: the
chosen operations, and the models, enums and aliases they reach, nothing else.
"""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.errors import SpecError
from generator.reach import reachable


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

    # An inline enum kept keeps the model whose module defines it.
    reached = reachable(api, [t for group in groups for op in group.operations for t in op.mentioned], owners=True)
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
