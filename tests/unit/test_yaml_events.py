"""A YAML document loads to the same data, or fails with the same error, whether built from the
parser's events (``generator.yaml_events``) or composed and constructed as PyYAML does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load as loading
from generator import yaml_events
from generator.errors import SpecError

# Plain scalars of every kind the resolver knows, and some that only look like one.
TRICKY = [
    "1", "-0", "+12", "0x1F", "0o17", "017", "0b101", "1_000", "1:30", "190:20:30", "0.5", "-.5", "1e3",
    "6.8523015e+5", "685.230_15e+03", "190:20:30.15", ".inf", "-.Inf", ".NaN", "yes", "No", "on", "OFF", "y",
    "n", "true", "False", "~", "null", "Null", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "12:30:45",
    "1.2.3", "0x", "x1", "a b", "'quoted'", '"dq \\t \\u00e9"', "é", "",
    "[1, 2]", "{a: 1}", "|\n  block\n  text\n", ">-\n  folded\n  text\n", "# comment only",
]


def indented(value: str) -> str:
    """A block scalar's lines indented under its key."""
    return value.replace("\n", "\n  ").rstrip(" ")


def outcome(text: str, tmp_path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[str, Any]:
    path = tmp_path / "doc.yaml"
    path.write_text(text, encoding="utf-8")
    with monkeypatch.context() as patched:
        if not fast:
            patched.setattr(yaml_events, "build", lambda text, loader: (False, None))
        try:
            return "data", repr(loading.load(path).data)
        except SpecError as exc:
            return "error", exc.one_line()


CASES = {
    "scalars as values": "".join(f"k{i}: {indented(t)}\n" for i, t in enumerate(TRICKY) if not t.startswith("#")),
    "scalars as keys": "".join(f"{t}: v{i}\n" for i, t in enumerate(TRICKY) if t and "\n" not in t
                               and not t.startswith(("#", "[", "{", "-", "a:"))),
    "scalars in a flow list": "l: [" + ", ".join(t for t in TRICKY if t and "\n" not in t and ":" not in t
                                                 and not t.startswith(("#", "[", "{", "-", "'", '"'))) + "]\n",
    "equal keys: the last value, the first place": "a: 1\nb: 2\na: 3\n",
    "an anchor and alias": "a: &x {b: 1}\nc: *x\n",
    "an anchor alone": "a: &x 1\n",
    "a merge key": "a: &x {b: 1}\nc: {<<: *x, d: 2}\n",
    "a merge key without alias": "c: {<<: {b: 1}, d: 2}\n",
    "a value key": "=: 1\n",
    "a value scalar": "a: =\n",
    "a merge scalar": "a: <<\n",
    "a dash": "a: -\n",
    "a colon and space in a plain scalar": "a: b: c\n",
    "an explicit str tag": "a: !!str 123\n",
    "a binary tag": "a: !!binary aGk=\n",
    "a set": "a: !!set {x, y}\n",
    "a local tag": "a: !thing 1\n",
    "a non-specific tag": "a: ! 123\n",
    "a mapping as a key": "? {a: 1}\n: 2\n",
    "a list as a key": "? [a]\n: 2\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "an empty document": "",
    "only a comment": "# nothing\n",
    "a list at the root": "- a\n- b\n",
    "a scalar at the root": "just text\n",
    "a syntax error": "a: [1, 2\nb: 3\n",
    "a bad indentation": "a:\n  b: 1\n c: 2\n",
    "a tab": "a:\n\tb: 1\n",
    "an integer over the digit limit": "a: " + "9" * 5000 + "\n",
    "a lone surrogate": 'a: "\\ud800"\n',
    "a paired surrogate": 'a: "\\ud83d\\ude00"\n',
    "deep nesting": "a: " + "[" * 150 + "]" * 150 + "\n",
    "very deep nesting": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "nesting at the limit": "a: " + "[" * 99 + "]" * 99 + "\n",
    "a directive": "%YAML 1.1\n---\na: 1\n",
    "a BOM and a document end": "\ufeffa: 1\n...\n",
    "a null key and a bool key": "~: a\ntrue: b\nno: c\n1.0: d\n0x10: e\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_a_document_loads_as_it_did(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert outcome(text, tmp_path, True, monkeypatch) == outcome(text, tmp_path, False, monkeypatch)


def test_the_plain_kind_is_built_from_events_and_the_rest_is_not() -> None:
    for name in ("scalars as values", "scalars as keys", "scalars in a flow list"):
        assert yaml_events.build(CASES[name], loading._SpecLoader)[0], name
    assert yaml_events.build(CASES["a null key and a bool key"], loading._SpecLoader)[0]
    assert yaml_events.build(CASES["nesting at the limit"], loading._SpecLoader)[0]
    for name in ("an anchor and alias", "a merge key without alias", "an explicit str tag", "a mapping as a key",
                 "two documents", "deep nesting", "a syntax error", "a lone surrogate"):
        assert not yaml_events.build(CASES[name], loading._SpecLoader)[0], name


scalars = st.one_of(st.sampled_from([t for t in TRICKY if "\n" not in t]), st.text(max_size=8), st.integers(),
                    st.floats(allow_nan=False), st.booleans(), st.none())
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.dictionaries(st.text(max_size=6), documents, min_size=1, max_size=4),
    flow=st.sampled_from([None, True, False]),
    style=st.sampled_from([None, "'", '"', "|", ">"]),
)
def test_dumped_documents_load_as_they_did(
    data: dict[str, Any], flow: bool | None, style: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = yaml.dump(data, default_flow_style=flow, default_style=style, allow_unicode=True, sort_keys=False)
    assert outcome(text, tmp_path, True, monkeypatch) == outcome(text, tmp_path, False, monkeypatch)
