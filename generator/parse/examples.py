"""The description's own example for a parameter, a property or a request body, as JSON text.

What the document shows (``example``, ``examples``, a media type's or an Example
object's ``value``); for a required value (the call needs one), else what its
``default`` or ``format`` suggests. Kept as
JSON text in the model, never as code: ``generator.examples`` decides what of it
fits the argument's type, and the render filters write it as literals.
"""

from __future__ import annotations

import json
from typing import Any

from generator.parse.context import Context, as_map

# Values the examples of common string formats stand for (RFC examples, reserved domains).
FORMATS = {
    "date-time": "2024-01-01T12:00:00Z",
    "date": "2024-01-01",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
}
# An example bigger than this (as JSON) is not shown: the call is built from the type instead.
MAX_TEXT = 2000


def text(value: Any) -> str | None:
    """``value`` as JSON text, or None when it is not plain JSON or is too big to show."""
    try:
        dumped = json.dumps(value, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return None  # a YAML timestamp, a non-finite number, a nesting too deep
    return dumped if len(dumped) <= MAX_TEXT else None


def _first_example(ctx: Context, obj: dict[str, Any]) -> tuple[bool, Any]:
    """(found, value) of an object's ``example``, else its first ``examples`` entry.

    ``examples`` is a map of Example objects on parameters and media types, a list of values on 3.1 schemas.
    """
    if "example" in obj:
        return True, obj["example"]
    examples = obj.get("examples")
    if isinstance(examples, list) and examples:
        return True, examples[0]
    for entry in as_map(examples).values():
        entry = ctx.deref(entry, "")
        if isinstance(entry, dict) and "value" in entry:
            return True, entry["value"]
    return False, None


def of_schema(ctx: Context, schema: Any, depth: int = 0, fallback: bool = True) -> str | None:
    """A schema's example (through ``$ref``, ``allOf`` and its first ``oneOf``/``anyOf`` option).

    With ``fallback`` (a required value: the call needs one), else its ``default`` or what its ``format`` suggests.
    """
    schema = ctx.deref(schema, "") if isinstance(schema, dict) else None
    if not isinstance(schema, dict) or depth > 8:
        return None
    found, value = _first_example(ctx, schema)
    if found:
        return text(value)
    for key in ("allOf", "oneOf", "anyOf"):
        parts = schema.get(key)
        if isinstance(parts, list):
            for part in parts[:1] if key != "allOf" else parts:
                inner = of_schema(ctx, part, depth + 1, fallback)
                if inner is not None:
                    return inner
    if not fallback:
        return None
    if "default" in schema:
        return text(schema["default"])
    fmt = schema.get("format")
    return text(FORMATS[fmt]) if isinstance(fmt, str) and fmt in FORMATS else None


def of_parameter(ctx: Context, param: dict[str, Any], schema: Any, fallback: bool) -> str | None:
    found, value = _first_example(ctx, param)
    return text(value) if found else of_schema(ctx, schema, fallback=fallback)


def of_media(ctx: Context, media: Any) -> Any:
    """A request body's example value (raw: its properties are the flattened arguments' examples), or None."""
    media = as_map(media)
    found, value = _first_example(ctx, media)
    if found:
        return value
    schema = ctx.deref(media.get("schema"), "") if isinstance(media.get("schema"), dict) else None
    found, value = _first_example(ctx, schema) if isinstance(schema, dict) else (False, None)
    return value if found else None
