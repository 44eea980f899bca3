"""mypy --strict over the generator and over everything it emits."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, emitted_packages
from mypy_run import mypy

from generator.pythons import PYTHON_VERSIONS


def test_generator_is_strictly_typed() -> None:
    result = mypy(ROOT / "generator")
    assert result.returncode == 0, result.stdout + result.stderr


# The oldest version claimed as well as this interpreter's: checked against 3.10, a 3.11+
# API (datetime.UTC, typing.Self, enum.StrEnum, tomllib) or syntax in emitted code fails.
# Break: `from typing import Self` in a runtime module passes the check against 3.11 only.
TARGETS = sorted({PYTHON_VERSIONS[0], "%d.%d" % sys.version_info[:2]})


@pytest.mark.parametrize("target", TARGETS)
def test_emitted_packages_are_strictly_typed(golden_packages: Path, target: str, tmp_path: Path) -> None:
    # The golden packages made whole (tests/golden/ leaves the runtime out).
    packages = [GENERATED / "box_client"] + sorted(
        p for golden in golden_packages.iterdir() if golden.is_dir() for p in emitted_packages(golden)
    )
    assert len(packages) >= 4
    assert len({p.name for p in packages}) == len(packages), "two packages of one name would share cache entries"
    # One package per run: each golden tree is its own top level. One cache for the runs of
    # this target: the standard library is analysed once.
    for package in packages:
        result = mypy(package.name, cwd=package.parent, python_version=target, cache_dir=tmp_path / "mypy-cache")
        assert result.returncode == 0, f"{package}:\n{result.stdout}{result.stderr}"
        checked = re.search(r"Success: no issues found in (\d+) source files", result.stdout)
        assert checked and int(checked[1]) == len(list(package.rglob("*.py"))), f"{package}: {result.stdout[-500:]}"
