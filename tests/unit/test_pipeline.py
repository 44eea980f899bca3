"""Regeneration with caches: the same output as without them, and less work.

Each test gives the generator its own cache directory and runs it as a user
does, in a child process; what a run did is read from the cache directory and
from which modules the process imported.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FEATURE_SPECS, ROOT, SEED_SPEC, files_below, run_generator
from generator.incremental import prose as lifting
from generator.load import Document

# Runs the command line and then reports which heavy modules the run imported,
# and whether openapi-spec-validator was run (it runs in a forked process, so
# the wrapper notes it in a file).
_PROBE = """
import json, os, sys
import generator.validate as v
original = v.check_schema
def noted(doc):
    with open(os.environ["VALIDATED_LOG"], "a") as log:
        log.write("validated\\n")
    return original(doc)
v.check_schema = noted
import generator.pipeline as p
loading = p.validate_source
def early(source):
    with open(os.environ["VALIDATED_LOG"] + ".early", "a") as log:
        log.write("forked early\\n")
    return loading(source)
p.validate_source = early
from generator.cli import main
code = main(sys.argv[1:])
seen = {m: m in sys.modules for m in ("jinja2", "black", "generator.parse")}
seen["validated"] = os.path.exists(os.environ["VALIDATED_LOG"])
seen["forked early"] = os.path.exists(os.environ["VALIDATED_LOG"] + ".early")
print(json.dumps(seen), file=sys.stderr)
sys.exit(code)
"""


def run(spec: Path, out: Path, cache: Path | None, *extra: str) -> tuple[int, dict[str, bool], str]:
    args = [str(spec), "--output", str(out), *extra]
    args += ["--cache-dir", str(cache)] if cache else ["--no-cache"]
    log = out.parent / f"validated-{next(_RUNS)}.log"
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "VALIDATED_LOG": str(log)}, timeout=300)
    lines = done.stderr.strip().splitlines()
    imported = json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}
    return done.returncode, imported, done.stderr


_RUNS = itertools.count()


def entries(cache: Path, kind: str) -> int:
    return sum(1 for p in (cache / kind).glob("*/*") if not p.name.startswith(".tmp-"))


def edited(spec: Path, target: Path, change: dict[str, object]) -> Path:
    data = yaml.safe_load(spec.read_text())
    op = data["paths"]["/groups/terminate_sessions"]["post"]
    op.update(change)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(yaml.safe_dump(data, sort_keys=False))
    return target


@pytest.fixture(scope="module")
def petstore(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The petstore generated without a cache (``plain``), and twice with one: cold, then warm."""
    spec, root = FEATURE_SPECS / "petstore.yaml", tmp_path_factory.mktemp("petstore")
    # in-process: these runs are read only for their output and their cache
    assert run_generator(spec, "--output", root / "plain", "--no-cache").returncode == 0
    assert run_generator(spec, "--output", root / "cold", "--cache-dir", root / "cache").returncode == 0
    assert run_generator(spec, "--output", root / "warm", "--cache-dir", root / "cache").returncode == 0
    return root


def test_cached_and_uncached_output_are_byte_identical(petstore: Path) -> None:
    plain = files_below(petstore / "plain")
    assert files_below(petstore / "cold") == plain
    assert files_below(petstore / "warm") == plain


# What a run replayed whole from the cache must not import: its time is mostly imports.
_STAGES = (
    "yaml", "jinja2", "black", "openapi_spec_validator", "jsonschema", "multiprocessing",
    "concurrent.futures", "generator.pipeline", "generator.load", "generator.ir", "generator.parse",
    "generator.render", "generator.format", "generator.changelog", "generator.incremental.prose",
)
_REPLAY_PROBE = """
import json, sys
from generator.cli import main
code = main(sys.argv[1:])
print(json.dumps(sorted(m for m in %r if m in sys.modules)), file=sys.stderr)
sys.exit(code)
""" % (_STAGES,)


def test_a_replayed_run_imports_none_of_the_stages(petstore: Path) -> None:
    args = [FEATURE_SPECS / "petstore.yaml", "--output", petstore / "warm", "--cache-dir", petstore / "cache"]
    done = subprocess.run([sys.executable, "-c", _REPLAY_PROBE, *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
    assert files_below(petstore / "warm") == files_below(petstore / "plain")


@pytest.mark.slow  # child processes, to see what they import
def test_an_unchanged_spec_is_replayed_without_rendering_formatting_or_validating(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    code, imported, _ = run(SEED_SPEC, out, cache)
    assert code == 0 and imported["jinja2"] and imported["validated"]
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    code, imported, err = run(SEED_SPEC, out, cache)
    assert code == 0, err
    assert imported == {
        "jinja2": False, "black": False, "generator.parse": False, "validated": False, "forked early": False
    }
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.slow  # child processes, to see what they import
def test_a_description_edit_reuses_the_validators_verdict_and_the_other_modules(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    spec = edited(SEED_SPEC, tmp_path / "a" / "box.yaml", {})
    assert run(spec, out, cache)[0] == 0
    assert entries(cache, "valid") == 1
    rendered = entries(cache, "render")
    spec = edited(SEED_SPEC, tmp_path / "a" / "box.yaml", {"description": "Edited description."})
    code, imported, err = run(spec, out, cache)
    assert code == 0, err
    assert not imported["validated"], "the verdict on the same structure is reused"
    assert not imported["generator.parse"], "a document of a known shape is not parsed again"
    assert entries(cache, "valid") == 1
    assert entries(cache, "render") == rendered + 1, "only the edited resource module was rendered again"
    assert "Edited description." in (out / "box_client" / "resources" / "session_termination.py").read_text()
    assert run(spec, tmp_path / "plain", None)[0] == 0
    assert files_below(out) == files_below(tmp_path / "plain")


def test_after_a_run_whose_verdict_is_known_the_checks_are_not_forked_early_and_a_new_shape_is_still_checked(
    tmp_path: Path,
) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    spec = edited(SEED_SPEC, tmp_path / "a" / "box.yaml", {})
    code, imported, _ = run(spec, out, cache)
    assert code == 0 and imported["forked early"] and imported["validated"], "a first run checks beside the work"
    spec = edited(SEED_SPEC, tmp_path / "a" / "box.yaml", {"description": "Edited description."})
    code, imported, _ = run(spec, out, cache)
    assert code == 0 and not imported["forked early"] and not imported["validated"], "a prose edit: nothing forked"
    # The guess is wrong for a new shape: the checks run once the document is built, and find its defect.
    spec = edited(SEED_SPEC, tmp_path / "a" / "box.yaml", {"deprecated": "not a boolean"})
    code, imported, err = run(spec, out, cache)
    assert code == 0 and not imported["forked early"] and imported["validated"], err
    assert "deprecated" in err and "not a boolean" in err, err


def _reworded(node: object, salt: str, empty: bool) -> object:
    """Every description and summary changed: longer, multi-line, and with ``empty`` some emptied."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key in ("description", "summary") and isinstance(value, str):
                value = "" if empty and len(value) % 3 == 0 else f"{value} {salt}\n\n  More {salt} text."
            elif key not in ("example", "examples", "default", "enum", "const") and not key.startswith("x-"):
                value = _reworded(value, salt, empty)
            out[key] = value
        return out
    if isinstance(node, list):
        return [_reworded(item, salt, empty) for item in node]
    return node


@pytest.mark.slow  # twenty runs, each in a child process
def test_every_feature_spec_reworded_gives_what_a_plain_run_gives(tmp_path: Path) -> None:
    """The output from a reworded document's lifted shape (cached) equals a plain run's, byte for byte."""
    cache = tmp_path / "cache"
    for spec in sorted([*FEATURE_SPECS.glob("*.yaml"), *FEATURE_SPECS.glob("*.json")]):
        base = tmp_path / spec.stem
        first = base / "v1" / spec.name
        first.parent.mkdir(parents=True)
        first.write_text(spec.read_text())
        assert run(first, base / "out", cache, "--package", "pkg")[0] == 0
        # Texts only reworded: the same shape, not parsed again. Some emptied:
        # another shape (whether a text is empty decides fallbacks), parsed.
        for salt, empty in (("two", False), ("three", True)):
            reworded = base / salt / spec.name
            reworded.parent.mkdir(parents=True)
            data = _reworded(yaml.safe_load(spec.read_text()), salt, empty)
            reworded.write_text(json.dumps(data) if spec.suffix == ".json" else yaml.safe_dump(data, sort_keys=False))
            code, imported, err = run(reworded, base / "out", cache, "--package", "pkg")
            assert code == 0, err
            assert imported["generator.parse"] == empty, spec.name
            assert run(reworded, base / f"plain-{salt}", None, "--package", "pkg")[0] == 0
            assert files_below(base / "out") == files_below(base / f"plain-{salt}"), spec.name


@pytest.mark.slow  # child processes, to see what they import
def test_a_structural_edit_is_validated_again_and_its_findings_replayed(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", tmp_path / "out"
    assert run(SEED_SPEC, out, cache)[0] == 0
    before = files_below(out)
    # Same prose, broken structure: `deprecated` must be a boolean.
    spec = edited(SEED_SPEC, tmp_path / "b" / "box.yaml", {"deprecated": "sometimes"})
    code, imported, err = run(spec, out, cache, "--strict")
    assert code == 2, err
    assert imported["validated"]
    first = err.splitlines()[0]
    assert "(/paths/~1groups~1terminate_sessions/post/deprecated): error: " in first and "Traceback" not in err
    assert files_below(out) == before
    assert entries(cache, "valid") == 2, "the findings are a verdict too"
    # Lenient, the same findings, from the cache, as warnings; and the same without the cache.
    code, imported, cached = run(spec, out, cache)
    assert code == 0 and not imported["validated"]
    warned = [line for line in cached.splitlines() if ": warning: " in line]
    assert warned == [first.replace(": error: ", ": warning: ", 1).rsplit(" (--strict;", 1)[0]]
    code, _, fresh = run(spec, tmp_path / "plain", None)
    assert code == 0 and [line for line in fresh.splitlines() if ": warning: " in line] == warned


def _doc(data: dict[str, object]) -> Document:
    return Document(path=Path("x.yaml"), text="", data=data, is_yaml=True)


def schema_key(doc: Document) -> str:
    """The key of the validator's verdict, as generator.incremental works it out: the same
    whether the document's prose is lifted out (its shape) or emptied (no shape)."""
    lifted = lifting.shape_key(lifting.lift(doc.data)[0])
    emptied = lifting.shape_key(lifting.without_prose(doc.data))
    return f"{lifted} {emptied}"


def test_the_validation_key_ignores_prose_but_not_structure_or_literals() -> None:
    base = {"openapi": "3.0.3", "info": {"title": "t", "version": "1", "description": "one"}, "paths": {}}
    prose = json.loads(json.dumps(base))
    prose["info"]["description"] = "two"
    structure = json.loads(json.dumps(base))
    structure["info"]["version"] = "2"
    literal = {**base, "components": {"schemas": {"A": {"type": "object", "example": {"description": "x"}}}}}
    literal_changed = json.loads(json.dumps(literal))
    literal_changed["components"]["schemas"]["A"]["example"]["description"] = "y"
    assert schema_key(_doc(base)) == schema_key(_doc(prose))
    assert schema_key(_doc(base)) != schema_key(_doc(structure))
    assert schema_key(_doc(literal)) != schema_key(_doc(literal_changed))
    # A description that is not a string is structure, and counts.
    assert schema_key(_doc(base)) != schema_key(_doc({**base, "info": {**base["info"], "description": 3}}))


def test_cache_keys_name_the_installed_release_of_each_library() -> None:
    import importlib.metadata

    from generator.installed import installed

    for module, dist in (("black", "black"), ("jinja2", "jinja2"), ("yaml", "pyyaml"),
                         ("openapi_spec_validator", "openapi-spec-validator")):
        assert f"-{importlib.metadata.version(dist)}.dist-info" in installed(module)
    assert installed("no_such_module_here") == "no_such_module_here absent"
