"""Paths → resource groups: each operation a method, grouped by tag, with its
arguments (``arguments``), responses, errors, paging (``pagination``) and
security requirement (``security``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from typing import Any

from generator import ir
from generator.naming import BUILTIN_TYPES, Identifier, Scope, class_names, member, module_names, pascal, snake
from generator.naming import method as method_name
from generator.parse import renames
from generator.parse.arguments import parameters, pick_json, request_body
from generator.parse.context import (
    CLIENT_RESERVED,
    GROUP_EXTENSION,
    HTTP_METHODS,
    METHOD_ARG_RESERVED,
    METHOD_NAME_EXTENSION,
    MODEL_RESERVED,
    RESOURCE_RESERVED,
    Context,
    as_list,
    as_map,
    text_of,
    truth,
)
from generator.parse.pagination import pagination
from generator.parse.schemas import type_of
from generator.parse.security import requirement
from generator.refs import is_extension
from generator.resolve import pointer


def resource_groups(ctx: Context) -> tuple[ir.ResourceGroup, ...]:
    by_group = _by_group(ctx)
    # A group's description is that of the tag it is named after (x-box-tag
    # values are the snake_case spelling of a tag name).
    tag_descriptions: dict[str, str | None] = {
        snake(str(t.get("name")), "default"): text_of(t.get("description"))
        for t in as_list(ctx.doc.data.get("tags"))
        if isinstance(t, dict)
    }
    attributes = Scope(CLIENT_RESERVED)
    groups: list[ir.ResourceGroup] = []
    for raw_group, operations in sorted(by_group.items(), key=lambda kv: (snake(kv[0], "default"), kv[0])):
        groups.append(_group(ctx, raw_group, operations, attributes, tag_descriptions))
    return tuple(groups)


def _by_group(ctx: Context) -> dict[str, list[tuple[str, str, dict[str, Any], list[Any]]]]:
    """Each group's operations (path, method, operation, the path's parameters), in document order.

    A group is named by the names table, else by x-box-tag, else by the first tag. A table's
    group that is the snake_case of a tag's group is that group (``folders`` is ``Folders``).
    """
    by_group: dict[str, list[tuple[str, str, dict[str, Any], list[Any]]]] = {}
    tabled: dict[int, str] = {}  # id of an operation → the names table's group for it
    for path, item in as_map(ctx.doc.data.get("paths")).items():
        if is_extension(path):
            continue
        item_where = pointer("paths", path)
        item = ctx.deref(item, item_where)
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            tags = as_list(op.get("tags"))
            group = op.get(GROUP_EXTENSION) or (tags[0] if tags else "default")
            if not isinstance(group, (str, int)):
                ctx.malformed(f"{item_where}/{method}/tags", "a tag must be a name; the operation is in 'default'")
                group = "default"
            by_group.setdefault(str(group), []).append((path, method, op, as_list(item.get("parameters"))))
            table_group = renames.group(ctx, op, method, path)
            if table_group is not None:
                tabled[id(op)] = table_group
    if not tabled:
        return by_group
    known: dict[str, str] = {snake(raw, "default"): raw for raw in sorted(by_group, reverse=True)}  # the first wins
    regrouped: dict[str, list[tuple[str, str, dict[str, Any], list[Any]]]] = {}
    for raw, operations in by_group.items():
        for found in operations:
            table_group = tabled.get(id(found[2]))
            regrouped.setdefault(raw if table_group is None else known.get(table_group, table_group), []).append(found)
    return regrouped


def _group(
    ctx: Context,
    raw_group: str,
    operations: list[tuple[str, str, dict[str, Any], list[Any]]],
    attributes: Scope,
    tag_descriptions: dict[str, str | None],
) -> ir.ResourceGroup:
    base = snake(raw_group, "default")
    class_base = class_names(raw_group, "Default")[0]
    method_names = Scope(RESOURCE_RESERVED)
    preferred = _preferred_names(ctx, raw_group, [(path, method, op) for path, method, op, _ in operations])
    # Names the maintainer chose (configured, or from a names table) are claimed first: a
    # name the generator makes up for another operation must not take one of them.
    claimed = {i: method_names.unique(preferred[i][0]) for i in range(len(preferred)) if preferred[i][2]}
    claimed.update({i: method_names.unique(preferred[i][0]) for i in range(len(preferred)) if i not in claimed})
    return ir.ResourceGroup(
        attribute=attributes.unique(base),
        module=ctx.resource_modules.first(module_names(raw_group, "default")),
        class_name=ctx.class_names.unique(Identifier(class_base + "Resource")),
        async_class_name=ctx.class_names.unique(Identifier("Async" + class_base + "Resource")),
        raw_class_names=_accessor_names(ctx, class_base, "WithRawResponse"),
        streaming_class_names=_accessor_names(ctx, class_base, "WithStreamingResponse"),
        description=tag_descriptions.get(base),
        operations=_spelled(
            _operation(ctx, path, method, op, shared, claimed[i], preferred[i][1], method_names)
            for i, (path, method, op, shared) in enumerate(operations)
        ),
    )


def _accessor_names(ctx: Context, class_base: str, kind: str) -> tuple[Identifier, Identifier]:
    """The sync and the async class of a group's ``with_raw_response`` (or streaming) accessor."""
    return (
        ctx.class_names.unique(Identifier(f"{class_base}Resource{kind}")),
        ctx.class_names.unique(Identifier(f"Async{class_base}Resource{kind}")),
    )


def _preferred_names(
    ctx: Context, group: str, operations: list[tuple[str, str, dict[str, Any]]]
) -> list[tuple[Identifier, Identifier, bool]]:
    """The method name each operation of a group would like, in order, its unshortened name,
    and whether the maintainer chose it.

    A configured name, one from the names table or ``x-python-method-name`` is taken as it is. An
    operationId loses the group's name when it starts with it (``repos/get``
    under ``repos`` → ``get``), unless another operation of the group would
    like the shorter name: then neither is shortened. Names wanted twice are
    made unique by the caller, in order.
    """
    full: list[Identifier] = []
    short: list[Identifier | None] = []
    chosen: list[bool] = []
    for path, method, op in operations:
        operation_id = op.get("operationId")
        explicit = ctx.method_names.get(str(operation_id)) if operation_id is not None else None
        explicit = explicit or renames.method_name(ctx, op, method, path)
        chosen.append(bool(explicit))
        explicit = explicit or op.get(METHOD_NAME_EXTENSION)
        raw_name = explicit or operation_id or f"{method} {path}"
        full.append(member(str(raw_name), "call"))
        short.append(method_name(str(operation_id), group) if operation_id is not None and not explicit else None)
    wanted: dict[str, int] = {}
    for name in [*full, *(n for n in short if n is not None)]:
        wanted[name] = wanted.get(name, 0) + 1
    return [(s if s is not None and wanted[s] == 1 else f, f, c) for f, s, c in zip(full, short, chosen)]


def _operation(
    ctx: Context,
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

    table = renames.entry(ctx, op, method, path)
    chosen = renames.argument_names(table, ctx)
    scope = Scope(METHOD_ARG_RESERVED | set(chosen.values()))
    arguments = parameters(ctx, path, op, shared, where, scope, context, chosen)
    body, body_arguments = request_body(ctx, op.get("requestBody"), f"{where}/requestBody", scope, context, chosen)
    arguments = renames.ordered(ctx, table, arguments + body_arguments)
    if body is not None and body.value is not None:  # (the whole body's argument, as renames left it)
        body = dataclasses.replace(body, value=next(a for a in arguments if a.location == "body" and not a.wire))
    # Required arguments are positional (path order, then query, header, body, unless a
    # names table says otherwise); optional ones are keyword-only, in the same order.
    ordered = tuple(a for a in arguments if a.is_positional) + tuple(a for a in arguments if not a.is_positional)

    responses = _responses(ctx, as_map(op.get("responses")), f"{where}/responses", context)
    success = [r for r in responses if r.status.startswith("2") and r.type is not None]
    returns = success[0].type if success else None
    errors = [r for r in responses if r.status[:1] in ("4", "5") or r.status == "default"]
    error_types = {r.type for r in errors if r.type is not None}
    media_types = [r.content_type for r in success + errors if r.content_type]
    servers = op.get("servers")
    headers, header_kinds = _response_headers(ctx, as_map(op.get("responses")), f"{where}/responses", context)
    return ir.Operation(
        name=name,
        operation_id=str(operation_id) if operation_id is not None else None,
        http_method=method.upper(),
        path=path.split("#", 1)[0],
        summary=text_of(op.get("summary")),
        description=text_of(op.get("description")),
        deprecated=truth(op.get("deprecated")),
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
        returns_optional=(optional := bool(success) and any(r.status == "304" for r in responses)),
        conditional=_conditional(ordered) if optional else (),
        pagination=pagination(ctx, ordered, returns, header_kinds, name, names),
        stream_name=names.unique(Identifier(f"stream_{name}")) if returns and returns.kind == "bytes" else None,
        server=base_url(ctx, servers, f"{where}/servers") if servers else None,
        security=requirement(ctx, op.get("security"), f"{where}/security", ctx.scheme_keys),
        headers=headers,
        headers_name=names.unique(Identifier(f"{name}_with_headers")) if headers else None,
        header_kinds=header_kinds,
    )


def _response_headers(
    ctx: Context, responses: dict[str, Any], where: str, context: str
) -> tuple[ir.TypeRef | None, tuple[tuple[str, str], ...]]:
    """A model of the headers the first success response declares (Content-Type aside)."""
    for status, raw in responses.items():
        if not str(status).startswith("2"):
            continue
        response_where = f"{where}/{pointer(str(status))[1:]}"
        response = ctx.deref(raw, response_where)
        declared = {
            str(k): v for k, v in (as_map(response.get("headers")) if isinstance(response, dict) else {}).items()
            if str(k).lower() != "content-type"
        }
        if not declared:
            return None, ()
        name = ctx.class_name(context + "Headers")
        module = ctx.module_name(name)
        scope = Scope(MODEL_RESERVED)
        fields: list[ir.Field] = []
        kinds: list[tuple[str, str]] = []
        for wire, raw_header in declared.items():
            header_where = f"{response_where}/headers/{pointer(wire)[1:]}"
            header = ctx.deref(raw_header, header_where)
            schema = header.get("schema") if isinstance(header, dict) else None
            type_ref, _ = type_of(ctx, schema or {}, name + pascal(wire, "Header"), f"{header_where}/schema", module)
            fields.append(
                ir.Field(
                    name=scope.unique(snake(wire, "header")),
                    wire=wire,
                    type=type_ref,
                    required=truth(header.get("required")) if isinstance(header, dict) else False,
                    nullable=False,
                    description=text_of(header.get("description")) if isinstance(header, dict) else None,
                    pointer=header_where,
                )
            )
            kinds.append((wire, _header_kind(type_ref)))
        ctx.add(
            ir.Model(
                name=name,
                module=module,
                description=f"The headers of a {status} response.",
                fields=tuple(fields),
                enums=tuple(ctx.inline_enums.get(module, [])),
                pointer=response_where,
            )
        )
        return ir.TypeRef("model", name=name, module=module), tuple(kinds)
    return None, ()


def _responses(ctx: Context, responses: dict[str, Any], where: str, context: str) -> tuple[ir.Response, ...]:
    result: list[ir.Response] = []
    for status, raw in responses.items():
        if is_extension(status):
            continue
        status = str(status)
        response_where = f"{where}/{pointer(status)[1:]}"
        response = ctx.deref(raw, response_where)
        if not isinstance(response, dict):
            if response is not None:  # None: a dangling $ref, reported by the checks
                ctx.malformed(response_where, "a response must be an object; it is left out")
            continue
        content = as_map(response.get("content"))
        media_type = pick_json(content)
        type_ref: ir.TypeRef | None = None
        if media_type is not None:
            schema = as_map(content[media_type]).get("schema")
            if schema is not None:
                type_ref, _ = type_of(
                    ctx,
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
                description=text_of(response.get("description")) or "",
                type=type_ref,
                content_type=media_type,
            )
        )
    return tuple(sorted(result, key=lambda r: (r.status == "default", r.status)))


def base_url(ctx: Context, servers: Any, where: str) -> str | None:
    if not isinstance(servers, list) or not servers:
        return None
    server = as_map(servers[0])
    url = str(server.get("url", ""))
    for name, variable in as_map(server.get("variables")).items():
        url = url.replace("{" + name + "}", str(as_map(variable).get("default", "")))
    undeclared = sorted(set(re.findall(r"\{([^{}]*)\}", url)))
    if undeclared:
        # A literal "{region}" would be percent-encoded into the host or path and send
        # every request somewhere else; no default is safer than a wrong one.
        ctx.warnings.add(
            where + "/0/url",
            f"server URL {url!r} uses {', '.join(undeclared)} that no variable declares; "
            "it is left out, so pass base_url to the client",
            "malformed",
        )
        return None
    if not re.match(r"^https?://", url):
        ctx.warnings.add(where + "/0/url", f"server URL {url!r} is not absolute; pass base_url to the client")
    return url


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


_EXCEPTIONS = {
    "400": "BadRequestError",
    "401": "AuthenticationError",
    "403": "PermissionDeniedError",
    "404": "NotFoundError",
    "409": "ConflictError",
    "422": "UnprocessableEntityError",
    "429": "RateLimitError",
}


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


# Request headers that ask for a 304 Not Modified: without one of them, no 304 comes.
CONDITIONAL_HEADERS = frozenset({"if-none-match", "if-modified-since"})


def _conditional(arguments: tuple[ir.Argument, ...]) -> tuple[Identifier, ...]:
    """The optional arguments that make a declared 304 possible (``If-None-Match``,
    ``If-Modified-Since``): the method is overloaded to return None only when one is
    passed. None when there is none (any call may answer 304: Box's file copy) or one is
    required (every call may)."""
    headers = [a for a in arguments if a.location == "header" and a.wire.lower() in CONDITIONAL_HEADERS]
    if not headers or any(a.default != "none" for a in headers):
        return ()
    return tuple(a.name for a in headers)
