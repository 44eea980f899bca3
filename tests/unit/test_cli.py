"""The command line as a maintainer uses it: summary, --help, --check, determinism, bad input."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_SPEC, SPEC, files_below, run_generator, run_generator_process
from generator import __version__
from generator.cli import main


tree = files_below


def _summary(result: subprocess.CompletedProcess[str], made: str) -> None:
    """A successful run prints one line: what it made (``made``, a pattern), then what it wrote."""
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    assert re.fullmatch(made + r", \d+ files written \(0 unchanged\) to .+ in \d+\.\d\ds", lines[0]), lines[0]


@pytest.mark.slow  # the whole Box API: seconds to generate cold
def test_generates_installable_layout_with_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _summary(run_generator(SPEC, "--output", out), r"box_client: 296 operations, 305 models \(1004 classes with inline ones\), 3 extras")
    files = tree(out)
    assert "box_client/jwt_auth.py" in files, "pyproject.toml's settings for spec/box.yaml apply"
    assert "pyproject.toml" in files
    assert "box_client/py.typed" in files
    assert "box_client/resources/session_termination.py" in files
    assert "box_client/resources/files.py" in files
    assert "box_client/models/session_termination_message.py" in files
    assert 'dependencies = ["httpx' in files["pyproject.toml"].decode()


def test_generates_installable_layout_with_summary_of_a_feature_spec(tmp_path: Path) -> None:
    out = tmp_path / "out"
    _summary(run_generator(SEED_SPEC, "--output", out), r"box_sessions_client: 2 operations, 2 models \(6 classes with inline ones\)")
    files = tree(out)
    assert "box_sessions_client/jwt_auth.py" not in files, "pyproject.toml's settings are spec/box.yaml's alone"
    assert "pyproject.toml" in files
    assert "box_sessions_client/py.typed" in files
    assert "box_sessions_client/resources/session_termination.py" in files
    assert "box_sessions_client/models/session_termination_message.py" in files
    assert 'dependencies = ["httpx' in files["pyproject.toml"].decode()


def test_package_option_and_default_name(tmp_path: Path) -> None:
    spec = tmp_path / "acme.yaml"
    spec.write_bytes(SEED_SPEC.read_bytes())
    assert run_generator(spec, "--output", tmp_path / "a").returncode == 0
    assert (tmp_path / "a" / "acme_client" / "__init__.py").is_file()
    assert run_generator(spec, "--output", tmp_path / "b", "--package", "acme_sdk").returncode == 0
    assert (tmp_path / "b" / "acme_sdk" / "_client.py").is_file()


def test_help_documents_every_option() -> None:
    result = run_generator_process("--help")  # and `python -m generator` runs the command line
    assert result.returncode == 0
    assert result.stdout.startswith("usage: python -m generator "), "the name the user typed"
    for option in ("--output", "--package", "--check", "--strict", "SPEC".lower()):
        assert option in result.stdout.lower()
    version = run_generator_process("--version")
    assert version.stdout.strip() == f"python -m generator {__version__}"


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    """The second run without the caches: it would otherwise replay the first's output.

    Break made (generator/render.py, ``parts``): the time (``time.time_ns()``) added to every
    file's header. With the caches on, this test passed (the second run replayed the first);
    with ``--no-cache``, it fails."""
    assert run_generator(SEED_SPEC, "--output", tmp_path / "one").returncode == 0
    assert run_generator(SEED_SPEC, "--output", tmp_path / "two", "--no-cache").returncode == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_run_warns_of_nothing_deprecated_on_this_python(tmp_path: Path) -> None:
    """``python -m generator`` with every DeprecationWarning shown prints none, on whichever
    version runs it (the matrix runs this on each): no deprecated standard-library call, and
    the checks process is forked while the generator has one thread (Python 3.12+ warns of a
    fork from a process with threads: the child can deadlock on a lock one of them held).

    Break made (generator/pipeline.py): a thread started just before the checks are forked:
    on 3.12 and 3.13 this fails ("This process ... is multi-threaded, use of fork() may lead
    to deadlocks in the child")."""
    done = run_generator_process(
        SEED_SPEC, "--output", tmp_path / "out", "--no-cache",
        python_options=("-W", "always::DeprecationWarning", "-W", "always::PendingDeprecationWarning"),
    )
    assert done.returncode == 0, done.stderr
    assert "Deprecation" not in done.stderr, done.stderr


@pytest.mark.slow  # two generator processes
def test_runs_with_different_hash_seeds_are_byte_identical(tmp_path: Path) -> None:
    """Two processes, each with its own string hashing (``PYTHONHASHSEED``): what iterates a set
    of names must sort it. The in-process test above cannot see this: one process, one seed.

    Break made (generator/render.py, ``imports``): a module's imported names in the order of the
    set they were gathered in (``sorted(names, key=_name_order)`` made ``names``): this fails."""
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "generator", str(SEED_SPEC), "--output", str(tmp_path / seed), "--no-cache"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
    assert tree(tmp_path / "1") == tree(tmp_path / "2")


def test_rerun_rewrites_nothing_and_keeps_timestamps(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator(SEED_SPEC, "--output", out).returncode == 0
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.py")}
    result = run_generator(SEED_SPEC, "--output", out)
    assert result.returncode == 0
    assert " 0 files written" in result.stdout
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.py")} == before


def test_one_changed_file_is_replaced_alone_with_the_mode_of_the_others(tmp_path: Path) -> None:
    from generator.write import read_tree, write

    out = tmp_path / "out"
    files = {"pkg/a.py": "a = 1\n", "pkg/b.py": "b = 1\n", "pyproject.toml": "# Generated by openapi-box-generator\n"}
    assert write(out, files) == (3, 0)
    before = {p.name: p.stat() for p in out.rglob("*") if p.is_file()}
    assert write(out, {**files, "pkg/b.py": "b = 2\n"}) == (1, 2)
    after = {p.name: p.stat() for p in out.rglob("*") if p.is_file()}
    assert after.keys() == before.keys(), "no temporary file is left behind"
    assert after["a.py"].st_ino == before["a.py"].st_ino and after["a.py"].st_mtime_ns == before["a.py"].st_mtime_ns
    assert after["b.py"].st_ino != before["b.py"].st_ino
    assert after["b.py"].st_mode == before["b.py"].st_mode
    assert read_tree(out)["pkg/b.py"] == b"b = 2\n"


def test_check_exit_codes_and_stale_listing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator(SEED_SPEC, "--output", out).returncode == 0
    ok = run_generator(SEED_SPEC, "--output", out, "--check")
    assert ok.returncode == 0, ok.stdout

    (out / "box_sessions_client" / "_client.py").write_text("# edited by hand\n")
    (out / "box_sessions_client" / "models" / "client_error.py").unlink()
    (out / "box_sessions_client" / "leftover.py").write_text("")
    snapshot = tree(out)
    stale = run_generator(SEED_SPEC, "--output", out, "--check")
    assert stale.returncode == 1
    listed = {line.strip() for line in stale.stdout.splitlines()[1:]}
    assert listed == {"box_sessions_client/_client.py", "box_sessions_client/models/client_error.py", "box_sessions_client/leftover.py"}
    assert tree(out) == snapshot, "--check must not write"


def test_check_on_missing_output_is_stale(tmp_path: Path) -> None:
    result = run_generator(SEED_SPEC, "--output", tmp_path / "nothing", "--check")
    assert result.returncode == 1
    assert re.fullmatch(r".*nothing is stale: it does not exist \(regenerating writes \d+ files\)\n", result.stdout)
    assert not (tmp_path / "nothing").exists()


def test_leftover_files_of_an_earlier_run_are_removed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_generator(SEED_SPEC, "--output", out).returncode == 0
    (out / "box_sessions_client" / "models" / "old_model.py").write_text("x = 1\n")
    assert run_generator(SEED_SPEC, "--output", out).returncode == 0
    assert not (out / "box_sessions_client" / "models" / "old_model.py").exists()


def test_refuses_to_replace_a_directory_it_did_not_write(tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    result = run_generator(SEED_SPEC, "--output", precious)
    assert result.returncode == 2
    assert "not written by this generator" in result.stderr
    assert (precious / "notes.txt").read_text() == "keep me"


# ------------------------------------------------------------------ bad input

BAD_INPUTS = {
    "missing": (None, r"missing\.yaml: error: file not found"),
    "bad_yaml": ("openapi: 3.0.3\ninfo: [unclosed\n", r"bad_yaml\.yaml:3:1: error: invalid YAML"),
    "bad_json": ('{"openapi": "3.0.3",\n  "info": }', r"bad_json\.json:2:11: error: invalid JSON"),
    "not_mapping": ("- just\n- a list\n", r"not_mapping\.yaml:1:1: error: document is a list"),
    "swagger": ("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n", r"swagger\.yaml:1:10 .*Swagger 2\.0"),
    "version": ("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n", r"1:10 \(/openapi\): error: unsupported"),
    "external_ref": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {$ref: 'missing.yaml#/Thing'}\n",
        r"\(/paths/~1a/get/responses/200/\$ref\): error: \$ref to missing.yaml: file not found",
    ),
    "url_ref": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {$ref: 'https://example.com/api.yaml#/Thing'}\n",
        r"error: \$ref 'https://example.com/api.yaml#/Thing' is a URL; nothing is fetched at generation time",
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
    assert run_generator(SEED_SPEC, "--output", out).returncode == 0
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


@pytest.mark.slow  # the whole Box API: seconds to check cold
def test_main_command_runs_from_repo_root_on_defaults() -> None:
    result = run_generator(SPEC, "--check")  # README's command
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
    assert result.stderr.strip().splitlines() == [
        f"{spec}:7:11 (/paths/~1x/get/parameters/0): warning: cookie parameters are not supported; "
        "the parameter is left out [unsupported-construct]",
        f"{spec}: 1 warning(s): 1 unsupported-construct",
    ]
    strict = run_generator(spec, "--output", tmp_path / "strict", "--strict")
    assert strict.returncode == 2
    assert strict.stderr.strip().splitlines() == [
        f"{spec}:7:11 (/paths/~1x/get/parameters/0): error: cookie parameters are not supported; "
        "the parameter is left out [unsupported-construct] (--strict; 1 warning in all)"
    ]
    assert not (tmp_path / "strict").exists()
    quiet = run_generator(spec, "--output", tmp_path / "quiet", "--quiet")
    assert quiet.returncode == 0 and quiet.stderr == "" and quiet.stdout == ""


# A document with local defects: generated, each defect a warning at its place;
# with --strict, refused at the first of them.
LENIENT = {
    "invalid": (
        "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /x:\n    get:\n      responses:\n"
        "        '200':\n          descriptio: typo\n",
        r"invalid\.yaml:10:11 \(/paths/~1x/get/responses/200\): {level}: not valid OpenAPI 3\.0\.3: "
        r"'description' is a required property \[invalid-document\]",
    ),
    "dangling_ref": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n"
        "        '200':\n          description: ok\n          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Nope'}\n",
        r"dangling_ref\.yaml:11:30 \(/paths/~1x/get/responses/200/content/application~1json/schema/\$ref\): "
        r"{level}: \$ref '#/components/schemas/Nope' points at nothing; .* \[dangling-ref\]",
    ),
    "duplicate_ids": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n"
        "  /b:\n    get: {operationId: same, responses: {'200': {description: ok}}}\n",
        r"7:24 \(/paths/~1b/get/operationId\): {level}: operationId 'same' is already used by GET /a; "
        r"both are generated.* \[duplicate-operation-id\]",
    ),
    "undeclared_path_parameter": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /a/{id}:\n    get: {responses: {'200': {description: ok}}}\n",
        r"\(/paths/~1a~1\{id\}/get\): {level}: path parameter 'id' of GET /a/\{id\} is not declared; "
        r"it is a str argument \[undeclared-path-parameter\]",
    ),
    "ref_cycle": (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        "        '200': {$ref: '#/components/responses/A'}\ncomponents:\n  responses:\n"
        "    A: {$ref: '#/components/responses/B'}\n    B: {$ref: '#/components/responses/A'}\n",
        r"{level}: \$ref cycle that never reaches a definition: "
        r"#/components/responses/A → #/components/responses/B → #/components/responses/A; .*\[dangling-ref\]",
    ),
}


# Three of the cases in the full suite only: test_lenient checks those defects in-process.
_LENIENT_SLOW = {"dangling_ref", "duplicate_ids", "undeclared_path_parameter"}


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=[pytest.mark.slow] if n in _LENIENT_SLOW else []) for n in sorted(LENIENT)]
)
def test_a_local_defect_is_a_warning_and_strict_refuses_it(
    tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    content, pattern = LENIENT[name]
    spec = tmp_path / f"{name}.yaml"
    spec.write_text(content)
    assert main([str(spec), "--output", str(tmp_path / "out"), "--no-cache"]) == 0
    err = capsys.readouterr().err
    assert re.search(pattern.replace("{level}", "warning"), err), err
    assert (tmp_path / "out").is_dir()

    assert main([str(spec), "--output", str(tmp_path / "strict"), "--no-cache", "--strict"]) == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(str(spec)) and re.search(pattern.replace("{level}", "error"), lines[0]), lines[0]
    assert not (tmp_path / "strict").exists()


def test_operation_selection_keeps_what_it_reaches(tmp_path: Path) -> None:
    petstore = ROOT / "tests" / "specs" / "petstore.yaml"
    out = tmp_path / "out"
    result = run_generator(petstore, "--output", out, "--operation", "getOrder")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("petstore_client: 1 operation, 3 models (5 classes with inline ones), ")
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
    spec.write_text(SEED_SPEC.read_text())
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
