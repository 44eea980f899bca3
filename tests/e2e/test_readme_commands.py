"""README.md as a new user meets it: each command and example, copied as written, works.

The fenced blocks are read from the README itself, so it cannot drift from the code:

- ``sh`` blocks: each command line runs as written, under bash, in a scratch copy of
  the repository (the working tree, committed afresh in a new git repository, with
  ``../shared`` reached through a link), with a virtualenv's ``python`` first on ``PATH``; afterwards the copy must be clean (``git status``), which also
  proves the goldens and generated/ current. Two commands cannot run inside a test:
  the set-up command (CI runs it first, on a fresh machine) and the full test command
  (it would run this test again); each must be a line of ``.ci/run``, verbatim. The
  benchmarks install their peers into the copy's ``.bench/`` (afresh on every run: a
  virtualenv's scripts name its absolute path) and take minutes at their defaults:
  ``bench/import_time.py`` runs with ``--runs 3`` (21 take 11 s); ``bench/generate.py`` runs with
  ``--runs 1 --documents box --spec tests/specs/box_sessions.yaml`` (one round, on the
  seed's two Box operations: the whole Box API and the six documents take minutes) and
  ``bench/client_overhead.py`` with ``--calls 100 --rounds 1`` (their documented arguments
  at their smallest), the rest of the line as written. The golden and wild update
  commands run on one case each (``-k``): the suite runs every case itself.
- ``python`` blocks run against Prism serving spec/box.yaml, with ``BOX_BASE_URL``
  pointing the client there and generated/ importable; top-level ``await`` allowed. The
  OAuth token endpoint of spec/box.yaml (``https://api.box.com/oauth2/token``) is
  answered by a stand-in inside the process (``ClientCredentials`` examples), and any
  other request to api.box.com fails the example: nothing leaves the machine. A block
  that cannot run (a fragment) is marked ``<!-- not run: why -->`` on the line before;
  an unmarked block that fails, fails the test.
- ``toml`` blocks (the Configuration example) become the ``pyproject.toml`` of a scratch
  repository holding what the settings name (a spec with the named operations, the
  extras directory, this repository's templates directory), and ``python -m generator``
  must generate from them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, SPEC, PrismServer

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

pytestmark = pytest.mark.slow

README = ROOT / "README.md"
_FENCE = re.compile(
    r"^(?P<indent> *)```(?P<lang>[a-z]*)\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.S | re.M,
)
_NOT_RUN = re.compile(r"<!-- not run: (?P<why>[^>]+) -->\s*\Z")

# Commands a test cannot run; .ci/run runs each of them verbatim.
IN_CI = {
    "python -m pip install -e '.[dev]' -e ./generated && npm ci --no-audit --no-fund": "set-up",
    "python -m pytest": "the full test run (this test is part of it)",
}
# Benchmarks whose defaults take minutes: their smallest documented arguments (the Box
# document as --spec: the seed's two operations). The update commands re-run tests the suite
# runs anyway: one case each shows that the command and its option work (a later -k wins).
CHEAPER = {
    "python bench/generate.py": "--runs 1 --documents box --spec tests/specs/box_sessions.yaml",
    "python -m pytest tests/golden/test_golden.py --update-goldens": "-k petstore",
    "python -m pytest tests/e2e/test_wild.py --update-wild -k warnings": "-k 'warnings and tictactoe'",
    "python bench/client_overhead.py": "--calls 100 --rounds 1",
    "python bench/serde.py": "--rounds 1 --entries 50 --seconds 0.01",
    "python bench/import_time.py": "--runs 3",
}


@dataclass(frozen=True)
class Block:
    lang: str
    body: str
    line: int
    not_run: str | None


def readme_blocks(text: str | None = None) -> list[Block]:
    """Every fenced block of the README, its body dedented, with its not-run mark."""
    text = README.read_text(encoding="utf-8") if text is None else text
    found = []
    for match in _FENCE.finditer(text):
        indent = len(match["indent"])
        body = "".join(
            line[indent:] for line in match["body"].splitlines(keepends=True)
        )
        mark = _NOT_RUN.search(text[: match.start()].rstrip(" "))
        line = text.count("\n", 0, match.start()) + 1
        found.append(Block(match["lang"], body, line, mark["why"] if mark else None))
    return found


def shell_commands(blocks: list[Block]) -> list[str]:
    """Each command line of the ``sh`` blocks, in order, once (comment lines and blank lines
    left out; a line that differs from an earlier one only by its comment is the same command).
    """
    commands: dict[str, str] = {}
    for block in blocks:
        if block.lang != "sh":
            continue
        for line in block.body.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.setdefault(_program(line), line)
    return list(commands.values())


def _program(command: str) -> str:
    return command.split(" #", 1)[0].rstrip()


def as_run(command: str) -> str:
    """The command as the test runs it: as written, or a benchmark with cheaper arguments."""
    program = _program(command)
    return f"{program} {CHEAPER[program]}" if program in CHEAPER else command


# ------------------------------------------------------------------ the parser itself


def test_blocks_are_found_with_their_marks() -> None:
    text = "a\n```sh\nx  # c\n# only a comment\n```\n<!-- not run: needs a key -->\n  ```python\n  y = 1\n  ```\n"
    blocks = readme_blocks(text)
    assert [(b.lang, b.body, b.not_run) for b in blocks] == [
        ("sh", "x  # c\n# only a comment\n", None),
        ("python", "y = 1\n", "needs a key"),
    ]
    assert shell_commands(blocks) == ["x  # c"]
    assert (
        as_run("python bench/generate.py   # slow")
        == "python bench/generate.py --runs 1 --documents box --spec tests/specs/box_sessions.yaml"
    )


def test_the_readme_has_the_blocks_this_test_runs() -> None:
    blocks = readme_blocks()
    langs = {b.lang for b in blocks}
    assert {"sh", "python", "toml"} <= langs
    assert set(IN_CI) <= set(
        shell_commands(blocks)
    ), "the README's set-up or test command changed: update IN_CI"
    assert set(CHEAPER) <= {_program(c) for c in shell_commands(blocks)}


# ------------------------------------------------------------------ sh


def test_ci_runs_the_readme_set_up_and_test_commands_verbatim() -> None:
    ci_lines = {
        line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()
    }
    commands = [c for c in shell_commands(readme_blocks()) if c in IN_CI]
    assert sorted(commands) == sorted(IN_CI)
    for command in commands:
        assert (
            command in ci_lines
        ), f".ci/run does not run the README's {IN_CI[command]} command: {command}"
    ran = [
        line for line in ci_lines if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert sorted(ran) == sorted(
        IN_CI
    ), ".ci/run runs something the README does not say"


def scratch_copy(tmp_path: Path) -> Path:
    """The working tree (tracked and untracked files, not ignored ones) in a fresh git repository."""
    repo = tmp_path / "repo"
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file() and not source.is_symlink():
            (repo / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / rel)
    (repo / "node_modules").symlink_to(ROOT / "node_modules")
    if (ROOT.parent / "shared").exists():
        (tmp_path / "shared").symlink_to((ROOT.parent / "shared").resolve())
    git = [
        "git",
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run([*git, "add", "-A"], cwd=repo, check=True)
    subprocess.run([*git, "commit", "-qm", "scratch"], cwd=repo, check=True)
    return repo


def test_readme_shell_commands_work_and_leave_the_copy_clean(tmp_path: Path) -> None:
    repo = scratch_copy(tmp_path)
    venv = tmp_path / "venv"
    subprocess.run(
        [sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
        check=True,
        timeout=120,
    )
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(venv)
    failed = []
    for command in shell_commands(readme_blocks()):
        if command in IN_CI:
            continue  # checked against .ci/run above
        start = time.monotonic()
        done = subprocess.run(
            ["bash", "-c", as_run(command)],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )
        print(
            f"{time.monotonic() - start:6.1f} s  {as_run(command)}"
        )  # shown with -s: what each costs
        # A benchmark exits 1 when its target is not met: it ran, and says so.
        missed_target = (
            command.startswith("python bench/")
            and done.returncode == 1
            and "NOT met" in done.stdout
        )
        if done.returncode != 0 and not missed_target:
            failed.append(
                f"$ {as_run(command)}\nexit {done.returncode}\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
            )
    assert not failed, "\n\n".join(failed)
    status = subprocess.run(
        ["git", "status", "--porcelain"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (
        status.stdout == ""
    ), f"the README's commands changed the repository:\n{status.stdout}"


# ------------------------------------------------------------------ python

# Runs one README block: api.box.com is this process's stand-in (its token endpoint only),
# top-level await is allowed, and the block is otherwise exactly what the README shows.
RUNNER = """
import ast, asyncio, sys, httpx

def _stand_in(request):
    if request.url.path != "/oauth2/token":
        raise AssertionError(f"the example would leave the machine: {request.url}")
    return httpx.Response(200, json={"access_token": "from-the-stand-in", "expires_in": 3600})

_sync, _async = httpx.HTTPTransport.handle_request, httpx.AsyncHTTPTransport.handle_async_request

def handle_request(self, request):
    return _stand_in(request) if request.url.host == "api.box.com" else _sync(self, request)

async def handle_async_request(self, request):
    return _stand_in(request) if request.url.host == "api.box.com" else await _async(self, request)

httpx.HTTPTransport.handle_request = handle_request
httpx.AsyncHTTPTransport.handle_async_request = handle_async_request
source = open(sys.argv[1], encoding="utf-8").read()
code = compile(source, "<README.md>", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
result = eval(code, {"__name__": "__main__"})
if asyncio.iscoroutine(result):
    asyncio.run(result)
"""


def test_readme_python_examples_run_against_prism(
    tmp_path: Path, prism_box: PrismServer
) -> None:
    blocks = [b for b in readme_blocks() if b.lang == "python"]
    assert blocks
    runner = tmp_path / "runner.py"
    runner.write_text(RUNNER)
    env = {
        **os.environ,
        "PYTHONPATH": str(GENERATED),
        "BOX_BASE_URL": f"{prism_box.url}",
    }
    env.pop("BOX_TOKEN", None)
    failed, ran = [], 0
    for index, block in enumerate(blocks):
        if block.not_run:
            continue
        source = tmp_path / f"block{index}.py"
        source.write_text(block.body)
        done = subprocess.run(
            [sys.executable, str(runner), str(source)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        ran += 1
        if done.returncode != 0:
            failed.append(
                f"README.md line {block.line} (mark it <!-- not run: why --> if it cannot run):\n"
                f"{done.stderr[-3000:]}"
            )
    assert not failed, "\n\n".join(failed)
    assert ran >= 2


# ------------------------------------------------------------------ toml


def test_configuration_example_works_as_a_repository_settings(tmp_path: Path) -> None:
    blocks = [b for b in readme_blocks() if b.lang == "toml"]
    assert blocks
    for index, block in enumerate(blocks):
        repo = tmp_path / f"repo{index}"
        repo.mkdir()
        (repo / "pyproject.toml").write_text(block.body)
        settings = tomllib.loads(block.body)["tool"]["generator"]
        spec = repo / settings["spec"]
        spec.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "tests" / "specs" / "petstore.yaml", spec)  # it has listPets
        if "extras" in settings:
            extras = repo / settings["extras"]
            extras.mkdir(parents=True)
            (extras / "greeting.py").write_text(
                '__all__ = ["GREETING"]\n\nGREETING = "hello"\n'
            )
        if "templates" in settings:
            assert (
                ROOT / settings["templates"]
            ).is_dir(), f"{settings['templates']} is not in this repository"
            shutil.copytree(ROOT / settings["templates"], repo / settings["templates"])
        done = subprocess.run(
            [sys.executable, "-m", "generator"],
            cwd=repo,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert (
            done.returncode == 0
        ), f"README.md line {block.line}:\n{done.stdout}{done.stderr}"
        package = repo / settings["output"] / settings["package"]
        assert (package / "_client.py").is_file()
        methods = "".join(p.read_text() for p in (package / "resources").glob("*.py"))
        for name in settings.get("method-names", {}).values():
            assert f"def {name}(" in methods


# ------------------------------------------------------------------ figures


def test_black_figure_under_speed_is_the_generators() -> None:
    """ "N of the M files for the complete Box description, P% of the bytes" (see generator/format.py)."""
    from generator.format import needs_black
    from generator.pipeline import Options, build_model, document
    from generator.render import preformatted, render

    figure = re.search(
        r"\((\d+) of the (\d+) files for the complete Box description, (\d+)% of the bytes",
        README.read_text(encoding="utf-8"),
    )
    assert figure, "the black figure under Speed is gone: update this test"
    api, _, _ = build_model(document(SPEC), Options(package="box_full"))
    rendered = render(api, source=SPEC.name, templates=None)
    final = preformatted("box_full", None)
    black = [
        p
        for p, t in rendered.items()
        if p.endswith(".py") and p not in final and needs_black(t)
    ]
    share = round(
        100
        * sum(len(rendered[p]) for p in black)
        / sum(len(t) for t in rendered.values())
    )
    assert (int(figure[1]), int(figure[2]), int(figure[3])) == (
        len(black),
        len(rendered),
        share,
    )


def test_the_ci_example_installs_the_generator_from_its_repository() -> None:
    text = (ROOT / "examples" / "ci" / "regenerate-client.yml").read_text()
    installs = re.findall(r"run: (pip install .*)", text)
    assert len(installs) == 2
    for install in installs:
        assert "git+https://" in install and "==" not in install, install
