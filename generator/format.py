"""Stage 7: black, in-process, over every emitted Python file.

Formatting is cached by content: the key is the unformatted text with black's
version and mode, so the runtime modules every package shares, and any file
that did not change, are formatted once per process.
"""

from __future__ import annotations

import hashlib
import importlib.metadata

import black
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

MODE = Mode(target_versions={TargetVersion.PY310})
_CACHE: dict[str, str] = {}
_SALT = f"{importlib.metadata.version('black')}|{MODE!r}".encode()


class FormatError(Exception):
    """black could not parse an emitted file: a generator bug, never bad input."""


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The same files with every ``.py`` one formatted by black."""
    return {path: format_source(path, text) if path.endswith(".py") else text for path, text in files.items()}


def format_source(path: str, text: str) -> str:
    key = hashlib.sha256(_SALT + text.encode("utf-8")).hexdigest()
    cached = _CACHE.get(key)
    if cached is None:
        try:
            cached = _CACHE[key] = black.format_str(text, mode=MODE)
        except InvalidInput as exc:
            raise FormatError(f"{path}: emitted code does not parse: {exc}") from exc
    return cached
