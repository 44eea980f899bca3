"""Issue 15's runtime defects, over real HTTP against tests/fault_server.py, sync and async.

File uploads from the async client, a caller's own ``http_client`` (redirects,
timeout), Box's "202 + Retry-After: not ready yet", date-times with any number of
fractional digits, and the retry-count header.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from fault_server import FaultServer, Respond, Waits

pytestmark = pytest.mark.usefixtures("generated_on_path", "golden_on_path")

BOX_DL = {"https://dl.boxcloud.com/2.0": "", "https://upload.box.com/api/2.0": ""}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def run(mode: str, package: str, server: FaultServer, use: Callable[[Any], Any], **options: Any) -> Any:
    """``use(client)`` with a client of ``package`` against ``server``; awaited for the async one."""
    module = __import__(package)
    options.setdefault("base_url", server.url)
    options.setdefault("token", "t")
    if package == "box_operations":
        options.setdefault("servers", {url: server.url for url in BOX_DL})
    if mode == "sync":
        waits = options.pop("waits", None)
        options.setdefault("http_client", None)
        with module.Client(sleep=waits, **options) as client:
            return use(client)

    async def go() -> Any:
        waits = options.pop("waits", None)
        if options.get("http_client") is not None:
            options["http_client"] = options["http_client"]()
        async with module.AsyncClient(sleep=waits.asleep if waits else None, **options) as client:
            return await use(client)

    return asyncio.run(go())


def http_client(mode: str, **settings: Any) -> Any:
    """A caller's own httpx client (the async one made inside the event loop)."""
    if mode == "sync":
        return httpx.Client(**settings)
    return lambda: httpx.AsyncClient(**settings)


# --------------------------------------------------------- async file uploads


@pytest.mark.parametrize("source", ["path", "file", "buffer", "bytes"])
def test_octet_stream_uploads_from_files_on_both_clients(
    server: FaultServer, mode: str, source: str, tmp_path: Path
) -> None:
    data = bytes(range(256)) * 1000  # 256 KB: several chunks
    path = tmp_path / "image.png"
    path.write_bytes(data)
    opened = open(path, "rb")
    try:
        body = {"path": path, "file": opened, "buffer": io.BytesIO(data), "bytes": data}[source]
        server.script(Respond(503), Respond(204))  # a retry sends the file again, from its start
        run(mode, "inventory_client", server, lambda c: c.media.upload_item_image("1", body), waits=Waits())
    finally:
        opened.close()
    first, second = server.requests
    assert first.body == second.body == data
    assert first.headers["content-type"] == "application/octet-stream"


def test_multipart_uploads_still_work_on_both_clients(server: FaultServer, mode: str, tmp_path: Path) -> None:
    from box_operations.models import PostFilesContentRequestBodyAttributes as Attributes
    from box_operations.models import PostFilesContentRequestBodyAttributesParent as Parent

    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.7 content")
    attributes = Attributes(name="report.pdf", parent=Parent(id="0"))
    server.script(Respond(201, {"entries": []}))
    run(mode, "box_operations", server, lambda c: c.uploads.post_files_content(attributes, source))
    assert b'filename="report.pdf"' in server.requests[0].body and b"%PDF-1.7 content" in server.requests[0].body


# --------------------------------------------------- a caller's own http_client


def test_a_callers_http_client_follows_redirects_within_the_origin(server: FaultServer, mode: str) -> None:
    server.script(Respond(302, headers={"Location": "/blobs/1?sig=x"}), Respond(200, b"PNG..."))
    result = run(mode, "inventory_client", server, lambda c: c.media.download_item_image("1"),
                 http_client=http_client(mode))  # follow_redirects=False, httpx's default
    assert result == b"PNG..."
    assert [r.target for r in server.requests] == ["/items/1/image", "/blobs/1?sig=x"]
    assert server.requests[1].headers["authorization"] == "Bearer t"


def test_a_callers_http_client_does_not_follow_to_another_origin(server: FaultServer, mode: str) -> None:
    from inventory_client import CrossOriginRedirectError

    elsewhere = server.url.replace("127.0.0.1", "localhost") + "/blobs/1"
    server.script(Respond(302, headers={"Location": elsewhere}))
    with pytest.raises(CrossOriginRedirectError) as caught:
        run(mode, "inventory_client", server, lambda c: c.media.download_item_image("1"),
            http_client=http_client(mode))
    assert caught.value.location == elsewhere and len(server.requests) == 1


def test_a_callers_http_client_keeps_its_timeout_unless_we_are_given_one(server: FaultServer, mode: str) -> None:
    from inventory_client import ApiTimeoutError

    slow = Respond(200, b"late", delay=0.25)

    def download(client: Any, **per_call: Any) -> Any:
        return client.media.download_item_image("1", max_retries=0, **per_call)

    server.script(slow)
    with pytest.raises(ApiTimeoutError):  # the client's own 0.05 s, not our 60 s
        run(mode, "inventory_client", server, download, http_client=http_client(mode, timeout=0.05))
    server.script(slow)
    assert run(mode, "inventory_client", server, download, timeout=5,
               http_client=http_client(mode, timeout=0.05)) == b"late"
    server.script(slow)
    assert run(mode, "inventory_client", server, lambda c: download(c, timeout=5),
               http_client=http_client(mode, timeout=0.05)) == b"late"


# ---------------------------------------------------- 202 + Retry-After: not ready


def not_ready(after: str = "2") -> Respond:
    return Respond(202, b"", {"Retry-After": after})


def test_a_download_not_ready_yet_is_waited_for(server: FaultServer, mode: str) -> None:
    waits = Waits()
    server.script(not_ready("2"), not_ready("5"), Respond(200, b"file body"))
    result = run(mode, "box_operations", server, lambda c: c.downloads.get_files_id_content("9"), waits=waits)
    assert result == b"file body" and waits.seconds == [2.0, 5.0] and len(server.requests) == 3


def test_a_streamed_download_not_ready_yet_is_waited_for(server: FaultServer, mode: str) -> None:
    waits = Waits()
    server.script(not_ready("1"), Respond(200, b"streamed"))

    def use(client: Any) -> Any:
        if mode == "sync":
            with client.downloads.stream_get_files_id_content("9") as stream:
                return b"".join(stream.iter_bytes())

        async def body() -> bytes:
            async with await client.downloads.stream_get_files_id_content("9") as stream:
                return b"".join([chunk async for chunk in stream.iter_bytes()])

        return body()

    assert run(mode, "box_operations", server, use, waits=waits) == b"streamed" and waits.seconds == [1.0]


def test_not_ready_after_the_retries_is_an_error_not_an_empty_body(server: FaultServer, mode: str) -> None:
    from box_operations import NotReadyError, SdkError

    waits = Waits()
    server.script(not_ready(), not_ready(), not_ready())
    with pytest.raises(NotReadyError) as caught:
        run(mode, "box_operations", server, lambda c: c.downloads.get_files_id_content("9"), waits=waits)
    assert isinstance(caught.value, SdkError) and caught.value.retries == 2 and len(server.requests) == 3
    assert caught.value.url.endswith("/files/9/content") and caught.value.retry_after == "2"
    server.script(not_ready("3600"))  # longer than retry_after_cap: not waited for
    with pytest.raises(NotReadyError):
        run(mode, "box_operations", server, lambda c: c.downloads.get_files_id_content("9"), waits=waits)
    assert len(server.requests) == 1


def test_a_202_to_a_post_is_the_answer_even_with_retry_after(server: FaultServer, mode: str) -> None:
    # An accepted job: asking again would submit it again.
    server.script(Respond(202, {"message": "Request is successful"}, {"Retry-After": "2"}))
    result = run(mode, "box_client", server,
                 lambda c: c.session_termination.terminate_groups_sessions(["1"]), waits=Waits())
    assert result.message == "Request is successful" and len(server.requests) == 1


# ------------------------------------------------------------- RFC 3339 over HTTP


def test_date_times_with_any_fractional_digits_decode(server: FaultServer, mode: str, tmp_path: Path) -> None:
    from box_operations.models import PostFilesContentRequestBodyAttributes as Attributes
    from box_operations.models import PostFilesContentRequestBodyAttributesParent as Parent

    entry = {"type": "file", "id": "1", "etag": "1", "created_at": "2012-12-12T10:53:43.12-08:00",
             "modified_at": "2024-05-01T12:00:00.1234567Z"}
    server.script(Respond(201, {"entries": [entry]}))
    files = run(mode, "box_operations", server,
                lambda c: c.uploads.post_files_content(Attributes(name="a", parent=Parent(id="0")), b"x"))
    created, modified = files.entries[0].created_at, files.entries[0].modified_at
    assert (created.microsecond, created.utcoffset().total_seconds()) == (120000, -8 * 3600)
    assert (modified.microsecond, modified.utcoffset().total_seconds()) == (123456, 0)


# ------------------------------------------------------------ retry-count header


def test_each_attempt_says_its_retry_count(server: FaultServer, mode: str) -> None:
    server.script(Respond(503), Respond(429), Respond(202, {"message": "ok"}))
    run(mode, "box_client", server, lambda c: c.session_termination.terminate_groups_sessions(["1"]),
        waits=Waits())
    assert [r.headers["x-box-client-retry-count"] for r in server.requests] == ["0", "1", "2"]
    assert all(r.headers["user-agent"].startswith("box_client/") for r in server.requests)


def test_a_caller_set_retry_count_header_is_left_alone(server: FaultServer, mode: str) -> None:
    from box_client import raw_response

    sent: list[list[str]] = []

    def use(**per_call: Any) -> Callable[[Any], Any]:
        def record(raw: Any) -> None:
            sent.append(raw.response.request.headers.get_list("x-box-client-retry-count"))

        def sync(client: Any) -> None:
            with raw_response() as raw:
                client.session_termination.terminate_groups_sessions(["1"], **per_call)
            record(raw)

        async def asynchronous(client: Any) -> None:
            with raw_response() as raw:
                await client.session_termination.terminate_groups_sessions(["1"], **per_call)
            record(raw)

        return sync if mode == "sync" else asynchronous

    server.script(Respond(202, {"message": "ok"}), Respond(202, {"message": "ok"}))
    run(mode, "box_client", server, use(), headers={"x-box-client-retry-count": "7"})
    run(mode, "box_client", server, use(extra_headers={"X-BOX-CLIENT-RETRY-COUNT": "8"}))
    assert sent == [["7"], ["8"]]  # each once: the caller's, in whatever case, instead of ours


def test_a_retry_count_header_set_through_with_options_is_left_alone(server: FaultServer, mode: str) -> None:
    """The copy's headers decide, not the ones of the client it came from."""
    server.script(Respond(202, {"message": "ok"}))

    def call(client: Any) -> Any:
        return client.with_options(headers={"X-Box-Client-Retry-Count": "9"}).session_termination.terminate_groups_sessions(["1"])

    run(mode, "box_client", server, call)
    assert [r.headers["x-box-client-retry-count"] for r in server.requests] == ["9"]
