"""The Python versions claimed are exactly the ones the matrix tests (generator/pythons.py),
and the matrix runner finds them, or says which one it could not."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from conftest import GENERATED, ROOT

from generator.pythons import PYTHON_VERSIONS

sys.path.insert(0, str(ROOT / "scripts"))
import matrix  # noqa: E402

OTHER = next(v for v in PYTHON_VERSIONS if v != "%d.%d" % sys.version_info[:2])


def _claimed(pyproject: str) -> tuple[list[str], str]:
    versions = re.findall(r'"Programming Language :: Python :: (3\.\d+)"', pyproject)
    minimum = re.search(r'^requires-python = ">=(3\.\d+)"$', pyproject, re.M)
    assert minimum, "no requires-python"
    return versions, minimum[1]


def test_the_emitted_and_the_generators_pyproject_claim_exactly_the_tested_versions() -> None:
    """Break: a classifier for 3.14 in the template, or requires-python left at 3.9, while
    the matrix runs 3.10 to 3.13."""
    assert matrix.PYTHON_VERSIONS is PYTHON_VERSIONS
    for path in (GENERATED / "pyproject.toml", ROOT / "pyproject.toml"):
        versions, minimum = _claimed(path.read_text(encoding="utf-8"))
        assert tuple(versions) == PYTHON_VERSIONS, path
        assert minimum == PYTHON_VERSIONS[0], path


def _fake_python(path: Path, prints: str, status: int = 0) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(f"#!/bin/sh\necho {prints}\nexit {status}\n")
    path.chmod(0o755)


def test_an_interpreter_is_found_past_a_failing_shim_newest_patch_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break: taking ``pythonX.Y`` on PATH without running it (here pyenv shims exist for
    every version and fail for all but the global one), or sorting patch releases as text
    (3.12.9 after 3.12.10)."""
    _fake_python(tmp_path / "shims" / f"python{OTHER}", "pyenv: version not installed", status=127)
    for patch in ("9", "10"):
        _fake_python(tmp_path / "pyenv" / "versions" / f"{OTHER}.{patch}" / "bin" / f"python{OTHER}", OTHER)
    monkeypatch.setenv("PATH", str(tmp_path / "shims"))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    found, _ = matrix.find_interpreter(OTHER)
    assert found == str(tmp_path / "pyenv" / "versions" / f"{OTHER}.10" / "bin" / f"python{OTHER}")


def test_a_version_the_machine_lacks_is_skipped_with_a_line_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Break: a missing interpreter failing the matrix (the README's test command must work
    on a machine with one Python), or skipped without saying which."""
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PYENV_ROOT", str(tmp_path / "pyenv"))
    assert matrix.main(["--python", OTHER]) == 0
    out = capsys.readouterr().out
    assert f"matrix: Python {OTHER}: skipped, not on this machine (looked for python{OTHER} on PATH" in out
    assert f"{tmp_path / 'pyenv'}/versions/{OTHER}.*)" in out
