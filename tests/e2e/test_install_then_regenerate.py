"""The obvious installs of the emitted client, then regeneration and the golden
comparison (issue 16, item 3): ``pip install ./generated`` leaves ``build/`` and
``*.egg-info/`` in the output, ``pip install -e generated`` an ``*.egg-info/``;
neither may make ``--check`` or the goldens fail, and regeneration keeps them.

Run for real, in a virtualenv made with ``--system-site-packages`` (httpx is there, so
nothing but the build backend is fetched: pip's build isolation brings setuptools from
the package index, as it would for a user), on a copy of the output.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, SPEC, run_generator
from generator.write import read_tree

_spec = importlib.util.spec_from_file_location(
    "_golden", ROOT / "tests" / "golden" / "test_golden.py"
)
assert _spec is not None and _spec.loader is not None
_golden = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_golden)
compare_or_update = _golden.compare_or_update  # the golden test's own comparison

pytestmark = pytest.mark.slow


def venv_python(tmp_path: Path) -> Path:
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        timeout=120,
    )
    return venv / "bin" / "python"


def pip(python: Path, *args: str, cwd: Path) -> None:
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def imported_from(python: Path, cwd: Path) -> str:
    code = "import box_client; print(box_client.__file__)"
    result = subprocess.run(
        [str(python), "-c", code],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    "editable", [False, True], ids=["pip-install-dir", "pip-install-editable"]
)
def test_install_then_regenerate_check_and_goldens(
    tmp_path: Path, editable: bool
) -> None:
    work = tmp_path / "repo"
    work.mkdir()
    out = work / "generated"
    shutil.copytree(GENERATED, out)
    python = venv_python(tmp_path)
    pip(python, *(["-e", "generated"] if editable else ["./generated"]), cwd=work)
    leftovers = sorted(
        p.name
        for p in out.iterdir()
        if p.name not in ("README.md", "pyproject.toml", "box_client")
    )
    assert any(name.endswith(".egg-info") for name in leftovers), leftovers
    if not editable:
        assert "build" in leftovers

    check = run_generator(SPEC, "--output", out, "--check")
    assert check.returncode == 0, check.stdout
    compare_or_update(out, GENERATED, update=False)

    # Regenerate as a whole-tree swap (another package name), then back: leftovers stay.
    for package in ("other_client", "box_client"):
        result = run_generator(SPEC, "--output", out, "--package", package, "--quiet")
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if p.name in leftovers) == leftovers
    assert run_generator(SPEC, "--output", out, "--check").returncode == 0
    assert read_tree(out) == read_tree(GENERATED)
    compare_or_update(out, GENERATED, update=False)
    if editable:
        assert imported_from(python, tmp_path) == str(
            out / "box_client" / "__init__.py"
        )
