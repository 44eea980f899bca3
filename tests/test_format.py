"""Every emitted Python file is black-formatted (black is idempotent on it)."""

from __future__ import annotations

from pathlib import Path

import black
import pytest

from conftest import GENERATED, GOLDEN
from generator.format import MODE

FILES = sorted(p for root in (GENERATED, GOLDEN) for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def test_there_are_files() -> None:
    assert len(FILES) > 50


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_emitted_file_is_black_formatted(path: Path) -> None:
    text = path.read_text()
    assert black.format_str(text, mode=MODE) == text
