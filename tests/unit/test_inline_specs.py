"""Behaviour of emitted models, each from a spec written beside its assertions (conftest.inline_client).

The style of openapi-python-client's functional tests: the document and what its client
does are read together, with no file elsewhere to open.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

PETS = """
    openapi: 3.0.3
    info: {title: Pets, version: '1'}
    paths:
      /pets:
        post:
          operationId: createPet
          requestBody:
            required: true
            content:
              application/json:
                schema: {$ref: '#/components/schemas/Pet'}
          responses:
            '201': {description: created}
    components:
      schemas:
        Kind:
          type: string
          enum: [cat, dog]
        Pet:
          type: object
          required: [name]
          properties:
            name: {type: string}
            kind: {$ref: '#/components/schemas/Kind'}
            nickname: {type: string, nullable: true}
"""


def test_nullable_left_out_and_null_are_told_apart(inline_client: Callable[[str], ModuleType]) -> None:
    inline_client(PETS)
    from inline_client import UNSET
    from inline_client.models import Pet

    assert Pet(name="Rex").nickname is UNSET
    assert Pet(name="Rex").to_dict() == {"name": "Rex"}
    assert Pet(name="Rex", nickname=None).to_dict() == {"name": "Rex", "nickname": None}
    assert Pet.from_dict({"name": "Rex", "nickname": None}).nickname is None


def test_enums_keep_values_they_do_not_know_and_extra_fields_go_back(
    inline_client: Callable[[str], ModuleType],
) -> None:
    inline_client(PETS)
    from inline_client.models import Kind, Pet

    pet = Pet.from_dict({"name": "Tweety", "kind": "bird", "wings": 2})
    assert isinstance(pet.kind, Kind) and pet.kind.value == "bird"
    assert pet.extra_fields == {"wings": 2}
    assert pet.to_dict() == {"name": "Tweety", "kind": "bird", "wings": 2}
