"""Load, the first stage (load → bundle → validate → parse → ...): a path on disk → the
document as plain JSON-like data.

Parsing is done with the fast loaders (json, libyaml when present). Source
positions are only worked out when an error needs one (``Document.locate``), so
the common path pays nothing for them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Sequence
from typing import Any

import yaml

from generator import load_guard, locate, yaml_events
from generator.errors import SpecError
from generator.regular import read_document

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _SpecLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe YAML with JSON's data model: no implicit dates; keys become strings."""


# YAML 1.1 would turn `2024-01-01` into a date object, which JSON Schema (and the
# validator) cannot handle; OpenAPI documents are JSON at heart, so keep the text.
_SpecLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        # Unquoted response codes (200:) and `true:` keys are strings in OpenAPI.
        if isinstance(key, bool):
            key = "true" if key else "false"
        result[str(key)] = loader.construct_object(value_node, deep=True)
    return result


_SpecLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
load_guard.install(_SpecLoader)

# Load's first step, defined apart: a replayed run reads the document without YAML's loader.
read = read_document


@dataclass(frozen=True)
class Document:
    path: Path
    text: str
    data: Any
    is_yaml: bool
    # Other files the document refers to (generator.bundle): relative path → sha256 of their bytes.
    sources: tuple[tuple[str, str], ...] = ()

    @property
    def name(self) -> str:
        return str(self.path)

    def locate(self, pointer_parts: Sequence[str | int]) -> str | None:
        """``line:column`` (1-based) of the node at the given path, where it can be found."""
        return self.positions([pointer_parts])[0]

    def positions(self, paths: Sequence[Sequence[str | int]]) -> list[str | None]:
        """``locate`` for each of ``paths``, the text read once (``generator.locate``)."""
        return locate.positions(self.text, paths)


def load(path: Path, raw: bytes | None = None) -> Document:
    """Read (unless given the bytes) and parse ``path``; every failure is a ``SpecError``."""
    name = str(path)
    if raw is None:
        raw = read(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError(name, f"byte {exc.start}", "file is not valid UTF-8") from None

    is_json = path.suffix.lower() == ".json" or (path.suffix.lower() not in {".yaml", ".yml"} and text.lstrip().startswith("{"))
    if is_json:
        data = _parse_json(name, text)
    else:
        data = _parse_yaml(name, text)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise SpecError(name, "1:1", f"document is {kind}, expected a mapping with an 'openapi' key")
    return Document(path=path, text=text, data=data, is_yaml=not is_json)


def _parse_json(name: str, text: str) -> Any:
    try:
        data = json.loads(text, parse_int=load_guard.json_int)
    except json.JSONDecodeError as exc:
        raise SpecError(name, f"{exc.lineno}:{exc.colno}", f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise SpecError(name, "", "invalid JSON: nested too deeply") from None
    except ValueError as exc:
        raise SpecError(name, load_guard.locate_long_int(text), f"invalid JSON: {exc}") from None
    where = load_guard.lone_surrogate(text, data)
    if where is not None:
        raise SpecError(name, where, "invalid JSON: a lone surrogate in a string", "it cannot be written as UTF-8")
    return data


def _parse_yaml(name: str, text: str) -> Any:
    try:
        return _compose_and_construct(name, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{mark.line + 1}:{mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise SpecError(name, where, f"invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise SpecError(name, "", f"invalid YAML: {exc}") from None
    except RecursionError:
        raise SpecError(name, "", "invalid YAML: nested too deeply") from None


def _compose_and_construct(name: str, text: str) -> Any:
    """``yaml.load``, with the composed tree's size checked before anything expands it."""
    built, data = yaml_events.build(text, _SpecLoader)  # a plain document: no alias to expand
    if built:
        return data
    loader = _SpecLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        over = load_guard.check_expansion(root, text)
        if over is not None:
            where, budget = over
            raise SpecError(
                name,
                where,
                f"invalid YAML: aliases here expand to more than {budget:,} nodes",
                "an alias bomb; write the shared parts out or use $ref",
            )
        return loader.construct_document(root)
    finally:
        loader.dispose()
