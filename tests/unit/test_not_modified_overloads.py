"""Which operations get overloads for a 304: only where an optional conditional header
(If-None-Match, If-Modified-Since) is what asks for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.load import load
from generator.pipeline import Options, build_model


def conditional_of(tmp_path: Path, headers: list[tuple[str, bool]], statuses: tuple[str, ...] = ("200", "304")) -> tuple[str, ...]:
    ok = {"description": "ok", "content": {"application/json": {"schema": {"type": "object"}}}}
    operation = {
        "operationId": "getThing",
        "parameters": [{"name": n, "in": "header", "required": r, "schema": {"type": "string"}} for n, r in headers],
        "responses": {s: ok if s == "200" else {"description": s} for s in statuses},
    }
    document: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/t": {"get": operation}}}
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(document))
    (group,) = build_model(load(path), Options(package="api_client"))[0].groups
    return tuple(group.operations[0].conditional)


@pytest.mark.parametrize(
    "headers, statuses, expected",
    [
        ([("If-None-Match", False)], ("200", "304"), ("if_none_match",)),
        ([("if-modified-since", False), ("If-None-Match", False)], ("200", "304"), ("if_modified_since", "if_none_match")),
        ([("If-None-Match", False), ("X-Trace", False)], ("200", "304"), ("if_none_match",)),
        # No overloads: every call may get None, or none may.
        ([], ("200", "304"), ()),  # a 304 no header asks for (Box's file copy)
        ([("If-None-Match", True)], ("200", "304"), ()),  # the header is always sent
        ([("If-None-Match", False)], ("200",), ()),  # no 304 declared
        ([("If-Match", False)], ("200", "304"), ()),  # asks for a 412, not a 304
        ([("If-None-Match", False)], ("204", "304"), ()),  # no body: None either way
    ],
)
def test_overloaded_only_where_a_conditional_header_asks_for_the_304(
    tmp_path: Path, headers: list[tuple[str, bool]], statuses: tuple[str, ...], expected: tuple[str, ...]
) -> None:
    assert conditional_of(tmp_path, headers, statuses) == expected
