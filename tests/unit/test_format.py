"""Every emitted Python file is in black's style, most of them without running black.

The format stage trusts the templates for any file without a code line over
black's limit (``needs_black``). These tests hold that trust to account: every
golden and generated file must be exactly what black would make of it, and the
decision function itself is pinned on the cases it must get right.

The verdict is black's own (``black_verdict.in_blacks_style``: black's defaults,
as ``black --check`` has it), not the generator's ``is_black_stable``, which asks
black with the generator's settings. Break made: ``generator.format._mode`` with
``line_length=120`` (the format stage then lays out a long line 120 wide, and
``is_black_stable`` agrees with it): with the old helper every test here passed;
with black's verdict test_files_that_need_black_get_it_and_are_cached and
test_parallel_formatting_gives_what_serial_formatting_gives fail (a 107-column
``return`` black would split). A generated file given a 104-column line by hand
fails test_emitted_file_is_black_formatted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from black_verdict import in_blacks_style
from conftest import GENERATED, golden_trees
from hypothesis import given
from hypothesis import strategies as st

from generator.format import format_files, needs_black
from generator.incremental.cache import Cache

FILES = sorted(p for root in (GENERATED, *golden_trees()) for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def test_there_are_files() -> None:
    assert len(FILES) > 50


# black over some 900 committed files (generated/ is the whole Box API): the slow tier; the goldens
# themselves are compared in the fast tier
@pytest.mark.slow
@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_emitted_file_is_black_formatted(path: Path) -> None:
    assert in_blacks_style(path.read_text())


LONG = "x" * 90


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a = 1\n", False),
        (f"a = {LONG}\n", True),  # a long code line
        (f'def f():\n    """Doc.\n\n    {LONG}\n    """\n', False),  # inside a docstring: black leaves it
        (f'def f():\n    """Doc.\n\n    {LONG}"""\n', True),  # the closing line: black may move the quotes
        (f'X = ["""\n{LONG}\n""", {LONG}]\n', True),  # code after the string on the closing line
        (f'x = \'"""\' + {LONG}\n', True),  # a quote run inside a string does not open a docstring
        (f'__all__ = [\n    "{LONG}",\n]\n', False),  # one string alone in an exploded bracket
        (f'M = {{\n    "{LONG}": "{LONG}",\n}}\n', False),
        (f"f(\n    path=\"{LONG}\",\n)\n", False),
        (f"from a import (\n    {LONG} as {LONG},\n)\n", False),
        (f'class A:\n    x: int\n    """{LONG}"""\n', False),  # a one-line string statement
        (f"f(\n    {LONG} + 1,\n)\n", True),  # an expression black can split
        (f"# {LONG}\nx = 1\n", False),  # a comment: black never splits one
        (f"f(\n    a.{LONG}\n)\n", False),  # a name alone in its brackets, no comma
        (f"X = (\n    A\n    | {LONG}\n)\n", False),  # an option of a split union
        (f"def f():\n    g(\n        {LONG}(\n            1\n        )\n    )\n", False),  # the head of a split call
        (f"class A:\n    x: {LONG}\n", True),  # an annotation: black wraps it in parentheses
        (f"def f(obj):\n    obj.{LONG} = (\n        v\n    )\n", False),  # a wrapped value after a long target
        (f"d[{LONG}] = (\n    v\n)\n", True),  # a subscript: black splits its brackets instead
    ],
)
def test_needs_black_exactly_when_black_could_change_a_line(text: str, expected: bool) -> None:
    assert needs_black(text) is expected
    if not expected:
        assert in_blacks_style(text), "a file needs_black lets through must already be black's"


def test_files_that_need_black_get_it_and_are_cached(tmp_path: Path) -> None:
    ugly = "def f(a,b):\n  return {'k':a+" + "b" * 90 + "}\n"
    files = {"pkg/mod.py": ugly, "pkg/ok.py": "A = 1\n", "README.md": "  not python  \n"}
    cache = Cache(tmp_path)
    first = format_files(files, cache)
    assert first["pkg/ok.py"] == "A = 1\n" and first["README.md"] == files["README.md"]
    assert first["pkg/mod.py"] != ugly and in_blacks_style(first["pkg/mod.py"])
    assert cache.misses == 1 and cache.hits == 0
    again = Cache(tmp_path)
    assert format_files(files, again) == first
    assert again.hits == 1 and again.misses == 0


def test_parallel_formatting_gives_what_serial_formatting_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.format

    files = {f"pkg/m{i}.py": f"def f{i}(a,b):\n  return {{'k{i}':a+{'b' * 90}}}\n" for i in range(6)}
    serial = format_files(files, jobs=1)
    monkeypatch.setattr(generator.format, "_PARALLEL_BYTES", 1)  # worth a second process at any size
    assert format_files(files, jobs=2) == serial
    assert all(in_blacks_style(text) for text in serial.values())


def test_runtime_templates_are_already_black_formatted() -> None:
    # Static modules need no black at generation time: keep them in its style.
    for path in sorted((GENERATED / "box_client").glob("_*.py")):
        assert in_blacks_style(path.read_text()), path


def test_a_long_docstring_closing_line_is_laid_out_as_black_does() -> None:
    from generator.render import docstring

    text = docstring("First line.\n" + "word " * 20 + "end", indent=4, last=True)
    module = f'class A:\n    """{text}"""\n'
    assert in_blacks_style(module), module
    assert not needs_black(module)
    assert module.endswith('end\n    """\n'), "the closing quotes go on a line of their own"


@given(st.text(max_size=60))
def test_line_width_is_measured_as_black_measures_it(text: str) -> None:
    from black.strings import str_width

    from generator.width import width

    assert width(text) == str_width(text)
