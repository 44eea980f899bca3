"""Documentation text, held apart from the structure of the document.

A description edit is the commonest change to a spec, and it changes no
decision the generator makes: which classes, methods and modules exist and
what they are called depend on structure alone (and on whether a text is
empty, never on what it says). So the parser can work on the document's
*shape*, in which every ``description`` and ``summary`` is replaced by a
token naming its place in a table of texts; the parsed model is then reusable
for every document of the same shape, and the texts are put back into each
part of the model before it is rendered (``restored``), so rendering never
sees a token.

A token is ``U+E000 <number> U+E001`` (private-use characters). A document
that already contains U+E000 anywhere is not lifted (``liftable``), so no
text of the document itself can be mistaken for a token.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Any

from markupsafe import Markup

from generator.installed import installed

_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_TOKEN_BYTES = re.compile(f"{_OPEN}(\\d+){_CLOSE}".encode())

PROSE_KEYS = frozenset({"description", "summary"})
# Keys whose values are data, not OpenAPI structure (a "description" key inside
# them is a value, not prose), or maps whose keys are free names
# (discriminator mapping, OAuth scopes): never lifted, kept whole in keys.
LITERAL_KEYS = frozenset({"example", "examples", "default", "enum", "const", "value", "mapping", "scopes"})


def liftable(text: str) -> bool:
    """Whether no string of the document (however escaped) can contain a token."""
    if _OPEN in text:
        return False
    lowered = text.lower()
    return "\\ue000" not in lowered and "\\u0000e000" not in lowered


def lift(data: Any) -> tuple[Any, tuple[str, ...]]:
    """``data`` with each non-blank prose string replaced by a token, and the texts in token order.

    Texts are kept stripped, as the parser reads them; a blank one is left in
    place, so that whether a text is empty stays part of the shape.
    """
    texts: list[str] = []

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            out = {}
            for key, value in node.items():
                if key in PROSE_KEYS and isinstance(value, str):
                    text = value.strip()
                    if text:
                        texts.append(text)
                        value = f"{_OPEN}{len(texts) - 1}{_CLOSE}"
                elif not (key in LITERAL_KEYS or key.startswith("x-")):
                    value = walk(value)
                out[key] = value
            return out
        if isinstance(node, list):
            return [walk(item) for item in node]
        return node

    return walk(data), tuple(texts)


def without_prose(data: Any) -> Any:
    """``data`` with every prose string emptied (for a key when the document cannot be lifted)."""
    if isinstance(data, dict):
        return {
            key: (
                "" if key in PROSE_KEYS and isinstance(value, str)
                else value if key in LITERAL_KEYS or key.startswith("x-")
                else without_prose(value)
            )
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [without_prose(item) for item in data]
    return data


def shape_key(shape: Any) -> str:
    """A hash of a prose-free document (from ``lift`` or ``without_prose``)."""
    digest = hashlib.sha256(installed("openapi_spec_validator").encode() + b"\0")
    digest.update(json.dumps(shape, sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()


def restore(text: str, table: tuple[str, ...]) -> str:
    """``text`` with every token replaced by its text in ``table``."""
    if _OPEN not in text or not table:  # nothing lifted: U+E000 here is the document's own text
        return text
    return _TOKEN.sub(lambda match: table[int(match.group(1))], text)


def restored(value: Any, table: tuple[str, ...]) -> Any:
    """``value`` (a part's context: dicts, lists, tuples and frozen dataclasses) with texts put back.

    Only plain strings hold prose: identifiers and emitted code (``Markup``)
    are made from structure, and are left as they are. What holds no token is
    returned as it is, not copied.
    """
    if type(value) is str:
        return restore(value, table)
    if isinstance(value, (Markup, int, float, type(None), frozenset, str)):
        return value
    if isinstance(value, tuple):
        items = tuple(restored(item, table) for item in value)
        if all(new is old for new, old in zip(items, value)):
            return value
        return type(value)(*items) if hasattr(value, "_fields") else items  # a NamedTuple, or a tuple
    if isinstance(value, list):
        return [restored(item, table) for item in value]
    if isinstance(value, dict):
        return {key: restored(item, table) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for field in dataclasses.fields(value):
            old = getattr(value, field.name)
            new = restored(old, table)
            if new is not old:
                changes[field.name] = new
        return dataclasses.replace(value, **changes) if changes else value
    raise TypeError(f"no texts can be put back into {type(value).__name__}")


def tokens_in(blob: bytes) -> list[int]:
    """The numbers of the tokens in UTF-8 (or pickled) data, sorted, each once."""
    return sorted({int(number) for number in _TOKEN_BYTES.findall(blob)})


def texts_of(numbers: list[int], table: tuple[str, ...]) -> bytes:
    """The texts of the given tokens, for a cache key."""
    return b"\0".join(table[n].encode("utf-8", "surrogatepass") for n in numbers)
