"""The generator's code stays in small pieces: no module over 500 lines, no function over 80.

A function may be longer only when its length is one flat table (a single
literal, or a run of flat declarations like argparse options): those are
named here with the reason, so a long function cannot slip in unnoticed.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "generator").rglob("*.py"))
MODULE_LINES = 500
FUNCTION_LINES = 80

# "module:function": why its length is one flat table.
FLAT_TABLES: dict[str, str] = {}


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_module_is_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines (at most {MODULE_LINES})"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_functions_are_short(path: Path) -> None:
    module = path.relative_to(ROOT).with_suffix("").as_posix().replace("/", ".")
    long = [
        f"{fn.name} ({fn.end_lineno - fn.lineno + 1} lines)"
        for fn in _functions(ast.parse(path.read_text(encoding="utf-8")))
        if fn.end_lineno is not None
        and fn.end_lineno - fn.lineno + 1 > FUNCTION_LINES
        and f"{module}:{fn.name}" not in FLAT_TABLES
    ]
    assert not long, f"{module}: functions over {FUNCTION_LINES} lines: {', '.join(long)}"


def test_the_check_sees_the_code() -> None:
    # A glob gone wrong would make every check above pass vacuously.
    assert len(SOURCES) >= 20
    assert any(p.name == "cli.py" for p in SOURCES)
