"""Kept parts as JSON (generator.incremental.codec), and a cache directory that is never unpickled."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FEATURE_SPECS
from generator import incremental
from generator.incremental import codec
from generator.incremental.cache import Cache
from generator.load import load
from generator.pipeline import Options, build_model, generate
from generator.render import environment, parts, render_part

SPECS = sorted([*FEATURE_SPECS.glob("*.yaml"), *FEATURE_SPECS.glob("*.json")])


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.stem)
def test_every_part_of_a_feature_spec_survives_the_codec(spec: Path) -> None:
    api = build_model(load(spec), Options(package="pkg"))[0]
    env = environment(None)
    for part in parts(api, source=spec.name):
        encoded = codec.encode(part.context)
        back = codec.decode(encoded)
        assert codec.encode(back) == encoded, part.path
        assert render_part(env, part.__class__(part.path, part.template, back)) == render_part(env, part), part.path


def _hostile(target: Path) -> bytes:
    """A pickle that, unpickled, creates ``target``."""

    class Boom:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (target,))

    return pickle.dumps(Boom(), 5)


@pytest.mark.parametrize(
    "entry",
    [
        '["d","x",["Popen","ls"]]',  # not a class of the model
        '["d","x",["Model"]]',  # one of ours, with the wrong number of fields
        '{"x": 1}',
        '["d","x",{"a":1}]',
        '["i",3]',
        "not json",
        _hostile(Path("/nonexistent/unpickled")),
    ],
)
def test_anything_but_an_encoded_context_is_refused(entry: str | bytes) -> None:
    with pytest.raises(codec.DecodeError):
        codec.decode(entry)


def test_a_part_entry_holding_a_pickle_is_a_miss_and_is_not_unpickled(tmp_path: Path) -> None:
    data = yaml.safe_load((FEATURE_SPECS / "petstore.yaml").read_text())
    spec = tmp_path / "petstore.yaml"
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    options = Options(package="petstore_client")
    cache = Cache(tmp_path / "cache")
    incremental.generate(spec, options, cache, jobs=1)
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and "jinja" not in p.parts]
    assert entries and not any(p.read_bytes().startswith(b"\x80") for p in entries), "no pickle is written"
    marker = tmp_path / "unpickled"
    kept = list((tmp_path / "cache" / "part").glob("*/*"))
    assert kept, "the parts that show texts are kept"
    for part in kept:
        keys = [line.split(b" ")[0] for line in part.read_bytes().splitlines()]
        part.write_bytes(b"".join(key + b" " + _hostile(marker) + b"\n" for key in keys))
    data["info"]["description"] = "Edited."
    spec.write_text(yaml.safe_dump(data, sort_keys=False))
    files = incremental.generate(spec, options, cache, jobs=1).files
    assert not marker.exists()
    assert files == generate(spec, options, jobs=1).files
