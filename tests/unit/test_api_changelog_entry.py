"""The API changelog's type comparison, the bump, the Markdown entry, and previous records
that cannot be compared."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any, Callable

import pytest

from api_records import BASE_RECORD, edited, record
from generator import changelog, release, surface

# ------------------------------------------------------------------ types


def _side(
    enums: dict[str, list[Any]] | None = None, aliases: dict[str, Any] | None = None
) -> Any:
    members = {
        name: {"members": {f"V{i}": v for i, v in enumerate(values)}}
        for name, values in (enums or {}).items()
    }
    return changelog._Side(
        {
            "enums": members,
            "aliases": {n: {"type": t} for n, t in (aliases or {}).items()},
        }
    )


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("str", "str", None),
        ({"literal": "x"}, "str", "widened"),
        ({"union": [{"literal": "x"}, {"literal": "y"}]}, {"literal": "x"}, "narrowed"),
        ("int", {"union": ["None", "int"]}, "widened"),
        ({"list": "int"}, {"list": "float"}, "widened"),
        ({"dict": {"union": ["int", "str"]}}, {"dict": "str"}, "narrowed"),
        ({"tuple": ["int", "str"]}, {"tuple": ["int"]}, "changed"),
        ({"model": "A"}, {"model": "B"}, "changed"),
        ({"model": "A"}, {"union": [{"model": "A"}, {"model": "B"}]}, "widened"),
        ("str", "any", "widened"),
        ({"enum": "Small"}, {"enum": "Big"}, "widened"),
        ({"enum": "Big"}, "str", "widened"),
        ({"alias": "Num"}, "float", None),  # the same values, spelled otherwise
        ({"alias": "Num"}, "int", "narrowed"),
        (
            {"alias": "Loop"},
            "int",
            "changed",
        ),  # an alias that reaches itself is not comparable
    ],
)
def test_types_compare_by_structure(old: Any, new: Any, expected: str | None) -> None:
    side = _side(
        {"Small": ["a"], "Big": ["a", "b"]},
        {"Num": "float", "Loop": {"list": {"alias": "Loop"}}},
    )
    assert changelog._direction(old, new, (side, side)) == expected


# ------------------------------------------------------------------ the bump and the entry


@pytest.mark.parametrize(
    "kinds, version, expected",
    [
        (["method-removed"], "1.4.0", ("major", "2.0.0")),
        (["method-removed"], "0.3.1", ("minor", "0.4.0")),
        (["method-added"], "1.4.2", ("minor", "1.5.0")),
        (["method-deprecated"], "1.4.2", ("patch", "1.4.3")),
        (["method-added"], "2024.10", ("minor", "2024.11.0")),
        (["method-added"], "latest", ("minor", None)),
    ],
)
def test_the_bump(
    kinds: list[str], version: str, expected: tuple[str, str | None]
) -> None:
    found = [changelog.Change(k, "x", None, None, k.endswith("removed")) for k in kinds]
    bumped = changelog.bump(found, version)
    assert (bumped.level, bumped.suggested) == expected
    assert ("SemVer item 4" in bumped.note) == (version == "0.3.1")
    summary = release.Report(found, bumped, {}, {}).summary()
    if version == "0.3.1":
        assert summary.endswith(
            "suggested bump: minor (0.3.1 → 0.4.0; breaking, but 0.y.z: SemVer item 4)"
        )
    if version == "latest":
        assert summary.endswith("suggested bump: minor")


def test_the_markdown_entry_keeps_spec_text_inert() -> None:
    old = copy.deepcopy(BASE_RECORD)
    old["enums"]["Kind"]["members"]["TICK"] = "a`b\n## heading"
    report = release.report(old, {surface.PATH: surface.text(BASE_RECORD)})
    assert report is not None
    entry = report.markdown(report.heading(release.today()))
    assert entry.splitlines() == [
        "## Unreleased (suggested: 2.0.0)",
        "",
        "Suggested bump: major (1.0.0 → 2.0.0).",
        "",
        "### Breaking",
        "",
        '- `Kind.TICK`: enum value removed (`"a\'b\\n## heading"`)',
    ]
    assert (
        report.summary()
        == "API changes: 1 breaking; suggested bump: major (1.0.0 → 2.0.0)"
    )


def test_the_entry_is_headed_by_a_new_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    new = record(edited(lambda s: s["info"].update(version="1.1.0")), version="1.1.0")
    report = release.report(BASE_RECORD, {surface.PATH: surface.text(new)})
    assert (
        report is not None and report.heading(release.today()) == "1.1.0 — 2023-11-14"
    )


@pytest.mark.parametrize(
    "damage",
    [
        lambda r: r.update(methods=[]),
        lambda r: r["methods"]["items.list_items"].update(parameters="x"),
        lambda r: r["methods"]["items.list_items"].update(returns={}),
        lambda r: r["enums"]["Kind"].update(members=None),
        lambda r: r["aliases"]["Shape"].update(
            type={"list": {"list": {"alias": "Shape"}}}
        ),
        lambda r: r["models"].update(Item=3),
    ],
)
def test_a_damaged_previous_record_is_not_compared(
    damage: Callable[[dict[str, Any]], Any],
) -> None:
    old = copy.deepcopy(BASE_RECORD)
    damage(old)
    found = release.report(old, {surface.PATH: surface.text(BASE_RECORD)})
    assert found is None or all(isinstance(line, str) for line in found.lines())


def test_a_previous_record_is_read_only_when_it_is_one(tmp_path: Path) -> None:
    assert release.previous(tmp_path / "missing") is None
    (tmp_path / surface.PATH).write_text("[1, 2]")
    assert release.previous(tmp_path) is None
    (tmp_path / surface.PATH).write_text(json.dumps({**BASE_RECORD, "record": 99}))
    assert release.previous(tmp_path) is None, "another layout of the record"
    (tmp_path / surface.PATH).write_text("[" * 100_000)
    assert release.previous(tmp_path) is None
    (tmp_path / surface.PATH).unlink()
    os.mkfifo(tmp_path / surface.PATH)
    assert release.previous(tmp_path) is None, "a FIFO is refused, not waited on"
    (tmp_path / surface.PATH).unlink()
    (tmp_path / surface.PATH).write_text(surface.text(BASE_RECORD))
    assert release.previous(tmp_path) == BASE_RECORD


def test_an_enum_value_added_breaks_nobody_as_the_emitted_enums_keep_values_they_do_not_know() -> (
    None
):
    """The rule rests on the runtime: a client made before the value was added still decodes it."""
    from generator.runtime._values import IntEnum, StrEnum

    class Kind(StrEnum):
        A = "a"

    class Size(IntEnum):
        ONE = 1

    assert Kind("d").value == "d" and str(Kind("d")) == "d"
    assert Size(7).value == 7
