"""--names: another SDK's names for groups, methods, arguments and request models
(generator/names_table.py, generator/parse/renames.py), on generated packages."""

from __future__ import annotations

import contextlib
import importlib
import inspect
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from conftest import run_generator

SPEC = """\
openapi: 3.0.3
info: {title: Folders, version: "1"}
servers: [{url: "https://api.example.com/2.0"}]
paths:
  /folders:
    post:
      operationId: post_folders
      tags: [Folders]
      parameters:
        - {name: fields, in: query, schema: {type: array, items: {type: string}}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [parent, name]
              properties:
                parent:
                  type: object
                  required: [id]
                  properties: {id: {type: string}}
                name: {type: string}
                sync_state: {type: string, enum: [synced, not_synced]}
                tags:
                  type: array
                  items:
                    type: object
                    properties:
                      owner: {type: object, properties: {login: {type: string}}}
      responses:
        "201": {description: made, content: {application/json: {schema: {type: object}}}}
  /folders/{folder_id}:
    get:
      operationId: get_folders_id
      tags: [Folders]
      parameters:
        - {name: folder_id, in: path, required: true, schema: {type: string}}
        - {name: if-none-match, in: header, schema: {type: string}}
      responses:
        "200": {description: got, content: {application/json: {schema: {type: object}}}}
"""

TABLE = """\
source: {distribution: other-sdk, version: 1.0.0}
operations:
  get_folders_id:
    operation: GET /folders/{folder_id}
    group: folders
    method: get_folder_by_id
    arguments:
      - {name: folder_id, in: path, wire: folder_id}
      - {name: etag, in: header, wire: if-none-match}
    positional: 1
  post_folders:
    operation: POST /folders
    group: folders
    method: create_folder
    arguments:
      - {name: name, in: body, wire: name}
      - {name: parent, in: body, wire: parent}
      - {name: sync_state, in: body, wire: sync_state}
      - {name: fields, in: query, wire: fields}
    positional: 2
models:
  CreateFolderParent: {operation: post_folders, wire: parent}
  CreateFolderSyncState: {operation: post_folders, wire: sync_state}
  CreateFolderTagsOwner: {operation: post_folders, wire: tags, fields: [owner]}
"""


def _generate(tmp_path: Path, table: str, *extra: str) -> tuple[Path, str]:
    (tmp_path / "api.yaml").write_text(SPEC)
    (tmp_path / "names.yaml").write_text(textwrap.dedent(table))
    out = tmp_path / "out"
    result = run_generator(
        tmp_path / "api.yaml", "--output", out, "--package", "named_client", "--names", tmp_path / "names.yaml",
        "--warnings", *extra,
    )
    assert result.returncode == 0, result.stderr
    return out, result.stderr


@contextlib.contextmanager
def _imported(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """The package generated into ``out``, imported afresh, and forgotten afterwards."""

    def forget() -> None:
        for name in [m for m in sys.modules if m == "named_client" or m.startswith("named_client.")]:
            del sys.modules[name]

    monkeypatch.syspath_prepend(str(out))
    forget()
    try:
        yield importlib.import_module("named_client")
    finally:
        forget()


@pytest.fixture
def named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    out, stderr = _generate(tmp_path, TABLE)
    assert "warning" not in stderr, stderr
    with _imported(out, monkeypatch) as package:
        yield package


def test_groups_methods_and_arguments_take_the_tables_names(named) -> None:
    folders = named.Client(token="t", base_url="https://api.example.com/2.0").folders
    create = inspect.signature(folders.create_folder)
    # The table's order, required ones positional: name before parent, as the other SDK has them
    # (the document's required list says parent first).
    positional = [p.name for p in create.parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    assert positional == ["name", "parent"]
    keyword = [p.name for p in create.parameters.values() if p.kind is p.KEYWORD_ONLY]
    assert keyword[:2] == ["sync_state", "fields"]
    get = inspect.signature(folders.get_folder_by_id)
    assert "etag" in get.parameters and "if_none_match" not in get.parameters
    async_folders = named.AsyncClient(token="t", base_url="https://api.example.com/2.0").folders
    assert list(inspect.signature(async_folders.create_folder).parameters)[:2] == ["name", "parent"]


def test_request_models_are_exported_under_the_tables_names(named) -> None:
    parent = named.CreateFolderParent(id="0")
    assert parent.to_dict() == {"id": "0"}
    assert named.CreateFolderSyncState("synced").value == "synced"
    assert {"CreateFolderParent", "CreateFolderSyncState", "CreateFolderTagsOwner"} <= set(named.__all__)
    # a class below a body property (through the list of tags to its items' owner)
    assert named.CreateFolderTagsOwner(login="me").to_dict() == {"login": "me"}
    assert type(parent).__module__.startswith("named_client.models.")


def test_no_alias_can_take_a_name_the_package_root_has_of_its_own(named) -> None:
    from generator.names_table import ROOT_NAMES

    aliases = {"CreateFolderParent", "CreateFolderSyncState", "CreateFolderTagsOwner"}
    assert set(named.__all__) - aliases - {"__version__", "raw_response"} <= ROOT_NAMES
    assert {"models", "resources"} <= ROOT_NAMES


def test_the_renamed_arguments_reach_the_wire(named) -> None:
    import httpx

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201 if request.method == "POST" else 200, json={})

    client = named.Client(
        token="t", base_url="https://api.example.com/2.0", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    client.folders.create_folder("Docs", named.CreateFolderParent(id="0"), fields=["id"])
    client.folders.get_folder_by_id("7", etag="abc")
    assert sent[0].url.params.get_list("fields") == ["id"] or sent[0].url.params["fields"] == "id"
    assert sent[0].read() and b'"name":"Docs"' in sent[0].read().replace(b" ", b"")
    assert sent[1].url.path == "/2.0/folders/7" and sent[1].headers["if-none-match"] == "abc"


def test_stale_and_unusable_entries_are_located_warnings_and_the_rest_applies(tmp_path: Path) -> None:
    table = TABLE.replace("operation: GET /folders/{folder_id}", "operation: GET /folders/{id}").replace(
        "CreateFolderSyncState: {operation: post_folders, wire: sync_state}",
        "Client: {operation: post_folders, wire: parent}\n  Gone: {operation: post_folders, wire: nothing}"
        "\n  Deep: {operation: post_folders, wire: tags, fields: [owner, nothing]}",
    ).replace("models:\n", "  delete_gone:\n    operation: DELETE /gone\n    method: delete_gone\nmodels:\n")
    out, stderr = _generate(tmp_path, table)
    assert "operations/get_folders_id: the operationId is now GET /folders/{folder_id}" in stderr
    assert "operations/delete_gone: the document has no operation of this operationId" in stderr
    assert "models/Client: not a class name the package root can export" in stderr
    assert "models/Gone: post_folders has no body property 'nothing'" in stderr
    assert "models/Deep: post_folders has no body property 'tags/owner/nothing'" in stderr
    resource = (out / "named_client" / "resources" / "folders.py").read_text()
    assert "def get_folders_id(" in resource  # the stale entry's names are not taken
    assert "def create_folder(" in resource  # the others are
    strict = run_generator(
        tmp_path / "api.yaml", "--output", tmp_path / "strict", "--package", "named_client",
        "--names", tmp_path / "names.yaml", "--strict",
    )
    assert strict.returncode == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("operations: [1, 2]\n", "names.yaml:/operations: error: must be a mapping"),
        ("operations:\n  x: {arguments: [{name: a, in: cookie, wire: a}]}\n", "/operations/x/arguments/0/in"),
        ("operations: {\n", "names.yaml:2:1: error: the names table is not YAML"),
    ],
)
def test_a_table_that_cannot_be_read_is_one_line_and_exit_2(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "api.yaml").write_text(SPEC)
    (tmp_path / "names.yaml").write_text(text)
    result = run_generator(
        tmp_path / "api.yaml", "--output", tmp_path / "out", "--package", "named_client",
        "--names", tmp_path / "names.yaml",
    )
    assert result.returncode == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "out").exists()


def test_hostile_names_never_become_code(tmp_path: Path) -> None:
    table = TABLE.replace("method: create_folder", "method: 'x(): pwned() #'").replace(
        "{name: name, in: body, wire: name}", "{name: 'name=1; pwned()', in: body, wire: name}"
    ).replace("group: folders\n    method: get_folder_by_id", "group: 'pwned.system'\n    method: get_folder_by_id")
    out, stderr = _generate(tmp_path, table)
    text = "".join(p.read_text() for p in (out / "named_client").rglob("*.py"))
    assert "pwned" not in text
    assert stderr.count("warning") >= 3


def test_the_tables_positional_count_decides_which_arguments_are_positional(tmp_path: Path, monkeypatch) -> None:
    """The other SDK may take an optional argument positionally, or a required one by keyword only."""
    # get_folder_by_id(folder_id, etag=None), create_folder(name, *, parent, ...)
    table = TABLE.replace("positional: 1", "positional: TWO").replace("positional: 2", "positional: 1")
    table = table.replace("positional: TWO", "positional: 2")
    out, stderr = _generate(tmp_path, table)
    assert "warning" not in stderr, stderr
    source = (out / "named_client" / "resources" / "folders.py").read_text()
    with _imported(out, monkeypatch) as named:
        folders = named.Client(token="t", base_url="https://api.example.com/2.0").folders
        get = inspect.signature(folders.get_folder_by_id).parameters
        assert get["etag"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD and get["etag"].default is None
        create = inspect.signature(folders.create_folder).parameters
        assert create["name"].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        assert create["parent"].kind is inspect.Parameter.KEYWORD_ONLY
        assert create["parent"].default is inspect.Parameter.empty  # still required
    assert "def get_folder_by_id(" in source


def test_an_optional_argument_taken_before_a_required_one_is_required(tmp_path: Path) -> None:
    """fields (optional) before name (required), both positional: Python has no such signature,
    and the other SDK's callers always pass fields, so it is required."""
    table = TABLE.replace(
        "      - {name: name, in: body, wire: name}\n      - {name: parent, in: body, wire: parent}\n"
        "      - {name: sync_state, in: body, wire: sync_state}\n      - {name: fields, in: query, wire: fields}\n"
        "    positional: 2",
        "      - {name: fields, in: query, wire: fields}\n      - {name: name, in: body, wire: name}\n"
        "      - {name: parent, in: body, wire: parent}\n    positional: 3",
    )
    out, stderr = _generate(tmp_path, table)
    assert "warning" not in stderr, stderr
    source = (out / "named_client" / "resources" / "folders.py").read_text()
    signature = source.split("def create_folder(", 1)[1].split(") ->", 1)[0]
    assert signature.split(",")[1].strip() == "fields: list[str]"  # after self: positional, required


def test_a_required_enum_of_one_value_defaults_to_it(inline_client) -> None:
    """A caller has no choice to make (box-sdk-gen defaults such `type` fields the same way);
    the value is still sent, as the schema requires."""
    import httpx

    package = inline_client(
        """
        openapi: 3.0.3
        info: {title: Agents, version: "1"}
        paths:
          /agents:
            post:
              operationId: create_agent
              tags: [agents]
              parameters:
                - {name: mode, in: query, required: true, schema: {type: string, enum: [fast]}}
              requestBody:
                required: true
                content:
                  application/json:
                    schema:
                      type: object
                      required: [type, name]
                      properties:
                        type: {type: string, enum: [ai_agent]}
                        name: {type: string}
              responses:
                "204": {description: made}
        """,
        package="only_client",
    )
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    client = package.Client(
        token="t", base_url="https://api.example.com", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    )
    parameters = inspect.signature(client.agents.create_agent).parameters
    assert parameters["type"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["type"].default == "ai_agent" and parameters["mode"].default == "fast"
    client.agents.create_agent("Helper")
    assert sent[0].url.params["mode"] == "fast"
    assert b'"type":"ai_agent"' in sent[0].read().replace(b" ", b"")
