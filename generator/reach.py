"""What some types reach in the intermediate model: the one walk ``views`` and ``select`` share."""

from __future__ import annotations

from collections.abc import Iterable

from generator import ir


def reachable(api: ir.Api, roots: Iterable[ir.TypeRef | None], owners: bool = False) -> set[str]:
    """The names of the models, enums and aliases ``roots`` mention, and of what those
    mention in turn: a model's fields, an alias's target.

    ``owners``: an inline enum reaches the model that owns it too, since it is
    defined in that model's module.
    """
    models = {m.name: m for m in api.models}
    aliases = {a.name: a for a in api.aliases}
    owner_of_module = {m.module: m.name for m in api.models} if owners else {}
    reached: set[str] = set()
    pending = [t for root in roots if root is not None for t in root.named()]
    while pending:
        t = pending.pop()
        if t.name is None or t.name in reached:
            continue
        reached.add(t.name)
        if t.kind == "enum" and t.module in owner_of_module and owner_of_module[t.module] not in reached:
            pending.append(ir.TypeRef("model", name=owner_of_module[t.module], module=t.module))
        if t.name in models:
            pending.extend(n for f in models[t.name].fields for n in f.type.named())
        if t.name in aliases:
            pending.extend(aliases[t.name].type.named())
    return reached
