"""A small content-addressed cache on disk, shared by runs of the generator.

Entries are files named by a hash of everything that determines them, so an
entry is never stale: a different input is a different name. Writes go through
a temporary file and a rename, so concurrent runs and a kill at any moment
leave only whole entries. When a kind holds too many entries the oldest are
removed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_LIMIT = 20_000  # entries of one kind before the oldest are pruned


def tree_digest(root: Path) -> str:
    """A hash of every file below ``root`` (names and contents; caches left out)."""
    # os.scandir and strings, not Path.rglob: every run hashes the generator's own
    # code for its keys, one that replays its whole result too, and pathlib showed.
    found: list[tuple[str, str]] = []
    pending = [("", str(root))]
    while pending:
        rel_dir, directory = pending.pop()
        try:
            listing = os.scandir(directory)
        except OSError:
            continue  # as Path.rglob: a directory that is not there, or not readable, holds nothing
        with listing:
            for entry in listing:
                rel = f"{rel_dir}/{entry.name}" if rel_dir else entry.name
                if entry.is_dir():
                    if entry.name != "__pycache__":
                        pending.append((rel, entry.path))
                elif entry.is_file():
                    found.append((rel, entry.path))
    digest = hashlib.sha256()
    for rel, path in sorted(found):
        with open(path, "rb") as handle:
            digest.update(rel.encode() + b"\0" + handle.read() + b"\0")
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path) -> None:
        self.root = root
        self._base = str(root)
        self.hits = 0
        self.misses = 0
        self.added: dict[str, int] = {}

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> str | None:
        data = self.get_bytes(kind, key)
        if data is None:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None  # a damaged entry is a miss

    def get_bytes(self, kind: str, key: str) -> bytes | None:
        # os.path, not pathlib: a regeneration makes hundreds of these calls.
        try:
            with open(os.path.join(self._base, kind, key[:2], key), "rb") as handle:
                data = handle.read()
        except OSError:
            self.misses += 1
            return None
        self.hits += 1
        return data

    def put(self, kind: str, key: str, text: str) -> None:
        self.put_bytes(kind, key, text.encode("utf-8"))

    def put_bytes(self, kind: str, key: str, data: bytes) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
            self.added[kind] = self.added.get(kind, 0) + 1
        except OSError:
            return  # a cache that cannot be written is only a slower run

    def prune(self, kind: str, limit: int = _LIMIT) -> None:
        """Keep at most ``limit`` entries of ``kind`` (looked at only if this run added some)."""
        base = self.root / kind
        if not self.added.get(kind) or not base.is_dir():
            return
        entries = [p for p in base.glob("*/*") if not p.name.startswith(".tmp-")]
        if len(entries) <= limit:
            return
        entries.sort(key=lambda p: p.stat().st_mtime)
        for path in entries[: len(entries) - limit // 2]:
            path.unlink(missing_ok=True)
