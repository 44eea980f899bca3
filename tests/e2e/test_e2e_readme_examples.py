"""Every example call of the emitted README runs: against Prism for spec/box.yaml (sync and async),
and, for the corpus and the complete Box description, binds to its method's signature.

The README (templates/README.md.j2) shows one call per method, with the description's
examples as arguments (generator/examples.py); a wrong name, order or type shows here.
"""

from __future__ import annotations

import ast
import asyncio
import sys
from pathlib import Path
from typing import Any

import pytest

import readme_examples
from conftest import GENERATED, Corpus, PrismServer, corpus_specs

pytestmark = pytest.mark.slow


def _failures(calls: list[ast.Call], attempt: Any) -> list[str]:
    failed = []
    for call in calls:
        try:
            attempt(call)
        except Exception as exc:  # noqa: BLE001 - every failing example is listed
            failed.append(f"{ast.unparse(call)[:200]}: {type(exc).__name__}: {str(exc)[:300]}")
    return failed


@pytest.mark.usefixtures("generated_on_path")
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_every_readme_example_runs_against_prism(prism_box: PrismServer, mode: str) -> None:
    from box_client import AsyncClient, Client

    readme = GENERATED / "README.md"
    calls = readme_examples.calls(readme)
    operations = sum(1 for line in readme.read_text().splitlines() if line.startswith("| `"))
    assert len(calls) == operations > 0
    if mode == "sync":
        with Client(token="developer-token", base_url=prism_box.url) as client:
            names = readme_examples.namespace("box_client", client)
            failed = _failures(calls, lambda call: readme_examples.run(call, names))
    else:
        failed = asyncio.run(_afailures(calls, AsyncClient(token="developer-token", base_url=prism_box.url)))
    assert failed == []


async def _afailures(calls: list[ast.Call], client: Any) -> list[str]:
    failed = []
    async with client:
        names = readme_examples.namespace("box_client", client)
        for call in calls:
            try:
                await readme_examples.arun(call, names)
            except Exception as exc:  # noqa: BLE001 - every failing example is listed
                failed.append(f"{ast.unparse(call)[:200]}: {type(exc).__name__}: {str(exc)[:300]}")
    return failed


def _check_bindings(out: Path, package: str) -> None:
    client_module = __import__(package)
    client = client_module.Client(base_url="http://127.0.0.1:9")  # nothing is sent
    names = readme_examples.namespace(package, client)
    calls = readme_examples.calls(out / "README.md")
    assert calls, "the README shows no example"
    assert _failures(calls, lambda call: readme_examples.bind(call, names)) == []


@pytest.mark.parametrize("name", list(corpus_specs()))
def test_every_corpus_example_binds_to_its_method(corpus: Corpus, name: str) -> None:
    generated = corpus[name]
    _check_bindings(generated.out, generated.package)


def test_every_example_of_the_complete_box_description_binds(box_full_generated: Any) -> None:
    out, run = box_full_generated
    assert run.returncode == 0, run.stderr
    sys.path.insert(0, str(out))
    try:
        _check_bindings(out, "box_full")
        assert len(readme_examples.calls(out / "README.md")) == 296
    finally:
        sys.path.remove(str(out))
