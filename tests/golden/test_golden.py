"""Golden files: the emitted code, file by file, against committed expectations.

spec/box.yaml's expectation is generated/ itself (the package we ship); each
feature spec under tests/specs/ has its expectation under tests/golden/<stem>/
(box_sessions: the seed's two session-termination operations from Box).
Update them all with:  python -m pytest tests/golden/test_golden.py --update-goldens

The runtime modules, the same in every package, are compared once, with
generator/runtime (``check_runtime``): tests/golden/ leaves them out, and keeps
each package's generated ``_settings.py``. generated/ stays whole.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import FEATURE_SPECS, GENERATED, GOLDEN, SPEC, emitted_packages, run_generator
from generator import runtime
from generator.render import HEADER, comment
from generator.write import read_tree, write

# spec/box.yaml is the whole Box API: seconds to generate cold, so its comparison is in the
# slow tier; the seed's two operations (tests/specs/box_sessions.yaml) keep a fast golden.
CASES = [pytest.param(SPEC, GENERATED, "box_client", id="box", marks=pytest.mark.slow)] + [
    pytest.param(spec, GOLDEN / spec.stem, f"{spec.stem}_client", id=spec.stem)
    for spec in sorted(FEATURE_SPECS.glob("*.*"))
    if spec.suffix in (".yaml", ".yml", ".json")
]


# A handful of Box operations, generated from the complete public Box description:
# session termination, file upload (multipart), file download (binary, redirect),
# a paginated list whose entries are a union (files, folders, web links), search
# (a union of two response types), and a file's information (None only on a 304 when
# if_none_match is passed: overloads).
BOX_OPERATIONS = [
    "post_groups_terminate_sessions",
    "post_files_content",
    "get_files_id_content",
    "get_folders_id_items",
    "get_search",
    "get_files_id",
]


def check_runtime(out: Path, source: str, keep: bool = False) -> None:
    """Each emitted package's runtime modules are generator/runtime's, under the header
    naming ``source``; unless ``keep``, they are removed from ``out`` (the goldens leave them out)."""
    header = "# " + comment(HEADER.format(source=source))
    packages = emitted_packages(out)
    assert packages, f"no package in {out}"
    for package in packages:
        for name, text in runtime.sources().items():
            emitted = package / name
            assert emitted.read_text(encoding="utf-8") == f"{header}\n{text}", f"{emitted} is not generator/runtime/{name}"
            if not keep:
                emitted.unlink()


def compare_or_update(out: Path, golden: Path, update: bool) -> None:
    """Compare emitted files with their golden copies, file by file (or replace the copies).

    Both sides are read as ``--check`` reads an output: what tools leave there (``build/``,
    ``*.egg-info/``, ``__pycache__/``...; ``generator.write.not_ours``) is not compared, and
    an update keeps it, as regeneration does."""
    if update:
        write(golden, {rel: data.decode("utf-8") for rel, data in read_tree(out).items()})
        return
    assert golden.is_dir(), f"no golden files at {golden}: run with --update-goldens"
    expected, actual = read_tree(golden), read_tree(out)
    assert sorted(actual) == sorted(expected), (
        f"the set of emitted files changed: new {sorted(actual.keys() - expected.keys())}, "
        f"gone {sorted(expected.keys() - actual.keys())}"
    )
    for path in sorted(expected):
        assert actual[path].decode() == expected[path].decode(), f"{path} differs from its golden file"


def test_there_are_at_least_three_feature_specs() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize(("spec", "golden", "package"), CASES)
def test_emitted_code_matches_golden(
    spec: Path, golden: Path, package: str, tmp_path: Path, update_goldens: bool
) -> None:
    out = tmp_path / "out"
    # The repository's [tool.generator] settings are spec/box.yaml's; the feature specs do not take them.
    result = run_generator(spec, "--output", out, "--package", package, "--quiet")
    assert result.returncode == 0, result.stderr
    check_runtime(out, spec.name, keep=golden == GENERATED)
    compare_or_update(out, golden, update_goldens)


@pytest.mark.slow  # reads the complete Box description
def test_box_operations_match_golden(box_openapi_path: Path, tmp_path: Path, update_goldens: bool) -> None:
    golden = GOLDEN / "box_operations"
    out = tmp_path / "out"
    selection = [arg for op in BOX_OPERATIONS for arg in ("--operation", op)]
    result = run_generator(box_openapi_path, "--output", out, "--package", "box_operations", "--quiet", *selection)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "the Box document must generate without warnings"
    check_runtime(out, box_openapi_path.name)
    compare_or_update(out, golden, update_goldens)


@pytest.mark.slow  # the whole Box API: seconds to check cold
def test_generated_is_up_to_date_with_spec() -> None:
    """The committed generated/ is exactly what spec/box.yaml (with pyproject.toml's settings for it) produces today."""
    result = run_generator(SPEC, "--check")
    assert result.returncode == 0, (
        f"generated/ is stale; run: python -m generator spec/box.yaml\n{result.stdout}"
    )


def test_generated_runtime_is_generator_runtime() -> None:
    """The shipped package carries generator/runtime's modules, and no stand-in of them."""
    check_runtime(GENERATED, SPEC.name, keep=True)
    assert "_settings.py" not in runtime.sources()


def test_emitted_code_has_no_unused_import_or_undefined_name() -> None:
    # pyflakes' checks (ruff's F rules) over everything the goldens pin: an import a module
    # does not use means a template and the model disagree on what the module prints.
    import subprocess
    import sys

    targets = [GENERATED, *[p for p in GOLDEN.iterdir() if p.is_dir() and not p.name.startswith(("_", "."))]]
    linted = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--select", "F", *map(str, targets)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
