"""What a caller's type checker and a real server see of two method shapes: a 304 that
only a conditional header can bring (overloads: ``T`` without ``if_none_match``, ``T |
None`` with it), and page objects (``Page[Item, Body]``, ``AsyncPage``).

The package is generated once from the document below (Box's ``GET /files/{file_id}``
shape, with a cursor-paged list), then called over HTTP (tests/fault_server.py) and
checked by ``mypy --strict`` with ``assert_type``.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from conftest import run_generator
from fault_server import FaultServer, Respond
from mypy_run import mypy

SPEC = """\
openapi: 3.0.3
info: {title: Conditional, version: "1"}
servers: [{url: "http://127.0.0.1:4010"}]
paths:
  /files/{file_id}:
    get:
      operationId: get_files_id
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
        - {name: fields, in: query, schema: {type: array, items: {type: string}}, explode: false}
        - {name: if-none-match, in: header, schema: {type: string}}
      responses:
        "200": {description: The file., content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
        "304": {description: Not modified since the etag given.}
  /files/{file_id}/copy:
    post:
      operationId: post_files_id_copy
      parameters:
        - {name: file_id, in: path, required: true, schema: {type: string}}
      responses:
        "201": {description: The copy., content: {application/json: {schema: {$ref: "#/components/schemas/File"}}}}
        "304": {description: Copied onto itself.}
  /files:
    get:
      operationId: list_files
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200": {description: A page., content: {application/json: {schema: {$ref: "#/components/schemas/Files"}}}}
components:
  schemas:
    File: {type: object, required: [id], properties: {id: {type: string}, etag: {type: string}}}
    Files:
      type: object
      properties:
        entries: {type: array, items: {$ref: "#/components/schemas/File"}}
        next_cursor: {type: string}
"""

# typing_extensions: typing.assert_type is 3.11+ (the file is only type-checked, never run)
CHECKS = """\
from typing_extensions import assert_type

from conditional_client import AsyncClient, AsyncPage, Client, Page
from conditional_client.models import File, Files


def sync(client: Client, etag: str | None) -> None:
    assert_type(client.default.get_files_id("1"), File)
    assert_type(client.default.get_files_id("1", fields=["id"]), File)
    assert_type(client.default.get_files_id("1", if_none_match="1"), File | None)
    assert_type(client.default.get_files_id("1", if_none_match=etag), File | None)
    assert_type(client.default.post_files_id_copy("1"), File | None)  # no header asks for it
    first = client.default.list_files_pages()
    assert_type(first, Page[File, Files])
    assert_type(first.items, list[File])
    assert_type(first.body, Files)
    assert_type(first.get_next_page(), Page[File, Files])
    for page in first.iter_pages():
        assert_type(page, Page[File, Files])
    for entry in first:
        assert_type(entry, File)


async def asynchronous(client: AsyncClient) -> None:
    assert_type(await client.default.get_files_id("1"), File)
    assert_type(await client.default.get_files_id("1", if_none_match="1"), File | None)
    first = await client.default.list_files_pages()
    assert_type(first, AsyncPage[File, Files])
    assert_type(await first.get_next_page(), AsyncPage[File, Files])
    async for page in first.iter_pages():
        assert_type(page.items, list[File])
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, ModuleType]]:
    root = tmp_path_factory.mktemp("conditional")
    (root / "conditional.yaml").write_text(SPEC)
    out = root / "out"
    result = run_generator(root / "conditional.yaml", "--output", out, "--package", "conditional_client", "--strict")
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        yield out, importlib.import_module("conditional_client")
    finally:
        sys.path.remove(str(out))


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_304_is_none_when_if_none_match_is_passed(
    generated: tuple[Path, ModuleType], server: FaultServer, mode: str
) -> None:
    package = generated[1]
    server.script(Respond(200, {"id": "1", "etag": "7"}), Respond(304, b"", {"ETag": '"7"'}))

    async def calls() -> tuple[object, object]:
        async with package.AsyncClient(base_url=server.url, token="t", max_retries=0) as client:
            return await client.default.get_files_id("1"), await client.default.get_files_id("1", if_none_match="7")

    if mode == "sync":
        with package.Client(base_url=server.url, token="t", max_retries=0) as client:
            fresh, unchanged = client.default.get_files_id("1"), client.default.get_files_id("1", if_none_match="7")
    else:
        fresh, unchanged = asyncio.run(calls())
    assert fresh == package.models.File(id="1", etag="7")
    assert unchanged is None
    assert "if-none-match" not in server.requests[0].headers
    assert server.requests[1].headers["if-none-match"] == "7"


def test_overloads_and_pages_as_a_type_checker_sees_them(generated: tuple[Path, ModuleType]) -> None:
    out = generated[0]
    (out / "check_conditional.py").write_text(textwrap.dedent(CHECKS))
    result = mypy(Path("conditional_client"), Path("check_conditional.py"), cwd=out)
    assert result.returncode == 0, result.stdout + result.stderr
    resource = (out / "conditional_client" / "resources" / "default.py").read_text()
    assert resource.count("@_overload") == 4, "sync and async get_files_id; the copy has none"
