"""black's own verdict on a text, for the tests that promise "black's style".

Not ``generator.format.is_black_stable``: that asks black with the generator's
own settings (its line length, its target version), so a change to those
settings would move the verdict with the code under test. Here black runs with
its defaults, as ``black --check`` on the emitted package would.
"""

from __future__ import annotations

import black


def in_blacks_style(text: str) -> bool:
    """Whether ``black --check`` with black's defaults would leave ``text`` as it is."""
    return bool(black.format_str(text, mode=black.Mode()) == text)
