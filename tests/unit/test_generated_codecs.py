"""The models' generated from_dict/to_dict against the runtime's reflective codec, which they replace.

For valid bodies and for each of many broken ones (a field removed, null, of
another JSON type, an item of a list broken, a field unknown), decoding with the
generated code and with ``_serde``'s codec (``_codec(cls).decode``, the
behaviour before issue 17) gives the same model, or the same error at the same
path; encoding gives the same JSON.
"""

from __future__ import annotations

import copy
import importlib
from typing import Any

import pytest

pytestmark = pytest.mark.usefixtures("golden_on_path")

OWNER = {"name": "Ann", "phone": "555", "address": {"city": "Oslo", "street": "Gate 1"}}
PET = {
    "name": "Rex",
    "species": "dog",
    "status": "available",
    "id": "p1",
    "created_at": "2024-05-01T12:00:00Z",
    "birth_date": "2020-01-02",
    "arrived_at": "2024-05-01T12:00:00.5+02:00",
    "nickname": None,
    "owner": OWNER,
    "attributes": {"a": "b"},
    "photo_urls": ["u1", "u2"],
    "unknown": {"kept": [1]},
}
PHYSICAL = {
    "kind": "physical",
    "id": "1",
    "name": "Box",
    "sku": "B-1",
    "created_at": "2024-05-01T00:00:00-07:00",
    "barcode": 123,
    "labels": ["x"],
    "price": {"amount": "1.00", "currency": "EUR"},
    "weight_grams": 12,
    "description": "d",
}
FOLDER = {"id": "12", "type": "folder", "etag": "1", "sequence_id": "3", "name": "Contracts"}
FILE = {"id": "13", "type": "file", "etag": None, "name": "a.pdf", "sha1": "85"}
ITEMS = {
    "total_count": 2,
    "limit": 1000,
    "offset": 0,
    "order": [{"by": "type", "direction": "ASC"}],
    "entries": [FOLDER, FILE, {**FOLDER, "type": "unheard-of"}],
}

CASES = [
    ("petstore_client", "Pet", PET),
    ("petstore_client", "ListPetsResponse", {"entries": [PET, {**PET, "id": "p2"}], "next_marker": "m"}),
    ("inventory_client", "PhysicalItem", PHYSICAL),
    ("box_operations", "Items", ITEMS),
]
ODD_VALUES = [None, 1, 1.5, True, "text", [], {}, ["x"], {"k": "v"}, "2024-05-01T12:00:00Z"]


def _broken(body: dict[str, Any]) -> list[Any]:
    """``body`` broken in each of many ways, one at a time (and a few not objects at all)."""
    out: list[Any] = [None, [], "text"]
    for key, value in body.items():
        out.append({k: v for k, v in body.items() if k != key})
        out.extend({**body, key: odd} for odd in ODD_VALUES)
        if isinstance(value, dict):
            out.extend({**body, key: broken} for broken in _broken(value)[3:])
        if isinstance(value, list) and value and isinstance(value[0], dict):
            for broken in _broken(value[0])[3:]:
                out.append({**body, key: [value[0], broken]})
    return out


def _outcome(decode: Any, data: Any) -> tuple[Any, ...]:
    errors = importlib.import_module(decode.__self__.__module__.split(".")[0] + "._serde").DecodeError
    try:
        obj = decode(copy.deepcopy(data))
    except errors as exc:
        return ("error", str(exc), exc.path)
    return ("ok", obj, obj.extra_fields, obj.to_dict(), type(obj))


@pytest.mark.parametrize(("package", "name", "body"), CASES, ids=[c[1] for c in CASES])
def test_generated_code_decodes_and_encodes_as_the_reflective_codec(package: str, name: str, body: Any) -> None:
    cls = getattr(importlib.import_module(f"{package}.models"), name)
    serde = importlib.import_module(f"{package}._serde")
    reflective = serde._codec(cls)
    assert "from_dict" in vars(cls) and "to_dict" in vars(cls)  # generated, not the base's
    for data in [body, *_broken(body)]:
        ours, before = _outcome(cls.from_dict, data), _outcome(reflective.decode, data)
        assert ours == before, data
        if ours[0] == "ok":
            assert ours[3] == reflective.encode(ours[1])


def test_a_subclass_of_a_model_decodes_its_own_fields_too() -> None:
    import dataclasses

    from petstore_client.models import NewPetOwner

    @dataclasses.dataclass
    class Owner(NewPetOwner):
        nickname: str = "none"

    Owner.__module__ = NewPetOwner.__module__  # where its annotations' names are found

    owner = Owner.from_dict({**OWNER, "nickname": "A"})
    assert type(owner) is Owner and owner.nickname == "A" and owner.extra_fields == {}


def test_a_drifted_model_encodes_what_it_kept_as_received() -> None:
    from petstore_client._lenient import lenient
    from petstore_client.models import Pet

    found: list[Any] = []
    pet = lenient(Pet, {**PET, "owner": {"name": 7}, "created_at": "soon"}, (), found)
    assert found == [("created_at",), ("owner", "name")]
    assert pet.to_dict()["created_at"] == "soon" and pet.to_dict()["owner"] == {"name": 7}


EMPTY_MODEL_SPEC = """
openapi: 3.0.3
info: {title: Empty, version: "1"}
paths:
  /things:
    post:
      operationId: make_thing
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Nothing"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Nothing"}
components:
  schemas:
    Nothing:
      type: object
      properties: {}
"""


def test_a_model_without_properties_keeps_every_field_and_declares_its_wire_names_typed(
    inline_client: Any,
) -> None:
    package = inline_client(EMPTY_MODEL_SPEC, "empty_model_client")
    nothing = package.models.Nothing
    assert nothing.from_dict({}).extra_fields == {}
    assert nothing.from_dict({"a": 1, "b": [2]}).extra_fields == {"a": 1, "b": [2]}
    assert nothing.from_dict({"a": 1}).to_dict() == {"a": 1}
    # an empty `{}` would be a dict to mypy --strict, with no type it can infer
    source = importlib.import_module(nothing.__module__).__file__
    assert "\n_WIRES: frozenset[str] = frozenset()\n" in open(source, encoding="utf-8").read()
