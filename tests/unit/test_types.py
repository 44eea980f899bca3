"""Type expressions (generator.types): their text parses and means the spec's values,
each module imports what its expressions ask for, casts only where mypy needs one,
and no emitted file that does not parse is ever written."""

from __future__ import annotations

import ast
import importlib
import json
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import ir, types
from generator.load import load
from generator.naming import Identifier
from generator.pipeline import Options, build_model

from conftest import FEATURE_SPECS, run_generator
from mypy_run import mypy

HOSTILE = "it's \"quoted\" \\ back\\"
KEY = 'kind "of" it'


def ref(kind: str, name: str, target: str = "type") -> ir.TypeRef:
    return ir.TypeRef(kind, name=Identifier(name), module=Identifier(name.lower()), target=target)


def constants(text: str) -> list[Any]:
    return [node.value for node in ast.walk(ast.parse(text, mode="eval")) if isinstance(node, ast.Constant)]


# ------------------------------------------------------------- spelling


def test_a_literal_value_is_escaped_and_means_itself() -> None:
    text = types.annotation(ir.TypeRef("literal", value=HOSTILE))
    assert constants(text) == [HOSTILE]
    assert types.typing_import("Literal") in text.imports


def test_discriminator_mapping_keys_are_escaped_and_mean_themselves() -> None:
    cat, dog = ref("model", "Cat"), ref("model", "Dog")
    union = ir.TypeRef("union", options=(cat, dog), discriminator=KEY, mapping=((HOSTILE, cat), ("d'\"", dog)))
    text = types.annotation(union)
    (call,) = [n for n in ast.walk(ast.parse(text, mode="eval")) if isinstance(n, ast.Call)]
    assert ast.literal_eval(call.args[0]) == KEY
    assert ast.literal_eval(call.args[1]) == {HOSTILE: "Cat", "d'\"": "Dog"}
    assert {i.name for i in text.imports} == {"Cat", "Dog", "Annotated", "Discriminator"}
    # The cast of an Annotated union is a string (mypy reads Discriminator(...) only so): it must parse too.
    cast = types.cast_to(union, none=False)
    call = ast.parse(cast, mode="eval").body
    assert isinstance(call, ast.Call) and isinstance(call.args[0], ast.Constant)
    assert call.args[0].value == f"_Type[{text}]"


def test_imports_come_from_every_part_of_a_type() -> None:
    t = ir.TypeRef("dict", item=ir.TypeRef("list", item=ir.TypeRef("union", options=(
        ir.TypeRef("datetime"), ref("enum", "Colour"), ir.TypeRef("file"), ir.TypeRef("any")))))
    text = types.annotation(t)
    assert text == "dict[str, list[_dt.datetime | Colour | FileContent | Any]]"
    assert text.imports == {
        types.DATETIME,
        types.Import("models", "colour", "Colour"),
        types.Import("runtime", "_request", "FileContent"),
        types.typing_import("Any"),
    }
    declared = types.declared(ir.TypeRef("int"), nullable=True, default="unset")
    assert declared == "int | None | Unset" and declared.imports == {types.Import("runtime", "_serde", "Unset")}


@pytest.mark.parametrize(
    ("returns", "none", "expected"),
    [
        (ir.TypeRef("list", item=ref("model", "Pet")), False, "list[Pet]"),
        (ref("alias", "Pets", target="class"), False, "Pets"),  # petstore: an alias of a list
        (ref("enum", "Mood"), False, "Mood"),
        (ir.TypeRef("any"), False, "object"),
        (ref("alias", "Pets", target="class"), True, "_cast(_Type[Pets | None], Pets | None)"),
        (ref("alias", "Pet", target="type"), False, "_cast(_Type[Pet], Pet)"),  # an alias of a union
        (ir.TypeRef("union", options=(ir.TypeRef("int"), ir.TypeRef("str"))), False, "_cast(_Type[int | str], int | str)"),
        (ref("alias", "Mood", target="literal"), False, "_cast(Any, Mood)"),
        (ir.TypeRef("literal", value="a"), False, '_cast(Any, Literal["a"])'),
        (ir.TypeRef("union", options=(ir.TypeRef("literal", value=1), ref("model", "Cat"))), False,
         "_cast(Any, Literal[1] | Cat)"),
        (None, False, "NoneType"),
    ],
)
def test_a_cast_only_where_the_expression_is_no_type(returns: ir.TypeRef | None, none: bool, expected: str) -> None:
    assert types.cast_to(returns, none) == expected


def test_alias_references_know_their_target(tmp_path: Path) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {
            f"/{name.lower()}": {"get": {"operationId": f"get{name}", "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
            }}}}
            for name in ("Pets", "Names", "Pet", "Mood", "Moods", "Either")
        },
        "components": {"schemas": {
            "Cat": {"type": "object", "properties": {"meow": {"type": "boolean"}}},
            "Dog": {"type": "object", "properties": {"bark": {"type": "boolean"}}},
            "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Cat"}},
            "Names": {"$ref": "#/components/schemas/Pets"},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": "kind"}},
            "Mood": {"const": "happy"},
            "Moods": {"oneOf": [{"$ref": "#/components/schemas/Mood"}, {"type": "integer"}]},
            "Either": {"oneOf": [{"$ref": "#/components/schemas/Pets"}, {"type": "integer"}]},
        }},
    }
    path = tmp_path / "api.json"
    path.write_text(json.dumps(document))
    api = build_model(load(path), Options(package="api_client"))[0]
    returns = {op.returns.name: op.returns for g in api.groups for op in g.operations if op.returns}
    assert {name: t.target for name, t in returns.items()} == {
        "Pets": "class", "Names": "class", "Pet": "type", "Mood": "literal", "Moods": "literal", "Either": "type",
    }
    moods = next(a for a in api.aliases if a.name == "Moods")
    assert moods.type.options[0].target == "literal", "references inside aliases are told too"


# ----------------------------------------------- generated, imported, typed

# Responses whose types used to be pasted inside a quoted string, and aliases of classes.
SPECS: dict[str, dict[str, Any]] = {
    "literals": {
        "openapi": "3.1.0",
        "info": {"title": "Literals", "version": "1"},
        "paths": {
            "/const": {"get": {"operationId": "getConst", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"type": "string", "const": HOSTILE}}}}}}},
            "/one": {"get": {"operationId": "getOne", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"type": "string", "enum": [HOSTILE]}}}}}}},
            "/mood": {"get": {"operationId": "getMood", "responses": {
                "200": {"description": "ok", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Mood"}}}},
                "304": {"description": "not modified"}}}},
            "/mixed": {"get": {"operationId": "getMixed", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"oneOf": [{"const": "x'\""}, {"type": "integer"}]}}}}}}},
        },
        "components": {"schemas": {"Mood": {"const": HOSTILE}}},
    },
    "cast_unions": {
        "openapi": "3.0.3",
        "info": {"title": "Unions", "version": "1"},
        "paths": {
            "/animal": {"get": {"operationId": "getAnimal", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {
                    "oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": KEY, "mapping": {
                        HOSTILE: "#/components/schemas/Cat", "dog\\\"'": "#/components/schemas/Dog"}},
                }}}}}}},
            "/pet": {"get": {"operationId": "getPet", "responses": {"200": {"description": "ok", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}}}},
            "/pets": {"get": {"operationId": "listPets", "responses": {
                "200": {"description": "ok", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Pets"}}}},
                "304": {"description": "not modified"}}}},
        },
        "components": {"schemas": {
            "Cat": {"type": "object", "required": [KEY], "properties": {KEY: {"type": "string"}}},
            "Dog": {"type": "object", "required": [KEY], "properties": {KEY: {"type": "string"}}},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
                    "discriminator": {"propertyName": KEY, "mapping": {
                        HOSTILE: "#/components/schemas/Cat", "d": "#/components/schemas/Dog"}}},
            "Pets": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
        }},
    },
}


def _response(data: Any = None, status: int = 200) -> httpx.Response:
    request = httpx.Request("GET", "http://127.0.0.1/")
    return httpx.Response(status, request=request) if data is None else httpx.Response(status, json=data, request=request)


@pytest.mark.slow
def test_literal_and_union_responses_parse_import_decode_and_type_check(tmp_path: Path) -> None:
    outputs = {}
    specs = []
    for name, document in SPECS.items():
        spec = tmp_path / f"{name}.json"
        spec.write_text(json.dumps(document))
        specs.append((name, spec))
    # The classic petstore too: Pets, an alias of a list, is a type[T] as it is.
    specs.append(("classic", FEATURE_SPECS / "petstore_classic.yaml"))
    for name, spec in specs:
        out = tmp_path / name
        result = run_generator(spec, "--output", out, "--package", f"{name}_client", "--quiet")
        assert result.returncode == 0, result.stderr
        outputs[f"{name}_client"] = out
    for out in outputs.values():
        for path in sorted(out.rglob("*.py")):
            ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    assert "cast_to=Pets," in (tmp_path / "classic" / "classic_client" / "resources" / "pets.py").read_text()

    sys.path[:0] = [str(out) for out in outputs.values()]
    try:
        from literals_client._request import parse_response

        literals = importlib.import_module("literals_client.resources.default")
        options = literals._get_const_request()
        assert parse_response(_response(HOSTILE), options.cast_to, options.errors) == HOSTILE
        options = literals._get_mood_request()
        assert parse_response(_response(HOSTILE), options.cast_to, options.errors) == HOSTILE
        assert parse_response(_response(status=304), options.cast_to, options.errors) is None
        with pytest.raises(Exception, match="expected"):
            parse_response(_response("sad"), options.cast_to, options.errors)
        options = literals._get_mixed_request()
        assert parse_response(_response("x'\""), options.cast_to, options.errors) == "x'\""

        unions = importlib.import_module("cast_unions_client.resources.default")
        parse_response = importlib.import_module("cast_unions_client._request").parse_response
        options = unions._get_animal_request()
        dog = parse_response(_response({KEY: "dog\\\"'"}), options.cast_to, options.errors)
        assert type(dog).__name__ == "Dog"
        options = unions._list_pets_request()
        pets = parse_response(_response([{KEY: HOSTILE}, {KEY: "d"}]), options.cast_to, options.errors)
        assert [type(p).__name__ for p in pets] == ["Cat", "Dog"]
        importlib.import_module("classic_client.resources.pets")
    finally:
        for out in outputs.values():
            sys.path.remove(str(out))
        for module in [m for m in sys.modules if m.split(".")[0] in outputs]:
            del sys.modules[module]

    # One mypy run for them all (each run costs seconds of start-up).
    checked = mypy(*(out.relative_to(tmp_path) / package for package, out in outputs.items()), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# ------------------------------------------------------------- the gate


def test_an_emitted_file_that_does_not_parse_is_an_internal_error_naming_it(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    # Short lines: black never sees this file, only the parse check can.
    (templates / "settings.py.j2").write_text('{{ header }}\nVERSION = ({{ settings.version | pystr }}\n')
    out = tmp_path / "out"
    for _ in range(2):  # and the second time too: nothing of the first run was kept as good
        result = run_generator(FEATURE_SPECS / "petstore_classic.yaml", "--output", out, "--templates", templates)
        assert result.returncode == 3, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "_settings.py: emitted code does not parse" in lines[0], result.stderr
        assert not out.exists(), "nothing is written"
