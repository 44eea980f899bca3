"""Type expressions of the emitted code, spelled once: their text and the names they need.

Every annotation and runtime type expression a template prints is a
``TypeText``: safe text (spec strings inside it, Literal values and
discriminator mapping keys, went through ``escape``) that carries the imports
it needs. A module's import list is the union of what its texts ask for
(``render.Imports``), so no template assembles a type or chooses an import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from generator.escape import Code, literal, pystr

if TYPE_CHECKING:
    from generator.ir import TypeRef


class Import(NamedTuple):
    """``from <module> import <name> [as <alias>]``; without a name, ``import <module> [as <alias>]``.

    source: "stdlib"; "runtime" (a module of the emitted package: "_serde",
    "_request"); or "models" (a module under models/, by its name).
    """

    source: str
    module: str
    name: str
    alias: str = ""


DATETIME = Import("stdlib", "datetime", "", "_dt")
BUILTINS = Import("stdlib", "builtins", "", "_builtins")

# The builtins a module spells ``_builtins.<name>``: those its resource class's
# methods or a builder's arguments are named after (``list``), which would
# otherwise be found under that name by type checkers and at run time.
Shadowed = frozenset[str]
NONE_SHADOWED: Shadowed = frozenset()


class TypeText(Code):
    """Emitted text of a type expression, with the imports it needs, and its structure.

    ``kind`` says how the text is made of ``parts`` (themselves ``TypeText``): "" for
    none (a name or literal, which no line break can split), "|" for a union of
    them, "[" or "(" for ``head`` subscripted or called with them, "{" for a dict
    display of them (each a ``key: value`` text). ``generator.layout`` splits a
    long line by this structure, where black would.
    """

    imports: frozenset[Import]
    kind: str
    head: str
    parts: tuple[TypeText, ...]

    def __new__(
        cls,
        text: str = "",
        imports: Iterable[Import] = (),
        kind: str = "",
        head: str = "",
        parts: Iterable[TypeText] = (),
    ) -> TypeText:
        self = super().__new__(cls, text)
        self.imports = frozenset(imports)
        self.kind, self.head, self.parts = kind, head, tuple(parts)
        return self


_CLOSING = {"[": "]", "(": ")", "{": "}"}


def typing_import(name: str, alias: str = "") -> Import:
    return Import("stdlib", "typing", name, alias)


def union(parts: Iterable[TypeText]) -> TypeText:
    """``A | B | ...``, a union in a union spelled flat; the imports of them all."""
    flat = [q for p in parts for q in (p.parts if p.kind == "|" else (p,))]
    if len(flat) == 1:
        return flat[0]
    return TypeText(" | ".join(map(str, flat)), [i for p in flat for i in p.imports], "|", "", flat)


def bracketed(kind: str, head: str, parts: Iterable[TypeText], extra: Iterable[Import] = ()) -> TypeText:
    """``head[parts]`` (``kind`` "["), ``head(parts)`` ("(") or ``{parts}`` ("{"); the imports of them all."""
    parts = tuple(parts)
    text = f"{head}{kind}{', '.join(map(str, parts))}{_CLOSING[kind]}"
    return TypeText(text, [i for p in parts for i in p.imports] + list(extra), kind, head, parts)


class Scalar(NamedTuple):
    """A type of the document's single values, and how the emitted code spells it.

    ``schema`` and ``formats`` say which schemas have it: a schema of that type
    and one of those formats ("": any other format, or none). ``imports``: what
    ``text`` needs; a scalar without any is a builtin, which a module may spell
    ``_builtins.<name>`` (``Shadowed``). ``plain``: a parameter of it is sent as
    its text, with no ``style`` to apply. How a value is decoded and encoded at
    run time is ``_serde``'s: a scalar that is not a builtin needs a codec there.
    """

    kind: str  # its ``TypeRef.kind``
    schema: str
    formats: tuple[str, ...]
    text: str
    imports: tuple[Import, ...] = ()
    plain: bool = True


# The one table of scalars: parsing reads schemas by it, annotations are spelled by it.
SCALARS = (
    Scalar("str", "string", ("",), "str"),
    Scalar("datetime", "string", ("date-time",), "_dt.datetime", (DATETIME,)),
    Scalar("date", "string", ("date",), "_dt.date", (DATETIME,)),
    Scalar("bytes", "string", ("binary",), "bytes", plain=False),
    Scalar("int", "integer", ("",), "int"),
    Scalar("float", "number", ("",), "float"),
    Scalar("bool", "boolean", ("",), "bool"),
)
_SCALAR = {s.kind: s for s in SCALARS}
_BY_FORMAT = {(s.schema, f): s for s in SCALARS for f in s.formats}
# Kinds of a parameter sent as its text: the plain scalars, an enum's value, a literal.
PLAIN_KINDS = frozenset({*(s.kind for s in SCALARS if s.plain), "enum", "literal"})


def scalar(schema_type: str | None, schema_format: object) -> Scalar | None:
    """The scalar a schema of ``schema_type`` and ``schema_format`` is, if it is one."""
    if schema_type is None:
        return None
    return _BY_FORMAT.get((schema_type, str(schema_format))) or _BY_FORMAT.get((schema_type, ""))


def builtin(name: str, shadowed: Shadowed = NONE_SHADOWED) -> TypeText:
    """A builtin type's name as a module that ``shadowed`` some can spell it."""
    return TypeText(f"_builtins.{name}", [BUILTINS]) if name in shadowed else TypeText(name)


def annotation(t: TypeRef, shadowed: Shadowed = NONE_SHADOWED) -> TypeText:
    """``t`` as an annotation (also a runtime expression: aliases and ``_encode`` use it so)."""

    def inner(ref: TypeRef) -> TypeText:
        return annotation(ref, shadowed)

    if t.kind in ("model", "enum", "alias"):
        assert t.name is not None and t.module is not None
        return TypeText(t.name, [Import("models", t.module, t.name)])
    if t.kind == "list":
        assert t.item is not None
        return _generic("list", [inner(t.item)], shadowed)
    if t.kind == "dict":
        assert t.item is not None
        return _generic("dict", [builtin("str", shadowed), inner(t.item)], shadowed)
    if t.kind == "tuple":
        return _generic("tuple", list(map(inner, t.options)), shadowed)
    if t.kind == "union" and t.discriminator is not None:
        pairs = [TypeText(f"{pystr(value)}: {pystr(option.name)}") for value, option in t.mapping]
        mapping = bracketed("{", "", pairs) if pairs else TypeText("{}")
        discriminator = bracketed("(", "Discriminator", [TypeText(pystr(t.discriminator)), mapping])
        extra = [typing_import("Annotated"), Import("runtime", "_serde", "Discriminator")]
        return bracketed("[", "Annotated", [union(map(inner, t.options)), discriminator], extra)
    if t.kind == "union":
        return union(map(inner, t.options))
    if t.kind == "any":
        return TypeText("Any", [typing_import("Any")])
    if t.kind == "file":
        return TypeText("FileContent", [Import("runtime", "_request", "FileContent")])
    if t.kind == "literal":
        return bracketed("[", "Literal", [TypeText(literal(t.value))], [typing_import("Literal")])
    if t.kind in _SCALAR:
        known = _SCALAR[t.kind]
        return TypeText(known.text, known.imports) if known.imports else builtin(known.text, shadowed)
    raise ValueError(f"no annotation for type kind {t.kind!r}")


def _generic(name: str, arguments: list[TypeText], shadowed: Shadowed) -> TypeText:
    """``list[...]`` and its kind: a builtin generic with its arguments."""
    head = builtin(name, shadowed)
    return bracketed("[", str(head), arguments, head.imports)


def declared(t: TypeRef, nullable: bool, default: str, shadowed: Shadowed = NONE_SHADOWED) -> TypeText:
    """The annotation of a field or argument, with ``None`` or ``Unset`` as its default calls for."""
    text = annotation(t, shadowed)
    extra = []
    if nullable or default == "none":
        extra.append(TypeText("None"))
    if default == "unset":
        extra.append(TypeText("Unset", [Import("runtime", "_serde", "Unset")]))
    return union([text, *extra])


def optional(t: TypeRef | None, none: bool, shadowed: Shadowed = NONE_SHADOWED) -> TypeText:
    """What an operation returns: ``t`` (``None`` if no body), or None as well (``none``: a 304)."""
    if t is None:
        return TypeText("None")
    text = annotation(t, shadowed)
    return union([text, TypeText("None")]) if none else text


# What a type's runtime expression is to a type checker, where ``type[T]`` is expected:
# "class" (list, dict, a model, str...: a ``type[T]`` as it is); "type" (a union,
# Any, an alias of either: it can be cast to ``type[T]``); "annotated" (an
# Annotated union, whose Discriminator(...) call mypy reads only in a string);
# "literal" (a Literal at the top: mypy allows no ``type[Literal[...]]``).
CLASS_KINDS = frozenset({"model", "enum", "list", "dict", "tuple", *_SCALAR})


def form(t: TypeRef, alias: Callable[[TypeRef], str] | None = None) -> str:
    """``t``'s form (see above); an alias's is its ``target``, or what ``alias`` says of it."""
    if t.kind in CLASS_KINDS:
        return "class"
    if t.kind == "alias":
        return alias(t) if alias is not None else t.target
    if t.kind == "literal":
        return "literal"
    if t.kind == "union":
        options = {form(o, alias) for o in t.options}
        if "literal" in options:
            return "literal"
        if t.discriminator is not None or "annotated" in options:
            return "annotated"
    return "type"


def target(t: TypeRef, alias: Callable[[TypeRef], str] | None = None) -> str:
    """The form of an alias whose target is ``t``: by its name, an Annotated union is a plain type."""
    shape = form(t, alias)
    return "type" if shape == "annotated" else shape


def cast_to(t: TypeRef | None, none: bool, shadowed: Shadowed = NONE_SHADOWED) -> TypeText:
    """The runtime type handed to the client for decoding, cast to ``type[T]`` only where it is not one.

    The method's declared return type decides ``T``; the cast only has to be one mypy accepts.
    """
    if t is None:
        return TypeText("NoneType", [Import("stdlib", "types", "NoneType")])
    if t.kind == "any" and not none:
        return builtin("object", shadowed)
    value = optional(t, none, shadowed)
    shape = form(t)
    if shape == "class" and not none:
        return value
    cast = typing_import("cast", "_cast")
    if shape == "literal":
        return bracketed("(", "_cast", [TypeText("Any"), value], [cast, typing_import("Any")])
    # `_Type`, not `type`: a parameter named `type` would shadow the builtin here.
    spelled = bracketed("[", "_Type", [value])
    if shape == "annotated":
        spelled = TypeText(pystr(spelled))
    return bracketed("(", "_cast", [spelled, value], [cast, typing_import("Type", "_Type")])
