"""The corpus packages against Prism mocking their own spec, over real HTTP on 127.0.0.1.

Prism checks each request against the spec (parameters in their style,
bodies, credentials) and answers from it; the client must send what the spec
asks and decode what comes back into its typed models.

Every response of every call here is recorded (``prism_calls.Recorder``), and a
test fails if any carries Prism's ``sl-violations`` header (what Prism found
wrong with the request, or with its own answer), unless the test takes that
response out with ``expect_violation`` saying what it expects. Proven: without
its ``expect_violation``, test_unions fails on Prism's oneOf violations of the
/places example. Where a spec gives an
example response, Prism answers with it, and the tests compare the decoded
values with it.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from conftest import CorpusPackage, PrismServer
from prism_calls import Recorder

# This test's recorders, checked for Prism's violations when it ends.
_RECORDERS: list[Recorder] = []


@pytest.fixture(autouse=True)
def no_prism_violations() -> Iterator[None]:
    """Fail the test if any response Prism sent it carries an ``sl-violations`` header."""
    _RECORDERS.clear()
    yield
    flagged = [
        (str(r.request.url), r.headers["sl-violations"])
        for recorder in _RECORDERS
        for r in recorder.responses
        if "sl-violations" in r.headers
    ]
    _RECORDERS.clear()
    assert flagged == [], f"Prism flagged requests: {flagged}"


def expect_violation(client: Any, status: int, location: str = "request", code: str | None = None) -> None:
    """Take out the last response, one the test provoked on purpose: Prism flags it, and only as expected."""
    response = client._prism_recorder.responses.pop()
    violations = json.loads(response.headers.get("sl-violations", "[]"))
    assert response.status_code == status and violations, (response.status_code, violations)
    assert all(v["location"][0] == location and code in (None, v["code"]) for v in violations), violations


def client_for(name: str, corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer],
               **credentials: Any) -> Any:
    package = importlib.import_module(corpus[name].package)
    recorder = Recorder()
    _RECORDERS.append(recorder)
    # Strict: a response the decoder left raw (lenient mode) would pass unnoticed.
    client = package.Client(
        base_url=prism_for(corpus[name].spec).url, max_retries=0, strict_responses=True,
        http_client=recorder.http_client(), **credentials
    )
    client._prism_recorder = recorder
    return client


def models(name: str, corpus: dict[str, CorpusPackage]) -> Any:
    return importlib.import_module(corpus[name].package + ".models")


def test_bookstore(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("bookstore", corpus)
    with client_for("bookstore", corpus, prism_for) as client:
        books = client.books.list_books(genre=m.Genre.POETRY, x_request_id="r-1")
        assert all(isinstance(b, m.Book) for b in books)
        book = client.books.create_book(title="Dune", isbn="978-0441013593", prices={"EUR": 9.5})
        assert isinstance(book, m.Book)
        assert isinstance(client.authors.get_author(7), m.Author)
        assert client.books.delete_book("978") is None


def test_polymorphism(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("polymorphism", corpus)
    with client_for("polymorphism", corpus, prism_for) as client:
        animals = client.default.list_animals()
        assert all(isinstance(a, (m.Lion, m.Parrot, m.Snake)) for a in animals)
        admitted = client.default.admit_animal(m.Lion(name="Leo", species="lion", mane=True))
        assert isinstance(admitted, (m.Lion, m.Parrot, m.Snake))
        assert isinstance(client.default.get_keeper("k1"), m.Keeper)


def test_minimal(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    with client_for("minimal", corpus, prism_for) as client:
        assert isinstance(client.default.get_ping(), str)
        assert client.default.head_health_component("db") is None


def test_uploads(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("uploads", corpus)
    with client_for("uploads", corpus, prism_for) as client:
        assert isinstance(client.default.upload_media(b"\x89PNG...", caption="sea", album_id=3), m.Media)
        assert isinstance(client.default.download_media("m1"), bytes)
        assert client.default.replace_media("m1", b"new bytes") is None
        assert isinstance(client.default.get_caption("m1"), str)
        assert isinstance(client.default.login(username="ann", password="pw"), m.LoginResponse)


def test_errors(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("errors", corpus)
    with client_for("errors", corpus, prism_for) as client:
        assert isinstance(client.default.get_entry(1, if_none_match='"v1"'), (m.Entry, type(None)))
        assert isinstance(client.default.add_entry(amount=1.5, account="cash"), m.Entry)
        assert isinstance(client.default.legacy_totals(), dict)


def test_pagination(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    """A page decodes into its entries and counters, as the spec's example responses give them.

    Break made: the model decoder (templates/model.py.j2) dropping ``total_count``:
    ``(None, 0, 5) == (2, 0, 5)`` fails.
    """
    m = models("pagination", corpus)
    with client_for("pagination", corpus, prism_for) as client:
        page = client.default.list_events(limit=10)
        assert [(e.id, e.type, e.created_at) for e in page.entries] == [
            ("e1", m.EventType.CREATED, datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)),
            ("e2", m.EventType.MOVED, None),
        ]
        assert page.next_marker is None
        archives = client.default.list_archives(limit=5)
        assert (archives.total_count, archives.offset, archives.limit) == (2, 0, 5)
        assert [(a.id, a.size) for a in archives.entries] == [("a1", 10), ("a2", 20)]


def test_params(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    """Every query and header style Prism can read is sent as the spec says, and the answer decoded.

    Prism answers with the spec's example ({"count": 3}), and flags a request it
    cannot read in the spec's styles (a 422, or an ``sl-violations`` header the
    fixture fails on). Break made: the runtime's deepObject values sent as ``1x``
    (``filter[min]=1x``): Prism answers 422 and the call raises. Break made: the
    model decoder dropping ``count``: ``None == 3`` fails.
    """
    m = models("params", corpus)
    with client_for("params", corpus, prism_for) as client:
        found = client.default.search_items(
            ids=[1, 2], colours=["red"], words=["a", "b"], sizes=["s"], tags=["a", "b"], marks=["x", "y"],
            filter=m.Range(min=1, max=2),
            x_tags=["a", "b"], x_range=m.Range(min=1, max=2),
        )
        assert found.count == 3, "the spec's example response"
        # Not the path styles: Prism 5 crashes deserialising an array path parameter
        # (TypeError in its deserializeArray). Their wire forms are checked byte for
        # byte against a recording server in tests/unit/test_params.py.


def test_security(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    """Each security scheme's credential reaches Prism where the spec puts it, and the answer decodes.

    Break made: the header API key sent under ``X-Api-Token`` instead of the spec's
    ``X-API-Key`` (generator/parse/security.py): Prism refuses both_keys with a 401
    (AuthenticationError). Break made: the model decoder dropping ``ok``:
    ``Seen(ok=None) == Seen(ok=True)`` fails.
    """
    vault = importlib.import_module(corpus["security"].package)
    m = models("security", corpus)
    with client_for("security", corpus, prism_for) as anonymous:
        assert anonymous.default.get_public() == m.Seen(ok=True)
        with pytest.raises(vault.ApiError) as refused:
            anonymous.default.list_secrets()
        assert refused.value.status_code == 401, "Prism checks the credentials the spec asks for"
        expect_violation(anonymous, 401)
    with client_for("security", corpus, prism_for, token="t", username="u", password="p",
                    api_key_header="h", api_key_query="q", api_key_cookie="c") as client:
        for operation in ("list_secrets", "admin_status", "by_query_key", "by_cookie_key", "both_keys"):
            assert getattr(client.default, operation)() == m.Seen(ok=True), operation


def test_shapes31(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("shapes31", corpus)
    with client_for("shapes31", corpus, prism_for) as client:
        shapes = client.shapes.list_shapes()
        assert shapes and isinstance(shapes[0], m.Shape) and shapes[0].centre == (0.5, 1.5)
        created = client.shapes.create_shape(kind="circle", centre=(1.0, 2.0), radius=None)
        assert isinstance(created, m.Shape) and isinstance(created.centre, tuple)


def test_multifile(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("multifile", corpus)
    with client_for("multifile", corpus, prism_for) as client:
        assert all(isinstance(p, m.Pet) for p in client.pets.list_pets(limit=5))
        assert isinstance(client.pets.create_pet(name="Rex", kind=m.Kind.DOG), m.Pet)
        assert isinstance(client.pets.get_pet(2), m.Pet)
        owner = client.pets.get_owner(7)
        assert isinstance(owner, m.Owner) and isinstance(owner.pets[0], m.Pet)


def test_accounts(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("accounts", corpus)
    with client_for("accounts", corpus, prism_for) as client:
        user = client.default.create_user("Ann", password="pw", profile=m.Profile(bio="Hi"))
        assert isinstance(user, m.User) and user.id == 1
        team = client.default.create_team("Core", members=[m.UserParam(name="Bo", password="x")])
        assert isinstance(team, m.Team)
        result = client.default.create_user_with_headers("Ann")
        assert isinstance(result.headers, m.CreateUserHeaders) and isinstance(result.headers.location, str)


@pytest.mark.slow
def test_unions(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    # Prism answers with the spec's examples: mixed entries of one list, no discriminator.
    m = models("unions", corpus)
    with client_for("unions", corpus, prism_for) as client:
        events = client.default.list_events()
        assert [type(e) for e in events] == [m.FileCreated, m.FileDeleted, m.FolderCreated, m.UserAdded,
                                             m.CommentPosted, m.Heartbeat]
        assert [e.type for e in events[:5]] == ["file_created", "file_deleted", "folder_created", "user_added",
                                                "comment_posted"]
        assert (events[5].beat, events[5].interval) == (7, 2.5)
        places = client.default.list_places()
        # The spec's example on purpose: Address has every property of Point, so each place
        # matches both schemas of the oneOf, which Prism reports of its own response.
        expect_violation(client, 200, location="response", code="oneOf")
        assert [type(p) for p in places] == [m.Point, m.Address, m.Address]
        assert (places[1].street, places[1].city, places[2].street) == ("Main St 1", "Berlin", "Dock 4")


@pytest.mark.slow
def test_pagination_forms(corpus: dict[str, CorpusPackage], prism_for: Callable[[Path], PrismServer]) -> None:
    m = models("pagination_forms", corpus)
    with client_for("pagination_forms", corpus, prism_for) as client:
        api = client.default
        assert all(isinstance(i, m.Issue) for i in api.list_issues(state=m.ListIssuesState.OPEN, per_page=2))
        assert all(isinstance(c, m.Charge) for c in api.list_charges(limit=2).data)
        assert isinstance(api.list_files(limit=2).has_more, bool)
        assert all(isinstance(c, m.Channel) for c in api.list_conversations(limit=2).channels or [])
        assert all(isinstance(b, m.Book) for b in api.list_books(page_size=2).items or [])
        # Prism answers with no next link, so one page is the whole walk.
        assert [i.number for i in api.iter_list_issues(per_page=2)] == [i.number for i in api.list_issues(per_page=2)]
        # For the cursors, it answers the same page whatever the cursor (which it checks
        # against the spec): the walk reads a page, sends its cursor, gets the same
        # cursor back, and stops with an error rather than loop.
        sdk_error = importlib.import_module(corpus["pagination_forms"].package).SdkError
        for name in ("charges", "files", "conversations", "books", "members"):
            entries: list[Any] = []
            with pytest.raises(sdk_error, match="same cursor"):
                entries.extend(getattr(api, f"iter_list_{name}")())
            half = len(entries) // 2
            assert entries[:half] == entries[half:], name
