"""Promises of the README's "In production" that no test held before issue 19 (item 3).

The emitted client's defaults and what it sends: the timeouts, ``max_pages``, the headers
of a request (nothing but what the README names), the bearer token of a document without
security schemes and the retry-count header's name, how the environment variables are read,
the async client's reading of upload files off its event loop, and the size limit of
streamed responses read whole. Over real HTTP
(tests/fault_server.py), sync and async where a request is sent.
"""

from __future__ import annotations

import asyncio
import inspect
import io
import re
import threading
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
from fault_server import FaultServer, Respond

pytestmark = pytest.mark.usefixtures("generated_on_path", "golden_on_path")

ACCEPTED = Respond(202, {"message": "ok"})


def _send(mode: str, server: FaultServer, **options: Any) -> None:
    """One ``terminate_groups_sessions`` call with a new sync or async client."""
    from box_client import AsyncClient, Client

    options.setdefault("base_url", server.url)
    if mode == "sync":
        with Client(**options) as client:
            client.session_termination.terminate_groups_sessions(["1"])
        return

    async def main() -> None:
        async with AsyncClient(**options) as client:
            await client.session_termination.terminate_groups_sessions(["1"])

    asyncio.run(main())


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_default_timeouts(server: FaultServer, mode: str) -> None:
    """ "Timeouts: 10 s to connect and 60 s to read by default": what each request carries to httpx.

    Break made: ``DEFAULT_TIMEOUT`` (generator/runtime/_cycle.py) made ``httpx.Timeout(30.0,
    connect=10.0)`` in generated/box_client's copy: the read timeout of the request is 30.
    """
    from box_client import AsyncClient, Client

    seen: list[httpx.Request] = []
    server.script(ACCEPTED)
    if mode == "sync":
        with Client(token="t", base_url=server.url) as client:
            client._http.event_hooks["request"] = [seen.append]
            client.session_termination.terminate_groups_sessions(["1"])
    else:

        async def record(request: httpx.Request) -> None:
            seen.append(request)

        async def main() -> None:
            async with AsyncClient(token="t", base_url=server.url) as client:
                client._http.event_hooks["request"] = [record]
                await client.session_termination.terminate_groups_sessions(["1"])

        asyncio.run(main())
    (request,) = seen
    timeout = request.extensions["timeout"]
    assert (timeout["connect"], timeout["read"]) == (10.0, 60.0), timeout


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_request_carries_only_the_headers_we_document(server: FaultServer, mode: str) -> None:
    """ "Nothing else is added: no platform or tracking headers": a JSON POST carries httpx's own
    headers, the credentials, the body's type, the User-Agent, the encodings asked for and the
    retry count; nothing more.

    Break made: ``"X-Box-Platform": sys.platform`` added to the client's headers in
    generated/box_client/_cycle.py (``self._headers``): an unexpected header is named.
    """
    server.script(ACCEPTED)
    _send(mode, server, token="t")
    (request,) = server.requests
    assert set(request.headers) == {
        "host", "content-length",  # httpx's own
        "accept", "content-type",  # what the operation answers, what its body is
        "authorization", "user-agent", "accept-encoding", "x-box-client-retry-count",
    }
    assert request.headers["accept"] == "application/json"


def test_max_pages_is_ten_thousand_by_default() -> None:
    """ "more than ``max_pages=`` pages (10,000 by default)": every walk and every pages method
    of the Box client, sync and async, starts with that limit unless the call gives another
    (read from the modules' text: importing all of them costs seconds).

    Breaks made: ``MAX_PAGES = 1_000`` in generated/box_client/_pagination.py; the default of
    ``max_pages`` in one of generated/box_client/resources/folders.py's signatures made ``None``.
    """
    from box_client import _pagination

    assert _pagination.MAX_PAGES == 10_000
    resources = Path(_pagination.__file__).parent / "resources"
    defaults = [
        (module.name, default)
        for module in sorted(resources.glob("*.py"))
        for default in re.findall(r"^ +max_pages: int \| None = (.+),$", module.read_text(), re.M)
    ]
    assert len(defaults) >= 40, "the Box client's walks and pages methods were not found"
    assert [d for d in defaults if d[1] != "MAX_PAGES"] == []
    signatures = sum(text.count("max_pages: ") for text in (p.read_text() for p in resources.glob("*.py")))
    assert signatures == len(defaults), "a max_pages parameter spelled otherwise: update this test"


NO_SECURITY = """
    openapi: 3.0.3
    info: {title: Open, version: '1'}
    paths:
      /things:
        get:
          operationId: listThings
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {type: array, items: {type: string}}
"""


def test_without_security_schemes_the_token_is_a_bearer_token(
    inline_client: Callable[[str], ModuleType], server: FaultServer
) -> None:
    """ "A document without security schemes sends `token`, when given, as a bearer token"; and
    without a token, nothing. Sync and async (one package generated for both).

    Also the retry-count header's name, the package's own (``X-Inline-Client-Retry-Count``).

    Breaks made: the scheme a document without any gets (generator/parse/security.py,
    ``if not declared``) no longer added: the token is not sent (no ``Authorization`` header);
    ``RETRY_COUNT_HEADER = "X-Box-Client-Retry-Count"`` in generator/runtime/_retry.py.
    """
    package = inline_client(NO_SECURITY)

    async def call(cls: Any, token: str | None) -> Any:
        client = cls(token=token, base_url=server.url)
        try:
            result = client.default.list_things()
            return await result if inspect.isawaitable(result) else result
        finally:
            closed = client.close()
            if inspect.isawaitable(closed):
                await closed

    for cls in (package.Client, package.AsyncClient):
        for token in ("open-sesame", None):
            server.script(Respond(200, ["a"]))
            assert asyncio.run(call(cls, token)) == ["a"]
            (request,) = server.requests
            if token is None:
                assert "authorization" not in request.headers
            else:
                assert request.headers["authorization"] == f"Bearer {token}"
            # "the name is the package's (`X-`, its words with a capital initial, `-Retry-Count`)"
            assert request.headers["x-inline-client-retry-count"] == "0"


def test_an_empty_variable_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "an empty variable counts as unset": ``BOX_BASE_URL=`` and ``BOX_TOKEN=`` leave the
    defaults, not an empty URL and an empty token.

    Break made: ``_get`` (generator/runtime/_environ.py) returning ``os.environ.get(...)``
    without ``or None``, in generated/box_client's copy: the base URL is ``''``.
    """
    from box_client import AsyncClient, Client
    from box_client._client import DEFAULT_BASE_URL

    monkeypatch.setenv("BOX_BASE_URL", "")
    monkeypatch.setenv("BOX_TOKEN", "")
    for cls in (Client, AsyncClient):
        client = cls()
        assert client.base_url == DEFAULT_BASE_URL and client._token is None


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_the_environment_is_read_when_the_client_is_made(
    server: FaultServer, mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "They are read when a client is created, never per call": variables changed after the
    client was made change nothing it sends.

    Break made: ``from_environment`` (generator/runtime/_environ.py) returning, for a client
    given no token, ``lambda: os.environ.get("BOX_TOKEN")`` (a token callable, called for each
    request): the second request carries the new token.
    """
    from box_client import AsyncClient, Client

    monkeypatch.setenv("BOX_BASE_URL", server.url)
    monkeypatch.setenv("BOX_TOKEN", "first")
    server.script(ACCEPTED, ACCEPTED)

    def change() -> None:
        monkeypatch.setenv("BOX_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
        monkeypatch.setenv("BOX_TOKEN", "second")

    if mode == "sync":
        with Client() as client:
            client.session_termination.terminate_groups_sessions(["1"])
            change()
            client.session_termination.terminate_groups_sessions(["1"])
    else:

        async def main() -> None:
            async with AsyncClient() as client:
                await client.session_termination.terminate_groups_sessions(["1"])
                change()
                await client.session_termination.terminate_groups_sessions(["1"])

        asyncio.run(main())
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer first", "Bearer first"]


def test_the_async_client_reads_upload_files_in_a_worker_thread(server: FaultServer) -> None:
    """ "a file or path is sent in 64 KiB chunks, which `AsyncClient` reads in a worker thread
    (anyio, httpx's own dependency) so the event loop is not held": no read of the file happens
    on the event loop's thread, and the pieces are at most 64 KiB.

    Break made: ``_ChunksInThreads`` (generator/runtime/_async_body.py, in the golden
    inventory_client's copy) calling ``next(chunks, None)`` on the loop instead of through
    ``anyio.to_thread.run_sync``: every read is on the loop's thread.
    """
    from inventory_client import AsyncClient

    data = bytes(range(256)) * 1000  # 256 KB: several pieces
    reads: list[tuple[int, int]] = []

    class Recording(io.BytesIO):
        def read(self, size: int | None = -1) -> bytes:
            reads.append((threading.get_ident(), -1 if size is None else size))
            return super().read(size)

    async def main() -> int:
        async with AsyncClient(token="t", base_url=server.url) as client:
            await client.media.upload_item_image("1", Recording(data))
        return threading.get_ident()

    server.script(Respond(204))
    loop_thread = asyncio.run(main())
    (request,) = server.requests
    assert request.body == data
    assert len(reads) > 1 and all(thread != loop_thread for thread, _ in reads), reads
    assert all(0 < size <= 64 * 1024 for _, size in reads), reads


@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("how", ["read", "parse"])
def test_a_streamed_response_is_read_within_the_size_limit(server: FaultServer, mode: str, how: str) -> None:
    """ "`with_streaming_response` ... whose body is not read until `r.iter_bytes()`, `r.read()` or
    `r.parse()` (read bounded by `max_response_size`)": a body over the limit is a
    ``ResponseTooLargeError`` from ``read()`` and ``parse()``, not a body held whole.

    Break made: ``StreamedAPIResponse.read`` and its async twin (generator/runtime/_raw.py, in
    generated/box_client's copy) calling ``http_response.read()``/``aread()`` instead of
    ``read_bounded``: the body is read whole and no error is raised.
    """
    from box_client import AsyncClient, Client, ResponseTooLargeError

    big = b'{"message": "' + b"x" * (256 * 1024) + b'"}'  # 256 KB, the limit set to 64 KB
    server.script(Respond(202, big, {"Content-Type": "application/json"}))

    def sync() -> None:
        with Client(token="t", base_url=server.url) as client:
            client.max_response_size = 64 * 1024
            with client.session_termination.with_streaming_response.terminate_groups_sessions(["1"]) as r:
                r.read() if how == "read" else r.parse()

    async def asynchronous() -> None:
        async with AsyncClient(token="t", base_url=server.url) as client:
            client.max_response_size = 64 * 1024
            call = client.session_termination.with_streaming_response.terminate_groups_sessions(["1"])
            async with call as r:
                await (r.read() if how == "read" else r.parse())

    with pytest.raises(ResponseTooLargeError):
        sync() if mode == "sync" else asyncio.run(asynchronous())
