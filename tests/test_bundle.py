"""Descriptions split over several files (generator.bundle)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, files_below
from generator.bundle import bundle
from generator.errors import SpecError
from generator.load import load

MULTIFILE = ROOT / "tests" / "corpus" / "multifile"


def test_references_to_other_files_become_local_ones() -> None:
    doc = bundle(load(MULTIFILE / "openapi.yaml"))
    schemas = doc.data["components"]["schemas"]
    # A root component that only refers elsewhere is that schema; the others are named
    # after their pointer's last part or their file, in order of first reference.
    assert list(schemas) == ["Owner", "pet", "Kind", "NewPet", "error"]
    assert schemas["Owner"]["properties"]["pets"]["items"] == {"$ref": "#/components/schemas/pet"}
    assert schemas["pet"]["properties"]["owner"] == {"$ref": "#/components/schemas/Owner"}, "a cycle across files"
    assert schemas["NewPet"]["properties"]["kind"] == {"$ref": "#/components/schemas/Kind"}, "a local ref elsewhere"
    # Other objects are copied in where they are referenced.
    listing = doc.data["paths"]["/pets"]["get"]
    assert listing["parameters"][0]["name"] == "limit"
    not_found = doc.data["paths"]["/owners/{owner_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/error"}
    assert "$ref" not in str(doc.data).replace("'$ref': '#/", "")
    assert dict(doc.sources).keys() == {
        "paths/pets.yaml", "schemas/pet.yaml", "schemas/owner.json", "schemas/catalog.yaml",
        "common/parameters.yaml", "common/responses/errors.yaml", "schemas/error.yaml",
    }


def test_a_document_without_references_to_other_files_is_left_as_it_is() -> None:
    doc = load(ROOT / "spec" / "box.yaml")
    assert bundle(doc) is doc


def _spec(tmp_path: Path, ref: str, extra: dict[str, str] | None = None) -> Path:
    for name, text in (extra or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    root = tmp_path / "api" / "openapi.yaml" if "api/" in "".join(extra or {}) else tmp_path / "openapi.yaml"
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
        f"        '200': {{$ref: '{ref}'}}\n"
    )
    return root


@pytest.mark.parametrize(
    ("ref", "extra", "message"),
    [
        ("https://example.com/r.yaml#/R", {}, "is a URL; nothing is fetched at generation time"),
        ("//example.com/r.yaml", {}, "is a URL"),
        ("../outside.yaml#/R", {"outside.yaml": "R: {description: x}\n", "api/x": ""},
         "leaves the directory of the root document"),
        ("missing.yaml#/R", {}, "$ref to missing.yaml: file not found"),
        ("r.yaml#/Nope", {"r.yaml": "R: {description: x}\n"}, "$ref r.yaml#/Nope points at nothing"),
        ("r.yaml#/R", {"r.yaml": "R: {$ref: 's.yaml#/S'}\n", "s.yaml": "S: {$ref: 'r.yaml#/R'}\n"},
         "$ref cycle across files that never reaches a definition"),
        ("r.yaml#R", {"r.yaml": "R: {description: x}\n"}, "fragment that is not a JSON pointer"),
    ],
)
def test_references_that_cannot_be_followed_are_one_line_errors(
    tmp_path: Path, ref: str, extra: dict[str, str], message: str
) -> None:
    root = _spec(tmp_path, ref, extra)
    with pytest.raises(SpecError) as caught:
        bundle(load(root))
    assert message in caught.value.one_line()
    assert "\n" not in caught.value.one_line()


def test_a_broken_file_elsewhere_is_reported_as_itself(tmp_path: Path) -> None:
    root = _spec(tmp_path, "r.yaml#/R", {"r.yaml": "R: {description: [unclosed\n"})
    done = subprocess.run([sys.executable, "-m", "generator", str(root), "-o", str(tmp_path / "out")],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith(str(tmp_path / "r.yaml")) and "invalid YAML" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_edit_to_a_referenced_file_is_not_replayed_from_the_cache(tmp_path: Path) -> None:
    spec_dir = tmp_path / "spec"
    shutil.copytree(MULTIFILE, spec_dir)
    out, cache = tmp_path / "out", tmp_path / "cache"

    def generate(target: Path, *extra: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "generator", str(spec_dir / "openapi.yaml"), "-o", str(target), "-q", *extra],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert done.returncode == 0, done.stderr

    generate(out, "--cache-dir", str(cache))
    error = spec_dir / "schemas" / "error.yaml"
    error.write_text(error.read_text() + "  code: {type: integer}\n")
    generate(out, "--cache-dir", str(cache))
    assert "code: int | None" in (out / "openapi_client" / "models" / "error.py").read_text()
    generate(tmp_path / "plain", "--no-cache")
    assert files_below(out) == files_below(tmp_path / "plain")
