"""Runs the tests on every Python version the project claims (generator/pythons.py).

    python scripts/matrix.py                   # every version this machine has
    python scripts/matrix.py --python 3.10     # one version (repeatable)
    python scripts/matrix.py --session fast    # one session: fast or runtime

Per version, in a virtualenv of its own (``.matrix/<version>``, made by that
interpreter's ``venv`` module and filled by pip from the project's own files, the set-up
command of the README: ``-e '.[dev]' -e ./generated``), two sessions:

- ``fast``: the generator's fast tier, ``pytest -m "not slow"`` (it holds the emitted
  runtime's unit tests too, against the fault-injecting server);
- ``runtime``: the emitted clients' end-to-end tests over real HTTP, against Prism
  (the Box client and the corpus) and the fault-injecting server.

A version the machine does not have is skipped with a line naming it; the exit status is
that of the sessions run (0 when all passed, 1 otherwise). The venv is reused while the
files it was built from are unchanged.

Why a script and not nox: nox finds an interpreter as ``python3.X`` on PATH, and here
those are pyenv shims that fail for every version but the global one; the script looks
in pyenv's versions folder too. The rest nox would do (a venv, an install, a command per
session) is a few lines here, and the project gains no dependency.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pythons import PYTHON_VERSIONS  # noqa: E402

VENVS = ROOT / ".matrix"
# What a venv is built from: a change to any of these builds it again.
INSTALLED_FROM = ("pyproject.toml", "generated/pyproject.toml")

RUNTIME_TESTS = (
    "tests/e2e/test_e2e_prism.py",
    "tests/e2e/test_e2e_box_full.py",
    "tests/e2e/test_e2e_corpus.py",
    "tests/e2e/test_e2e_features.py",
    "tests/e2e/test_conditional_and_page_types.py",
)
SESSIONS: dict[str, list[str]] = {
    "fast": ["-m", "not slow"],
    "runtime": [*RUNTIME_TESTS],
}


def _version_of(executable: str) -> str | None:
    """The ``X.Y`` an interpreter reports, or None if it does not run (a pyenv shim of a
    version that is not selected exits non-zero)."""
    try:
        done = subprocess.run(
            [executable, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _pyenv_candidates(version: str) -> list[Path]:
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = [p for p in root.glob(f"{version}.*/bin/python{version}") if re.fullmatch(rf"{re.escape(version)}\.\d+", p.parent.parent.name)]

    def patch(path: Path) -> int:
        return int(path.parent.parent.name.rsplit(".", 1)[1])

    return sorted(found, key=patch, reverse=True)  # the newest patch release first


def find_interpreter(version: str) -> tuple[str | None, list[str]]:
    """An interpreter of ``version`` and the places looked at: this one, ``pythonX.Y``
    on PATH, then pyenv's versions folder."""
    looked = []
    candidates: list[str] = []
    if "%d.%d" % sys.version_info[:2] == version:
        candidates.append(sys.executable)
    on_path = shutil.which(f"python{version}")
    looked.append(f"python{version} on PATH")
    if on_path:
        candidates.append(on_path)
    looked.append(f"{os.environ.get('PYENV_ROOT', '~/.pyenv')}/versions/{version}.*")
    candidates += [str(p) for p in _pyenv_candidates(version)]
    for candidate in candidates:
        if _version_of(candidate) == version:
            return candidate, looked
    return None, looked


def _stamp() -> str:
    digest = hashlib.sha256()
    for name in INSTALLED_FROM:
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def venv_for(version: str, interpreter: str) -> Path:
    """The version's venv, built (again) unless it was built from the same files."""
    venv = VENVS / version
    python = venv / "bin" / "python"
    stamp = venv / "matrix-stamp"
    if python.is_file() and stamp.is_file() and stamp.read_text() == _stamp():
        return python
    if venv.exists():
        shutil.rmtree(venv)
    print(f"matrix: Python {version}: building {venv.relative_to(ROOT)} with {interpreter}", flush=True)
    install = ["-e", ".[dev]", "-e", "./generated"]
    if _has_uv():
        # uv (a dev dependency): 5 s for the whole set against pip's 43 s with a warm cache,
        # per version; --seed puts pip in too, as python -m venv would
        from uv import find_uv_bin

        uv = find_uv_bin()
        subprocess.run([uv, "venv", "-q", "--seed", "--python", interpreter, str(venv)], check=True)
        subprocess.run([uv, "pip", "install", "-q", "--python", str(python), *install], cwd=ROOT, check=True)
    else:
        subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
        # -q: pip's progress would drown the sessions' output; its errors still show
        pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        subprocess.run([*pip, *install], cwd=ROOT, check=True)
    stamp.write_text(_stamp())
    return python


def _has_uv() -> bool:
    import importlib.util

    return importlib.util.find_spec("uv") is not None


def run_session(version: str, python: Path, name: str, extra: list[str]) -> bool:
    command = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *SESSIONS[name], *extra]
    print(f"matrix: Python {version}: session {name}: {' '.join(command[1:])}", flush=True)
    # PYTHONPATH of the caller would put its own packages before the venv's
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    # The fast tier as the README defines it, 20 examples per property, also where CI is set
    # (its profile draws 600: the running interpreter's own run does that once)
    env.setdefault("HYPOTHESIS_PROFILE", "fast")
    return subprocess.run(command, cwd=ROOT, env=env).returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", choices=PYTHON_VERSIONS, help="a version (repeatable; default: all)")
    parser.add_argument("--session", action="append", choices=sorted(SESSIONS), help="a session (repeatable; default: all)")
    parser.add_argument("pytest_args", nargs="*", help="passed on to pytest (after --)")
    args = parser.parse_args(argv)
    results: list[tuple[str, str]] = []
    for version in args.python or PYTHON_VERSIONS:
        interpreter, looked = find_interpreter(version)
        if interpreter is None:
            print(f"matrix: Python {version}: skipped, not on this machine (looked for {' and '.join(looked)})", flush=True)
            results.append((version, "skipped: not on this machine"))
            continue
        try:
            python = venv_for(version, interpreter)
        except subprocess.CalledProcessError as exc:
            print(f"matrix: Python {version}: the venv could not be built: {exc}", flush=True)
            results.append((version, "failed: venv"))
            continue
        failed = [s for s in args.session or list(SESSIONS) if not run_session(version, python, s, args.pytest_args)]
        results.append((version, f"failed: {', '.join(failed)}" if failed else "passed"))
    print("matrix: " + "; ".join(f"Python {v} {outcome}" for v, outcome in results), flush=True)
    return 1 if any(outcome.startswith("failed") for _, outcome in results) else 0


if __name__ == "__main__":
    sys.exit(main())
