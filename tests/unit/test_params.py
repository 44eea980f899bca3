"""Parameters serialised per style and explode, over real HTTP (tests/corpus/params.yaml).

The expected wire forms are the examples of the OpenAPI specification's
table of style values.
"""

from __future__ import annotations

import importlib
from typing import Any
from urllib.parse import unquote

import pytest

from conftest import CorpusPackage
from fault_server import FaultServer, Recorded, Respond


@pytest.fixture(scope="module")
def search(corpus: dict[str, CorpusPackage]) -> Any:
    return importlib.import_module(corpus["params"].package)


def sent(search: Any, server: FaultServer, operation: str, *args: Any, **kwargs: Any) -> Recorded:
    server.script(Respond(200, {"count": 1}))
    with search.Client(base_url=server.url) as client:
        getattr(client.default, operation)(*args, **kwargs)
    return server.requests[-1]


def query_of(request: Recorded) -> list[str]:
    return unquote(request.target.split("?", 1)[1]).split("&")


def test_query_styles(search: Any, server: FaultServer) -> None:
    from_models = importlib.import_module(search.__name__ + ".models")
    request = sent(
        search, server, "search_items",
        ids=[1, 2], colours=["red", "green"], words=["a", "b"], sizes=["s", "m"],
        filter=from_models.Range(min=1, max=9), point=from_models.SearchItemsPoint(x=1, y=2),
        corner=from_models.SearchItemsCorner(x=3, y=4), tags=["a", "b"], marks=["x", "y"],
    )
    assert query_of(request) == [
        "ids=1", "ids=2",  # form, exploded
        "colours=red,green",  # form, not exploded
        "words=a b",  # spaceDelimited
        "sizes=s|m",  # pipeDelimited
        "tags=a", "tags=b",  # spaceDelimited, exploded: as form
        "marks=x", "marks=y",  # pipeDelimited, exploded: as form
        "filter[min]=1", "filter[max]=9",  # deepObject
        "x=1", "y=2",  # an object, form, exploded: its properties are the keys
        "corner=x,3,y,4",  # an object, form, not exploded
    ]


def test_header_styles(search: Any, server: FaultServer) -> None:
    models = importlib.import_module(search.__name__ + ".models")
    request = sent(search, server, "search_items", x_tags=["a", "b"], x_range=models.Range(min=1, max=9))
    headers = {k.lower(): v for k, v in request.headers.items()}
    assert headers["x-tags"] == "a,b"
    assert headers["x-range"] == "min=1,max=9"


def test_path_styles(search: Any, server: FaultServer) -> None:
    models = importlib.import_module(search.__name__ + ".models")
    assert sent(search, server, "simple_path", [3, 4, 5], models.Range(min=1, max=9)).path == "/simple/3,4,5/min=1,max=9"
    assert sent(search, server, "label_path", "blue", [3, 4]).path == "/label/.blue/.3.4"
    assert sent(search, server, "matrix_path", "blue", [3, 4], models.Range(min=1, max=9)).path == (
        "/matrix/;name=blue/;ids=3;ids=4/;range=min,1,max,9"
    )


def test_reserved_characters_in_styled_values_are_escaped(search: Any, server: FaultServer) -> None:
    request = sent(search, server, "label_path", "a/b.c", [1])
    assert request.target.startswith("/label/.a%2Fb.c/"), "a value cannot add a path segment"
