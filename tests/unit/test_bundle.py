"""Descriptions split over several files (generator.bundle)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import ROOT, files_below, run_generator
from generator.bundle import bundle
from generator.errors import SpecError
from generator.load import load
from generator.validate import check_refs, validate

MULTIFILE = ROOT / "tests" / "corpus" / "multifile"


def test_references_to_other_files_become_local_ones() -> None:
    doc = bundle(load(MULTIFILE / "openapi.yaml"))
    schemas = doc.data["components"]["schemas"]
    # A root component that only refers elsewhere is that schema; the others are named
    # after their pointer's last part or their file, in order of first reference.
    assert list(schemas) == ["Owner", "pet", "Kind", "NewPet", "error"]
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/pet"}
    assert schemas["pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}, "a cycle across files"
    assert schemas["NewPet"]["properties"]["kind"] == {"$ref": "#/components/schemas/Kind"}, "a local ref elsewhere"
    # Other objects are copied in where they are referenced.
    listing = doc.data["paths"]["/pets"]["get"]
    assert listing["parameters"][0]["name"] == "limit"
    not_found = doc.data["paths"]["/owners/{owner_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/error"}
    unexpected = doc.data["paths"]["/pets/{pet_id}"]["get"]["responses"]["default"]
    assert unexpected["description"] == "Any other failure."
    assert unexpected["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/error"}
    # An extension is data: its $ref is carried as written, relative to its own file.
    assert listing["x-codeSamples"] == [{"$ref": "../samples/list-pets.yaml"}]
    assert "$ref" not in str(doc.data).replace("'$ref': '#/", "").replace("'$ref': '../samples/list-pets.yaml'", "")
    assert dict(doc.sources).keys() == {
        "paths/pets.yaml", "schemas/pet.yaml", "schemas/owner.json", "schemas/catalog.yaml",
        "common/parameters.yaml", "common/responses/errors.yaml", "schemas/error.yaml",
    }


def test_a_document_without_references_to_other_files_is_left_as_it_is() -> None:
    doc = load(ROOT / "tests" / "specs" / "box_sessions.yaml")
    assert bundle(doc) is doc


def _write(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path / "openapi.yaml"


def _refs(node: object, path: str = "") -> list[tuple[str, str]]:
    """(place, value) of every $ref key in ``node``, whatever it means."""
    if isinstance(node, dict):
        found = [(path, node["$ref"])] if isinstance(node.get("$ref"), str) else []
        return found + [r for k, v in node.items() for r in _refs(v, f"{path}/{k}")]
    if isinstance(node, list):
        return [r for i, v in enumerate(node) for r in _refs(v, f"{path}/{i}")]
    return []


_ANY_KEY = {
    "openapi.yaml": """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a: {$ref: 'paths/a.yaml#/A'}
components:
  responses:
    default: {$ref: 'common/responses.yaml#/Problem'}
""",
    "paths/a.yaml": """\
A:
  parameters:
    - $ref: ../common/params.yaml#/Id
  post:
    operationId: postA
    requestBody: {$ref: ../common/bodies.yaml#/Thing}
    callbacks:
      done: {$ref: ../common/callbacks.yaml#/Done}
    responses:
      '200':
        description: ok
        headers:
          x-rate-limit: {$ref: ../common/headers.yaml#/RateLimit}
        links:
          self: {$ref: ../common/links.yaml#/Self}
        content:
          application/json:
            schema: {$ref: ../schemas/thing.yaml}
            examples:
              one: {$ref: ../common/examples.yaml#/One}
      default: {$ref: ../common/responses.yaml#/Problem}
""",
    "common/params.yaml": "Id: {name: id, in: query, schema: {$ref: ../schemas/id.yaml}}\n",
    "common/bodies.yaml": "Thing: {content: {application/json: {schema: {$ref: ../schemas/thing.yaml}}}}\n",
    "common/callbacks.yaml": (
        "Done: {'{$request.body#/url}': {post: {responses: {default: {$ref: responses.yaml#/Problem}}}}}\n"
    ),
    "common/headers.yaml": "RateLimit: {schema: {$ref: ../schemas/id.yaml}}\n",
    "common/links.yaml": "Self: {operationId: postA, parameters: {id: $response.body#/id}}\n",
    "common/examples.yaml": "One: {value: {id: 1}}\n",
    "common/responses.yaml": (
        "Problem: {description: problem, content: {application/json: {schema: {$ref: ../schemas/problem.yaml}}}}\n"
    ),
    "schemas/thing.yaml": """\
type: object
properties:
  id: {$ref: id.yaml}
  tags: {type: array, items: {$ref: tag.yaml}}
  extra: {type: object, additionalProperties: {$ref: tag.yaml}}
  both: {allOf: [{$ref: tag.yaml}, {description: both}]}
  default: {$ref: tag.yaml}
  x-note: {$ref: '#/$defs/note'}
$defs:
  note: {not: {$ref: id.yaml}}
""",
    "schemas/id.yaml": "type: integer\n",
    "schemas/tag.yaml": "type: string\n",
    "schemas/problem.yaml": "type: object\nproperties: {title: {type: string}}\n",
}


def test_a_reference_under_any_key_is_resolved_against_the_file_that_holds_it(tmp_path: Path) -> None:
    doc = bundle(load(_write(tmp_path, _ANY_KEY)))
    assert [ref for _, ref in _refs(doc.data) if not ref.startswith("#/")] == []
    schemas = doc.data["components"]["schemas"]
    assert sorted(schemas) == ["id", "note", "problem", "tag", "thing"]
    problem = {"description": "problem",
               "content": {"application/json": {"schema": {"$ref": "#/components/schemas/problem"}}}}
    post = doc.data["paths"]["/a"]["post"]
    # "default" is a response under responses, a component's name under components.
    assert post["responses"]["default"] == problem
    assert doc.data["components"]["responses"]["default"] == problem
    assert post["callbacks"]["done"]["{$request.body#/url}"]["post"]["responses"]["default"] == problem
    assert doc.data["paths"]["/a"]["parameters"][0]["schema"] == {"$ref": "#/components/schemas/id"}
    assert post["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/thing"}
    ok = post["responses"]["200"]
    # A header named x-... is a header, not an extension.
    assert ok["headers"]["x-rate-limit"] == {"schema": {"$ref": "#/components/schemas/id"}}
    assert ok["links"]["self"] == {"operationId": "postA", "parameters": {"id": "$response.body#/id"}}
    assert ok["content"]["application/json"]["examples"]["one"] == {"value": {"id": 1}}
    tag = {"$ref": "#/components/schemas/tag"}
    properties = schemas["thing"]["properties"]
    assert properties["tags"]["items"] == tag and properties["extra"]["additionalProperties"] == tag
    assert properties["both"]["allOf"][0] == tag
    assert properties["default"] == tag, "a property named default is a schema"
    assert properties["x-note"] == {"$ref": "#/components/schemas/note"}, "a property named x-note is a schema"
    assert schemas["note"] == {"not": {"$ref": "#/components/schemas/id"}}
    validate(doc)


_EXTENSIONS = {
    "openapi.yaml": """\
openapi: 3.0.3
info: {title: t, version: '1', x-logo: {$ref: https://example.com/logo.yaml}}
x-codeSamples: [{$ref: ./samples/missing.md}]
paths:
  x-internal: {$ref: ../outside.yaml}
  /a: {$ref: 'paths/a.yaml#/A'}
components:
  x-extra: {$ref: '#/nowhere'}
""",
    "paths/a.yaml": """\
A:
  get:
    operationId: getA
    x-codeSamples:
      - {lang: sh, source: {$ref: ../samples/nowhere.sh}}
      - $ref: ./missing.yaml#/Sample
    responses:
      x-cache: {$ref: missing.yaml}
      '200':
        description: ok
        x-meta: {$ref: '#/nope'}
        content:
          application/json:
            schema: {type: object, x-kind: {$ref: https://example.com/kind.json}}
""",
}


def test_extensions_are_data_never_followed(tmp_path: Path) -> None:
    root = _write(tmp_path, _EXTENSIONS)
    doc = bundle(load(root))
    assert doc.data["x-codeSamples"] == [{"$ref": "./samples/missing.md"}]
    assert doc.data["info"]["x-logo"] == {"$ref": "https://example.com/logo.yaml"}
    assert doc.data["paths"]["x-internal"] == {"$ref": "../outside.yaml"}
    assert doc.data["components"]["x-extra"] == {"$ref": "#/nowhere"}
    get = doc.data["paths"]["/a"]["get"]
    assert get["x-codeSamples"][1] == {"$ref": "./missing.yaml#/Sample"}
    assert get["responses"]["x-cache"] == {"$ref": "missing.yaml"}
    assert get["responses"]["200"]["x-meta"] == {"$ref": "#/nope"}
    assert dict(doc.sources).keys() == {"paths/a.yaml"}
    check_refs(doc)
    done = run_generator(root, "-o", tmp_path / "out", "--strict", "--no-cache", "-q")
    assert done.returncode == 0, done.stderr


_LITERALS = {
    "openapi.yaml": """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a: {$ref: 'paths/a.yaml#/A'}
""",
    "paths/a.yaml": """\
A:
  get:
    operationId: getA
    parameters:
      - {name: q, in: query, schema: {type: object, additionalProperties: {type: string}},
         example: {$ref: missing.yaml}}
    responses:
      '200':
        description: ok
        links:
          again: {operationId: getA, parameters: {q: {$ref: '#/nope'}}, requestBody: {$ref: missing.yaml}}
        content:
          application/json:
            schema:
              type: object
              additionalProperties: {type: string}
              default: {$ref: missing.yaml}
              enum: [{$ref: missing.yaml}, {$ref: '#/nope'}]
              examples: [{$ref: missing.yaml}]
              properties:
                fixed: {const: {$ref: '#/nope'}}
            example: {$ref: ../outside.yaml}
            examples:
              one: {value: {$ref: missing.yaml}, summary: a literal $ref}
""",
}


def test_a_ref_key_inside_a_literal_value_is_data(tmp_path: Path) -> None:
    root = _write(tmp_path, _LITERALS)
    doc = bundle(load(root))
    source = load(tmp_path / "paths" / "a.yaml").data["A"]
    assert doc.data["paths"]["/a"] == source, "nothing in it is a reference to follow"
    check_refs(doc)
    done = run_generator(root, "-o", tmp_path / "out", "--no-cache", "-q")  # a dict const is warned about
    assert done.returncode == 0, done.stderr
    assert "$ref" not in done.stderr


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"openapi.yaml": "paths: {/a: {get: {responses: {default: {$ref: '#/components/responses/Nope'}}}}}\n"},
         "$ref '#/components/responses/Nope' points at nothing"),
        ({"openapi.yaml": "components: {headers: {x-rate-limit: {$ref: '#/nope'}}}\n"},
         "$ref '#/nope' points at nothing"),
    ],
)
def test_a_local_reference_under_any_key_is_checked(tmp_path: Path, files: dict[str, str], message: str) -> None:
    head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n"
    root = _write(tmp_path, {"openapi.yaml": head + files["openapi.yaml"]})
    findings = check_refs(load(root))
    assert [f.kind for f in findings] == ["dangling-ref"]
    assert message in findings[0].what


def _spec(tmp_path: Path, ref: str, extra: dict[str, str] | None = None, status: str = "200") -> Path:
    for name, text in (extra or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    root = tmp_path / "api" / "openapi.yaml" if "api/" in "".join(extra or {}) else tmp_path / "openapi.yaml"
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        f"        '{status}': {{$ref: '{ref}'}}\n"
    )
    return root


@pytest.mark.parametrize(
    ("ref", "extra", "message"),
    [
        ("https://example.com/r.yaml#/R", {}, "is a URL; nothing is fetched at generation time"),
        ("//example.com/r.yaml", {}, "is a URL"),
        ("../outside.yaml#/R", {"outside.yaml": "R: {description: x}\n", "api/x": ""},
         "leaves the directory of the root document"),
        ("missing.yaml#/R", {}, "$ref to missing.yaml: file not found"),
        ("r.yaml#/Nope", {"r.yaml": "R: {description: x}\n"}, "$ref r.yaml#/Nope points at nothing"),
        ("r.yaml#/R", {"r.yaml": "R: {$ref: 's.yaml#/S'}\n", "s.yaml": "S: {$ref: 'r.yaml#/R'}\n"},
         "$ref cycle across files that never reaches a definition"),
        ("r.yaml#R", {"r.yaml": "R: {description: x}\n"}, "fragment that is not a JSON pointer"),
    ],
)
@pytest.mark.parametrize("status", ["200", "default"])
def test_references_that_cannot_be_followed_are_one_line_errors(
    tmp_path: Path, ref: str, extra: dict[str, str], message: str, status: str
) -> None:
    root = _spec(tmp_path, ref, extra, status)
    with pytest.raises(SpecError) as caught:
        bundle(load(root))
    assert message in caught.value.one_line()
    assert "\n" not in caught.value.one_line()


@pytest.mark.parametrize(
    ("ref", "extra", "message"),
    [
        ("missing.yaml", {}, "$ref to missing.yaml: file not found"),
        ("https://example.com/r.yaml", {}, "is a URL"),
        ("../../outside.yaml", {"outside.yaml": "description: x\n"}, "leaves the directory of the root document"),
        # r.yaml#/R → a.yaml#/D → r.yaml#/R: the cycle closes in a.yaml
        ("r.yaml#/R", {"api/paths/r.yaml": "R: {$ref: 'a.yaml#/D'}\n"}, "$ref cycle across files"),
    ],
)
def test_a_bad_reference_under_default_in_another_file_is_one_line_naming_that_file(
    tmp_path: Path, ref: str, extra: dict[str, str], message: str
) -> None:
    api = tmp_path / "api"
    root = _write(api, {
        "openapi.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {/a: {$ref: 'paths/a.yaml#/R'}}\n",
        "paths/a.yaml": f"R: {{get: {{responses: {{default: {{$ref: '{ref}'}}}}}}}}\nD: {{$ref: '{ref}'}}\n",
    })
    _write(tmp_path, extra)
    done = run_generator(root, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.startswith(f"{api / 'paths' / 'a.yaml'}:") and message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_a_broken_file_elsewhere_is_reported_as_itself(tmp_path: Path) -> None:
    root = _spec(tmp_path, "r.yaml#/R", {"r.yaml": "R: {description: [unclosed\n"})
    done = run_generator(root, "-o", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.startswith(str(tmp_path / "r.yaml")) and "invalid YAML" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_edit_to_a_referenced_file_is_not_replayed_from_the_cache(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(MULTIFILE, spec_dir)
    out, cache = tmp_path / "out", tmp_path / "cache"

    def generate(target: Path, *extra: str) -> None:
        done = run_generator(spec_dir / "openapi.yaml", "-o", target, "-q", *extra)
        assert done.returncode == 0, done.stderr

    generate(out, "--cache-dir", str(cache))
    error = spec_dir / "schemas" / "error.yaml"
    error.write_text(error.read_text() + "  code: {type: integer}\n")
    generate(out, "--cache-dir", str(cache))
    assert "code: int | None" in (out / "openapi_client" / "models" / "error.py").read_text()
    generate(tmp_path / "plain", "--no-cache")
    assert files_below(out) == files_below(tmp_path / "plain")
