"""How each field of a model is decoded and encoded: the choices behind its ``from_dict``/``to_dict``.

A model's module gets straight-line code (templates/model.py.j2), one
statement per field, no reflection at run time. Here each field's type
decides that statement: a scalar is checked inline (a value of the exact
builtin type needs nothing), a date, an enum, an array or a map of simple
items calls the runtime's ``_convert``, a model its own ``from_dict``. A type
that needs a decision at run time (a union, a tuple, an alias) goes to the
runtime's converters, made on first use: a module-level ``Lazy`` per such
type. The expressions are of the local ``v``; their text comes only from
identifiers, escaped literals and type expressions (``generator.types``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from generator import ir, types
from generator.escape import Code, literal, pystr
from generator.types import Import, TypeText

_CONVERT = "_convert"
# The builtins checked inline: their exact type, and the runtime's check for anything else.
_CHECKED = {"str": "check_str", "int": "check_int", "bool": "check_bool", "float": "check_float"}
_DATES = {"datetime": "decode_datetime", "date": "decode_date"}
_SIMPLE_ITEMS = frozenset({*_CHECKED, *_DATES, "model"})


class FieldCodec(NamedTuple):
    """One field's part of ``from_dict`` and ``to_dict``.

    presence: the field's default ("required", "none", "unset", "literal");
    ``default`` is the literal's text. ``nullable``: null decodes to None (no
    conversion). ``check``: the builtin whose exact type needs no conversion.
    ``decode``: the call converting ``v`` (None where ``v`` is kept). ``encode``:
    an expression of ``v``, None where ``v`` is sent as it is. Both are
    structured (``TypeText``), so that ``generator.layout`` splits them as black does.
    ``omit_none``: None is left out when encoding (the field's default is None).
    """

    name: str
    wire: Code
    presence: str
    default: Code | None
    nullable: bool
    check: Code | None
    decode: TypeText | None
    encode: TypeText | None
    omit_none: bool


class ModelCodec(NamedTuple):
    fields: tuple[FieldCodec, ...]
    lazies: tuple[tuple[Code, Code], ...]  # (module-level name, the type's text as a string literal)
    wires: tuple[Code, ...]  # every declared wire name, as string literals
    imports: frozenset[Import]
    models: bool  # whether other modules' models are reached through the models package
    # The wire names present, counted while decoding (None: two fields share one, so
    # no count tells that every key is declared): what ``data`` has if it has no unknown field.
    required: int | None


class _Builder:
    """The expressions of one model's module, and the lazily made converters they share."""

    def __init__(self, own: str) -> None:
        self.own = own
        self.lazies: dict[str, Code] = {}  # type text → its module-level name
        self.imports: set[Import] = set()
        self.models = False

    def _runtime(self, name: str) -> str:
        self.imports.add(Import("runtime", _CONVERT, name))
        return name

    def _class(self, t: ir.TypeRef) -> str:
        """A model or enum as this module reaches it at run time."""
        assert t.name is not None
        if t.module == self.own:
            return t.name
        self.models = True
        return f"_models.{t.name}"

    def lazy(self, t: ir.TypeRef) -> str:
        text = types.annotation(t)
        self.imports.update(i for i in text.imports if i.source != "models")
        if str(text) not in self.lazies:
            self.lazies[str(text)] = Code(f"_T{len(self.lazies)}")
        return self.lazies[str(text)]

    def function(self, t: ir.TypeRef) -> str | None:
        """A function of one value decoding ``t``, if there is one without ``Lazy``."""
        if t.kind in _CHECKED:
            return self._runtime(_CHECKED[t.kind])
        if t.kind in _DATES:
            return self._runtime(_DATES[t.kind])
        if t.kind == "model":
            return f"{self._class(t)}.from_dict"
        return None

    def decode(self, t: ir.TypeRef) -> tuple[Code | None, str | None, tuple[str, ...]]:
        """(the builtin needing no conversion, the function converting ``v``, its arguments)."""
        if t.kind in _CHECKED:
            return Code(t.kind), self._runtime(_CHECKED[t.kind]), ("v",)
        if t.kind in ("bytes", "any"):
            return None, None, ()
        if t.kind == "enum":
            return None, self._runtime("decode_enum"), (self._class(t), "v")
        if t.kind in ("list", "dict") and t.item is not None and t.item.kind in _SIMPLE_ITEMS:
            item = self.function(t.item)
            assert item is not None
            return None, self._runtime(f"decode_{t.kind}"), ("v", item)
        simple = self.function(t)
        if simple is not None:
            return None, simple, ("v",)
        return None, f"{self.lazy(t)}.decode", ("v",)

    def encode(self, t: ir.TypeRef) -> TypeText | None:
        """An expression encoding ``v`` of ``t``; None where it is sent as it is.

        A comprehension is a bracket of one part, which black splits at its brackets."""
        text = self._encode(t)
        if text is None or text[:1] not in "[{":
            return None if text is None else TypeText(text)
        return types.bracketed(text[0], "", [TypeText(text[1:-1])])

    def _encode(self, t: ir.TypeRef, value: str = "v", depth: int = 0) -> str | None:
        if _sent_as_is(t):
            return None
        if t.kind in _DATES:
            return f"{value}.isoformat()"
        if t.kind == "model":
            return f"{value}.to_dict()"
        if t.kind == "enum":
            self.imports.add(Import("stdlib", "enum", "Enum", "_Enum"))
            return f"{value}._value_ if isinstance({value}, _Enum) else {value}"
        if t.kind in ("list", "dict") and t.item is not None:
            if depth and not _sent_as_is(t.item):
                return f"{self.lazy(t)}.encode({value})"  # a comprehension in one is past a line's width
            item = f"x{depth}"
            inner = self._encode(t.item, item, depth + 1)
            if t.kind == "list":
                return f"list({value})" if inner is None else f"[{inner} for {item} in {value}]"
            if inner is None:
                return f"dict({value})"
            return f"{{k{depth}: {inner} for k{depth}, {item} in {value}.items()}}"
        return f"{self.lazy(t)}.encode({value})"


def _sent_as_is(t: ir.TypeRef) -> bool:
    return t.kind in _CHECKED or t.kind in ("bytes", "any", "literal")


def model_codec(model: ir.Model) -> ModelCodec:
    """The decoding and encoding of each of ``model``'s fields, in the dataclass's order."""
    builder = _Builder(model.module)
    fields = []
    for f in model.ordered_fields:
        presence = f.default
        check, decoder, arguments = builder.decode(f.type)
        call = None if decoder is None else types.bracketed("(", decoder, map(TypeText, arguments))
        fields.append(
            FieldCodec(
                name=f.name,
                wire=pystr(f.wire),
                presence=presence,
                default=literal(f.type.value) if presence == "literal" else None,
                nullable=f.nullable or presence == "none",
                check=check,
                decode=call,
                encode=builder.encode(f.type),
                omit_none=presence == "none",
            )
        )
    lazies = tuple((name, pystr(text)) for text, name in builder.lazies.items())
    return ModelCodec(
        fields=tuple(fields),
        lazies=lazies,
        wires=tuple(pystr(w) for w in sorted({f.wire for f in model.fields})),
        imports=frozenset(builder.imports),
        models=builder.models,
        required=(
            sum(f.presence == "required" for f in fields)
            if len({f.wire for f in model.fields}) == len(fields)
            else None
        ),
    )


def imports(codec: ModelCodec) -> Iterable[Import]:
    """What the module needs besides its annotations' imports for its codec."""
    yield from codec.imports
    # Aliased: a document may name a model Mapping or Lazy (the module's own class).
    yield Import("stdlib", "collections.abc", "Mapping", "_Mapping")
    yield Import("stdlib", "typing", "Any")
    yield Import("runtime", _CONVERT, "expect_object")
    yield Import("runtime", _CONVERT, "reflective")
    if codec.lazies:
        yield Import("runtime", _CONVERT, "Lazy", "_Lazy")
    if any(f.presence == "required" for f in codec.fields):
        yield Import("runtime", _CONVERT, "missing")
    if codec.fields:
        yield Import("runtime", "_serde", "DecodeError")
    yield Import("runtime", "_serde", "UNSET")
