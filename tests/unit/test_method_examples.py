"""Example calls (generator/examples.py): built from the description's examples, written only as literals.

Every value of an example comes from the document, so it is hostile until written:
whatever the text, the call parses, each value reads back as exactly the example
(``ast.literal_eval``), and nothing in it can end a docstring or a README code block.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from generator import examples, ir, pipeline, render
from generator.examples import ExampleValue
from generator.naming import Identifier

HOSTILE = st.text(
    alphabet=st.sampled_from(
        ['"', "'", "\\", "`", "\n", "\r", "\x00", "\u2028", "{", "}", "#", "a", "é", "\ue000", " "]
    ),
    max_size=12,
) | st.sampled_from(['"""', "'''", "```", "\\N{", "__import__('os').system('x')", '"); import os; ("'])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(-1e12, 1e12) | HOSTILE,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(HOSTILE, inner, max_size=3),
    max_leaves=5,
)
KNOWN = examples._Types(models={}, enums={}, aliases={})


def _shown(kind: str, raw: object) -> str:
    value = examples._value(ir.TypeRef(kind), raw, "name", KNOWN, 0)
    return str(examples.code(value))


@settings(deadline=None)
@given(JSON)
def test_an_example_of_any_json_is_written_as_the_literal_it_is(raw: object) -> None:
    text = _shown("any", raw)
    if text == '"name"' and raw != "name":
        return  # too long to show (MAX_WIDTH): the placeholder instead
    assert ast.literal_eval(text) == raw
    # Backticks become \x60: the same value, and no way to close a Markdown fence.
    fenced = str(examples.fence_safe(text))
    assert "`" not in fenced and ast.literal_eval(fenced) == raw


@settings(deadline=None)
@given(HOSTILE)
def test_hostile_strings_and_bytes_stay_literals(raw: str) -> None:
    assert ast.literal_eval(_shown("str", raw)) == raw
    assert ast.literal_eval(_shown("bytes", raw)) == raw.encode("utf-8")


@settings(deadline=None)
@given(HOSTILE)
def test_a_docstring_example_reads_back_as_the_call(raw: str) -> None:
    call = examples.ExampleCall(
        Identifier("files"), Identifier("get"), (examples.ExampleArgument(None, ExampleValue("literal", raw)),)
    )
    code = f"client.files.get({examples.arguments(call)[0]})"
    source = f'def f():\n    """Summary.\n\n    {examples.in_docstring(code, 4)}\n    """\n'
    namespace: dict[str, object] = {}
    exec(compile(source, "<example>", "exec"), namespace)  # noqa: S102 - the text under test
    assert namespace["f"].__doc__.strip().endswith(code)  # type: ignore[attr-defined]


def test_values_that_do_not_fit_give_way_to_placeholders_named_after_the_argument() -> None:
    assert _shown("int", "12") == "1"
    assert _shown("str", 12) == '"name"'
    assert _shown("bool", 1) == "True"
    assert (
        _shown("datetime", "2024-13-01T00:00:00Z")
        == "datetime.datetime(2024, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)"
    )
    assert _shown("datetime", "2021-06-30T08:15:00-07:00") == (
        "datetime.datetime(2021, 6, 30, 15, 15, 0, tzinfo=datetime.timezone.utc)"
    )
    assert _shown("date", "2020-02-02") == "datetime.date(2020, 2, 2)"
    assert _shown("str", "x" * 1000) == '"name"'  # too long to show


SPEC = r'''
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things/{thing_id}:
    post:
      operationId: things_create
      tags: [things]
      parameters:
        - {name: thing_id, in: path, required: true, schema: {type: string}, example: '12"3'}
        - name: fields
          in: query
          schema: {type: array, items: {type: string}}
          examples: {one: {value: [id, name]}}
        - {name: limit, in: query, schema: {type: integer, default: 100}}
        - {name: X-Trace, in: header, schema: {type: string, format: uuid}, required: true}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
            example: {name: '```"""', kind: b, parent: {id: "0"}}
      responses:
        "200": {description: ok}
components:
  schemas:
    Thing:
      type: object
      required: [name, kind, parent, when]
      properties:
        name: {type: string}
        kind: {type: string, enum: [a, b]}
        parent: {type: object, required: [id], properties: {id: {type: string}, type: {type: string}}}
        when: {type: string, format: date-time}
        size: {type: integer, example: 5}
'''


def test_an_operation_s_example_takes_the_description_s_examples(tmp_path: Path) -> None:
    path = tmp_path / "things.yaml"
    path.write_text(textwrap.dedent(SPEC))
    doc = pipeline.document(path)
    api, _, _ = pipeline.build_model(doc, pipeline.Options(package="things_client"))
    (op,) = api.groups[0].operations
    assert op.example is not None
    written = ", ".join(examples.arguments(op.example))
    assert written == (
        '\'12"3\', "123e4567-e89b-12d3-a456-426614174000", \'```"""\', models.ThingKind.B, '
        'models.ThingParent(id="0"), datetime.datetime(2024, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc), '
        'fields=["id", "name"], size=5'
    )
    # The README shows it in a code block that no value can close.
    (readme,) = [p for p in render.parts(api, "things.yaml") if p.path == "README.md"]
    text = render.render_part(render.environment(), readme)
    blocks = text.split("```python\n")[1:]
    assert [b.split("```")[0].count("\n") > 0 for b in blocks] == [True, True]
    ast.parse(blocks[1].split("```")[0])
    assert "import datetime" in blocks[0]


def test_models_requiring_models_stay_within_the_budget() -> None:
    # Ten required fields a level, each a model of the next level: 10**6 models without a limit.
    def level(n: int) -> ir.Model:
        t = (
            ir.TypeRef("model", name=Identifier(f"L{n + 1}"), module=Identifier(f"l{n + 1}"))
            if n < 6
            else ir.TypeRef("str")
        )
        fields = tuple(
            ir.Field(Identifier(f"f{i}"), f"f{i}", t, required=True, nullable=False, description=None)
            for i in range(10)
        )
        return ir.Model(Identifier(f"L{n}"), Identifier(f"l{n}"), None, fields, (), "")

    known = examples._Types(models={f"L{n}": level(n) for n in range(7)}, enums={}, aliases={})
    argument = ir.Argument(Identifier("a"), "a", "body", ir.TypeRef("model", name=Identifier("L0")), True, False, None)
    text = str(examples.code(examples._argument(argument, known)))
    assert text.count("models.") <= examples.MAX_MODELS and len(text) < 10_000
    ast.parse(text)


FIVE_OPTIONAL = """
openapi: 3.0.3
info: {title: Shop, version: '1'}
paths:
  /items/{id}:
    get:
      operationId: getItem
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}, example: i-1}
        - {name: plain, in: query, schema: {type: string}}
        - {name: first, in: query, schema: {type: string}, example: a}
        - {name: second, in: query, schema: {type: integer}, example: 2}
        - {name: third, in: query, schema: {type: boolean}, example: true}
        - {name: fourth, in: query, schema: {type: string}, example: d}
        - {name: fifth, in: query, schema: {type: string}, example: e}
      responses:
        '204': {description: none}
"""


def test_up_to_three_optional_arguments_with_an_example_are_shown(tmp_path: Path) -> None:
    """README, "Examples": "required ones positionally, and up to 3 optional ones the description
    gives an example for" (the first three, in the method's order; one without an example is not
    shown). Break made: ``MAX_OPTIONAL = 4`` in generator/examples.py: ``fourth="d"`` is shown."""
    path = tmp_path / "shop.yaml"
    path.write_text(FIVE_OPTIONAL)
    api, _, _ = pipeline.build_model(pipeline.document(path), pipeline.Options(package="shop_client"))
    (op,) = api.groups[0].operations
    assert op.example is not None
    assert ", ".join(examples.arguments(op.example)) == '"i-1", first="a", second=2, third=True'
