"""Lenient mode: a local defect is a located warning and degrades only the part it touches.

Each degradation is checked on a small inline document, in-process; a property
test replaces nodes of a valid document with values of the wrong type and
requires the pipeline to finish (or refuse with a ``SpecError``), never to
crash. The two real documents with defects are checked end to end (slow).
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, deep_run
from generator import incremental, ir, report
from generator.incremental.cache import Cache
from generator.errors import KINDS, Finding, SpecError
from generator.load import load
from generator.pipeline import Options, build_model, generate
from generator.render import render
from generator.validate import check_readable, findings

WILD = ROOT.parent / "shared" / "specs" / "wild"


def document(paths: dict[str, Any], schemas: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}, **extra},
    }


def lenient(tmp_path: Path, data: dict[str, Any]) -> tuple[ir.Api, list[Finding]]:
    """What the pipeline does with ``data``, in-process: its model and its warnings, in document order."""
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    doc = load(path)
    check_readable(doc)
    api, warnings, _ = build_model(doc, Options(package="api_client"))
    return api, report.ordered(doc, [*findings(doc), *warnings])


def ok(schema: Any = None) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok"}
    if schema is not None:
        response["content"] = {"application/json": {"schema": schema}}
    return {"200": response}


def operations(api: ir.Api) -> dict[str, ir.Operation]:
    return {op.operation_id or op.name: op for group in api.groups for op in group.operations}


def kinds(found: list[Finding]) -> list[tuple[str, str]]:
    return [(f.where, f.kind) for f in found]


# ------------------------------------------------------------ degradations


def test_a_dangling_schema_ref_is_any_and_the_rest_of_the_model_stays(tmp_path: Path) -> None:
    schemas = {"Pet": {"type": "object", "properties": {
        "name": {"type": "string"}, "owner": {"$ref": "#/components/schemas/Nobody"}}}}
    api, found = lenient(tmp_path, document({"/pets": {"get": {"operationId": "getPet", "responses": ok(
        {"$ref": "#/components/schemas/Pet"})}}}, schemas))
    (pet,) = api.models
    assert [(f.wire, f.type.kind) for f in pet.fields] == [("name", "str"), ("owner", "any")]
    assert ("/components/schemas/Pet/properties/owner/$ref", "dangling-ref") in kinds(found)


def test_a_dangling_parameter_or_response_ref_leaves_out_that_part_only(tmp_path: Path) -> None:
    op = {
        "operationId": "list",
        "parameters": [{"$ref": "#/components/parameters/Gone"}, {"name": "q", "in": "query", "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok"}, "404": {"$ref": "#/components/responses/Gone"}},
    }
    api, found = lenient(tmp_path, document({"/x": {"get": op}}))
    listed = operations(api)["list"]
    assert [a.wire for a in listed.arguments] == ["q"]
    assert [r.status for r in listed.responses] == ["200"]
    assert kinds(found)[:2] == [
        ("/paths/~1x/get/parameters/0/$ref", "dangling-ref"),
        ("/paths/~1x/get/responses/404/$ref", "dangling-ref"),
    ]


def test_a_dangling_path_item_ref_skips_that_path(tmp_path: Path) -> None:
    data = document({"/gone": {"$ref": "#/components/pathItems/Gone"},
                     "/x": {"get": {"operationId": "kept", "responses": ok()}}})
    api, found = lenient(tmp_path, data)
    assert list(operations(api)) == ["kept"]
    assert ("/paths/~1gone/$ref", "dangling-ref") in kinds(found)


def test_a_repeated_operation_id_generates_both_operations(tmp_path: Path) -> None:
    data = document({"/a": {"get": {"operationId": "same", "responses": ok()}},
                     "/b": {"get": {"operationId": "same", "responses": ok()}}})
    api, found = lenient(tmp_path, data)
    assert sorted(op.path for group in api.groups for op in group.operations) == ["/a", "/b"]
    assert kinds(found) == [("/paths/~1b/get/operationId", "duplicate-operation-id")]


def test_an_undeclared_path_parameter_is_warned_and_added(tmp_path: Path) -> None:
    api, found = lenient(tmp_path, document({"/x/{id}": {"get": {"operationId": "get", "responses": ok()}}}))
    assert [(a.wire, a.location, a.type.kind) for a in operations(api)["get"].arguments] == [("id", "path", "str")]
    assert kinds(found) == [("/paths/~1x~1{id}/get", "undeclared-path-parameter")]


@pytest.mark.parametrize("url", ["https://{region}.example.com/v1", "https://api.example.com/{version}"])
def test_a_server_url_with_an_undeclared_variable_is_warned_and_left_out(tmp_path: Path, url: str) -> None:
    """Issue 14: emitted literally, "{region}" was percent-encoded into every request's URL."""
    data = document({"/x": {"get": {"operationId": "get", "responses": ok()}}})
    data["servers"] = [{"url": url, "variables": {"other": {"default": "x"}}}]
    data["paths"]["/x"]["get"]["servers"] = [{"url": url}]
    api, found = lenient(tmp_path, data)
    assert api.base_url is None and operations(api)["get"].server is None
    assert sorted(kinds(found)) == [("/paths/~1x/get/servers/0/url", "malformed"), ("/servers/0/url", "malformed")]
    assert all("pass base_url" in f.what for f in found)


def test_a_server_url_with_declared_variables_takes_their_defaults(tmp_path: Path) -> None:
    data = document({"/x": {"get": {"operationId": "get", "responses": ok()}}})
    data["servers"] = [{"url": "https://{region}.example.com/{v}", "variables": {
        "region": {"default": "eu"}, "v": {"default": "v2"}}}]
    api, found = lenient(tmp_path, data)
    assert api.base_url == "https://eu.example.com/v2" and found == []


def test_a_path_parameter_the_path_does_not_have_is_left_out(tmp_path: Path) -> None:
    # Found by the never-crash property: a declared path parameter with no {name} in
    # the path (here an empty name) once ended the run with a traceback.
    params = [{"name": "", "in": "path", "required": True, "schema": {"type": "string"}},
              {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
              {"name": "other", "in": "path", "required": True, "schema": {"type": "string"}}]
    op = {"operationId": "get", "parameters": params, "responses": ok()}
    api, found = lenient(tmp_path, document({"/x/{id}": {"get": op}}))
    assert [a.wire for a in operations(api)["get"].arguments] == ["id"]
    assert ("/paths/~1x~1{id}/get/parameters/0", "malformed") in kinds(found)
    assert ("/paths/~1x~1{id}/get/parameters/2", "malformed") in kinds(found)


def test_a_parameter_of_the_wrong_type_is_skipped(tmp_path: Path) -> None:
    op = {"operationId": "get", "parameters": ["limit", {"name": "q", "in": "query"}, {"in": "query"}],
          "responses": ok()}
    api, found = lenient(tmp_path, document({"/x": {"get": op}}))
    assert [a.wire for a in operations(api)["get"].arguments] == ["q"]
    assert ("/paths/~1x/get/parameters/0", "malformed") in kinds(found)
    assert ("/paths/~1x/get/parameters/2", "malformed") in kinds(found)


def test_a_component_schema_that_is_not_an_object_is_any_where_used(tmp_path: Path) -> None:
    schemas = {"Broken": "just a string", "Fine": {"type": "object", "properties": {
        "b": {"$ref": "#/components/schemas/Broken"}}}}
    api, found = lenient(tmp_path, document({}, schemas))
    (fine,) = api.models
    assert fine.fields[0].type.kind == "any"
    assert ("/components/schemas/Broken", "malformed") in kinds(found)


def test_string_booleans_are_read_as_what_they_say(tmp_path: Path) -> None:
    op = {"operationId": "get", "parameters": [
        {"name": "a", "in": "query", "required": "false", "schema": {"type": "string"}},
        {"name": "b", "in": "query", "required": "true", "schema": {"type": "string", "nullable": "false"}},
    ], "responses": ok()}
    api, found = lenient(tmp_path, document({"/x": {"get": op}}))
    arguments = {a.wire: a for a in operations(api)["get"].arguments}
    assert (arguments["a"].required, arguments["b"].required, arguments["b"].nullable) == (False, True, False)
    assert {"/paths/~1x/get/parameters/0/required", "/paths/~1x/get/parameters/1/required"} <= {
        f.where for f in found if f.kind == "invalid-document"
    }


def test_what_the_validator_refuses_but_the_generator_can_read_is_only_a_warning(tmp_path: Path) -> None:
    op = {
        "operationId": "get",
        "title": "an operation has no title",
        "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "default": "ten"}}],
        "responses": ok({"type": "string", "const": "fixed"}),
    }
    api, found = lenient(tmp_path, document({"/x": {"get": op}}))
    assert operations(api)["get"].returns == ir.TypeRef("literal", value="fixed")
    assert [a.type.kind for a in operations(api)["get"].arguments] == ["int"]
    by_kind = {f.kind for f in found}
    assert by_kind == {"invalid-document", "bad-default"}, found
    assert "/paths/~1x/get/parameters/0/schema/default" in {f.where for f in found if f.kind == "bad-default"}


def test_validator_findings_name_the_absolute_pointer_where_the_defect_is_written(tmp_path: Path) -> None:
    # The schema is validated through the response's $ref, with paths relative to it.
    schemas = {"Thing": {"type": "object", "required": ["a", "a"], "properties": {"a": {"type": "string"}}}}
    _, found = lenient(tmp_path, document({"/x": {"get": {"responses": ok({"$ref": "#/components/schemas/Thing"})}}},
                                          schemas))
    assert [(f.where, f.kind) for f in found] == [("/components/schemas/Thing/required", "invalid-document")]
    assert "has non-unique elements" in found[0].what


def test_findings_are_deduplicated_and_in_document_order(tmp_path: Path) -> None:
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(document({"/b": {}, "/a": {}}), sort_keys=False))
    doc = load(path)
    late, early = Finding("/paths/~1a", "x", "malformed"), Finding("/paths/~1b", "y", "malformed")
    assert report.ordered(doc, [late, early, late, ("/paths/~1a", "x", "other-kind")]) == [early, late]
    assert report.lines(doc, [early]) == [f"{path}:6:7 (/paths/~1b): warning: y [malformed]"]


# -------------------------------------------------------- caches and output


@pytest.mark.slow  # five runs, two without a cache
def test_warnings_are_the_same_fresh_replayed_and_after_a_description_edit(tmp_path: Path) -> None:
    schemas = {"Thing": {"type": "object", "required": ["a", "a"], "description": "first",
                         "properties": {"a": {"$ref": "#/components/schemas/Gone"}}}}
    data = document({"/x": {"get": {"operationId": "get", "responses": ok({"$ref": "#/components/schemas/Thing"}),
                                    "parameters": [{"name": "c", "in": "cookie"}]}}}, schemas)
    spec = tmp_path / "api.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    options = Options(package="api_client")
    plain = generate(spec, options, jobs=1).warnings
    assert len(plain) == 4, plain
    cache = Cache(tmp_path / "cache")
    assert incremental.generate(spec, options, cache, jobs=1).warnings == plain  # fresh, recorded
    assert incremental.generate(spec, options, cache, jobs=1).warnings == plain  # the run replayed
    edited = copy.deepcopy(data)
    edited["components"]["schemas"]["Thing"]["description"] = "second"
    spec.write_text(yaml.safe_dump(edited, sort_keys=False))
    # Same shape: the plan and the validator's findings are replayed; the lines are the same.
    assert incremental.generate(spec, options, cache, jobs=1).warnings == plain
    assert generate(spec, options, jobs=1).warnings == plain


# ----------------------------------------------------- never a crash (property)


def _valid() -> dict[str, Any]:
    pet = {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
        "kind": {"type": "string", "enum": ["cat", "dog"]},
        "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": True},
        "extra": {"type": "object", "additionalProperties": {"type": "integer"}},
        "either": {"oneOf": [{"type": "string"}, {"$ref": "#/components/schemas/Owner"}],
                   "discriminator": {"propertyName": "kind", "mapping": {"o": "#/components/schemas/Owner"}}},
    }}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pets", "version": "1.0", "description": "d"},
        "servers": [{"url": "https://example.com/{v}", "variables": {"v": {"default": "v1"}}}],
        "security": [{"bearer": []}],
        "tags": [{"name": "pets", "description": "Pets."}],
        "paths": {
            "/pets/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": {
                    "operationId": "getPet", "tags": ["pets"], "summary": "s",
                    "parameters": [
                        {"name": "limit", "in": "query", "required": False, "schema": {"type": "integer"}},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                        {"name": "filter", "in": "query", "style": "deepObject", "explode": True,
                         "schema": {"type": "object", "properties": {"a": {"type": "string"}}}},
                    ],
                    "responses": {
                        "200": {"description": "ok",
                                "headers": {"X-Rate": {"schema": {"type": "integer"}, "required": True}},
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
                                "links": {"self": {"operationId": "getPet"}}},
                        "404": {"$ref": "#/components/responses/NotFound"},
                    },
                },
                "post": {
                    "operationId": "updatePet", "security": [{"bearer": []}],
                    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                        "type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}}},
                    "responses": {"204": {"description": "done"}, "default": {"description": "error"}},
                    "callbacks": {"cb": {}},
                    "servers": [{"url": "https://upload.example.com"}],
                },
            },
            "/pets": {"put": {"requestBody": {"$ref": "#/components/requestBodies/Pet"},
                              "responses": {"200": {"description": "ok", "content": {
                                  "text/plain": {"schema": {"type": "string"}}}}}}},
        },
        "components": {
            "schemas": {"Pet": pet, "Owner": {"type": "object", "properties": {"kind": {"type": "string"}}},
                        "Names": {"type": "array", "items": {"type": "string"}},
                        "Colour": {"type": "string", "enum": ["red", "blue"]}},
            "parameters": {"Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}},
            "responses": {"NotFound": {"description": "nf", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Owner"}}}}},
            "requestBodies": {"Pet": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Pet"}}}}},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                                "oauth": {"type": "oauth2", "flows": {"clientCredentials": {
                                    "tokenUrl": "https://example.com/token", "scopes": {}}}}},
        },
    }


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place below the root (dict values and list items), in document order."""
    found = [path] if path else []
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        found += _places(value, (*path, key))
    return found


_PLACES = _places(_valid())
_WRONG = st.one_of(
    st.text(max_size=5), st.integers(-2, 2), st.none(), st.booleans(), st.sampled_from(["true", "false", "#/x"]),
    st.lists(st.one_of(st.text(max_size=3), st.integers(0, 3), st.none()), max_size=2),
    st.dictionaries(st.sampled_from(["$ref", "type", "name", "in", "schema", "properties", "x"]),
                    st.one_of(st.text(max_size=3), st.integers(0, 2), st.none(), st.just("#/components")), max_size=2),
)


def _replaced(data: dict[str, Any], place: tuple[Any, ...], value: Any) -> None:
    node: Any = data
    for key in place[:-1]:
        node = node[key]
    node[place[-1]] = value


@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
    max_examples=400 if deep_run() else 25,
)
@given(changes=st.lists(st.tuples(st.sampled_from(_PLACES), _WRONG), min_size=1, max_size=3))
def test_a_readable_document_with_wrong_types_anywhere_never_crashes(
    tmp_path: Path, changes: list[tuple[tuple[Any, ...], Any]]
) -> None:
    data = _valid()
    for place, value in changes:
        try:
            _replaced(data, place, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced what held this place
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    try:
        doc = load(path)
        check_readable(doc)
    except SpecError:
        return  # unreadable (the openapi key itself replaced): refused, as it must be
    found = findings(doc)
    api, warnings, _ = build_model(doc, Options(package="api_client"))
    files = render(api, source="api.yaml")
    assert files and all(isinstance(text, str) for text in files.values())
    warned = report.ordered(doc, [*found, *warnings])
    assert {f.kind for f in warned} <= set(KINDS)
    report.lines(doc, warned)


def test_every_kind_of_warning_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    table = re.search(r"\| kind \| what it is \|\n\|---\|---\|\n((?:\|.*\n)+)", readme)
    assert table is not None
    assert re.findall(r"^\| `([a-z-]+)` \|", table[1], re.M) == list(KINDS)


# ----------------------------------------------------- the real documents (slow)


def _cli(*args: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=900)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # Found by openapi-spec-validator inside a schema it checks on its own: the pointer is still absolute.
        ("openai.yaml", r":32652:9 \(/components/schemas/ContainerResource/required\): warning: "
                        r"not valid OpenAPI 3\.1\.0: .* has non-unique elements \[invalid-document\]$"),
        ("xero-accounting.yaml", r":\d+:\d+ \(/components/schemas/Account/properties/HasAttachments/default\): "
                                 r"warning: not valid OpenAPI 3\.0\.0: 'false' is not of type 'boolean' \[bad-default\]$"),
    ],
)
def test_the_wild_documents_generate_with_warnings_and_strict_refuses_them(
    tmp_path: Path, name: str, expected: str
) -> None:
    spec = WILD / name
    if not spec.exists():
        pytest.skip(f"{spec} is not here")
    # The session's cache (conftest): what this run validates, test_wild's run of the same document reuses.
    done = _cli(spec, "--output", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    located = re.compile(rf"^{re.escape(str(spec))}:\d+:\d+ \(/[^)]*\): warning: .* \[[a-z-]+\]$")
    warned = [line for line in done.stderr.splitlines() if ": warning: " in line]
    assert warned and all(located.match(line) for line in warned), done.stderr
    assert re.search(rf"^{re.escape(str(spec))}: \d+ warning\(s\): \d+ [a-z-]+", done.stderr, re.M)

    strict = _cli(spec, "--output", tmp_path / "strict", "--strict")
    assert strict.returncode == 2
    (line,) = strict.stderr.strip().splitlines()
    listed = _cli(spec, "--output", tmp_path / "out", "--warnings")
    every = [x for x in listed.stderr.splitlines() if ": warning: " in x]
    assert len(every) >= len(warned) and set(warned) <= set(every)
    assert any(re.search(re.escape(str(spec)) + expected, x) for x in every), listed.stderr
    first = every[0]
    assert line.startswith(first.replace(": warning: ", ": error: ", 1)), (line, first)
    assert not (tmp_path / "strict").exists()
