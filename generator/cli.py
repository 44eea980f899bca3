"""The command line: arguments and ``[tool.generator]`` (both from the one table of
``generator.config``) → pipeline → exit code.

0: done (or, with --check, up to date); 1: --check found stale files;
2: a document that cannot be read as OpenAPI 3, a configuration error, or (with
--strict) any warning, reported as one line on stderr; 3: an internal error (a bug).

Lenient by default: a local defect of the document (openapi-spec-validator's
findings, a dangling $ref, a value of the wrong type) is a warning, and only
the part it touches is degraded (see ``generator.report`` and the README).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import __version__, incremental
from generator.incremental.cache import Cache
from generator.errors import SpecError
from generator.naming import package_problem, snake
from generator.config import SETTINGS, TABLE, Config, Setting, at_least_one, for_document, merged, read_config
from generator.extras import Extras, add_extras, read_extras
from generator.options import DEFAULT_VERSION, Options, Result
from generator import release
from generator.report import summary
from generator.write import OutputError, check_replaceable, diff, write

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# PEP 440's normal form of a release (what pip and PyPI show): an epoch, pre-, post-, dev- and local parts.
_PEP440 = re.compile(r"(\d+!)?\d+(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?(\+[a-z0-9]+(\.[a-z0-9]+)*)?")


def build_parser(prog: str | None = None) -> argparse.ArgumentParser:
    """The command line, from ``config.SETTINGS`` (``prog``: the name the user typed; argparse's
    default, the script's file name, is right for the installed ``openapi-box-generator``)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Generate a typed, black-formatted Python client package from an OpenAPI 3.0/3.1 document.",
        epilog=f"Every option but --check, --config and --version can also be a key of [{TABLE}] in "
        "pyproject.toml (each option's help names its key); the command line wins. "
        "Exit codes: 0 done or up to date (warnings or not), 1 --check found stale files, "
        "2 a document that is not OpenAPI 3, a configuration error, or a warning with --strict, "
        "3 internal error.",
    )
    what = parser.add_argument_group("what to generate")
    how = parser.add_argument_group("how to run")
    for setting in SETTINGS:
        if setting.flags:
            _add(how if setting.how else what, setting)
    what.add_argument(
        "--config",
        type=Path,
        default=None,
        metavar="FILE",
        help=f"a pyproject.toml whose [{TABLE}] table gives defaults for these options "
        "(default: ./pyproject.toml, if there is one)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _add(group: argparse._ArgumentGroup, setting: Setting) -> None:
    """``setting``'s option (or the positional argument), its key named in its help."""
    if setting.positional:
        group.add_argument(
            setting.name, type=Path, nargs="?", metavar=setting.name.upper(), help=f"{setting.help} (key: {setting.key})"
        )
        return
    kinds: dict[str, dict[str, Any]] = {
        "bool": {"action": "store_true"},
        "list": {"action": "append"},
        "paths": {"action": "append", "type": Path},
        "names": {"action": "append"},
        "path": {"type": Path},
        "int": {"type": _processes},
        "str": {},
    }
    kind = dict(kinds[setting.kind])
    if setting.metavar:
        kind["metavar"] = setting.metavar
    key = f" (key: {setting.key})" if setting.key else ""
    group.add_argument(*setting.flags, dest=setting.name, help=setting.help + key, **kind)


def _processes(text: str) -> int:
    """``--jobs``: a whole number of at least 1 (argparse reports the error)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if problem := at_least_one(value):
        raise argparse.ArgumentTypeError(problem)
    return value


@dataclass(frozen=True)
class Run:
    """What a run does, from the command line and the configuration."""

    spec: Path
    output: Path
    options: Options
    extras: Extras
    extras_dir: Path | None
    settings: dict[str, Any]  # every setting by name (config.merged)


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    parser = build_parser(prog)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        run = resolve(args)
    except SpecError as exc:
        print(exc.one_line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    if run is None:
        parser.print_usage(sys.stderr)
        print(f"error: give the OpenAPI document, or spec in [{TABLE}] of pyproject.toml", file=sys.stderr)
        return EXIT_BAD_INPUT
    if isinstance(run, str):
        print(f"error: {run}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return _run(run, started)


def resolve(args: argparse.Namespace) -> Run | str | None:
    """The run the arguments and the configuration ask for; what is wrong with them (one line),
    or None when no document is named anywhere. Raises ``SpecError`` on a bad configuration."""
    config = for_document(_config(args.config), args.spec)
    arguments = vars(args).copy()
    pairs = []
    for item in args.method_name or []:
        operation_id, sep, name = item.partition("=")
        if not sep or not operation_id or not name:
            return f"--method-name {item!r} is not OPERATION_ID=NAME"
        pairs.append((operation_id, name))
    arguments["method_name"] = pairs
    settings = merged(arguments, config)
    extras_dir: Path | None = settings["extras"]
    extras = read_extras(extras_dir) if extras_dir is not None else Extras()
    spec: Path | None = settings["spec"]
    if spec is None:
        return None
    package = settings["package"] or f"{snake(spec.stem, 'api')}_client"
    if problem := package_problem(package):
        return f"--package {package!r} {problem}"
    options = _options(settings, snake(package), extras)
    if isinstance(options, str):
        return options
    return Run(spec, settings["output"] or Path("generated"), options, extras, extras_dir, settings)


def _run(run: Run, started: float) -> int:
    """Generate, then write or (``--check``) compare; the exit code."""
    spec, settings = run.spec, run.settings
    cache = None if settings["no_cache"] else Cache(settings["cache_dir"] or default_cache_dir())
    previous = release.recorded(run.output)  # the API the output holds, read before it is replaced
    try:
        result = _generate(spec, run.options, cache, settings["jobs"])
        # Read afresh each run, never cached: an edited extra cannot be replayed stale.
        result.files = add_extras(result.files, run.options.package, run.extras, str(run.extras_dir))
        if result.warnings and settings["strict"]:
            first = result.warnings[0].replace(": warning: ", ": error: ", 1)
            print(f"{first} (--strict; {_count(len(result.warnings), 'warning')} in all)", file=sys.stderr)
            return EXIT_BAD_INPUT
        every = settings["warnings"]
        told = [] if settings["quiet"] else [*result.notes, *summary(str(spec), result.warnings, every=every)]
        if settings["check"]:
            _tell(told)
            return _check(run.output, result.files, release.for_check(previous, result.files))
        check_replaceable(run.output)
        written, unchanged = write(run.output, result.files)
        changes = release.after_write(previous, result.files, list(settings["changelog"]))
        told = told if settings["quiet"] else [*changes, *told]
    except SpecError as exc:
        print(exc.one_line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RecursionError:
        print(f"{spec}: error: the document is nested too deeply to process", file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        # Nothing has been written yet (output is staged and swapped in whole).
        print(f"{spec}: error: out of memory while processing the document; "
              "split it or raise the memory limit", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a generator bug: one line, unless asked for the traceback
        if settings["debug"]:
            raise
        print(
            f"{spec}: internal error: {type(exc).__name__}: {exc} (a bug in the generator; "
            "rerun with --debug for the traceback and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    if not settings["quiet"]:
        seconds = time.perf_counter() - started
        print(_summary(result, len(run.extras.files), written, unchanged, run.output, seconds))
    _tell(told)  # at the end of the run, where they are read
    return EXIT_OK


def _summary(result: Result, extras: int, written: int, unchanged: int, output: Path, seconds: float) -> str:
    """The line that says what a run made."""
    return (
        f"{result.package}: {_count(result.operations, 'operation')}, {_count(result.models, 'model')} "
        f"({_count(result.classes, 'class')} with inline ones), "
        + (f"{_count(extras, 'extra')}, " if extras else "")
        + f"{_count(written, 'file')} written ({unchanged} unchanged) to {output} in {seconds:.2f}s"
    )


def _count(n: int, noun: str) -> str:
    """``n`` and ``noun``, in the plural unless ``n`` is 1 (the nouns of the summary take -s or -es)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}{'es' if noun.endswith('s') else 's'}"


def _generate(spec: Path, options: Options, cache: Cache | None, jobs: int | None) -> Result:
    """The output afresh, or with the caches' help (``generator.incremental``) when there are caches."""
    if cache is None:
        from generator.pipeline import generate  # (here: a run replayed from the cache needs none of it)

        return generate(spec, options, jobs=jobs)
    return incremental.generate(spec, options, cache, jobs=jobs)


def _tell(lines: list[str]) -> None:
    """Notes, then warnings (the first few of each kind, or all) and their count by kind, on stderr."""
    sys.stdout.flush()
    for line in lines:
        print(line, file=sys.stderr)


def _options(settings: dict[str, Any], package: str, extras: Extras) -> Options | str:
    """The options of the generator from the run's settings; or what is wrong."""
    env_prefix = settings["env_prefix"] or None  # an empty one stands for none
    request_id_header = settings["request_id_header"] or None
    version = settings["sdk_version"]
    if problem := _setting_problems(env_prefix, request_id_header, version):
        return problem
    return Options(
        package=package,
        operations=settings["operation"],
        templates=settings["templates"],
        method_names=tuple(sorted(settings["method_name"].items())),
        names=settings["names"],
        env_prefix=env_prefix,
        request_id_header=request_id_header,
        exports=extras.exports,
        optional_dependencies=settings["extras_dependencies"],
        version=version or DEFAULT_VERSION,
    )


def _setting_problems(env_prefix: str | None, request_id_header: str | None, version: str | None) -> str | None:
    """What is wrong with the environment variable prefix, the header name or the version, if anything."""
    if env_prefix is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env_prefix):
        return f"--env-prefix {env_prefix!r} is not the start of an environment variable name (letters, digits, _)"
    if request_id_header is not None and not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", request_id_header):
        return f"--request-id-header {request_id_header!r} is not an HTTP header name"
    if version is not None and not _PEP440.fullmatch(version):
        return f"--sdk-version {version!r} is not a PEP 440 version in its normal form (e.g. 1.2.0, 2.0.0rc1)"
    return None


def _config(explicit: Path | None) -> Config:
    if explicit is not None:
        return read_config(explicit)
    found = Path("pyproject.toml")
    return read_config(found) if found.is_file() else Config()


def default_cache_dir() -> Path:
    explicit = os.environ.get("OPENAPI_BOX_GENERATOR_CACHE")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "openapi-box-generator"


def _check(output: Path, files: dict[str, str], api_changes: list[str]) -> int:
    """Compare ``output`` with ``files``: what is stale, then the API changes regenerating would make."""
    if not output.exists():
        print(f"{output} is stale: it does not exist (regenerating writes {_count(len(files), 'file')})")
        return EXIT_STALE
    stale = diff(output, files)
    if not stale:
        print(f"{output} is up to date")
        return EXIT_OK
    print(f"{output} is stale; {_count(len(stale), 'file')} {'differs' if len(stale) == 1 else 'differ'}:")
    for path in stale:
        print(f"  {path}")
    for line in api_changes:
        print(line)
    return EXIT_STALE


if __name__ == "__main__":
    sys.exit(main())
