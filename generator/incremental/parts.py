"""Files rendered part by part, each taken from the cache while its part and its texts are unchanged.

A file's text is a function of its part (``render.Part``: a template and its
context). The model is parsed from the document's shape (``prose``), so a
part holds tokens where the document has prose; a part's key is that of its
context with the tokens, and of the texts it shows (``keys``). The caches:

- ``render``: each file's final (formatted) text by that key;
- ``plan``: under the key of the document's shape, each file's template, the
  key of its part and the tokens it shows, and the run's summary. A document
  of a shape seen before (an edit to descriptions) is not parsed at all: each
  file is found by its part's key and its texts (``Renderer.replay``);
- ``part``: the parts that show texts, as JSON (``codec``), in one entry per
  plan: a file whose texts changed is rendered again from its kept part.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jinja2

from generator.errors import Finding
from generator.incremental import codec, keys, prose
from generator.incremental.cache import Cache
from generator.pipeline import Summary
from generator.render import Part, environment, render_part

# path → (template, key of the part as parsed from the shape, the tokens it shows)
Plan = dict[str, tuple[str, str, list[int]]]


class Renderer:
    """Renders parts with the texts of ``table`` put back, reusing what the cache holds.

    ``files`` receives every file's text: final if from the cache (its path in
    ``final``), else as rendered; ``fresh`` the key of each file rendered afresh,
    under which ``remember`` keeps its final text.
    """

    def __init__(self, cache: Cache, templates: Path | None, table: tuple[str, ...]) -> None:
        self.cache = cache
        self.templates = templates
        self.table = table
        self.salt = keys.part_salt(templates)
        self.files: dict[str, str] = {}
        self.fresh: dict[str, str] = {}
        self.final: set[str] = set()
        self._env: jinja2.Environment | None = None

    def render(self, parts: list[Part]) -> tuple[Plan, dict[str, str]]:
        """Every part's file; the plan, and each part that shows texts (encoded, by its key)."""
        plan: Plan = {}
        kept: dict[str, str] = {}
        for part in parts:
            encoded = codec.encode(part.context)
            shape_key = keys.part_key(self.salt, part.template, encoded)
            numbers = prose.tokens_in(encoded) if self.table else []
            plan[part.path] = (part.template, shape_key, numbers)
            if numbers:
                kept[shape_key] = encoded
            if not self.reuse(part.path, shape_key, numbers):
                self.files[part.path] = render_part(self.env(), part)
        return plan, kept

    def replay(self, plan: Plan, plan_key: str) -> dict[str, str] | None:
        """The files of ``plan`` with today's texts, or None if a part is gone (or damaged)."""
        stale = [path for path, (_, shape_key, numbers) in plan.items() if not self.reuse(path, shape_key, numbers)]
        if not stale:
            return self.files
        kept = _kept(self.cache, plan_key)  # read only when some file's texts changed
        for path in stale:
            template, shape_key, _ = plan[path]
            encoded = kept.get(shape_key)
            if encoded is None:
                return None
            try:
                context = codec.decode(encoded)
            except codec.DecodeError:
                return None
            self.files[path] = render_part(self.env(), Part(path, template, context))
        return self.files

    def reuse(self, path: str, shape_key: str, numbers: list[int]) -> bool:
        """Take the file's final text from the cache if it is there; note its key either way."""
        key = keys.with_texts(shape_key, prose.texts_of(numbers, self.table)) if numbers else shape_key
        cached = self.cache.get("render", key)
        if cached is None:
            self.fresh[path] = key
            return False
        self.files[path] = cached
        self.final.add(path)
        return True

    def remember(self, formatted: dict[str, str]) -> None:
        """Keep the final text of the files rendered afresh, for the next run."""
        for path, key in self.fresh.items():
            self.cache.put("render", key, formatted[path])

    def env(self) -> jinja2.Environment:
        """The environment whose filters put the texts of ``table`` back (made when first needed)."""
        if self._env is None:
            bytecode = keys.bytecode_dir(self.cache.root)
            bytecode.mkdir(parents=True, exist_ok=True)
            text = functools.partial(prose.restore, table=self.table) if self.table else None
            self._env = environment(self.templates, bytecode, text)
        return self._env


def save(cache: Cache, plan_key: str, plan: Plan, summary: Summary, kept: dict[str, str]) -> None:
    """Record a plan, and its parts in one entry (one file to write, not one per module)."""
    # A line for each part, its key first: a replay decodes only the parts it needs.
    lines = "".join(f"{key} {encoded}\n" for key, encoded in kept.items())
    cache.put_bytes("part", plan_key, lines.encode("utf-8", "surrogatepass"))
    entry = {
        "files": plan,
        "summary": {
            "package": summary.package,
            "operations": summary.operations,
            "models": summary.models,
            "classes": summary.classes,
            "warnings": [list(w) for w in summary.warnings],
            "notes": [list(n) for n in summary.notes],
        },
    }
    cache.put("plan", plan_key, json.dumps(entry, sort_keys=True))


def load(cache: Cache, plan_key: str) -> tuple[Plan, Summary] | None:
    """The plan recorded under ``plan_key`` and its run's summary (a damaged entry is a miss)."""
    entry = cache.get("plan", plan_key)
    if entry is None:
        return None
    try:
        data = json.loads(entry)
        files = data["files"].items()
        plan = {str(path): (str(t), str(k), [int(n) for n in numbers]) for path, (t, k, numbers) in files}
        raw = data["summary"]
        summary = Summary(
            package=str(raw["package"]),
            operations=int(raw["operations"]),
            models=int(raw["models"]),
            classes=int(raw["classes"]),
            warnings=tuple(Finding(str(a), str(b), str(c)) for a, b, c in raw["warnings"]),
            notes=tuple(Finding(str(a), str(b), str(c)) for a, b, c in raw["notes"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    return plan, summary


def _kept(cache: Cache, plan_key: str) -> dict[str, str]:
    """The kept parts of a plan, encoded, by key (none if the entry is gone or damaged)."""
    entry = cache.get_bytes("part", plan_key)
    try:
        lines = entry.decode("utf-8", "surrogatepass").split("\n") if entry is not None else []
    except UnicodeDecodeError:
        return {}
    return dict(line.split(" ", 1) for line in lines if " " in line)
