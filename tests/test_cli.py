"""The command line as a maintainer uses it: summary, --help, --check, determinism, bad input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SPEC, files_below, run_generator


tree = files_below


def test_generates_installable_layout_with_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_generator(SPEC, "--output", out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(
        r"box_client: 2 operations, 2 models \(6 classes with inline ones\), \d+ files written \(0 unchanged\) to .+ in \d+\.\d\ds", lines[0]
    ), lines[0]
    files = tree(out)
    assert "pyproject.toml" in files
    assert "box_client/py.typed" in files
    assert "box_client/resources/session_termination.py" in files
    assert "box_client/models/session_termination_message.py" in files
    assert 'dependencies = ["httpx' in files["pyproject.toml"].decode()


def test_package_option_and_default_name(tmp_path: Path) -> None:
    spec = tmp_path / "acme.yaml"
    spec.write_bytes(SPEC.read_bytes())
    assert run_generator(spec, "--output", tmp_path / "a").returncode == 0
    assert (tmp_path / "a" / "acme_client" / "__init__.py").is_file()
    assert run_generator(spec, "--output", tmp_path / "b", "--package", "acme_sdk").returncode == 0
    assert (tmp_path / "b" / "acme_sdk" / "_client.py").is_file()


def test_help_documents_every_option() -> None:
    result = run_generator("--help")
    assert result.returncode == 0
    for option in ("--output", "--package", "--check", "--strict", "SPEC".lower()):
        assert option in result.stdout.lower()


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    assert run_generator(SPEC, "--output", tmp_path / "one").returncode == 0
    assert run_generator(SPEC, "--output", tmp_path / "two").returncode == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_rerun_rewrites_nothing_and_keeps_timestamps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator(SPEC, "--output", out).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.py")}
    result = run_generator(SPEC, "--output", out)
    assert result.returncode == 0
    assert " 0 files written" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.py")} == before


def test_check_exit_codes_and_stale_listing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator(SPEC, "--output", out).returncode == 0
    ok = run_generator(SPEC, "--output", out, "--check")
    assert ok.returncode == 0, ok.stdout

    (out / "box_client" / "_client.py").write_text("# edited by hand\n")
    (out / "box_client" / "models" / "client_error.py").unlink()
    (out / "box_client" / "leftover.py").write_text("")
    snapshot = tree(out)
    stale = run_generator(SPEC, "--output", out, "--check")
    assert stale.returncode == 1
    listed = {line.strip() for line in stale.stdout.splitlines()[1:]}
    assert listed == {"box_client/_client.py", "box_client/models/client_error.py", "box_client/leftover.py"}
    assert tree(out) == snapshot, "--check must not write"


def test_check_on_missing_output_is_stale(tmp_path: Path) -> None:
    result = run_generator(SPEC, "--output", tmp_path / "nothing", "--check")
    assert result.returncode == 1
    assert not (tmp_path / "nothing").exists()


def test_leftover_files_of_an_earlier_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator(SPEC, "--output", out).returncode == 0
    (out / "box_client" / "models" / "old_model.py").write_text("x = 1\n")
    assert run_generator(SPEC, "--output", out).returncode == 0
    assert not (out / "box_client" / "models" / "old_model.py").exists()


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = run_generator(SPEC, "--output", precious)
    assert result.returncode == 2
    assert "not written by this generator" in result.stderr
    assert (precious / "notes.txt").read_text() == "keep me"


# ------------------------------------------------------------------ bad input

BAD_INPUTS = {
    "missing": (None, r"missing\.yaml: error: file not found"),
    "bad_yaml": ("openapi: 3.0.3\ninfo: [unclosed\n", r"bad_yaml\.yaml:3:1: error: invalid YAML"),
    "bad_json": ('{"openapi": "3.0.3",\n  "info": }', r"bad_json\.json:2:11: error: invalid JSON"),
    "not_mapping": ("- just\n- a list\n", r"not_mapping\.yaml:1:1: error: document is a list"),
    "invalid": (
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /x:\n    get:\n      responses:\n"
        "        '200':\n          descriptio: typo\n",
        r"invalid\.yaml:10:11 \(/paths/~1x/get/responses/200\): error: not a valid OpenAPI 3\.0\.3 document: "
        r"'description' is a required property",
    ),
    "swagger": ("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", r"swagger\.yaml:1:10 .*Swagger 2\.0"),
    "dangling_ref": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Nope'}\n",
        r"dangling_ref\.yaml:.*error: .*Nope",
    ),
    "version": ("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", r"1:10 \(/openapi\): error: unsupported"),
    "duplicate_ids": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n"
        "  /b:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n",
        r"7:24 \(/paths/~1b/get/operationId\): error: operationId 'same' is already used by GET /a",
    ),
    "undeclared_path_parameter": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a/{id}:\n    get: {responses: {'200': {description: ok}}}\n",
        r"\(/paths/~1a~1\{id\}/get\): error: path parameter 'id' of GET /a/\{id\} is not declared",
    ),
    "external_ref": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {$ref: 'missing.yaml#/Thing'}\n",
        r"error: external \$ref 'missing.yaml#/Thing' is not supported",
    ),
    "ref_cycle": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {$ref: '#/components/responses/A'}\ncomponents:\n  responses:\n"
        "    A: {$ref: '#/components/responses/B'}\n    B: {$ref: '#/components/responses/A'}\n",
        r"error: \$ref cycle that never reaches a definition: #/components/responses/A → #/components/responses/B",
    ),
    "deep_nesting": (
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "x": '
        + "[" * 100_000 + "]" * 100_000 + "}",
        r"error: .*nested too deeply",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_output_untouched(tmp_path: Path, name: str) -> None:
    content, pattern = BAD_INPUTS[name]
    suffix = ".json" if name in ("bad_json", "deep_nesting") else ".yaml"
    spec = tmp_path / f"{name}{suffix}"
    if content is not None:
        spec.write_text(content)
    out = tmp_path / "out"
    assert run_generator(SPEC, "--output", out).returncode == 0
    before = tree(out)

    result = run_generator(spec, "--output", out)

    assert result.returncode == 2, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(spec) in lines[0]
    assert re.search(pattern, lines[0]), lines[0]
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [p for p in ["out", spec.name] if (tmp_path / p).exists()]
    ), "no staging directory may be left behind"


def test_main_command_runs_from_repo_root_on_defaults() -> None:
    result = run_generator(SPEC, "--check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert ROOT.joinpath("generated", "box_client", "py.typed").is_file()


WARNED = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      parameters:
        - {name: session, in: cookie, schema: {type: string}}
      responses:
        '204': {description: done}
"""


def test_warnings_name_their_pointer_and_strict_makes_them_fatal(tmp_path: Path) -> None:
    spec = tmp_path / "warned.yaml"
    spec.write_text(WARNED)
    result = run_generator(spec, "--output", tmp_path / "out")
    assert result.returncode == 0
    assert result.stderr.strip() == (
        f"{spec}#/paths/~1x/get/parameters/0: warning: cookie parameters are not supported; "
        "the parameter is left out"
    )
    strict = run_generator(spec, "--output", tmp_path / "strict", "--strict")
    assert strict.returncode == 2
    assert "1 warning(s) with --strict" in strict.stderr.splitlines()[-1]
    assert not (tmp_path / "strict").exists()


def test_operation_selection_keeps_what_it_reaches(tmp_path: Path) -> None:
    petstore = ROOT / "tests" / "specs" / "petstore.yaml"
    out = tmp_path / "out"
    result = run_generator(petstore, "--output", out, "--operation", "getOrder")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("petstore_client: 1 operations, ")
    files = tree(out)
    assert "petstore_client/resources/store_orders.py" in files
    assert "petstore_client/resources/pets.py" not in files
    assert "petstore_client/models/order.py" in files
    assert "petstore_client/models/new_pet.py" not in files

    unknown = run_generator(petstore, "--output", tmp_path / "x", "--operation", "nope")
    assert unknown.returncode == 2
    assert "no operation with operationId 'nope'" in unknown.stderr


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_unreadable_file_is_one_line_exit_2(tmp_path: Path) -> None:
    spec = tmp_path / "secret.yaml"
    spec.write_text(SPEC.read_text())
    spec.chmod(0)
    command: list[str] = [sys.executable, "-m", "generator", str(spec), "--output", str(tmp_path / "out")]
    if os.geteuid() == 0:
        # root reads any file: drop the two capabilities that let it, for the child only.
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root and setpriv (util-linux) is absent: cannot make a file unreadable")
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", *command]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.strip() == f"{spec}: error: cannot read file: Permission denied"
    assert not (tmp_path / "out").exists()


# Peak memory of a generator run, measured by the child itself (RUSAGE_CHILDREN
# would report the largest child this test process ever had).
_MEASURED = """
import resource, sys
from generator.cli import main
code = main(sys.argv[1:])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def _big_document(size: int) -> str:
    """A valid document of about ``size`` bytes: a few operations, mostly large response examples."""
    record = {"id": "1", "type": "file", "name": "Quarterly report.pdf", "size": 629644,
              "tags": ["finance", "q3"], "owner": {"id": "7", "login": "someone@example.com"}}
    per_record = len(json.dumps(record)) + 2
    operations = 20
    records = size // (operations * per_record)
    paths = {
        f"/things{i}/{{thing_id}}": {"get": {
            "operationId": f"get_thing_{i}", "tags": [f"Group{i % 4}"],
            "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"},
                "example": {"entries": [dict(record, id=str(j)) for j in range(records)]}}}}},
        }}
        for i in range(operations)
    }
    thing = {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}}
    return json.dumps({"openapi": "3.0.3", "info": {"title": "Big", "version": "1"}, "paths": paths,
                       "components": {"schemas": {"Thing": thing}}})


def test_a_50_mb_document_completes_within_memory(tmp_path: Path) -> None:
    spec = tmp_path / "big.json"
    spec.write_text(_big_document(50_000_000))
    assert spec.stat().st_size >= 50_000_000
    result = subprocess.run([sys.executable, "-c", _MEASURED, str(spec), "--output", str(tmp_path / "out")],
                            capture_output=True, text=True, cwd=ROOT, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert "big_client: 20 operations" in result.stdout
    peak_mb = int(result.stderr.strip().splitlines()[-1]) / 1024  # ru_maxrss is in KiB on Linux
    # The parsed document is several times its text; 1 GB leaves room for that and no more.
    assert peak_mb < 1024, f"peak RSS {peak_mb:.0f} MB"
