"""The stages in order, with the caches that let a regeneration skip work.

load → validate → parse → (select) → render → format, returning every file of
the output. The caches, all content-addressed (see ``generator.cache``):

- ``run``: the whole result, keyed by the generator's own code and templates,
  the versions of what it uses, the spec's bytes and the options. A rerun on
  an unchanged spec reads the result back without importing Jinja or black.
- ``valid``: openapi-spec-validator's verdict, keyed by the document without
  its prose (``validate.schema_key``): an edit to descriptions needs none.
- ``render``: each model, resource and runtime module's final text by its
  part of the intermediate model (``render.render``);
- ``black``: formatted text by unformatted text (``format.format_files``);
- ``jinja``: compiled templates (Jinja's own bytecode cache).

Unless the whole output is replayed, the document's checks (and the
validator, which takes seconds on a large document, when its verdict is not
cached) run in a forked process while this one parses, renders and formats;
their verdict is awaited before anything is returned, so invalid input is
still refused.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from generator.cache import Cache, tree_digest
from generator.errors import SpecError
from generator.installed import installed
from generator.load import read
from generator.templates_path import templates_dir

_HERE = Path(__file__).resolve().parent


@dataclass
class Result:
    package: str
    files: dict[str, str]
    operations: int
    models: int
    classes: int
    warnings: list[str]


def generate(
    spec: Path, package: str, operations: list[str] | None = None, cache: Cache | None = None, jobs: int | None = None
) -> Result:
    raw = read(spec)
    run_key = _run_key(spec, raw, package, operations) if cache else ""
    if cache:
        replayed = _replay(cache, run_key)
        if replayed is not None:
            return replayed
    result = _generate(spec, raw, package, operations, cache, jobs)
    if cache:
        _record(cache, run_key, result)
        cache.prune("run", limit=16)  # whole outputs: megabytes each
        for kind in ("black", "valid", "render"):
            cache.prune(kind)
    return result


def _generate(
    spec: Path, raw: bytes, package: str, operations: list[str] | None, cache: Cache | None, jobs: int | None
) -> Result:
    from generator.format import format_files
    from generator.load import load
    from generator.naming import Identifier
    from generator.parse import Parser
    from generator.render import remember_parts, render
    from generator.select import select

    doc = load(spec, raw)
    # Every check of the document runs beside the rest; its verdict is awaited
    # before anything is returned (below), so invalid input is still refused.
    pending = _Background(functools.partial(_validate, cache=cache), doc)
    try:
        parser = Parser(doc, package=Identifier(package))
        api = parser.parse()
        if operations:
            api = select(api, operations, doc.name)
        fresh: dict[str, str] = {}
        rendered = render(api, source=spec.name, cache=cache, parts=fresh)
        final = frozenset(path for path, key in fresh.items() if not key)
        files = format_files(rendered, cache, jobs, final=final if cache else frozenset())
        if cache:
            remember_parts(cache, fresh, files)
    except Exception:
        pending.join()  # an invalid document explains a failure better than the failure
        raise
    except BaseException:
        pending.close()
        raise
    pending.join()
    return Result(
        package=str(api.package),
        files=files,
        operations=api.operation_count,
        models=api.component_count,
        classes=api.class_count,
        warnings=parser.warnings.lines(doc.name),
    )


def _validate(doc: Any, cache: Cache | None) -> None:
    """The quick checks, then openapi-spec-validator unless its verdict on this structure is cached."""
    from generator.validate import check_basics, check_schema, schema_key

    check_basics(doc)
    key = schema_key(doc)
    if cache and cache.get("valid", key) == "ok":
        return
    check_schema(doc)
    if cache:
        cache.put("valid", key, "ok")


# ------------------------------------------------------------ the run cache


def fingerprint() -> str:
    """Everything about this generator that decides its output."""
    digest = hashlib.sha256(sys.version.encode())
    for module in ("black", "jinja2", "openapi_spec_validator", "yaml"):
        digest.update(installed(module).encode())
    for root in (_HERE, templates_dir()):
        digest.update(tree_digest(root).encode())
    return digest.hexdigest()


def _run_key(spec: Path, raw: bytes, package: str, operations: list[str] | None) -> str:
    options = json.dumps({"source": spec.name, "package": package, "operations": sorted(operations or [])})
    return hashlib.sha256(f"{fingerprint()}\0{options}\0".encode() + raw).hexdigest()


def _replay(cache: Cache, key: str) -> Result | None:
    entry = cache.get("run", key)
    if entry is None:
        return None
    try:
        data = json.loads(entry)
        return Result(
            package=data["package"],
            files=dict(data["files"]),
            operations=data["operations"],
            models=data["models"],
            classes=data["classes"],
            warnings=list(data["warnings"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry is a miss


def _record(cache: Cache, key: str, result: Result) -> None:
    # One entry holds the whole output: a rerun reads one file, not hundreds.
    entry = {
        "package": result.package,
        "files": result.files,
        "operations": result.operations,
        "models": result.models,
        "classes": result.classes,
        "warnings": result.warnings,
    }
    cache.put("run", key, json.dumps(entry, sort_keys=True))


# ---------------------------------------------------- validation, in parallel


class _Background:
    """``check(doc)`` in a forked process; ``join`` re-raises its ``SpecError`` here."""

    def __init__(self, check: Callable[[Any], None], doc: Any) -> None:
        self._error: tuple[str, str, str, str] | None = None
        self._process: Any = None
        if "fork" not in multiprocessing.get_all_start_methods():
            self._error = _run(check, doc)  # no fork (Windows): in line, before the rest
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(check, doc, send), daemon=True)
        self._process.start()
        send.close()

    def join(self) -> None:
        if self._process is not None:
            try:
                self._error = self._receive.recv()
            except EOFError:  # the child died without answering (killed, out of memory)
                self._error = ("", "", "the OpenAPI validator stopped without a verdict", "")
            self._process.join()
            self._process = None
        if self._error is not None:
            raise SpecError(*self._error)

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
            self._process = None


def _run(check: Callable[[Any], None], doc: Any) -> tuple[str, str, str, str] | None:
    try:
        check(doc)
    except SpecError as exc:
        return (exc.file, exc.where, exc.what, exc.hint)
    return None


def _child(check: Callable[[Any], None], doc: Any, send: Any) -> None:
    try:
        send.send(_run(check, doc))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, not lost
        send.send((getattr(doc, "name", ""), "", f"the OpenAPI validator failed: {type(exc).__name__}", ""))
