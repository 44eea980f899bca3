"""Every operation of the complete Box description, called through the generated
client against Prism serving that same description on 127.0.0.1.

For each operation the arguments come from the spec (examples first, then values
derived from the schemas); the test asserts that Prism found nothing wrong with
the request and that the response decoded into the method's declared type.
Skipped only where Prism itself cannot answer, with Prism's reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType, NoneType, UnionType
from typing import Any

import httpx
import pytest

from box_samples import Sampler
from conftest import BOX_OPENAPI_DEFAULT, BOX_OPENAPI_ENV, PrismServer
from generator import ir
from generator.load import load
from generator.naming import Identifier
from generator.parse import Parser

PACKAGE = "box_full"
SPEC = Path(os.environ.get(BOX_OPENAPI_ENV, BOX_OPENAPI_DEFAULT))


API = Parser(load(SPEC), package=Identifier(PACKAGE)).parse() if SPEC.is_file() else None
OPERATIONS = (
    [pytest.param(group, op, id=op.operation_id or op.name) for group in API.groups for op in group.operations]
    if API
    else [pytest.param(None, None, marks=pytest.mark.skip(reason=f"the Box OpenAPI document is not at {SPEC}"))]
)
OUTCOMES: dict[str, str] = {}  # operation → "passed" or the reason it was skipped
MULTIPART_REASON = (
    "Prism validates each multipart/form-data part as a string, so the JSON object part "
    "{part!r} (sent as application/json) can never match its object schema"
)


@pytest.fixture(scope="module")
def box_full(box_full_generated: tuple[Path, subprocess.CompletedProcess[str]]) -> Iterator[ModuleType]:
    out, result = box_full_generated
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        import box_full as package

        yield package
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def sampler(box_openapi_path: Path) -> Sampler:
    return Sampler(json.loads(box_openapi_path.read_text()))


class Recorder:
    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def client(
    box_full: ModuleType, box_openapi_path: Path, prism_for: Callable[[Path], PrismServer], recorder: Recorder
) -> Iterator[Any]:
    prism = prism_for(box_openapi_path)
    http = httpx.Client(event_hooks={"response": [recorder.responses.append]}, timeout=30)
    # Uploads, downloads and OAuth name servers of their own: send those to Prism too.
    servers = {url: prism.url for url in API.servers} if API else {}
    with box_full.Client(token="developer-token", base_url=prism.url, servers=servers, http_client=http) as c:
        yield c
    http.close()


def test_import_and_client_do_not_import_models(box_full: ModuleType) -> None:
    code = (
        f"import sys, {PACKAGE}; {PACKAGE}.Client(token='t'); "
        f"print(sum(1 for m in sys.modules if m.startswith('{PACKAGE}.models')))"
    )
    package_root = Path(box_full.__file__).parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=package_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


@pytest.mark.parametrize(("group", "op"), OPERATIONS)
def test_operation_against_prism(
    group: ir.ResourceGroup, op: ir.Operation, client: Any, box_full: ModuleType, sampler: Sampler, recorder: Recorder
) -> None:
    method = getattr(getattr(client, group.attribute), op.name)
    hints = typing.get_type_hints(method)
    args = [_value(a, hints[a.name], sampler, box_full) for a in op.positional]
    # A whole-body argument is passed even where the description forgot required: true.
    kwargs = {a.name: _value(a, hints[a.name], sampler, box_full) for a in op.keyword if a.name == "body"}
    key = op.operation_id or op.name
    recorder.responses.clear()
    try:
        result = method(*args, **kwargs)
    except box_full.ResponseValidationError:
        # Prism answers with the description's own examples. Where an example
        # contradicts its schema (Box's Collaboration.created_by is an array in the
        # example and an object in the schema), prove it, then ask Prism to answer
        # from the schema instead.
        _assert_request_valid(recorder)
        _assert_prism_example_violates_schema(recorder.responses[-1], op, sampler)
        recorder.responses.clear()
        try:
            result = method(*args, **kwargs, extra_headers={"Prefer": "dynamic=true"})
        except box_full.ResponseValidationError:
            siblings = _fragment_siblings(op, sampler)
            if not siblings:
                raise
            OUTCOMES[key] = (
                f"Prism routes by method and path only, and answers {op.http_method} {op.path} as "
                f"{siblings[0]}, one of {len(siblings)} operations sharing it through #fragments"
            )
            pytest.skip(OUTCOMES[key])
    except box_full.ApiError as exc:
        reason = _prism_cannot_serve(exc) or _prism_multipart_limit(recorder, op)
        if reason:
            OUTCOMES[key] = reason
            pytest.skip(f"Prism cannot serve {op.http_method} {op.path}: {reason}")
        _assert_request_valid(recorder)
        raise
    _assert_request_valid(recorder)
    assert _conforms(result, hints["return"]), f"{type(result).__name__} is not {hints['return']}"
    OUTCOMES[key] = "passed"


def test_at_most_five_percent_skipped() -> None:
    if not SPEC.is_file():
        pytest.skip(f"the Box OpenAPI document is not at {SPEC}")
    if len(OUTCOMES) < len(OPERATIONS):
        pytest.skip("only part of the operations ran (a -k selection, or failures): nothing to count")
    skipped = {name: why for name, why in OUTCOMES.items() if why != "passed"}
    assert len(OPERATIONS) == 296
    assert len(skipped) <= 0.05 * len(OPERATIONS), skipped


def _value(argument: ir.Argument, hint: Any, sampler: Sampler, package: ModuleType) -> Any:
    sample = sampler.sample(sampler.at(argument.schema_pointer))
    if argument.type.kind == "file":
        return sample if isinstance(sample, bytes) else b"sample file content"
    return package._serde.decode(_strip_optional(hint), sample)


def _strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, UnionType):
        options = [a for a in typing.get_args(hint) if a is not NoneType and getattr(a, "__name__", "") != "Unset"]
        return options[0] if len(options) == 1 else typing.Union[tuple(options)]
    return hint


def _conforms(value: Any, hint: Any) -> bool:
    if hint is None or hint is NoneType:
        return value is None
    if hint is Any or hint is object:
        return True
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return _conforms(value, typing.get_args(hint)[0])
    if origin in (typing.Union, UnionType):
        return any(_conforms(value, option) for option in typing.get_args(hint))
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, typing.get_args(hint)[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if hint is float:
        return isinstance(value, (int, float))
    return isinstance(value, hint)


def _prism_cannot_serve(exc: Any) -> str | None:
    """Prism's own problem report, when the error is Prism's and not the request's."""
    body = exc.body if isinstance(exc.body, dict) else {}
    kind = str(body.get("type", ""))
    if kind.startswith("https://stoplight.io/prism/errors#"):
        return f"{kind.rsplit('#', 1)[1]}: {body.get('title') or body.get('detail')}"
    return None


def _prism_multipart_limit(recorder: Recorder, op: ir.Operation) -> str | None:
    """Prism's known limit: the only request violations are object parts it read as strings."""
    if op.body is None or op.body.encoding != "multipart" or not recorder.responses:
        return None
    object_parts = {a.wire for a in op.arguments if a.location == "body" and a.type.kind == "model"}
    violations = json.loads(recorder.responses[-1].headers.get("sl-violations", "[]"))
    requested = [v for v in violations if v["location"][0] == "request"]
    if requested and all(
        v["code"] == "type" and v["location"][:2] == ["request", "body"] and len(v["location"]) == 3
        and v["location"][2] in object_parts and v["message"].endswith("must be object")
        for v in requested
    ):
        return MULTIPART_REASON.format(part=requested[0]["location"][2])
    return None


def _fragment_siblings(op: ir.Operation, sampler: Sampler) -> list[str]:
    """The other operations on the same method and path, told apart only by #fragment."""
    paths = sampler.document["paths"]
    method = op.http_method.lower()
    return [
        f"{method.upper()} {key}"
        for key in paths
        if key.split("#", 1)[0] == op.path and method in paths[key] and paths[key][method].get("operationId") != op.operation_id
    ]


def _assert_prism_example_violates_schema(response: httpx.Response, op: ir.Operation, sampler: Sampler) -> None:
    from openapi_schema_validator import OAS30Validator

    declared = sampler.at(f"{op.pointer}/responses/{response.status_code}")
    declared = sampler.resolve(declared)
    media = next(iter((declared.get("content") or {}).values()))
    root = dict(sampler.document)
    root["$ref"] = "#" + _schema_pointer(media["schema"], f"{op.pointer}/responses/{response.status_code}")
    errors = list(OAS30Validator(root).iter_errors(response.json()))
    assert errors, "the client rejected a response that matches its schema"


def _schema_pointer(schema: dict[str, Any], fallback: str) -> str:
    ref = schema.get("$ref")
    return ref[1:] if isinstance(ref, str) else fallback


def _assert_request_valid(recorder: Recorder) -> None:
    for response in recorder.responses:
        violations = json.loads(response.headers.get("sl-violations", "[]"))
        request_violations = [v for v in violations if v["location"][0] == "request"]
        assert request_violations == [], request_violations
