"""Spec strings as Python literals: the escaping every emitted literal goes through.

Apart from ``render`` (which re-exports these as template filters) so that the
modules that spell type expressions (``generator.types``) can use them too.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


class Code(Markup):
    """Text that is safe to place in emitted code as it is (filter and macro output)."""


def pystr(value: Any) -> Code:
    """A Python string literal (or ``None``) that evaluates to exactly ``value``.

    Quoted the way black would quote it (double quotes unless single quotes need
    fewer backslashes), so that emitted code is already in black's style.
    """
    if value is None:
        return Code("None")
    if not isinstance(value, str):
        raise TypeError(f"pystr expects a string, got {type(value).__name__}")
    # repr() escapes quotes, backslashes, control characters and every
    # non-printable code point (NUL, U+0085, U+2028, ...) with an escape sequence.
    single = repr(str(value))
    if single[0] == '"':  # repr chose double quotes: the text has ' and no "
        return Code(single)
    body = single[1:-1].replace("\\'", "'")
    double = '"' + body.replace('"', '\\"') + '"'
    return Code(single if single.count("\\") < double.count("\\") else double)


def literal(value: Any) -> Code:
    """A Python literal for an enum value or default: str, int, float, bool or None."""
    if isinstance(value, str) or value is None:
        return pystr(value)
    if isinstance(value, bool):
        return Code("True" if value else "False")
    if isinstance(value, int):
        return Code(str(int(value)))
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return Code(repr(float(value)))
    raise TypeError(f"no literal for {type(value).__name__}")
