"""The API changelog on real descriptions: Box's, before and after an edit of each kind (made
here), and two published versions of one of Adyen's APIs (tests/wild/specs/, see its README).

Records are made from the model (parsed, named, no rendering): the whole Box
description still takes about a second a parse, so those cases are slow.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pytest

from conftest import ROOT
from generator import changelog, pipeline, release, surface

WILD = ROOT / "tests" / "wild" / "specs"


def record_of(
    path: Path, data: Any = None, package: str = "api_client"
) -> dict[str, Any]:
    raw = None if data is None else json.dumps(data).encode()
    api, _, _ = pipeline.build_model(
        pipeline.document(path, raw), pipeline.Options(package=package, version="1.0.0")
    )
    return dict(json.loads(surface.text(surface.record(api, "0.1.0"))))


def lines(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [
        ("! " if c.breaking else "  ") + release.describe(c, str)
        for c in changelog.compare(old, new)
    ]


def test_two_published_versions_of_adyens_bin_lookup_api() -> None:
    """v52 → v54: CardBin gained issuerBin (received: nothing breaks), ThreeDS2CardRangeDetail's
    threeDS2Version became the list threeDS2Versions (a field removed breaks callers).
    """
    old = record_of(WILD / "adyen-binlookup-v52.json", package="bin_lookup")
    new = record_of(WILD / "adyen-binlookup-v54.json", package="bin_lookup")
    assert lines(old, new) == [
        "  info.version: API version changed: 52 → 54",
        "  CardBin.issuer_bin: new field (str)",
        "! ThreeDS2CardRangeDetail.three_ds2_version: field removed (str)",
        "  ThreeDS2CardRangeDetail.three_ds2_versions: new field (list[str])",
    ]
    assert (
        old["models"]["CardBin"]["used_in"]
        == old["models"]["ThreeDS2CardRangeDetail"]["used_in"]
        == "response"
    )
    report = release.report(old, {surface.PATH: surface.text(new)})
    assert report is not None
    assert (
        report.summary()
        == "API changes: 1 breaking, 2 added, 1 changed; suggested bump: major (1.0.0 → 2.0.0)"
    )
    assert lines(new, new) == []


# ------------------------------------------------------------------ Box, edited


def _thumbnail(doc: Any) -> Any:
    return doc["paths"]["/files/{file_id}/thumbnail.{extension}"]["get"]


def _parameter(operation: Any, name: str) -> Any:
    return next(p for p in operation["parameters"] if p["name"] == name)


def _add_operation(doc: Any) -> None:
    get = copy.deepcopy(doc["paths"]["/files/{file_id}/watermark"]["get"])
    get["operationId"] = "get_files_id_watermark_history"
    doc["paths"]["/files/{file_id}/watermark/history"] = {"get": get}


def _add_model(doc: Any) -> None:
    doc["components"]["schemas"]["Sticker"] = {
        "type": "object",
        "properties": {"label": {"type": "string"}},
    }


EDITS: dict[str, tuple[Callable[[Any], Any], list[str]]] = {
    "operation added": (
        _add_operation,
        [
            "  file_watermarks.get_files_id_watermark_history: new method (GET /files/{file_id}/watermark/history)"
        ],
    ),
    "operation removed": (
        lambda doc: doc["paths"]["/files/{file_id}/trash"].pop("delete"),
        [
            "! trashed_files.delete_files_id_trash: method removed (DELETE /files/{file_id}/trash)"
        ],
    ),
    "parameter became required": (
        lambda doc: _parameter(_thumbnail(doc), "max_height").update(required=True),
        ["! files.get_files_id_thumbnail_id(max_height): parameter became required"],
    ),
    "type narrowed": (
        lambda doc: _parameter(doc["paths"]["/files/{file_id}"]["get"], "x-rep-hints")[
            "schema"
        ].pop("nullable"),
        [
            "! files.get_files_id(x_rep_hints): parameter type narrowed: str | None → str"
        ],
    ),
    "type widened": (
        lambda doc: _parameter(_thumbnail(doc), "min_width")["schema"].update(
            type="number"
        ),
        [
            "  files.get_files_id_thumbnail_id(min_width): parameter type widened: int → float"
        ],
    ),
    "received type widened": (
        lambda doc: doc["components"]["schemas"]["Watermark"]["properties"][
            "watermark"
        ].update(nullable=True),
        [
            "! Watermark.watermark: field type widened: WatermarkWatermark → WatermarkWatermark | None"
        ],
    ),
    "enum value removed": (
        lambda doc: _parameter(_thumbnail(doc), "extension")["schema"].update(
            enum=["png"]
        ),
        ['! GetFilesIdThumbnailIdExtension.JPG: enum value removed ("jpg")'],
    ),
    "model added": (_add_model, ["  Sticker: new model"]),
}


@pytest.fixture(scope="module")
def box(box_openapi_path: Path) -> tuple[Path, Any, dict[str, Any]]:
    """The Box description's path, its data, and its record."""
    data = json.loads(box_openapi_path.read_text(encoding="utf-8"))
    return box_openapi_path, data, record_of(box_openapi_path, data, "box_full")


@pytest.mark.slow
@pytest.mark.parametrize("edit", list(EDITS))
def test_box_before_and_after_an_edit(
    box: tuple[Path, Any, dict[str, Any]], edit: str
) -> None:
    path, data, before = box
    change, expected = EDITS[edit]
    edited = copy.deepcopy(data)
    change(edited)
    after = record_of(path, edited, "box_full")
    assert lines(before, after) == expected
    if edit == "model added":  # and the way back
        assert lines(after, before) == ["! Sticker: model removed"]


@pytest.mark.slow
def test_box_record_is_unchanged_by_a_prose_edit(
    box: tuple[Path, Any, dict[str, Any]],
) -> None:
    path, data, before = box
    edited = copy.deepcopy(data)
    _thumbnail(edited)["description"] = "Thumbnails, retold."
    edited["info"]["description"] = "Another introduction."
    assert record_of(path, edited, "box_full") == before
