"""Real public API descriptions, generated and used as their users would.

The documents of ``../shared/specs/wild/`` (OpenAI, Xero, three Adyen ones,
unmodified, with their defects) and those of ``tests/wild/specs/`` (see its
README). Each must generate with exit 0 and report every operation it has,
with exactly the warnings listed in ``tests/wild/<name>.warnings.txt``
(rewrite them with ``--update-wild``); pass ``mypy --strict`` (one run over all
the packages); import module by module; and, on a sample of its operations
chosen by spreading them evenly over the sorted operation ids, call Prism
serving the same document with arguments built from it: Prism must find no
fault with a request, and each response must decode into its declared type
(tests/prism_calls.py).

Each document is generated once per run, when a test first asks for it.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest

from box_samples import Sampler
from conftest import ROOT, PrismServer, run_generator_process
from deep_decode import DeepCheck
from generator import ir
from generator.bundle import bundle
from generator.load import Document, load
from generator.pipeline import Options, build_model
from prism_calls import PASSED, PrismCaller, Recorder, credentials, operation_count, spread

SHARED = ROOT.parent / "shared" / "specs" / "wild"
EXPECTED = ROOT / "tests" / "wild"
DOCUMENTS = {
    "openai": SHARED / "openai.yaml",
    "xero-accounting": SHARED / "xero-accounting.yaml",
    "adyen-checkout": SHARED / "adyen-checkout.json",
    "adyen-management": SHARED / "adyen-management.json",
    "adyen-balanceplatform": SHARED / "adyen-balanceplatform.json",
    "petstore": EXPECTED / "specs" / "petstore.yaml",
    "tictactoe": EXPECTED / "specs" / "tictactoe.yaml",
}
SAMPLE = 20  # operations per document called against Prism (all of them, if fewer)
MAX_SKIPPED = 0.25  # of the sample: operations Prism itself cannot serve (each with its reason)
PRISM_STARTUP = 600.0  # seconds; Prism reads and dereferences the whole document first
SUMMARY = re.compile(r"^(\w+): (\d+) operations?, (\d+) models?")

pytestmark = pytest.mark.slow


@dataclass
class WildPackage:
    name: str
    spec: Path
    out: Path  # the package is importable from here
    package: str
    run: subprocess.CompletedProcess[str]
    seconds: float

    def assert_generated(self) -> None:
        assert self.run.returncode == 0, f"exit {self.run.returncode}:\n{self.run.stderr[-3000:]}"

    @property
    def warnings(self) -> list[str]:
        """The warnings as printed, the document named by its file name only (notes left out)."""
        lines = self.run.stderr.replace(str(self.spec), self.spec.name).splitlines()
        return [line for line in lines if ": warning: " in line]

    @cached_property
    def bundled(self) -> Document:
        return bundle(load(self.spec))

    @property
    def document(self) -> Any:
        return self.bundled.data

    @cached_property
    def api(self) -> ir.Api:
        return build_model(self.bundled, Options(package=self.package))[0]


@pytest.fixture(scope="session")
def wild(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], WildPackage]:
    """The package of a document, generated on first use and then shared by every test."""
    root = tmp_path_factory.mktemp("wild")
    packages: dict[str, WildPackage] = {}

    def get(name: str) -> WildPackage:
        if name not in packages:
            spec = DOCUMENTS[name]
            if not spec.is_file():
                pytest.skip(f"the document is not at {spec}")
            package = "wild_" + name.replace("-", "_") + "_client"  # apart from golden packages of the same name
            started = time.perf_counter()
            # A child process, as users run it: these documents are large (and formatted in parallel).
            run = run_generator_process(spec, "--output", root / name, "--package", package, "--warnings")
            packages[name] = WildPackage(name, spec, root / name, package, run, time.perf_counter() - started)
        return packages[name]

    return get


@pytest.fixture(scope="session")
def update_wild(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-wild"))


@pytest.fixture(scope="session")
def wild_mypy(wild: Callable[[str], WildPackage], tmp_path_factory: pytest.TempPathFactory) -> str:
    """One ``mypy --strict`` run over every package that generated: its output."""
    packages = [p for p in map(_generated_or_none(wild), DOCUMENTS) if p is not None]
    if not packages:
        pytest.skip("no document generated")
    cache = tmp_path_factory.mktemp("wild-mypy-cache")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), *(str(p.out / p.package) for p in packages)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert re.search(r"^(Success|Found \d+ errors?)", result.stdout, re.M), result.stdout[-2000:] + result.stderr
    return result.stdout


def _generated_or_none(wild: Callable[[str], WildPackage]) -> Callable[[str], WildPackage | None]:
    def get(name: str) -> WildPackage | None:
        if not DOCUMENTS[name].is_file():
            return None
        package = wild(name)
        return package if package.run.returncode == 0 else None

    return get


NAMES = list(DOCUMENTS)


@pytest.mark.parametrize("name", NAMES)
def test_generates_every_operation(name: str, wild: Callable[[str], WildPackage]) -> None:
    package = wild(name)
    package.assert_generated()
    summary = SUMMARY.match(package.run.stdout)
    assert summary, package.run.stdout
    assert summary.group(1) == package.package
    assert int(summary.group(2)) == operation_count(Sampler(package.document))


@pytest.mark.parametrize("name", NAMES)
def test_warnings_are_the_expected_ones(name: str, wild: Callable[[str], WildPackage], update_wild: bool) -> None:
    package = wild(name)
    package.assert_generated()
    expected = EXPECTED / f"{name}.warnings.txt"
    if update_wild:
        expected.write_text("".join(f"{line}\n" for line in package.warnings))
    assert expected.is_file(), f"no list of warnings at {expected}: run with --update-wild"
    assert package.warnings == expected.read_text().splitlines(), "run with --update-wild if the change is intended"


@pytest.mark.parametrize("name", NAMES)
def test_mypy_strict(name: str, wild: Callable[[str], WildPackage], wild_mypy: str) -> None:
    package = wild(name)
    package.assert_generated()
    errors = [line for line in wild_mypy.splitlines() if line.startswith(str(package.out))]
    assert errors == [], "\n".join(errors[:50])


@pytest.mark.parametrize("name", NAMES)
def test_imports_every_module(name: str, wild: Callable[[str], WildPackage]) -> None:
    package = wild(name)
    package.assert_generated()
    modules = sorted(
        ".".join(p.relative_to(package.out).with_suffix("").parts).removesuffix(".__init__")
        for p in (package.out / package.package).rglob("*.py")
    )
    # A fresh interpreter per package: no module may depend on another having been imported first.
    code = (
        "import importlib, sys\nfor name in sys.argv[2:]:\n    importlib.import_module(name)\n"
        "print(sum(1 for m in sys.modules if m.split('.')[0] == sys.argv[1]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, package.package, *modules], cwd=package.out, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert int(result.stdout) == len(modules)


@pytest.mark.parametrize("name", NAMES)
def test_sample_against_prism(name: str, wild: Callable[[str], WildPackage]) -> None:
    package = wild(name)
    package.assert_generated()
    api = package.api
    operations = sorted(
        ((group, op) for group in api.groups for op in group.operations),
        key=lambda pair: (pair[1].operation_id or "", pair[1].http_method, pair[1].path),
    )
    sample = spread(operations, SAMPLE)
    assert len(sample) >= min(SAMPLE, operation_count(Sampler(package.document)))
    outcomes, faults = _call_sample(package, api, sample)
    skipped = {key: why for key, why in outcomes.items() if why != PASSED}
    assert faults == {}, "\n\n".join(f"{key}:\n{fault}" for key, fault in faults.items())
    assert len(skipped) <= MAX_SKIPPED * len(sample), skipped


def _call_sample(
    package: WildPackage, api: ir.Api, sample: list[tuple[ir.ResourceGroup, ir.Operation]]
) -> tuple[dict[str, str], dict[str, str]]:
    """Each operation's outcome ("passed" or why Prism could not serve it), and each fault."""
    sys.path.insert(0, str(package.out))
    # Stopped after the sample: big documents make big mocks, slow to start (Xero: a minute).
    prism = PrismServer(package.spec, startup_timeout=PRISM_STARTUP)
    recorder = Recorder()
    http = recorder.http_client()
    try:
        module = __import__(package.package)
        caller = PrismCaller(module, Sampler(package.document), recorder, DeepCheck(module).check)
        servers = {url: prism.url for url in api.servers}
        outcomes: dict[str, str] = {}
        faults: dict[str, str] = {}
        with module.Client(
            **credentials(api), base_url=prism.url, servers=servers, http_client=http, max_retries=0,
            strict_responses=True,  # a decoder that left values raw would pass unnoticed
        ) as client:
            for group, op in sample:
                key = f"{op.operation_id or op.name} ({op.http_method} {op.path})"
                try:
                    outcomes[key] = caller.call(client, group, op)
                except Exception as exc:  # noqa: BLE001 - every fault is reported, not just the first
                    # The last frames say where: the client, the runtime or this harness.
                    faults[key] = "".join(traceback.format_exception(exc, limit=-3)).strip()[-2500:]
        return outcomes, faults
    finally:
        http.close()
        prism.stop()
        sys.path.remove(str(package.out))
