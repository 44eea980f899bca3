"""Names that collide with the machinery: the package name, and document names equal to
runtime attributes, helper prefixes, typing names (issue 14, "Names cannot collide")."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SPEC, run_generator
from generator.naming import package_problem


@pytest.mark.parametrize("package", ["httpx", "json", "typing", "os", "httpcore", "h11", "anyio", "typing_extensions"])
def test_package_names_that_shadow_stdlib_or_dependencies_are_refused(tmp_path: Path, package: str) -> None:
    result = run_generator(SPEC, "--output", tmp_path, "--package", package)
    assert result.returncode == 2
    assert f"--package {package!r} would shadow" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_ordinary_package_names_are_not_shadowing() -> None:
    assert package_problem("box_client") is None
    assert package_problem("acme_sdk") is None
    assert package_problem("Acme-SDK") == "is not a valid Python package name"
