"""Stage 7: black, in-process, over every emitted Python file."""

from __future__ import annotations

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

MODE = Mode(target_versions={TargetVersion.PY310})


class FormatError(Exception):
    """black could not parse an emitted file: a generator bug, never bad input."""


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files with every ``.py`` one formatted by black."""
    out: dict[str, str] = {}
    for path, text in files.items():
        if path.endswith(".py"):
            try:
                out[path] = black.format_str(text, mode=MODE)
            except InvalidInput as exc:
                raise FormatError(f"{path}: emitted code does not parse: {exc}") from exc
        else:
            out[path] = text
    return out
