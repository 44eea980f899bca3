"""Extras: hand-written modules copied into the emitted package (generator.extras), through the command line.

Copied byte for byte and re-exported lazily from the package root; seen by
``--check``; never replayed stale from the caches; refused, one line and exit
2, where they cannot be copied safely.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_generator
from generator import extras as extras_module

# One operation, one model: the extras are what is tested, and the session's caches keep it quick.
TINY = """openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: a pet
          content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
"""
GREETING = '"""A hand-written extra."""\r\n\r\n__all__ = ["greet", "Greeter"]\r\n\r\n\r\ndef greet() -> str:\r\n    return "hi"\r\n\r\n\r\nclass Greeter:\r\n    pass\r\n'
HELPER = (
    "from __future__ import annotations\n\nimport json  # what an optional dependency would be\n\n"
    '__all__: list[str] = ["VALUE"]\n\nVALUE = json.dumps(1)\n'
)


def project(tmp_path: Path, extras: dict[str, str] | None = None, table: str = "") -> Path:
    """A repository whose [tool.generator] names an extras directory holding ``extras``."""
    repo = tmp_path / "repo"
    (repo / "extras").mkdir(parents=True)
    for name, text in (extras if extras is not None else {"greeting.py": GREETING, "helper.py": HELPER}).items():
        (repo / "extras" / name).write_bytes(text.encode())
    (repo / "pets.yaml").write_text(TINY)
    (repo / "pyproject.toml").write_text(
        f'[tool.generator]\nspec = "pets.yaml"\noutput = "out"\npackage = "pets"\nextras = "extras"\n{table}'
    )
    return repo


def test_extras_are_copied_as_they_are_and_re_exported_lazily(tmp_path: Path) -> None:
    repo = project(tmp_path, table='\n[tool.generator.extras-dependencies]\njwt = ["pyjwt[crypto]>=2"]\n')
    done = run_generator(cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "2 extras" in done.stdout
    package = repo / "out" / "pets"
    assert (package / "greeting.py").read_bytes() == GREETING.encode()  # CRLF and all, no header
    assert (package / "helper.py").read_bytes() == HELPER.encode()
    assert '[project.optional-dependencies]\n"jwt" = ["pyjwt[crypto]>=2"]' in (repo / "out" / "pyproject.toml").read_text()
    code = (
        "import sys, pets; assert 'pets.greeting' not in sys.modules; "
        "assert pets.greet() == 'hi' and pets.Greeter.__module__ == 'pets.greeting'; "
        "assert 'greet' in pets.__all__ and 'helper' not in pets.__all__; "
        "assert pets.greet is pets.greeting.greet and pets.VALUE == '1'"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=repo / "out", capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_the_extras_option_wins_over_pyproject(tmp_path: Path) -> None:
    repo = project(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "solo.py").write_text("X = 1\n")
    done = run_generator("--extras", other, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "1 extra," in done.stdout
    assert (repo / "out" / "pets" / "solo.py").is_file() and not (repo / "out" / "pets" / "greeting.py").exists()


def test_check_reports_a_changed_or_missing_extra(tmp_path: Path) -> None:
    repo = project(tmp_path)
    assert run_generator(cwd=repo).returncode == 0
    assert run_generator("--check", cwd=repo).returncode == 0
    (repo / "extras" / "helper.py").write_text(HELPER + "MORE = 2\n")  # the source edited
    stale = run_generator("--check", cwd=repo)
    assert stale.returncode == 1 and "pets/helper.py" in stale.stdout
    assert run_generator(cwd=repo).returncode == 0
    (repo / "out" / "pets" / "helper.py").unlink()  # the copy lost
    stale = run_generator("--check", cwd=repo)
    assert stale.returncode == 1 and "pets/helper.py" in stale.stdout


def test_an_edited_extra_is_never_replayed_from_the_caches(tmp_path: Path) -> None:
    repo = project(tmp_path)
    package = repo / "out" / "pets"
    assert run_generator(cwd=repo).returncode == 0  # with the session's caches, as every run here
    edited = GREETING.replace('return "hi"', 'return "hello"')
    (repo / "extras" / "greeting.py").write_text(edited)  # the same __all__: the run itself is replayed
    assert run_generator(cwd=repo).returncode == 0
    assert 'return "hello"' in (package / "greeting.py").read_text()
    (repo / "extras" / "greeting.py").write_text('__all__ = ["greet"]\n\n\ndef greet() -> str:\n    return "hey"\n')
    assert run_generator(cwd=repo).returncode == 0
    root = (package / "__init__.py").read_text()
    assert '"greet": "greeting"' in root and "Greeter" not in root  # the new __all__, not the cached one


def _fifo(directory: Path) -> None:
    os.mkfifo(directory / "pipe.py")


def _symlink(directory: Path) -> None:
    (directory.parent / "real.py").write_text("X = 1\n")
    (directory / "linked.py").symlink_to(directory.parent / "real.py")


REFUSED = {
    "not-python": ({"notes.txt": "hello"}, "must be a Python module"),
    "bad-module-name": ({"my-module.py": "X = 1\n"}, "must be a Python module"),
    "a-generated-module": ({"_client.py": "X = 1\n"}, "name of a generated module"),
    "a-generated-subpackage": ({"models.py": "X = 1\n"}, "name of a generated module"),
    "the-package-root": ({"__init__.py": "X = 1\n"}, "name of a generated module"),
    "syntax-error": ({"broken.py": "def (:\n"}, "invalid Python"),
    "not-utf8": ({"latin.py": "X = '\udce9'\n"}, "must be UTF-8"),
    "computed-all": ({"dyn.py": "__all__ = [n for n in ('a',)]\n"}, "literal list of strings"),
    "root-name": ({"mine.py": '__all__ = ["Client"]\nClient = 1\n'}, "package root has already"),
    "module-name": ({"a.py": '__all__ = ["b"]\nb = 1\n', "b.py": "X = 1\n"}, "the name of an extras module"),
    "augmented-all": ({"aug.py": '__all__ = ["a"]\n__all__ += ["b"]\na = b = 1\n'}, "literal list of strings"),
    "twice": ({"a.py": '__all__ = ["x"]\nx = 1\n', "b.py": '__all__ = ["x"]\nx = 2\n'}, "__all__ of both"),
}


@pytest.mark.parametrize("case", [*REFUSED, "missing-dir", "a-file", "unlistable", "fifo", "symlink", "bad-extra-name"])
def test_extras_that_cannot_be_copied_safely_are_refused(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    extras, words = REFUSED.get(case, ({}, ""))
    repo = project(tmp_path, {k: v for k, v in extras.items() if k != "latin.py"})
    if case == "not-utf8":
        (repo / "extras" / "latin.py").write_bytes(b"X = '\xe9'\n")
    elif case == "missing-dir":
        (repo / "extras").rmdir()
        words = "extras directory cannot be read"
    elif case == "a-file":
        (repo / "extras").rmdir()
        (repo / "extras").write_text("X = 1\n")
        words = "is not a directory"
    elif case == "unlistable":  # as a directory without read permission is, for anyone but root

        def refuse(path: object) -> list[str]:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(extras_module.os, "listdir", refuse)
        words = "extras directory cannot be read: Permission denied"
    elif case == "fifo":
        _fifo(repo / "extras")
        words = "must be a regular file, not a FIFO"
    elif case == "symlink":
        _symlink(repo / "extras")
        words = "symbolic link"
    elif case == "bad-extra-name":
        with (repo / "pyproject.toml").open("a") as handle:
            handle.write('\n[tool.generator.extras-dependencies]\n"not ok!" = ["x"]\n')
        words = "not a name pip accepts"
    done = run_generator(cwd=repo)
    assert done.returncode == 2, done.stdout + done.stderr
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert not (repo / "out").exists()
