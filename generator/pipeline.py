"""The stages in order, with the caches that let a regeneration skip work.

load → bundle → validate → parse → views → (select) → render → format,
returning every file of the output (``write`` puts them on disk). The
caches, all content-addressed (see ``generator.cache``):

- ``run``: the whole result, keyed by the generator's own code and templates,
  the versions of what it uses, the spec's bytes and the options. A rerun on
  an unchanged spec reads the result back without importing Jinja or black.
- ``valid``: the findings of every check of the document (ours and
  openapi-spec-validator's: the warnings of lenient mode), keyed by the
  document without its prose (``prose.shape_key``): an edit to descriptions
  needs no check again, and a replay reports the same warnings.
- ``plan`` and ``part``: the document is parsed with its prose lifted out as
  tokens (``generator.prose``); under the key of that shape, the plan lists
  every file's template, the key of its part of the model and the texts it
  shows, and each part is kept. A document of a shape seen before (an edit to
  descriptions) is then not parsed at all: each file's key is its part's key
  and its texts, and only a file whose texts changed is rendered, from its
  kept part (``render.replay``);
- ``render``: each file's final text by its part of the intermediate model
  and the texts it shows (``render.render``);
- ``black``: formatted text by unformatted text (``format.format_files``);
- ``jinja``: compiled templates (Jinja's own bytecode cache).

Unless the whole output is replayed, the document's checks (and the
validator, which takes seconds on a large document, when its verdict is not
cached) run in a forked process while this one parses, renders and formats;
their findings are awaited before anything is returned, and reported (in
document order, with the parser's own) as warnings; only a document that is
not OpenAPI 3 at all is refused, before any of this starts.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import multiprocessing
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from generator.cache import Cache, tree_digest
from generator.errors import SpecError
from generator.installed import installed
from generator.load import read
from generator.templates_path import templates_dir

if TYPE_CHECKING:
    from generator import ir
    from generator.errors import Warnings
    from generator.load import Document

_HERE = Path(__file__).resolve().parent


@dataclass
class Result:
    package: str
    files: dict[str, str]
    operations: int
    models: int
    classes: int
    warnings: list[str]
    # What the document has that was left out on purpose (webhooks, callbacks, links)
    notes: list[str] = dataclasses.field(default_factory=list)
    # Other files the spec refers to, by path relative to it: sha256 of their bytes.
    sources: dict[str, str] = dataclasses.field(default_factory=dict)


@dataclass(frozen=True)
class Options:
    """What, besides the document, decides the output."""

    package: str
    operations: tuple[str, ...] = ()  # only these operationIds (and what they reach); all if empty
    templates: Path | None = None  # templates that replace ours by name
    method_names: tuple[tuple[str, str], ...] = ()  # operationId → method name

    def key(self, source: str) -> str:
        """The options, and the source file's name (it appears in the output), as text for cache keys."""
        templates = tree_digest(self.templates) if self.templates is not None else ""
        return json.dumps(
            [source, self.package, sorted(self.operations), templates, sorted(self.method_names)], ensure_ascii=False
        )


def generate(spec: Path, options: Options, cache: Cache | None = None, jobs: int | None = None) -> Result:
    if options.templates is not None:
        from generator.render import check_overrides

        problem = check_overrides(options.templates)
        if problem:
            raise SpecError(str(options.templates), "", problem, "name a file as it is named under templates/")
    raw = read(spec)
    run_key = hashlib.sha256(f"{fingerprint()}\0{options.key(spec.name)}\0".encode() + raw).hexdigest()
    if cache:
        replayed = _replay(cache, run_key, spec)
        if replayed is not None:
            return replayed
    result = _generate(spec, raw, options, cache, jobs)
    if cache:
        _record(cache, run_key, result)
        cache.prune("run", limit=16)  # whole outputs: megabytes each
        cache.prune("part", limit=16)  # every part of a package in each: megabytes
        for kind in ("black", "valid", "render", "plan"):
            cache.prune(kind)
    return result


def _generate(spec: Path, raw: bytes, options: Options, cache: Cache | None, jobs: int | None) -> Result:
    from generator import prose, report
    from generator.bundle import bundle
    from generator.errors import Finding
    from generator.format import check_syntax, format_files
    from generator.load import load
    from generator.render import remember_parts
    from generator.validate import check_readable

    doc = bundle(load(spec, raw))
    shape, table = prose.lift(doc.data) if prose.liftable(doc.text) else (None, ())
    key = prose.shape_key(prose.without_prose(doc.data) if shape is None else shape)
    # Every check of the document runs beside the rest; its findings are awaited
    # before anything is returned (below) and become warnings. None of the
    # checks reads prose, so findings on this shape stand for this document.
    check_readable(doc)  # the one failure that refuses the document; defects are findings
    valid_key = hashlib.sha256(f"{fingerprint()}\0{key}".encode()).hexdigest()
    known = _known_findings(cache, valid_key)
    pending = _Background(functools.partial(_validate, key=valid_key, cache=cache), doc, known=known)
    try:
        fresh: dict[str, str] = {}
        with prose.texts(table):
            plan_key = ""
            if shape is not None and cache is not None:
                plan_key = hashlib.sha256(f"{fingerprint()}\0{options.key(spec.name)}\0{key}".encode()).hexdigest()
            outcome = _replay_plan(cache, plan_key, options, fresh) if cache is not None and plan_key else None
            if outcome is None:
                outcome = _parse_and_render(doc, shape, options, spec.name, cache, plan_key, fresh)
            rendered, summary = outcome
            parsed = [Finding(where, prose.restore(what), kind) for where, what, kind in _warnings(summary).items]
            notes = [prose.restore(line) for line in _warnings(summary, "notes").lines(doc.name, "note")]
        final = frozenset(path for path, key in fresh.items() if not key)
        files = format_files(rendered, cache, jobs, final=final if cache else frozenset())
        check_syntax(files, files.keys() - final)  # final texts were checked when first made
        if cache:
            remember_parts(cache, fresh, files)
    except BaseException:
        pending.close()  # the failure is reported, not the document's defects
        raise
    findings = pending.join()
    warnings = report.lines(doc, report.ordered(doc, [*findings, *parsed]))
    return Result(
        package=summary["package"],
        files=files,
        operations=summary["operations"],
        models=summary["models"],
        classes=summary["classes"],
        warnings=warnings,
        notes=notes,
        sources=dict(doc.sources),
    )


def build_model(doc: Document, options: Options) -> tuple[ir.Api, Warnings, Warnings]:
    """The document's intermediate model, its warnings and its notes: parse → views → select.

    (Names are made by parse as it meets each thing: see ``generator.parse``.)
    """
    from generator.naming import Identifier
    from generator.parse import parse
    from generator.select import select
    from generator.views import split_views

    parsed = parse(doc, Identifier(options.package), dict(options.method_names))
    api = split_views(parsed.api, parsed.class_names, parsed.module_names)
    if options.operations:
        api = select(api, list(options.operations), doc.name)
    return api, parsed.warnings, parsed.notes


def _parse_and_render(
    doc: Any,
    shape: Any,
    options: Options,
    source: str,
    cache: Cache | None,
    plan_key: str,
    fresh: dict[str, str],
) -> tuple[dict[str, str], dict[str, Any]]:
    """Parse (the document's shape, if its prose could be lifted out), select, render.

    With ``plan_key``, what was rendered is recorded under it (see ``render.replay``).
    """
    from generator import prose
    from generator.errors import SpecError
    from generator.render import render

    try:
        api, warnings, notes = build_model(doc if shape is None else dataclasses.replace(doc, data=shape), options)
    except SpecError as exc:
        raise SpecError(exc.file, exc.where, prose.restore(exc.what), prose.restore(exc.hint)) from None
    plan: dict[str, Any] | None = {} if plan_key else None
    kept: dict[str, bytes] = {}
    rendered = render(api, source=source, directory=options.templates, cache=cache, parts=fresh, plan=plan, kept=kept)
    summary = {
        "package": str(api.package),
        "operations": api.operation_count,
        "models": api.component_count,
        "classes": api.class_count,
        "warnings": warnings.items,
        "notes": notes.items,
    }
    if cache is not None and plan is not None:
        # The parts in one entry: one file to write, not one per module.
        cache.put_bytes("part", plan_key, pickle.dumps(kept, 5))
        cache.put("plan", plan_key, json.dumps({"files": plan, "summary": summary}, sort_keys=True))
    return rendered, summary


def _replay_plan(
    cache: Cache, plan_key: str, options: Options, fresh: dict[str, str]
) -> tuple[dict[str, str], dict[str, Any]] | None:
    """The files of a document of a shape rendered before, with this document's texts (no parse)."""
    from generator.render import replay

    entry = cache.get("plan", plan_key)
    if entry is None:
        return None
    try:
        data = json.loads(entry)
        plan = {path: (str(t), str(k), [int(n) for n in numbers]) for path, (t, k, numbers) in data["files"].items()}
        summary = dict(data["summary"])
        _warnings(summary)
        _warnings(summary, "notes")
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry is a miss
    rendered = replay(plan, functools.partial(_kept_parts, cache, plan_key), cache, options.templates, parts=fresh)
    if rendered is None:
        fresh.clear()
        return None
    return rendered, summary


def _kept_parts(cache: Cache, plan_key: str) -> dict[str, bytes] | None:
    blob = cache.get_bytes("part", plan_key)
    try:
        parts = pickle.loads(blob) if blob is not None else None
    except Exception:  # noqa: BLE001 - a damaged entry is a miss
        return None
    return parts if isinstance(parts, dict) else None


def _warnings(summary: dict[str, Any], key: str = "warnings") -> Any:
    from generator.errors import Finding, Warnings

    return Warnings([Finding(str(where), str(what), str(kind)) for where, what, kind in summary[key]])


def _validate(doc: Any, key: str, cache: Cache | None) -> list[tuple[str, str, str]]:
    """Every check of the document; its findings are remembered by the key of its shape."""
    from generator.validate import findings

    found = [(f.where, f.what, f.kind) for f in findings(doc)]
    if cache:
        cache.put("valid", key, json.dumps(found))
    return found


def _known_findings(cache: Cache | None, key: str) -> list[tuple[str, str, str]] | None:
    """The findings remembered for a document of this shape, if any (a damaged entry is a miss)."""
    entry = cache.get("valid", key) if cache is not None else None
    if entry is None:
        return None
    try:
        return [(str(where), str(what), str(kind)) for where, what, kind in json.loads(entry)]
    except (ValueError, TypeError):
        return None


# ------------------------------------------------------------ the run cache


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """Everything about this generator that decides its output."""
    digest = hashlib.sha256(sys.version.encode())
    for module in ("black", "jinja2", "openapi_spec_validator", "yaml"):
        digest.update(installed(module).encode())
    for root in (_HERE, templates_dir()):
        digest.update(tree_digest(root).encode())
    return digest.hexdigest()


def _replay(cache: Cache, key: str, spec: Path) -> Result | None:
    entry = cache.get("run", key)
    if entry is None:
        return None
    try:
        data = json.loads(entry)
        result = Result(
            package=data["package"],
            files=dict(data["files"]),
            operations=data["operations"],
            models=data["models"],
            classes=data["classes"],
            warnings=list(data["warnings"]),
            notes=list(data["notes"]),
            sources=dict(data["sources"]),
        )
    except (ValueError, KeyError, TypeError):
        return None  # a damaged entry is a miss
    # The key covers the root document's bytes; the files it refers to must be unchanged too.
    for relative, digest in result.sources.items():
        try:
            current = hashlib.sha256((spec.resolve().parent / relative).read_bytes()).hexdigest()
        except OSError:
            return None
        if current != digest:
            return None
    return result


def _record(cache: Cache, key: str, result: Result) -> None:
    # One entry holds the whole output: a rerun reads one file, not hundreds.
    entry = {
        "package": result.package,
        "files": result.files,
        "operations": result.operations,
        "models": result.models,
        "classes": result.classes,
        "warnings": result.warnings,
        "notes": result.notes,
        "sources": result.sources,
    }
    cache.put("run", key, json.dumps(entry, sort_keys=True))


# ---------------------------------------------------- validation, in parallel


class _Background:
    """``check(doc)`` in a forked process; ``join`` returns its findings, or re-raises its ``SpecError`` here."""

    def __init__(self, check: Callable[[Any], Any], doc: Any, known: list[Any] | None = None) -> None:
        self._outcome: tuple[str, Any] = ("ok", known)
        self._process: Any = None
        if known is not None:  # the verdict is known already
            return
        if "fork" not in multiprocessing.get_all_start_methods():
            self._outcome = _run(check, doc)  # no fork (Windows): in line, before the rest
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(check, doc, send), daemon=True)
        self._process.start()
        send.close()

    def join(self) -> list[Any]:
        if self._process is not None:
            try:
                self._outcome = self._receive.recv()
            except EOFError:  # the child died without answering (killed, out of memory)
                self._outcome = ("ok", [("", "the OpenAPI validator stopped without a verdict", "validator-failed")])
            self._process.join()
            self._process = None
        status, value = self._outcome
        if status == "error":
            raise SpecError(*value)
        return list(value or [])

    def close(self) -> None:
        if self._process is not None and self._process.is_alive():
            self._process.kill()
            self._process.join()
            self._process = None


def _run(check: Callable[[Any], Any], doc: Any) -> tuple[str, Any]:
    try:
        return ("ok", check(doc))
    except SpecError as exc:
        return ("error", (exc.file, exc.where, exc.what, exc.hint))


def _child(check: Callable[[Any], Any], doc: Any, send: Any) -> None:
    try:
        send.send(_run(check, doc))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, not lost
        failed = f"the document's checks failed ({type(exc).__name__}); it was not validated"
        send.send(("ok", [("", failed, "validator-failed")]))
