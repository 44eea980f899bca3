"""OpenAPI 3.1 / JSON Schema 2020-12 (tests/corpus/shapes31.yaml, and the parser directly)."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from conftest import CorpusPackage
from test_parse import parse


def field_types(api: Any, model: str) -> dict[str, Any]:
    found = next(m for m in api.models if m.name == model)
    return {f.wire: f.type for f in found.fields}


def schema_doc(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Thing": {"type": "object", "properties": properties}}},
    }


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        ({"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "items": False, "minItems": 2},
         "tuple[float, str]"),
        ({"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "minItems": 2, "maxItems": 2},
         "tuple[float, str]"),
        ({"type": "array", "prefixItems": [{"type": "number"}, {"type": "string"}], "items": False},
         "list[float | str]"),  # shorter arrays are allowed: not a tuple
        ({"type": "array", "prefixItems": [{"type": "integer"}], "items": {"type": "string"}}, "list[int | str]"),
        ({"type": "array", "prefixItems": [{"type": "integer"}]}, "list[Any]"),  # anything may follow
    ],
)
def test_prefix_items(tmp_path: Path, schema: dict[str, Any], expected: str) -> None:
    api = parse(tmp_path, schema_doc({"p": schema}))
    assert spelled(field_types(api, "Thing")["p"]) == expected


def spelled(t: Any) -> str:
    names = {"float": "float", "str": "str", "int": "int", "any": "Any"}
    if t.kind == "tuple":
        return "tuple[" + ", ".join(spelled(o) for o in t.options) + "]"
    if t.kind == "list":
        return f"list[{spelled(t.item)}]"
    if t.kind == "union":
        return " | ".join(spelled(o) for o in t.options)
    return names.get(t.kind, t.kind)


def test_shapes31_models_read_as_the_schema_says(corpus: dict[str, CorpusPackage]) -> None:
    models = importlib.import_module(corpus["shapes31"].package + ".models")
    shape = models.Shape.from_dict(
        {"kind": "circle", "centre": [1, 2.5], "radius": None, "style": {"colour": "red"}}
    )
    assert shape.centre == (1.0, 2.5), "prefixItems: a tuple"
    assert shape.radius is None, "type: [number, 'null']"
    assert isinstance(shape.style, models.Style), "a schema under $defs names its class"
    assert shape.to_dict()["centre"] == [1.0, 2.5]
    with pytest.raises(Exception, match="expected 'circle', got 'square'"):
        models.Shape.from_dict({"kind": "square", "centre": [0, 0]})  # const
    with pytest.raises(Exception, match="expected 2 items, got 3"):
        models.Shape.from_dict({"kind": "circle", "centre": [0, 0, 0]})


def test_webhooks_callbacks_and_links_are_notes_not_warnings(corpus: dict[str, CorpusPackage]) -> None:
    err = corpus["shapes31"].run.stderr
    assert "#/webhooks/shapeDeleted: note: webhook skipped" in err
    assert "#/paths/~1shapes/post/callbacks/shapeDrawn: note: callback skipped" in err
    assert "#/paths/~1shapes/post/responses/201/links/GetShape: note: link skipped" in err
    assert "warning" not in err
