"""Edges of decoding in the emitted runtime (generator/runtime) that the mutation run found untested.

Lenient decoding (a response that drifted), unions without a discriminator (which
option, in which order, and the error naming them), annotations with metadata, and
``UNSET``. Each test names the mutants it kills: they survived the modules' other
tests, and the test fails on each. These import the runtime modules in place (no
package generated); the models are small dataclasses written here, as the generator
writes them (``Model`` subclasses, the wire name in a field's metadata).
"""

from __future__ import annotations

import dataclasses
import logging
from typing import Annotated, Any, Literal

import httpx
import pytest

from generator.runtime._decoding import decoded, decoded_with_headers
from generator.runtime._errors import ResponseValidationError
from generator.runtime._lenient import Drift
from generator.runtime._request import RequestOptions
from generator.runtime._serde import Model, decode
from generator.runtime._settings import PACKAGE
from generator.runtime._values import UNSET, DecodeError, Discriminator


@dataclasses.dataclass
class File(Model):
    id: str
    size: int
    name: str | None = None


@dataclasses.dataclass
class Limits(Model):
    remaining: int = dataclasses.field(metadata={"wire": "x-rate-limit-remaining"})


def _response(body: Any, **headers: str) -> httpx.Response:
    request = httpx.Request("GET", "https://api.example.com/files/f1")
    return httpx.Response(200, json=body, headers=headers, request=request)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == PACKAGE and r.levelno == logging.WARNING]


def test_a_method_with_declared_headers_decodes_leniently_unless_strict(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Breaks in ``decoded_with_headers`` (``_decoding:42``, ``:45``):
    ``None if strict else Drift(...)`` negated (AddNot): the default, lenient client
    raises ``ResponseValidationError`` on a drifted body, and a strict one keeps it;
    ``if drift is not None`` made ``is None``: no warning for a drifted response, and
    every strict call crashes with AttributeError on ``None.report()``."""
    options = RequestOptions(method="GET", path="/files/{id}", cast_to=File)
    kinds = {"x-rate-limit-remaining": "int"}
    drifted = _response({"id": "f1", "size": "big"}, **{"x-rate-limit-remaining": "many"})
    caplog.set_level(logging.WARNING, logger=PACKAGE)

    body, headers = decoded_with_headers(drifted, options, False, Limits, kinds)
    assert isinstance(body, File) and (body.id, body.size) == ("f1", "big")
    assert isinstance(headers, Limits) and headers.remaining == "many"
    (message,) = _warnings(caplog)  # one warning for the body and the headers
    assert message.startswith("GET /files/{id}: the response does not match the API description at ")
    assert "['size']" in message and "['headers']['x-rate-limit-remaining']" in message

    caplog.clear()
    with pytest.raises(ResponseValidationError):
        decoded_with_headers(drifted, options, True, Limits, kinds)
    fine = _response({"id": "f1", "size": 3}, **{"x-rate-limit-remaining": "7"})
    body, headers = decoded_with_headers(fine, options, True, Limits, kinds)
    assert (body.size, headers.remaining) == (3, 7)
    assert _warnings(caplog) == []


def test_a_returned_model_tells_the_request_id_as_an_attribute() -> None:
    """Break: ``@property`` removed from ``Model._request_id`` (``_serde:86``): the
    documented ``result._request_id`` would be a bound method, not the id the server
    sent in ``x-request-id``."""
    options = RequestOptions(method="GET", path="/files/{id}", cast_to=File)
    body = decoded(_response({"id": "f1", "size": 3}, **{"x-request-id": "req-42"}), options, False)
    assert body._request_id == "req-42"
    assert File(id="f2", size=1)._request_id is None  # built by hand: no response


@dataclasses.dataclass
class Cat(Model):
    kind: str
    name: str
    meows: bool


@dataclasses.dataclass
class Dog(Model):
    kind: str
    name: str
    barks: bool


PET = Annotated[Cat | Dog, Discriminator("kind", {"cat": "Cat", "dog": "Dog"})]


def test_a_drifted_value_of_a_discriminated_union_with_an_unknown_tag_is_matched_by_shape() -> None:
    """Break: ``_descend(args[0], ...)`` for an ``Annotated`` union whose tag names no
    option made ``args[1]`` or ``args[-1]`` (``_lenient:82``): the union would be
    looked for in the ``Discriminator`` itself, and the whole object kept as a raw
    dict instead of the ``Cat`` its properties say, with only ``name`` drifted."""
    value = {"kind": "lynx", "name": 5, "meows": True}
    with pytest.raises(DecodeError):
        decode(PET, value)
    drift = Drift("GET", "/pets/{id}")
    pet = drift.decode(PET, value)
    assert isinstance(pet, Cat) and (pet.kind, pet.name, pet.meows) == ("lynx", 5, True)
    assert drift.paths == [("name",)]


@dataclasses.dataclass
class Folder(Model):
    kind: Literal["folder"]
    name: str
    size: int | None = None


@dataclasses.dataclass
class Document(Model):
    kind: Literal["document"]
    name: str


def test_a_drifted_object_whose_tag_is_an_object_is_kept_whole() -> None:
    """Breaks in ``_lenient._allows`` (``_lenient:180``, ``:181``): ``except TypeError``
    made to catch nothing: lenient decoding crashes with ``unhashable type: 'dict'``
    on a tag field holding an object; ``return False`` made ``True``: an object as the
    tag would match every option's tag, and the value become a ``Folder`` though its
    tag says neither ``folder`` nor ``document``."""
    value = {"kind": {"is": "folder"}, "name": "docs", "size": 3}
    with pytest.raises(DecodeError):
        decode(Folder | Document, value)
    drift = Drift("GET", "/items/{id}")
    assert drift.decode(Folder | Document, value) == value
    assert drift.paths == [()]


@dataclasses.dataclass
class Album(Model):
    kind: Annotated[Literal["album"], "the tag"]
    name: str
    tracks: int | None = None


@dataclasses.dataclass
class Track(Model):
    kind: Literal["track"]
    name: str


def test_a_tag_field_annotated_with_metadata_is_still_a_tag() -> None:
    """Breaks: ``typing.get_args(hint)[0]`` in ``tag_values`` made ``[1]`` or ``[-1]``
    (``_unions:34``): ``Annotated[Literal["album"], ...]`` would be no tag, so a track
    that drifted became an ``Album`` (it has more of its properties); and
    ``_converters(args[0])`` for ``Annotated`` without a discriminator made ``args[1]``
    or ``args[-1]`` (``_serde:274``): no converter for the metadata, ``TypeError``."""
    assert decode(Album | Track, {"kind": "album", "name": "A", "tracks": 2}) == Album(
        kind="album", name="A", tracks=2
    )
    value = {"kind": "track", "name": 5, "tracks": 1}
    with pytest.raises(DecodeError):
        decode(Album | Track, value)
    drift = Drift("GET", "/media/{id}")
    track = drift.decode(Album | Track, value)
    assert isinstance(track, Track) and (track.kind, track.name) == ("track", 5)
    assert track.extra_fields == {"tracks": 1} and drift.paths == [("name",)]


def test_an_annotation_that_cannot_be_hashed_still_decodes() -> None:
    """Break: ``except TypeError`` (an unhashable annotation) in ``_serde._converters``
    made to catch nothing (``_serde:255``): ``Annotated`` metadata that is a dict makes
    the annotation unhashable, and decoding it would raise ``TypeError`` looking it up
    in the converter cache."""
    sized = Annotated[int, {"unit": "bytes"}]
    with pytest.raises(TypeError):
        hash(sized)
    assert decode(sized, 7) == 7
    assert decode(list[sized], [1, 2]) == [1, 2]
    with pytest.raises(DecodeError):
        decode(sized, "7")


@dataclasses.dataclass
class Upload(Model):
    name: str
    size: int
    owner: str | None = None


@dataclasses.dataclass
class Counter(Model):
    name: str
    count: int


def test_a_value_no_option_fits_names_each_option_once() -> None:
    """Breaks in ``choose``: ``for wire in required`` made ``in []`` or its ``break``
    made ``continue`` (``_unions:139``, ``:141``): a model missing a required property
    is not ruled out but tried, and the error names it twice (its decode error and
    the reason it is ruled out); ``ranked[1:]`` made ``ranked[0:]`` (``_unions:154``):
    the best option that failed is tried again and named twice."""
    with pytest.raises(DecodeError) as missing:
        decode(Upload | Counter, {"name": "x", "owner": "o"})
    assert str(missing.value) == (
        "value fits none of the options (Upload, Counter): "
        "Upload: required field 'size' is missing; Counter: required field 'count' is missing"
    )
    with pytest.raises(DecodeError) as wrong:
        decode(Upload | Counter, {"name": 5, "size": 1})
    assert str(wrong.value) == (
        "value fits none of the options (Upload, Counter): "
        "Upload: expected string, got integer at ['name']; Counter: required field 'count' is missing"
    )


@dataclasses.dataclass
class Wide(Model):
    name: str | None = None
    color: str | None = None
    weight: int | None = None


@dataclasses.dataclass
class Narrow(Model):
    name: str | None = None


def test_a_tie_goes_to_the_option_listed_first() -> None:
    """Break: the tie-breaker ``row[1]`` (the option's place) made ``row[0]`` (its
    declared names) in ``choose``'s sort (``_unions:149``): a value with as many
    properties of each option would go to the one whose names are a subset of the
    other's, not to the one the description lists first."""
    assert type(decode(Wide | Narrow, {"name": "x"})) is Wide
    assert type(decode(Wide | dict[str, Any], {"other": 1})) is Wide


def test_an_option_that_is_itself_a_union_is_named_by_its_options() -> None:
    """Breaks in ``_unions._type_name``: ``typing.get_args(tp)[0]`` for ``Annotated``
    made ``[1]`` or ``[-1]`` (``_unions:189``): the error would name the option
    ``Discriminator('kind', {...})``; ``origin is Union or origin is
    types.UnionType`` made ``and`` (``_unions:190``): ``UnionType[Cat, Dog]``
    instead of ``Cat | Dog``."""
    with pytest.raises(DecodeError) as caught:
        decode(PET | list[Cat | Dog] | int, "text")
    assert str(caught.value).startswith(
        "value fits none of the options (Cat | Dog, list[Cat | Dog], int): Cat | Dog: "
    )


def test_unset_is_falsy() -> None:
    """Break: ``Unset.__bool__`` returning ``True`` (``_values:38``): ``if item.name:``
    or ``item.name or default`` would take a field the server left out as given."""
    assert not UNSET
    assert (UNSET or "default") == "default"


DECODED: list[int] = []  # one entry per Node decoded (Node.from_dict below)


@dataclasses.dataclass
class Node(Model):
    value: int
    children: list[Node] = dataclasses.field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Any) -> Node:
        DECODED.append(1)
        if len(DECODED) > 20_000:  # the old decoder's 2**depth, stopped early
            raise RuntimeError("the same nodes decoded again and again")
        return super().from_dict(data)


def _chain(depth: int, leaf: Any) -> dict[str, Any]:
    node: dict[str, Any] = {"value": leaf}
    for _ in range(depth):
        node = {"value": 1, "children": [{"value": 2}, node]}
    return node


@pytest.mark.parametrize("lenient", [False, True])
def test_a_bad_value_deep_in_nested_lists_costs_one_pass_not_two_per_level(lenient: bool) -> None:
    """Break (found by the mutation work, not a mutant): a list that failed was decoded again
    item by item to say where, so each level of nested lists doubled the work: a body of
    about 1 KB, 40 levels deep with one wrong value at the bottom, took 2**40 decodes, a
    hostile server's way to hold a client's CPU. Now each node is decoded once by the strict
    pass (and once more per level above it by the lenient one, which tries each part strictly
    first): the count is linear in the depth, at most quadratic for a drifted response."""
    depth = 40
    DECODED.clear()
    if lenient:
        drift = Drift("GET", "/nodes")
        node = drift.decode(Node, _chain(depth, "bad"))
        assert drift.paths == [("children", 1) * depth + ("value",)]
        assert len(DECODED) <= 2 * (depth + 1) * (depth + 2)
        for _ in range(depth):
            node = node.children[1]
        assert node.value == "bad"
    else:
        with pytest.raises(DecodeError) as raised:
            decode(Node, _chain(depth, "bad"))
        assert raised.value.path == ("children", 1) * depth + ("value",)
        assert len(DECODED) == 2 * depth + 1  # every node once, the one after the bad one never
