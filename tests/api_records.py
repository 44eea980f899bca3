"""A small API description and the record of its Python API, for the API changelog's tests
(``tests/unit/test_api_changelog*.py``): ``changes`` gives the lines of an edit of it, ``! ``
for a breaking change, two spaces for the others, then the line ``--check`` prints.

A record is made from the model as the generator names it (no rendering, no
formatting), so each case costs milliseconds.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

from generator import changelog, pipeline, release, surface


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Items", "version": "1.0.0"},
    "paths": {
        "/items": {
            "get": {
                "operationId": "listItems",
                "tags": ["items"],
                "description": "Every item.",
                "parameters": [
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                    {"name": "kind", "in": "query", "schema": ref("Kind")},
                ],
                "responses": {
                    "200": {"description": "ok", "content": json_content(ref("Item"))}
                },
            },
            "post": {
                "operationId": "createItem",
                "tags": ["items"],
                "requestBody": {
                    "required": True,
                    "content": json_content(ref("NewItem")),
                },
                "responses": {"201": {"description": "made"}},
            },
        },
        "/items/{item_id}/parts/{part_id}": {
            "get": {
                "operationId": "getPart",
                "tags": ["items"],
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                    {
                        "name": "part_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    },
                ],
                "responses": {
                    "200": {"description": "ok", "content": json_content(ref("Shape"))}
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Item": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                    "kind": ref("Kind"),
                },
            },
            "NewItem": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "size": {"type": "number"}},
            },
            "Kind": {"type": "string", "enum": ["a", "b", "c"]},
            "Shape": {"oneOf": [{"type": "string"}, {"type": "integer"}]},
        }
    },
}


def record(spec: dict[str, Any], **options: Any) -> dict[str, Any]:
    """The record of ``spec``'s API, as the output would hold it."""
    doc = pipeline.document(Path("items.json"), json.dumps(spec).encode())
    api, _, _ = pipeline.build_model(
        doc,
        pipeline.Options(**{"package": "items_client", "version": "1.0.0", **options}),
    )
    return dict(json.loads(surface.text(surface.record(api, "0.1.0"))))


BASE_RECORD = record(BASE)


def edited(edit: Callable[[dict[str, Any]], Any]) -> dict[str, Any]:
    spec = copy.deepcopy(BASE)
    edit(spec)
    return spec


def changes(
    new: dict[str, Any], old: dict[str, Any] | None = None, **options: Any
) -> list[str]:
    found = changelog.compare(
        old if old is not None else BASE_RECORD, record(new, **options)
    )
    return [("! " if c.breaking else "  ") + release.describe(c, str) for c in found]


def schemas(spec: dict[str, Any]) -> Any:
    return spec["components"]["schemas"]


def list_items(spec: dict[str, Any]) -> Any:
    return spec["paths"]["/items"]["get"]
