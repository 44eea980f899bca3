"""Emitted clients of the feature specs over real HTTP, against Prism mocking each spec.

Prism validates every request against the spec (and says why in ``sl-violations``),
so a 2xx answer means the client encoded parameters and bodies as the spec says.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import FEATURE_SPECS, PrismServer

pytestmark = pytest.mark.usefixtures("golden_on_path")


class Recorder:
    """An httpx client that remembers what it sent and what came back."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.responses: list[httpx.Response] = []
        self.http = httpx.Client(
            event_hooks={"request": [self.requests.append], "response": [self.responses.append]}
        )

    @property
    def last_body(self) -> Any:
        return json.loads(self.requests[-1].content)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.http.close()
    for response in rec.responses:
        # Prism's static mock can violate its own response schemas (patterns); what
        # matters here is that no request we sent violated the spec.
        violations = json.loads(response.headers.get("sl-violations", "[]"))
        assert [v for v in violations if v["location"][0] == "request"] == []


@pytest.fixture
def petstore(prism_for: Callable[[Path], PrismServer], recorder: Recorder) -> Any:
    from petstore_client import Client

    return Client(token="t", base_url=prism_for(FEATURE_SPECS / "petstore.yaml").url, http_client=recorder.http,
                  strict_responses=True)


@pytest.fixture
def inventory(prism_for: Callable[[Path], PrismServer], recorder: Recorder) -> Any:
    from inventory_client import Client

    return Client(token="t", base_url=prism_for(FEATURE_SPECS / "inventory.json").url, http_client=recorder.http,
                  strict_responses=True)


def test_query_parameters_arrays_and_enums(petstore: Any, recorder: Recorder) -> None:
    from petstore_client.models import Pet, PetStatus

    pets = petstore.pets.list_pets(limit=5, status=PetStatus.AVAILABLE, tags=["a", "b"])
    url = recorder.requests[-1].url
    assert url.params.get_list("tags") == ["a", "b"]
    assert url.params["status"] == "available"
    assert url.params["limit"] == "5"
    assert pets.entries and all(isinstance(p, Pet) for p in pets.entries)


def test_json_body_with_nested_model_dates_and_explicit_null(petstore: Any, recorder: Recorder) -> None:
    from petstore_client.models import NewPetOwner, NewPetSpecies, Pet

    pet = petstore.pets.create_pet(
        "Rex",
        NewPetSpecies.DOG,
        birth_date=dt.date(2020, 1, 2),
        arrived_at=dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc),
        nickname=None,
        owner=NewPetOwner(name="Ann"),
        attributes={"colour": "brown"},
    )
    assert isinstance(pet, Pet)
    body = recorder.last_body
    assert body["name"] == "Rex" and body["species"] == "dog"
    assert body["birth_date"] == "2020-01-02"
    assert body["arrived_at"] == "2024-05-01T12:00:00+00:00"
    assert body["nickname"] is None  # nullable: None is sent as null
    assert "status" not in body  # optional, not given: left out
    assert body["owner"] == {"name": "Ann"}


def test_path_and_header_parameters(petstore: Any, recorder: Recorder) -> None:
    petstore.pets.update_pet("pet/1", if_match='"v1"', name="Rex")
    request = recorder.requests[-1]
    assert request.url.raw_path == b"/pets/pet%2F1"
    assert request.headers["if-match"] == '"v1"'
    assert petstore.pets.delete_pet("p1") is None


def test_discriminated_union_decodes_the_right_branch(inventory: Any) -> None:
    from inventory_client.models import PhysicalItem

    item = inventory.default.get_item("itm_1")
    assert isinstance(item, PhysicalItem) and item.kind == "physical"
    assert isinstance(item.created_at, dt.datetime)


def test_merge_patch_body_and_explicit_null(inventory: Any, recorder: Recorder) -> None:
    inventory.default.update_item("itm_1", price=None, labels=["x"])
    request = recorder.requests[-1]
    assert request.headers["content-type"] == "application/merge-patch+json"
    assert recorder.last_body == {"price": None, "labels": ["x"]}


def test_binary_upload_download_and_text(inventory: Any, recorder: Recorder) -> None:
    assert inventory.media.upload_item_image("itm_1", b"\x89PNG\r\n") is None
    assert recorder.requests[-1].headers["content-type"] == "application/octet-stream"
    assert recorder.requests[-1].content == b"\x89PNG\r\n"
    assert isinstance(inventory.media.download_item_image("itm_1"), bytes)
    assert recorder.requests[-1].headers["accept"].startswith("application/octet-stream")
    assert isinstance(inventory.default.health(), str)


def test_union_request_body(inventory: Any, recorder: Recorder) -> None:
    from inventory_client.models import Delta

    stock = inventory.default.adjust_stock("itm_1", Delta(delta=-2))
    assert isinstance(stock, dict)
    assert recorder.last_body["delta"] == -2
