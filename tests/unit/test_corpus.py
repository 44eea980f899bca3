"""The corpus of tests/corpus: specs written for this project, one feature area each.

Every one generates without a warning (--strict), passes mypy --strict and
imports without side effects; what each is for is tested beside its feature
(tests/unit/test_security.py, tests/unit/test_openapi31.py, tests/unit/test_bundle.py, ...).
"""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

from conftest import CorpusPackage, corpus_specs


def test_the_corpus_has_at_least_ten_specs() -> None:
    assert len(corpus_specs()) >= 10, sorted(corpus_specs())


# The three tests of every spec generate the whole corpus: slow. The fast tier generates the
# specs its feature tests ask for (security, params, accounts, shapes31, ...).
@pytest.mark.slow
def test_every_corpus_spec_generates_without_warnings(corpus: dict[str, CorpusPackage]) -> None:
    for name, package in corpus.items():
        assert package.run.returncode == 0, f"{name}: {package.run.stderr}"
        assert "warning" not in package.run.stderr, f"{name}: {package.run.stderr}"


@pytest.mark.slow
def test_every_corpus_package_passes_mypy_strict(corpus: dict[str, CorpusPackage]) -> None:
    targets = [str(p.out / p.package) for p in corpus.values()]
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental", *targets],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_every_corpus_package_imports_and_builds_a_client(corpus: dict[str, CorpusPackage]) -> None:
    for package in corpus.values():
        module = importlib.import_module(package.package)
        importlib.import_module(f"{package.package}.models")
        importlib.import_module(f"{package.package}.resources")
        with module.Client(base_url="http://127.0.0.1:9") as client:
            assert repr(client).startswith("Client(")
