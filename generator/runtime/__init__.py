"""The emitted client's runtime, as ordinary modules copied into every emitted package.

The modules of ``COPIED`` go into each package as they are, under the package's
header comment. What depends on the API description is in ``_settings``, which
each package gets generated (templates/settings.py.j2); the ``_settings`` here
is a stand-in for working on the runtime in place, and is never copied.

The generator reads these modules as text and never imports them: they need
httpx, which the generator does not.
"""

from __future__ import annotations

import functools
from pathlib import Path

COPIED = (
    "_async_body",
    "_auth",
    "_base_client",
    "_convert",
    "_cycle",
    "_decoding",
    "_environ",
    "_errors",
    "_lenient",
    "_options",
    "_pagination",
    "_raw",
    "_request",
    "_request_id",
    "_response",
    "_retry",
    "_scalars",
    "_serde",
    "_unions",
    "_values",
    "_version",
)
"""The modules copied into each emitted package."""

STAND_INS = ("_settings",)
"""Modules each package gets generated in their place: never copied."""


@functools.lru_cache(maxsize=1)
def sources() -> dict[str, str]:
    """The text of each copied module, by its file name."""
    here = Path(__file__).resolve().parent
    return {
        f"{name}.py": (here / f"{name}.py").read_text(encoding="utf-8")
        for name in COPIED
    }
