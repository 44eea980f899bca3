"""Black's layout of a statement too long for one line, worked out from the structure of what is on it.

The templates lay code out as black does. Where a statement would grow past
black's limit (long names, long unions, discriminator tables), they ask here
for the lines black would make of it, so that the format stage has nothing to
do. Type expressions are split by their structure (``types.TypeText``), never
by reading their text back:

- a line inside brackets that is too long is split at its lowest-priority
  delimiter: a union one option a line (``| B``), arguments one a line with a
  trailing comma; with no delimiter, at its last bracket (``head[``, the
  arguments, ``]``), a dict display then always one entry a line;
- an annotation, a return annotation or a right-hand side sits in black's
  invisible parentheses: a union there is wrapped in real ones, a subscript or
  call is split at its own brackets instead.

What black would do with a name alone too long for a line is not copied: the
line is left long, and the format stage hands the file to black.
"""

from __future__ import annotations

from generator.escape import Code
from generator.types import TypeText, bracketed
from generator.width import LINE_LENGTH, width

_CLOSING = {"[": "]", "(": ")", "{": "}"}


def fits(line: str) -> bool:
    return width(line) <= LINE_LENGTH


def inside(t: TypeText, depth: int, prefix: str = "", suffix: str = "") -> list[str]:
    """``prefix t suffix`` as a line of its own inside brackets, ``depth`` levels in."""
    pad = "    " * depth
    line = f"{pad}{prefix}{t}{suffix}"
    if fits(line):
        return [line]
    if t.kind == "|":
        last = len(t.parts) - 1
        return [
            text
            for i, part in enumerate(t.parts)
            for text in inside(part, depth, prefix if i == 0 else "| ", suffix if i == last else "")
        ]
    if t.kind in _CLOSING:
        return [f"{pad}{prefix}{t.head}{t.kind}", *arguments(t, depth + 1), f"{pad}{_CLOSING[t.kind]}{suffix}"]
    return [line]


def arguments(t: TypeText, depth: int) -> list[str]:
    """What is between ``t``'s brackets, on lines of its own ``depth`` levels in."""
    if len(t.parts) == 1:
        return inside(t.parts[0], depth)
    line = "    " * depth + ", ".join(map(str, t.parts))
    if fits(line) and t.kind != "{":  # black explodes a display it splits, however short
        return [line]
    return [text for part in t.parts for text in inside(part, depth, "", ",")]


def enclosed(depth: int, head: str, t: TypeText, tail: str = "") -> list[str]:
    """``head t tail`` where ``t`` sits in black's invisible parentheses (an annotation,
    a return annotation, an assignment's right-hand side)."""
    pad = "    " * depth
    line = f"{pad}{head}{t}{tail}"
    if fits(line):
        return [line]
    opened = _opened(depth, head, t)
    if opened is None:
        return [line]
    lines, closing = opened
    return [*lines, f"{closing}{tail}"]


def _opened(depth: int, head: str, t: TypeText) -> tuple[list[str], str] | None:
    """The lines of ``head t`` split at ``t``'s brackets, visible or not, but the
    last, and what that last one starts with (None: black cannot split ``t``)."""
    pad = "    " * depth
    if t.kind == "|":  # black makes its invisible parentheses real
        return [f"{pad}{head}(", *inside(t, depth + 1)], f"{pad})"
    if t.kind in _CLOSING:
        return [f"{pad}{head}{t.head}{t.kind}", *arguments(t, depth + 1)], f"{pad}{_CLOSING[t.kind]}"
    if fits(f"{pad}    {t}"):
        return [f"{pad}{head}(", f"{pad}    {t}"], f"{pad})"
    return None


def assignment(depth: int, target: str, value: str, key: str = "") -> Code:
    """``target = value``, or ``target[key] = value``: ``value`` one name, attribute or literal.

    Too long for the line, black wraps ``value`` in parentheses: after a
    subscript, while the first line, ``...] = (``, fits, else it splits the
    subscript's brackets; after a name or an attribute (no bracket to split),
    always, but a string only if it then fits itself. A line it cannot shorten
    is left long.
    """
    pad = "    " * depth
    head = f"{pad}{target}[{key}]" if key else f"{pad}{target}"
    line = f"{head} = {value}"
    if fits(line):
        return Code(line)
    if fits(f"{head} = (") if key else value[:1] not in "\"'" or fits(f"{pad}    {value}"):
        return Code("\n".join([f"{head} = (", f"{pad}    {value}", f"{pad})"]))
    if key:
        return Code("\n".join([f"{pad}{target}[", f"{pad}    {key}", f"{pad}] = {value}"]))
    return Code(line)


def statement(depth: int, head: str, t: TypeText, tail: str = "") -> Code:
    """``enclosed``'s lines as one text (for templates)."""
    return Code("\n".join(enclosed(depth, head, t, tail)))


def argument(depth: int, prefix: str, t: TypeText, suffix: str = ",") -> Code:
    """``inside``'s lines as one text (for templates): ``prefix t suffix`` in a call's brackets."""
    return Code("\n".join(inside(t, depth, prefix, suffix)))


def subscript(head: str, *parts: TypeText) -> TypeText:
    """``head[parts]``, for a template that puts a type in a generic of its own."""
    return bracketed("[", head, parts)


def declaration(depth: int, name: str, annotation: TypeText, value: str = "", comma: bool = False) -> Code:
    """``name: annotation = value``: a field (``value`` the default, if any) or, with
    ``comma``, a parameter (inside the brackets of its ``def``)."""
    pad = "    " * depth
    tail = (f" = {value}" if value else "") + ("," if comma else "")
    if not comma and value and not fits(f"{pad}{name}: {annotation}{tail}"):
        head = f"{pad}{name}: {annotation} = ("
        if fits(head):  # black splits the right-hand side first, while what is left of it fits
            return Code("\n".join([head, f"{pad}    {value}", f"{pad})"]))
    return Code("\n".join(enclosed(depth, f"{name}: ", annotation, tail)))


def field_call(depth: int, name: str, annotation: TypeText, default: str, wire: str) -> Code:
    """``name: annotation = dataclasses.field([default=...,] metadata={"wire": ...})``."""
    pad = "    " * depth
    metadata = bracketed("{", "metadata=", [TypeText(f'"wire": {wire}')])
    call = bracketed("(", "dataclasses.field", [*([TypeText(default)] if default else []), metadata])
    line = f"{pad}{name}: {annotation} = {call}"
    if fits(line):
        return Code(line)
    split = f"{pad}{name}: {annotation} = dataclasses.field("
    wrapped = f"{pad}{name}: {annotation} = ("
    opened = None if fits(split) or fits(wrapped) else _opened(depth, f"{name}: ", annotation)
    if opened is not None:  # neither first line fits: black splits the annotation instead
        lines, closing = opened
        if fits(f"{closing} = {call}"):
            return Code("\n".join([*lines, f"{closing} = {call}"]))
        return Code("\n".join([*lines, f"{closing} = dataclasses.field(", *arguments(call, depth + 1), f"{pad})"]))
    if fits(split) or not fits(wrapped):
        lines = [split, *arguments(call, depth + 1), f"{pad})"]
    else:  # black's right-hand side in parentheses, when its first line is too long without
        lines = [wrapped, *inside(call, depth + 1), f"{pad})"]
    return Code("\n".join(lines))
