"""The API changelog on the command line: the summary after a regeneration, the changes
``--check`` lists, ``--changelog FILE``'s dated entry, and a CHANGELOG.md kept in the output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_generator

SPEC = """\
openapi: 3.0.3
info: {title: Notes, version: "1.0.0"}
paths:
  /notes:
    get:
      operationId: listNotes
      tags: [notes]
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200": {description: ok, content: {application/json: {schema: {$ref: "#/components/schemas/Note"}}}}
components:
  schemas:
    Note:
      type: object
      properties:
        text: {type: string}
"""
# limit became required (breaking), Note gained a field (added), and the API's version moved on
EDITED = SPEC.replace(
    "{name: limit, in: query,", "{name: limit, in: query, required: true,"
).replace(
    "text: {type: string}", "text: {type: string}\n        pinned: {type: boolean}"
)
SUMMARY_1_0_0 = (
    "API changes: 1 breaking, 1 added; suggested bump: major (1.0.0 → 2.0.0)"
)


@pytest.fixture
def notes(tmp_path: Path) -> tuple[Path, Path]:
    """The document and its output, generated once."""
    spec, out = tmp_path / "notes.yaml", tmp_path / "out"
    spec.write_text(SPEC)
    first = run_generator(spec, "--sdk-version", "1.0.0", "--output", out)
    assert (
        first.returncode == 0 and first.stderr == ""
    ), "a first generation has nothing to compare"
    return spec, out


def test_a_regeneration_tells_the_api_changes(notes: tuple[Path, Path]) -> None:
    spec, out = notes
    spec.write_text(EDITED)
    done = run_generator(spec, "--sdk-version", "1.0.0", "--output", out)
    assert done.returncode == 0
    assert done.stderr.splitlines() == [SUMMARY_1_0_0]
    again = run_generator(spec, "--sdk-version", "1.0.0", "--output", out)
    assert again.stderr == "", "nothing changed since"
    spec.write_text(SPEC)
    assert (
        run_generator(spec, "--sdk-version", "1.0.0", "--output", out, "--quiet").stderr
        == ""
    )


def test_check_lists_the_api_changes_and_writes_nothing(
    notes: tuple[Path, Path], tmp_path: Path
) -> None:
    spec, out = notes
    spec.write_text(EDITED)
    before = (out / "api-surface.json").read_bytes()
    done = run_generator(
        spec, "--output", out, "--check", "--changelog", tmp_path / "CHANGES.md"
    )
    assert done.returncode == 1
    assert done.stdout.splitlines()[-5:] == [
        SUMMARY_1_0_0,
        "  Breaking:",
        "    notes.list_notes(limit): parameter became required",
        "  Added:",
        "    Note.pinned: new field (bool)",
    ]
    assert "  api-surface.json" in done.stdout.splitlines()
    assert (out / "api-surface.json").read_bytes() == before
    assert not (tmp_path / "CHANGES.md").exists()


def test_changelog_prepends_a_dated_entry(
    notes: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec, out = notes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    changes = tmp_path / "CHANGES.md"
    changes.write_text("# Changes\n\nBy hand.\n\n## 1.0.0 — 2023-01-01\n\nFirst.\n")
    spec.write_text(EDITED.replace('version: "1.0.0"', 'version: "2.0.0"'))
    bumped = ("--sdk-version", "2.0.0", "--changelog", changes)
    assert run_generator(spec, "--output", out, *bumped).returncode == 0
    assert changes.read_text() == (
        "# Changes\n\nBy hand.\n\n"
        "## 2.0.0 — 2023-11-14\n\n"
        "Suggested bump: major (1.0.0 → 2.0.0).\n\n"
        "### Breaking\n\n- `notes.list_notes(limit)`: parameter became required\n\n"
        "### Added\n\n- `Note.pinned`: new field (`bool`)\n\n"
        "### Changed\n\n- `info.version`: API version changed: `1.0.0` → `2.0.0`\n\n"
        "## 1.0.0 — 2023-01-01\n\nFirst.\n"
    )
    kept = changes.read_text()
    assert run_generator(spec, "--output", out, *bumped).returncode == 0
    assert changes.read_text() == kept, "no change: no entry"


def test_an_unbumped_version_is_an_unreleased_entry_kept_in_the_output(
    notes: tuple[Path, Path],
) -> None:
    spec, out = notes
    spec.write_text(EDITED)
    changes = out / "CHANGELOG.md"
    assert (
        run_generator(
            spec, "--sdk-version", "1.0.0", "--output", out, "--changelog", changes
        ).returncode
        == 0
    )
    assert changes.read_text().startswith(
        "# Changelog\n\n## Unreleased (suggested: 2.0.0)\n\nSuggested bump: major"
    )
    check = run_generator(spec, "--sdk-version", "1.0.0", "--output", out, "--check")
    assert (check.returncode, check.stdout.splitlines()) == (
        0,
        [f"{out} is up to date"],
    )
    spec.write_text(SPEC)  # a regeneration that rewrites many files keeps the changelog
    kept = changes.read_text()
    assert (
        run_generator(
            spec, "--sdk-version", "1.0.0", "--output", out, "--changelog", changes
        ).returncode
        == 0
    )
    assert changes.read_text().endswith(kept.removeprefix("# Changelog\n"))
    assert changes.read_text().count("## Unreleased") == 2


def test_an_unwritable_changelog_is_a_one_line_error(
    notes: tuple[Path, Path], tmp_path: Path
) -> None:
    spec, out = notes
    spec.write_text(EDITED)
    (tmp_path / "dir.md").mkdir()
    done = run_generator(
        spec,
        "--sdk-version",
        "1.0.0",
        "--output",
        out,
        "--changelog",
        tmp_path / "dir.md",
    )
    assert done.returncode == 2
    assert (
        done.stderr.startswith("error: cannot write the changelog")
        and len(done.stderr.splitlines()) == 1
    )


def test_the_writer_keeps_a_changelog_at_the_root_and_check_ignores_it(
    tmp_path: Path,
) -> None:
    from generator.write import MARKER, diff, write

    root = tmp_path / "out"
    files = {
        "pyproject.toml": f"# {MARKER}\n",
        "pkg/a.py": "a = 1\n",
        "pkg/b.py": "b = 1\n",
    }
    write(root, files)
    (root / "CHANGELOG.md").write_text("# Changelog\n")
    (root / "pkg" / "CHANGELOG.md").write_text("not at the root: not kept\n")
    assert diff(root, files) == ["pkg/CHANGELOG.md"]
    (root / "pkg" / "CHANGELOG.md").unlink()
    assert diff(root, files) == []
    assert write(root, {**files, "pkg/a.py": "a = 2\n"}) == (
        1,
        2,
    )  # one file replaced in place
    assert write(root, {**files, "pkg/a.py": "a = 3\n", "pkg/c.py": "c = 1\n"}) == (
        2,
        2,
    )  # a new tree
    assert (root / "CHANGELOG.md").read_text() == "# Changelog\n"
    assert diff(root, {**files, "CHANGELOG.md": "emitted\n"}) == [
        "CHANGELOG.md",
        "pkg/a.py",
        "pkg/c.py",
    ]
