"""Edges of the escaping helpers that the mutation run (bench/mutation.py) found untested.

Each test names the mutant of generator/escape.py it kills: the mutant survived the
module's other tests, and this test fails on it.
"""

from __future__ import annotations

import ast

from generator.escape import literal, pystr


def test_a_quote_first_and_an_apostrophe_inside_take_double_quotes() -> None:
    """Break: ``single[0] == '"'`` read as ``single[1] == '"'``, which takes repr()'s
    single-quoted literal for text starting with ``"``: black, at equal backslashes,
    wants double quotes."""
    text = "\"it's"
    assert pystr(text) == '"\\"it\'s"'
    assert ast.literal_eval(pystr(text)) == text


def test_a_finite_float_is_its_repr() -> None:
    """Break: ``if not isinstance(value, float) and ...``: every float default raises."""
    assert literal(1.5) == "1.5"
    assert literal(-0.25) == "-0.25"
