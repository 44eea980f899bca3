"""Lenient decoding of success responses (the default) and ``strict_responses=True``.

Over real HTTP against tests/fault_server.py, sync and async, with the golden
inventory package: a discriminated union (``Item``), dates and date-times, nested
models, lists and a map. A drifted response decodes as far as it fits, keeps the
rest as received, and logs one warning per call naming paths, never values.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest

from fault_server import FaultServer, Respond

pytestmark = pytest.mark.usefixtures("golden_on_path")

PACKAGE = "inventory_client"
SECRET = "s3cr3t-value"

GOOD_ITEM = {
    "kind": "physical",
    "id": "i1",
    "name": "Lamp",
    "sku": "L-1",
    "created_at": "2024-05-01T12:00:00Z",
    "labels": ["a", "b"],
    "price": {"amount": "9.99", "currency": "EUR"},
    "dimensions": {"width": 1.5, "height": 2.0},
}

DRIFTED_ITEM = {
    "kind": "physical",
    "id": "i1",
    # "name" (required) left out
    "sku": "L-1",
    "created_at": SECRET,  # not a date-time
    "labels": ["a", 3],  # one item of the wrong type
    "price": "9.99",  # a string where a model is declared
    "dimensions": {"width": "wide", "height": 2.0},  # wrong type, nested
    "new_field": 1,
}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def call(mode: str, server: FaultServer, method: str, *args: Any, **options: Any) -> Any:
    """``client.<resource>.<method>(*args)`` with a fresh client of ``mode``."""
    package = __import__(PACKAGE)
    group, name = method.split(".")
    if mode == "sync":
        with package.Client(base_url=server.url, max_retries=0, **options) as client:
            return getattr(getattr(client, group), name)(*args)

    async def run() -> Any:
        async with package.AsyncClient(base_url=server.url, max_retries=0, **options) as client:
            return await getattr(getattr(client, group), name)(*args)

    return asyncio.run(run())


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == PACKAGE and r.levelno == logging.WARNING]


def test_a_conforming_response_decodes_typed_without_a_warning(
    server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from inventory_client import _lenient

    def second_pass(*args: Any) -> Any:
        raise AssertionError("a conforming body is decoded once, strictly")

    monkeypatch.setattr(_lenient.Drift, "decode", second_pass)
    server.script(Respond(200, GOOD_ITEM))
    item = call(mode, server, "default.get_item", "i1")
    assert type(item).__name__ == "PhysicalItem"
    assert item.created_at.year == 2024 and item.price.currency == "EUR"
    assert item._drifted == frozenset()
    assert warnings_of(caplog) == []


def test_a_drifted_item_keeps_what_does_not_fit_and_warns_once(
    server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    from inventory_client import MISSING

    server.script(Respond(200, DRIFTED_ITEM))
    item = call(mode, server, "default.get_item", "i1")
    # The tag chose the option; each field that fits is typed, the rest as received.
    assert type(item).__name__ == "PhysicalItem"
    assert item.name is MISSING and not item.name and repr(item.name) == "MISSING"
    assert item.sku == "L-1"
    assert item.created_at == SECRET
    assert item.labels == ["a", 3]
    assert item.price == "9.99"
    assert type(item.dimensions).__name__ == "PhysicalItemDimensions"
    assert item.dimensions.width == "wide" and item.dimensions.height == 2.0
    assert item.extra_fields == {"new_field": 1}
    (message,) = warnings_of(caplog)
    assert message.startswith("GET /items/{itemId}: the response does not match")
    assert "['name'], ['created_at'], ['labels'][1], ['price'], ['dimensions']['width']" in message
    assert SECRET not in message and "wide" not in message
    # Back to JSON as it came: what was kept goes back unchanged, MISSING left out.
    encoded = item.to_dict()
    assert "name" not in encoded
    assert encoded["created_at"] == SECRET and encoded["price"] == "9.99"
    assert encoded["dimensions"] == {"width": "wide", "height": 2.0}


def test_strict_responses_raises_as_before(server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture) -> None:
    from inventory_client import ResponseValidationError

    server.script(Respond(200, DRIFTED_ITEM))
    with pytest.raises(ResponseValidationError, match="required field 'name' of PhysicalItem is missing") as caught:
        call(mode, server, "default.get_item", "i1", strict_responses=True)
    assert caught.value.status_code == 200
    assert warnings_of(caplog) == []


def test_a_body_of_the_wrong_kind_is_kept_whole(
    server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    from inventory_client import ResponseValidationError

    body = {"warehouses": [{"id": "w1"}]}  # an object where an array is declared
    server.script(Respond(200, body))
    assert call(mode, server, "warehouses.list_warehouses") == body
    (message,) = warnings_of(caplog)
    assert message.startswith("GET /warehouses: ") and " at the body;" in message

    server.script(Respond(200, body))
    with pytest.raises(ResponseValidationError, match=r"expected an array, got object"):
        call(mode, server, "warehouses.list_warehouses", strict_responses=True)


def test_a_list_decodes_item_by_item_with_one_warning(
    server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    from inventory_client import MISSING

    warehouses = [
        {"id": "w1", "name": "North", "region": "eu", "opened_on": "2020-01-02"},
        {"id": "w2", "name": "South", "region": "us", "opened_on": "2020-13-45"},  # bad date
        {"id": "w3", "region": 7},  # name missing, region of the wrong kind
        "w4",  # not an object at all
    ] + [{"id": f"x{i}", "name": 5, "region": "eu"} for i in range(6)]
    server.script(Respond(200, warehouses))
    result = call(mode, server, "warehouses.list_warehouses")
    assert result[0].opened_on.year == 2020 and result[0]._drifted == frozenset()
    assert result[1].opened_on == "2020-13-45" and result[1].name == "South"
    assert result[2].name is MISSING and result[2].region == 7
    assert result[3] == "w4"
    assert [w.name for w in result[4:]] == [5] * 6
    (message,) = warnings_of(caplog)
    assert "[1]['opened_on'], [2]['name'], [2]['region'], [3], [4]['name'] and 5 more" in message


def test_a_map_value_of_the_wrong_type_is_kept_and_its_key_never_logged(
    server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Respond(200, {"bolts": 3, SECRET: "many"}))
    assert call(mode, server, "warehouses.get_warehouse_stock", "w1") == {"bolts": 3, SECRET: "many"}
    (message,) = warnings_of(caplog)
    assert "at [*];" in message and SECRET not in message and "many" not in message


def test_an_error_body_that_drifted_is_decoded_leniently(server: FaultServer, mode: str) -> None:
    from inventory_client import MISSING, NotFoundError

    server.script(Respond(404, {"code": 404, "request_id": "r1"}))
    with pytest.raises(NotFoundError) as caught:
        call(mode, server, "default.get_item", "i1", strict_responses=True)
    error = caught.value.error
    assert type(error).__name__ == "Error"
    assert error.code == 404 and error.message is MISSING and error.request_id == "r1"


# ------------------------------------------------------------- the decoder in place


def test_lenient_decoding_of_unions_without_a_tag_and_nullable_fields() -> None:
    """Through the runtime's own modules (the golden package's copy)."""
    from inventory_client._lenient import Drift
    from inventory_client.models import DigitalItem, PhysicalItem

    drift = Drift("GET", "/x")
    # No tag: the model declaring most of the object's properties.
    value = {"id": "i", "name": "n", "sku": "s", "created_at": "yesterday", "dimensions": {"width": None}}
    union = PhysicalItem | DigitalItem
    chosen = drift.decode(union, value)
    assert type(chosen) is PhysicalItem and chosen.created_at == "yesterday"
    # A tag no option allows (a kind added since), a value no option can hold: kept whole.
    assert drift.decode(union, {**value, "kind": "vinyl"}) == {**value, "kind": "vinyl"}
    assert drift.decode(union, 42) == 42
    # null where no null is allowed stays null.
    assert drift.decode(int, None) is None
    # An object no model option declares goes to the map option.
    assert drift.decode(PhysicalItem | dict[str, int], {"a": "b"}) == {"a": "b"}
    assert drift.paths == [("created_at",), (), (), (), ("*",)]
