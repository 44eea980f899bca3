"""The command line: arguments → pipeline → exit code.

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
from pathlib import Path

from generator import __version__, incremental
from generator.incremental.cache import Cache
from generator.errors import SpecError
from generator.naming import package_problem, snake
from generator.config import TABLE, Config, for_document, read_config
from generator.extras import Extras, add_extras, read_extras
from generator.pipeline import Options, Result, generate
from generator import release
from generator.report import summary
from generator.write import OutputError, check_replaceable, diff, write

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate a typed, black-formatted Python client package from an OpenAPI 3.0/3.1 document.",
        epilog="Exit codes: 0 done or up to date (warnings or not), 1 --check found stale files, "
        "2 a document that is not OpenAPI 3, a configuration error, or a warning with --strict, "
        "3 internal error.",
    )
    _what_to_generate(parser.add_argument_group("what to generate"))
    _how_to_run(parser.add_argument_group("how to run"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _what_to_generate(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "spec", type=Path, nargs="?", help="the OpenAPI document (YAML or JSON); other files it refers to are read too"
    )
    group.add_argument(
        "--output",
        "-o",
        type=Path,
        default=None,
        help="directory to write the client distribution to (default: generated/); "
        "it is replaced as a whole",
    )
    group.add_argument(
        "--package",
        "-p",
        help="import name of the emitted package (default: <spec file stem>_client, e.g. box_client)",
    )
    group.add_argument(
        "--env-prefix",
        metavar="PREFIX",
        help="the emitted client reads PREFIX + BASE_URL, TOKEN and LOG from the environment "
        "(e.g. BOX_; default: none read; \"\" for none)",
    )
    group.add_argument(
        "--request-id-header",
        metavar="NAME",
        help="the response header that carries the request id, when the document declares none "
        "(default: x-request-id, then request-id)",
    )
    group.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 and list the files that differ if the output is stale, 0 if up to date",
    )
    group.add_argument(
        "--changelog",
        type=Path,
        action="append",
        metavar="FILE",
        help="after a regeneration that changed the Python API, prepend a dated entry of the changes "
        "to FILE (repeatable; made if missing; a CHANGELOG.md in the output is kept)",
    )
    group.add_argument(
        "--operation",
        action="append",
        metavar="OPERATION_ID",
        help="generate only this operation (repeatable), with the models it reaches",
    )
    group.add_argument(
        "--method-name",
        action="append",
        metavar="OPERATION_ID=NAME",
        help="name the method of this operation (repeatable; before x-python-method-name)",
    )
    group.add_argument(
        "--templates",
        type=Path,
        default=None,
        help="a directory of templates that replace the generator's own of the same name",
    )
    group.add_argument(
        "--extras",
        type=Path,
        default=None,
        metavar="DIR",
        help="a directory of hand-written modules copied into the package as they are "
        "(each module's __all__ is re-exported from the package root)",
    )
    group.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"a pyproject.toml whose [{TABLE}] table gives defaults for these options "
        "(default: ./pyproject.toml, if there is one)",
    )


def _how_to_run(group: argparse._ArgumentGroup) -> None:
    group.add_argument(
        "--strict",
        action="store_true",
        help="refuse a document with any warning: exit 2, naming the first one (notes do not count)",
    )
    group.add_argument(
        "--warnings",
        "-W",
        action="store_true",
        help="list every warning (default: the first few of each kind, and a count by kind)",
    )
    group.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="where to keep the content-addressed caches that make regeneration fast "
        "(default: $OPENAPI_BOX_GENERATOR_CACHE, else $XDG_CACHE_HOME or ~/.cache, /openapi-box-generator)",
    )
    group.add_argument("--no-cache", action="store_true", help="neither read nor write the caches")
    group.add_argument(
        "--jobs", "-j", type=int, default=None, help="processes to format with (default: one per CPU)"
    )
    group.add_argument("--quiet", "-q", action="store_true", help="print nothing on success: no notes, no warnings")
    group.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error instead of one line"
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        config = for_document(_config(args.config), args.spec)
        extras_dir: Path | None = args.extras or config.extras
        extras = read_extras(extras_dir) if extras_dir is not None else Extras()
    except SpecError as exc:
        print(exc.one_line(), file=sys.stderr)
        return EXIT_BAD_INPUT
    spec: Path | None = args.spec or config.spec
    if spec is None:
        parser.print_usage(sys.stderr)
        print(f"error: give the OpenAPI document, or spec in [{TABLE}] of pyproject.toml", file=sys.stderr)
        return EXIT_BAD_INPUT
    output: Path = args.output or config.output or Path("generated")
    package = args.package or config.package or f"{snake(spec.stem, 'api')}_client"
    if problem := package_problem(package):
        print(f"error: --package {package!r} {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    options = _options(args, config, snake(package), extras)
    if isinstance(options, str):
        print(f"error: {options}", file=sys.stderr)
        return EXIT_BAD_INPUT
    strict = args.strict or config.strict
    cache = None if args.no_cache else Cache(args.cache_dir or default_cache_dir())
    previous = release.previous(output)  # the API the output holds, read before it is replaced
    try:
        result = _generate(spec, options, cache, args.jobs)
        # Read afresh each run, never cached: an edited extra cannot be replayed stale.
        result.files = add_extras(result.files, options.package, extras, str(extras_dir))
        if result.warnings and strict:
            first = result.warnings[0].replace(": warning: ", ": error: ", 1)
            print(f"{first} (--strict; {len(result.warnings)} warning(s) in all)", file=sys.stderr)
            return EXIT_BAD_INPUT
        told = [] if args.quiet else [*result.notes, *summary(str(spec), result.warnings, every=args.warnings)]
        if args.check:
            _tell(told)
            stale = _check(output, result.files)
            for line in release.for_check(previous, result.files):  # the API changes it would make
                print(line)
            return stale
        check_replaceable(output)
        written, unchanged = write(output, result.files)
        changes = release.after_write(previous, result.files, args.changelog or [])
        told = told if args.quiet else [*changes, *told]
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
        if args.debug:
            raise
        print(
            f"{spec}: internal error: {type(exc).__name__}: {exc} (a bug in the generator; "
            "rerun with --debug for the traceback and report it)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    if not args.quiet:
        print(_summary(result, len(extras.files), written, unchanged, output, time.perf_counter() - started))
    _tell(told)  # at the end of the run, where they are read
    return EXIT_OK


def _summary(result: Result, extras: int, written: int, unchanged: int, output: Path, seconds: float) -> str:
    """The line that says what a run made."""
    return (
        f"{result.package}: {result.operations} operations, {result.models} models "
        f"({result.classes} classes with inline ones), "
        + (f"{extras} extra{'s' if extras > 1 else ''}, " if extras else "")
        + f"{written} files written ({unchanged} unchanged) to {output} in {seconds:.2f}s"
    )


def _generate(spec: Path, options: Options, cache: Cache | None, jobs: int | None) -> Result:
    """The output afresh, or with the caches' help (``generator.incremental``) when there are caches."""
    if cache is None:
        return generate(spec, options, jobs=jobs)
    return incremental.generate(spec, options, cache, jobs=jobs)


def _tell(lines: list[str]) -> None:
    """Notes, then warnings (the first few of each kind, or all) and their count by kind, on stderr."""
    sys.stdout.flush()
    for line in lines:
        print(line, file=sys.stderr)


def _options(args: argparse.Namespace, config: Config, package: str, extras: Extras) -> Options | str:
    """The options of the run, from the command line and the configuration; or what is wrong."""
    env_prefix = _given(args.env_prefix, config.env_prefix)
    request_id_header = _given(args.request_id_header, config.request_id_header)
    if problem := _setting_problems(env_prefix, request_id_header):
        return problem
    method_names = dict(config.method_names)
    for item in args.method_name or []:
        operation_id, sep, name = item.partition("=")
        if not sep or not operation_id or not name:
            return f"--method-name {item!r} is not OPERATION_ID=NAME"
        method_names[operation_id] = name
    return Options(
        package=package,
        operations=tuple(args.operation or ()),
        templates=args.templates or config.templates,
        method_names=tuple(sorted(method_names.items())),
        env_prefix=env_prefix,
        request_id_header=request_id_header,
        exports=extras.exports,
        optional_dependencies=config.extras_dependencies,
    )


def _given(argument: str | None, configured: str | None) -> str | None:
    """The command line's value, else the configuration's; an empty one stands for none."""
    value = argument if argument is not None else configured
    return value or None


def _setting_problems(env_prefix: str | None, request_id_header: str | None) -> str | None:
    """What is wrong with the environment variable prefix or the header name, if anything."""
    if env_prefix is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", env_prefix):
        return f"--env-prefix {env_prefix!r} is not the start of an environment variable name (letters, digits, _)"
    if request_id_header is not None and not re.fullmatch(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+", request_id_header):
        return f"--request-id-header {request_id_header!r} is not an HTTP header name"
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


def _check(output: Path, files: dict[str, str]) -> int:
    stale = diff(output, files)
    if not stale:
        print(f"{output} is up to date")
        return EXIT_OK
    print(f"{output} is stale; {len(stale)} file(s) differ:")
    for path in stale:
        print(f"  {path}")
    return EXIT_STALE


if __name__ == "__main__":
    sys.exit(main())
