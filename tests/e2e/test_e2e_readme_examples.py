"""Every example call of the emitted README runs: against Prism for spec/box.yaml, the complete
Box description (sync and async), and, for it and the corpus, binds to its method's signature.

The README (templates/README.md.j2) shows one call per method, with the description's
examples as arguments (generator/examples.py); a wrong name, order or type shows here.
"""

from __future__ import annotations

import ast
import asyncio
import importlib
import inspect
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

import readme_examples
from conftest import GENERATED, ROOT, SPEC, Corpus, PrismServer, corpus_specs
from generator import examples, ir, pipeline

pytestmark = pytest.mark.slow


class PrismRun:
    """The README's examples sent to Prism with one client; what failed, and what Prism could not judge."""

    def __init__(self, document: dict[str, Any], package: str, names: dict[str, Any]) -> None:
        self.document, self.package, self.names = document, package, names
        self.responses: list[httpx.Response] = []
        self.failed: list[str] = []
        self.prism_limits: list[str] = []
        self.passed = 0

    def record(self, response: httpx.Response) -> None:
        self.responses.append(response)

    async def arecord(self, response: httpx.Response) -> None:
        self.responses.append(response)

    def verdict(self, call: ast.Call, exc: Exception | None) -> None:
        """An example passes when the client returns and Prism finds nothing wrong with its request;
        a response Prism made from an example its own schema refuses does not count against it."""
        text = ast.unparse(call)[:200]
        violations = readme_examples.request_violations(self.responses)
        errors = importlib.import_module(self.package)
        if (exc is None or isinstance(exc, errors.ResponseValidationError)) and not violations:
            self.passed += 1
            return
        limit = readme_examples.prism_limit(self.document, call, self.names, self.responses)
        if limit is not None:
            self.prism_limits.append(f"{text}: {limit}")
            return
        self.failed.append(f"{text}: {type(exc).__name__}: {str(exc)[:300]} {violations}")

    def run(self, calls: list[ast.Call]) -> None:
        for call in calls:
            self.responses.clear()
            try:
                readme_examples.run(call, self.names)
            except Exception as exc:  # noqa: BLE001 - every failing example is listed
                self.verdict(call, exc)
            else:
                self.verdict(call, None)

    async def arun(self, calls: list[ast.Call]) -> None:
        async with self.names["client"]:
            for call in calls:
                self.responses.clear()
                try:
                    await readme_examples.arun(call, self.names)
                except Exception as exc:  # noqa: BLE001
                    self.verdict(call, exc)
                else:
                    self.verdict(call, None)


def run_against_prism(out: Path, package: str, spec: Path, prism: PrismServer, mode: str) -> PrismRun:
    """Every example of the README in ``out`` sent to ``prism``, with the sync or the async client."""
    module = importlib.import_module(package)
    calls = readme_examples.calls(out / "README.md")
    document = yaml.load(spec.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    servers = {url: prism.url for url in readme_examples.servers(out / package)}
    if mode == "sync":
        outcome = PrismRun(document, package, {})
        http = httpx.Client(event_hooks={"response": [outcome.record]}, timeout=30)
        client = module.Client(token="developer-token", base_url=prism.url, servers=servers, http_client=http)
        outcome.names = readme_examples.namespace(package, client)
        with client:
            outcome.run(calls)
    else:
        outcome = PrismRun(document, package, {})
        http = httpx.AsyncClient(event_hooks={"response": [outcome.arecord]}, timeout=30)
        client = module.AsyncClient(token="developer-token", base_url=prism.url, servers=servers, http_client=http)
        outcome.names = readme_examples.namespace(package, client)
        asyncio.run(outcome.arun(calls))
    assert outcome.passed + len(outcome.prism_limits) + len(outcome.failed) == len(calls) > 0
    return outcome


@pytest.mark.usefixtures("generated_on_path")
@pytest.mark.parametrize("mode", ["sync", "async"])
def test_every_readme_example_runs_against_prism(prism_box: PrismServer, mode: str) -> None:
    """The complete Box description: 296 operations, other servers, uploads, #fragments."""
    outcome = run_against_prism(GENERATED, "box_client", SPEC, prism_box, mode)
    operations = sum(1 for line in (GENERATED / "README.md").read_text().splitlines() if line.startswith("| `"))
    print(
        f"{outcome.passed} passed; Prism could not judge {len(outcome.prism_limits)}:", *outcome.prism_limits, sep="\n"
    )
    assert operations == 296
    assert outcome.failed == []
    assert outcome.passed + len(outcome.prism_limits) == operations
    # Each example Prism cannot judge is one of its known limits, and they stay few.
    assert len(outcome.prism_limits) <= 8, outcome.prism_limits


def _check_bindings(out: Path, package: str) -> None:
    client_module = __import__(package)
    client = client_module.Client(base_url="http://127.0.0.1:9")  # nothing is sent
    names = readme_examples.namespace(package, client)
    failed = []
    for call in readme_examples.calls(out / "README.md"):
        try:
            readme_examples.bind(call, names)
        except Exception as exc:  # noqa: BLE001 - every failing example is listed
            failed.append(f"{ast.unparse(call)[:200]}: {type(exc).__name__}: {exc}")
    assert failed == []
    assert readme_examples.calls(out / "README.md"), "the README shows no example"


@pytest.mark.parametrize("name", list(corpus_specs()))
def test_every_corpus_example_binds_to_its_method(corpus: Corpus, name: str) -> None:
    generated = corpus[name]
    _check_bindings(generated.out, generated.package)


@pytest.mark.usefixtures("generated_on_path")
def test_every_example_of_the_complete_box_description_binds() -> None:
    _check_bindings(GENERATED, "box_client")
    assert len(readme_examples.calls(GENERATED / "README.md")) == 296


WILD = sorted(
    p
    for folder in (ROOT.parent / "shared" / "specs" / "wild", ROOT / "tests" / "wild" / "specs")
    for p in folder.glob("*")
    if p.suffix in (".yaml", ".json")
)


def _static_failures(api: ir.Api) -> list[str]:
    """Each example call parsed, bound to a signature made from its operation's arguments, and every
    model and enum it names checked against the API's (fields given, required fields present)."""
    fields = {
        m.name: ({f.name for f in m.fields}, {f.name for f in m.fields if f.default == "required"}) for m in api.models
    }
    members = {e.name: {m.name for m in e.members} for e in (*api.enums, *(e for m in api.models for e in m.enums))}
    failed = []
    for group in api.groups:
        for op in group.operations:
            assert op.example is not None
            text = f"client.{group.attribute}.{op.name}({', '.join(examples.arguments(op.example))})"
            try:
                call = ast.parse(text, mode="eval").body
                assert isinstance(call, ast.Call)
                signature = inspect.Signature(
                    [inspect.Parameter(a.name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for a in op.positional]
                    + [inspect.Parameter(a.name, inspect.Parameter.KEYWORD_ONLY, default=None) for a in op.keyword]
                )
                signature.bind(*call.args, **{k.arg: k.value for k in call.keywords if k.arg})
                for node in ast.walk(call):
                    named = node.func if isinstance(node, ast.Call) else node
                    if not (isinstance(named, ast.Attribute) and isinstance(named.value, ast.Name)):
                        continue
                    if named.value.id == "models" and isinstance(node, ast.Call):
                        given = {k.arg for k in node.keywords}
                        declared, required = fields[named.attr]
                        assert required <= given <= declared, (named.attr, given)
                    elif named.value.id != "models" and isinstance(named.value, ast.Name) and named.value.id in members:
                        assert named.attr in members[named.value.id], named.attr
            except Exception as exc:  # noqa: BLE001 - every failing example is listed
                failed.append(f"{text[:200]}: {type(exc).__name__}: {exc}")
    return failed


@pytest.mark.parametrize("spec", WILD, ids=[p.name for p in WILD])
def test_every_example_of_the_wild_documents_parses_and_binds(spec: Path) -> None:
    api, _, _ = pipeline.build_model(pipeline.document(spec), pipeline.Options(package="wild_client"))
    assert _static_failures(api) == []
