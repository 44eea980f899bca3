"""The pass after parse (parse → views → select → render): readOnly and writeOnly, a model
as it is sent, and as it is received.

A ``readOnly`` property is the server's to set: it is never sent. A
``writeOnly`` one (a password) is never received. So a model has two views:

- received (responses): without its writeOnly properties;
- sent (request bodies): without its readOnly ones, and whatever models it
  holds in their sent view.

A model whose views are the same (the usual case) stays one class. One whose
views differ is the view it is used in: sent only, or received only (or
neither). One used both ways keeps its name for the received view, and gets
a second class, ``<Name>Param``, for the sent one (as well-made hand-written
SDKs name their request shapes).
"""

from __future__ import annotations

import dataclasses

from generator import ir
from generator.naming import Identifier, Scope
from generator.naming import module as module_name
from generator.reach import reachable


def split_views(api: ir.Api, class_names: Scope, module_names: Scope) -> ir.Api:
    """``api`` with each model whose views differ split as it is used; ``<Name>Param``
    classes are named in ``class_names`` and ``module_names``, the scopes of parse."""
    differs = _differing(api)
    if not differs:
        return api
    operations = [op for group in api.groups for op in group.operations]
    sent = reachable(
        api,
        [a.type for op in operations for a in op.arguments if a.location == "body"]
        + [op.body.model for op in operations if op.body],
    )
    received = reachable(
        api,
        [op.returns for op in operations]
        + [op.error_type for op in operations]
        + [op.pagination.item for op in operations if op.pagination]
        + [r.type for op in operations for r in op.responses],
    )
    params: dict[str, ir.TypeRef] = {}
    for name in sorted(differs & sent & received):
        param = class_names.unique(Identifier(f"{name}Param"))
        params[name] = ir.TypeRef("model", name=param, module=module_names.unique(module_name(param)))
    sender = _Sender(params)
    split: list[ir.Model] = []
    for m in api.models:
        if m.name not in differs:
            split.append(m)
        elif m.name in sent and m.name not in received:
            split.append(sender.view(m, sending=True))
        else:
            split.append(sender.view(m, sending=False))
            if m.name in params:
                split.append(sender.view(m, sending=True, as_type=params[m.name]))
    groups = tuple(
        dataclasses.replace(g, operations=tuple(sender.operation(op) for op in g.operations)) for g in api.groups
    )
    return dataclasses.replace(api, models=tuple(sorted(split, key=lambda m: m.module)), groups=groups)


def _differing(api: ir.Api) -> set[str]:
    """The models whose views differ: with a readOnly or writeOnly field, or holding such a model."""
    models: dict[str, ir.Model] = {str(m.name): m for m in api.models}
    aliases: dict[str, ir.Alias] = {str(a.name): a for a in api.aliases}

    def mentioned(t: ir.TypeRef) -> list[str]:
        """The models ``t`` mentions, through aliases too."""
        found: list[str] = []
        for named in t.named():
            if named.kind == "model" and named.name:
                found.append(named.name)
            elif named.kind == "alias" and named.name in aliases:
                found.extend(mentioned(aliases[named.name].type))
        return found

    differs = {name for name, m in models.items() if any(f.read_only or f.write_only for f in m.fields)}
    grown = bool(differs)
    while grown:  # a model holding one whose views differ differs too
        grown = False
        for name, m in models.items():
            if name not in differs and any(n in differs for f in m.fields for n in mentioned(f.type)):
                differs.add(name)
                grown = True
    return differs


class _Sender:
    """Models and operations in their sent view, where a ``<Name>Param`` class stands for a model."""

    def __init__(self, params: dict[str, ir.TypeRef]) -> None:
        self.params = params

    def type(self, t: ir.TypeRef) -> ir.TypeRef:
        if t.kind == "model" and t.name in self.params:
            return self.params[t.name]
        return dataclasses.replace(
            t,
            item=self.type(t.item) if t.item is not None else None,
            options=tuple(self.type(o) for o in t.options),
            mapping=tuple((value, self.type(o)) for value, o in t.mapping),
        )

    def view(self, m: ir.Model, sending: bool, as_type: ir.TypeRef | None = None) -> ir.Model:
        fields = tuple(
            dataclasses.replace(f, type=self.type(f.type)) if sending else f
            for f in m.fields
            if not (f.read_only if sending else f.write_only)
        )
        name = as_type.name if as_type and as_type.name else m.name
        module = as_type.module if as_type and as_type.module else m.module
        return dataclasses.replace(
            m,
            name=name,
            module=module,
            fields=fields,
            enums=m.enums if module == m.module else (),
        )

    def operation(self, op: ir.Operation) -> ir.Operation:
        if op.body is None:
            return op
        arguments = tuple(
            dataclasses.replace(a, type=self.type(a.type)) if a.location == "body" else a for a in op.arguments
        )
        value = op.body.value
        body = dataclasses.replace(
            op.body,
            model=self.type(op.body.model) if op.body.model else None,
            value=dataclasses.replace(value, type=self.type(value.type)) if value else None,
        )
        return dataclasses.replace(op, arguments=arguments, body=body)
