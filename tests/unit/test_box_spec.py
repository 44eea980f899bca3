"""spec/box.yaml is Box's description converted from JSON to YAML and nothing else
(scripts/box_spec_to_yaml.py), and spec/NOTICE.md names the bytes it came from."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from types import ModuleType

import pytest
import yaml

from conftest import BOX_OPENAPI_DEFAULT, ROOT, SPEC

NOTICE = ROOT / "spec" / "NOTICE.md"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "box_spec_to_yaml", ROOT / "scripts" / "box_spec_to_yaml.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TRICKY = {
    "openapi": "3.0.2",
    "info": {"version": "2024.0", "title": "Ünïcode ✓ — 日本"},
    "z first": {
        "b": 1,
        "a": 2.0,
        "c": [1, "1", "1.0", "yes", "null", "~", "", " lead", "trail "],
    },
    "texts": [
        "one line",
        "two\nlines",
        "trailing spaces  \nthen more",
        "ends with a newline\n",
        "\ttab first\nsecond",
        "a: colon # and hash",
        "x" * 300,
        "- dash\n- list",
    ],
    "codes": {"200": {"description": "OK"}, "default": {"description": "other"}},
    "booleans": [True, False, None],
}
TRICKY["shared"] = [
    TRICKY["codes"],
    TRICKY["codes"],
]  # the same object twice: written twice


def test_the_conversion_keeps_every_value_and_the_key_order() -> None:
    text = _script().to_yaml(TRICKY)
    assert yaml.safe_load(text) == TRICKY
    assert json.dumps(yaml.safe_load(text)) == json.dumps(
        TRICKY
    ), "the same types and key order"
    assert not re.search(r"(^|\s)[&*!]\w", text), "no anchors, aliases or tags"
    assert "Ünïcode ✓ — 日本" in text, "unicode kept as it is"
    assert ("x" * 300) in text, "a long line is not folded"
    assert re.search(
        r"^- \|-\n +two\n +lines$", text, re.M
    ), "multi-line text as a literal block"
    assert _script().to_yaml(TRICKY) == text


def test_the_notice_names_the_source_bytes() -> None:
    notice = NOTICE.read_text(encoding="utf-8")
    assert "github.com/box/box-openapi" in notice and "Apache" in notice
    assert re.search(r"commit\s+`[0-9a-f]{40}`", notice)
    licence = (ROOT / "spec" / "box-openapi.LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0" in licence
    if not BOX_OPENAPI_DEFAULT.is_file():
        pytest.skip(f"the Box OpenAPI document is not at {BOX_OPENAPI_DEFAULT}")
    data = BOX_OPENAPI_DEFAULT.read_bytes()
    blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()  # git hash-object
    assert (
        f"`{blob}`" in notice
    ), "the notice names the git blob of the document converted"


@pytest.mark.slow  # the pure-Python YAML emitter over 1.8 MB: seconds
def test_spec_box_yaml_is_the_conversion_of_boxs_json() -> None:
    if not BOX_OPENAPI_DEFAULT.is_file():
        pytest.skip(f"the Box OpenAPI document is not at {BOX_OPENAPI_DEFAULT}")
    document = json.loads(BOX_OPENAPI_DEFAULT.read_text(encoding="utf-8"))
    assert _script().to_yaml(document) == SPEC.read_text(encoding="utf-8")
