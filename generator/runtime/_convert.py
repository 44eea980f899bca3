"""What the models' own ``from_dict`` and ``to_dict`` call besides inline code.

Each model is emitted with straight-line decoding and encoding (one statement
per field, chosen by the generator for the field's type). Scalars are checked
inline; what takes more than a line is here: dates, enums, arrays and maps of
simple items. A type whose value needs a decision at run time (a union, a
tuple, an alias) is converted by ``_serde``'s converters, made on first use
(``Lazy``). Decoding and encoding behave as ``_serde``'s reflective codec does.
"""

from __future__ import annotations

import enum
import importlib
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from ._scalars import PRIMITIVES, Converter, decode_date, decode_datetime, kind
from ._serde import Model, _codec, _converters, _Names
from ._values import DecodeError

__all__ = [
    "Lazy",
    "check_bool",
    "check_float",
    "check_int",
    "check_str",
    "decode_date",
    "decode_datetime",
    "decode_dict",
    "decode_enum",
    "decode_list",
    "expect_object",
    "missing",
    "reflective",
]

_M = TypeVar("_M", bound=Model)

check_str = PRIMITIVES[str]
check_int = PRIMITIVES[int]
check_bool = PRIMITIVES[bool]
check_float = PRIMITIVES[float]


def expect_object(data: Any, cls: type[Model]) -> Mapping[str, Any]:
    """``data`` if it is an object (a mapping); else the error decoding ``cls`` from it is."""
    if isinstance(data, Mapping):
        return data
    raise DecodeError(f"expected an object for {cls.__name__}, got {kind(data)}")


def reflective(cls: type[_M], data: Any) -> _M:
    """``cls`` decoded by its annotations: a subclass of a model, whose own fields
    its model's ``from_dict`` does not know."""
    return typing.cast(_M, _codec(cls).decode(data))


def missing(cls: type[Model], wire: str) -> DecodeError:
    return DecodeError(f"required field {wire!r} of {cls.__name__} is missing")


def decode_enum(cls: type[enum.Enum], value: Any) -> Any:
    """A member of ``cls``; a value it does not declare is kept (see ``StrEnum``)."""
    # Exact types: True and 1.0 are 1 to a dict, but neither is an integer here
    # (and no string equals an integer: a value is looked up only among its kind).
    if type(value) is str or type(value) is int:
        member = cls._value2member_map_.get(value)
        if member is not None:
            return member
    return _converters(cls)[0](value)


def decode_list(value: Any, item: Converter) -> list[Any]:
    if not isinstance(value, list):
        raise DecodeError(f"expected an array, got {kind(value)}")
    try:
        return [item(v) for v in value]
    except DecodeError:
        pass
    for index, v in enumerate(value):  # again, one by one, to say where
        try:
            item(v)
        except DecodeError as exc:
            raise exc.within(index) from None
    raise AssertionError("unreachable: an item failed once")  # pragma: no cover


def decode_dict(value: Any, item: Converter) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise DecodeError(f"expected an object, got {kind(value)}")
    try:
        return {k: item(v) for k, v in value.items()}
    except DecodeError:
        pass
    for key, v in value.items():  # again, one by one, to say where
        try:
            item(v)
        except DecodeError as exc:
            raise exc.within(key) from None
    raise AssertionError("unreachable: an item failed once")  # pragma: no cover


class Lazy:
    """The converters of a type a model module spells ``text``, made on first use.

    On first use, not on import: the type may name models of other modules,
    which import this one.
    """

    __slots__ = ("_module", "_text", "decode", "encode")

    def __init__(self, module: str, text: str) -> None:
        self._module = module
        self._text = text
        self.decode: Converter = self._decode
        self.encode: Converter = self._encode

    def _resolve(self) -> None:
        namespace = vars(importlib.import_module(self._module))
        # The text is a type expression the generator wrote (escaped), as annotations are.
        tp = eval(self._text, namespace, _Names(self._module))
        self.decode, self.encode = _converters(tp)

    def _decode(self, value: Any) -> Any:
        self._resolve()
        return self.decode(value)

    def _encode(self, value: Any) -> Any:
        self._resolve()
        return self.encode(value)
