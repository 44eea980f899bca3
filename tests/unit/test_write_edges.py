"""Edges of the write stage that the mutation run (bench/mutation.py) found untested.

Each test names the mutants of generator/write.py it kills: they survived the
module's other tests, and the test fails on each.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator import write as write_module
from generator.write import OutputError, diff, not_ours, read_tree


def test_a_directory_that_cannot_be_listed_shows_nothing_and_the_walk_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Breaks: ``except OSError`` around ``os.scandir`` removed (the error escapes), and
    its ``continue`` made ``break`` (the directories still pending are never read)."""
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "f.py").write_text(name)
    (tmp_path / "top.py").write_text("top")
    scandir, refused = os.scandir, []

    def first_subdirectory_refused(path: str) -> object:
        if path != str(tmp_path) and not refused:  # root can list anything: a refusal by hand
            refused.append(os.path.basename(path))
            raise PermissionError(13, "Permission denied", path)
        return scandir(path)

    monkeypatch.setattr(write_module.os, "scandir", first_subdirectory_refused)
    found = read_tree(tmp_path)
    assert refused and found == {
        f"{n}/f.py": n.encode() for n in ("a", "b", "c") if n not in refused
    } | {"top.py": b"top"}


def test_fifos_are_skipped_and_the_files_beside_them_are_read(tmp_path: Path) -> None:
    """Breaks: ``except NotRegularFile`` removed (a FIFO in the output stops the run), and
    its ``continue`` made ``break`` (the rest of that directory is not read)."""
    files = {f"file{n}.py": str(n).encode() for n in range(10)}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    for n in range(10):
        os.mkfifo(tmp_path / f"fifo{n}")
    listed = [e.name for e in os.scandir(tmp_path)]
    # the break needs a regular file listed after some FIFO: 10 of each make sure of it
    assert listed.index(next(n for n in listed if n.startswith("fifo"))) < max(
        listed.index(n) for n in files
    )
    assert read_tree(tmp_path) == files


def test_the_changelog_is_the_maintainers_at_the_top_only() -> None:
    """Break: ``rel_dir == ""`` made ``!=``: the top CHANGELOG.md would be compared and
    replaced, and one inside the package (none is emitted, but) left alone."""
    assert not_ours("", "CHANGELOG.md", is_dir=False)
    assert not not_ours("pkg", "CHANGELOG.md", is_dir=False)


def test_leftovers_behind_a_symlink_are_not_looked_for(tmp_path: Path) -> None:
    """Break: ``os.walk(..., followlinks=True)``: a leftover inside a linked directory
    would be carried over through the link, out of a directory that is not ours."""
    outside = tmp_path / "outside"
    (outside / "build").mkdir(parents=True)
    root = tmp_path / "out"
    (root / "pkg" / "__pycache__").mkdir(parents=True)
    (root / "linked").symlink_to(outside, target_is_directory=True)
    assert write_module._entries_not_ours(root) == ["pkg/__pycache__"]


def test_a_leftover_with_nowhere_to_go_does_not_stop_the_others(tmp_path: Path) -> None:
    """Break: ``continue`` made ``break`` in ``_carry_over``: after the first leftover whose
    directory is gone, none of the others (sorted after it) would be carried over."""
    source, target = tmp_path / "old", tmp_path / "new"
    for rel in ("a/build/x", "b/build/y"):
        (source / rel).parent.mkdir(parents=True)
        (source / rel).write_text(rel)
    (target / "b").mkdir(parents=True)  # "a" is gone from the new tree
    moved: list[str] = []
    write_module._carry_over(source, target, moved)
    assert moved == ["b/build"] and (target / "b/build/y").read_text() == "b/build/y"


def test_diff_reports_an_unreadable_output_as_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break: ``except OSError`` removed in ``diff``: ``--check`` on an output it cannot
    read would end in a traceback instead of one line naming the directory."""
    (tmp_path / "a.py").write_text("a")

    def unreadable(path: str) -> bytes:  # root reads anything: a refusal by hand
        raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(write_module, "read_regular", unreadable)
    with pytest.raises(OutputError, match="cannot write .*Permission denied"):
        diff(tmp_path, {"a.py": "a"})
