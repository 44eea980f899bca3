"""Documentation text, held apart from the structure of the document.

A description edit is the commonest change to a spec, and it changes no
decision the generator makes: which classes, methods and modules exist and
what they are called depend on structure alone (and on whether a text is
empty, never on what it says). So the parser can work on the document's
*shape*, in which every ``description`` and ``summary`` is replaced by a
token naming its place in a table of texts; the parsed model is then reusable
for every document of the same shape, and the texts are put back where the
render filters write documentation (``restore``, the text hook of the
environment ``generator.incremental`` renders with).

A token is ``U+E000 <number> U+E001`` (private-use characters). A document
that already contains U+E000 anywhere, in its own text or in a file it refers
to, is not lifted (``liftable``, ``holds_token_characters``), so no text of the
document itself can be mistaken for a token.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from generator.installed import installed
from generator.load_guard import strings

_OPEN, _CLOSE = "\ue000", "\ue001"
_TOKEN = re.compile(f"{_OPEN}(\\d+){_CLOSE}")

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


def holds_token_characters(data: Any) -> bool:
    """Whether a string or key anywhere in ``data`` has U+E000: for documents bundled from
    several files, whose other files' texts ``liftable`` never saw."""
    return any(_OPEN in value for value in strings(data))


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
    return _TOKEN.sub(lambda match: _text(match, table), text)


def _text(match: re.Match[str], table: tuple[str, ...]) -> str:
    # Only lifted documents reach here, so every token is ours; a number past the
    # table would be a bug, and keeping the token is better than a crash.
    number = int(match.group(1))
    return table[number] if number < len(table) else match.group(0)


def tokens_in(text: str) -> list[int]:
    """The numbers of the tokens in ``text`` (a part, encoded), sorted, each once."""
    if _OPEN not in text:
        return []
    return sorted({int(number) for number in _TOKEN.findall(text)})


def texts_of(numbers: list[int], table: tuple[str, ...]) -> bytes:
    """The texts of the given tokens, for a cache key."""
    return b"\0".join(table[n].encode("utf-8", "surrogatepass") for n in numbers if n < len(table))
