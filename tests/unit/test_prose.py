"""Prose lifted out of a document and put back (generator.incremental.prose)."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest

from conftest import files_below, run_generator
from generator.incremental import prose
from generator.naming import Identifier
from generator.render import environment


def test_lift_replaces_each_non_blank_text_and_nothing_else() -> None:
    doc = {
        "info": {"title": "T", "description": "  About the API.  "},
        "paths": {"/a": {"get": {"summary": "Get", "description": "   ", "responses": {}}}},
        "components": {
            "schemas": {
                "A": {
                    "description": "A thing.",
                    "example": {"description": "data, not prose"},
                    "x-notes": {"description": "an extension's own"},
                    "discriminator": {"propertyName": "kind", "mapping": {"description": "#/components/schemas/A"}},
                    "properties": {"description": {"type": "string", "description": "The description field."}},
                }
            }
        },
    }
    shape, texts = prose.lift(doc)
    assert texts == ("About the API.", "Get", "A thing.", "The description field.")
    assert shape["info"]["description"] == "\ue0000\ue001"
    assert shape["paths"]["/a"]["get"]["description"] == "   ", "a blank text stays: emptiness is shape"
    schema = shape["components"]["schemas"]["A"]
    assert schema["example"] == {"description": "data, not prose"}
    assert schema["x-notes"] == {"description": "an extension's own"}
    assert schema["discriminator"]["mapping"] == {"description": "#/components/schemas/A"}
    assert schema["properties"]["description"]["description"] == "\ue0003\ue001"
    assert doc["info"]["description"] == "  About the API.  ", "the document itself is left alone"


def test_restore_puts_back_the_texts_of_the_table_it_is_given() -> None:
    shape, texts = prose.lift({"description": "one", "x": {"summary": "two"}})
    token = shape["x"]["summary"]
    assert prose.restore(f"HTTP 404. {token}", texts) == "HTTP 404. two"
    assert prose.texts_of(prose.tokens_in(f"{token} {token}"), texts) == b"two"
    assert prose.restore(token, ()) == token, "with nothing lifted, nothing is put back"


def test_an_environment_given_the_table_writes_the_texts_and_the_plain_one_does_not() -> None:
    shape, texts = prose.lift({"description": "About \"this\".", "summary": "Gets."})
    template = "{{ a | docstring }} {{ b | pystr }} {{ name }}"
    values = dict(a=shape["description"], b=shape["summary"], name=Identifier("n"))
    lifted = environment(None, text=functools.partial(prose.restore, table=texts))
    assert lifted.from_string(template).render(**values) == 'About \\"this\\". "Gets." n'
    plain = environment(None).from_string(template).render(a="About \"this\".", b="Gets.", name=Identifier("n"))
    assert plain == lifted.from_string(template).render(**values)
    assert environment(None).from_string("{{ b | pystr }}").render(b=shape["summary"]) == '"\\ue0001\\ue001"'


@pytest.mark.parametrize(
    "text",
    ['{"title": "a\ue000b"}', '{"title": "a\\ue000b"}', '{"title": "a\\uE000b"}', 'title: "a\\U0000E000b"'],
)
def test_a_document_that_could_hold_a_token_is_not_lifted(text: str) -> None:
    assert not prose.liftable(text)
    assert prose.liftable('{"title": "a\\ue001b \\u0000"}')


def test_private_use_characters_in_a_document_survive_a_cached_run(tmp_path: Path) -> None:
    """A title that looks like a token is not taken for one (the document is parsed as it is)."""
    doc = {
        "openapi": "3.0.3",
        "info": {"title": "Shop \ue0000\ue001", "version": "1", "description": "About \ue000."},
        "paths": {
            "/items": {
                "get": {
                    "operationId": "listItems",
                    "summary": "List \ue0000\ue001 items",
                    "responses": {"200": {"description": "OK"}},
                }
            }
        },
    }
    spec = tmp_path / "shop.json"
    spec.write_text(json.dumps(doc))
    outputs = []
    for name, extra in (("plain", ["--no-cache"]), ("cold", ["--cache-dir", str(tmp_path / "c")]),
                        ("warm", ["--cache-dir", str(tmp_path / "c")])):
        done = run_generator(spec, "-o", tmp_path / name, *extra)
        assert done.returncode == 0, done.stderr
        outputs.append(files_below(tmp_path / name))
    assert outputs[0] == outputs[1] == outputs[2]
    # Private-use characters are dropped from documentation; what is left is the title's own "0".
    assert b"Python client for Shop 0." in outputs[0]["README.md"]
