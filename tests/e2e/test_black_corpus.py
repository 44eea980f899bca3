"""On real documents the format stage has (almost) nothing to do: the templates' layout is black's.

For the complete Box description and each document of ``../shared/specs/wild/``,
every emitted Python file, as rendered, before the format stage, must be what
black makes of it, and ``needs_black`` must send black only the files listed
here: files with a line black leaves too long itself (a method, operation or model
name longer than a line), which the layout does not try to tell from a line
black would split.

Black's verdict on the Box description's files is not asked here again: the same API,
as generated/ holds it, is held to black's style file by file in tests/unit/test_format.py
(some 40 s of black either way). Here it shows only which files reach black.
"""

from __future__ import annotations

import concurrent.futures

import pytest
from black_verdict import in_blacks_style
from conftest import BOX_OPENAPI_DEFAULT, ROOT

from generator import format as fmt
from generator import pipeline
from generator.render import preformatted, render

pytestmark = pytest.mark.slow

WILD = ROOT.parent / "shared" / "specs" / "wild"
DOCUMENTS = {
    "box-openapi": BOX_OPENAPI_DEFAULT,
    "adyen-balanceplatform": WILD / "adyen-balanceplatform.json",
    "adyen-checkout": WILD / "adyen-checkout.json",
    "adyen-management": WILD / "adyen-management.json",
    "openai": WILD / "openai.yaml",
    "xero-accounting": WILD / "xero-accounting.yaml",
}

# The files black still gets, each for a line it leaves as it is: a `def` or
# `self.x = to_raw_response(` line longer than black's limit with the name alone,
# or the `is not Model` of a model's from_dict (a model name alone too long).
SENT = {
    "openai": {"models/realtime_beta_conversation_input_audio_transcription_completed"},
}


# generated/ is this document's client (spec/box.yaml: the same JSON as YAML); test_format
# checks each of its files
VERDICT_IN_TEST_FORMAT = {"box-openapi"}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_black_has_nothing_to_change_on_real_documents(name: str) -> None:
    spec = DOCUMENTS[name]
    if not spec.is_file():
        pytest.skip(f"{spec} is not there")
    api, _, _ = pipeline.build_model(pipeline.document(spec), pipeline.Options(package="p"))
    files = render(api, source=spec.name)
    runtime = preformatted("p", None)
    emitted = {path: text for path, text in files.items() if path.endswith(".py") and path not in runtime}
    sent = {path for path, text in emitted.items() if fmt.needs_black(text)}
    assert sent == {f"p/{module}.py" for module in SENT.get(name, ())}
    if name in VERDICT_IN_TEST_FORMAT:
        return
    # black's own verdict (its defaults, not the format stage's settings), on all cores
    paths = sorted(emitted)
    with concurrent.futures.ProcessPoolExecutor() as pool:
        verdicts = pool.map(in_blacks_style, [emitted[p] for p in paths], chunksize=32)
        changed = [path for path, ok in zip(paths, verdicts) if not ok]
    assert changed == [], f"black changes {len(changed)} of {len(emitted)} files: {changed[:20]}"
