"""Every Python identifier the emitted code uses is made here (called by parse and views).

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
import sys
import unicodedata


class Identifier(str):
    """A string that is a safe Python identifier (only this module makes them)."""

    __slots__ = ()


# Words of an identifier-ish text: acronyms (HTTPServer → HTTP, Server), camel
# case humps, and digits kept with the word they follow (ISO8601Date → ISO8601, Date).
# Acronyms spelled in mixed case are words of their own, as a reader splits them:
# a few well-known ones (OAuth, IPv4) and plurals (URLs, IDs).
_WORD = re.compile(
    r"OAuth[0-9]*|IPv[46]|[A-Z]{2,}s(?=[A-Z0-9]|[^A-Za-z]|$)"
    r"|[A-Z]{2,}[0-9]*(?=[A-Z][a-z]|[^A-Za-z]|$)|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+[a-z]*"
)

# The builtins emitted annotations and request builders spell out. A name that
# shadows one where it is used (a field in a dataclass body) is suffixed; where
# the emitted module can spell the builtin ``_builtins.<name>`` instead (resource
# modules: methods and their arguments), the name is kept.
BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict", "tuple", "object"})

# Names that shadow what emitted code relies on, beyond keywords.
RESERVED = BUILTIN_TYPES | {"None", "Any", "self", "cls"}
_MEMBER_RESERVED = frozenset({"self", "cls"})

# What the emitted package imports at run time: httpx and the distributions it
# pulls in (with its optional extras). A package of one of these names would be
# imported in their place, and the client could not start.
DEPENDENCY_MODULES = frozenset(
    {
        "httpx", "httpcore", "h11", "h2", "hpack", "hyperframe", "anyio", "idna",
        "certifi", "sniffio", "exceptiongroup", "typing_extensions", "brotli",
        "brotlicffi", "zstandard", "socksio", "socks",
    }
)


def package_problem(package: str) -> str | None:
    """What is wrong with ``package`` as the emitted package's import name, or None."""
    if snake(package) != package:
        return "is not a valid Python package name"
    if package in sys.stdlib_module_names or package in ("__main__", "__future__"):
        return "would shadow a module of the standard library; choose another name"
    if package in DEPENDENCY_MODULES:
        return "would shadow a dependency of the emitted client; choose another name"
    from generator.write import not_ours  # the write stage says what in an output is not ours

    if not_ours("", package, is_dir=True):
        return "names a directory installs leave in an output (build/, dist/), never compared; choose another name"
    return None


@functools.lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return tuple(_WORD.findall(ascii_text))


def _finish(name: str, fallback: str, prefix: str, reserved: frozenset[str] = RESERVED) -> Identifier:
    if not name:
        name = fallback
    if name[0].isdigit():
        name = prefix + name
    if keyword.iskeyword(name) or name in reserved or keyword.issoftkeyword(name) and name == "_":
        name += "_"
    return Identifier(name)


@functools.lru_cache(maxsize=65536)
def snake(text: str, fallback: str = "value") -> Identifier:
    """``File--Full`` → ``file_full``; ``userID`` → ``user_id``; ``class`` → ``class_``."""
    return _finish("_".join(w.lower() for w in words(text)), fallback, "n_")


@functools.lru_cache(maxsize=65536)
def member(text: str, fallback: str = "value") -> Identifier:
    """A method or argument name: ``snake``, but a builtin's name is kept (``list``, ``type``, ``id``).

    Resource modules spell the builtins they use ``_builtins.<name>`` when a
    method or an argument takes the name (see ``ir.ResourceGroup.shadowed``).
    """
    return _finish("_".join(w.lower() for w in words(text)), fallback, "n_", _MEMBER_RESERVED)


@functools.lru_cache(maxsize=65536)
def method(operation_id: str, group: str) -> Identifier | None:
    """The method name of an operation without the name of its group, or None if it has none to drop.

    ``repos/get`` under ``repos`` → ``get``; ``pets_list`` under ``Pet`` → ``list``
    (the group's last word may be plural in the operationId). Nothing is dropped
    where nothing would be left, or a name that would be renamed anyway.
    """
    op_words = [w.lower() for w in words(operation_id)]
    group_words = [w.lower() for w in words(group)]
    n = len(group_words)
    if not group_words or len(op_words) <= n or op_words[: n - 1] != group_words[:-1]:
        return None
    last, candidate = group_words[-1], op_words[n - 1]
    if candidate not in (last, last + "s", last + "es"):
        return None  # (``invite_user`` under ``invites``: "invite" is a verb there, not the group)
    rest = "_".join(op_words[n:])
    name = member(rest)
    return name if name == rest else None


@functools.lru_cache(maxsize=65536)
def pascal(text: str, fallback: str = "Model") -> Identifier:
    """``File--Full`` → ``FileFull``; ``session_termination`` → ``SessionTermination``."""
    return _finish("".join(w[:1].upper() + w[1:] for w in words(text)), fallback, "N")


# Longer names are shortened (inline schemas are named after where they are:
# OpenAI's reach 70 characters and more). A component keeps the name its
# document gives it up to MAX_COMPONENT: it is what the API's own docs call it.
MAX_CLASS = 50
MAX_COMPONENT = 80
MAX_MODULE = 64


# Words inline schema names are made of that say least about the class: said
# in the middle of a long name, they are the first to go.
_FILLER = frozenset({"request", "response", "body", "item", "items", "object", "value", "properties", "option"})


def _drop_middle(parts: tuple[str, ...], limit: int, sep: str) -> list[tuple[str, ...]]:
    """Shorter spellings of ``parts`` that fit ``limit``, most readable first.

    Filler words in the middle go first, then repeated words (the first words
    and the last stay: they say what the class is); then the first words are
    kept with as many of the last as fit.
    """
    head_size = 2
    leading = {w.lower() for w in parts[:head_size]}
    middle = parts[head_size:-1]
    kept = [
        word
        for index, word in enumerate(middle)
        if word.lower() not in leading and word.lower() not in {w.lower() for w in parts[head_size + index + 1 :]}
    ]
    deduped = (*parts[:head_size], *kept, *parts[head_size:][-1:])

    def unfilled(form: tuple[str, ...]) -> tuple[str, ...]:
        if len(form) <= head_size:
            return form
        return (*form[:head_size], *(w for w in form[head_size:-1] if w.lower() not in _FILLER), form[-1])

    plain = unfilled(deduped)
    forms = [form for form in (unfilled(parts), deduped, plain) if len(sep.join(form)) <= limit]
    for keep in (2, 3, 1, 4):
        head, rest = plain[:keep], plain[keep:]
        budget = limit - len(sep.join(head)) - len(sep)
        tail: list[str] = []
        for word in reversed(rest[1:]):  # at least one word dropped
            cost = len(word) + (len(sep) if tail else 0)
            if cost > budget:
                break
            tail.insert(0, word)
            budget -= cost
        if head and tail:
            forms.append(head + tuple(tail))
    return list(dict.fromkeys(forms))


def _hashed(parts: tuple[str, ...], whole: str, limit: int, sep: str) -> str:
    """The last resort: the first and last words that fit, and a digest of the whole name."""
    digest = hashlib.sha256(whole.encode()).hexdigest()[:8]
    room = limit - len(digest) - 1
    forms = [form for form in _drop_middle(parts, room, sep) if len(sep.join(form)) <= room]
    start = sep.join(forms[0]) if forms else sep.join(parts)[:room]
    return f"{start.rstrip('_')}_{digest}"


@functools.lru_cache(maxsize=65536)
def class_names(text: str, fallback: str = "Model", limit: int = MAX_CLASS) -> tuple[Identifier, ...]:
    """Class names for ``text``, best first: ``pascal`` if it is short enough, else
    shortened forms (``_drop_middle``), and last one with a digest for uniqueness."""
    full = pascal(text, fallback)
    if len(full) <= limit:
        return (full,)
    parts = tuple(w[:1].upper() + w[1:] for w in words(text))
    forms = [_finish("".join(form), fallback, "N") for form in _drop_middle(parts, limit, "")]
    return (*forms, _finish(_hashed(parts, full, limit, ""), fallback, "N"))


@functools.lru_cache(maxsize=65536)
def module_names(text: str, fallback: str = "module") -> tuple[Identifier, ...]:
    """Module (file) names for ``text``, best first, as ``class_names``: short enough for any file system."""
    full = snake(text, fallback)
    if len(full) <= MAX_MODULE:
        return (full,)
    parts = tuple(w.lower() for w in words(text))
    forms = [_finish("_".join(form), fallback, "n_") for form in _drop_middle(parts, MAX_MODULE, "_")]
    return (*forms, _finish(_hashed(parts, full, MAX_MODULE, "_"), fallback, "n_"))


def module(text: str, fallback: str = "module") -> Identifier:
    """The preferred module (file) name for ``text`` (see ``module_names``)."""
    return module_names(text, fallback)[0]


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

    def first(self, names: tuple[Identifier, ...]) -> Identifier:
        """The first of ``names`` not taken (they are alternatives, best first), else the last made unique."""
        for name in names:
            if self._key(name) not in self._taken:
                self._taken.add(self._key(name))
                return name
        return self.unique(names[-1])
