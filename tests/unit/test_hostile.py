"""Hostile names and broken servers: nothing written outside --output, nothing lost."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import run_generator
from fault_server import FaultServer, Respond
from generator.write import exchange

HOSTILE_NAMES = ["../../evil", "/etc/passwd", "C:\\\\Windows\\\\system32", "CON", "nul", "Pets", "pets", "..", "."]


def hostile_spec() -> dict[str, Any]:
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CON"}}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "../../../evil", "version": "1"},
        "paths": {
            f"/p{i}": {"get": {"operationId": f"../op{i}", "tags": [name], "responses": ok}}
            for i, name in enumerate(HOSTILE_NAMES)
        },
        "components": {
            "schemas": {
                name: {"type": "object", "properties": {"x": {"type": "string"}}}
                for name in [*HOSTILE_NAMES, "CON"]
            }
        },
    }


def test_names_from_the_spec_cannot_leave_the_output_directory(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(yaml.safe_dump(hostile_spec()))
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    out = sandbox / "out"
    result = run_generator(spec, "--output", out)
    assert result.returncode == 0, result.stderr
    # Everything written is below out/, in plain lower-case Python module names.
    assert sorted(p.name for p in sandbox.iterdir()) == ["out"]
    written = [p for p in out.rglob("*") if p.is_file()]
    assert written and all(p.resolve().is_relative_to(out.resolve()) for p in written)
    modules = [p.stem for p in written if p.suffix == ".py" and p.name != "__init__.py"]
    assert all(stem.isidentifier() and stem.isascii() for stem in modules)
    assert not {"con", "nul"} & {stem.lower() for stem in modules}, "names Windows refuses"
    lowered = [str(p.relative_to(out)).lower() for p in written]
    assert len(lowered) == len(set(lowered)), "paths differing only in case"
    assert not (tmp_path / "evil").exists() and not Path("/evil").exists()


def test_links_in_the_output_are_not_followed_out(tmp_path: Path) -> None:
    spec = tmp_path / "hostile.yaml"
    spec.write_text(yaml.safe_dump(hostile_spec()))
    out = tmp_path / "out"
    assert run_generator(spec, "--output", out).returncode == 0
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    # A link where a generated file will be written, and a linked directory.
    models = next(out.glob("*/models"))
    target = sorted(models.glob("*.py"))[1]
    target.unlink()
    target.symlink_to(outside)
    (models / "linked_dir").symlink_to(tmp_path, target_is_directory=True)
    assert run_generator(spec, "--output", out).returncode == 0
    assert outside.read_text() == "precious"
    assert not target.is_symlink() and target.read_text().startswith("# Generated")
    assert not (models / "linked_dir").exists()


def test_output_is_swapped_in_atomically(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "which").write_text("old")
    (new / "which").write_text("new")
    if not exchange(new, old):
        pytest.skip("this system has no atomic directory exchange (renameat2)")
    assert (old / "which").read_text() == "new" and (new / "which").read_text() == "old"


def test_failed_generation_leaves_no_staging_directory(tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/x: {get: {}}}\n")
    out = tmp_path / "out"
    assert run_generator(spec, "--output", out, "--strict").returncode == 2  # lenient, it would generate
    assert sorted(os.listdir(tmp_path)) == ["broken.yaml"]


# ------------------------------------------------- bad responses at run time


@pytest.fixture
def client(server: FaultServer, generated_on_path: Path) -> Iterator[Any]:
    from box_client import Client

    with Client(token="t", base_url=server.url, max_retries=0) as c:
        yield c


def terminate(client: Any) -> Any:
    return client.session_termination.terminate_groups_sessions(["1"])


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "response body is not valid JSON"),
        ({"message": 42}, r"expected string, got integer at \['message'\]"),
        ([{"message": "a list"}], "expected an object for SessionTerminationMessage, got array"),
    ],
)
def test_invalid_responses_raise_a_typed_error_with_the_raw_body(
    server: FaultServer, generated_on_path: Path, body: Any, message: str
) -> None:
    from box_client import Client, ResponseValidationError, SdkError

    server.script(Respond(202, body, {"Content-Type": "application/json"}))
    with Client(token="t", base_url=server.url, max_retries=0, strict_responses=True) as client:
        with pytest.raises(ResponseValidationError, match=message) as caught:
            terminate(client)
    assert isinstance(caught.value, SdkError)
    assert caught.value.status_code == 202 and caught.value.raw_body
    assert caught.value.raw_body == (body if isinstance(body, bytes) else json.dumps(body).encode())


def test_missing_required_field_raises(server: FaultServer, generated_on_path: Path) -> None:
    from box_client import ResponseValidationError
    from box_client._request import RequestOptions
    from box_client.models import TerminateGroupsSessionsRequestBody

    server.script(Respond(200, {"other": 1}))
    from box_client import Client

    with Client(token="t", base_url=server.url, max_retries=0, strict_responses=True) as client:
        options = RequestOptions(method="GET", path="/x", cast_to=TerminateGroupsSessionsRequestBody)
        with pytest.raises(ResponseValidationError, match="required field 'group_ids'") as caught:
            client.request(options)
    assert caught.value.raw_body == b'{"other": 1}'


def test_a_body_that_is_not_json_raises_even_when_lenient(server: FaultServer, client: Any) -> None:
    from box_client import ResponseValidationError

    server.script(Respond(202, b"{not json", {"Content-Type": "application/json"}))
    with pytest.raises(ResponseValidationError, match="not valid JSON"):
        terminate(client)


def test_unknown_enum_values_and_extra_fields_are_kept(server: FaultServer, client: Any) -> None:
    from box_client import BadRequestError
    from box_client.models import ClientErrorCode

    server.script(Respond(400, {"type": "error", "code": "brand_new_code", "message": "m", "new_field": [1]}))
    with pytest.raises(BadRequestError) as caught:
        terminate(client)
    error = caught.value.error
    assert isinstance(error.code, ClientErrorCode) and error.code.value == "brand_new_code"
    assert error.extra_fields == {"new_field": [1]}
    assert caught.value.code == "brand_new_code"

    server.script(Respond(202, {"message": "ok", "job_id": "j1"}))
    assert terminate(client).extra_fields == {"job_id": "j1"}
