"""How wide black considers a line: East Asian wide characters count twice.

Template layout decisions (``render.fits``) and the choice of which files need
black (``format.needs_black``) must measure lines exactly as black does, or a
line of emoji could look short to us and long to black. black's own width
table is used, read from its source file: importing ``black`` to get it would
cost a tenth of a second on runs that otherwise never need black.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
from pathlib import Path

LINE_LENGTH = 88  # black's default, which the emitted code keeps

# Below the first wide code point of black's table every character is one column.
_FIRST_WIDE = "\u1100"


def width(text: str) -> int:
    if text.isascii() or max(text) < _FIRST_WIDE:
        return len(text)
    starts, table = _table()
    total = 0
    for char in text:
        code = ord(char)
        index = bisect.bisect_right(starts, code) - 1
        if index >= 0 and table[index][0] <= code <= table[index][1]:
            total += max(table[index][2], 0)
        else:
            total += 1
    return total


@functools.lru_cache(maxsize=1)
def _table() -> tuple[list[int], list[tuple[int, int, int]]]:
    table: list[tuple[int, int, int]]
    try:
        spec = importlib.util.find_spec("black")
        assert spec is not None and spec.origin is not None
        source = Path(spec.origin).parent / "_width_table.py"
        namespace: dict[str, object] = {}
        exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)  # noqa: S102 - black's own data
        table = list(namespace["WIDTH_TABLE"])  # type: ignore[call-overload]
    except Exception:  # a black without the source file: ask black itself
        from black._width_table import WIDTH_TABLE

        table = list(WIDTH_TABLE)
    table.sort()
    return [start for start, _, _ in table], table
