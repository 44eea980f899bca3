"""The maintainer's settings: ``[tool.generator]`` in their ``pyproject.toml``.

Every key stands for a command-line option, and an option given on the
command line wins. Paths are relative to the directory of the
``pyproject.toml`` they are written in. Where ``spec`` is set, the settings
that shape one client (all but ``spec`` and ``strict``) belong to that
document: a run given another document on the command line does not take
them (``Config.for_document``)::

    [tool.generator]
    spec = "spec/openapi.yaml"       # the positional argument
    output = "generated"             # --output
    package = "acme_client"          # --package
    env-prefix = "ACME_"             # --env-prefix: ACME_BASE_URL, ACME_TOKEN, ACME_LOG
    request-id-header = "acme-request-id"  # --request-id-header
    templates = "templates-override" # --templates: overrides templates by name
    strict = true                    # --strict
    extras = "spec/extras"           # --extras: modules copied into the package

    [tool.generator.method-names]    # --method-name OPERATION_ID=NAME
    listPets = "all_pets"

    [tool.generator.extras-dependencies]  # the package's optional dependencies (no option)
    jwt = ["pyjwt[crypto]>=2"]            # pip install acme_client[jwt]
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from generator.errors import SpecError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

TABLE = "tool.generator"
_PATHS = ("spec", "output", "templates", "extras")
_STRINGS = ("package", "env-prefix", "request-id-header")
_FLAGS = ("strict",)
_MAPS = ("method-names", "extras-dependencies")
# PEP 508's name of an extra (what pip accepts in pkg[extra])
_EXTRA_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


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
    extras: Path | None = None
    method_names: dict[str, str] = field(default_factory=dict)
    extras_dependencies: tuple[tuple[str, tuple[str, ...]], ...] = ()


# The settings that describe the client of one document, rather than how to run.
_DOCUMENT_SETTINGS: dict[str, Any] = {
    "output": None,
    "package": None,
    "env_prefix": None,
    "request_id_header": None,
    "templates": None,
    "extras": None,
    "method_names": {},
    "extras_dependencies": (),
}


def for_document(config: Config, spec: Path | None) -> Config:
    """``config`` for a run on ``spec`` (the command line's document, if any).

    A repository that generates its own client (``spec`` set) may also run the
    generator on other documents (tests, experiments): those must not come out
    named, placed and extended as that client.
    """
    if config.spec is None or spec is None or _same_file(spec, config.spec):
        return config
    return replace(config, **_DOCUMENT_SETTINGS)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


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
    dependencies = _dependencies(table.get("extras-dependencies", {}), name)
    return Config(file=path, method_names=dict(names), extras_dependencies=dependencies, **values)


def _dependencies(table: Any, file: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``extras-dependencies``: each optional dependency's name and requirements, in the table's order."""
    where = f"[{TABLE}.extras-dependencies]"
    if not isinstance(table, dict):
        raise SpecError(file, where, "must be a table of extra names to lists of requirements")
    found = []
    for extra, requirements in table.items():
        if not _EXTRA_NAME.fullmatch(extra):
            raise SpecError(file, where, f"{extra!r} is not a name pip accepts for an extra")
        if not isinstance(requirements, list) or not all(isinstance(r, str) and r.strip() for r in requirements):
            raise SpecError(file, where, f"{extra} must be a list of requirements (strings)")
        found.append((extra, tuple(requirements)))
    return tuple(found)


def _typed(table: dict[str, Any], key: str, kind: type, file: str) -> Any:
    value = table[key]
    if not isinstance(value, kind):
        raise SpecError(file, f"[{TABLE}] {key}", f"must be a {kind.__name__}, not {type(value).__name__}")
    return value
