"""Edges of generator/naming.py that the mutation run (bench/mutation.py) found untested.

Each test names the mutants it kills: they survived the module's other tests, and
the test fails on each.
"""

from __future__ import annotations

from generator.naming import Identifier, member, method, snake


def test_soft_keywords_are_names_as_they_are() -> None:
    """Break: ``issoftkeyword(name) and name == "_"`` made ``or``: ``match`` and ``case``,
    fine as names (only ``_`` is not), would become ``match_`` and ``case_``."""
    assert snake("match") == "match" and member("case") == "case"
    assert snake("_") == "value"  # no word in it: the fallback


def test_an_operation_id_shorter_than_its_group_keeps_its_name() -> None:
    """Break: ``not group_words or len(op_words) <= n`` made ``and``: ``user`` under
    ``user_pets`` (its first word, nothing after) would index past its words."""
    assert method("user", "user_pets") is None
    assert method("user_pets_list", "user_pets") == Identifier("list")
