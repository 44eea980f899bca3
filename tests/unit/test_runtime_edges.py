"""Edges of the emitted runtime (generator/runtime) that the mutation run found untested.

Each test names the mutants it kills: they survived the module's other tests, and the
test fails on each. These import the runtime modules in place (no package generated):
the ones here need nothing of a package's settings.
"""

from __future__ import annotations

import pytest

from generator.runtime._values import IntEnum


class Size(IntEnum):
    SMALL = 1


def test_an_open_int_enum_keeps_unknown_integers_and_nothing_else() -> None:
    """Break: ``not isinstance(value, int) or isinstance(value, bool)`` made ``and``:
    ``"5"`` would become the member 5 and ``False`` the member 0."""
    assert Size(7) == 7 and str(Size(7)) == "7"
    for value in ("5", False, 2.5):
        with pytest.raises(ValueError):
            Size(value)
