"""Calling any operation of a generated client against Prism, with arguments from the spec.

Shared by the complete-Box test and the real-world corpus (tests/e2e/test_wild.py).
For one operation, ``PrismCaller.call`` builds the arguments from the document
(examples first, then values derived from the schemas, see box_samples.py),
calls the method, and checks that Prism found nothing wrong with the request
and that the response decoded into the method's declared type (all the way
down, and back into the body Prism sent, given a ``deep`` check such as
deep_decode.py's). It answers "passed", or the reason Prism itself could not
serve the operation (never a fault of the client); any other outcome fails.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable
from types import ModuleType, NoneType, UnionType
from typing import Any

import httpx

from box_samples import Sampler
from generator import ir

PASSED = "passed"
MULTIPART_REASON = (
    "Prism validates each multipart/form-data part as a string, so the JSON object part "
    "{part!r} (sent as application/json) can never match its object schema"
)
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class Recorder:
    """Every response the client received, for the violations Prism reports in its headers."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    def http_client(self) -> httpx.Client:
        return httpx.Client(event_hooks={"response": [self.responses.append]}, timeout=30)


def credentials(api: ir.Api) -> dict[str, str]:
    """A value for every credential keyword of the client, so each operation's security is met."""
    values = {"token": "developer-token"}
    for scheme in api.schemes:
        if scheme.kind == "basic":
            values.update(username="user", password="secret")
        elif scheme.kind == "api_key":
            values[str(scheme.argument)] = "sample-key"
    return values


def operation_count(sampler: Sampler) -> int:
    """The operations of the document as written: every method of every path item."""
    paths = sampler.document.get("paths") or {}
    return sum(
        1 for item in paths.values() for method in HTTP_METHODS if method in (sampler.resolve(item) or {})
    )


def spread(items: list[Any], count: int) -> list[Any]:
    """``count`` items evenly spaced over ``items`` (all of them if there are fewer): a stable sample."""
    if len(items) <= count:
        return list(items)
    return [items[i * len(items) // count] for i in range(count)]


class PrismCaller:
    def __init__(
        self,
        package: ModuleType,
        sampler: Sampler,
        recorder: Recorder,
        deep: Callable[[Any, Any, httpx.Response], tuple[list[str], list[str]]] | None = None,
    ) -> None:
        """``deep``: a further check of a decoded value (``DeepCheck.check`` of deep_decode.py),
        given the value, the method's return type and the response; it answers the faults it
        finds and the enum values the description does not declare."""
        self.package = package
        self.sampler = sampler
        self.recorder = recorder
        self.deep = deep

    def call(
        self, client: Any, group: ir.ResourceGroup, op: ir.Operation, positional: list[str] | None = None
    ) -> str:
        """Call ``op`` (``positional``: the names of the arguments to pass by position, in order,
        as another SDK's callers do; by default those the method takes positionally)."""
        method = getattr(getattr(client, group.attribute), op.name)
        hints = typing.get_type_hints(method)
        by_name = {a.name: a for a in op.arguments}
        placed = [by_name[name] for name in positional] if positional is not None else list(op.positional)
        args = [self.value(a, hints[a.name]) for a in placed]
        # A whole-body argument is passed even where the description forgot required: true,
        # and a flattened body's optional fields where the body's schema asks for them all
        # the same (through anyOf/oneOf).
        wanted = self.body_fields(op)
        kwargs = {
            a.name: self.value(a, hints[a.name])
            for a in op.arguments
            if a not in placed
            and (a.default == "required" or a.name == "body" or (a.location == "body" and a.wire in wanted))
        }
        self.recorder.responses.clear()
        try:
            result = method(*args, **kwargs)
        except self.package.ResponseValidationError:
            # Prism answers with the description's own examples. Where an example
            # contradicts its schema (Box's Collaboration.created_by is an array in the
            # example and an object in the schema), prove it, then ask Prism to answer
            # from the schema instead.
            self.assert_request_valid()
            self.assert_prism_example_violates_schema(self.recorder.responses[-1], op)
            self.recorder.responses.clear()
            try:
                result = method(*args, **kwargs, extra_headers={"Prefer": "dynamic=true"})
            except self.package.ResponseValidationError:
                siblings = self.fragment_siblings(op)
                if not siblings:
                    raise
                return (
                    f"Prism routes by method and path only, and answers {op.http_method} {op.path} as "
                    f"{siblings[0]}, one of {len(siblings)} operations sharing it through #fragments"
                )
        except self.package.ApiError as exc:
            reason = self.prism_multipart_limit(op)
            if reason:
                return f"Prism cannot serve {op.http_method} {op.path}: {reason}"
            self.assert_request_valid()
            reason = prism_cannot_serve(exc)
            if reason:
                return f"Prism cannot serve {op.http_method} {op.path}: {reason}"
            raise
        self.assert_request_valid()
        assert conforms(result, hints["return"]), f"{type(result).__name__} is not {hints['return']}"
        if self.deep is not None:
            faults, undeclared = self.deep(result, hints["return"], self.recorder.responses[-1])
            assert not faults, f"{len(faults)} faults:\n" + "\n".join(faults[:20])
            if undeclared:
                # Enums keep values they do not declare; Prism sends one only from an
                # example that contradicts its schema: prove it.
                self.assert_prism_example_violates_schema(self.recorder.responses[-1], op)
        return PASSED

    def value(self, argument: ir.Argument, hint: Any) -> Any:
        sample = self.sampler.sample(self.sampler.at(argument.schema_pointer))
        if argument.type.kind == "file":
            # Text the schema asks for (Xero's octet-stream bodies say format: byte) is sent as its bytes.
            return sample.encode() if isinstance(sample, str) else sample if isinstance(sample, bytes) else b"sample file content"
        return self.package._serde.decode(strip_optional(hint), sample)

    def body_fields(self, op: ir.Operation) -> set[str]:
        """The fields of a sample of the flattened request body."""
        if op.body is None or op.body.model is None:
            return set()
        content = f"{op.pointer}/requestBody/content/{_escape(op.body.content_type)}/schema"
        sample = self.sampler.sample(self.sampler.at(content))
        return set(sample) if isinstance(sample, dict) else set()

    def prism_multipart_limit(self, op: ir.Operation) -> str | None:
        """Prism's known limit: the only request violations are object parts it read as strings."""
        if op.body is None or op.body.encoding != "multipart" or not self.recorder.responses:
            return None
        object_parts = {a.wire for a in op.arguments if a.location == "body" and a.type.kind == "model"}
        violations = json.loads(self.recorder.responses[-1].headers.get("sl-violations", "[]"))
        requested = [v for v in violations if v["location"][0] == "request"]
        if requested and all(
            v["code"] == "type" and v["location"][:2] == ["request", "body"] and len(v["location"]) == 3
            and v["location"][2] in object_parts and v["message"].endswith("must be object")
            for v in requested
        ):
            return MULTIPART_REASON.format(part=requested[0]["location"][2])
        return None

    def fragment_siblings(self, op: ir.Operation) -> list[str]:
        """The other operations on the same method and path, told apart only by #fragment."""
        paths = self.sampler.document["paths"]
        method = op.http_method.lower()
        return [
            f"{method.upper()} {key}"
            for key in paths
            if key.split("#", 1)[0] == op.path
            and method in paths[key]
            and paths[key][method].get("operationId") != op.operation_id
        ]

    def assert_prism_example_violates_schema(self, response: httpx.Response, op: ir.Operation) -> None:
        from openapi_schema_validator import OAS30Validator, OAS31Validator

        responses = self.sampler.at(f"{op.pointer}/responses")
        status = str(response.status_code)
        key = next(k for k in (status, f"{status[0]}XX", "default") if k in responses)
        pointer = f"{op.pointer}/responses/{key}"
        declared = responses[key]
        while isinstance(declared, dict) and isinstance(declared.get("$ref"), str):
            pointer = declared["$ref"][1:]
            declared = self.sampler.at(pointer)
        media_type, media = next(iter((declared.get("content") or {}).items()))
        ref = media["schema"].get("$ref") if isinstance(media["schema"], dict) else None
        root = dict(self.sampler.document)
        root["$ref"] = ref if isinstance(ref, str) else f"#{pointer}/content/{_escape(media_type)}/schema"
        version = str(self.sampler.document.get("openapi", "3.0"))
        validator = OAS31Validator if version.startswith("3.1") else OAS30Validator
        errors = list(validator(root).iter_errors(response.json()))
        assert errors, "the client rejected a response that matches its schema"

    def assert_request_valid(self) -> None:
        for response in self.recorder.responses:
            violations = json.loads(response.headers.get("sl-violations", "[]"))
            request_violations = [v for v in violations if v["location"][0] == "request"]
            assert request_violations == [], request_violations


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def strip_optional(hint: Any) -> Any:
    if typing.get_origin(hint) in (typing.Union, UnionType):
        options = [a for a in typing.get_args(hint) if a is not NoneType and getattr(a, "__name__", "") != "Unset"]
        return options[0] if len(options) == 1 else typing.Union[tuple(options)]
    return hint


def conforms(value: Any, hint: Any) -> bool:
    """Whether a decoded value is of the declared type, through unions, lists and literals."""
    if hint is None or hint is NoneType:
        return value is None
    if hint is Any or hint is object:
        return True
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        return conforms(value, typing.get_args(hint)[0])
    if origin in (typing.Union, UnionType):
        return any(conforms(value, option) for option in typing.get_args(hint))
    if origin is list:
        return isinstance(value, list) and all(conforms(v, typing.get_args(hint)[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin is not None:
        return isinstance(value, origin)
    if hint is float:
        return isinstance(value, (int, float))
    return isinstance(value, hint)


def prism_cannot_serve(exc: Any) -> str | None:
    """Prism's own problem report, when the error is Prism's and not the request's."""
    body = exc.body if isinstance(exc.body, dict) else {}
    kind = str(body.get("type", ""))
    # Its 422 is its verdict on the request (the violations are in the body), not a limit of its own.
    if kind.startswith("https://stoplight.io/prism/errors#") and not kind.endswith("#UNPROCESSABLE_ENTITY"):
        return f"{kind.rsplit('#', 1)[1]}: {body.get('title') or body.get('detail')}"
    return None
