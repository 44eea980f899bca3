"""The maintainer's settings: ``[tool.generator]`` in their ``pyproject.toml``.

Every key stands for a command-line option, and an option given on the
command line wins. Paths are relative to the directory of the
``pyproject.toml`` they are written in::

    [tool.generator]
    spec = "spec/openapi.yaml"       # the positional argument
    output = "generated"             # --output
    package = "acme_client"          # --package
    env-prefix = "ACME_"             # --env-prefix: ACME_BASE_URL, ACME_TOKEN, ACME_LOG
    request-id-header = "acme-request-id"  # --request-id-header
    templates = "templates-override" # --templates: overrides templates by name
    strict = true                    # --strict

    [tool.generator.method-names]    # --method-name OPERATION_ID=NAME
    listPets = "all_pets"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import SpecError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TABLE = "tool.generator"
_PATHS = ("spec", "output", "templates")
_STRINGS = ("package", "env-prefix", "request-id-header")
_FLAGS = ("strict",)
_MAPS = ("method-names",)


@dataclass(frozen=True)
class Config:
    file: Path | None = None
    spec: Path | None = None
    output: Path | None = None
    package: str | None = None
    env_prefix: str | None = None
    request_id_header: str | None = None
    templates: Path | None = None
    strict: bool = False
    method_names: dict[str, str] = field(default_factory=dict)


def read_config(path: Path) -> Config:
    """The ``[tool.generator]`` table of ``path`` (an empty ``Config`` if it has none)."""
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SpecError(name, "", f"cannot read file: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SpecError(name, "", f"invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("generator")
    if table is None:
        return Config()
    if not isinstance(table, dict):
        raise SpecError(name, f"[{TABLE}]", "must be a table")
    known = {*_PATHS, *_STRINGS, *_FLAGS, *_MAPS}
    for key in table:
        if key not in known:
            raise SpecError(name, f"[{TABLE}]", f"unknown key {key!r}", f"known keys: {', '.join(sorted(known))}")
    base = path.resolve().parent
    values: dict[str, Any] = {}
    for key in _PATHS:
        if key in table:
            values[key] = base / _typed(table, key, str, name)
    for key in _STRINGS:
        if key in table:
            values[key.replace("-", "_")] = _typed(table, key, str, name)
    for key in _FLAGS:
        if key in table:
            values[key] = _typed(table, key, bool, name)
    names = table.get("method-names", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise SpecError(name, f"[{TABLE}.method-names]", "must map operationIds to method names (strings)")
    return Config(file=path, method_names=dict(names), **values)


def _typed(table: dict[str, Any], key: str, kind: type, file: str) -> Any:
    value = table[key]
    if not isinstance(value, kind):
        raise SpecError(file, f"[{TABLE}] {key}", f"must be a {kind.__name__}, not {type(value).__name__}")
    return value
