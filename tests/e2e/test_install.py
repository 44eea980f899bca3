"""A plain (non-editable) install of the generator still finds its templates,
and the emitted distribution installs and imports."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import GENERATED, ROOT, SPEC


def pip_install(source: Path, target: Path) -> None:
    # Build from a copy: setuptools leaves build/ and *.egg-info in the source tree.
    copy = target.parent / f"src-{source.name}"
    shutil.copytree(
        source, copy,
        ignore=shutil.ignore_patterns("node_modules", ".git", "__pycache__", "*.egg-info", "build", ".mypy_cache"),
    )
    source = copy
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
         "--target", str(target), str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_wheel_install_carries_templates(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pip_install(ROOT, site)
    assert (site / "generator" / "templates" / "resource.py.j2").is_file()
    assert (site / "generator" / "templates" / "settings.py.j2").is_file()
    assert (site / "generator" / "runtime" / "_serde.py").is_file()

    # Run the installed copy from elsewhere, with the source tree out of reach.
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    result = subprocess.run(
        [sys.executable, "-m", "generator", str(SPEC), "--output", str(workdir / "out"), "--check"],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 1  # nothing there yet: stale
    result = subprocess.run(
        [sys.executable, "-c", "import generator.render as r; print(r.templates_dir())"],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=60,
    )
    assert result.stdout.strip() == str(site / "generator" / "templates")
    result = subprocess.run(
        # The repository's [tool.generator] (env-prefix, request-id-header) made generated/.
        [sys.executable, "-m", "generator", str(SPEC), "--output", str(workdir / "out"),
         "--config", str(ROOT / "pyproject.toml")],
        cwd=workdir, env=env, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for name in ("_client.py", "_settings.py", "_serde.py"):  # rendered, generated settings, copied runtime
        assert (workdir / "out" / "box_client" / name).read_bytes() == (GENERATED / "box_client" / name).read_bytes()

    # The installed script calls itself by the name it was run by, not `python -m generator`.
    script = site / "bin" / "openapi-box-generator"
    for option, expected in (("--help", "usage: openapi-box-generator "), ("--version", "openapi-box-generator ")):
        result = subprocess.run([str(script), option], cwd=workdir, env=env, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(expected), result.stdout


def test_emitted_distribution_installs_and_imports(tmp_path: Path) -> None:
    site = tmp_path / "site"
    pip_install(GENERATED, site)
    assert (site / "box_client" / "py.typed").is_file()
    code = (
        "import box_client, box_client.models as m; "
        "c = box_client.Client(token='t'); "
        "print(c.base_url, type(c.session_termination).__name__, len(m.__all__))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Every model of the whole Box API, as generated/ lists them
    listed = ast.literal_eval(
        re.search(r"^__all__ = (\[.*?\])$", (GENERATED / "box_client" / "models" / "__init__.py").read_text(), re.S | re.M)[1]
    )
    assert len(listed) > 305
    assert result.stdout.split() == ["https://api.box.com/2.0", "SessionTerminationResource", str(len(listed))]
