"""Parts of the model as JSON, so a kept part is read back without unpickling anything.

The cache directory may be shared, or writable by someone else: unpickling
from it would run whatever code an entry names. Here an entry is JSON, and
decoding builds only the classes listed in ``_CLASSES`` (the model's frozen
dataclasses and the few value types templates are given), from their fields.

Every value is a JSON list, so that a tag cannot be mistaken for data:
``["s", text]``, ``["i", identifier]``, ``["c", code]``, ``["T", text, imports]``
(a type expression), ``["n", value]`` (None, a bool, a number), ``["t", items]``,
``["l", items]``, ``["f", items]``, ``["d", [[key, value], ...]]``, and
``[class name, field values in order]``.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

from generator import ir, render, types
from generator.escape import Code
from generator.naming import Identifier


class DecodeError(ValueError):
    """An entry that is not what ``encode`` writes: a damaged entry, taken as a miss."""


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, type]:
    found: dict[str, type] = {"Imports": render.Imports, "RuntimeSettings": render.RuntimeSettings}
    found["Import"] = types.Import
    for name in dir(ir):
        value = getattr(ir, name)
        if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == ir.__name__:
            found[name] = value
    return found


_FIELDS: dict[type, tuple[str, ...]] = {}


def _fields(cls: type) -> tuple[str, ...]:
    names = _FIELDS.get(cls)
    if names is None:
        if dataclasses.is_dataclass(cls):
            names = tuple(f.name for f in dataclasses.fields(cls) if f.init)
        else:
            names = tuple(getattr(cls, "_fields"))  # a NamedTuple
        _FIELDS[cls] = names
    return names


def encode(context: dict[str, Any]) -> Any:
    """A part's context (see ``render.Part``) as a value for ``json.dumps``."""
    return _encode(context)


def _encode(value: Any) -> Any:
    kind = type(value)
    if kind is str:
        return ["s", value]
    if kind is Identifier:
        return ["i", str(value)]
    if kind is types.TypeText:
        return ["T", str(value), [_encode(i) for i in sorted(value.imports)]]
    if kind is Code:
        return ["c", str(value)]
    if value is None or kind in (bool, int, float):
        return ["n", value]
    if kind is tuple:
        return ["t", [_encode(item) for item in value]]
    if kind is list:
        return ["l", [_encode(item) for item in value]]
    if kind is frozenset:
        return ["f", sorted((_encode(item) for item in value), key=json.dumps)]
    if kind is dict:
        return ["d", [[_encode(k), _encode(v)] for k, v in value.items()]]
    if _classes().get(kind.__name__) is kind:
        return [kind.__name__, [_encode(getattr(value, name)) for name in _fields(kind)]]
    raise TypeError(f"{kind.__name__} cannot be kept in the cache: add it to the codec")


def decode(tree: Any) -> dict[str, Any]:
    """The context ``encode`` gave, from ``json.loads`` of it (``DecodeError`` for anything else)."""
    try:
        value = _decode(tree)
    except (ValueError, TypeError, KeyError, IndexError, RecursionError) as exc:
        raise DecodeError(str(exc)) from None
    if not isinstance(value, dict):
        raise DecodeError("not a context")
    return value


_SCALARS = (bool, int, float, type(None))


def _decode(node: Any) -> Any:
    tag, body = node[0], node[1]
    if tag == "s" and isinstance(body, str):
        return body
    if tag == "i" and isinstance(body, str):
        return Identifier(body)
    if tag == "c" and isinstance(body, str):
        return Code(body)
    if tag == "T" and isinstance(body, str):
        return types.TypeText(body, [_decode(i) for i in node[2]])
    if tag == "n" and isinstance(body, _SCALARS):
        return body
    if not isinstance(body, list):
        raise DecodeError(f"a {tag!r} without items")
    if tag == "t":
        return tuple(_decode(item) for item in body)
    if tag == "l":
        return [_decode(item) for item in body]
    if tag == "f":
        return frozenset(_decode(item) for item in body)
    if tag == "d":
        return {_decode(key): _decode(value) for key, value in body}
    cls = _classes().get(tag)
    if cls is None:
        raise DecodeError(f"not a class of the model: {tag!r}")
    names = _fields(cls)
    if len(body) != len(names):
        raise DecodeError(f"{tag} with {len(body)} fields")
    return cls(**{name: _decode(item) for name, item in zip(names, body)})
