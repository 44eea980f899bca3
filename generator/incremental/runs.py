"""The ``run`` cache: a whole result, read back when nothing it depends on changed.

The key (``keys.run_key``) covers the generator's own code and templates, the
versions of what it uses, the options and the document's bytes; the files the
document refers to are checked against the digests the result keeps. A rerun
on an unchanged document then reads one entry, without importing Jinja or black.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.incremental.cache import Cache
from generator.regular import read_regular
from generator.pipeline import Result


def replay(cache: Cache, key: str, spec: Path) -> Result | None:
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
            current = hashlib.sha256(read_regular(spec.resolve().parent / relative)).hexdigest()
        except OSError:
            return None
        if current != digest:
            return None
    return result


def record(cache: Cache, key: str, result: Result) -> None:
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
