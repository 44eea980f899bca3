"""``generate`` with caches: the plain pipeline's stages, each skipped where an earlier run did its work.

Unless the whole result is replayed (``runs``), the document's checks start
in the background as in the plain pipeline, and are stopped, their findings
read from the ``valid`` cache instead, when a document of the same shape was
checked before (none of the checks reads prose). The model is parsed from the
document's shape, or not at all when the shape's plan is known (``parts``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import Finding, SpecError
from generator.incremental import keys, runs
from generator.incremental.cache import Cache
from generator.options import Options, Result, Summary
from generator.regular import read_document

# Only where they are used, below: the stages (and multiprocessing), the prose
# lifter and the loader (and YAML's with them) are not needed by a run that
# replays its whole result, whose time is mostly imports.
if TYPE_CHECKING:
    from generator import pipeline
    from generator.incremental import prose
    from generator.incremental.parts import Renderer
    from generator.load import Document


def generate(spec: Path, options: Options, cache: Cache, jobs: int | None = None) -> Result:
    """What ``pipeline.generate`` returns, with the work earlier runs did taken from ``cache``."""
    if options.templates is not None:
        from generator.pipeline import check_templates

        check_templates(options)
    raw = read_document(spec)
    run_key = keys.run_key(options, spec.name, raw)
    replayed = runs.replay(cache, run_key, spec)
    if replayed is not None:
        return replayed
    result = _generate(spec, raw, options, cache, jobs)
    runs.record(cache, run_key, result)
    cache.prune("run", limit=16)  # whole outputs: megabytes each
    cache.prune("part", limit=16)  # every part of a package that shows texts in each: megabytes
    for kind in ("black", "valid", "render", "plan", "last"):
        cache.prune(kind)
    return result


def _generate(spec: Path, raw: bytes, options: Options, cache: Cache, jobs: int | None) -> Result:
    from generator import pipeline
    from generator.incremental import prose

    # Where they run in a forked process, it is forked before the document is built and builds
    # its own beside ours (see pipeline.validate_source), then waits at its gate: it checks only
    # when the cache does not know the findings of the document's shape (a known verdict is never
    # worked out again, not even partly), and is ended unrun when it does. It is not forked at all
    # when the last run on this document had a shape whose findings are known: an edit of its
    # prose, most likely, and a process loading the document beside this one for nothing would
    # slow it. Guessed wrong (the shape changed), the checks are forked once the document is built.
    # In line (Windows), the checks run only if they must.
    last = cache.get("last", keys.last_key(spec))
    expected = _known_findings(cache, last) if last is not None and re.fullmatch("[0-9a-f]{64}", last) else None
    early = None
    if pipeline.forks() and expected is None:
        early = pipeline.Background(pipeline.validate_source, (spec, raw), gated=True)
    try:
        doc = pipeline.document(spec, raw)
        # The root's text is checked cheaply; text from the files it refers to only in the bundled data.
        lifted = prose.liftable(doc.text) and not (doc.sources and prose.holds_token_characters(doc.data))
        shape, table = prose.lift(doc.data) if lifted else (None, ())
        shape_key = prose.shape_key(prose.without_prose(doc.data) if shape is None else shape)
        valid_key = keys.validation_key(shape_key)
        known = expected if valid_key == last else _known_findings(cache, valid_key)  # read once
        if valid_key != last:
            cache.put("last", keys.last_key(spec), valid_key)
    except BaseException:
        if early is not None:
            early.close()
        raise
    if early is not None and known is not None:
        early.close()
    elif early is not None:
        early.go()
    pending = early if early is not None and known is None else pipeline.Background(pipeline.validate, doc, known)
    if known is None:
        pending.remember = functools.partial(_remember, key=valid_key, cache=cache)
    plan_key = keys.plan_key(options, spec.name, shape_key) if shape is not None else ""

    def produce() -> tuple[dict[str, str], Summary]:
        from generator.format import check_syntax, format_files
        from generator.render import preformatted

        renderer, rendered, summary = _replay_or_render(doc, shape, table, options, spec.name, cache, plan_key)
        final = frozenset(renderer.final) | preformatted(options.package, options.templates)
        files = format_files(rendered, cache, jobs, final=final)
        check_syntax(files, files.keys() - final, share=pending.share)  # final texts were checked when first made
        renderer.remember(files)
        return files, _restored(summary, table)

    return pipeline.finish(doc, pending, produce)


def _replay_or_render(
    doc: Document,
    shape: Any,
    table: tuple[str, ...],
    options: Options,
    source: str,
    cache: Cache,
    plan_key: str,
) -> tuple[Renderer, dict[str, str], Summary]:
    """The files as rendered (or final, from the cache) and the run's summary, with its texts as tokens.

    A known plan is replayed (no parse); otherwise the shape is parsed, and with
    ``plan_key`` its plan is recorded.
    """
    # Jinja, imported here, is not needed by a run whose whole result is replayed.
    from generator import pipeline
    from generator.incremental import parts, prose
    from generator.render import parts as parts_of

    known = parts.load(cache, plan_key) if plan_key else None
    if known is not None:
        plan, summary = known
        renderer = parts.Renderer(cache, options.templates, table)
        replayed = renderer.replay(plan, plan_key)
        if replayed is not None:
            return renderer, replayed, summary
    try:
        parsed = doc if shape is None else dataclasses.replace(doc, data=shape)
        api, warnings, notes = pipeline.build_model(parsed, options)
    except SpecError as exc:
        raise SpecError(exc.file, exc.where, prose.restore(exc.what, table), prose.restore(exc.hint, table)) from None
    summary = pipeline.summarize(api, warnings, notes)
    renderer = parts.Renderer(cache, options.templates, table)
    plan, kept = renderer.render(parts_of(api, source))
    if plan_key:
        parts.save(cache, plan_key, plan, summary, kept)
    return renderer, renderer.files, summary


def _restored(summary: Summary, table: tuple[str, ...]) -> Summary:
    """The summary with the document's texts in its warnings and notes."""
    from generator.incremental import prose

    def put_back(found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        return tuple(Finding(*(prose.restore(text, table) for text in finding)) for finding in found)

    return dataclasses.replace(summary, warnings=put_back(summary.warnings), notes=put_back(summary.notes))


def _remember(found: list[tuple[str, str, str]], key: str, cache: Cache) -> None:
    """The findings of every check of the document, remembered by the key of its shape."""
    cache.put("valid", key, json.dumps(found))


def _known_findings(cache: Cache, key: str) -> list[tuple[str, str, str]] | None:
    """The findings remembered for a document of this shape, if any (a damaged entry is a miss)."""
    entry = cache.get("valid", key)
    if entry is None:
        return None
    try:
        return [(str(where), str(what), str(kind)) for where, what, kind in json.loads(entry)]
    except (ValueError, TypeError):
        return None
