"""The escaping filters: document text placed in code stays data."""

from __future__ import annotations

import ast
import re
try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: the backport, a dependency there (pyproject.toml)
    import tomli as tomllib

import jinja2
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from generator.naming import Identifier
from black_verdict import in_blacks_style
from generator.format import needs_black
from generator.render import comment, docstring, environment, literal, pystr, toml_str
from generator.width import width

HOSTILE = [
    "plain",
    "",
    'triple """ double',
    "triple ''' single",
    'ends with quote"',
    "ends with backslash\\",
    "C:\\new\\table \\N{BULLET} \\x00",
    "line\nbreak\r\nand\rcarriage",
    "separators \u2028 \u2029 \x85 \x0b \x0c",
    "nul \x00 and bell \x07 and del \x7f",
    "{{ jinja }} {% raw %} {# comment #}",
    "# not a comment\nimport os; os.system('x')",
    "\"\"\"; import os; os.system('boom'); \"\"\"",
    "naïve — 日本語 😀",
    "x" * 5000,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_pystr_round_trips(text: str) -> None:
    code = f"value = {pystr(text)}\n"
    tree = ast.parse(code)
    assert isinstance(tree.body[0], ast.Assign)
    assert ast.literal_eval(tree.body[0].value) == text


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_stays_one_string(text: str) -> None:
    code = f'def f():\n    """{docstring(text or "x", 4)}"""\n    return 1\n'
    tree = ast.parse(code)
    func = tree.body[0]
    assert isinstance(func, ast.FunctionDef)
    assert len(func.body) == 2, "the docstring must not end early"
    doc = ast.get_docstring(func, clean=False)
    assert doc is not None
    # Every visible character survives; only line breaks and control characters are normalised.
    visible = "".join(ch for ch in (text or "x") if ch.isprintable() and not ch.isspace())
    assert "".join(ch for ch in doc if not ch.isspace()) == visible


# Quoting and docstring layout are black's own, so black has nothing to change:
# checked on the hostile strings and on whatever hypothesis draws.
@pytest.mark.parametrize("text", HOSTILE)
def test_string_literals_and_docstrings_are_in_black_style(text: str) -> None:
    _assert_black_style(text)


@given(st.text(max_size=200))
@example(text="00000000000\x1f\x1f\x1f\x08\U00010756\U00012544\U00018cd6\U00018d09\U00018d09\U00020000")
def test_string_literals_and_docstrings_are_in_black_style_for_any_text(text: str) -> None:
    _assert_black_style(text)


def _assert_black_style(text: str) -> None:
    literal_line = f"value = {pystr(text)}\n"
    # A wider line (as black measures: wide characters count twice) is black's to wrap, and goes through black.
    if width(literal_line.rstrip("\n")) <= 88:
        assert in_blacks_style(literal_line), literal_line
    for depth in (0, 1, 2):
        pad = "    " * depth
        head = "".join(f"{'    ' * d}class C{d}:\n" for d in range(depth))
        module = f'{head}{pad}"""{docstring(text or "x", 4 * depth, last=True)}"""\n'
        if not needs_black(module):
            assert in_blacks_style(module), module


@pytest.mark.parametrize("text", HOSTILE)
def test_comment_is_one_line(text: str) -> None:
    code = f"# {comment(text)}\nx = 1\n"
    tree = ast.parse(code)
    assert len(tree.body) == 1
    assert "\n" not in comment(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_toml_string_round_trips_printable_text(text: str) -> None:
    assert tomllib.loads(f"v = {toml_str(text)}\n")["v"] == text


def test_literal() -> None:
    assert literal(3) == "3"
    assert literal(True) == "True"
    assert literal(None) == "None"
    assert literal("a'b") == repr("a'b")
    with pytest.raises(TypeError):
        literal(float("nan"))
    with pytest.raises(TypeError):
        literal(["list"])


def test_templates_reject_unfiltered_strings() -> None:
    env = environment()
    with pytest.raises(jinja2.TemplateError, match="unescaped value"):
        env.from_string("x = {{ value }}").render(value="__import__('os')")
    assert env.from_string("x = {{ value | pystr }}").render(value="a") == 'x = "a"'
    assert env.from_string("{{ name }} = 1").render(name=Identifier("ok")) == "ok = 1"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_text_is_one_inert_line(text: str) -> None:
    from generator.render import md, md_code

    for rendered in (md(text), md_code(text)):
        assert "\n" not in rendered and "\r" not in rendered
    # Every markup character is escaped, so no link, HTML tag or table cell can start.
    assert not re.search(r"(?<!\\)[<>\[\]|`]", md(text))
    assert "`" not in md_code(text) and not re.search(r"(?<!\\)\|", md_code(text))
