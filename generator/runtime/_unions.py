"""Decoding a value of a union: which of its options the value is.

Without a discriminator, the options are told apart by what each model
declares: its tag fields and its required properties (see ``choose``).
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, Protocol, Union

from ._scalars import Converter
from ._values import DecodeError, Unset


class Shape(Protocol):
    """What a model's codec tells of the objects it decodes."""

    tags: tuple[tuple[str, frozenset[Any]], ...]
    required_wires: tuple[str, ...]
    wire_names: frozenset[str]


def tag_values(hint: Any, nullable: bool) -> frozenset[Any] | None:
    """The values a tag field allows (a const, or an enum with one member), None if no tag.

    The field may be optional (``X | None``); null is allowed only if it is
    ``nullable`` too. Inline enums and enums of the components are both classes here.
    """
    if typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = typing.get_args(hint)
    else:
        args = (hint,)
    values: set[Any] = set()
    tagged = False
    for arg in args:
        if arg is types.NoneType:
            if nullable:
                values.add(None)
        elif arg is Unset:
            continue
        elif typing.get_origin(arg) is typing.Literal:
            values.update(typing.get_args(arg))
            tagged = True
        elif isinstance(arg, type) and issubclass(arg, enum.Enum) and len(arg) == 1:
            values.update(member.value for member in arg)
            tagged = True
        else:
            return None
    return frozenset(values) if tagged else None


def _is_one_of(value: Any, allowed: frozenset[Any]) -> bool:
    try:
        return value in allowed
    except TypeError:  # unhashable: an object or array is no tag value
        return False


class _Option:
    """One option of a union, with what a JSON object must have to be of it."""

    __slots__ = ("name", "decode", "codec")

    def __init__(self, option: Any, decode: Converter, shape: Shape | None) -> None:
        self.name = _type_name(option)
        self.decode = decode
        self.codec = shape  # None: not a model

    def ruled_out(self, value: Mapping[str, Any]) -> str | None:
        """Why an object cannot be of this option (a tag says otherwise, a required
        property is missing), or None if it may be."""
        codec = self.codec
        if codec is None:
            return None
        for wire, allowed in codec.tags:
            if wire in value and not _is_one_of(value[wire], allowed):
                expected = " or ".join(sorted(map(repr, allowed)))
                return f"{wire!r} is {value[wire]!r}, not {expected}"
        for wire in codec.required_wires:
            if wire not in value:
                return f"required field {wire!r} is missing"
        return None


_NONE: frozenset[str] = frozenset()  # what an option that is not a model declares

# A model's tags, required wire names, declared wire names, and its place among the options.
_Row = tuple[
    tuple[tuple[str, frozenset[Any]], ...], tuple[str, ...], frozenset[str], int
]


def choose(
    options: list[Any],
    decoders: list[Converter],
    shape_of: Callable[[Any], Shape | None],
) -> Converter:
    """Decoding for a union without a discriminator: the option the value is valid for.

    An object is first matched against the models among the options: one whose
    tag field (a const or one-value enum, such as ``type: file_created``) says
    otherwise, or whose required properties are missing, is ruled out. Of the
    rest, the most specific is tried first: the one with the most of its
    declared properties present (ties: the order the description lists them;
    options that are not models count as declaring none). Other values try each
    option in the description's order. The first that decodes wins.
    """
    table: list[_Option] = []
    rows: list[_Row] = []  # the models among the options
    others: list[int] = []  # the index of each other option

    def decode_union(value: Any) -> Any:
        if not table:
            # On first use, not when built: the models of a union may refer to it.
            # Filled whole, table last, so that a thread sees all of it or none.
            built = [_Option(o, d, shape_of(o)) for o, d in zip(options, decoders)]
            rows[:] = [
                (o.codec.tags, o.codec.required_wires, o.codec.wire_names, index)
                for index, o in enumerate(built)
                if o.codec is not None
            ]
            others[:] = [index for index, o in enumerate(built) if o.codec is None]
            table[:] = built
        if type(value) is not dict and not isinstance(value, Mapping):
            return _first_that_decodes(table, value)
        ranked = []  # (the declared properties, index) of the options not ruled out
        for tags, required, declared, index in rows:
            # Loops rather than any(...): this runs for every object of every union.
            for wire, allowed in tags:
                if wire in value and not _is_one_of(value[wire], allowed):
                    break
            else:
                for wire in required:
                    if wire not in value:
                        break
                else:
                    ranked.append((declared, index))
        if others:
            ranked.extend((_NONE, index) for index in others)
        if not ranked:
            return _first_that_decodes([], value, table)
        if len(ranked) > 1:  # counted only here: usually a tag leaves one option
            ranked.sort(key=lambda row: (-len(row[0].intersection(value)), row[1]))
        best = table[ranked[0][1]]
        try:
            return best.decode(value)
        except DecodeError as exc:
            rest = [table[index] for _, index in ranked[1:]]
            return _first_that_decodes(rest, value, table, [f"{best.name}: {exc}"])

    return decode_union


def _first_that_decodes(
    candidates: list[_Option],
    value: Any,
    table: list[_Option] | None = None,
    errors: list[str] | None = None,
) -> Any:
    """The value as the first candidate that decodes it; an error naming every
    option of the union (``table``) and why each failed or was ruled out."""
    errors = errors or []
    for option in candidates:
        try:
            return option.decode(value)
        except DecodeError as exc:
            errors.append(f"{option.name}: {exc}")
    if table is None:
        table = candidates
    else:
        for option in table:
            reason = option.ruled_out(value)
            if reason is not None:
                errors.append(f"{option.name}: {reason}")
    names = ", ".join(option.name for option in table)
    raise DecodeError(f"value fits none of the options ({names}): " + "; ".join(errors))


def _type_name(tp: Any) -> str:
    """A short name for an option in an error message: ``Folder``, ``list[File]``."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _type_name(typing.get_args(tp)[0])
    if origin is Union or origin is types.UnionType:
        return " | ".join(_type_name(arg) for arg in typing.get_args(tp))
    if origin is not None:
        args = ", ".join(_type_name(arg) for arg in typing.get_args(tp))
        return f"{getattr(origin, '__name__', origin)}[{args}]"
    return getattr(tp, "__name__", repr(tp))
