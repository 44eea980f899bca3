"""Where the templates are: a source checkout's templates/, or the copy a wheel carries."""

from __future__ import annotations

from pathlib import Path


def templates_dir() -> Path:
    """templates/ of a source checkout, or the copy a wheel carries inside the package."""
    here = Path(__file__).resolve().parent
    bundled = here / "templates"
    if bundled.is_dir():
        return bundled
    return here.parent / "templates"
