"""Aliases that reach themselves (a tree of arrays: ``Tree = list[Tree]``), and what each
is at run time.

An alias module evaluates its target when it is imported: a name of the alias's own
cycle is not defined yet (itself) or not imported yet (the other aliases of the cycle
import it back). A type checker reads the recursive alias as it is; at run time each
reference into the cycle is ``Any``, so decoding stops at the first level and keeps
what lies below as plain JSON.
"""

from __future__ import annotations

import dataclasses

from generator import ir


def _alias_refs(t: ir.TypeRef) -> set[str]:
    """The aliases ``t`` names, not looking into models (their annotations are strings)."""
    if t.kind == "alias":
        return {t.name or ""}
    found: set[str] = set()
    for inner in (t.item, *t.options, *(option for _, option in t.mapping)):
        if inner is not None:
            found |= _alias_refs(inner)
    return found


def cycles(aliases: tuple[ir.Alias, ...]) -> dict[str, frozenset[str]]:
    """For each alias that reaches itself, the aliases of its cycle (those it reaches that reach it)."""
    edges: dict[str, set[str]] = {a.name: _alias_refs(a.type) for a in aliases}
    reach: dict[str, set[str]] = {}
    for start in edges:
        seen: set[str] = set()
        todo = list(edges[start])
        while todo:
            name = todo.pop()
            if name not in seen:
                seen.add(name)
                todo.extend(edges.get(name, set()))
        reach[start] = seen
    return {
        name: frozenset(other for other in reach[name] if name in reach.get(other, ()))
        for name in edges
        if name in reach[name]
    }


def at_run_time(t: ir.TypeRef, cycle: frozenset[str]) -> ir.TypeRef:
    """``t`` with every reference to an alias of ``cycle`` read as ``Any``."""
    if t.kind == "alias" and t.name in cycle:
        return ir.TypeRef("any")
    item = at_run_time(t.item, cycle) if t.item is not None else None
    options = tuple(at_run_time(o, cycle) for o in t.options)
    mapping = tuple((value, at_run_time(o, cycle)) for value, o in t.mapping)
    if item is t.item and options == t.options and mapping == t.mapping:
        return t
    return dataclasses.replace(t, item=item, options=options, mapping=mapping)
