"""JSON ⇄ typed models, written once and shared by every model of the package.

A model is a dataclass whose annotations say what each field holds. Emitted
models carry their own straight-line ``from_dict`` and ``to_dict`` (see
``_convert``); for the rest (a model written by hand, lenient decoding, a model
that drifted, unions telling their options apart) the first time a model is
decoded or encoded, its annotations are turned into a small codec (one
converter per field), which is cached for the life of the process.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import enum
import importlib
import types
import typing
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar, TypeVar, Union

from ._request_id import HEADERS_KEY, request_id
from ._scalars import (
    PRIMITIVES,
    Converter,
    decode_date,
    decode_datetime,
    enum_converter,
    identity,
    kind,
    literal,
)
from ._unions import choose, tag_values
from ._values import (
    MISSING,
    UNSET,
    DecodeError,
    Discriminator,
    IntEnum,
    Missing,
    StrEnum,
    Unset,
)

__all__ = [
    "UNSET",
    "Unset",
    "MISSING",
    "Missing",
    "Model",
    "StrEnum",
    "IntEnum",
    "Discriminator",
    "DecodeError",
    "decode",
    "encode",
    "to_json",
]


_M = TypeVar("_M", bound="Model")


@dataclasses.dataclass
class Model:
    """Base of every model: ``from_dict``/``to_dict`` and the fields the API did not declare."""

    extra_fields: dict[str, Any] = dataclasses.field(
        default_factory=dict, kw_only=True, repr=False, compare=False
    )
    """Fields the server sent that the API description does not declare (kept, not dropped)."""

    # Set on an instance by lenient decoding: the fields holding (or containing)
    # a value kept as received, which ``to_dict`` sends back as it came.
    _drifted: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def from_dict(cls: type[_M], data: Mapping[str, Any]) -> _M:
        """Build the model from decoded JSON; raises ``DecodeError`` on a mismatch."""
        return typing.cast(_M, _codec(cls).decode(data))

    def to_dict(self) -> dict[str, Any]:
        """The JSON object for this model: unset fields left out, unknown fields kept."""
        return _codec(type(self)).encode(self)

    @property
    def _request_id(self) -> str | None:
        """The id the server gave the request this model is the answer to, if it sent one.

        Set on what a method returns, not on the models nested in it.
        """
        return request_id(self.__dict__.get(HEADERS_KEY))


def decode(tp: Any, value: Any) -> Any:
    """Decode JSON ``value`` as type ``tp`` (a model, ``list[...]``, a primitive, ...)."""
    return _converters(tp)[0](value)


def encode(tp: Any, value: Any) -> Any:
    """Encode ``value`` of type ``tp`` as JSON-ready data."""
    return _converters(tp)[1](value)


def to_json(value: Any) -> Any:
    """JSON-ready data for a value whose type is not known statically (models, enums, dates)."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: to_json(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json(item) for item in value]
    return value


# ---------------------------------------------------------------- internals


class _Codec:
    __slots__ = ("cls", "fields", "hints", "wire_names", "required_wires", "tags")

    def __init__(self, cls: type[Model]) -> None:
        hints = typing.get_type_hints(
            cls, localns=_Names(cls.__module__), include_extras=True
        )
        self.cls = cls
        self.hints = hints
        # (python name, wire name, decode, encode, required, omit None when encoding)
        self.fields: list[tuple[str, str, Converter, Converter, bool, bool]] = []
        for f in dataclasses.fields(cls):
            if f.name == "extra_fields":
                continue
            required = (
                f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING
            )
            decoder, encoder = _converters(hints[f.name])
            omit_none = not required and f.default is None
            self.fields.append(
                (
                    f.name,
                    f.metadata.get("wire", f.name),
                    decoder,
                    encoder,
                    required,
                    omit_none,
                )
            )
        self.wire_names = frozenset(wire for _, wire, *_ in self.fields)
        self.required_wires = tuple(
            wire for _, wire, _, _, required, _ in self.fields if required
        )
        # What tells this model apart in a union without a discriminator. A field
        # whose default is None is optional, not nullable: its None means absent.
        self.tags: tuple[tuple[str, frozenset[Any]], ...] = tuple(
            (f.metadata.get("wire", f.name), allowed)
            for f in dataclasses.fields(cls)
            if f.name != "extra_fields"
            and (allowed := tag_values(hints[f.name], f.default is not None))
            is not None
        )

    def decode(self, data: Any) -> Model:
        if not isinstance(data, Mapping):
            raise DecodeError(
                f"expected an object for {self.cls.__name__}, got {kind(data)}"
            )
        values: dict[str, Any] = {}
        for name, wire, decoder, _, required, _ in self.fields:
            if wire in data:
                try:
                    values[name] = decoder(data[wire])
                except DecodeError as exc:
                    raise exc.within(wire) from None
            elif required:
                raise DecodeError(
                    f"required field {wire!r} of {self.cls.__name__} is missing"
                )
        extra = {k: v for k, v in data.items() if k not in self.wire_names}
        return self.cls(**values, extra_fields=extra)

    def encode(self, obj: Model) -> dict[str, Any]:
        if obj._drifted:
            return self._encode_drifted(obj)
        out: dict[str, Any] = dict(obj.extra_fields)
        for name, wire, _, encoder, _, omit_none in self.fields:
            value = getattr(obj, name)
            if value is UNSET or (value is None and omit_none):
                continue
            out[wire] = None if value is None else encoder(value)
        return out

    def _encode_drifted(self, obj: Model) -> dict[str, Any]:
        """``encode`` for a leniently decoded model: what was kept as received goes back as it came."""
        out: dict[str, Any] = dict(obj.extra_fields)
        for name, wire, _, encoder, _, omit_none in self.fields:
            value = getattr(obj, name)
            if value is UNSET or value is MISSING or (value is None and omit_none):
                continue
            if name in obj._drifted:
                out[wire] = to_json(value)
            else:
                out[wire] = None if value is None else encoder(value)
        return out


_codecs: dict[type, _Codec] = {}


def _codec(cls: type[Model]) -> _Codec:
    codec = _codecs.get(cls)
    if codec is None:
        codec = _codecs[cls] = _Codec(cls)
    return codec


class _Names(Mapping[str, Any]):
    """Names for annotations that mention models of other modules.

    Models import each other only for type checkers (the import graph of an API
    has cycles); at run time the names are found in the models package, which
    imports each model module on first use.
    """

    def __init__(self, module: str) -> None:
        self._package = module.rpartition(".")[0]

    def __getitem__(self, name: str) -> Any:
        if not self._package:  # a model of a top-level module: no package
            raise KeyError(name)
        try:
            return getattr(importlib.import_module(self._package), name)
        except AttributeError:
            raise KeyError(name) from None

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


_converter_cache: dict[Any, tuple[Converter, Converter]] = {}


def _converters(tp: Any) -> tuple[Converter, Converter]:
    try:
        return _converter_cache[tp]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation
        return _build(tp)
    result = _converter_cache[tp] = _build(tp)
    return result


def _build(tp: Any) -> tuple[Converter, Converter]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any or tp is object:
        return identity, identity
    if origin is Union or origin is types.UnionType:
        return _union(args)
    if origin is typing.Literal:
        return literal(args), identity
    if origin is typing.Annotated:
        found = [m for m in tp.__metadata__ if isinstance(m, Discriminator)]
        if found:
            return _discriminated(args[0], found[0])
        return _converters(args[0])
    if origin is list:
        item_decode, item_encode = (
            _converters(args[0]) if args else (identity, identity)
        )

        def decode_list(value: Any) -> Any:
            if not isinstance(value, list):
                raise DecodeError(f"expected an array, got {kind(value)}")
            out: list[Any] = []
            try:
                for item in value:
                    out.append(item_decode(item))
            except DecodeError as exc:
                # the failing item is the next one: decoding it again to say where
                # would double the work at every level of nested lists
                raise exc.within(len(out)) from None
            return out

        return decode_list, lambda value: [item_encode(v) for v in value]
    if origin is tuple:
        return _tuple(args)
    if origin is dict:
        value_decode, value_encode = (
            _converters(args[1]) if args else (identity, identity)
        )

        def decode_dict(value: Any) -> Any:
            if not isinstance(value, dict):
                raise DecodeError(f"expected an object, got {kind(value)}")
            out = {}
            for key, item in value.items():
                try:
                    out[key] = value_decode(item)
                except DecodeError as exc:
                    raise exc.within(key) from None
            return out

        return decode_dict, lambda value: {k: value_encode(v) for k, v in value.items()}
    if isinstance(tp, type):
        if issubclass(tp, Model):
            # The model's own from_dict: the generated one, where it has one.
            return tp.from_dict, lambda value: value.to_dict()
        if issubclass(tp, enum.Enum):
            return enum_converter(tp), lambda value: (
                value.value if isinstance(value, enum.Enum) else value
            )
        if tp is _dt.datetime:
            return decode_datetime, lambda value: value.isoformat()
        if tp is _dt.date:
            return decode_date, lambda value: value.isoformat()
        if tp in PRIMITIVES:
            return PRIMITIVES[tp], identity
    raise TypeError(f"no converter for annotation {tp!r}")


def _tuple(args: tuple[Any, ...]) -> tuple[Converter, Converter]:
    """A JSON array of exactly ``len(args)`` items, each of its own type."""
    converters = [_converters(arg) for arg in args]

    def decode_tuple(value: Any) -> Any:
        if not isinstance(value, list):
            raise DecodeError(f"expected an array, got {kind(value)}")
        if len(value) != len(converters):
            raise DecodeError(f"expected {len(converters)} items, got {len(value)}")
        out = []
        for index, (item, (decode, _)) in enumerate(zip(value, converters)):
            try:
                out.append(decode(item))
            except DecodeError as exc:
                raise exc.within(index) from None
        return tuple(out)

    def encode_tuple(value: Any) -> Any:
        return [encode(item) for item, (_, encode) in zip(value, converters)]

    return decode_tuple, encode_tuple


def _discriminated(
    union: Any, discriminator: Discriminator
) -> tuple[Converter, Converter]:
    """A union whose options are told apart by one property's value; by shape otherwise."""
    options = {
        getattr(option, "__name__", ""): option for option in typing.get_args(union)
    }
    chosen: dict[str, Converter] = {
        value: _converters(options[name])[0]
        for value, name in discriminator.mapping.items()
        if name in options
    }
    shape_decode, union_encode = _converters(union)

    def decode_discriminated(value: Any) -> Any:
        if isinstance(value, Mapping):
            tag = value.get(discriminator.property)
            if isinstance(tag, str) and tag in chosen:
                return chosen[tag](value)
        return shape_decode(value)

    return decode_discriminated, union_encode


def _union(args: tuple[Any, ...]) -> tuple[Converter, Converter]:
    options = [a for a in args if a is not types.NoneType and a is not Unset]
    allows_none = len(options) < len(args)
    pairs = [_converters(option) for option in options]
    if len(pairs) == 1:
        ((inner_decode, inner_encode),) = pairs
    else:
        inner_decode = choose(options, [decode for decode, _ in pairs], _shape)
        inner_encode = to_json  # which option a value is, its own type says

    def decode_optional(value: Any) -> Any:
        if value is None:
            if allows_none:
                return None
            raise DecodeError("null is not allowed here")
        return inner_decode(value)

    return decode_optional, inner_encode


def _shape(option: Any) -> _Codec | None:
    """The codec of a union's option that is a model (None for other options)."""
    if isinstance(option, type) and issubclass(option, Model):
        return _codec(option)
    return None
