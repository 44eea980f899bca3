"""Bundle, after load (load → bundle → validate → parse → ...): a description split over
several files → one document.

A ``$ref`` to another file (a relative path, YAML or JSON, with or without a
``#/json/pointer`` fragment) is resolved here, so every later stage sees one
document with local references only:

- a schema from another file becomes a component of its own under
  ``components/schemas`` (named after the last part of its pointer, or the
  file's name), and references to it point there. That is also how a cycle
  across files ends: a schema is registered under its name before its body is
  read, so coming back to it is a reference, not another copy;
- any other object (path item, parameter, response, request body, example,
  header) is copied in where it is referenced; only schemas may refer back to
  themselves, so a cycle of other objects is an error;
- a reference inside another file that starts with ``#`` means that file.

Every reference is resolved against the file that holds it, whatever key it
is under (a ``default`` response, a header, a callback, a schema at any
depth); what is data is carried as it is and never followed: extensions
(``x-*``) and literal values (``example``, ``default``, ``enum``...), as
generator.refs tells them apart.

Refused, each with a one-line error naming the file and the pointer: a URL
(nothing is fetched at generation time), a file outside the directory of the
root document, a file that cannot be read or parsed, a pointer to nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

from generator.errors import SpecError
from generator.load import Document, load, read
from generator.refs import COMPONENTS, DOCUMENT, SCHEMA, child, reference
from generator.resolve import follow, pointer, pointer_parts, unescape

# Any $ref whose value does not start with "#", in JSON or YAML spelling.
_EXTERNAL = re.compile(r"""\$ref['"]?\s*:\s*(?!\s*['"]?#)""")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)")


def bundle(doc: Document) -> Document:
    """``doc`` with every reference to another file resolved (``doc`` itself if there is none)."""
    if not _EXTERNAL.search(doc.text):
        return doc
    return _Bundler(doc).run()


class _Bundler:
    def __init__(self, root: Document) -> None:
        self.root = root
        self.root_file = root.path.resolve()
        self.base = self.root_file.parent
        self.docs: dict[Path, Document] = {self.root_file: root}
        self.sources: dict[str, str] = {}
        components = root.data.get("components")
        existing = components.get("schemas") if isinstance(components, dict) else None
        self.schemas: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}
        self.own = list(self.schemas)  # the root document's own components, before any from elsewhere
        self.taken = set(self.own)
        # (file, pointer) of each schema from elsewhere → its component name
        self.names: dict[tuple[Path, str], str] = {}
        self.inlining: list[tuple[Path, str]] = []

    def run(self) -> Document:
        # A root component that is only a reference to another file is that schema.
        claimed: dict[str, tuple[Path, str]] = {}
        for name, value in list(self.schemas.items()):
            if isinstance(value, dict) and set(value) == {"$ref"} and isinstance(value["$ref"], str):
                where = pointer("components", "schemas", name)
                target = self._target(value["$ref"], self.root_file, where)
                if target[0] != self.root_file:
                    claimed[name] = target
                    self.names[target] = name
        data = {}
        for key, value in self.root.data.items():
            if key == "components" and isinstance(value, dict):
                continue  # below, once every schema from elsewhere has a name
            data[key] = self._walk(value, self.root_file, pointer(key), child(DOCUMENT, key))
        components = self.root.data.get("components")
        if isinstance(components, dict) or self.schemas:
            walked: dict[str, Any] = {}
            for key, value in (components or {}).items():
                if key != "schemas":
                    where = pointer("components", key)
                    walked[key] = self._walk(value, self.root_file, where, child(COMPONENTS, key))
            for name in self.own:  # those from elsewhere were walked as they were named
                where = pointer("components", "schemas", name)
                if name in claimed:
                    file, fragment = claimed[name]
                    self.schemas[name] = self._walk(self._lookup(file, fragment, where), file, fragment, SCHEMA)
                else:
                    self.schemas[name] = self._walk(self.schemas[name], self.root_file, where, SCHEMA)
            walked["schemas"] = self.schemas
            data["components"] = walked
        return dataclasses.replace(self.root, data=data, sources=tuple(sorted(self.sources.items())))

    # ----------------------------------------------------------------- walk

    def _walk(self, node: Any, file: Path, where: str, kind: str | None) -> Any:
        """``node``, of ``kind`` (generator.refs; None: data, carried as it is), with its references resolved."""
        if kind is None:
            return node
        if isinstance(node, list):
            return [self._walk(item, file, f"{where}/{index}", kind) for index, item in enumerate(node)]
        if not isinstance(node, dict):
            return node
        ref = reference(kind, node)
        if ref is not None:
            return self._reference(node, ref, file, where, kind)
        return {
            key: self._walk(value, file, f"{where}/{pointer(key)[1:]}", child(kind, key)) for key, value in node.items()
        }

    def _reference(self, node: dict[str, Any], ref: str, file: Path, where: str, kind: str) -> Any:
        siblings = {k: v for k, v in node.items() if k != "$ref"}
        target = self._target(ref, file, f"{where}/$ref")
        target_file, fragment = target
        if target_file == self.root_file and file == self.root_file:
            # A local reference of the root document: as it is.
            return {"$ref": ref, **self._walk(siblings, file, where, kind)} if siblings else node
        if target_file == self.root_file:
            local = {"$ref": "#" + fragment}
            return {**local, **self._walk(siblings, file, where, kind)} if siblings else local
        if kind == SCHEMA or fragment.startswith("/components/schemas/"):
            name = self._component(target, f"{where}/$ref")
            local = {"$ref": "#" + pointer("components", "schemas", name)}
            return {**local, **self._walk(siblings, file, where, kind)} if siblings else local
        if target in self.inlining:
            chain = " → ".join(f"{f.name}#{p}" for f, p in [*self.inlining, target])
            raise self._error(file, where, f"$ref cycle across files that never reaches a definition: {chain}")
        self.inlining.append(target)
        try:
            body = self._lookup(target_file, fragment, f"{where}/$ref", referrer=file)
            copied = self._walk(body, target_file, fragment, kind)
        finally:
            self.inlining.pop()
        if isinstance(copied, dict) and siblings:
            return {**copied, **self._walk(siblings, file, where, kind)}
        return copied

    def _component(self, target: tuple[Path, str], where: str) -> str:
        """The component name of a schema from elsewhere, registering (and copying) it the first time."""
        known = self.names.get(target)
        if known is not None:
            return known
        file, fragment = target
        last = unescape(fragment.rsplit("/", 1)[-1]) if fragment else ""
        base = last or file.stem
        name, n = base, 1
        while name in self.taken:
            n += 1
            name = f"{base}{n}"
        self.taken.add(name)
        self.names[target] = name
        self.schemas[name] = {}  # its place, so the order is that of first reference
        body = self._lookup(file, fragment, where)
        self.schemas[name] = self._walk(body, file, fragment, SCHEMA)
        return name

    # -------------------------------------------------------------- targets

    def _target(self, ref: str, file: Path, where: str) -> tuple[Path, str]:
        """(file, JSON pointer) that ``ref``, written in ``file``, means."""
        if _URL.match(ref):
            raise self._error(
                file, where, f"$ref {ref!r} is a URL; nothing is fetched at generation time",
                "save the document beside the spec and refer to it by relative path",
            )
        path_part, _, fragment = ref.partition("#")
        if fragment and not fragment.startswith("/"):
            raise self._error(file, where, f"$ref {ref!r} has a fragment that is not a JSON pointer")
        if not path_part:
            return file, fragment
        target = (file.parent / path_part).resolve()
        if not target.is_relative_to(self.base):
            raise self._error(
                file, where, f"$ref {ref!r} leaves the directory of the root document",
                f"keep referenced files under {self.base}",
            )
        return target, fragment

    def _lookup(self, file: Path, fragment: str, where: str, referrer: Path | None = None) -> Any:
        doc = self._document(file, where, referrer or file)
        try:
            return follow(doc.data, fragment)
        except LookupError:
            raise self._error(
                referrer or file, where, f"$ref {file.name}#{fragment} points at nothing", "fix the reference"
            ) from None

    def _error(self, file: Path, where: str, what: str, hint: str = "") -> SpecError:
        """A ``SpecError`` at ``where`` in ``file``, with its line and column when they can be found."""
        doc = self.docs.get(file)
        parts: list[str | int] = [int(p) if p.isdigit() else p for p in pointer_parts(where)]
        position = doc.locate(parts) if doc is not None and doc.is_yaml else None
        return SpecError(str(file), f"{position} ({where})" if position else where, what, hint)

    def _document(self, file: Path, where: str, referrer: Path) -> Document:
        doc = self.docs.get(file)
        if doc is None:
            try:
                raw = read(file)
            except SpecError as exc:
                raise self._error(referrer, where, f"$ref to {file.name}: {exc.what}", exc.hint) from None
            doc = self.docs[file] = load(file, raw)
            self.sources[file.relative_to(self.base).as_posix()] = hashlib.sha256(raw).hexdigest()
        return doc
