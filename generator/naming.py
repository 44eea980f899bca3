"""Stage 5: every Python identifier the emitted code uses is made here.

Names from the document are untrusted text. They become identifiers only
through ``snake``/``pascal``/``upper`` (ASCII letters, digits and underscores,
never a keyword, never starting with a digit) and are made unique within their
scope by ``Scope`` in a deterministic way: the same document gives the same names.
"""

from __future__ import annotations

import functools
import hashlib
import keyword
import re
import unicodedata


class Identifier(str):
    """A string that is a safe Python identifier (only this module makes them)."""

    __slots__ = ()


# Words of an identifier-ish text: acronyms (HTTPServer → HTTP, Server), camel
# case humps, and digits kept with the word they follow (ISO8601Date → ISO8601, Date).
_WORD = re.compile(r"[A-Z]{2,}[0-9]*(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*")

# Names that shadow what emitted code relies on, beyond keywords.
RESERVED = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "object", "None", "Any", "self", "cls"}
)


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return tuple(_WORD.findall(ascii_text))


def _finish(name: str, fallback: str, prefix: str) -> Identifier:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = prefix + name
    if keyword.iskeyword(name) or name in RESERVED or keyword.issoftkeyword(name) and name == "_":
        name += "_"
    return Identifier(name)


@functools.lru_cache(maxsize=65536)
def snake(text: str, fallback: str = "value") -> Identifier:
    """``File--Full`` → ``file_full``; ``userID`` → ``user_id``; ``class`` → ``class_``."""
    return _finish("_".join(w.lower() for w in words(text)), fallback, "n_")


MAX_MODULE = 64


def module(text: str, fallback: str = "module") -> Identifier:
    """A module (file) name: snake case, and short enough for any file system.

    Long names keep a readable start and end with a hash of the whole, so they
    stay distinct and deterministic.
    """
    name = snake(text, fallback)
    if len(name) <= MAX_MODULE:
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return Identifier(f"{name[: MAX_MODULE - 9].rstrip('_')}_{digest}")


@functools.lru_cache(maxsize=65536)
def pascal(text: str, fallback: str = "Model") -> Identifier:
    """``File--Full`` → ``FileFull``; ``session_termination`` → ``SessionTermination``."""
    return _finish("".join(w[:1].upper() + w[1:] for w in words(text)), fallback, "N")


@functools.lru_cache(maxsize=65536)
def upper(text: str, fallback: str = "VALUE") -> Identifier:
    """Enum member names: ``item_name_invalid`` → ``ITEM_NAME_INVALID``."""
    return _finish("_".join(w.upper() for w in words(text)), fallback, "V_")


class Scope:
    """Hands out unique names within one namespace, in the order they are asked for."""

    def __init__(
        self, taken: set[str] | frozenset[str] = frozenset(), casefold: bool = False, joiner: str = "_"
    ) -> None:
        # casefold: for names that become file names, which differ only in case
        # on case-insensitive file systems. joiner: "" for class names (Thing2).
        self._casefold = casefold
        self._joiner = joiner
        self._taken = {self._key(n) for n in taken}

    def _key(self, name: str) -> str:
        return name.casefold() if self._casefold else name

    def unique(self, name: Identifier) -> Identifier:
        candidate, n = name, 1
        while self._key(candidate) in self._taken:
            n += 1
            joiner = "" if name.endswith("_") else "_" if name[-1:].isdigit() else self._joiner
            candidate = Identifier(f"{name}{joiner}{n}")
        self._taken.add(self._key(candidate))
        return Identifier(candidate)

    def reserve(self, name: str) -> None:
        self._taken.add(self._key(name))
