"""Unions without a discriminator (tests/corpus/unions.yaml): each value decodes as the option it is valid for.

Events share a base through allOf and differ only in a one-value ``type``
(inline enum, const, component enum, nullable, required); a heartbeat has
no tag, only required properties of its own; an address declares every
property of a point and more. In process against the generated package, and
over real HTTP through the generated client against tests/fault_server.py.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import CORPUS, run_generator
from fault_server import FaultServer, Respond

PACKAGE = "feed_client"  # not the corpus fixture's name, so the two never share sys.modules

EVENTS: list[dict[str, Any]] = [
    {"id": "e1", "created_at": "2024-05-01T10:00:00Z", "type": "file_created", "name": "a.txt"},
    {"id": "e2", "created_at": "2024-05-01T10:01:00Z", "type": "file_deleted", "name": "a.txt"},
    {"id": "e3", "created_at": "2024-05-01T10:02:00Z", "type": "folder_created", "name": "docs"},
    {"id": "e4", "created_at": "2024-05-01T10:03:00Z", "type": "user_added", "name": "ann"},
    {"id": "e5", "created_at": "2024-05-01T10:04:00Z", "type": "comment_posted", "name": "hi"},
    {"beat": 7, "interval": 2.5},
]
EVENT_CLASSES = ["FileCreated", "FileDeleted", "FolderCreated", "UserAdded", "CommentPosted", "Heartbeat"]

PLACES: list[dict[str, Any]] = [
    {"name": "harbour", "lat": 53.5},
    {"name": "office", "lat": 52.5, "street": "Main St 1", "city": "Berlin"},
    {"name": "depot", "street": "Dock 4"},
]
PLACE_CLASSES = ["Point", "Address", "Address"]


@pytest.fixture(scope="module")
def feed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    out = tmp_path_factory.mktemp("feed")
    run = run_generator(CORPUS / "unions.yaml", "--output", out, "--package", PACKAGE, "--strict")
    assert run.returncode == 0, run.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(out))


@pytest.fixture(scope="module")
def m(feed: Any) -> Any:
    return importlib.import_module(PACKAGE + ".models")


@pytest.fixture(scope="module")
def serde(feed: Any) -> Any:
    return importlib.import_module(PACKAGE + "._serde")


def check_events(m: Any, events: list[Any]) -> None:
    assert [type(e).__name__ for e in events] == EVENT_CLASSES
    *tagged, heartbeat = events
    for event, wire in zip(tagged, EVENTS):
        assert event.id == wire["id"] and event.name == wire["name"]
        assert event.created_at.tzinfo is not None and event.created_at.minute == int(wire["id"][1]) - 1
        assert event.type == wire["type"]
        assert event.extra_fields == {}
    assert isinstance(tagged[0].type, m.FileCreatedType)
    assert isinstance(tagged[2].type, m.FolderCreatedType)  # the enum of the components
    assert isinstance(tagged[3].type, m.UserAddedType)
    assert isinstance(tagged[4].type, m.CommentPostedType)
    assert (heartbeat.beat, heartbeat.interval) == (7, 2.5)


def check_places(places: list[Any]) -> None:
    assert [type(p).__name__ for p in places] == PLACE_CLASSES
    assert (places[0].name, places[0].lat) == ("harbour", 53.5)
    assert (places[1].name, places[1].lat, places[1].street, places[1].city) == ("office", 52.5, "Main St 1", "Berlin")
    assert (places[2].name, places[2].lat, places[2].street) == ("depot", None, "Dock 4")


def test_each_event_decodes_as_the_variant_its_tag_names(m: Any, serde: Any) -> None:
    check_events(m, serde.decode(list[m.Event], EVENTS))


def test_the_most_specific_variant_wins(m: Any, serde: Any) -> None:
    check_places(serde.decode(list[m.Place], PLACES))


def test_entries_decode_alike_in_any_order(m: Any, serde: Any) -> None:
    shuffled = EVENTS[::-1]
    decoded = serde.decode(list[m.Event], shuffled)
    assert [type(e).__name__ for e in decoded] == EVENT_CLASSES[::-1]


def test_a_tag_rules_out_a_variant_even_when_optional_or_nullable(m: Any, serde: Any) -> None:
    base = {"id": "x", "created_at": "2024-05-01T10:00:00Z"}
    # No tag at all: every tagged event fits; the first one listed with the most properties present wins.
    assert type(serde.decode(m.Event, base)) is m.FileCreated
    # Null is a value only the nullable tag allows.
    assert type(serde.decode(m.Event, {**base, "type": None})) is m.UserAdded
    # CommentPosted requires its tag, so an untagged event is never one.
    assert type(serde.decode(m.Event, {**base, "name": "n"})) is not m.CommentPosted


def test_a_value_no_variant_allows_names_the_options(m: Any, serde: Any) -> None:
    unknown = {"id": "x", "created_at": "2024-05-01T10:00:00Z", "type": "file_moved"}
    with pytest.raises(serde.DecodeError) as raised:
        serde.decode(list[m.Event], [EVENTS[0], unknown])
    message = str(raised.value)
    assert raised.value.path == (1,)
    for name in EVENT_CLASSES:
        assert name in message
    assert "'type' is 'file_moved', not 'file_created'" in message
    assert "required field 'beat' is missing" in message


def test_the_winner_failing_to_decode_falls_back_to_the_next_candidate(m: Any, serde: Any) -> None:
    # Address fits best but its street is no string; Point, which leaves street as an extra field, decodes.
    place = serde.decode(m.Place, {"name": "n", "lat": 1, "street": 5})
    assert type(place) is m.Point and place.extra_fields == {"street": 5}
    with pytest.raises(serde.DecodeError, match="Heartbeat: expected number, got string"):
        serde.decode(m.Event, {"beat": 1, "interval": "soon"})


def test_non_object_values_try_the_options_in_order(m: Any, serde: Any) -> None:
    mixed = str | list[str] | m.Point | int
    assert serde.decode(mixed, "x") == "x"
    assert serde.decode(mixed, ["a"]) == ["a"]
    assert serde.decode(mixed, 3) == 3
    assert type(serde.decode(mixed, {"lat": 1.0})) is m.Point
    with pytest.raises(serde.DecodeError, match=r"options \(str, list\[str\], Point, int\)"):
        serde.decode(mixed, 1.5)


def test_a_union_that_refers_to_itself(m: Any, serde: Any) -> None:
    tree = {"label": "root", "children": [{"value": 1}, {"children": [{"value": 2}, {"children": []}]}]}
    root = serde.decode(m.Node, tree)
    assert type(root) is m.Branch and root.label == "root"
    leaf, branch = root.children
    assert type(leaf) is m.Leaf and leaf.value == 1
    assert [type(n) for n in branch.children] == [m.Leaf, m.Branch] and branch.children[1].children == []
    assert root.to_dict() == tree


def test_models_encode_back_to_what_was_received(m: Any, serde: Any) -> None:
    decoded = serde.decode(list[m.Event], EVENTS)
    expected = [{k: v.replace("Z", "+00:00") if k == "created_at" else v for k, v in e.items()} for e in EVENTS]
    assert [e.to_dict() for e in decoded] == expected


def test_over_http_through_the_client(feed: Any, m: Any, server: FaultServer) -> None:
    server.script(Respond(200, EVENTS), Respond(200, PLACES))
    with feed.Client(base_url=server.url, max_retries=0) as client:
        check_events(m, client.default.list_events())
        check_places(client.default.list_places())
    assert [r.path for r in server.requests] == ["/events", "/places"]


def test_over_http_a_wrong_entry_is_a_decode_error(feed: Any, m: Any, server: FaultServer) -> None:
    server.script(Respond(200, [*EVENTS, {"id": "x", "created_at": "2024-05-01T10:00:00Z", "type": "?"}]))
    with feed.Client(base_url=server.url, max_retries=0, strict_responses=True) as client:
        with pytest.raises(feed.ResponseValidationError) as raised:
            client.default.list_events()
    assert "[6]" in str(raised.value) and "fits none of the options" in str(raised.value)


def test_over_http_a_wrong_entry_is_kept_when_lenient(
    feed: Any, m: Any, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    wrong = {"id": "x", "created_at": "2024-05-01T10:00:00Z", "type": "?"}
    server.script(Respond(200, [*EVENTS, wrong]))
    with feed.Client(base_url=server.url, max_retries=0) as client:
        events = client.default.list_events()
    check_events(m, events[:-1])
    assert events[-1] == wrong
    assert [r.getMessage().count("[6]") for r in caplog.records if r.name == feed.__name__] == [1]


def test_decoding_stays_fast(m: Any, serde: Any) -> None:
    # Tables are built once per union: decoding the same list again costs no new codecs.
    serde.decode(list[m.Event], EVENTS)
    codecs, converters = len(serde._codecs), len(serde._converter_cache)
    for _ in range(50):
        serde.decode(list[m.Event], EVENTS)
    assert (len(serde._codecs), len(serde._converter_cache)) == (codecs, converters)

