"""README's "How it works" is a true map of generator/: every module named once, none that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Package markers with nothing to map: the entry shim and re-exporting __init__ files.
UNMAPPED = {"generator/__init__.py", "generator/__main__.py", "generator/incremental/__init__.py"}


def _section() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("## How it works\n")
    return readme[start : readme.index("\n## ", start + 1)]


def test_every_module_is_on_the_map_once() -> None:
    rows = [line.split("|")[2] for line in _section().splitlines() if line.startswith("| ")]
    named = [m for row in rows for m in re.findall(r"`(generator/[\w/]+(?:\.py|/))`", row)]
    modules = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "generator").rglob("*.py")
        if "runtime" not in p.parts and "__pycache__" not in p.parts
    }
    assert sorted(modules - UNMAPPED - set(named)) == [], "modules missing from README's map"
    assert sorted(set(named) - modules - {"generator/runtime/"}) == [], "the map names modules that do not exist"
    assert len(named) == len(set(named)), "a module is named twice"
    assert "generator/runtime/" in named
