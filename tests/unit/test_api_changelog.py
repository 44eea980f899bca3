"""The API changelog's rules on small documents (``api_records``): each kind of change,
breaking or not, by where values go."""

from __future__ import annotations

from typing import Any, Callable

import pytest

from api_records import (
    BASE,
    BASE_RECORD,
    changes,
    edited,
    json_content,
    list_items,
    record,
    ref,
    schemas,
)
from generator import changelog

# ------------------------------------------------------------------ the record


def test_the_record_names_what_callers_see() -> None:
    method = BASE_RECORD["methods"]["items.list_items"]
    assert method["operation"] == {
        "method": "GET",
        "path": "/items",
        "operation_id": "listItems",
    }
    assert method["parameters"]["limit"] == {
        "in": "query",
        "position": None,
        "required": False,
        "type": "int",
        "wire": "limit",
    }
    assert method["returns"] == {"model": "Item"}
    assert (
        BASE_RECORD["methods"]["items.get_part"]["parameters"]["part_id"]["position"]
        == 1
    )
    assert BASE_RECORD["models"]["NewItem"]["used_in"] == "request"
    assert BASE_RECORD["models"]["Item"]["used_in"] == "response"
    assert BASE_RECORD["enums"]["Kind"] == {"members": {"A": "a", "B": "b", "C": "c"}}
    assert BASE_RECORD["aliases"]["Shape"] == {
        "type": {"union": ["int", "str"]},
        "used_in": "response",
    }
    assert BASE_RECORD["api_version"] == "1.0.0" and BASE_RECORD["generator"] == "0.1.0"
    assert len(BASE_RECORD["structure_sha256"]) == 64


def test_prose_changes_neither_the_record_nor_its_digest() -> None:
    spec = edited(
        lambda s: list_items(s).update(description="Every item, newest first.")
    )
    assert record(spec) == BASE_RECORD
    assert changes(spec) == []
    assert changelog.bump([], "1.0.0") == changelog.Bump("none", "1.0.0", "1.0.0")


def test_a_structural_edit_changes_the_digest() -> None:
    spec = edited(
        lambda s: s["paths"]["/items"]["get"]["responses"]["200"].update(
            headers={"X-Total": {}}
        )
    )
    assert record(spec)["structure_sha256"] != BASE_RECORD["structure_sha256"]


# ------------------------------------------------------------------ methods


def test_method_added_and_removed() -> None:
    def add(spec: dict[str, Any]) -> None:
        spec["paths"]["/items/{item_id}"] = {
            "delete": {
                "operationId": "deleteItem",
                "tags": ["items"],
                "parameters": [
                    {
                        "name": "item_id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {"204": {"description": "gone"}},
            }
        }

    assert changes(edited(add)) == [
        "  items.delete_item: new method (DELETE /items/{item_id})"
    ]
    assert changes(edited(lambda s: s["paths"]["/items"].pop("post"))) == [
        "! items.create_item: method removed (POST /items)"  # (NewItem stays: every component is emitted)
    ]


def test_a_method_renamed_by_configuration_is_a_change_for_callers() -> None:
    assert changes(BASE, method_names=(("listItems", "all_items"),)) == [
        "  items.all_items: new method (GET /items)",
        "! items.list_items: method removed (GET /items)",
    ]


def test_another_request_and_deprecation_break_nobody() -> None:
    def move(spec: dict[str, Any]) -> None:
        spec["paths"]["/things"] = spec["paths"].pop("/items")
        spec["paths"]["/things"]["get"]["deprecated"] = True

    assert changes(edited(move)) == [
        "  items.create_item: sends another request: POST /items → POST /things",
        "  items.list_items: deprecated",
        "  items.list_items: sends another request: GET /items → GET /things",
    ]


def test_positional_parameters_in_another_order() -> None:
    def swap(spec: dict[str, Any]) -> None:
        path = spec["paths"].pop("/items/{item_id}/parts/{part_id}")
        path["get"]["parameters"].reverse()
        spec["paths"]["/parts/{part_id}/items/{item_id}"] = path

    assert changes(edited(swap)) == [
        "  items.get_part: sends another request: GET /items/{item_id}/parts/{part_id} → GET /parts/{part_id}/items/{item_id}",
        "! items.get_part: positional parameters reordered: (item_id, part_id) → (part_id, item_id)",
    ]


# ------------------------------------------------------------------ parameters


def test_parameters_added_removed_required_optional() -> None:
    def optional_added(spec: dict[str, Any]) -> None:
        list_items(spec)["parameters"].append(
            {"name": "q", "in": "query", "schema": {"type": "string"}}
        )

    def required_added(spec: dict[str, Any]) -> None:
        list_items(spec)["parameters"].append(
            {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}}
        )

    assert changes(edited(optional_added)) == [
        "  items.list_items(q): new optional parameter (str)"
    ]
    assert changes(edited(required_added)) == [
        "! items.list_items(q): new required parameter (str)"
    ]
    assert changes(edited(lambda s: list_items(s)["parameters"].pop(0))) == [
        "! items.list_items(limit): parameter removed (int)"
    ]
    required = edited(lambda s: list_items(s)["parameters"][0].update(required=True))
    assert changes(required) == ["! items.list_items(limit): parameter became required"]
    assert changes(BASE, old=record(required)) == [
        "  items.list_items(limit): parameter became optional"
    ]


@pytest.mark.parametrize(
    "schema, expected",
    [
        (
            {"type": "number"},
            "  items.list_items(limit): parameter type widened: int → float",
        ),
        (
            {"type": "string"},
            "! items.list_items(limit): parameter type changed: int → str",
        ),
        (
            {"type": "integer", "enum": [10, 20]},
            "! items.list_items(limit): parameter type narrowed: int → ListItemsLimit",
        ),
        (
            {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "  items.list_items(limit): parameter type widened: int → int | str",
        ),
    ],
)
def test_a_parameter_narrowed_breaks_callers_widened_does_not(
    schema: dict[str, Any], expected: str
) -> None:
    found = changes(
        edited(lambda s: list_items(s)["parameters"][0].update(schema=schema))
    )
    assert found[0] == expected  # (then the new enum, if one is made)


# ------------------------------------------------------------------ returns


def test_a_return_type_widened_breaks_callers_narrowed_does_not() -> None:
    def widen(spec: dict[str, Any]) -> None:
        list_items(spec)["responses"]["200"]["content"] = json_content(
            {"oneOf": [ref("Item"), {"type": "string"}]}
        )

    widened = edited(widen)
    assert changes(widened) == [
        "! items.list_items: return type widened: Item → str | Item"
    ]
    assert changes(BASE, old=record(widened)) == [
        "  items.list_items: return type narrowed: str | Item → Item"
    ]

    def retype(spec: dict[str, Any]) -> None:
        list_items(spec)["responses"]["200"]["content"] = json_content(ref("NewItem"))

    assert changes(edited(retype)) == [
        "! items.list_items: return type changed: Item → NewItem"
    ]


# ------------------------------------------------------------------ models


def test_a_field_of_a_request_model_narrowed_breaks_callers_widened_does_not() -> None:
    narrowed = edited(
        lambda s: schemas(s)["NewItem"]["properties"]["size"].update(type="integer")
    )
    assert changes(narrowed) == [
        "! items.create_item(size): parameter type narrowed: float → int",  # its body, flattened
        "! NewItem.size: field type narrowed: float → int",
    ]
    assert changes(BASE, old=record(narrowed)) == [
        "  items.create_item(size): parameter type widened: int → float",
        "  NewItem.size: field type widened: int → float",
    ]


def test_a_field_of_a_response_model_widened_breaks_callers_narrowed_does_not() -> None:
    widened = edited(
        lambda s: schemas(s)["Item"]["properties"]["size"].update(nullable=True)
    )
    assert changes(widened) == ["! Item.size: field type widened: int → int | None"]
    assert changes(BASE, old=record(widened)) == [
        "  Item.size: field type narrowed: int | None → int"
    ]


def test_fields_added_removed_required_optional_by_direction() -> None:
    def required_field(name: str) -> Callable[[dict[str, Any]], None]:
        def edit(spec: dict[str, Any]) -> None:
            schemas(spec)[name]["properties"]["colour"] = {"type": "string"}
            schemas(spec)[name]["required"].append("colour")

        return edit

    assert changes(edited(required_field("NewItem"))) == [
        "! items.create_item(colour): new required parameter (str)",
        "! NewItem.colour: new required field (str)",
    ]
    assert changes(edited(required_field("Item"))) == [
        "  Item.colour: new required field (str)"
    ]
    assert changes(edited(lambda s: schemas(s)["Item"]["properties"].pop("name"))) == [
        "! Item.name: field removed (str)"
    ]
    optional = edited(lambda s: schemas(s)["Item"].update(required=[]))
    assert changes(optional) == [
        "! Item.id: field became optional"
    ]  # callers meet None
    assert changes(BASE, old=record(optional)) == ["  Item.id: field became required"]


def test_models_added_and_removed() -> None:
    added = edited(
        lambda s: schemas(s).update(
            Tag={"type": "object", "properties": {"x": {"type": "string"}}}
        )
    )
    assert changes(added) == ["  Tag: new model"]
    assert changes(BASE, old=record(added)) == ["! Tag: model removed"]


# ------------------------------------------------------------------ enums and aliases


def test_an_enum_value_removed_breaks_callers_added_does_not() -> None:
    assert changes(edited(lambda s: schemas(s)["Kind"].update(enum=["a", "c"]))) == [
        '! Kind.B: enum value removed ("b")'
    ]
    added = edited(lambda s: schemas(s)["Kind"].update(enum=["a", "b", "c", "d"]))
    assert changes(added) == ['  Kind.D: new enum value ("d")']
    assert (
        changelog.bump(changelog.compare(BASE_RECORD, record(added)), "1.0.0").suggested
        == "1.1.0"
    )


def test_enums_and_aliases_added_and_removed() -> None:
    def more(spec: dict[str, Any]) -> None:
        schemas(spec)["Colour"] = {"type": "string", "enum": ["red"]}
        schemas(spec)["Ids"] = {"type": "array", "items": {"type": "string"}}

    assert changes(edited(more)) == [
        "  Colour: new enum",
        "  Ids: new type alias (list[str])",
    ]
    assert changes(BASE, old=record(edited(more))) == [
        "! Colour: enum removed",
        "! Ids: type alias removed (list[str])",
    ]


def test_an_alias_widened_where_it_is_received_breaks_callers() -> None:
    def widen(spec: dict[str, Any]) -> None:
        schemas(spec)["Shape"]["oneOf"].append({"type": "boolean"})

    assert changes(edited(widen)) == [
        "! Shape: type alias widened: int | str → bool | int | str"
    ]
    assert changes(BASE, old=record(edited(widen))) == [
        "  Shape: type alias narrowed: bool | int | str → int | str"
    ]


def test_another_import_name_breaks_every_caller() -> None:
    assert changes(BASE, package="items") == [
        "! package: import name changed: items_client → items",
        "  distribution: distribution name changed: items-client → items",
    ]


def test_the_api_version() -> None:
    spec = edited(lambda s: s["info"].update(version="1.1.0"))
    assert changes(spec) == ["  info.version: API version changed: 1.0.0 → 1.1.0"]
    assert (
        changelog.bump(changelog.compare(BASE_RECORD, record(spec)), "1.0.0").level
        == "patch"
    )
