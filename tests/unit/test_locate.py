"""``generator.locate`` finds, from the parser's events, the places the composed node tree gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FEATURE_SPECS, SPEC
from generator import locate


def composed(text: str, paths: list[list[str | int]]) -> list[str | None]:
    """The places as they were found before: the text composed, each path followed node by node."""
    try:
        root = yaml.compose(text, Loader=yaml.CSafeLoader)
    except (yaml.YAMLError, RecursionError):
        return [None] * len(paths)
    return [None if root is None else locate._place(root, path) for path in paths]


def every_path(data: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Every node's path, and below each one a step that is not there."""
    found = [path, (*path, "missing")]
    if isinstance(data, dict):
        for key, value in data.items():
            found += every_path(value, (*path, str(key)))
    elif isinstance(data, list):
        found.append((*path, len(data)))  # one past the end
        for index, value in enumerate(data):
            found += every_path(value, (*path, index))
    return found


# spec/box.yaml (1.4 MB: seconds to compose) in the slow tier; the feature specs in the fast one
@pytest.mark.parametrize(
    "spec", [pytest.param(SPEC, marks=pytest.mark.slow), *sorted(FEATURE_SPECS.iterdir())], ids=lambda p: p.name
)
def test_every_place_of_a_document_is_where_the_composed_tree_has_it(spec: Path) -> None:
    text = spec.read_text(encoding="utf-8")
    paths = every_path(yaml.load(text, Loader=yaml.CSafeLoader))[:4000]
    assert locate.positions(text, paths) == composed(text, [list(p) for p in paths])


AWKWARD = {
    "equal keys: the first": "a: {b: 1}\na: {c: 2}\n",
    "a mapping as a key": "? {k: v}\n: {x: 1}\nx: [1, 2]\n",
    "an index written with a leading zero": "list: [a, b, c]\n",
    "a scalar root": "just text\n",
    "an empty text": "",
    "two documents": "a: 1\n---\nb: 2\n",
    "an alias: its anchor's place": "base: &b {x: {y: 1}}\nuse: *b\nother: [*b]\n",
    "flow and block, quoted keys": "'q k': {\"z\": [ {m: 1}, [2, 3] ]}\n\"\": empty key\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
    "JSON": '{"a": {"b": [1, {"c": null}]}, "d": "e"}',
}
STEPS = [[], ["a"], ["a", "b"], ["a", "c"], ["x", 1], ["x", "1"], ["x", 2], ["list", "01"], ["list", "2"],
         ["list", "²"], ["q k", "z", 0, "m"], ["q k", "z", 1, 1], ["", "x"], ["use", "x", "y"], ["other", 0, "x"],
         ["a", "b", 1, "c"], ["d"], ["b"], ["missing", "deeper"]]


@pytest.mark.parametrize("text", AWKWARD.values(), ids=AWKWARD.keys())
def test_awkward_texts_give_the_places_the_composed_tree_gives(text: str) -> None:
    # "²" is a digit int() refuses: the composed walk stopped there with a traceback; now it is no index
    usable = [[step if step != "²" else "missing" for step in path] for path in STEPS]
    assert locate.positions(text, STEPS) == composed(text, usable)
