"""One plain ``mypy --strict`` run, no cache: the verdict a maintainer's own run would give.

Shared by the type-checking tests of every tier (tests/e2e/test_typecheck.py, the
type-expression test of tests/unit/test_types.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def mypy(*targets: Path | str, cwd: Path = ROOT, python_version: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python_version``: the version mypy checks against (``--python-version``), else
    the configuration's or this interpreter's."""
    target = ["--python-version", python_version] if python_version else []
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, *target, *map(str, targets)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
