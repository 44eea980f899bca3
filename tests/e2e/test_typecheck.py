"""mypy --strict over the generator and over everything it emits."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import GENERATED, ROOT, emitted_packages
from mypy_run import mypy


def test_generator_is_strictly_typed() -> None:
    result = mypy(ROOT / "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_emitted_packages_are_strictly_typed(golden_packages: Path) -> None:
    # The golden packages made whole (tests/golden/ leaves the runtime out).
    packages = [GENERATED / "box_client"] + sorted(
        p for golden in golden_packages.iterdir() if golden.is_dir() for p in emitted_packages(golden)
    )
    assert len(packages) >= 4
    # One package per run: each golden tree is its own top level.
    for package in packages:
        result = mypy(package.name, cwd=package.parent)
        assert result.returncode == 0, f"{package}:\n{result.stdout}{result.stderr}"
        checked = re.search(r"Success: no issues found in (\d+) source files", result.stdout)
        assert checked and int(checked[1]) == len(list(package.rglob("*.py"))), f"{package}: {result.stdout[-500:]}"
