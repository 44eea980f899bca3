"""spec/box-sdk-names.yaml, box-sdk-gen's names for the Box API, holds against the document and the SDK.

The table is derived by scripts/box_sdk_names.py from the installed box-sdk-gen (a dev
dependency); these tests fail when the document drops or moves an operation the table names,
when a name it records is no parameter or body property of its operation, when a model's path
(``wire`` then ``fields``) no longer leads to an object with properties or an enum, and when the
installed box-sdk-gen no longer derives the committed table (a Box release: re-run the script).
"""

from __future__ import annotations

import copy
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "scripts"
TABLE = ROOT / "spec" / "box-sdk-names.yaml"


@pytest.fixture(scope="module")
def names() -> ModuleType:
    # The script imports its sibling modules as `python scripts/box_sdk_names.py` would.
    if str(SCRIPTS) not in sys.path:
        sys.path.insert(0, str(SCRIPTS))
    return importlib.import_module("box_sdk_names")


@pytest.fixture(scope="module")
def document(names: ModuleType, box_openapi_path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = names.load_document(box_openapi_path)
    return loaded


@pytest.fixture(scope="module")
def table(names: ModuleType) -> dict[str, Any]:
    loaded: dict[str, Any] = names.load_yaml(TABLE.read_text(encoding="utf-8"))
    return loaded


def test_every_entry_names_an_operation_the_document_has(
    names: ModuleType, table: dict[str, Any], document: dict[str, Any]
) -> None:
    assert len(table["operations"]) > 250
    assert names.check(table, document) == []


def test_an_operation_gone_from_the_document_fails_the_check(
    names: ModuleType, table: dict[str, Any], document: dict[str, Any]
) -> None:
    edited = copy.deepcopy(document)
    del edited["paths"]["/files/{file_id}"]["get"]
    moved = edited["paths"].pop("/folders/{folder_id}")
    edited["paths"]["/folders/{folder_id}/moved"] = moved
    problems = names.check(table, edited)
    assert "get_files_id: the document has no such operation" in problems
    assert any(
        p.startswith("put_folders_id: is PUT /folders/{folder_id}/moved")
        for p in problems
    )


def test_a_name_the_operation_lacks_fails_the_check(
    names: ModuleType, table: dict[str, Any], document: dict[str, Any]
) -> None:
    edited = copy.deepcopy(document)
    post = edited["paths"]["/folders"]["post"]
    parameters = post["parameters"]
    post["parameters"] = [p for p in parameters if p.get("name") != "fields"]
    post["requestBody"]["content"]["application/json"]["schema"]["properties"].pop(
        "parent"
    )
    problems = names.check(table, edited)
    assert "post_folders: fields is sent as query 'fields', which it lacks" in problems
    assert "post_folders: parent is sent as body 'parent', which it lacks" in problems
    assert any(p.startswith("model CreateFolderParent:") for p in problems)


def test_a_model_path_the_document_lacks_fails_the_check(
    names: ModuleType, table: dict[str, Any], document: dict[str, Any]
) -> None:
    # copying only the path changed keeps this cheap: the document is large
    edited = {**document, "paths": dict(document["paths"])}
    edited["paths"]["/files/content"] = copy.deepcopy(
        document["paths"]["/files/content"]
    )
    body = edited["paths"]["/files/content"]["post"]["requestBody"]
    attributes = body["content"]["multipart/form-data"]["schema"]["properties"]
    del attributes["attributes"]["properties"]["parent"]
    corrupted = copy.deepcopy(table)
    models = corrupted["models"]
    models["CreateAiExtractStructuredFieldsOptionsField"]["fields"] = ["choices"]
    # a property that is a bare object names nothing the generator can alias
    models["CreateFolderParent"]["fields"] = ["id"]
    problems = names.check(corrupted, edited)
    assert problems == [
        "model CreateAiExtractStructuredFieldsOptionsField: post_ai_extract_structured"
        " fields.choices: the body.fields has no property 'choices'",
        "model CreateFolderParent: post_folders parent.id:"
        " the document's schema is a(n) string with no properties",
        "model UploadFileAttributesParentField: post_files_content attributes.parent:"
        " the body.attributes has no property 'parent'",
    ]


@pytest.fixture(scope="module")
def derived(names: ModuleType, document: dict[str, Any]) -> Any:
    if importlib.util.find_spec("box_sdk_gen") is None:
        pytest.skip("box-sdk-gen is not installed (pip install -e '.[dev]')")
    return names.derive(document)


def test_helpers_the_generator_cannot_alias_are_dropped(derived: Any) -> None:
    # the document's shared_link there is {type: object, nullable: true}: a plain dict
    assert "RemoveSharedLinkFromFileSharedLink" not in derived.models
    assert derived.dropped["RemoveSharedLinkFromFileSharedLink"] == (
        "put_files_id#remove_shared_link shared_link:"
        " the document's schema is a(n) object with no properties"
    )


def test_the_table_is_what_the_installed_sdk_derives(
    names: ModuleType, derived: Any
) -> None:
    assert (
        derived.version == "1.17.0"
    ), "another box-sdk-gen release: re-run scripts/box_sdk_names.py"
    assert names.render(derived) == TABLE.read_text(
        encoding="utf-8"
    ), "spec/box-sdk-names.yaml is not what scripts/box_sdk_names.py derives: re-run it"


def test_the_table_reads_as_documented(table: dict[str, Any]) -> None:
    assert table["source"] == {"distribution": "box-sdk-gen", "version": "1.17.0"}
    entry = table["operations"]["get_files_id"]
    assert entry == {
        "operation": "GET /files/{file_id}",
        "group": "files",
        "method": "get_file_by_id",
        "arguments": [
            {"name": "file_id", "in": "path", "wire": "file_id"},
            {"name": "fields", "in": "query", "wire": "fields"},
            {"name": "if_none_match", "in": "header", "wire": "if-none-match"},
            {"name": "boxapi", "in": "header", "wire": "boxapi"},
            {"name": "x_rep_hints", "in": "header", "wire": "x-rep-hints"},
        ],
        "positional": 1,
    }
    models = table["models"]
    assert models["CreateFolderParent"] == {
        "operation": "post_folders",
        "wire": "parent",
    }
    assert models["UploadFileAttributesParentField"] == {
        "operation": "post_files_content",
        "wire": "attributes",
        "fields": ["parent"],
    }
    # fields are wire names, through arrays (fields, options) and outermost first
    deep = "CreateClassificationTemplateFieldsOptionsStaticConfigClassificationField"
    assert models[deep] == {
        "operation": "post_metadata_templates_schema#classifications",
        "wire": "fields",
        "fields": ["options", "staticConfig", "classification"],
    }
    assert models["CreateAiAskMode"] == {"operation": "post_ai_ask", "wire": "mode"}
    assert models["CreateAiTextGenItemsTypeField"]["fields"] == ["type"]
    # the document's #fragment operations on one real path go to the methods that send their shape
    shared = table["operations"]["put_files_id#add_shared_link"]
    assert (shared["group"], shared["method"]) == (
        "shared_links_files",
        "add_share_link_to_file",
    )
    assert table["operations"]["put_files_id"]["method"] == "update_file_by_id"
    assert list(table["operations"]) == sorted(table["operations"])


def test_a_helper_among_its_own_fields_is_walked_once(names: ModuleType) -> None:
    source = importlib.import_module("box_sdk_source")
    method = source.SdkMethod("folders", "create_folder", [], 0)
    method.classes = {
        "Node": source.HelperClass("Node", False, [("child", ["Node", "Kind"])]),
        "Kind": source.HelperClass("Kind", True, []),
    }
    places = names._places(method, "Node", "post_nodes", "node", [], set())
    assert places == [
        ("Node", False, {"operation": "post_nodes", "wire": "node"}),
        (
            "Kind",
            True,
            {"operation": "post_nodes", "wire": "node", "fields": ["child"]},
        ),
    ]
