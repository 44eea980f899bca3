"""Parts of the model as JSON, so a kept part is read back without unpickling anything.

The cache directory may be shared, or writable by someone else: unpickling
from it would run whatever code an entry names. Here an entry is JSON, and
decoding builds only the classes listed in ``_classes`` (the model's frozen
dataclasses and the few value types templates are given), from their fields.

Strings, numbers, booleans and null stand for themselves; anything else is a
JSON array whose first item says what it is: ``["i", identifier]``,
``["c", code]``, ``["T", text, *imports]`` (a type expression),
``["Y", text, kind, head, [*parts], *imports]`` (one with a structure), ``["t", *items]``
(a tuple), ``["l", *items]``, ``["f", *items]`` (a frozenset),
``["d", key, value, ...]``, or ``[class name, *fields in order]``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import operator
from typing import Any, Callable

from generator import codecs, examples, ir, outline, render, types
from generator.escape import Code
from generator.naming import Identifier


class DecodeError(ValueError):
    """An entry that is not what ``encode`` writes: a damaged entry, taken as a miss."""


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, tuple[type, tuple[str, ...]]]:
    """The classes an entry may name, with the fields each is built from."""
    found: list[type] = [render.Imports, render.RuntimeSettings]
    found += [
        value
        for module in (ir, outline, examples)
        for value in vars(module).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == module.__name__
    ]
    classes = {cls.__name__: (cls, tuple(f.name for f in dataclasses.fields(cls))) for cls in found}
    for named in (types.Import, codecs.ModelCodec, codecs.FieldCodec):
        classes[named.__name__] = (named, named._fields)
    return classes


def _encoders() -> dict[type, Callable[[Any], Any]]:
    """How each kind of value is written: by exact type, so a subclass is never taken for its base."""
    if _ENCODERS:
        return _ENCODERS
    encoders: dict[type, Callable[[Any], Any]] = {
        Identifier: lambda v: ["i", str(v)],
        Code: lambda v: ["c", str(v)],
        types.TypeText: _type_text,
        tuple: lambda v: ["t", *[_encode(item) for item in v]],
        list: lambda v: ["l", *[_encode(item) for item in v]],
        frozenset: lambda v: ["f", *sorted((_encode(item) for item in v), key=json.dumps)],
        dict: lambda v: ["d", *[_encode(x) for pair in v.items() for x in pair]],
    }
    for name, (cls, fields) in _classes().items():
        encoders[cls] = _class_encoder(name, operator.attrgetter(*fields) if len(fields) > 1 else _one(fields))
    _ENCODERS.update(encoders)
    return _ENCODERS


def _type_text(v: types.TypeText) -> list[Any]:
    imports = [_encode(i) for i in sorted(v.imports)]
    if not v.kind:
        return ["T", str(v), *imports]
    return ["Y", str(v), v.kind, v.head, [_type_text(p) for p in v.parts], *imports]


_ENCODERS: dict[type, Callable[[Any], Any]] = {}  # filled when first needed (the model's classes are imported)


def _one(fields: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    return lambda v: tuple(getattr(v, name) for name in fields)


def _class_encoder(name: str, values: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return lambda v: [name, *[_encode(item) for item in values(v)]]


_PLAIN = (str, int, float, bool, type(None))


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:
        return value
    encoder = (_ENCODERS or _encoders()).get(kind)
    if encoder is None:
        raise TypeError(f"{kind.__name__} cannot be kept in the cache: add it to the codec")
    return encoder(value)


def encode(context: dict[str, Any]) -> str:
    """A part's context (see ``render.Part``) as JSON text."""
    return json.dumps(_encode(context), ensure_ascii=False, separators=(",", ":"))


def decode(text: str | bytes) -> dict[str, Any]:
    """The context ``encode`` wrote (``DecodeError`` for anything else)."""
    try:
        value = _decode(json.loads(text))
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise DecodeError(str(exc)) from None
    if not isinstance(value, dict):
        raise DecodeError("not a context")
    return value


def _decode(node: Any) -> Any:
    kind = type(node)
    if kind is not list:
        if kind in _PLAIN:
            return node
        raise DecodeError(f"unexpected {kind.__name__}")
    tag, items = node[0], node[1:]
    if tag == "i":
        return Identifier(_text(items))
    if tag == "c":
        return Code(_text(items))
    if tag == "T":
        return types.TypeText(_text(items[:1]), [_decode(i) for i in items[1:]])
    if tag == "Y":
        text, shape, head, parts = _text(items[:1]), _text(items[1:2]), _text(items[2:3]), items[3]
        if type(parts) is not list:
            raise DecodeError("not a list of parts")
        return types.TypeText(text, [_decode(i) for i in items[4:]], shape, head, [_decode(p) for p in parts])
    if tag == "t":
        return tuple(_decode(item) for item in items)
    if tag == "l":
        return [_decode(item) for item in items]
    if tag == "f":
        return frozenset(_decode(item) for item in items)
    if tag == "d":
        decoded = [_decode(item) for item in items]
        return dict(zip(decoded[::2], decoded[1::2]))
    cls, fields = _classes()[tag]  # KeyError: not one of ours
    if len(items) != len(fields):
        raise DecodeError(f"{tag} with {len(items)} fields")
    return cls(**{name: _decode(item) for name, item in zip(fields, items)})


def _text(items: list[Any]) -> str:
    if len(items) != 1 or type(items[0]) is not str:
        raise DecodeError("not a text")
    return str(items[0])
