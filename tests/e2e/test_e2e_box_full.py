"""Every operation of the complete Box description, called through the generated
client against Prism serving that same description on 127.0.0.1.

For each operation the arguments come from the spec (examples first, then values
derived from the schemas); the test asserts that Prism found nothing wrong with
the request and that the response decoded into the method's declared type
(tests/prism_calls.py, shared with the real-world corpus of tests/e2e/test_wild.py).
Skipped only where Prism itself cannot answer, with Prism's reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from box_samples import Sampler
from conftest import BOX_OPENAPI_DEFAULT, BOX_OPENAPI_ENV, PrismServer
from generator import ir
from generator.load import load
from generator.pipeline import Options, build_model
from prism_calls import PASSED, PrismCaller, Recorder, credentials

PACKAGE = "box_full"
SPEC = Path(os.environ.get(BOX_OPENAPI_ENV, BOX_OPENAPI_DEFAULT))


API = build_model(load(SPEC), Options(package=PACKAGE))[0] if SPEC.is_file() else None
OPERATIONS = (
    [pytest.param(group, op, id=op.operation_id or op.name) for group in API.groups for op in group.operations]
    if API
    else [pytest.param(None, None, marks=pytest.mark.skip(reason=f"the Box OpenAPI document is not at {SPEC}"))]
)
OUTCOMES: dict[str, str] = {}  # operation → "passed" or the reason it was skipped


@pytest.fixture(scope="module")
def box_full(box_full_generated: tuple[Path, subprocess.CompletedProcess[str]]) -> Iterator[ModuleType]:
    out, result = box_full_generated
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(out))
    try:
        import box_full as package

        yield package
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def sampler(box_openapi_path: Path) -> Sampler:
    return Sampler(json.loads(box_openapi_path.read_text()))


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def client(
    box_full: ModuleType, box_openapi_path: Path, prism_for: Callable[[Path], PrismServer], recorder: Recorder
) -> Iterator[Any]:
    assert API is not None
    prism = prism_for(box_openapi_path)
    http = recorder.http_client()
    # Uploads, downloads and OAuth name servers of their own: send those to Prism too.
    servers = {url: prism.url for url in API.servers}
    # Strict: a response the decoder left raw (lenient mode) would pass unnoticed.
    with box_full.Client(
        **credentials(API), base_url=prism.url, servers=servers, http_client=http, strict_responses=True
    ) as c:
        yield c
    http.close()


def test_import_and_client_do_not_import_models(box_full: ModuleType) -> None:
    code = (
        f"import sys, {PACKAGE}; {PACKAGE}.Client(token='t'); "
        f"print(sum(1 for m in sys.modules if m.startswith('{PACKAGE}.models')))"
    )
    package_root = Path(box_full.__file__).parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=package_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


@pytest.mark.parametrize(("group", "op"), OPERATIONS)
def test_operation_against_prism(
    group: ir.ResourceGroup, op: ir.Operation, client: Any, box_full: ModuleType, sampler: Sampler, recorder: Recorder
) -> None:
    key = op.operation_id or op.name
    OUTCOMES[key] = PrismCaller(box_full, sampler, recorder).call(client, group, op)
    if OUTCOMES[key] != PASSED:
        pytest.skip(OUTCOMES[key])


def test_at_most_five_percent_skipped() -> None:
    if not SPEC.is_file():
        pytest.skip(f"the Box OpenAPI document is not at {SPEC}")
    if len(OUTCOMES) < len(OPERATIONS):
        pytest.skip("only part of the operations ran (a -k selection, or failures): nothing to count")
    skipped = {name: why for name, why in OUTCOMES.items() if why != PASSED}
    assert len(OPERATIONS) == 296
    assert len(skipped) <= 0.05 * len(OPERATIONS), skipped
