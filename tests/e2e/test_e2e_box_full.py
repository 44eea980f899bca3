"""Every operation of the complete Box description (spec/box.yaml), called through the
committed generated/box_client against Prism serving that same description on 127.0.0.1.

For each operation the arguments come from the spec (examples first, then values
derived from the schemas); the test asserts that Prism found nothing wrong with
the request and that the response decoded into the method's declared type
(tests/prism_calls.py, shared with the real-world corpus of tests/e2e/test_wild.py),
all the way down (tests/deep_decode.py, by the package's own type hints): every
nested model an instance of its class, each field of its annotated type, dates
and date-times ``date``/``datetime``, enums members of their enum, unions one of
their options, lists and maps item by item. Then the value is encoded back with
the runtime's serialiser (``_serde.encode``: each model's ``to_dict``) and must give
the JSON body Prism sent, but for what ``deep_decode.allowed_difference`` names
(date-time text, ``1`` back as ``1.0`` in a float field). An enum value the
description does not declare (kept, as enums keep unknown values) is accepted
only where Prism's example is proven to contradict its schema: the #fragment
operations Prism answers with a sibling's example (the classification template's
PUT #add, #update and POST #classifications get the productInfo template;
GET /shared_items#folders and #web_links get a file). The same goes for the
box-sdk-gen calls. Skipped only where Prism itself cannot answer, with Prism's reason.

Proven by breaking the committed package (generated/box_client, restored after
each run) and running this file (356 calls: 296 operations, 60 box-sdk-gen calls):
- the audit's break, every model's ``from_dict`` leaving its fields raw (each
  nested ``X.from_dict``, ``decode_enum``, ``decode_datetime``, ``decode_date``,
  ``decode_list``, ``decode_dict`` and lazy decode of the models replaced by the
  value received, 1121 sites): 275 calls fail (269 by the deep check: "$.created_at: str
  '2012-12-12T10:53:43-08:00', not datetime", "$.citations[0]: dict ..., not a
  AiCitation"; 6 on encoding their own request), where the top-level check alone
  failed 6 and passed 350; the calls left return None, bytes, text or models of
  scalars only (``MetadataFull``, ``UploadUrl``), or are the 3 skipped.
  The runtime's own converters (``_convert``'s enum, list, map, date and
  date-time decoding) returning their input: 271 fail;
- ``UserMini.to_dict`` leaving out ``name``: 119 fail ("$.entries[0].created_by.name:
  sent 'Aaron Levie', back <absent>"); ``UserMini.from_dict`` dropping it: 121;
- date-times decoded without their offset (still ``datetime``): 201 fail
  ("$.created_at: sent '2012-12-12T10:53:43-08:00', back '2012-12-12T10:53:43'");
- ``to_dict`` writing an enum member's name for its value: 253 fail (206 by the deep
  check, 47 on Prism refusing the names in their requests);
- arrays of scalars decoded in reverse order: 23 fail;
- unknown fields not kept on decode (``extra_fields`` left empty): 29 fail
  ("$.fields[0].taxonomyKey: sent 'locationTaxonomy', back <absent>");
- unions without a discriminator taking the first option that decodes, tags and
  required fields ignored: 3 fail (a collaboration's ``item`` decoded as the wrong
  model: "$.item.modified_at: sent None, back <absent>"); Box's other unions are
  discriminated.
The deep check adds under a second to this file's ~35 s (0.4 s of CPU measured in
DeepCheck.check, 0.35 s for the first schema validation).
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import yaml

from box_samples import Sampler
from box_sdk import mapped_methods, sdk_managers

from conftest import SPEC, PrismServer, box_options, part_selected
from deep_decode import DeepCheck
from generator import ir
from generator.load import load
from generator.pipeline import build_model
from prism_calls import PASSED, PrismCaller, Recorder, credentials, spread

PACKAGE = "box_client"

# The operations as generated/ names them: with this repository's settings for spec/box.yaml.
API = build_model(load(SPEC), box_options())[0]
OPERATIONS = [pytest.param(group, op, id=op.operation_id or op.name) for group in API.groups for op in group.operations]
OUTCOMES: dict[str, str] = {}  # operation → "passed" or the reason it was skipped


@pytest.fixture(scope="module")
def box_client(generated_on_path: Path) -> ModuleType:
    import box_client as package

    return package


@pytest.fixture(scope="module")
def sampler() -> Sampler:
    return Sampler(yaml.load(SPEC.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))


@pytest.fixture(scope="module")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="module")
def deep(box_client: ModuleType) -> DeepCheck:
    return DeepCheck(box_client)


@pytest.fixture(scope="module")
def client(
    box_client: ModuleType, prism_box: PrismServer, recorder: Recorder
) -> Iterator[Any]:
    prism = prism_box
    http = recorder.http_client()
    # Uploads, downloads and OAuth name servers of their own: send those to Prism too.
    servers = {url: prism.url for url in API.servers}
    # Strict: a response the decoder left raw (lenient mode) would pass unnoticed.
    with box_client.Client(
        **credentials(API), base_url=prism.url, servers=servers, http_client=http, strict_responses=True
    ) as c:
        yield c
    http.close()


def test_import_and_client_do_not_import_models(box_client: ModuleType) -> None:
    code = (
        f"import sys, {PACKAGE}; {PACKAGE}.Client(token='t'); "
        f"print(sum(1 for m in sys.modules if m.startswith('{PACKAGE}.models')))"
    )
    package_root = Path(box_client.__file__).parent.parent
    result = subprocess.run([sys.executable, "-c", code], cwd=package_root, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


@pytest.mark.parametrize(("group", "op"), OPERATIONS)
def test_operation_against_prism(
    group: ir.ResourceGroup,
    op: ir.Operation,
    client: Any,
    box_client: ModuleType,
    sampler: Sampler,
    recorder: Recorder,
    deep: DeepCheck,
) -> None:
    key = op.operation_id or op.name
    OUTCOMES[key] = PrismCaller(box_client, sampler, recorder, deep.check).call(client, group, op)
    if OUTCOMES[key] != PASSED:
        pytest.skip(OUTCOMES[key])


# A deterministic sample of box-sdk-gen's calls (spread evenly over its methods of the
# document's operations), each called as box-sdk-gen's own signature places its arguments.
SDK_CALLS = spread(mapped_methods(), 60)


@pytest.mark.parametrize("key", SDK_CALLS)
def test_box_sdk_gen_call_against_prism(
    key: str, client: Any, box_client: ModuleType, sampler: Sampler, recorder: Recorder, deep: DeepCheck
) -> None:
    manager, method = key.split(".")
    group = next(g for g in API.groups if g.attribute == manager)
    op = next(o for o in group.operations if o.name == method)
    theirs = inspect.signature(getattr(sdk_managers()[manager], method)).parameters.values()
    positional = [p.name for p in theirs if p.kind is p.POSITIONAL_OR_KEYWORD]
    outcome = PrismCaller(box_client, sampler, recorder, deep.check).call(client, group, op, positional)
    if outcome != PASSED:
        pytest.skip(outcome)


def test_the_sample_of_box_sdk_gen_calls_is_large_enough() -> None:
    assert len(SDK_CALLS) >= 50 and len(set(SDK_CALLS)) == len(SDK_CALLS)


def test_at_most_five_percent_skipped(request: pytest.FixtureRequest) -> None:
    if len(OUTCOMES) < len(OPERATIONS):
        if part_selected(request.config) or request.session.testsfailed:
            pytest.skip("only part of the operations ran (a selection, or failures): nothing to count")
        pytest.fail("the operations ran in another worker: pytest-xdist did not keep this file's slow tests together")
    skipped = {name: why for name, why in OUTCOMES.items() if why != PASSED}
    assert len(OPERATIONS) == 296
    assert len(skipped) <= 0.05 * len(OPERATIONS), skipped
