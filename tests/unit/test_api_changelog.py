"""The API changelog's rules on small documents: each kind of change, breaking or not, and the bump.

A record is made from the model as the generator names it (no rendering, no
formatting), so each case costs milliseconds. A change reads as ``! `` (breaking)
or two spaces, then the line ``--check`` prints.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Callable

import pytest

from generator import changelog, pipeline, release, surface


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _ref(name: str) -> dict[str, str]:
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
                    {"name": "kind", "in": "query", "schema": _ref("Kind")},
                ],
                "responses": {
                    "200": {"description": "ok", "content": _json(_ref("Item"))}
                },
            },
            "post": {
                "operationId": "createItem",
                "tags": ["items"],
                "requestBody": {"required": True, "content": _json(_ref("NewItem"))},
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
                    "200": {"description": "ok", "content": _json(_ref("Shape"))}
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
                    "kind": _ref("Kind"),
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
        doc, pipeline.Options(**{"package": "items_client", **options})
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
        list_items(spec)["responses"]["200"]["content"] = _json(
            {"oneOf": [_ref("Item"), {"type": "string"}]}
        )

    widened = edited(widen)
    assert changes(widened) == [
        "! items.list_items: return type widened: Item → str | Item"
    ]
    assert changes(BASE, old=record(widened)) == [
        "  items.list_items: return type narrowed: str | Item → Item"
    ]

    def retype(spec: dict[str, Any]) -> None:
        list_items(spec)["responses"]["200"]["content"] = _json(_ref("NewItem"))

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


# ------------------------------------------------------------------ types


def _side(
    enums: dict[str, list[Any]] | None = None, aliases: dict[str, Any] | None = None
) -> Any:
    members = {
        name: {"members": {f"V{i}": v for i, v in enumerate(values)}}
        for name, values in (enums or {}).items()
    }
    return changelog._Side(
        {
            "enums": members,
            "aliases": {n: {"type": t} for n, t in (aliases or {}).items()},
        }
    )


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("str", "str", None),
        ({"literal": "x"}, "str", "widened"),
        ({"union": [{"literal": "x"}, {"literal": "y"}]}, {"literal": "x"}, "narrowed"),
        ("int", {"union": ["None", "int"]}, "widened"),
        ({"list": "int"}, {"list": "float"}, "widened"),
        ({"dict": {"union": ["int", "str"]}}, {"dict": "str"}, "narrowed"),
        ({"tuple": ["int", "str"]}, {"tuple": ["int"]}, "changed"),
        ({"model": "A"}, {"model": "B"}, "changed"),
        ({"model": "A"}, {"union": [{"model": "A"}, {"model": "B"}]}, "widened"),
        ("str", "any", "widened"),
        ({"enum": "Small"}, {"enum": "Big"}, "widened"),
        ({"enum": "Big"}, "str", "widened"),
        ({"alias": "Num"}, "float", None),  # the same values, spelled otherwise
        ({"alias": "Num"}, "int", "narrowed"),
        (
            {"alias": "Loop"},
            "int",
            "changed",
        ),  # an alias that reaches itself is not comparable
    ],
)
def test_types_compare_by_structure(old: Any, new: Any, expected: str | None) -> None:
    side = _side(
        {"Small": ["a"], "Big": ["a", "b"]},
        {"Num": "float", "Loop": {"list": {"alias": "Loop"}}},
    )
    assert changelog._direction(old, new, (side, side)) == expected


# ------------------------------------------------------------------ the bump and the entry


@pytest.mark.parametrize(
    "kinds, version, expected",
    [
        (["method-removed"], "1.4.0", ("major", "2.0.0")),
        (["method-removed"], "0.3.1", ("minor", "0.4.0")),
        (["method-added"], "1.4.2", ("minor", "1.5.0")),
        (["method-deprecated"], "1.4.2", ("patch", "1.4.3")),
        (["method-added"], "2024.10", ("minor", "2024.11.0")),
        (["method-added"], "latest", ("minor", None)),
    ],
)
def test_the_bump(
    kinds: list[str], version: str, expected: tuple[str, str | None]
) -> None:
    found = [changelog.Change(k, "x", None, None, k.endswith("removed")) for k in kinds]
    bumped = changelog.bump(found, version)
    assert (bumped.level, bumped.suggested) == expected
    assert ("SemVer item 4" in bumped.note) == (version == "0.3.1")
    summary = release.Report(found, bumped, {}, {}).summary()
    if version == "0.3.1":
        assert summary.endswith(
            "suggested bump: minor (0.3.1 → 0.4.0; breaking, but 0.y.z: SemVer item 4)"
        )
    if version == "latest":
        assert summary.endswith("suggested bump: minor")


def test_the_markdown_entry_keeps_spec_text_inert() -> None:
    old = copy.deepcopy(BASE_RECORD)
    old["enums"]["Kind"]["members"]["TICK"] = "a`b\n## heading"
    report = release.report(old, {surface.PATH: surface.text(BASE_RECORD)})
    assert report is not None
    entry = report.markdown(report.heading(release.today()))
    assert entry.splitlines() == [
        "## Unreleased (suggested: 2.0.0)",
        "",
        "Suggested bump: major (1.0.0 → 2.0.0).",
        "",
        "### Breaking",
        "",
        '- `Kind.TICK`: enum value removed (`"a\'b\\n## heading"`)',
    ]
    assert (
        report.summary()
        == "API changes: 1 breaking; suggested bump: major (1.0.0 → 2.0.0)"
    )


def test_the_entry_is_headed_by_a_new_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    new = record(edited(lambda s: s["info"].update(version="1.1.0")))
    report = release.report(BASE_RECORD, {surface.PATH: surface.text(new)})
    assert (
        report is not None and report.heading(release.today()) == "1.1.0 — 2023-11-14"
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r.update(methods=[]),
        lambda r: r["methods"]["items.list_items"].update(parameters="x"),
        lambda r: r["methods"]["items.list_items"].update(returns={}),
        lambda r: r["enums"]["Kind"].update(members=None),
        lambda r: r["aliases"]["Shape"].update(
            type={"list": {"list": {"alias": "Shape"}}}
        ),
        lambda r: r["models"].update(Item=3),
    ],
)
def test_a_damaged_previous_record_is_not_compared(
    damage: Callable[[dict[str, Any]], Any],
) -> None:
    old = copy.deepcopy(BASE_RECORD)
    damage(old)
    found = release.report(old, {surface.PATH: surface.text(BASE_RECORD)})
    assert found is None or all(isinstance(line, str) for line in found.lines())


def test_a_previous_record_is_read_only_when_it_is_one(tmp_path: Path) -> None:
    assert release.previous(tmp_path / "missing") is None
    (tmp_path / surface.PATH).write_text("[1, 2]")
    assert release.previous(tmp_path) is None
    (tmp_path / surface.PATH).write_text(json.dumps({**BASE_RECORD, "record": 99}))
    assert release.previous(tmp_path) is None, "another layout of the record"
    (tmp_path / surface.PATH).write_text("[" * 100_000)
    assert release.previous(tmp_path) is None
    (tmp_path / surface.PATH).unlink()
    os.mkfifo(tmp_path / surface.PATH)
    assert release.previous(tmp_path) is None, "a FIFO is refused, not waited on"
    (tmp_path / surface.PATH).unlink()
    (tmp_path / surface.PATH).write_text(surface.text(BASE_RECORD))
    assert release.previous(tmp_path) == BASE_RECORD


def test_an_enum_value_added_breaks_nobody_as_the_emitted_enums_keep_values_they_do_not_know() -> None:
    """The rule rests on the runtime: a client made before the value was added still decodes it."""
    from generator.runtime._values import IntEnum, StrEnum

    class Kind(StrEnum):
        A = "a"

    class Size(IntEnum):
        ONE = 1

    assert Kind("d").value == "d" and str(Kind("d")) == "d"
    assert Size(7).value == 7
