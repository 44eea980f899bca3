"""The validator's shortcuts (generator/verdicts.py) give the findings a full validation gives.

Each document is validated twice: as the pipeline does (meta-schema verdicts
reused for equal schemas, crawled resolvers), and with reuse turned off. The
findings must be the same list, in the same order, for documents of both
OpenAPI versions whose defects repeat in equal schemas at many places, for
the corpus specs, and for documents drawn by hypothesis from a small pool of
schemas (valid and not), so that equal schemas meet in every arrangement.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, corpus_specs
from generator import verdicts
from generator.pipeline import document
from generator.validate import check_schema
from generator.verdicts import IdList, Verdicts, content_key


def validated(path: Path, monkeypatch: pytest.MonkeyPatch, reuse: bool) -> list[Any]:
    if not reuse:
        monkeypatch.setattr(verdicts, "content_key", lambda value: None)
    try:
        return check_schema(document(path))
    finally:
        monkeypatch.undo()


def write(tmp_path: Path, doc: dict[str, Any], name: str = "doc.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


# Valid and invalid schemas, each used at several places.
POOL: list[Any] = [
    {"type": "string"},
    {"type": "integer", "minimum": "zero"},
    {"type": "object", "required": "name", "properties": {"name": {"type": "string"}}},
    {"type": "array", "items": {"type": "string", "enum": []}},
    {"type": "string", "default": 3},
    {"type": "object", "properties": {"a": {"type": "bogus"}}},
    {"allOf": [{"type": "string"}, {"type": "string", "maxLength": -1}]},
]


def spec(version: str, schemas: list[Any], parameters: list[Any]) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "T", "version": "1"},
        "paths": {
            f"/p{i}": {
                "get": {
                    "operationId": f"op{i}",
                    "parameters": [{"name": "q", "in": "query", "schema": schema}],
                    "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
                }
            }
            for i, schema in enumerate(parameters)
        },
        "components": {"schemas": {f"S{i}": schema for i, schema in enumerate(schemas)}},
    }


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_repeated_defects_are_reported_at_each_place_as_a_full_validation_reports_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str
) -> None:
    path = write(tmp_path, spec(version, POOL * 3, POOL * 2))
    seen: list[Verdicts] = []
    original = Verdicts.__init__

    def remember(self: Verdicts) -> None:
        original(self)
        seen.append(self)

    monkeypatch.setattr(Verdicts, "__init__", remember)
    fast = check_schema(document(path))
    monkeypatch.undo()
    assert seen and seen[0].reused > 0, "equal schemas were walked again"
    assert fast == validated(path, monkeypatch, reuse=False)
    # Every copy of a defective schema is reported where it is written.
    assert {f.where for f in fast} >= {f"/components/schemas/S{i}/minimum" for i in (1, 8, 15)}


@pytest.mark.slow  # seconds: every corpus spec validated twice
def test_the_corpus_gives_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = [*corpus_specs().values()]
    for folder in (ROOT / "tests" / "specs", ROOT / "tests" / "wild" / "specs"):
        corpus += sorted(p for p in folder.iterdir() if p.suffix in (".json", ".yaml"))
    assert len(corpus) > 10
    for path in corpus:
        assert validated(path, monkeypatch, reuse=True) == validated(path, monkeypatch, reuse=False), path.name


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    version=st.sampled_from(["3.0.3", "3.1.0"]),
    schemas=st.lists(st.sampled_from(POOL), max_size=6),
    parameters=st.lists(st.sampled_from(POOL), max_size=4),
)
def test_any_arrangement_of_equal_schemas_gives_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, version: str, schemas: list[Any], parameters: list[Any]
) -> None:
    path = write(tmp_path, spec(version, schemas, parameters))
    assert validated(path, monkeypatch, reuse=True) == validated(path, monkeypatch, reuse=False)


def test_content_keys_tell_types_and_order_apart_and_refuse_self_containing_values() -> None:
    assert content_key({"a": 1}) != content_key({"a": 1.0}) != content_key({"a": True})
    assert content_key({"a": 1, "b": 2}) != content_key({"b": 2, "a": 1})
    looped: dict[str, Any] = {}
    looped["self"] = looped
    assert content_key(looped) is None


def test_id_lists_answer_in_from_their_members() -> None:
    ids = IdList()
    ids.append(3)
    assert 3 in ids and 4 not in ids and list(ids) == [3]


@pytest.mark.parametrize("forked", [True, False], ids=["forked before the document is built", "in line"])
def test_findings_are_remembered_by_shape_and_replayed_whether_the_checks_fork_or_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forked: bool
) -> None:
    from generator import incremental, pipeline
    from generator.incremental.cache import Cache

    monkeypatch.setattr(pipeline, "forks", lambda: forked)
    doc = spec("3.0.3", POOL[:3], POOL[1:2])
    path = write(tmp_path, doc)
    options = pipeline.Options(package="api_client")
    plain = pipeline.generate(path, options, jobs=1).warnings
    assert plain
    cache = Cache(tmp_path / "cache")
    assert incremental.generate(path, options, cache, jobs=1).warnings == plain
    assert cache.added.get("valid") == 1
    doc["paths"]["/p0"]["get"]["responses"]["200"]["description"] = "edited"  # the same shape: replayed
    write(tmp_path, doc)
    expected = pipeline.generate(path, options, jobs=1).warnings  # the same defects, at new columns
    again = Cache(tmp_path / "cache")
    monkeypatch.setattr(pipeline, "validate_source", lambda source: pytest.fail("checked again"))
    monkeypatch.setattr(pipeline, "validate", lambda doc: pytest.fail("checked again"))
    assert incremental.generate(path, options, again, jobs=1).warnings == expected
    assert not again.added.get("valid")
