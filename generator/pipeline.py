"""The stages in order: load → bundle → validate → parse → views → (select) → render → format.

``generate`` returns every file of the output, computed afresh. The document's
checks (openapi-spec-validator takes seconds on a large document) run in a
forked process while this one parses, renders and formats; their findings
are awaited before anything is returned, and reported (in document order,
with the parser's own) as warnings. Only a document that is not OpenAPI 3 at
all is refused, before any of this starts.

The caches that let a regeneration skip work wrap these same stages from
outside (``generator.incremental``); nothing here knows about them.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from generator.errors import SpecError

# Defined apart (a replayed run needs them, not this module's imports); re-exported.
from generator.options import DEFAULT_VERSION as DEFAULT_VERSION
from generator.options import Options as Options
from generator.options import Result as Result
from generator.options import Summary as Summary

if TYPE_CHECKING:
    from generator import ir
    from generator.errors import Finding
    from generator.load import Document


T = TypeVar("T")
R = TypeVar("R")


def generate(spec: Path, options: Options, jobs: int | None = None) -> Result:
    """Every file of the output for the document at ``spec``, each computed afresh."""
    from generator.format import check_syntax, format_files
    from generator.load import read
    from generator.render import preformatted, render

    check_templates(options)
    raw = read(spec)
    early = Background(validate_source, (spec, raw)) if forks() else None
    try:
        doc = document(spec, raw)
    except BaseException:
        if early is not None:
            early.close()  # the document's own failure is reported, from here
        raise
    pending = early or Background(validate, doc)

    def produce() -> tuple[dict[str, str], Summary]:
        api, warnings, notes = build_model(doc, options)
        rendered = render(api, source=spec.name, templates=options.templates)
        files = format_files(rendered, jobs=jobs, final=preformatted(options.package, options.templates))
        check_syntax(files, files.keys(), share=pending.share)
        return files, summarize(api, warnings, notes)

    return finish(doc, pending, produce)


def check_templates(options: Options) -> None:
    """Refuse a templates directory with a file that replaces none of ours."""
    if options.templates is not None:
        from generator.render import check_overrides

        problem = check_overrides(options.templates)
        if problem:
            raise SpecError(str(options.templates), "", problem, "name a file as it is named under templates/")


def document(spec: Path, raw: bytes | None = None) -> Document:
    """The document at ``spec`` (its bytes: ``raw``, if read already), bundled, and checked readable.

    Readable is the one check that refuses a document; its defects are findings.
    """
    from generator.bundle import bundle
    from generator.load import load, read
    from generator.validate import check_readable

    doc = bundle(load(spec, read(spec) if raw is None else raw))
    check_readable(doc)
    return doc


def build_model(doc: Document, options: Options) -> tuple[ir.Api, list[Finding], list[Finding]]:
    """The document's intermediate model, its warnings and its notes: parse → views → select.

    (Names are made by parse as it meets each thing: see ``generator.parse``.)
    """
    from generator.names_table import ROOT_NAMES, model_aliases, read_names
    from generator.naming import Identifier
    from generator.parse import parse
    from generator.select import select
    from generator.examples import attach as attach_examples
    from generator.surface import digest
    from generator.views import split_views

    table = read_names(options.names) if options.names is not None else None
    parsed = parse(doc, Identifier(options.package), dict(options.method_names), options.version, table)
    warnings = list(parsed.warnings.items)
    api = split_views(parsed.api, parsed.class_names, parsed.module_names)
    api = dataclasses.replace(
        api, env_prefix=options.env_prefix, request_id_header=options.request_id_header, digest=digest(doc.data)
    )
    if options.operations:
        api = select(api, list(options.operations), doc.name)
    if options.exports or options.optional_dependencies:
        api = dataclasses.replace(
            api, exports=options.exports, optional_dependencies=options.optional_dependencies
        )
    if table is not None and table.models:
        aliases, unmatched = model_aliases(api, table, ROOT_NAMES | {name for name, _ in options.exports})
        api = dataclasses.replace(api, model_aliases=aliases)
        warnings += unmatched
    api = attach_examples(api)
    return api, warnings, list(parsed.notes.items)


def summarize(api: ir.Api, warnings: list[Finding], notes: list[Finding]) -> Summary:
    return Summary(
        package=str(api.package),
        operations=api.operation_count,
        models=api.component_count,
        classes=api.class_count,
        warnings=tuple(warnings),
        notes=tuple(notes),
    )


def validate(doc: Document) -> list[tuple[str, str, str]]:
    """Every check of the document, as (where, what, kind) (what crosses from the forked process)."""
    from generator.validate import findings

    return [(f.where, f.what, f.kind) for f in findings(doc)]


def forks() -> bool:
    """Whether ``Background`` runs the checks in a forked process (else in line: Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def validate_source(source: tuple[Path, bytes]) -> list[tuple[str, str, str]]:
    """``validate`` of the document at ``source`` (its path and bytes), built afresh.

    Run in the forked process, forked before this one builds the document: a
    child inherits every page its parent holds when forked, so forked later it
    would hold the parent's copy of the document (and its text, and what the
    parent made of it) besides the one it walks.
    """
    spec, raw = source
    doc = document(spec, raw)
    await_go()  # gated: not checked if the caller knows the verdict already
    return validate(doc)


def finish(
    doc: Document, pending: Background, produce: Callable[[], tuple[dict[str, str], Summary]]
) -> Result:
    """``produce`` the files while the document's checks run; the result, with the findings of both."""
    from generator import report
    from generator.errors import Finding, Warnings

    try:
        files, summary = produce()
    except BaseException:
        pending.close()  # the failure is reported, not the document's defects
        raise
    findings = [Finding(*found) for found in pending.join()]
    warnings = report.lines(doc, report.ordered(doc, [*findings, *summary.warnings]))
    return Result(
        package=summary.package,
        files=files,
        operations=summary.operations,
        models=summary.models,
        classes=summary.classes,
        warnings=warnings,
        notes=Warnings(list(summary.notes)).lines(doc.name, "note"),
        sources=dict(doc.sources),
    )


# ---------------------------------------------------- validation, in parallel

DEFAULT_VALIDATION_SECONDS = 60.0
LIMIT_VARIABLE = "OPENAPI_BOX_GENERATOR_VALIDATION_SECONDS"


class Background:
    """``check(doc)`` in a forked process; ``join`` returns its findings, or re-raises its ``SpecError`` here.

    With ``known`` (the findings, known already), nothing is run. ``remember``,
    if set, is given the findings the check returned (not those that say it
    failed or ran out of time). ``gated``: the check waits at ``await_go`` until
    ``go`` (the caller first finds out whether its verdict is known already;
    ``close`` ends it unrun), so a known verdict is never worked out again.
    """

    def __init__(
        self, check: Callable[[Any], Any], doc: Any, known: list[Any] | None = None, gated: bool = False
    ) -> None:
        self._outcome: tuple[str, Any] = ("ok", known)
        self._process: Any = None
        self._go: Any = None
        self.remember: Callable[[list[Any]], None] | None = None
        self._fresh = False  # findings the check returned in line, to remember at the join
        self._early: tuple[str, Any] | None = None  # the child's answer, read while sharing work
        self._work: Any = None  # where shared work is sent to the child (see share)
        self._running = "the document's checks"  # what the child said it is checking, last
        if known is not None:  # the verdict is known already
            return
        if not forks():
            self._outcome = _run(check, doc)  # no fork (Windows): in line, before the rest
            self._fresh = True
            return
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)
        gate, self._go = context.Pipe(duplex=False) if gated else (None, None)
        work, self._work = context.Pipe(duplex=False)
        self._process = context.Process(target=_child, args=(check, doc, send, gate, work, self._work), daemon=True)
        self._process.start()
        send.close()
        work.close()
        if gate is not None:
            gate.close()

    def go(self) -> None:
        """Let a gated check run on."""
        if self._go is not None:
            self._go.send(True)
            self._go.close()
            self._go = None

    def share(self, chunks: list[T], work: Callable[[T], R]) -> list[R]:
        """``work`` over every chunk: in this process, and in the forked one too once its checks are done.

        The results come in the order of ``chunks``, whoever worked each out. A
        chunk given to a child that dies is worked out here.
        """
        results: dict[int, R] = {}
        given: int | None = None  # the chunk the child is working on
        todo = iter(range(len(chunks)))
        for index in todo:
            if given is not None and self._poll():
                results[given] = self._receive.recv()[1]
                given = None
            if given is None and self._free():
                given = index
                self._work.send((work, chunks[index]))
                continue
            results[index] = work(chunks[index])
        if given is not None:
            try:
                results[given] = self._receive.recv()[1]
            except (EOFError, OSError):
                results[given] = work(chunks[given])
        if self._early is not None and self._work is not None:
            # Nothing more for it: it ends now rather than at the join, and its memory with it
            # (the peak of the two processes together is at the end of this one's work).
            self._work.close()
            self._work = None
        return [results[i] for i in range(len(chunks))]

    def _poll(self) -> bool:
        try:
            return bool(self._receive.poll())
        except (EOFError, OSError):
            return False

    def _free(self) -> bool:
        """Whether the child has answered (its answer kept for ``join``) and can take work."""
        if self._process is None or self._work is None:
            return False
        while self._early is None and self._poll():
            try:
                message = self._receive.recv()
            except (EOFError, OSError):
                return False
            if message[0] == "running":
                self._running = f"the check {message[1]}"
            else:
                self._early = message
        return self._early is not None and self._early[0] == "ok" and self._process.is_alive()

    def join(self) -> list[Any]:
        if self._process is not None:
            answer = None
            try:
                answer = self._early or self._answer(time.monotonic() + validation_seconds())
            except EOFError:  # the child died without answering (killed, out of memory)
                self._outcome = ("ok", [("", "the OpenAPI validator stopped without a verdict", "validator-failed")])
            if isinstance(answer, str):  # past the time limit: ended now
                self._outcome = ("ok", [("", answer, "validator-failed")])
                self.close()
            elif answer is not None:
                self._outcome = ("ok", answer[1]) if answer[0] == "crashed" else answer
                if answer[0] == "ok" and self.remember is not None:
                    self.remember(list(answer[1]))
            self.close(wait=5)  # a child that answered is on its way out
        status, value = self._outcome
        if self._fresh and status == "ok" and self.remember is not None:
            self.remember(list(value))
        if status == "error":
            raise SpecError(*value)
        return list(value or [])

    def _answer(self, deadline: float) -> tuple[str, Any] | str:
        """The child's outcome; past ``deadline``, what to say, naming the check it was running."""
        while True:
            if not self._receive.poll(max(0.0, deadline - time.monotonic())):
                # A regular expression with catastrophic backtracking, say: the rest is generated unvalidated.
                return (
                    f"{self._running} ran past the {validation_seconds():g} s limit ({LIMIT_VARIABLE});"
                    " the document was not fully validated"
                )
            message = self._receive.recv()
            if message[0] != "running":
                return message  # type: ignore[no-any-return]
            self._running = f"the check {message[1]}"

    def close(self, wait: float = 0) -> None:
        if self._work is not None:
            self._work.close()  # a child waiting for work ends
            self._work = None
        if self._process is not None:
            self._process.join(timeout=wait)
            if self._process.is_alive():
                self._process.kill()
                self._process.join()
            self._process = None


def _run(check: Callable[[Any], Any], doc: Any) -> tuple[str, Any]:
    try:
        return ("ok", check(doc))
    except SpecError as exc:
        return ("error", (exc.file, exc.where, exc.what, exc.hint))


def validation_seconds() -> float:
    """The time limit of the document's checks: 60 s, or the environment's positive number."""
    try:
        seconds = float(os.environ.get(LIMIT_VARIABLE, ""))
    except ValueError:
        return DEFAULT_VALIDATION_SECONDS
    return seconds if 0 < seconds < float("inf") else DEFAULT_VALIDATION_SECONDS


# The gate of a gated check (Background), in its forked process.
_gate: Any = None


def await_go() -> None:
    """In a gated check: wait until the caller says run on (``Background.go``)."""
    if _gate is not None:
        _gate.recv()


def _child(
    check: Callable[[Any], Any], doc: Any, send: Any, gate: Any = None, work: Any = None, parents: Any = None
) -> None:
    from generator import validate

    if parents is not None:
        parents.close()  # the parent's end of ``work``, inherited: the pipe ends when the parent closes its own

    global _gate
    _gate = gate
    validate.on_check = lambda name: send.send(("running", name))
    try:
        send.send(_run(check, doc))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, not lost
        failed = f"the document's checks failed ({type(exc).__name__}); it was not validated"
        send.send(("crashed", [("", failed, "validator-failed")]))
        return
    while work is not None:  # the rest of this process's life: the parent's shared work (Background.share)
        try:
            job, chunk = work.recv()
        except (EOFError, OSError):  # the parent is done
            return
        send.send(("shared", job(chunk)))
