"""Converters of the leaves of a JSON value: primitives, dates, enums and literals."""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable
from typing import Any

from ._values import DecodeError

Converter = Callable[[Any], Any]
"""Turns a value into another: JSON into its type, or back."""


def identity(value: Any) -> Any:
    return value


def literal(allowed: tuple[Any, ...]) -> Converter:
    def decode_literal(value: Any) -> Any:
        if not any(value == a and type(value) is type(a) for a in allowed):
            raise DecodeError(
                f"expected {' or '.join(map(repr, allowed))}, got {value!r}"
            )
        return value

    return decode_literal


def enum_converter(cls: type[enum.Enum]) -> Converter:
    base = str if issubclass(cls, str) else int

    def decode_enum(value: Any) -> Any:
        if not isinstance(value, base) or isinstance(value, bool):
            raise DecodeError(
                f"expected {base.__name__} for {cls.__name__}, got {kind(value)}"
            )
        return cls(value)

    return decode_enum


def _checker(expected: type, name: str) -> Converter:
    def check(value: Any) -> Any:
        if not isinstance(value, expected) or (
            expected is not bool and isinstance(value, bool)
        ):
            raise DecodeError(f"expected {name}, got {kind(value)}")
        return value

    return check


def _float(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DecodeError(f"expected number, got {kind(value)}")
    return float(value)


def decode_datetime(value: Any) -> Any:
    if not isinstance(value, str):
        raise DecodeError(f"expected a date-time string, got {kind(value)}")
    try:
        return _dt.datetime.fromisoformat(
            value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
        )
    except ValueError:
        raise DecodeError(f"invalid date-time {value!r}") from None


def decode_date(value: Any) -> Any:
    if not isinstance(value, str):
        raise DecodeError(f"expected a date string, got {kind(value)}")
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise DecodeError(f"invalid date {value!r}") from None


PRIMITIVES: dict[type, Converter] = {
    str: _checker(str, "string"),
    int: _checker(int, "integer"),
    bool: _checker(bool, "boolean"),
    float: _float,
    bytes: identity,
}


def kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        dict: "object",
        list: "array",
        str: "string",
        bool: "boolean",
        int: "integer",
        float: "number",
    }.get(type(value), type(value).__name__)
