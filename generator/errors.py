"""The one error type the pipeline raises for bad input, and the warnings it collects."""

from __future__ import annotations

from dataclasses import dataclass, field


def pointer(*parts: object) -> str:
    """A JSON pointer (RFC 6901) to the given path of keys and indexes."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "".join("/" + p for p in escaped)


def unescape(token: str) -> str:
    """One reference token of a JSON pointer as the key it names (RFC 6901: ~1 is /, ~0 is ~)."""
    return token.replace("~1", "/").replace("~0", "~")


def pointer_parts(ptr: str) -> list[str]:
    """The keys and indexes a JSON pointer names, unescaped ("" names the whole document)."""
    return [unescape(token) for token in ptr.split("/")[1:]]


class SpecError(Exception):
    """Bad input: reported as one line on stderr, exit code 2.

    ``where`` is a JSON pointer or ``line:column``; ``hint`` says what to do.
    """

    def __init__(self, file: str, where: str, what: str, hint: str = "") -> None:
        super().__init__(what)
        self.file = file
        self.where = where
        self.what = what
        self.hint = hint

    def one_line(self) -> str:
        location = f"{self.file}:{self.where}" if self.where else self.file
        text = f"{location}: error: {self.what}"
        if self.hint:
            text += f" ({self.hint})"
        # One line, whatever the document put into the message.
        return " ".join(text.split())


@dataclass
class Warnings:
    """Constructs the generator could not express faithfully, by JSON pointer."""

    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, what: str) -> None:
        self.items.append((where, what))

    def __bool__(self) -> bool:
        return bool(self.items)

    def lines(self, file: str, kind: str = "warning") -> list[str]:
        return [" ".join(f"{file}#{where}: {kind}: {what}".split()) for where, what in self.items]
