"""The one error type the pipeline raises for bad input, and the warnings it collects."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple


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


class Finding(NamedTuple):
    """A local defect of a document, or a construct the generator cannot express: a warning.

    ``kind`` is one of ``KINDS``; ``where`` a JSON pointer ("" for the whole document).
    """

    where: str
    what: str
    kind: str = "unsupported-construct"


# Every kind of warning, with what the generator does about it (README "What lenient mode degrades").
KINDS = {
    "invalid-document": "openapi-spec-validator's finding; the parser reads the part as well as it can",
    "bad-default": "a default that does not fit its schema; defaults are not emitted, so nothing changes",
    "dangling-ref": "a $ref to nothing, outside the document or to itself; typed Any, or the part left out",
    "duplicate-operation-id": "an operationId used twice; both operations are generated",
    "undeclared-path-parameter": "a {name} of a path no parameter declares; a required str argument",
    "malformed": "a value of the wrong type where an object, list or name belongs; the part is skipped or Any",
    "unsupported-construct": "valid OpenAPI the generator cannot express; the nearest it can is emitted",
    "validator-failed": "openapi-spec-validator could not run on the document; it was not validated",
}


@dataclass
class Warnings:
    """Constructs the generator could not express faithfully, by JSON pointer."""

    items: list[Finding] = field(default_factory=list)

    def add(self, where: str, what: str, kind: str = "unsupported-construct") -> None:
        self.items.append(Finding(where, what, kind))

    def __bool__(self) -> bool:
        return bool(self.items)

    def lines(self, file: str, kind: str = "note") -> list[str]:
        """Notes, one line each: ``file#pointer: note: what``."""
        return [" ".join(f"{file}#{item.where}: {kind}: {item.what}".split()) for item in self.items]
