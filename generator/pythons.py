"""The Python versions the generator and the packages it emits support.

Each one is tested: ``python scripts/matrix.py`` runs the generator's fast tier and the
emitted clients' runtime and end-to-end tests on every version listed here, and CI runs
it (tests/e2e/test_python_matrix.py). The emitted ``pyproject.toml`` claims exactly
these, so a version is added here only together with the matrix that tests it.
"""

from __future__ import annotations

PYTHON_VERSIONS: tuple[str, ...] = ("3.10", "3.11", "3.12", "3.13")
