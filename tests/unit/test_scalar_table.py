"""The scalar types are one table (``types.SCALARS``): parse reads schemas by it, annotations
are spelled by it, and one walk (``reach.reachable``) serves views and select."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator import ir, types
from generator.load import Document
from generator.naming import Identifier
from generator.parse import parse
from generator.reach import reachable


def parsed_type(schema: dict[str, Any]) -> ir.TypeRef:
    """The type of ``schema`` as the only property of a component."""
    data = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"value": schema}}}},
    }
    doc = Document(path=Path("api.yaml"), text="", data=data, is_yaml=True)
    (model,) = parse(doc, Identifier("api_client")).api.models
    return model.fields[0].type


@pytest.mark.parametrize(
    ("schema", "annotation"),
    [
        ({"type": "string"}, "str"),
        ({"type": "string", "format": "date-time"}, "_dt.datetime"),
        ({"type": "string", "format": "date"}, "_dt.date"),
        ({"type": "string", "format": "binary"}, "bytes"),
        ({"type": "string", "format": "email"}, "str"),
        ({"type": "integer", "format": "int64"}, "int"),
        ({"type": "integer", "format": "date"}, "int"),
        ({"type": "number"}, "float"),
        ({"type": "boolean"}, "bool"),
        ({"type": "null"}, "Any"),
    ],
)
def test_a_scalar_schema_is_read_and_spelled_by_the_table(schema: dict[str, Any], annotation: str) -> None:
    assert str(parsed_type(schema).annotation) == annotation


def test_every_scalar_is_spelled_with_the_imports_it_names() -> None:
    for scalar in types.SCALARS:
        text = types.annotation(ir.TypeRef(scalar.kind))
        assert str(text) == scalar.text
        assert text.imports == frozenset(scalar.imports)
        assert types.form(ir.TypeRef(scalar.kind)) == "class"
        # a builtin scalar is spelled ``_builtins.<name>`` where a module shadows it
        shadowed = types.annotation(ir.TypeRef(scalar.kind), frozenset({scalar.text}))
        assert str(shadowed) == (f"_builtins.{scalar.text}" if not scalar.imports else scalar.text)


def test_reachable_follows_fields_and_aliases_and_owners_only_when_asked() -> None:
    def ref(kind: str, name: str, module: str) -> ir.TypeRef:
        return ir.TypeRef(kind, name=Identifier(name), module=Identifier(module))

    color = ref("enum", "Color", "paint")  # an inline enum, defined in Paint's module
    field = ir.Field(Identifier("color"), "color", color, required=True, nullable=False, description=None)
    paint = ir.Model(Identifier("Paint"), Identifier("paint"), None, (field,), (), "")
    paints = ir.TypeRef("list", item=ref("model", "Paint", "paint"))
    alias = ir.Alias(Identifier("Paints"), Identifier("paints"), paints, None, "")
    api = ir.Api("t", None, "1", Identifier("p"), "p", "1", None, (), (paint,), (), (alias,), 0)
    assert reachable(api, [ref("alias", "Paints", "paints")]) == {"Paints", "Paint", "Color"}
    assert reachable(api, [color]) == {"Color"}
    assert reachable(api, [color], owners=True) == {"Color", "Paint"}
