"""``$ref`` and JSON pointers inside the document (used by bundle, validate and parse).

Every reference is looked up once (results are cached by pointer); chains of
references are followed to the first object that is not itself a reference, and
a chain that comes back on itself is an error instead of an endless loop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from generator.errors import SpecError

if TYPE_CHECKING:  # (not at run time: the loader, and YAML's with it, is not needed here)
    from generator.load import Document

SCHEMA_PREFIX = "#/components/schemas/"


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


class Resolver:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._cache: dict[str, Any] = {}

    def lookup(self, ref: str, where: str) -> Any:
        """The object a single ``$ref`` string points at (not followed further)."""
        if isinstance(ref, str) and ref in self._cache:
            return self._cache[ref]
        if not isinstance(ref, str) or not ref.startswith("#"):
            raise SpecError(
                self.doc.name,
                where,
                f"external $ref {ref!r} is not supported" if isinstance(ref, str) else "$ref must be a string",
                "inline the referenced document or use a local #/components reference",
            )
        try:
            node = follow(self.doc.data, ref[1:])
        except LookupError:
            raise SpecError(self.doc.name, where, f"$ref {ref!r} points at nothing", "fix the reference") from None
        self._cache[ref] = node
        return node

    def deref(self, obj: Any, where: str) -> Any:
        """Follow ``obj`` while it is a ``{"$ref": ...}`` object; cycles are errors."""
        seen: list[str] = []
        while isinstance(obj, dict) and "$ref" in obj:
            ref = obj["$ref"]
            if ref in seen:
                chain = " → ".join([*seen, ref])
                raise SpecError(self.doc.name, where, f"$ref cycle that never reaches a definition: {chain}")
            seen.append(ref)
            obj = self.lookup(ref, where)
        return obj


def follow(data: Any, ptr: str) -> Any:
    """The node JSON pointer ``ptr`` names in ``data``; ``LookupError`` if there is none."""
    node = data
    for part in pointer_parts(ptr):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise LookupError(ptr)
    return node


def schema_name(ref: Any) -> str | None:
    """The component name when ``ref`` points directly at ``#/components/schemas/NAME``."""
    if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
        name = ref[len(SCHEMA_PREFIX) :]
        if "/" not in name:
            return unescape(name)
    return None
