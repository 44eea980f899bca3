"""Converters of the leaves of a JSON value: primitives, dates, enums and literals."""

from __future__ import annotations

import datetime as _dt
import enum
import re
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
    members = cls._value2member_map_

    def decode_enum(value: Any) -> Any:
        # The exact type first: True is 1 to a dict, and 1.0 too.
        if type(value) is base:
            member = members.get(value)
            if member is not None:
                return member
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


# RFC 3339 (and its lowercase and space-separated forms), read here rather than by
# datetime.fromisoformat: before Python 3.11 that takes exactly 3 or 6 fractional
# digits, and servers send 2, 7 or 9. Digits past microseconds are dropped.
_RFC3339 = re.compile(
    r"(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d\d):?(\d\d))?",
    re.ASCII,
)


_fromisoformat = _dt.datetime.fromisoformat


def decode_datetime(value: Any) -> Any:
    # The usual shapes (...T12:00:00Z, ...T12:00:00-08:00) go to fromisoformat, in C.
    # Where _RFC3339 matches too, it reads them alike but for an offset's minutes
    # over 59 (and maybe hour 24, some day), which are left to _rfc3339 to refuse.
    if type(value) is str:
        size = len(value)
        if (
            (size == 25 and value[23] < "6") or (size == 20 and value[19] == "Z")
        ) and value[11:13] < "24":
            try:
                return _fromisoformat(value)
            except ValueError:
                pass
    if not isinstance(value, str):
        raise DecodeError(f"expected a date-time string, got {kind(value)}")
    try:
        match = _RFC3339.fullmatch(value)
        if match is None:
            # Other ISO 8601 forms, as far as this Python's fromisoformat reads them.
            return _dt.datetime.fromisoformat(value)
        return _rfc3339(match)
    except ValueError:
        raise DecodeError(f"invalid date-time {value!r}") from None


def _rfc3339(match: re.Match[str]) -> _dt.datetime:
    year, month, day, hour, minute, second, fraction, zulu, sign, oh, om = (
        match.groups()
    )
    if int(om or 0) > 59:
        raise ValueError("offset minutes")
    tz: _dt.tzinfo | None = None
    if zulu:
        tz = _dt.timezone.utc
    elif sign:
        offset = _dt.timedelta(hours=int(oh), minutes=int(om))
        tz = _dt.timezone(-offset if sign == "-" else offset)
    micros = int((fraction or "0")[:6].ljust(6, "0"))
    if second == "60":
        # A leap second, which datetime cannot hold: the last instant before it.
        second, micros = "59", 999_999
    return _dt.datetime(
        int(year),
        int(month),
        int(day),
        int(hour),
        int(minute),
        int(second),
        micros,
        tzinfo=tz,
    )


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
