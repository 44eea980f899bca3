"""Names that collide with the machinery: the package name, and document names equal to
runtime attributes, helper prefixes, typing names (issue 14, "Names cannot collide")."""

from __future__ import annotations

from collections.abc import Callable
import shutil
import textwrap
from pathlib import Path
from types import ModuleType

import httpx
import pytest

from conftest import SEED_SPEC, run_generator
from mypy_run import mypy
from generator.naming import package_problem


@pytest.mark.parametrize("package", ["httpx", "json", "typing", "os", "httpcore", "h11", "anyio", "typing_extensions"])
def test_package_names_that_shadow_stdlib_or_dependencies_are_refused(tmp_path: Path, package: str) -> None:
    result = run_generator(SEED_SPEC, "--output", tmp_path, "--package", package)
    assert result.returncode == 2
    assert f"--package {package!r} would shadow" in result.stderr
    assert "Traceback" not in result.stderr
    assert not any(tmp_path.iterdir())


def test_ordinary_package_names_are_not_shadowing() -> None:
    assert package_problem("box_client") is None
    assert package_problem("acme_sdk") is None
    assert package_problem("Acme-SDK") == "is not a valid Python package name"


MACHINERY = """
    openapi: 3.0.3
    info: {title: Machinery, version: '1'}
    paths:
      /s:
        get:
          tags: [stream]
          operationId: getS
          parameters:
            - {name: iter_marker, in: query, schema: {type: string}}
          responses:
            '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Annotated'}}}}
      /m:
        get:
          tags: [max_retries]
          operationId: getM
          responses:
            '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Tuple'}}}}
      /r:
        get:
          tags: [request_with_headers]
          operationId: getR
          responses:
            '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Discriminator'}}}}
    components:
      schemas:
        Annotated:
          type: object
          properties:
            tuple: {type: string}
            other: {$ref: '#/components/schemas/Tuple'}
        Tuple:
          type: object
          properties:
            a: {type: integer}
        Discriminator:
          type: object
          properties:
            b: {type: array, items: {$ref: '#/components/schemas/Tuple'}}
"""


def _answer(request: httpx.Request) -> httpx.Response:
    bodies = {"/s": {"tuple": "x", "other": {"a": 1}}, "/m": {"a": 2}, "/r": {"b": [{"a": 3}]}}
    return httpx.Response(200, json=bodies[request.url.path])


def test_tags_named_like_client_members_leave_both_reachable(inline_client: Callable[[str], ModuleType]) -> None:
    package = inline_client(MACHINERY, "machinery_client")
    seen: list[httpx.Request] = []
    transport = httpx.MockTransport(lambda request: seen.append(request) or _answer(request))
    client = package.Client(base_url="http://api.test", http_client=httpx.Client(transport=transport), max_retries=1)
    # The runtime's own members keep their meaning ...
    assert client.max_retries == 1
    assert callable(client.stream) and callable(client.request_with_headers)
    # ... and each resource is reached under a name of its own.
    assert client.stream_2.get_s(iter_marker="z").other.a == 1
    assert client.max_retries_2.get_m().a == 2
    assert client.request_with_headers_2.get_r().b[0].a == 3
    assert str(seen[0].url) == "http://api.test/s?iter_marker=z"


def test_client_reserved_names_come_from_the_runtime_classes() -> None:
    from generator.parse.context import CLIENT_RESERVED

    assert {"stream", "request_with_headers", "request_page", "max_retries", "retry_policy"} <= CLIENT_RESERVED


TYPING_NAMES = """
    openapi: 3.0.3
    info: {title: Typing names, version: '1'}
    paths:
      /u:
        get:
          operationId: getU
          responses:
            '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Holder'}}}}
    components:
      schemas:
        Annotated:
          type: object
          required: [kind]
          properties:
            kind: {type: string}
            tuple: {type: array, items: {type: integer}}
        Discriminator:
          type: object
          required: [kind]
          properties: {kind: {type: string}}
        Tuple:
          type: object
          required: [kind]
          properties: {kind: {type: string}}
        TypeAlias:
          type: object
          properties: {kind: {type: string}}
        Pet:
          oneOf:
            - $ref: '#/components/schemas/Annotated'
            - $ref: '#/components/schemas/Discriminator'
            - $ref: '#/components/schemas/Tuple'
          discriminator:
            propertyName: kind
            mapping:
              a: '#/components/schemas/Annotated'
              d: '#/components/schemas/Discriminator'
              t: '#/components/schemas/Tuple'
        Holder:
          type: object
          properties:
            pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
            alias: {$ref: '#/components/schemas/TypeAlias'}
"""


def test_schemas_named_like_typing_and_runtime_names_decode(inline_client: Callable[[str], ModuleType]) -> None:
    inline_client(TYPING_NAMES, "typing_names_client")
    from typing_names_client import models

    wire = {"pets": [{"kind": "a", "tuple": [1, 2]}, {"kind": "d"}, {"kind": "t"}], "alias": {"kind": "x"}}
    holder = models.Holder.from_dict(wire)
    assert [type(pet).__name__ for pet in holder.pets] == ["Annotated2", "Discriminator2", "Tuple"]
    assert holder.pets[0].tuple_ == [1, 2]
    assert holder.to_dict() == wire


RECURSIVE_ALIASES = """
    openapi: 3.0.3
    info: {title: Trees, version: '1'}
    paths:
      /t:
        get:
          operationId: getTree
          responses:
            '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Tree'}}}}
      /h:
        get:
          operationId: getHolder
          responses:
            '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Holder'}}}}
    components:
      schemas:
        Tree:
          type: array
          items: {$ref: '#/components/schemas/Tree'}
        Ping:
          type: array
          items: {$ref: '#/components/schemas/Pong'}
        Pong:
          type: array
          items: {$ref: '#/components/schemas/Ping'}
        Map:
          type: object
          additionalProperties: {$ref: '#/components/schemas/Map'}
        Either:
          oneOf:
            - {type: string}
            - {type: array, items: {$ref: '#/components/schemas/Either'}}
        Holder:
          type: object
          properties:
            ping: {$ref: '#/components/schemas/Ping'}
            map: {$ref: '#/components/schemas/Map'}
            either: {$ref: '#/components/schemas/Either'}
"""


def test_recursive_aliases_generate_import_and_decode(inline_client: Callable[[str], ModuleType]) -> None:
    package = inline_client(RECURSIVE_ALIASES, "trees_client")
    wire = {"ping": [[[]]], "map": {"x": {"y": {}}}, "either": ["s", ["t", []]]}

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=[[], [[]]] if request.url.path == "/t" else wire)

    client = package.Client(base_url="http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
    assert client.default.get_tree() == [[], [[]]]
    assert client.default.get_holder().to_dict() == wire


PAGED = """
    openapi: 3.0.3
    info: {title: Paged, version: '1'}
    paths:
      /items:
        get:
          tags: [items]
          operationId: marker
          parameters:
            - {name: marker, in: query, schema: {type: string}}
            - {name: usemarker, in: query, schema: {type: boolean}}
            - {name: iter_marker, in: query, schema: {type: string}}
            - {name: max_pages, in: query, schema: {type: integer}}
            - {name: walk, in: query, schema: {type: integer}}
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema:
                    type: object
                    properties:
                      entries: {type: array, items: {type: string}}
                      next_marker: {type: string}
"""


@pytest.mark.slow
def test_colliding_names_give_mypy_strict_clean_packages(tmp_path: Path) -> None:
    specs = {"machinery": MACHINERY, "typing_names": TYPING_NAMES, "trees": RECURSIVE_ALIASES, "paged": PAGED}
    packages = []
    for name, text in specs.items():
        path = tmp_path / f"{name}.yaml"
        path.write_text(textwrap.dedent(text))
        result = run_generator(path, "--output", tmp_path / name, "--package", f"{name}_client", "--strict")
        assert result.returncode == 0, result.stderr
        shutil.copytree(tmp_path / name / f"{name}_client", tmp_path / "all" / f"{name}_client")
        packages.append(Path(f"{name}_client"))
    checked = mypy(*packages, cwd=tmp_path / "all")
    assert checked.returncode == 0, checked.stdout


def test_parameters_named_like_helpers_reach_the_wire(inline_client: Callable[[str], ModuleType]) -> None:
    package = inline_client(PAGED, "paged_client")
    seen: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        last = request.url.params.get("marker") == "m2"
        return httpx.Response(200, json={"entries": ["b"] if last else ["a"], **({} if last else {"next_marker": "m2"})})

    client = package.Client(base_url="http://api.test", http_client=httpx.Client(transport=httpx.MockTransport(answer)))
    assert list(client.items.iter_marker(iter_marker="i", max_pages_2=3, walk_2=4)) == ["a", "b"]
    assert all("iter_marker=i" in url and "max_pages=3" in url and "walk=4" in url for url in seen)
