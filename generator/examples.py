"""An example call for every method: realistic arguments, decided here, laid out by the templates.

Each argument's value comes from the description's own examples where it has
them (kept as JSON text in the model by ``generator.parse.examples``) and fits
the argument's type; otherwise from the type: an enum's first member, a model
built from its required fields, a placeholder named after the argument. The
call is a structured value (``ExampleCall`` of ``ExampleValue``\\ s); ``code`` writes a value
as a Python expression made only of literals (through ``escape``), model and
enum names (identifiers), and ``datetime`` constructors of integers, so no
document text can become code. The filters ``example_arguments`` (the written
arguments), ``in_docstring`` and ``fence_safe`` (a README code block) are here too.

Required arguments are shown positionally; optional ones only where the
description gives them an example (at most ``MAX_OPTIONAL``). Sizes are bounded
(``MAX_DEPTH``, ``MAX_MODELS``, ``MAX_WIDTH``), so a large or hostile document
makes examples in time linear in its operations.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from dataclasses import dataclass
from typing import Any

from generator import ir
from generator.escape import Code, literal, pystr
from generator.naming import Identifier

MISSING: Any = object()  # no example for this value
MAX_DEPTH = 10  # values inside values: deeper, the example is not used (and a placeholder is None)
MAX_ITEMS = 3  # items of a list shown from an example
MAX_MODELS = 20  # models built for one argument: past it, a model's value is None
MAX_OPTIONAL = 3  # optional arguments shown, those the description gives an example for
MAX_WIDTH = 300  # an example value longer than this, written, gives way to the placeholder
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?)?\Z"
)


@dataclass(frozen=True)
class ExampleValue:
    """One value of an example call.

    kind: "literal" (``literal``: str, int, float, bool or None), "bytes" (``literal``: its
    text), "list"/"tuple" (``items``), "dict" (``keys`` and ``items``), "model" (``name``,
    and ``keys``: field names, with ``items``), "enum" (``name`` and ``member``), "datetime"
    or "date" (``parts``: year, month, day[, hour, minute, second], UTC).
    """

    kind: str
    literal: str | int | float | bool | None = None
    items: tuple[ExampleValue, ...] = ()
    keys: tuple[str, ...] = ()
    name: Identifier | None = None
    member: Identifier | None = None
    parts: tuple[int, ...] = ()


@dataclass(frozen=True)
class ExampleArgument:
    name: Identifier | None  # None: passed positionally
    value: ExampleValue


@dataclass(frozen=True)
class ExampleCall:
    """``client.<resource>.<method>(<arguments>)``."""

    resource: Identifier
    method: Identifier
    arguments: tuple[ExampleArgument, ...]

    @property
    def uses_datetime(self) -> bool:
        return any(_uses_datetime(a.value) for a in self.arguments)


def _uses_datetime(value: ExampleValue) -> bool:
    return value.kind in ("datetime", "date") or any(_uses_datetime(v) for v in value.items)


def code(value: ExampleValue) -> Code:
    """``value`` as a Python expression: literals through ``escape``, names that are identifiers."""
    if value.kind == "literal":
        return literal(value.literal)
    if value.kind == "bytes":
        return Code(repr(str(value.literal).encode("utf-8")))
    if value.kind in ("datetime", "date"):
        numbers = ", ".join(str(int(n)) for n in value.parts)
        if value.kind == "date":
            return Code(f"datetime.date({numbers})")
        return Code(f"datetime.datetime({numbers}, tzinfo=datetime.timezone.utc)")
    if value.kind == "enum":
        return Code(f"models.{Identifier(value.name or '')}.{Identifier(value.member or '')}")
    inner = [code(v) for v in value.items]
    if value.kind == "list":
        return Code("[" + ", ".join(inner) + "]")
    if value.kind == "tuple":
        return Code("(" + ", ".join(inner) + ("," if len(inner) == 1 else "") + ")")
    if value.kind == "dict":
        return Code("{" + ", ".join(f"{pystr(k)}: {v}" for k, v in zip(value.keys, inner)) + "}")
    fields = ", ".join(f"{Identifier(k)}={v}" for k, v in zip(value.keys, inner))
    return Code(f"models.{Identifier(value.name or '')}({fields})")


def arguments(call: ExampleCall) -> list[Code]:
    """The call's arguments as written: ``value`` or ``name=value`` (the ``example_arguments`` filter)."""
    return [Code(f"{a.name}={code(a.value)}" if a.name else code(a.value)) for a in call.arguments]


def in_docstring(text: Any, indent: int = 0) -> Code:
    """An example call for inside a docstring, that reads there as it is written.

    Backslashes are doubled (so the literals' escapes stay escapes) and a run of three
    quotes is escaped (it would end the docstring); continuation lines are indented.
    ``code`` writes no other character a docstring could take for something else:
    ``repr`` escapes every control, format and line-breaking character.
    """
    escaped = str(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    return Code(escaped.replace("\n", "\n" + " " * indent))


def fence_safe(text: Any) -> Code:
    """Example code for a Markdown code block: no backticks, so no value can close the fence.

    Backticks only occur inside the string and bytes literals ``code`` writes, where ``\\x60`` means the same.
    """
    return Code(str(text).replace("`", "\\x60"))


@dataclass(frozen=True)
class _Types:
    """The API's named types, by name."""

    models: dict[str, ir.Model]
    enums: dict[str, ir.Enum]
    aliases: dict[str, ir.TypeRef]
    # Models built for the argument at hand: models requiring models requiring models could
    # otherwise make an example (and the time to make it) grow exponentially with MAX_DEPTH.
    built: list[int] = dataclasses.field(default_factory=lambda: [0])


def attach(api: ir.Api) -> ir.Api:
    """``api`` with an example call on every operation."""
    known = _Types(
        models={m.name: m for m in api.models},
        enums={e.name: e for e in (*api.enums, *(e for m in api.models for e in m.enums))},
        aliases={a.name: a.type for a in api.aliases},
    )
    groups = tuple(
        dataclasses.replace(
            g,
            operations=tuple(dataclasses.replace(op, example=call(op, g.attribute, known)) for op in g.operations),
        )
        for g in api.groups
    )
    return dataclasses.replace(api, groups=groups)


def call(op: ir.Operation, resource: Identifier, known: _Types) -> ExampleCall:
    arguments = [ExampleArgument(None, _argument(a, known)) for a in op.positional]
    # Required keyword-only arguments (a names table's) always; then a few optional ones with
    # an example, never a constant or a one-value enum (a caller has no choice to make there).
    required = [a for a in op.keyword if a.default == "required"]
    shown = [a for a in op.keyword if a.example is not None and a.default not in ("literal", "only", "required")]
    arguments += [ExampleArgument(a.name, _argument(a, known)) for a in required + shown[:MAX_OPTIONAL]]
    return ExampleCall(resource, op.name, tuple(arguments))


def _argument(a: ir.Argument, known: _Types) -> ExampleValue:
    known.built[0] = 0
    return _value(a.type, _parsed(a.example), str(a.wire or a.name), known, 0, a.nullable)


def _parsed(text: str | None) -> Any:
    if text is None:
        return MISSING
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return MISSING


def _value(
    t: ir.TypeRef,
    raw: Any,
    name: str,
    known: _Types,
    depth: int,
    nullable: bool = False,
) -> ExampleValue:
    """The value for type ``t``: from ``raw`` (the description's example) where it fits and is not
    too long, else the placeholder."""
    if raw is None and nullable:
        return ExampleValue("literal", None)
    if raw is not MISSING:
        made = _from_example(t, raw, name, known, depth)
        if made is not None and len(code(made)) <= MAX_WIDTH:
            return made
    return _placeholder(t, name, known, depth)


def _from_example(t: ir.TypeRef, raw: Any, name: str, known: _Types, depth: int) -> ExampleValue | None:
    """``raw`` as a value of type ``t``, or None where it does not fit."""
    kind = t.kind
    if kind == "alias" and depth < MAX_DEPTH:
        target = known.aliases.get(t.name or "")
        return None if target is None else _from_example(target, raw, name, known, depth + 1)
    if kind == "union":
        for option in t.options:
            made = _from_example(option, raw, name, known, depth)
            if made is not None:
                return made
        return None
    if kind in (
        "str",
        "int",
        "float",
        "bool",
        "any",
        "datetime",
        "date",
        "bytes",
        "file",
        "literal",
    ):
        return _scalar(kind, t, raw)
    if kind == "enum":
        enum = known.enums.get(t.name or "")
        member = (
            next(
                (m for m in enum.members if m.value == raw and type(m.value) is type(raw)),
                None,
            )
            if enum
            else None
        )
        return None if member is None else ExampleValue("enum", name=t.name, member=member.name)
    if kind == "list" and t.item is not None and isinstance(raw, list):
        items = [_from_example(t.item, r, name, known, depth + 1) for r in raw[:MAX_ITEMS]]
        return None if any(i is None for i in items) else ExampleValue("list", items=tuple(i for i in items if i))
    if kind == "dict" and t.item is not None and isinstance(raw, dict):
        pairs = [(str(k), _from_example(t.item, v, str(k), known, depth + 1)) for k, v in list(raw.items())[:MAX_ITEMS]]
        if any(v is None for _, v in pairs):
            return None
        return ExampleValue(
            "dict",
            keys=tuple(k for k, _ in pairs),
            items=tuple(v for _, v in pairs if v),
        )
    if kind == "model" and isinstance(raw, dict) and depth < MAX_DEPTH:
        return _model(t, raw, known, depth)
    return None


def _scalar(kind: str, t: ir.TypeRef, raw: Any) -> ExampleValue | None:
    if kind == "literal":
        return ExampleValue("literal", t.value) if raw == t.value else None
    if kind == "any":
        return _json(raw, 0)
    if kind in ("bytes", "file"):
        return ExampleValue("bytes", raw) if isinstance(raw, str) else None
    if kind in ("datetime", "date"):
        return _moment(kind, raw) if isinstance(raw, str) else None
    if kind == "str":
        return ExampleValue("literal", raw) if isinstance(raw, str) else None
    if kind == "bool":
        return ExampleValue("literal", raw) if isinstance(raw, bool) else None
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return None
    if kind == "int":
        return ExampleValue("literal", raw) if isinstance(raw, int) else None
    return ExampleValue("literal", float(raw)) if abs(raw) < 1e300 else None


def _moment(kind: str, raw: str) -> ExampleValue | None:
    """An RFC 3339 date or date-time as the integers of its date (or its UTC time), or None."""
    matched = _ISO.match(raw.strip())
    if matched is None or (kind == "datetime" and matched.group(4) is None):
        return None
    y, mo, d, h, mi, sec, _, sign, oh, om = matched.groups()
    try:
        if kind == "date":
            day = datetime.date(int(y), int(mo), int(d))
            return ExampleValue("date", parts=(day.year, day.month, day.day))
        offset = datetime.timedelta(hours=int(oh or 0), minutes=int(om or 0)) * (-1 if sign == "-" else 1)
        moment = datetime.datetime(int(y), int(mo), int(d), int(h), int(mi), int(sec), tzinfo=datetime.timezone(offset))
        utc = moment.astimezone(datetime.timezone.utc)
    except (ValueError, OverflowError):
        return None
    return ExampleValue("datetime", parts=(utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second))


def _json(raw: Any, depth: int) -> ExampleValue | None:
    """A JSON value as literals (for a value typed Any)."""
    if raw is None or isinstance(raw, (str, bool, int)):
        return ExampleValue("literal", raw)
    if isinstance(raw, float):
        return ExampleValue("literal", raw) if abs(raw) < 1e300 else None
    if depth >= MAX_DEPTH:
        return None
    if isinstance(raw, list):
        items = [_json(r, depth + 1) for r in raw]
        return None if any(i is None for i in items) else ExampleValue("list", items=tuple(i for i in items if i))
    if isinstance(raw, dict):
        pairs = [(str(k), _json(v, depth + 1)) for k, v in raw.items()]
        if any(v is None for _, v in pairs):
            return None
        return ExampleValue(
            "dict",
            keys=tuple(k for k, _ in pairs),
            items=tuple(v for _, v in pairs if v),
        )
    return None


def _model(t: ir.TypeRef, raw: dict[str, Any], known: _Types, depth: int) -> ExampleValue | None:
    model = known.models.get(t.name or "")
    known.built[0] += 1
    if model is None or known.built[0] > MAX_MODELS:
        return None
    keys: list[str] = []
    items: list[ExampleValue] = []
    for f in model.ordered_fields:
        if f.read_only or f.default == "literal":
            continue
        if f.wire in raw:
            keys.append(f.name)
            items.append(_value(f.type, raw[f.wire], f.wire, known, depth + 1, f.nullable))
        elif f.required:
            keys.append(f.name)
            items.append(_value(f.type, _parsed(f.example), f.wire, known, depth + 1, f.nullable))
    return ExampleValue("model", name=t.name, keys=tuple(keys), items=tuple(items))


def _placeholder(t: ir.TypeRef, name: str, known: _Types, depth: int) -> ExampleValue:
    """A value of type ``t`` made up where the description gives none: named after the argument."""
    kind = t.kind
    if kind in ("alias", "model", "enum", "union") and depth < MAX_DEPTH:
        if kind == "alias" and (t.name or "") in known.aliases:
            return _placeholder(known.aliases[t.name or ""], name, known, depth + 1)
        if kind == "model":
            made = _model(t, {}, known, depth)
            if made is not None:
                return made
        enum = known.enums.get(t.name or "") if kind == "enum" else None
        if enum is not None and enum.members:
            return ExampleValue("enum", name=t.name, member=enum.members[0].name)
        if kind == "union" and t.options:
            usable = [o for o in t.options if o.kind != "literal"] or list(t.options)
            return _placeholder(usable[0], name, known, depth)
    if kind == "list" and t.item is not None and depth < MAX_DEPTH:
        return ExampleValue("list", items=(_placeholder(t.item, name, known, depth + 1),))
    if kind == "tuple" and depth < MAX_DEPTH:
        return ExampleValue(
            "tuple",
            items=tuple(_placeholder(o, name, known, depth + 1) for o in t.options),
        )
    if kind == "dict" and t.item is not None and depth < MAX_DEPTH:
        return ExampleValue(
            "dict",
            keys=("key",),
            items=(_placeholder(t.item, "value", known, depth + 1),),
        )
    if kind in ("alias", "model", "enum", "union", "list", "tuple", "dict"):
        return ExampleValue("literal", None)  # past the limits: what the caller must fill in
    return _PLACEHOLDERS.get(kind) or (
        ExampleValue("literal", t.value)
        if kind == "literal"
        else ExampleValue("bytes" if kind in ("bytes", "file") else "literal", name)
    )


_PLACEHOLDERS = {
    "int": ExampleValue("literal", 1),
    "float": ExampleValue("literal", 1.5),
    "bool": ExampleValue("literal", True),
    "datetime": ExampleValue("datetime", parts=(2024, 1, 1, 12, 0, 0)),
    "date": ExampleValue("date", parts=(2024, 1, 1)),
}
