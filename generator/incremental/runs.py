"""The ``run`` cache: a whole result, read back when nothing it depends on changed.

The key (``keys.run_key``) covers the generator's own code and templates, the
versions of what it uses, the options and the document's bytes; the files the
document refers to are checked against the digests the result keeps. A rerun
on an unchanged document then reads one entry, without importing Jinja or black.

An entry is text: one line of JSON (the result without its files' texts, and
each file's path and length), then the files' texts one after the other. A
rerun slices them out rather than decoding megabytes of JSON string escapes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from generator.incremental.cache import Cache
from generator.options import Result
from generator.regular import read_regular


def replay(cache: Cache, key: str, spec: Path) -> Result | None:
    entry = cache.get("run", key)
    if entry is None:
        return None
    try:
        head, texts = entry.split("\n", 1)
        data = json.loads(head)
        files, at = {}, 0
        for path, length in data["files"]:
            files[str(path)] = texts[at : at + length]
            at += length
        if at != len(texts):
            return None  # cut short, or more than it lists: damaged
        result = Result(
            package=data["package"],
            files=files,
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
    head = {
        "package": result.package,
        "files": [[path, len(text)] for path, text in result.files.items()],
        "operations": result.operations,
        "models": result.models,
        "classes": result.classes,
        "warnings": result.warnings,
        "notes": result.notes,
        "sources": result.sources,
    }
    try:
        entry = (json.dumps(head, sort_keys=True) + "\n" + "".join(result.files.values())).encode("utf-8")
    except UnicodeEncodeError:
        return  # a text that is not UTF-8 (a lone surrogate) is not written as output either
    cache.put_bytes("run", key, entry)
