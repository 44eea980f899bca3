"""Edges of the emitted runtime's ``_request`` (generator/runtime/_request.py) that the
mutation run found untested: parameter styles, and reading a response's body and headers.

Each test names the mutants it kills: they survived the module's other tests, and the
test fails on each. These import the runtime modules in place (no package generated).

The parameter-style tests check the wire strings of the style examples table of OpenAPI
3.0.4 / 3.1.1 (section "Style Examples": ``color`` as the string ``blue``, the array
``["blue", "black", "brown"]`` and the object ``{"R": 100, "G": 200, "B": 150}``). That
table's label rows without explode read ``.blue,black,brown`` and ``.R,100,G,200,B,150``
as RFC 6570 has them (3.0.3's table had ``.blue.black.brown``, an error it corrected).
"""

from __future__ import annotations

import dataclasses
import sys
import types
from typing import Any

import httpx
import pytest

from generator.runtime._serde import UNSET, Model, Unset

BLUE = "blue"
COLOURS = ["blue", "black", "brown"]
RGB = {"R": 100, "G": 200, "B": 150}
ROOT = "https://api.example.com"


def _url(**query: Any) -> str:
    """The query string a call with these query parameters sends."""
    from generator.runtime._request import RequestOptions

    url = RequestOptions("GET", "/x", object, query=query).url(ROOT)
    return str(url).removeprefix(f"{ROOT}/x?")


# ---------------------------------------------------------------- parameter styles


def test_an_object_in_the_query_is_sent_as_its_style_says() -> None:
    """Breaks in ``Styled.query``: ``self.style == "deepObject"`` made ``!=`` or negated
    (``_request:203``: a deepObject filter sent as bare ``R=100&G=200``, its name lost,
    and a form object as ``color[R]=100``); ``if self.explode`` negated
    (``_request:205``: an exploded form object sent as the one pair
    ``color=R,100,...`` and an unexploded one as separate ``R=100&...``). And
    ``_request:194`` ``v is not None`` made ``is None``: the members that are given
    dropped, and a member left as None sent as the text ``None``.

    The table's form row without explode is ``color=R,100,G,200,B,150``; the runtime
    percent-encodes the commas (``%2C``), which a server decodes to the same value."""
    from generator.runtime._request import Styled

    assert _url(color=Styled("deepObject", True, RGB)) == "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    assert _url(color=Styled("form", True, RGB)) == "R=100&G=200&B=150"
    assert _url(color=Styled("form", False, RGB)) == "color=R%2C100%2CG%2C200%2CB%2C150"
    # A member given as None is left out, as a property not given would be.
    assert Styled("deepObject", True, {"R": 100, "G": None}).query("color") == [("color[R]", "100")]


def test_a_delimited_object_in_the_query_is_joined_by_its_delimiter() -> None:
    """The table's spaceDelimited and pipeDelimited rows for the object:
    ``color=R%20100%20G%20200%20B%20150`` and ``color=R|100|G|200|B|150``. Break: the
    object joined with commas whatever its style (``color=R,100,G,...``), as the runtime did
    until this test: generator/parse/arguments.py emits these styles for object query
    parameters. The space is sent as ``%20``, as in the table; the pipe percent-encoded (``%7C``), which a server decodes."""
    from generator.runtime._request import Styled

    assert _url(color=Styled("spaceDelimited", False, RGB)) == "color=R%20100%20G%20200%20B%20150"
    assert _url(color=Styled("pipeDelimited", False, RGB)) == "color=R%7C100%7CG%7C200%7CB%7C150"
    assert Styled("spaceDelimited", False, RGB).query("color") == [("color", "R 100 G 200 B 150")]
    assert Styled("pipeDelimited", False, RGB).query("color") == [("color", "R|100|G|200|B|150")]
    assert Styled("form", True, {"R": 100, "G": None}).query("color") == [("R", "100")]


@pytest.mark.parametrize(
    ("style", "explode", "string", "array", "obj"),
    [
        ("matrix", False, ";color=blue", ";color=blue,black,brown", ";color=R,100,G,200,B,150"),
        ("matrix", True, ";color=blue", ";color=blue;color=black;color=brown", ";R=100;G=200;B=150"),
        ("label", False, ".blue", ".blue,black,brown", ".R,100,G,200,B,150"),
        ("label", True, ".blue", ".blue.black.brown", ".R=100.G=200.B=150"),
        ("simple", False, "blue", "blue,black,brown", "R,100,G,200,B,150"),
        ("simple", True, "blue", "blue,black,brown", "R=100,G=200,B=150"),
    ],
)
def test_a_path_parameter_is_sent_as_the_style_table_shows(
    style: str, explode: bool, string: str, array: str, obj: str
) -> None:
    """Breaks in ``Styled.path``: ``pair = "=" if self.explode else ","`` negated
    (``_request:215``: ``R=100`` and ``R,100`` swapped in every style);
    ``self.explode and kind == "object"`` made ``not self.explode and ...``
    (``_request:221``: an exploded matrix object sent as ``;color=R=100,...``, an
    unexploded one as ``;R,100;G,200;B,150``); ``self.style == "label"`` made ``!=`` or
    negated (``_request:226``: a label value sent without its leading ``.``, a simple
    one with it); ``"." + ...`` made ``"." - ...`` (``_request:227``: every label value a
    TypeError). Checked on the URL a call requests."""
    from generator.runtime._request import RequestOptions, Styled

    for value, wire in ((BLUE, string), (COLOURS, array), (RGB, obj)):
        options = RequestOptions("GET", "/colours/{color}", object, path_params={"color": Styled(style, explode, value)})
        assert str(options.url(ROOT)) == f"{ROOT}/colours/{wire}", (style, explode, value)


def test_a_header_parameter_is_sent_as_the_simple_style_shows() -> None:
    """Breaks in ``Styled.header``: ``pair = "=" if self.explode else ","`` negated
    (``_request:232``: an object header sent as ``R=100,...`` where ``R,100,...`` was
    declared, and the other way round); ``kind == "object"`` made ``!=`` or negated
    (``_request:233``: an object header sent as its values alone, ``100,200,150``, and
    an array one as ``,blue,,black,,brown``)."""
    from generator.runtime._request import RequestOptions, Styled

    headers = {
        "X-Array": Styled("simple", False, COLOURS),
        "X-Object": Styled("simple", False, RGB),
        "X-Exploded": Styled("simple", True, RGB),
    }
    assert RequestOptions("GET", "/x", object, headers=headers).header_values() == {
        "X-Array": "blue,black,brown",
        "X-Object": "R,100,G,200,B,150",
        "X-Exploded": "R=100,G=200,B=150",
    }


# ---------------------------------------------------------------- reading a response


@dataclasses.dataclass
class _Cat(Model):
    name: str
    lives: int


@dataclasses.dataclass
class _Node(Model):
    """A tree, as many APIs' folders and comments are: its depth is the server's to choose."""

    children: list[_Node] | Unset = UNSET


def _response(body: bytes, headers: dict[str, str] | None = None) -> httpx.Response:
    request = httpx.Request("GET", f"{ROOT}/cats/1")
    return httpx.Response(200, content=body, headers={"content-type": "application/json", **(headers or {})}, request=request)


def test_a_body_that_does_not_match_raises_when_strict_and_is_kept_when_lenient() -> None:
    """Breaks in ``parse_response``: ``if drift is None: raise`` made ``is not None`` or
    negated (``_request:275``: a strict client (no drift) fails with an AttributeError on
    None, a lenient one raises where it should keep the body); ``except (DecodeError,
    RecursionError)`` without DecodeError (``_request:278``, ExceptionReplacer #6: a
    strict client's mismatch escapes as the runtime's internal DecodeError instead of
    ``ResponseValidationError``). And ``_type_name``'s ``isinstance(tp, type) and not
    get_args(tp)`` negated either way (``_request:446``, AddNot, Delete_Not): the message
    names the model as ``<class '...'>`` instead of by its name."""
    from generator.runtime._errors import ResponseValidationError
    from generator.runtime._lenient import Drift
    from generator.runtime._request import parse_response

    body = b'{"name": "Tom", "lives": "nine"}'
    with pytest.raises(ResponseValidationError) as caught:
        parse_response(_response(body), _Cat, None)
    assert str(caught.value).startswith("response does not match _Cat: ")
    assert "'lives'" in str(caught.value) and caught.value.__cause__ is None
    drift = Drift("GET", "/cats/{id}")
    cat = parse_response(_response(body), _Cat, None, drift)
    assert type(cat) is _Cat and cat.name == "Tom" and vars(cat)["lives"] == "nine"
    assert drift.paths == [("lives",)]
    assert parse_response(_response(b'{"name": "Tom", "lives": 9}'), _Cat, None) == _Cat("Tom", 9)


def test_a_body_nested_deeper_than_the_decoder_can_follow_is_a_validation_error() -> None:
    """Break: ``except (DecodeError, RecursionError)`` without RecursionError
    (``_request:278``, ExceptionReplacer #7): a tree the JSON parser reads but whose
    decoding runs out of stack escapes as a bare RecursionError, not the package's
    ``ResponseValidationError``. (JSON nested deeper still fails in the parser, a case
    ``_request:267`` handles.)"""
    from generator.runtime._errors import ResponseValidationError
    from generator.runtime._request import parse_response

    depth = 300  # 600 JSON levels: within the parser's limit, not the decoder's
    body = b'{"children": [' * depth + b"{}" + b"]}" * depth
    with pytest.raises(ResponseValidationError, match="^response does not match _Node: "):
        parse_response(_response(body), _Node, None)
    shallow = parse_response(_response(b'{"children": [{}]}'), _Node, None)
    assert shallow == _Node([_Node()])


class _AliasAsOnPython310(types.GenericAlias):
    """``list[int]`` as Python 3.10 has it: there ``isinstance(list[int], type)`` is True
    (3.11 made it False). The emitted packages run on 3.10."""

    @property  # type: ignore[misc]
    def __class__(self) -> type:
        return type


def test_an_error_names_a_generic_type_with_its_arguments() -> None:
    """Break: ``isinstance(tp, type) and not typing.get_args(tp)`` made ``or`` in
    ``_type_name`` (``_request:446``, ReplaceAndWithOr #13): on Python 3.10, where
    ``list[int]`` is an instance of ``type``, a mismatch would say "does not match list"
    instead of "list[int]". On 3.11+ a stand-in alias behaves as 3.10's ``list[int]``."""
    from generator.runtime._errors import ResponseValidationError
    from generator.runtime._request import parse_response

    ints = list[int] if sys.version_info < (3, 11) else _AliasAsOnPython310(list, (int,))
    assert isinstance(ints, type) and repr(ints) == "list[int]"
    with pytest.raises(ResponseValidationError, match=r"^response does not match list\[int\]: "):
        parse_response(_response(b'["one"]'), ints, None)
    assert parse_response(_response(b"[1]"), ints, None) == [1]


@dataclasses.dataclass
class _Limits(Model):
    remaining: int | None = dataclasses.field(default=None, metadata={"wire": "X-Rate-Remaining"})
    etag: str | None = dataclasses.field(default=None, metadata={"wire": "ETag"})


_KINDS = {"X-Rate-Remaining": "int", "ETag": "str"}


def test_declared_headers_are_read_when_sent_and_left_out_when_not() -> None:
    """Breaks in ``read_headers``: the loop over the declared headers run zero times
    (``_request:300``: every header read as not sent); ``text is not None`` made
    ``is None`` or negated (``_request:302``: the headers sent skipped, and one not sent
    read from None, a TypeError for an int)."""
    from generator.runtime._request import read_headers

    limits = read_headers(_response(b"{}", {"x-rate-remaining": "7"}), _Limits, _KINDS)
    assert limits == _Limits(remaining=7, etag=None)
    both = read_headers(_response(b"{}", {"X-Rate-Remaining": "0", "ETag": '"v1"'}), _Limits, _KINDS)
    assert both == _Limits(remaining=0, etag='"v1"')


def test_a_header_that_does_not_match_raises_when_strict_and_is_kept_when_lenient() -> None:
    """Breaks in ``read_headers``: ``except DecodeError`` replaced (``_request:306``: a
    strict client's mismatch escapes as the runtime's internal DecodeError instead of
    ``ResponseValidationError``); ``if drift is not None`` made ``is None`` or negated
    (``_request:307``: a strict client fails with an AttributeError on None, a lenient one
    raises instead of keeping the header as sent)."""
    from generator.runtime._errors import ResponseValidationError
    from generator.runtime._lenient import Drift
    from generator.runtime._request import read_headers

    response = _response(b"{}", {"X-Rate-Remaining": "many", "ETag": "e"})
    with pytest.raises(ResponseValidationError, match="^response headers do not match _Limits: ") as caught:
        read_headers(response, _Limits, _KINDS)
    assert caught.value.__cause__ is None
    drift = Drift("GET", "/cats/{id}")
    kept = read_headers(response, _Limits, _KINDS, drift)
    assert kept == _Limits(remaining="many", etag="e")  # type: ignore[arg-type]
    assert drift.paths == [("headers", "X-Rate-Remaining")]
