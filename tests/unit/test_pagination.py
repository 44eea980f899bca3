"""Pagination: which lists are recognised, and iteration over three pages of each form.

The packages of tests/corpus/pagination*.yaml are walked against the recording
server of tests/fault_server.py: every entry must come, in order, and each
request must carry the cursor the previous page gave. Sync and async.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml

from conftest import CORPUS, run_generator
from fault_server import FaultServer, Respond
from generator import ir
from generator.load import load
from generator.pipeline import Options, build_model


# The walks need two packages generated (some seconds, once per module).
slow = pytest.mark.slow


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, ModuleType]]:
    roots = []
    for spec, package in (("pagination_forms.yaml", "paging_forms"), ("pagination.yaml", "paging_box")):
        out = tmp_path_factory.mktemp(package)
        result = run_generator(CORPUS / spec, "--output", out, "--package", package, "--strict")
        assert result.returncode == 0, result.stderr
        roots.append(str(out))
    sys.path[:0] = roots
    try:
        yield {name: importlib.import_module(name) for name in ("paging_forms", "paging_box")}
    finally:
        for root in roots:
            sys.path.remove(root)


@pytest.fixture(params=["sync", "async", "sync-pages", "async-pages"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def walk(mode: str, package: ModuleType, server: FaultServer, method: str, **arguments: Any) -> tuple[list[Any], Exception | None]:
    """Every entry ``client.default.<method>(**arguments)`` yields, and the error that ended it, if any.

    In the ``-pages`` modes the entries come page by page instead, from the page
    objects of ``<method>_pages`` (``iter_x`` -> ``x_pages``) and ``iter_pages()``."""
    if mode.endswith("-pages"):
        return walk_pages(mode, package, server, method.removeprefix("iter_") + "_pages", **arguments)
    entries: list[Any] = []
    if mode == "sync":
        with package.Client(base_url=server.url, token="t", max_retries=0) as client:
            try:
                for entry in getattr(client.default, method)(**arguments):
                    entries.append(entry)
            except package.SdkError as exc:
                return entries, exc
        return entries, None

    async def run() -> Exception | None:
        async with package.AsyncClient(base_url=server.url, token="t", max_retries=0) as client:
            try:
                async for entry in getattr(client.default, method)(**arguments):
                    entries.append(entry)
            except package.SdkError as exc:
                return exc
        return None

    return entries, asyncio.run(run())


def walk_pages(mode: str, package: ModuleType, server: FaultServer, method: str, **arguments: Any) -> tuple[list[Any], Exception | None]:
    entries: list[Any] = []

    def take(page: Any, number: int) -> None:
        # The page's own entries, its parsed body and the response it came in.
        assert list(page) == page.items and isinstance(page.response, httpx.Response)
        assert page.response.status_code == 200 and page.body is not None
        assert page.response.request.url.path == server.requests[number].path
        entries.extend(page)

    if mode == "sync-pages":
        with package.Client(base_url=server.url, token="t", max_retries=0) as client:
            try:
                for number, page in enumerate(getattr(client.default, method)(**arguments).iter_pages()):
                    take(page, number)
            except package.SdkError as exc:
                return entries, exc
        return entries, None

    async def run() -> Exception | None:
        async with package.AsyncClient(base_url=server.url, token="t", max_retries=0) as client:
            try:
                first = await getattr(client.default, method)(**arguments)
                number = 0
                async for page in first.iter_pages():
                    take(page, number)
                    number += 1
            except package.SdkError as exc:
                return exc
        return None

    return entries, asyncio.run(run())


def queries(server: FaultServer) -> list[dict[str, list[str]]]:
    return [r.query for r in server.requests]


# ------------------------------------------------------------ three pages of each form


@slow
def test_link_header_pages(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    def issues(*numbers: int, link: str) -> Respond:
        return Respond(200, [{"number": n, "title": f"#{n}"} for n in numbers], {"Link": link})

    # GitHub answers with links under another path (/repositories/<id>/...) and, here,
    # another origin: only the query is taken; the request goes to the operation's URL.
    elsewhere = "https://elsewhere.example/repositories/9/issues"
    server.script(
        issues(1, 2, link=f'<{elsewhere}?state=open&per_page=2&page=2>; rel="next", <{elsewhere}?page=3>; rel="last"'),
        issues(3, 4, link=f'<{elsewhere}?state=open&per_page=2&page=1>; rel="prev", <{elsewhere}?state=open&per_page=2&page=3>; rel="next"'),
        issues(5, link=f'<{elsewhere}?state=open&per_page=2&page=2>; rel="prev"'),
    )
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_issues", state="open", per_page=2)
    assert error is None
    assert [e.number for e in entries] == [1, 2, 3, 4, 5]
    assert [r.path for r in server.requests] == ["/issues"] * 3
    assert queries(server) == [
        {"state": ["open"], "per_page": ["2"]},
        {"state": ["open"], "per_page": ["2"], "page": ["2"]},
        {"state": ["open"], "per_page": ["2"], "page": ["3"]},
    ]
    assert all(r.headers["authorization"] == "Bearer t" for r in server.requests)


@slow
def test_has_more_with_the_last_id(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    def charges(*ids: str, more: bool) -> Respond:
        data = [{"id": i, "amount": 100} for i in ids]
        return Respond(200, {"object": "list", "data": data, "has_more": more, "url": "/v1/charges"})

    server.script(charges("ch_1", "ch_2", more=True), charges("ch_3", "ch_4", more=True), charges("ch_5", more=False))
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_charges", limit=2)
    assert error is None
    assert [e.id for e in entries] == ["ch_1", "ch_2", "ch_3", "ch_4", "ch_5"]
    assert queries(server) == [
        {"limit": ["2"]},
        {"limit": ["2"], "starting_after": ["ch_2"]},
        {"limit": ["2"], "starting_after": ["ch_4"]},
    ]


@slow
def test_has_more_with_last_id_in_the_body(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    def files(*ids: str, last: str, more: bool) -> Respond:
        data = [{"id": i, "filename": f"{i}.jsonl"} for i in ids]
        return Respond(200, {"object": "list", "data": data, "first_id": ids[0], "last_id": last, "has_more": more})

    # last_id, not the entry's id, is what the body names as the cursor.
    server.script(
        files("f1", "f2", last="cursor-2", more=True),
        files("f3", last="cursor-3", more=True),
        files("f4", last="cursor-4", more=False),
    )
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_files", purpose="fine-tune")
    assert error is None
    assert [e.id for e in entries] == ["f1", "f2", "f3", "f4"]
    assert queries(server) == [
        {"purpose": ["fine-tune"]},
        {"purpose": ["fine-tune"], "after": ["cursor-2"]},
        {"purpose": ["fine-tune"], "after": ["cursor-3"]},
    ]


@slow
def test_next_cursor_in_response_metadata(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    def channels(*ids: str, cursor: str) -> Respond:
        return Respond(200, {"ok": True, "channels": [{"id": i} for i in ids],
                             "response_metadata": {"next_cursor": cursor}})

    # Slack ends with an empty next_cursor.
    server.script(channels("C1", "C2", cursor="dXNlcjpVMDYxTkZUVDI="), channels("C3", cursor="c3"), channels("C4", cursor=""))
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_conversations", limit=2)
    assert error is None
    assert [e.id for e in entries] == ["C1", "C2", "C3", "C4"]
    assert queries(server) == [
        {"limit": ["2"]},
        {"limit": ["2"], "cursor": ["dXNlcjpVMDYxTkZUVDI="]},
        {"limit": ["2"], "cursor": ["c3"]},
    ]


@slow
def test_next_page_token(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    def books(*ids: str, token: str | None) -> Respond:
        body: dict[str, Any] = {"kind": "books#volumes", "items": [{"id": i} for i in ids]}
        if token is not None:
            body["nextPageToken"] = token
        return Respond(200, body)

    # Google may answer an empty page that still has a next token; the walk goes on.
    server.script(books("b1", "b2", token="t2"), books(token="t3"), books("b3", token=None))
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_books", page_size=2)
    assert error is None
    assert [e.id for e in entries] == ["b1", "b2", "b3"]
    assert queries(server) == [
        {"pageSize": ["2"]},
        {"pageSize": ["2"], "pageToken": ["t2"]},
        {"pageSize": ["2"], "pageToken": ["t3"]},
    ]


def test_top_level_next_cursor_and_the_only_array(
    packages: dict[str, ModuleType], server: FaultServer, mode: str
) -> None:
    server.script(
        Respond(200, {"members": ["ann", "bo"], "next_cursor": "m2"}),
        Respond(200, {"members": ["cy"], "next_cursor": "m3"}),
        Respond(200, {"members": ["di"], "next_cursor": None}),
    )
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_members")
    assert error is None
    assert entries == ["ann", "bo", "cy", "di"]
    assert queries(server) == [{}, {"cursor": ["m2"]}, {"cursor": ["m3"]}]


@slow
def test_box_marker_and_offset_unchanged(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    def events(*ids: str, marker: str | None) -> Respond:
        return Respond(200, {"entries": [{"id": i, "type": "created"} for i in ids], "next_marker": marker})

    server.script(events("e1", "e2", marker="m2"), events("e3", marker="m3"), events("e4", marker=None))
    entries, error = walk(mode, packages["paging_box"], server, "iter_list_events", limit=2)
    assert error is None and [e.id for e in entries] == ["e1", "e2", "e3", "e4"]
    assert queries(server) == [
        {"usemarker": ["true"], "limit": ["2"]},
        {"usemarker": ["true"], "limit": ["2"], "marker": ["m2"]},
        {"usemarker": ["true"], "limit": ["2"], "marker": ["m3"]},
    ]

    def archives(*ids: str) -> Respond:
        return Respond(200, {"total_count": 5, "entries": [{"id": i} for i in ids]})

    server.script(archives("a1", "a2"), archives("a3", "a4"), archives("a5"))
    entries, error = walk(mode, packages["paging_box"], server, "iter_list_archives", limit=2)
    assert error is None and [e.id for e in entries] == ["a1", "a2", "a3", "a4", "a5"]
    assert queries(server) == [{"offset": [o], "limit": ["2"]} for o in ("0", "2", "4")]


# ------------------------------------------------------------ guards against endless walks


def test_a_repeated_cursor_stops_the_walk_with_an_error(
    packages: dict[str, ModuleType], server: FaultServer, mode: str
) -> None:
    same = {"ok": True, "channels": [{"id": "C1"}], "response_metadata": {"next_cursor": "again"}}
    server.script(*[Respond(200, same)] * 5)
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_conversations")
    assert isinstance(error, packages["paging_forms"].SdkError) and "cursor" in str(error)
    assert [e.id for e in entries] == ["C1", "C1"], "the entries received are yielded before the error"
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("page", "what"),
    [
        ({"members": "ann,bo", "next_cursor": "m2"}, "not a list"),  # entries left raw
        ({"members": ["ann"], "next_cursor": {"at": 2}}, "cursor is dict"),  # a cursor of no kind
        (["ann", "bo"], "cannot be paged on"),  # the whole page of another kind, kept raw
    ],
    ids=["entries", "cursor", "page"],
)
def test_a_drifted_page_is_a_response_validation_error(
    packages: dict[str, ModuleType], server: FaultServer, mode: str, page: Any, what: str
) -> None:
    """Lenient decoding keeps what does not match as received; paging cannot read
    such a page, and says so with an SdkError rather than AttributeError or a walk
    over the characters of a string."""
    package = packages["paging_forms"]
    server.script(Respond(200, page))
    entries, error = walk(mode, package, server, "iter_list_members")
    assert isinstance(error, package.ResponseValidationError) and what in str(error), error
    assert entries == [] and len(server.requests) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_drifted_total_is_a_response_validation_error(
    packages: dict[str, ModuleType], server: FaultServer, mode: str
) -> None:
    package = packages["paging_box"]
    server.script(Respond(200, {"total_count": "5", "entries": [{"id": "a1"}]}))
    entries, error = walk(mode, package, server, "iter_list_archives", limit=2)
    assert isinstance(error, package.ResponseValidationError) and "total_count is str" in str(error), error


@slow
def test_a_link_to_the_same_page_stops_the_walk(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    page = Respond(200, [{"number": 1, "title": "a"}], {"Link": '<http://x.example/issues?page=2>; rel="next"'})
    server.script(*[page] * 5)
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_issues")
    assert error is not None and len(entries) == 2 and len(server.requests) == 2


@slow
def test_max_pages_bounds_a_walk(packages: dict[str, ModuleType], server: FaultServer, mode: str) -> None:
    server.script(*[Respond(200, {"members": [str(n)], "next_cursor": f"m{n + 1}"}) for n in range(5)])
    entries, error = walk(mode, packages["paging_forms"], server, "iter_list_members", max_pages=3)
    assert isinstance(error, packages["paging_forms"].SdkError) and "max_pages" in str(error)
    assert entries == ["0", "1", "2"] and len(server.requests) == 3


@slow
def test_iteration_is_lazy(packages: dict[str, ModuleType], server: FaultServer) -> None:
    server.script(Respond(200, {"members": ["ann"], "next_cursor": "m2"}), Respond(200, {"members": ["bo"]}))
    with packages["paging_forms"].Client(base_url=server.url, token="t") as client:
        walker = client.default.iter_list_members()
        assert server.requests == []
        assert next(walker) == "ann" and len(server.requests) == 1


# ------------------------------------------------------------ recognised only on clear evidence


def paging_of(tmp_path: Path, parameters: list[str], response: dict[str, Any], headers: dict[str, Any] | None = None) -> ir.Pagination | None:
    ok: dict[str, Any] = {"description": "a page", "content": {"application/json": {"schema": response}}}
    if headers:
        ok["headers"] = headers
    operation = {
        "operationId": "listThings",
        "parameters": [query_parameter(p) for p in parameters],
        "responses": {"200": ok},
    }
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/things": {"get": operation}}}
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(document))
    (group,) = build_model(load(path), Options(package="api_client"))[0].groups
    return group.operations[0].pagination


def query_parameter(spelling: str) -> dict[str, Any]:
    """``name`` is a string parameter; ``name:format`` a string of that format."""
    name, _, format_ = spelling.partition(":")
    schema = {"type": "string", "format": format_} if format_ else {"type": "string"}
    return {"name": name, "in": "query", "schema": schema}


def page(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


STRINGS = {"type": "array", "items": {"type": "string"}}
THINGS = {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}}}}
LINK = {"Link": {"schema": {"type": "string"}}}


@pytest.mark.parametrize(
    "parameters, response, headers, expected",
    [
        (["cursor"], page(data=STRINGS, next_cursor={"type": "string"}), None, ("cursor", "data", ("next_cursor",))),
        (["pageToken"], page(things=STRINGS, nextPageToken={"type": "string"}), None,
         ("pageToken", "things", ("next_page_token",))),
        (["page", "per_page"], STRINGS, LINK, ("page", None, ())),
        (["page"], page(items=STRINGS, total_count={"type": "integer"}), LINK, ("page", "items", ())),
        # No evidence, or not enough of it:
        (["page", "per_page"], STRINGS, None, None),  # page numbers, but no Link header
        (["cursor"], page(data=STRINGS), None, None),  # a cursor nothing feeds
        (["limit"], page(data=STRINGS, next_cursor={"type": "string"}), None, None),  # a next cursor nothing takes
        (["cursor"], page(a=STRINGS, b=STRINGS, next_cursor={"type": "string"}), None, None),  # which array?
        (["cursor"], page(next_cursor={"type": "string"}), None, None),  # no entries
        (["after"], page(data=STRINGS, has_more={"type": "boolean"}), None, None),  # entries without an id
        (["after"], page(data=THINGS, has_more={"type": "string"}), None, None),  # has_more not a boolean
        (["after"], page(data=THINGS), None, None),  # no has_more
        (["after:date-time"], page(data=THINGS, has_more={"type": "boolean"}), None, None),  # a date filter
        (["page"], page(data=STRINGS, next_page={"type": "string"}), None, None),  # next_page: often a URL
    ],
)
def test_recognised_forms(
    tmp_path: Path, parameters: list[str], response: dict[str, Any], headers: dict[str, Any] | None,
    expected: tuple[str, str | None, tuple[str, ...]] | None,
) -> None:
    paging = paging_of(tmp_path, parameters, response, headers)
    if expected is None:
        assert paging is None
    else:
        assert paging is not None and (paging.param, paging.items, paging.next) == expected


def test_after_prefers_last_id_and_hides_the_backward_cursor(tmp_path: Path) -> None:
    paging = paging_of(tmp_path, ["after", "before"], page(data=THINGS, has_more={"type": "boolean"}))
    assert paging is not None and (paging.kind, paging.last, paging.next, paging.hidden) == ("after", "id", (), ("before",))
    paging = paging_of(tmp_path, ["after"], page(data=THINGS, has_more={"type": "boolean"}, last_id={"type": "string"}))
    assert paging is not None and (paging.last, paging.next) == (None, ("last_id",))


# ------------------------------------------------------------ page objects, by hand


def test_a_page_leads_to_the_next_by_hand(packages: dict[str, ModuleType], server: FaultServer) -> None:
    def charges(*ids: str, more: bool) -> Respond:
        return Respond(200, {"object": "list", "data": [{"id": i, "amount": 1} for i in ids], "has_more": more,
                             "url": "/v1/charges"}, {"Request-Id": f"req-{ids[0]}"})

    package = packages["paging_forms"]
    server.script(charges("ch_1", "ch_2", more=True), charges("ch_3", more=False), charges("ch_3", more=False))
    with package.Client(base_url=server.url, token="t", max_retries=0) as client:
        first = client.default.list_charges_pages(limit=2)
        assert isinstance(first, package.Page), "exported from the package root, on first use"
        assert [c.id for c in first] == ["ch_1", "ch_2"] and first.body.has_more is True
        assert first.response.headers["request-id"] == "req-ch_1" and first.has_next_page()
        second = first.get_next_page()
        # Each page keeps its own place in the walk: asking the same page again is no loop.
        again = first.get_next_page()
        assert [c.id for c in second.items] == [c.id for c in again.items] == ["ch_3"]
        assert not second.has_next_page()
        with pytest.raises(package.SdkError, match="no next page"):
            second.get_next_page()
    assert [r.query.get("starting_after") for r in server.requests] == [None, ["ch_2"], ["ch_2"]]


def test_an_async_page_leads_to_the_next_by_hand(packages: dict[str, ModuleType], server: FaultServer) -> None:
    package = packages["paging_forms"]
    server.script(
        Respond(200, {"members": ["ann", "bo"], "next_cursor": "m2"}),
        Respond(200, {"members": ["cy"], "next_cursor": ""}),
    )

    async def run() -> None:
        async with package.AsyncClient(base_url=server.url, token="t", max_retries=0) as client:
            first = await client.default.list_members_pages()
            assert isinstance(first, package.AsyncPage)
            assert first.items == ["ann", "bo"] and first.body.next_cursor == "m2" and first.has_next_page()
            second = await first.get_next_page()
            assert list(second) == ["cy"] and second.response.status_code == 200 and not second.has_next_page()
            with pytest.raises(package.SdkError, match="no next page"):
                await second.get_next_page()
            assert "entries" in repr(second)

    asyncio.run(run())
    assert queries(server) == [{}, {"cursor": ["m2"]}]
