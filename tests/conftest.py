"""Shared fixtures: paths, the golden-update switch, running the generator, Prism."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from fault_server import FaultServer
from generator import runtime

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "box.yaml"
GENERATED = ROOT / "generated"
FEATURE_SPECS = ROOT / "tests" / "specs"
GOLDEN = ROOT / "tests" / "golden"
BOX_OPENAPI_ENV = "BOX_OPENAPI_SPEC"
BOX_OPENAPI_DEFAULT = ROOT.parent / "shared" / "specs" / "box-openapi.json"

# The generator's caches: one fresh directory per test session, never the user's.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="generator-cache-"))
os.environ["OPENAPI_BOX_GENERATOR_CACHE"] = str(CACHE_DIR)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite generated/ and tests/golden/ from the specs instead of comparing",
    )
    parser.addoption(
        "--update-wild",
        action="store_true",
        help="rewrite the expected warnings of the real-world documents (tests/wild/*.warnings.txt)",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


def run_generator(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in a child process, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.fixture(scope="session")
def box_openapi_path() -> Path:
    """The complete public Box description, from $BOX_OPENAPI_SPEC or ../shared."""
    path = Path(os.environ.get(BOX_OPENAPI_ENV, BOX_OPENAPI_DEFAULT))
    if not path.is_file():
        pytest.skip(f"the Box OpenAPI document is not at {path} (set {BOX_OPENAPI_ENV} to its path)")
    return path


@pytest.fixture(scope="session")
def box_full_generated(
    box_openapi_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The client for the complete Box document, generated once per run as package box_full."""
    out = tmp_path_factory.mktemp("box_full")
    result = run_generator(box_openapi_path, "--output", out, "--package", "box_full")
    return out, result


# ------------------------------------------------------------------ Prism


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _prism_binary() -> Path:
    binary = ROOT / "node_modules" / ".bin" / "prism"
    if not binary.exists():
        pytest.fail("Prism is not installed: run the set-up command from README.md (npm ci)")
    return binary


class PrismServer:
    def __init__(self, spec: Path, startup_timeout: float = 60.0) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"prism-{self.port}.log"
        self._log_file = self.log.open("w")
        self.process = subprocess.Popen(
            [str(_prism_binary()), "mock", "--host", "127.0.0.1", "--port", str(self.port), str(spec)],
            cwd=ROOT,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
            env={**os.environ, "SCARF_ANALYTICS": "false", "NO_COLOR": "1"},
        )
        self._wait_until_listening(startup_timeout)

    def _wait_until_listening(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.stop()
                pytest.fail(f"Prism exited early:\n{self.log.read_text()[-2000:]}")
            if "Prism is listening" in self.log.read_text():
                return
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"Prism did not start within {timeout}s:\n{self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log_file.close()


@pytest.fixture(scope="session")
def prism_box() -> Iterator[PrismServer]:
    """Prism mocking spec/box.yaml on 127.0.0.1, stopped when the run ends."""
    server = PrismServer(SPEC)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def prism_for() -> Iterator[Callable[[Path], PrismServer]]:
    """Starts (once per spec) Prism mocking a feature spec; all are stopped when the run ends."""
    servers: dict[Path, PrismServer] = {}

    def start(spec: Path) -> PrismServer:
        if spec not in servers:
            servers[spec] = PrismServer(spec)
        return servers[spec]

    try:
        yield start
    finally:
        for server in servers.values():
            server.stop()


def emitted_packages(tree: Path) -> list[Path]:
    """The Python packages of an emitted tree (each has its generated ``_settings.py``)."""
    return sorted(p.parent for p in tree.glob("*/_settings.py"))


def add_runtime(package: Path) -> None:
    """Copies the runtime into a golden package, as the generator does (the goldens leave it out)."""
    header = (package / "_settings.py").read_text(encoding="utf-8").split("\n", 1)[0]
    for name, text in runtime.sources().items():
        (package / name).write_bytes(f"{header}\n{text}".encode())


@pytest.fixture(scope="session")
def golden_packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of tests/golden/ whose packages are whole: the runtime added to each."""
    root = tmp_path_factory.mktemp("golden")
    for tree in sorted(p for p in GOLDEN.iterdir() if p.is_dir()):
        shutil.copytree(tree, root / tree.name)
        for package in emitted_packages(root / tree.name):
            add_runtime(package)
    return root


@pytest.fixture(scope="session")
def golden_on_path(golden_packages: Path) -> Iterator[Path]:
    """Makes the golden feature packages importable (whole: see ``golden_packages``)."""
    paths = [str(p) for p in sorted(golden_packages.iterdir()) if p.is_dir()]
    sys.path[:0] = paths
    try:
        yield golden_packages
    finally:
        for path in paths:
            sys.path.remove(path)


@pytest.fixture(scope="session")
def generated_on_path() -> Iterator[Path]:
    """Makes the committed generated/ package importable (as an installed one would be)."""
    sys.path.insert(0, str(GENERATED))
    try:
        yield GENERATED
    finally:
        sys.path.remove(str(GENERATED))


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    """The fault-injecting, recording HTTP server of tests/fault_server.py, one per test module."""
    s = FaultServer()
    yield s
    s.close()


CORPUS = ROOT / "tests" / "corpus"


@dataclass(frozen=True)
class CorpusPackage:
    spec: Path
    out: Path  # the output directory: its package is importable from here
    package: str
    run: subprocess.CompletedProcess[str]


def corpus_specs() -> dict[str, Path]:
    """Each spec of tests/corpus by name: a file's stem, or the folder of a multi-file one."""
    found = {p.stem: p for p in [*CORPUS.glob("*.yaml"), *CORPUS.glob("*.json")]}
    found.update({p.parent.name: p for p in CORPUS.glob("*/openapi.yaml")})
    return dict(sorted(found.items()))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, CorpusPackage]]:
    """Every corpus spec generated once per run (with --strict), each package importable."""
    root = tmp_path_factory.mktemp("corpus")
    packages = {}
    for name, spec in corpus_specs().items():
        out = root / name
        run = run_generator(spec, "--output", out, "--package", f"{name}_client", "--strict")
        packages[name] = CorpusPackage(spec, out, f"{name}_client", run)
    paths = [str(p.out) for p in packages.values()]
    sys.path[:0] = paths
    try:
        yield packages
    finally:
        for path in paths:
            sys.path.remove(path)


def files_below(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by relative path, bytecode caches left out."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


# Hypothesis: CI draws 600 examples for the property tests; a local run, 100.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

# (600, not 2,000, since the real-world corpus joined the suite: CI stays well under 20 minutes.)
_hypothesis_settings.register_profile("ci", max_examples=600, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
_hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev"))
