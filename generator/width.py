"""How wide black considers a line: East Asian wide characters count twice.

Template layout decisions (``render.fits``) and the choice of which files need
black (``format.needs_black``) must measure lines exactly as black does, or a
line of emoji could look short to us and long to black.
"""

from __future__ import annotations


def width(text: str) -> int:
    if text.isascii():
        return len(text)
    # black's own table; imported only for the rare non-ASCII line.
    from black.strings import str_width

    return int(str_width(text))
