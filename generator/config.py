"""The run's settings: one table (``SETTINGS``) from which both the command line
(``generator.cli`` builds its parser from it) and the maintainer's
``[tool.generator]`` table in ``pyproject.toml`` (``read_config``) are derived,
so an option cannot exist without its key, nor a key without its option.

An option given on the command line wins (``merged``). Paths in the table are
relative to the directory of the ``pyproject.toml`` they are written in. Where
``spec`` is set, the settings that shape one client (``Setting.document``)
belong to that document: a run given another document on the command line
does not take them (``for_document``)::

    [tool.generator]
    spec = "spec/openapi.yaml"       # the positional argument
    output = "generated"             # --output
    package = "acme_client"          # --package
    version = "1.2.0"                # --sdk-version: the package's version
    env-prefix = "ACME_"             # --env-prefix: ACME_BASE_URL, ACME_TOKEN, ACME_LOG
    strict = true                    # --strict
    operations = ["listPets"]        # --operation, repeated
    jobs = 2                         # --jobs

    names = "spec/acme-sdk-names.yaml"  # --names: another SDK's names (generator.names_table)

    [tool.generator.method-names]    # --method-name OPERATION_ID=NAME, repeated
    listPets = "all_pets"

    [tool.generator.extras-dependencies]  # the package's optional dependencies (no option)
    jwt = ["pyjwt[crypto]>=2"]            # pip install acme_client[jwt]

Deliberately not keys: ``--help``, ``--version`` and ``--config`` (they are about
the command line itself), and ``--check``, which says what a run does rather
than how: with ``check = true`` the plain ``python -m generator`` could never
regenerate (a flag has no command-line negation).
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
# PEP 508's name of an extra (what pip accepts in pkg[extra])
_EXTRA_NAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")


@dataclass(frozen=True)
class Setting:
    """One setting of a run: its command-line option and its ``[tool.generator]`` key.

    ``kind``: ``path``, ``str``, ``bool`` (a flag), ``int`` (at least 1), ``list``
    (a repeatable option; a list of strings as a key), ``paths`` (the same, of
    paths), ``names`` (a repeatable
    ``A=B`` option; a table of strings as a key) or ``requirements`` (a table of
    lists of requirements; no option).
    """

    name: str  # the attribute of the parsed arguments and of Config.values
    key: str | None  # None: the command line's only
    kind: str
    flags: tuple[str, ...]  # ("spec",): the positional argument; (): no option
    help: str = ""
    metavar: str | None = None
    document: bool = False  # it shapes the client of one document (for_document)
    how: bool = False  # listed under "how to run" rather than "what to generate"

    @property
    def positional(self) -> bool:
        return bool(self.flags) and not self.flags[0].startswith("-")


# fmt: off
SETTINGS: tuple[Setting, ...] = (
    Setting("spec", "spec", "path", ("spec",),
            "the OpenAPI document (YAML or JSON); other files it refers to are read too"),
    Setting("output", "output", "path", ("--output", "-o"),
            "directory to write the client distribution to (default: generated/); it is replaced as a whole",
            metavar="DIR", document=True),
    Setting("package", "package", "str", ("--package", "-p"),
            "import name of the emitted package (default: <spec file stem>_client, e.g. box_client)",
            metavar="NAME", document=True),
    Setting("sdk_version", "version", "str", ("--sdk-version",),
            "the emitted package's version, a PEP 440 version (default: 0.1.0); "
            "the document's info.version is the package's API_VERSION",
            metavar="VERSION", document=True),
    Setting("env_prefix", "env-prefix", "str", ("--env-prefix",),
            "the emitted client reads PREFIX + BASE_URL, TOKEN and LOG from the environment "
            '(e.g. BOX_; default: none read; "" for none)',
            metavar="PREFIX", document=True),
    Setting("request_id_header", "request-id-header", "str", ("--request-id-header",),
            "the response header that carries the request id, when the document declares none "
            "(default: x-request-id, then request-id)",
            metavar="NAME", document=True),
    Setting("check", None, "bool", ("--check",),
            "write nothing; exit 1 and list the files that differ if the output is stale, 0 if up to date"),
    Setting("changelog", "changelog", "paths", ("--changelog",),
            "after a regeneration that changed the Python API, prepend a dated entry of the changes "
            "to FILE (repeatable; made if missing; a CHANGELOG.md in the output is kept)",
            metavar="FILE", document=True),
    Setting("operation", "operations", "list", ("--operation",),
            "generate only this operation (repeatable), with the models it reaches",
            metavar="OPERATION_ID", document=True),
    Setting("method_name", "method-names", "names", ("--method-name",),
            "name the method of this operation (repeatable; before x-python-method-name)",
            metavar="OPERATION_ID=NAME", document=True),
    Setting("names", "names", "path", ("--names",),
            "take group, method, argument and request-model names from this table of another SDK's "
            "(made by scripts/box_sdk_names.py for box-sdk-gen; after method-names)",
            metavar="FILE", document=True),
    Setting("templates", "templates", "path", ("--templates",),
            "a directory of templates that replace the generator's own of the same name",
            metavar="DIR", document=True),
    Setting("extras", "extras", "path", ("--extras",),
            "a directory of hand-written modules copied into the package as they are "
            "(each module's __all__ is re-exported from the package root)",
            metavar="DIR", document=True),
    Setting("extras_dependencies", "extras-dependencies", "requirements", (), document=True),
    Setting("strict", "strict", "bool", ("--strict",),
            "refuse a document with any warning: exit 2, naming the first one (notes do not count)", how=True),
    Setting("warnings", "warnings", "bool", ("--warnings", "-W"),
            "list every warning (default: the first few of each kind, and a count by kind)", how=True),
    Setting("cache_dir", "cache-dir", "path", ("--cache-dir",),
            "where to keep the content-addressed caches that make regeneration fast (default: "
            "$OPENAPI_BOX_GENERATOR_CACHE, else $XDG_CACHE_HOME or ~/.cache, /openapi-box-generator)",
            metavar="DIR", how=True),
    Setting("no_cache", "no-cache", "bool", ("--no-cache",), "neither read nor write the caches", how=True),
    Setting("jobs", "jobs", "int", ("--jobs", "-j"), "processes to format with (default: one per CPU)",
            metavar="N", how=True),
    Setting("quiet", "quiet", "bool", ("--quiet", "-q"),
            "print nothing on success: no notes, no warnings", how=True),
    Setting("debug", "debug", "bool", ("--debug",),
            "show the traceback of an internal error instead of one line", how=True),
)
# fmt: on
KEYS = {s.key: s for s in SETTINGS if s.key is not None}


@dataclass(frozen=True)
class Config:
    """The ``[tool.generator]`` table of ``file``: each setting's value by ``Setting.name``, as read."""

    file: Path | None = None
    values: dict[str, Any] = field(default_factory=dict)


def for_document(config: Config, spec: Path | None) -> Config:
    """``config`` for a run on ``spec`` (the command line's document, if any).

    A repository that generates its own client (``spec`` set) may also run the
    generator on other documents (tests, experiments): those must not come out
    named, placed and extended as that client.
    """
    configured = config.values.get("spec")
    if configured is None or spec is None or _same_file(spec, configured):
        return config
    document = {s.name for s in SETTINGS if s.document}
    return replace(config, values={k: v for k, v in config.values.items() if k not in document})


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def merged(arguments: dict[str, Any], config: Config) -> dict[str, Any]:
    """Every setting's value: the command line's (``arguments``, by name) if given, else the
    configuration's, else none (None, False, () or {}); method names merge, the command line's winning."""
    values: dict[str, Any] = {}
    for s in SETTINGS:
        given, configured = arguments.get(s.name), config.values.get(s.name)
        if s.kind == "bool":
            values[s.name] = bool(given or configured)
        elif s.kind == "names":
            values[s.name] = {**(configured or {}), **dict(given or ())}
        elif s.kind in ("list", "paths", "requirements"):
            values[s.name] = tuple(given) if given else tuple(configured or ())
        else:
            values[s.name] = given if given is not None else configured
    return values


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
    for key in table:
        if key not in KEYS:
            raise SpecError(name, f"[{TABLE}]", f"unknown key {key!r}", f"known keys: {', '.join(sorted(KEYS))}")
    base = path.resolve().parent
    values = {KEYS[key].name: _value(KEYS[key], value, base, name) for key, value in table.items()}
    return Config(file=path, values=values)


def _value(setting: Setting, value: Any, base: Path, file: str) -> Any:
    """The key's ``value`` as the command line would give it, or a one-line error."""
    key = setting.key or setting.name
    where = f"[{TABLE}] {key}"
    if setting.kind == "names":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise SpecError(file, f"[{TABLE}.{key}]", "must map operationIds to method names (strings)")
        return dict(value)
    if setting.kind == "requirements":
        return _dependencies(value, file)
    if setting.kind in ("list", "paths"):
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SpecError(file, where, "must be a list of strings")
        return tuple(base / v for v in value) if setting.kind == "paths" else tuple(value)
    kind: type = {"path": str, "str": str, "bool": bool, "int": int}[setting.kind]
    # TOML's values are of exact types: a boolean is no int here, though Python's bool is one.
    if type(value) is not kind:
        article = "an" if kind is int else "a"
        raise SpecError(file, where, f"must be {article} {kind.__name__}, not {type(value).__name__}")
    checked: Any = value
    if setting.kind == "int" and (problem := at_least_one(checked)):
        raise SpecError(file, where, problem)
    return base / checked if setting.kind == "path" else checked


def at_least_one(value: int) -> str | None:
    """What is wrong with a count of processes, if anything."""
    return None if value >= 1 else f"must be at least 1, not {value}"


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
