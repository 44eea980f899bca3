"""The intermediate model: everything the templates need, already named.

Plain frozen dataclasses. Strings that came from the document (descriptions,
wire names, enum values, paths, URLs) are kept raw here and are made inert by the
render filters; identifiers are ``naming.Identifier`` values, made only by ``naming``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar, cast

from generator import types
from generator.naming import Identifier

if TYPE_CHECKING:
    from generator import examples

# TypeRef.kind values
PRIMITIVES = (*(s.kind for s in types.SCALARS), "file", "any")


@dataclass(frozen=True)
class TypeRef:
    """A type as the emitted code spells it.

    kind: one of PRIMITIVES, or "model"/"enum"/"alias" (``name`` and ``module`` set),
    "list" (``item``), "dict" (``item`` is the value type), "union" (``options``),
    "tuple" (``options``: the type of each position, in order)
    or "literal" (``value``: the one value a ``const`` schema allows).
    A union may name a ``discriminator`` property and the ``mapping`` of its values.
    An alias knows what its ``target`` is to a type checker (``types.target``:
    "class", "type" or "literal"), set once every alias is parsed.
    """

    kind: str
    name: Identifier | None = None
    module: Identifier | None = None
    item: TypeRef | None = None
    options: tuple[TypeRef, ...] = ()
    value: str | int | bool | None = None
    # unions with a discriminator: the property, and which value means which option
    discriminator: str | None = None
    mapping: tuple[tuple[str, TypeRef], ...] = ()
    target: str = "type"

    @property
    def annotation(self) -> types.TypeText:
        return types.annotation(self)

    def named(self) -> list[TypeRef]:
        """Every model and enum this type mentions, outermost first."""
        if self.kind in ("model", "enum", "alias"):
            return [self]
        found: list[TypeRef] = []
        for inner in (self.item, *self.options):
            if inner is not None:
                found.extend(inner.named())
        return found


_Node = TypeVar("_Node")


def retyped(node: _Node, change: Callable[[TypeRef], TypeRef]) -> _Node:
    """``node`` (any part of the model) with ``change`` applied to every TypeRef in it, inner ones first.

    Parts with nothing changed are kept as they are (the same objects).
    """
    return cast(_Node, _retyped(node, change, {}))


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _retyped(node: Any, change: Callable[[TypeRef], TypeRef], done: dict[int, Any]) -> Any:
    if isinstance(node, (str, int)) or node is None:
        return node
    # A part reached again (a component's TypeRef is one object, used everywhere) is done once.
    if id(node) in done:
        return done[id(node)]
    result = node
    if isinstance(node, tuple):
        items = tuple(_retyped(item, change, done) for item in node)
        if any(a is not b for a, b in zip(items, node)):
            result = items
    elif dataclasses.is_dataclass(node) and not isinstance(node, type):
        changed = {}
        for name in _field_names(type(node)):
            value = getattr(node, name)
            new = _retyped(value, change, done)
            if new is not value:
                changed[name] = new
        if changed:
            result = dataclasses.replace(node, **changed)
        if isinstance(result, TypeRef):
            result = change(result)
    done[id(node)] = result
    return result


@dataclass(frozen=True)
class EnumMember:
    name: Identifier
    value: str | int


@dataclass(frozen=True)
class Enum:
    name: Identifier
    module: Identifier
    base: str  # "str" or "int"
    members: tuple[EnumMember, ...]
    description: str | None
    pointer: str


@dataclass(frozen=True)
class Alias:
    """A component schema that is not an object or enum (a union, an array, a primitive)."""

    name: Identifier
    module: Identifier
    type: TypeRef
    description: str | None
    pointer: str


@dataclass(frozen=True)
class Field:
    name: Identifier
    wire: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str | None
    read_only: bool = False  # never sent (see generator.views)
    pointer: str = ""  # where the property's schema is defined
    write_only: bool = False  # never received
    example: str | None = None  # the description's example value, as JSON text (generator.parse.examples)

    @property
    def annotation(self) -> types.TypeText:
        return types.declared(self.type, self.nullable, self.default)

    @property
    def default(self) -> str:
        """The field's default: "required" (none), "literal" (its const value), "none"
        (None, meaning absent) or "unset" (UNSET, so that None can mean null)."""
        if self.type.kind == "literal" and not self.nullable:
            return "literal"
        if self.required:
            return "required"
        return "unset" if self.nullable else "none"


@dataclass(frozen=True)
class Model:
    name: Identifier
    module: Identifier
    description: str | None
    fields: tuple[Field, ...]
    enums: tuple[Enum, ...]  # inline enums, defined in this model's module
    pointer: str
    title: str | None = None

    @property
    def ordered_fields(self) -> tuple[Field, ...]:
        """Fields without a default first, as dataclasses require."""
        return tuple(f for f in self.fields if f.default == "required") + tuple(
            f for f in self.fields if f.default != "required"
        )


@dataclass(frozen=True)
class Argument:
    """One argument of a client method, and where its value goes in the request."""

    name: Identifier
    wire: str
    location: str  # "path", "query", "header" or "body"
    type: TypeRef
    required: bool
    nullable: bool
    description: str | None
    field: Identifier | None = None  # the request-body model's field, for location "body"
    schema_pointer: str = ""  # where the argument's schema is defined
    # Serialised per OpenAPI's style and explode (None: as the value is, one key per array item)
    style: str | None = None
    explode: bool = False
    shadowed: tuple[str, ...] = ()  # builtins its module spells ``_builtins.<name>`` (types.Shadowed)
    example: str | None = None  # the description's example value, as JSON text (generator.parse.examples)
    positional: bool | None = None  # what a names table says; None: the rule (required ones are)
    # A required enum of one value: the member that is its default (a caller has no other choice to make)
    only: Identifier | None = None

    @property
    def annotation(self) -> types.TypeText:
        return types.declared(self.type, self.nullable, self.default, frozenset(self.shadowed))

    @property
    def is_positional(self) -> bool:
        return self.default == "required" if self.positional is None else self.positional

    @property
    def default(self) -> str:
        if self.type.kind == "literal" and not self.nullable:
            return "literal"
        if self.only is not None:
            return "only"
        if self.required:
            return "required"
        # Only a body can tell null from absent; parameters leave both out.
        return "unset" if self.nullable and self.location == "body" else "none"


@dataclass(frozen=True)
class Body:
    content_type: str
    encoding: str  # "json", "form", "multipart" or "raw" (bytes or a file, sent as they are)
    model: TypeRef | None  # set when the body's properties are flattened into arguments
    value: Argument | None  # set when the whole body is one argument
    required: bool

    @property
    def built(self) -> TypeRef | None:
        """The model the method builds from its flattened arguments (JSON and form bodies;
        a multipart body's fields are sent one by one)."""
        return self.model if self.encoding in ("json", "form") else None


@dataclass(frozen=True)
class Response:
    status: str  # "202", "4XX" or "default"
    description: str
    type: TypeRef | None
    content_type: str | None


@dataclass(frozen=True)
class Raise:
    """An error status the operation documents, and the exception it raises."""

    status: str
    exception: Identifier
    description: str


@dataclass(frozen=True)
class Pagination:
    """A list operation whose pages can be walked, and how the runtime's walker reads a page.

    kind: "marker" (Box: ``marker`` <- ``next_marker``), "offset" (Box: ``offset``, up to
    ``total_count``), "cursor" (the next cursor is a field of the body: ``next_cursor``,
    ``nextPageToken``, ...), "after" (``has_more``, and the cursor is ``last_id`` or the last
    item's ``id``) or "link" (the query of the ``Link: <...>; rel="next"`` response header).
    Attribute names are the emitted models' (Python) names; ``param`` is a wire name.
    """

    kind: str
    method_name: Identifier  # the iterating method, e.g. iter_list_items
    pages_name: Identifier  # the method returning the first page, e.g. list_items_pages
    cursor: Identifier  # the argument that takes the cursor (left out of the iterating method)
    param: str  # its query parameter, which the walker sets for each next page
    switch: Identifier | None  # an argument that turns cursor paging on (Box: usemarker)
    item: TypeRef  # the type of one entry
    items: Identifier | None  # the page's attribute holding the entries; None: the page is the list
    next: tuple[Identifier, ...] = ()  # attribute path to the next cursor in the body
    more: Identifier | None = None  # the page's attribute saying whether another page follows
    last: Identifier | None = None  # the next cursor is this attribute of the page's last item
    total: Identifier | None = None  # offset paging: the page's attribute with the total count
    hidden: tuple[Identifier, ...] = ()  # paging arguments of another style or direction, left out

    @property
    def omitted(self) -> tuple[Identifier, ...]:
        """The operation's arguments the iterating method does not pass: the walker sets the cursor."""
        return (self.cursor, *self.hidden)


@dataclass(frozen=True)
class SecurityScheme:
    """How the client proves who it is, one way the document allows.

    kind: "bearer" (HTTP bearer, OAuth 2.0, OpenID Connect: ``Authorization:
    Bearer <token>``, from the client's ``token``), "basic" (HTTP basic, from
    ``username`` and ``password``) or "api_key" (sent in ``location``, a header,
    query parameter or cookie called ``wire``, from the client's ``argument``).
    """

    key: str  # its name under components/securitySchemes
    kind: str
    location: str
    wire: str
    argument: Identifier
    description: str | None = None


# Alternatives, each the names of the schemes to use together (OpenAPI's ``security``).
Security = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Operation:
    name: Identifier
    operation_id: str | None
    http_method: str
    path: str
    summary: str | None
    description: str | None
    deprecated: bool
    arguments: tuple[Argument, ...]  # positional ones first, in signature order
    body: Body | None
    returns: TypeRef | None
    responses: tuple[Response, ...]
    pointer: str
    raises: tuple[Raise, ...] = ()
    error_type: TypeRef | None = None  # the type every error body is declared as, if just one
    success_description: str | None = None
    accept: str | None = None  # the Accept header: media types of the declared responses
    returns_optional: bool = False  # a declared 304 Not Modified answers None
    # The arguments that ask for that 304 (If-None-Match, ...): the method is overloaded
    # to return None only when one of them is passed. Empty: no overloads.
    conditional: tuple[Identifier, ...] = ()
    pagination: Pagination | None = None
    stream_name: Identifier | None = None  # binary responses: the method that streams them
    server: str | None = None
    security: Security | None = None  # None: the document's own
    # The success response's declared headers: a model of them, the method that
    # returns them beside the body, and how each header's text is read ("int", "list:int", ...)
    headers: TypeRef | None = None
    headers_name: Identifier | None = None
    header_kinds: tuple[tuple[str, str], ...] = ()
    shadowed: tuple[str, ...] = ()  # builtins its module spells ``_builtins.<name>`` (types.Shadowed)
    example: examples.ExampleCall | None = None  # a call with realistic arguments (set by generator.examples)

    @property
    def json_body(self) -> bool:
        """Whether the request body is JSON (the method then takes ``extra_body``)."""
        return self.body is not None and self.body.encoding == "json"

    def builtin(self, name: str) -> types.TypeText:
        """A builtin the operation's code names (``int`` of ``max_retries``), as its module spells it."""
        return types.builtin(name, frozenset(self.shadowed))

    def spelled(self, t: TypeRef) -> types.TypeText:
        """A type the operation's code names, as its module spells it."""
        return types.annotation(t, frozenset(self.shadowed))

    @property
    def positional(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.is_positional)

    @property
    def keyword(self) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if not a.is_positional)

    @property
    def page_arguments(self) -> tuple[Argument, ...]:
        """The arguments of the iterating method: all but the paging ones."""
        paging = self.pagination
        if paging is None:
            return self.arguments
        return tuple(a for a in self.arguments if a.name not in (paging.cursor, paging.switch, *paging.hidden))

    def located(self, location: str) -> tuple[Argument, ...]:
        return tuple(a for a in self.arguments if a.location == location)

    @property
    def mentioned(self) -> list[TypeRef]:
        """Every model, enum and alias the operation's code names."""
        refs = [a.type for a in self.arguments]
        if self.body and self.body.model:
            refs.append(self.body.model)
        for extra in (
            self.returns, self.error_type, self.pagination.item if self.pagination else None, self.headers
        ):
            if extra is not None:
                refs.append(extra)
        return [t for ty in refs for t in ty.named()]

    @property
    def returns_annotation(self) -> types.TypeText:
        return types.optional(self.returns, self.returns_optional, frozenset(self.shadowed))

    @property
    def returns_unconditional(self) -> types.TypeText:
        """What the method returns when none of the ``conditional`` arguments is passed."""
        return types.optional(self.returns, False, frozenset(self.shadowed))

    @property
    def cast_to(self) -> types.TypeText:
        return types.cast_to(self.returns, self.returns_optional, frozenset(self.shadowed))

    @property
    def encoded(self) -> types.TypeText | None:
        """The type a JSON body given whole is encoded as (``_encode``'s first argument)."""
        if self.body and self.body.value and self.body.encoding == "json":
            return self.spelled(self.body.value.type)
        return None

    @property
    def type_texts(self) -> list[types.TypeText]:
        """Every type expression the operation's code prints (their imports are the module's)."""
        texts = [a.annotation for a in self.arguments]
        texts += [self.returns_annotation, self.returns_unconditional, self.cast_to]
        for ref in (self.body.built if self.body else None, self.error_type, self.headers):
            if ref is not None:
                texts.append(self.spelled(ref))
        if self.pagination:
            texts.append(self.spelled(self.pagination.item))
        texts.append(self.builtin("int"))  # max_retries
        if self.encoded is not None:
            texts.append(self.encoded)
        return texts


@dataclass(frozen=True)
class ResourceGroup:
    attribute: Identifier  # client.<attribute>
    module: Identifier  # resources/<module>.py
    class_name: Identifier
    async_class_name: Identifier
    description: str | None
    operations: tuple[Operation, ...]
    # The classes of its with_raw_response / with_streaming_response accessors: sync, async.
    raw_class_names: tuple[Identifier, Identifier] = (Identifier("WithRawResponse"), Identifier("AsyncWithRawResponse"))
    streaming_class_names: tuple[Identifier, Identifier] = (
        Identifier("WithStreamingResponse"),
        Identifier("AsyncWithStreamingResponse"),
    )


@dataclass(frozen=True)
class Api:
    title: str
    description: str | None
    api_version: str
    package: Identifier
    distribution: str
    package_version: str
    base_url: str | None
    groups: tuple[ResourceGroup, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]  # component-level (and parameter) enums, one module each
    aliases: tuple[Alias, ...]
    component_count: int  # schemas under components/schemas, every one emitted
    token_url: str | None = None  # the OAuth 2.0 token endpoint, for client credentials
    schemes: tuple[SecurityScheme, ...] = ()
    security: Security = ()
    exports: tuple[tuple[Identifier, Identifier], ...] = ()  # (name, module of the extras), re-exported by the package root
    # (name, module under models, class): another SDK's names for request models (generator.names_table)
    model_aliases: tuple[tuple[Identifier, Identifier, Identifier], ...] = ()
    optional_dependencies: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (extra, requirements)
    env_prefix: str | None = None  # what the client's environment variables' names start with
    request_id_header: str | None = None  # the response header with the request id, as configured
    digest: str = ""  # sha256 of the description's structure, its prose left out (generator.surface)

    @property
    def servers(self) -> list[str]:
        """The servers operations name for themselves, in order of first use."""
        return list(dict.fromkeys(op.server for g in self.groups for op in g.operations if op.server))

    @property
    def operation_count(self) -> int:
        return sum(len(g.operations) for g in self.groups)

    @property
    def class_count(self) -> int:
        """Every emitted model, enum and alias, inline ones included."""
        return len(self.models) + len(self.enums) + len(self.aliases) + sum(len(m.enums) for m in self.models)
