"""One plain ``mypy --strict`` run, no cache (or a fresh one the caller shares between its own
runs): the verdict a maintainer's own run would give.

Shared by the type-checking tests of every tier (tests/e2e/test_typecheck.py, the
type-expression test of tests/unit/test_types.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def mypy(
    *targets: Path | str, cwd: Path = ROOT, python_version: str | None = None, cache_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python_version``: the version mypy checks against (``--python-version``), else
    the configuration's or this interpreter's.

    ``cache_dir``: a cache the caller made empty and passes to each of its runs, so that the
    standard library and httpx are analysed once, not once a run (about 6 s of each); every
    run checks a package no earlier run saw, so its own verdict comes from no cache."""
    target = ["--python-version", python_version] if python_version else []
    cache = ["--cache-dir", str(cache_dir)] if cache_dir else ["--no-incremental", "--cache-dir", os.devnull]
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", *cache, *target, *map(str, targets)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
