"""Shared fixtures: paths, the golden-update switch, running the generator, Prism.

Every tier (tests/unit, tests/golden, tests/e2e) imports these and the helper
modules beside this file (pyproject puts tests/ on sys.path); every test under
tests/e2e is marked ``slow``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import black
import pytest

from fault_server import FaultServer
from generator import cli, runtime
from generator.options import Options

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "box.yaml"
# What makes generated/ from SPEC: its extras (spec/box_extras/) and their optional dependencies
GENERATED = ROOT / "generated"
FEATURE_SPECS = ROOT / "tests" / "specs"
GOLDEN = ROOT / "tests" / "golden"
# The seed's two session-termination operations from Box, with Box's shape (x-box-tag, a
# request body, error responses): a small document for tests that need some package, not
# the whole Box API (SPEC takes seconds to generate cold).
SEED_SPEC = FEATURE_SPECS / "box_sessions.yaml"
BOX_OPENAPI_ENV = "BOX_OPENAPI_SPEC"
BOX_OPENAPI_DEFAULT = ROOT.parent / "shared" / "specs" / "box-openapi.json"

# The generator's caches: one fresh directory per test session, never the user's.
CACHE_DIR = Path(tempfile.mkdtemp(prefix="generator-cache-"))
os.environ["OPENAPI_BOX_GENERATOR_CACHE"] = str(CACHE_DIR)

# black is deterministic, and the costliest step left in a small in-process run (measured: the
# inner loop takes 50 s without this, 44 s with it the first time, 28 s after). Each distinct text goes
# through black once per session, and once at all while it is kept in pytest's cache directory
# (.pytest_cache, cleared by --cache-clear; CI starts without one): the inner loop's second run
# skips black for what did not change. The format stage around it (which files, its own cache) runs
# as ever; a child process (run_generator_process) runs black itself.
_black_format_str = black.format_str
_BLACK_KEPT: list[Path] = []  # pytest's cache directory for black's answers, once pytest is configured


@functools.lru_cache(maxsize=1024)
def _format_str_once(src_contents: str, *, mode: black.Mode) -> str:
    version = getattr(black, "__version__", "")
    key = hashlib.sha256(f"{version}\0{mode.get_cache_key()}\0{src_contents}".encode()).hexdigest()
    kept = _BLACK_KEPT[0] / key if _BLACK_KEPT else None
    if kept is not None and kept.is_file():
        return kept.read_text(encoding="utf-8")
    formatted = _black_format_str(src_contents, mode=mode)
    if kept is not None:
        partial = kept.with_name(f".{key}.{os.getpid()}")
        partial.write_text(formatted, encoding="utf-8")
        partial.replace(kept)  # whole or not at all, whoever reads it
    return formatted


black.format_str = _format_str_once  # type: ignore[assignment]


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
    """``python -m generator ARGS`` run in this process: the same exit code and output, without
    a new interpreter importing black, jinja2 and the validator each time (and with their
    in-process caches kept). Tests of the process boundary itself use ``run_generator_process``."""
    argv = [str(arg) for arg in args]
    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)  # the command line reads ./pyproject.toml and resolves relative paths here
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli.main(argv, prog="python -m generator")
            except SystemExit as exc:  # argparse: --help, --version, a bad option
                code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
    finally:
        os.chdir(previous)
    return subprocess.CompletedProcess([sys.executable, "-m", "generator", *argv], code, out.getvalue(), err.getvalue())


def run_generator_process(
    *args: str | Path, cwd: Path = ROOT, python_options: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """``python -m generator ARGS`` in a child process, as a user runs it (``python_options``:
    the interpreter's own, before ``-m``, such as ``-W``)."""
    return subprocess.run(
        [sys.executable, *python_options, "-m", "generator", *map(str, args)],
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


def box_options() -> Options:
    """The options ``python -m generator spec/box.yaml`` runs with from this repository's
    pyproject.toml (package, method names...): those that made generated/box_client."""
    previous = Path.cwd()
    os.chdir(ROOT)  # the command line reads ./pyproject.toml
    try:
        run = cli.resolve(cli.build_parser().parse_args([str(SPEC)]))
    finally:
        os.chdir(previous)
    assert isinstance(run, cli.Run), run
    return run.options


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


def golden_trees() -> list[Path]:
    """The expected output of each feature spec: the folders of tests/golden (not its test module's)."""
    return [p for p in sorted(GOLDEN.iterdir()) if p.is_dir() and not p.name.startswith(("_", "."))]


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
    for tree in golden_trees():
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


class Corpus(Mapping[str, CorpusPackage]):
    """The corpus specs by name, each generated (with --strict) the first time it is asked for, and
    importable from then on: a test of one spec generates that spec alone; iterating generates all."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._specs = corpus_specs()
        self._done: dict[str, CorpusPackage] = {}

    def __getitem__(self, name: str) -> CorpusPackage:
        if name not in self._done:
            spec, out = self._specs[name], self._root / name
            run = run_generator(spec, "--output", out, "--package", f"{name}_client", "--strict")
            self._done[name] = CorpusPackage(spec, out, f"{name}_client", run)
            sys.path.insert(0, str(out))
        return self._done[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def close(self) -> None:
        for package in self._done.values():
            sys.path.remove(str(package.out))


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Corpus]:
    """The corpus specs, generated once per run each, when first asked for (see ``Corpus``)."""
    packages = Corpus(tmp_path_factory.mktemp("corpus"))
    try:
        yield packages
    finally:
        packages.close()


@pytest.fixture
def inline_client(tmp_path: Path) -> Iterator[Callable[[str], ModuleType]]:
    """Generates (--strict, in-process) the package of a spec written in the test itself and imports it,
    so a test reads as its document and the behaviour asserted of it; forgotten when the test ends."""
    roots: list[str] = []

    def generate(spec: str, package: str = "inline_client") -> ModuleType:
        path = tmp_path / f"{package}.yaml"
        path.write_text(textwrap.dedent(spec))
        out = tmp_path / f"{package}_out"
        result = run_generator(path, "--output", out, "--package", package, "--strict")
        assert result.returncode == 0, result.stderr
        roots.append(str(out))
        sys.path.insert(0, str(out))
        return importlib.import_module(package)

    try:
        yield generate
    finally:
        for root in roots:
            sys.path.remove(root)
            package = Path(root).name.removesuffix("_out")
            for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
                del sys.modules[name]


def files_below(root: Path) -> dict[str, bytes]:
    """Every file below ``root`` by relative path, bytecode caches left out."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


# Hypothesis: 100 examples per property in a full run, CI's included; 20 in the inner loop.
from hypothesis import settings as _hypothesis_settings  # noqa: E402

# CI drew 2,000 at first, 600 once the real-world corpus joined the suite; since CI runs
# the Python matrix (three more interpreters, each drawing the inner loop's 20 afresh), it
# draws what a local full run draws, and stays well under 20 minutes. The deep profile
# (HYPOTHESIS_PROFILE=deep, by hand: about 4 minutes more) draws CI's former 600.
DEEP_EXAMPLES = 600
_hypothesis_settings.register_profile("deep", max_examples=DEEP_EXAMPLES, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
_hypothesis_settings.register_profile("dev", max_examples=100, deadline=None)
# The inner loop (-m "not slow"): enough examples to catch a plain regression, within its minute.
_hypothesis_settings.register_profile("fast", max_examples=20, deadline=None)


def deep_run() -> bool:
    """Whether the deep profile (or a larger one) is loaded: the costlier properties, which
    draw fewer examples than the profile, then take their deep sizes. Read at import, when
    the profile is loaded (pytest_configure)."""
    return bool(_hypothesis_settings().max_examples >= DEEP_EXAMPLES)


def part_selected(config: pytest.Config) -> bool:
    """Whether this run was asked for part of the tests (-k, --deselect, --lf, test ids): a test
    that sums up its file's other tests may then skip; in a whole run it must not."""
    asked = [a for a in config.args if "::" in a]
    return bool(config.getoption("keyword") or config.getoption("deselect") or config.getoption("lf") or asked)


def _inner_loop(config: pytest.Config) -> bool:
    """Whether this run is the fast tier: ``-m "not slow"``."""
    return bool(config.getoption("markexpr", "").replace(" ", "") == "notslow")


def _hypothesis_profile(config: pytest.Config) -> str:
    if os.environ.get("HYPOTHESIS_PROFILE"):
        return os.environ["HYPOTHESIS_PROFILE"]
    if os.environ.get("CI"):
        return "ci"
    return "fast" if _inner_loop(config) else "dev"


def pytest_configure(config: pytest.Config) -> None:
    # Here, not at import: the test modules, imported later, size their properties by the profile.
    _hypothesis_settings.load_profile(_hypothesis_profile(config))
    if getattr(config, "cache", None) is not None:  # absent with -p no:cacheprovider
        _BLACK_KEPT[:] = [config.cache.mkdir("black")]


E2E = ROOT / "tests" / "e2e"


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    # Every test there is slow: the fast tier need not import its modules (nor read the Box document).
    if _inner_loop(config) and collection_path.is_relative_to(E2E):
        return True
    return None


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups off the markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/e2e (Prism, installs, mypy, the complete Box document) is slow.

    The slow tests of one file run in one worker (pytest-xdist's ``loadgroup``): what their
    file starts once (a Prism server, a mypy daemon, a generated package) is started once.
    The fast ones are handed out one by one."""
    for item in items:
        if item.path.is_relative_to(E2E):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow") is not None:
            item.add_marker(pytest.mark.xdist_group(item.path.as_posix()))
