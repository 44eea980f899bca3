"""Which list operations can be walked page by page, and how a page leads to the next.

Only on clear evidence (see ``pagination``); the runtime's walker does the walking.
"""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.naming import Identifier, Scope, snake
from generator.parse.context import Context
from generator.parse.models import fields_of

# Names that mark a page's entries, when the page has more than one array.
def pagination(
    ctx: Context,
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
    fields = {f.wire: f for f in fields_of(ctx, returns)} if returns.kind == "model" else {}
    found = _page_items(fields, returns)
    if found is None:
        return None
    items, item = found
    paging: dict[str, Any] = {}
    if "marker" in query and "next_marker" in fields:
        paging = dict(kind="marker", param="marker", next=(fields["next_marker"].name,))
    elif "offset" in query and "total_count" in fields:
        paging = dict(kind="offset", param="offset", total=fields["total_count"].name)
    elif (cursor := _next_cursor(ctx, query, fields)) is not None:
        paging = dict(kind="cursor", param=cursor[0], next=cursor[1])
    elif (after := next((w for w in ("starting_after", "after") if w in query), None)) and (
        query[after].type.kind == "str" and (more := fields.get("has_more")) is not None and more.type.kind == "bool"
    ):
        ids = {f.wire: f for f in fields_of(ctx, item)} if item.kind == "model" else {}
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
        pages_name=names.unique(Identifier(f"{name}_pages")),
        cursor=query[param].name,
        switch=switch.name if switch is not None else None,
        item=item,
        items=items.name if items is not None else None,
        hidden=tuple(query[w].name for w in other if w in query and w != param),
        **paging,
    )


def _next_cursor(
    ctx: Context, query: dict[str, ir.Argument], fields: dict[str, ir.Field]
) -> tuple[str, tuple[Identifier, ...]] | None:
    """A query parameter ``X`` named as a cursor, token or marker, and the string body
    field ``next_X`` that feeds it (spelt in any case), at the top of the page or in its
    ``response_metadata`` (Slack). Not ``page`` <- ``next_page``: that is often a URL."""
    places: list[tuple[tuple[Identifier, ...], dict[str, ir.Field]]] = [((), fields)]
    meta = fields.get("response_metadata")
    if meta is not None and meta.type.kind == "model":
        places.append(((meta.name,), {f.wire: f for f in fields_of(ctx, meta.type)}))
    for wire in query:
        if not snake(wire).endswith(("cursor", "token", "marker")):
            continue
        for path, where in places:
            for field in where.values():
                if snake(field.wire) == snake("next_" + wire) and field.type.kind == "str":
                    return wire, (*path, field.name)
    return None

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


