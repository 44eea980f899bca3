"""parse: the decisions about the emitted API, checked on the intermediate model."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator import ir
from generator.load import load
from generator.pipeline import Options, build_model

from conftest import SEED_SPEC


def parse(tmp_path: Path, document: dict[str, Any]) -> ir.Api:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(document))
    return build_model(load(path), Options(package="api_client"))[0]


def doc(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1.0"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }


def test_box_seed_operation() -> None:
    api = build_model(load(SEED_SPEC), Options(package="box_client"))[0]
    assert api.base_url == "https://api.box.com/2.0"
    (group,) = api.groups
    assert (group.attribute, group.class_name) == ("session_termination", "SessionTerminationResource")
    groups_op, users_op = group.operations
    assert groups_op.name == "terminate_groups_sessions"
    assert groups_op.operation_id == "post_groups_terminate_sessions"
    assert [a.name for a in groups_op.positional] == ["group_ids"]
    assert groups_op.returns == ir.TypeRef("model", name="SessionTerminationMessage", module="session_termination_message")
    assert [r.status for r in groups_op.responses] == ["202", "400", "403", "404", "429", "500", "503", "default"]
    assert groups_op.error_type is not None and groups_op.error_type.name == "ClientError"
    assert [a.name for a in users_op.positional] == ["user_ids", "user_logins"]
    names = sorted(m.name for m in api.models)
    assert names == [
        "ClientError", "SessionTerminationMessage",
        "TerminateGroupsSessionsRequestBody", "TerminateUsersSessionsRequestBody",
    ]
    client_error = next(m for m in api.models if m.name == "ClientError")
    assert [e.name for e in client_error.enums] == ["ClientErrorType", "ClientErrorCode"]
    context_info = next(f for f in client_error.fields if f.name == "context_info")
    assert context_info.nullable and context_info.default == "unset"
    assert context_info.type == ir.TypeRef("dict", item=ir.TypeRef("any"))


def test_argument_order_required_positional_optional_keyword(tmp_path: Path) -> None:
    api = parse(tmp_path, doc({
        "/items/{item_id}/parts/{part_id}": {
            "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "put": {
                "operationId": "updatePart",
                "tags": ["Parts"],
                "parameters": [
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                    {"name": "part_id", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "If-Match", "in": "header", "required": True, "schema": {"type": "string"}},
                    {"name": "fields", "in": "query", "required": True,
                     "schema": {"type": "array", "items": {"type": "string"}}},
                ],
                "requestBody": {"content": {"application/json": {"schema": {
                    "type": "object", "required": ["name"],
                    "properties": {"name": {"type": "string"}, "fields": {"type": "integer"}},
                }}}},
                "responses": {"204": {"description": "done"}},
            },
        },
    }))
    (op,) = api.groups[0].operations
    assert op.name == "update_part"
    assert [(a.name, a.location) for a in op.positional] == [
        ("item_id", "path"), ("part_id", "path"), ("fields", "query"), ("if_match", "header"), ("name", "body"),
    ]
    # The body's `fields` collides with the query parameter: renamed, still sent as "fields".
    assert [(a.name, a.location, a.wire, a.field) for a in op.keyword] == [
        ("verbose", "query", "verbose", None), ("fields_2", "body", "fields", "fields"),
    ]
    assert op.returns is None


def test_groups_and_method_names(tmp_path: Path) -> None:
    ok = {"200": {"description": "ok"}}
    api = parse(tmp_path, doc({
        "/a": {"get": {"operationId": "getThing", "tags": ["Things & Stuff"], "responses": ok},
               "post": {"operationId": "get_thing", "tags": ["Things & Stuff"], "responses": ok}},
        "/b/{id}": {"delete": {"parameters": [{"name": "id", "in": "path", "required": True,
                                                "schema": {"type": "string"}}], "responses": ok}},
        "/c": {"get": {"operationId": "listC", "x-box-tag": "cees", "tags": ["Ignored"], "responses": ok}},
    }))
    by_group = {g.attribute: [op.name for op in g.operations] for g in api.groups}
    assert by_group == {"cees": ["list_c"], "default": ["delete_b_id"], "things_stuff": ["get_thing", "get_thing_2"]}


def test_undeclared_path_parameter_is_a_required_str_argument(tmp_path: Path) -> None:
    api = parse(tmp_path, doc({"/x/{id}": {"get": {"responses": {"200": {"description": "ok"}}}}}))
    (op,) = api.groups[0].operations
    assert [(a.name, a.location, a.type.kind, a.required) for a in op.arguments] == [("id", "path", "str", True)]


def test_ref_cycle_without_schema_is_any(tmp_path: Path) -> None:
    document = doc({"/x": {"get": {"responses": {"200": {"description": "ok", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
        {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}})
    (op,) = parse(tmp_path, document).groups[0].operations
    assert op.returns == ir.TypeRef("any")


def test_self_referencing_model_is_fine(tmp_path: Path) -> None:
    api = parse(tmp_path, doc({}, {"Node": {"type": "object", "properties": {
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}}))
    (node,) = api.models
    assert node.fields[0].type == ir.TypeRef("list", item=ir.TypeRef("model", name="Node", module="node"))


def test_enum_values_differing_only_in_case(tmp_path: Path) -> None:
    api = parse(tmp_path, doc({}, {"Direction": {"type": "string", "enum": ["ASC", "DESC", "asc", "desc"]}}))
    (enum,) = api.enums
    assert [(m.name, m.value) for m in enum.members] == [
        ("ASC", "ASC"), ("DESC", "DESC"), ("ASC_2", "asc"), ("DESC_2", "desc"),
    ]


def test_methods_do_not_repeat_their_group_name(tmp_path: Path) -> None:
    ok = {"200": {"description": "ok"}}

    def op(operation_id: str, tag: str = "repos", **extra: Any) -> dict[str, Any]:
        return {"operationId": operation_id, "tags": [tag], "responses": ok, **extra}

    api = parse(tmp_path, doc({
        "/a": {"get": op("repos/get"), "post": op("repos/list-for-org"), "put": op("repos/import")},
        # Both would be `update`: neither is shortened.
        "/b": {"get": op("repos/update"), "post": op("update")},
        # Named by the maintainer: never shortened.
        "/c": {"get": op("repos/delete", **{"x-python-method-name": "repos_delete"})},
        "/d": {"get": op("pets_list", "Pet"), "post": op("listPets", "Pet")},
    }))
    by_group = {g.attribute: [o.name for o in g.operations] for g in api.groups}
    assert by_group == {
        "repos": ["get", "repos_import", "list_for_org", "repos_update", "update", "repos_delete"],
        "pet": ["list", "list_pets"],
    }


def test_inline_schemas_are_named_after_the_whole_operation_id(tmp_path: Path) -> None:
    inline = {"type": "object", "properties": {"a": {"type": "string"}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": inline}}}}
    api = parse(tmp_path, doc({
        "/a": {"get": {"operationId": "repos/get", "tags": ["repos"], "responses": ok}},
        "/b": {"get": {"operationId": "gists/get", "tags": ["gists"], "responses": ok}},
    }))
    assert sorted(m.name for m in api.models) == ["GistsGetResponse", "ReposGetResponse"]


def test_arguments_keep_their_wire_names(tmp_path: Path) -> None:
    body = {"type": "object", "properties": {
        "body": {"type": "string"}, "list": {"type": "string"}, "userID": {"type": "string"},
        "user_id": {"type": "string"}, "timeout": {"type": "string"},
    }}
    api = parse(tmp_path, doc({"/a": {"post": {
        "operationId": "send",
        "parameters": [{"name": "type", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": body}}},
        "responses": {"200": {"description": "ok"}},
    }, "put": {
        "operationId": "put",
        "parameters": [{"name": "body", "in": "query", "schema": {"type": "string"}}],
        "requestBody": {"content": {"application/json": {"schema": {"type": "array", "items": {}}}}},
        "responses": {"200": {"description": "ok"}},
    }}}))
    (group,) = api.groups
    put, send = group.operations
    # Only the per-call controls are taken; user_id claims its name before userID.
    # (The document is dumped with its keys sorted.)
    assert [(a.name, a.wire) for a in send.arguments] == [
        ("type", "type"), ("body", "body"), ("list", "list"), ("timeout_2", "timeout"), ("user_id_2", "userID"),
        ("user_id", "user_id"),
    ]
    # A whole-body argument is ours to name: a parameter called body keeps it.
    assert [(a.name, a.location) for a in put.arguments] == [("body", "query"), ("body_2", "body")]
    assert send.shadowed == put.shadowed == ("list",)  # its module spells _builtins.list
