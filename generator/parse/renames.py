"""The names table (``generator.names_table``) applied as operations are parsed:
an operation's group, its method's name, and its arguments' names and order.

A name from the table is taken only where it is an identifier as it stands
(``names_table.is_name``) and free in its scope; otherwise the generator's own
name stays, with a warning. Entries the document no longer matches are warned
about once, by ``stale_entries``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from generator import ir
from generator.names_table import OperationNames, is_name
from generator.parse.context import HTTP_METHODS, METHOD_ARG_RESERVED, Context, as_map
from generator.refs import is_extension
from generator.resolve import pointer


def entry(ctx: Context, op: dict[str, Any], method: str, path: str) -> OperationNames | None:
    """The table's entry for this operation, if the table has one that still describes it."""
    if ctx.names is None:
        return None
    operation_id = op.get("operationId")
    found = ctx.names.of(str(operation_id)) if isinstance(operation_id, str) else None
    if found is None or (found.operation and found.operation != f"{method.upper()} {path}"):
        return None
    return found


def group(ctx: Context, op: dict[str, Any], method: str, path: str) -> str | None:
    found = entry(ctx, op, method, path)
    if found is None or found.group is None:
        return None
    if not is_name(found.group):
        _skipped(ctx, found, f"group {found.group!r} is not a Python name")
        return None
    return found.group


def method_name(ctx: Context, op: dict[str, Any], method: str, path: str) -> str | None:
    found = entry(ctx, op, method, path)
    if found is None or found.method is None:
        return None
    if not is_name(found.method) or found.method.startswith("_"):
        _skipped(ctx, found, f"method {found.method!r} is not a public Python name")
        return None
    return found.method


def argument_names(found: OperationNames | None, ctx: Context) -> dict[tuple[str, str], str]:
    """(in, wire) → the table's name for that argument, where it can be one."""
    if found is None:
        return {}
    names: dict[tuple[str, str], str] = {}
    for name, location, wire in found.arguments:
        if (location, wire) in names:
            continue  # a companion of an argument named already (a file part's file name): the first names it
        if not is_name(name) or name in METHOD_ARG_RESERVED or name in names.values():
            _skipped(ctx, found, f"argument {name!r} cannot name a method's argument")
            continue
        names[(location, wire)] = name
    return names


def ordered(ctx: Context, found: OperationNames | None, arguments: list[ir.Argument]) -> list[ir.Argument]:
    """``arguments`` in the table's order where it lists them, the rest after them in theirs, told
    whether they are positional where the table says how many are; a warning for each argument
    the table lists that the operation does not have."""
    if found is None:
        return arguments
    rank: dict[tuple[str, str], int] = {}
    for i, (_, location, wire) in enumerate(found.arguments):
        rank.setdefault((location, wire), i)
    have = {(a.location, a.wire) for a in arguments}
    for name, location, wire in found.arguments:
        if (location, wire) not in have:
            _skipped(ctx, found, f"argument {name!r} stands for {location} {wire!r}, which the operation does not have")
    result = sorted(arguments, key=lambda a: rank.get((a.location, a.wire), len(rank)))  # stable: the rest keep order
    if found.positional is None:
        return result
    positional = {(location, wire) for _, location, wire in found.arguments[: found.positional]}
    told = [dataclasses.replace(a, positional=(a.location, a.wire) in positional) for a in result]
    # Python takes no required positional argument after one with a default: an optional one
    # the other SDK takes before a required one, it requires (its callers always pass it).
    places = [i for i, a in enumerate(told) if a.is_positional]
    last = max((i for i in places if told[i].default == "required"), default=-1)
    for i in places:
        if i < last and told[i].default != "required":
            if told[i].default == "literal":  # a constant, which no caller passes
                _skipped(ctx, found, "its positional arguments would put a required one after a constant")
                return result
            told[i] = dataclasses.replace(told[i], required=True, only=None)
    return told


def stale_entries(ctx: Context) -> None:
    """A warning for each entry of the table naming an operation the document does not have."""
    if ctx.names is None:
        return
    operations: dict[str, str] = {}
    for path, item in as_map(ctx.doc.data.get("paths")).items():
        item = ctx.deref(item, pointer("paths", path)) if not is_extension(path) else None
        for method in HTTP_METHODS:
            op = item.get(method) if isinstance(item, dict) else None
            if isinstance(op, dict) and isinstance(op.get("operationId"), str):
                operations.setdefault(op["operationId"], f"{method.upper()} {path}")
    for found in ctx.names.operations:
        now = operations.get(found.operation_id)
        if now is None:
            _skipped(ctx, found, "the document has no operation of this operationId")
        elif found.operation and now != found.operation:
            _skipped(ctx, found, f"the operationId is now {now}, not {found.operation}")


def _skipped(ctx: Context, found: OperationNames, why: str) -> None:
    table = ctx.names.file if ctx.names is not None else "the names table"
    ctx.warnings.add("", f"{table}: operations/{found.operation_id}: {why}; the generator's own name is kept", "malformed")
