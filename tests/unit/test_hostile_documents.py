"""Hostile documents: the generator's budgets and refusals (issue 14, "the generator has budgets").

Every case ends in a located one-line error (exit 2) or is handled; none in a
traceback, a hang or unbounded memory. Every case runs under a time and a memory
limit: cases that could hang or exhaust memory run in a child process under a
timeout and an address-space limit; the rest are interrupted past ``SECONDS``, with
their address space capped ``HEADROOM`` over the test process's (the ``budget`` fixture).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from generator.errors import SpecError
from generator.load import load

ROOT = Path(__file__).resolve().parents[2]
HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
# The child's limits: far above what a refused document needs, far below what a bomb takes.
CHILD = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from generator.cli import main
    sys.exit(main(sys.argv[1:]))
    """
)


SECONDS = 30
HEADROOM = 1 << 30  # address space a case may add to what the test process already maps


@pytest.fixture(autouse=True)
def budget() -> Iterator[None]:
    """The in-process limits of every case here: interrupted past ``SECONDS``, and its
    address space capped at ``HEADROOM`` over the process's (a ``MemoryError`` past it)."""

    def interrupt(signum: int, frame: object) -> None:
        raise TimeoutError(f"a hostile-document case ran past {SECONDS} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, SECONDS)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    mapped = _mapped_bytes()
    if mapped is not None:
        cap = mapped + HEADROOM
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _mapped_bytes() -> int | None:
    """This process's address space now (Linux), or None where it cannot be read."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE")


def run_limited(tmp_path: Path, *args: str, seconds: float = 5.0) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", CHILD, *args, "--output", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=seconds,
        cwd=tmp_path,
        env=env,
    )


def alias_bomb() -> str:
    text = HEAD + "x-bomb:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
    previous = "a"
    for name in "bcdefghi":
        text += f"  {name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n"
        previous = name
    return text


def refused(tmp_path: Path, text: str, name: str = "doc.yaml") -> SpecError:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SpecError) as caught:
        load(path)
    return caught.value


def test_an_alias_bomb_is_refused_fast_with_its_location(tmp_path: Path) -> None:
    text = alias_bomb()
    assert len(text) < 600
    (tmp_path / "bomb.yaml").write_text(text)
    started = time.monotonic()
    done = run_limited(tmp_path, "bomb.yaml")
    assert time.monotonic() - started < 5
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    line = done.stderr.strip()
    assert line.startswith("bomb.yaml:") and "alias" in line and "\n" not in line


# A bomb's aliases written in each place a node can start: the text is walked whatever their layout.
BOMB_LAYOUTS = {
    "flow list": lambda p: "[" + ",".join([f"*{p}"] * 9) + "]",
    "flow mapping, JSON-like keys": lambda p: "{" + ",".join(f'"k{i}":*{p}' for i in range(9)) + "}",
    "block list": lambda p: "".join(f"\n    - *{p}" for _ in range(9)),
    "block mapping": lambda p: "".join(f"\n    k{i}: *{p}" for i in range(9)),
    "tab before": lambda p: "[" + ",".join([f"\t*{p}"] * 9) + "]",
}


@pytest.mark.parametrize("layout", BOMB_LAYOUTS.values(), ids=BOMB_LAYOUTS.keys())
def test_an_alias_bomb_is_refused_however_its_aliases_are_written(
    tmp_path: Path, layout: Callable[[str], str]
) -> None:
    text = HEAD + "x-bomb:\n  a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n"
    for previous, name in zip("abcdefgh", "bcdefghi"):
        text += f"  {name}: &{name} {layout(previous)}\n"
    assert "alias" in refused(tmp_path, text).what


def test_ordinary_sharing_by_aliases_still_loads(tmp_path: Path) -> None:
    text = HEAD + "x-shared:\n  a: &a {type: string}\n  b: [*a, *a, *a]\n"
    (tmp_path / "doc.yaml").write_text(text)
    assert load(tmp_path / "doc.yaml").data["x-shared"]["b"] == [{"type": "string"}] * 3


def test_an_alias_to_its_own_node_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, HEAD + "x-c: &c [*c]\n")
    assert error.where == "4:6" and "recursive" in error.what


@pytest.mark.parametrize(
    "value",
    ["1" * 4301, "-" + "9" * 5000, "0x" + "f" * 4000, "1_" * 4400 + "1"],
    ids=["decimal", "negative", "hex", "underscores"],
)
def test_integers_over_the_digit_limit_are_refused_in_yaml(tmp_path: Path, value: str) -> None:
    text = HEAD + f"components:\n  schemas:\n    A: {{type: integer, enum: [{value}]}}\n"
    error = refused(tmp_path, text)
    assert error.where == "6:31" and "4300 digits" in error.what


@pytest.mark.parametrize("key", ["enum", "const", "default", "example"])
def test_integers_over_the_digit_limit_are_refused_in_json(tmp_path: Path, key: str) -> None:
    value = "[" + "7" * 5000 + "]" if key == "enum" else "7" * 5000
    text = '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {},\n'
    text += f'"components": {{"schemas": {{"A": {{"type": "integer", "{key}": {value}}}}}}}}}\n'
    error = refused(tmp_path, text, "doc.json")
    assert error.where.startswith("2:") and "4300 digits" in error.what


def test_integers_near_the_limit_still_load(tmp_path: Path) -> None:
    text = HEAD + f"x-n: {'1' * 4300}\nx-h: 0x{'f' * 100}\n"
    (tmp_path / "doc.yaml").write_text(text)
    assert load(tmp_path / "doc.yaml").data["x-h"] == int("f" * 100, 16)


def test_a_lone_surrogate_in_json_is_refused_with_its_location(tmp_path: Path) -> None:
    text = '{"openapi": "3.1.0", "info": {"title": "t", "version": "1"},\n"paths": {}, "x-s": "ok \\ud83d\\ude00 \\ud800"}'
    error = refused(tmp_path, text, "doc.json")
    assert error.where == "2:38" and "surrogate" in error.what


def test_a_paired_surrogate_escape_is_a_character(tmp_path: Path) -> None:
    path = tmp_path / "doc.json"
    path.write_text('{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}, "x-s": "\\ud83d\\ude00"}')
    assert load(path).data["x-s"] == "\U0001f600"


def test_a_lone_surrogate_in_yaml_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, HEAD + 'x-s: "\\ud800"\n')
    assert error.where.startswith("4:")


@pytest.mark.parametrize(
    ("tag", "value"), [("binary", "aGVsbG8="), ("set", "{a, b}"), ("omap", "[{a: 1}]"), ("pairs", "[{a: 1}]")]
)
def test_yaml_values_json_has_no_word_for_are_refused(tmp_path: Path, tag: str, value: str) -> None:
    error = refused(tmp_path, HEAD + f"x-v: !!{tag} {value}\n")
    assert error.where == "4:6" and f"!!{tag}" in error.what


def test_an_explicit_timestamp_keeps_its_text(tmp_path: Path) -> None:
    (tmp_path / "doc.yaml").write_text(HEAD + "x-v: !!timestamp 2024-01-01T10:00:00Z\n")
    assert load(tmp_path / "doc.yaml").data["x-v"] == "2024-01-01T10:00:00Z"


def test_hostile_scalars_end_in_exit_2_through_the_command_line(tmp_path: Path) -> None:
    (tmp_path / "doc.yaml").write_text(HEAD + "components:\n  schemas:\n    A: {type: string, default: !!binary aGk=}\n")
    done = run_limited(tmp_path, "doc.yaml", seconds=30)
    assert done.returncode == 2 and done.stderr.startswith("doc.yaml:6:"), done.stderr


NON_FINITE = """{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {
  "operationId": "getX",
  "parameters": [{"name": "n", "in": "query", "schema": {"type": "number", "default": 1e400,
                  "enum": [1e400, -1e400, NaN], "example": -Infinity}}],
  "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {
      "type": "object", "properties": {"a": {"type": "number", "default": NaN, "maximum": 1e400,
                                              "enum": [1e400, 2.5], "const": Infinity}}}}}}}}}}}"""


def test_non_finite_numbers_are_handled(tmp_path: Path) -> None:
    """``1e400``, ``NaN`` and ``Infinity`` (which Python's JSON reader takes) in defaults, enums,
    examples and bounds: a client that imports, never ``inf`` or ``nan`` pasted into code."""
    from conftest import run_generator

    (tmp_path / "doc.json").write_text(NON_FINITE)
    done = run_generator(tmp_path / "doc.json", "--output", tmp_path / "out", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    package = tmp_path / "out" / "doc_client"
    for module in package.rglob("*.py"):
        compile(module.read_text(), str(module), "exec")
    found = subprocess.run([sys.executable, "-c", "import doc_client.resources.default, doc_client.models"],
                           cwd=tmp_path / "out", capture_output=True, text=True, timeout=60)
    assert found.returncode == 0, found.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "doc.yaml").write_text(HEAD.replace("paths: {}", "paths:\n  /a:\n    $ref: 'pipe.yaml#/x'"))
    done = run_limited(tmp_path, "doc.yaml", seconds=30)
    assert done.returncode == 2 and "$ref to pipe.yaml: is a FIFO, not a regular file" in done.stderr, done.stderr
    done = run_limited(tmp_path, "pipe.yaml", seconds=30)
    assert done.returncode == 2 and "is a FIFO, not a regular file" in done.stderr, done.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_as_the_document(tmp_path: Path) -> None:
    done = run_limited(tmp_path, "/dev/zero", seconds=30)
    assert done.returncode == 2 and "not a regular file" in done.stderr, done.stderr


def generate_in_process(spec: Path, output: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from generator.cli import main

    code = main([str(spec), "--output", str(output), "--no-cache", "--quiet"])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("where", ["/proc/generated", "/sys/generated", "FILE/out"])
def test_an_output_that_cannot_be_written_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    if where.startswith("/") and not Path("/" + where.split("/")[1]).exists():
        pytest.skip("no such file system here")
    (tmp_path / "FILE").write_text("")
    output = tmp_path / where if where.startswith("FILE") else Path(where)
    code, err = generate_in_process(ROOT / "tests" / "specs" / "box_sessions.yaml", output, capsys)
    assert code == 2, err
    assert err.startswith(f"error: cannot write {output}: ") and err.count("\n") == 1
    if where.startswith("FILE"):
        assert "FILE is a file, not a directory" in err


@pytest.mark.slow  # seconds each: the full suite runs it, the inner loop does not
@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_generates(tmp_path: Path) -> None:
    name = os.fsdecode(b"b\xffx.yaml")
    (tmp_path / name).write_bytes((ROOT / "tests" / "specs" / "box_sessions.yaml").read_bytes())
    # With the cache: its keys are where the name's bytes used to fail.
    done = run_limited(tmp_path, name, "--cache-dir", str(tmp_path / "cache"), seconds=60)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "pyproject.toml").exists()


def test_a_referenced_file_cannot_spoof_the_prose_tokens(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    (tmp_path / "root.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1', description: SECRET-PROSE}\npaths: {}\n"
        "components:\n  schemas:\n    A: {$ref: 'other.yaml#/A'}\n"
    )
    (tmp_path / "other.yaml").write_text(
        'A:\n  type: object\n  properties:\n    "\\ue0000\\ue001": {type: string}\n    "\\ue0009\\ue001": {type: string}\n',
    )
    args = ["--output", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"), "--quiet"]
    assert main([str(tmp_path / "root.yaml"), *args]) == 0, capsys.readouterr().err
    models = "".join(p.read_text() for p in (tmp_path / "out").rglob("models/*.py"))
    assert "SECRET-PROSE" not in models
    assert "\\ue000" in models or "\ue000" in models


def test_a_token_past_the_table_is_kept_not_a_crash() -> None:
    from generator.incremental import prose

    assert prose.restore("a \ue0005\ue001 b \ue0000\ue001", ("zero",)) == "a \ue0005\ue001 b zero"
    assert prose.texts_of([0, 5], ("zero",)) == b"zero"


REDOS = HEAD + (
    "components:\n  schemas:\n    A:\n      type: string\n      pattern: '^(a+)+$'\n"
    "      default: '" + "a" * 60 + "!'\n"
)


@pytest.mark.slow  # seconds each: the full suite runs it, the inner loop does not
def test_a_check_past_the_time_limit_is_named_not_waited_on(tmp_path: Path) -> None:
    (tmp_path / "redos.yaml").write_text(REDOS)
    os.environ["OPENAPI_BOX_GENERATOR_VALIDATION_SECONDS"] = "2"
    try:
        started = time.monotonic()
        done = run_limited(tmp_path, "redos.yaml", "--no-cache", seconds=60)
        lenient_seconds = time.monotonic() - started
        strict = run_limited(tmp_path, "redos.yaml", "--no-cache", "--strict", seconds=60)
    finally:
        del os.environ["OPENAPI_BOX_GENERATOR_VALIDATION_SECONDS"]
    assert done.returncode == 0 and lenient_seconds < 20, done.stderr
    assert "the check check_schema ran past the 2 s limit" in done.stderr and "[validator-failed]" in done.stderr
    assert strict.returncode == 2 and "check_schema ran past" in strict.stderr, strict.stderr


@pytest.mark.parametrize(("given", "seconds"), [("", 60.0), ("5", 5.0), ("0.5", 0.5), ("-1", 60.0), ("nan", 60.0), ("x", 60.0)])
def test_the_validation_time_limit_is_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, given: str, seconds: float
) -> None:
    from generator.pipeline import validation_seconds

    monkeypatch.setenv("OPENAPI_BOX_GENERATOR_VALIDATION_SECONDS", given)
    assert validation_seconds() == seconds


@pytest.mark.slow  # seconds each: the full suite runs it, the inner loop does not
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_output_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    os.mkfifo(tmp_path / "out" / "pyproject.toml")
    spec = str(ROOT / "tests" / "specs" / "box_sessions.yaml")
    checked = run_limited(tmp_path, spec, "--no-cache", "--check", seconds=60)
    assert checked.returncode == 1 and "pyproject.toml" in checked.stdout, checked.stderr
    done = run_limited(tmp_path, spec, "--no-cache", seconds=60)
    assert done.returncode == 2 and "was not written by this generator" in done.stderr, done.stderr
