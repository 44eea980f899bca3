"""The emitted runtime under faults, over real HTTP against tests/fault_server.py.

Waits are observed through the client's injectable ``sleep`` (and RetryPolicy's
``rand``/``clock``), never by timing the wall clock. Sync and async paths both.
"""

from __future__ import annotations

import asyncio
import email.utils
import io
import logging
import ssl
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from fault_server import FaultServer, Reset, Respond, Truncate, Waits

pytestmark = pytest.mark.usefixtures("generated_on_path", "golden_on_path")

SECRET_TOKEN = "tok-SECRET-0123456789"
CLIENT_SECRET = "client-SECRET-abcdef"
ACCEPTED = Respond(202, {"message": "Request is successful"})


def box_client(server: FaultServer, waits: Waits, **options: Any) -> Any:
    from box_client import Client, RetryPolicy

    policy = RetryPolicy(rand=lambda: 0.0, clock=lambda: 1_700_000_000.0)
    return Client(token=options.pop("token", SECRET_TOKEN), base_url=server.url, sleep=waits,
                  retry_policy=policy, **options)


def async_box_client(server: FaultServer, waits: Waits, **options: Any) -> Any:
    from box_client import AsyncClient, RetryPolicy

    policy = RetryPolicy(rand=lambda: 0.0, clock=lambda: 1_700_000_000.0)
    return AsyncClient(token=options.pop("token", SECRET_TOKEN), base_url=server.url, sleep=waits.asleep,
                       retry_policy=policy, **options)


def call(client: Any) -> Any:
    return client.session_termination.terminate_groups_sessions(["1"])


def acall(client: Any) -> Any:
    async def run() -> Any:
        async with client:
            return await client.session_termination.terminate_groups_sessions(["1"])

    return asyncio.run(run())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_and_call(mode: str, server: FaultServer, waits: Waits, **options: Any) -> Any:
    if mode == "sync":
        with box_client(server, waits, **options) as client:
            return call(client)
    return acall(async_box_client(server, waits, **options))


# ------------------------------------------------------------------ retries


def test_503_twice_then_202_backs_off_exponentially(server: FaultServer, mode: str) -> None:
    server.script(Respond(503, {"code": "unavailable"}), Respond(503), ACCEPTED)
    waits = Waits()
    result = make_and_call(mode, server, waits)
    assert result.message == "Request is successful"
    assert len(server.requests) == 3
    assert waits.seconds == [0.5, 1.0]  # base 0.5 s, doubled; jitter 0 here


def test_jitter_shortens_the_wait_by_at_most_a_quarter() -> None:
    from box_client import RetryPolicy

    assert RetryPolicy(rand=lambda: 1.0).delay(0) == 0.375
    assert RetryPolicy(rand=lambda: 0.0).delay(10) == 8.0  # capped


def test_429_retry_after_seconds_and_http_date(server: FaultServer, mode: str) -> None:
    date = email.utils.formatdate(1_700_000_000.0 + 7, usegmt=True)
    server.script(
        Respond(429, {"code": "too_many_requests"}, {"Retry-After": "3"}),
        Respond(429, {}, {"Retry-After": date}),
        ACCEPTED,
    )
    waits = Waits()
    make_and_call(mode, server, waits, max_retries=2)
    assert waits.seconds == [3.0, 7.0]


def test_retry_after_beyond_the_ceiling_is_not_waited_for(server: FaultServer, mode: str) -> None:
    from box_client import RateLimitError

    server.script(Respond(429, {"code": "too_many_requests"}, {"Retry-After": "3600"}))
    waits = Waits()
    with pytest.raises(RateLimitError):
        make_and_call(mode, server, waits)
    assert waits.seconds == [] and len(server.requests) == 1


def test_retries_are_configurable_on_the_client_and_per_call(server: FaultServer) -> None:
    from box_client import InternalServerError

    waits = Waits()
    server.script(*[Respond(500)] * 5)
    with box_client(server, waits, max_retries=4) as client, pytest.raises(InternalServerError):
        call(client)
    assert len(server.requests) == 5
    server.script(*[Respond(500)] * 5)
    with box_client(server, waits, max_retries=4) as client, pytest.raises(InternalServerError):
        client.session_termination.terminate_groups_sessions(["1"], max_retries=0)
    assert len(server.requests) == 1


def test_reset_connection_is_retried_then_raises_connection_error(server: FaultServer, mode: str) -> None:
    from box_client import ApiConnectionError, SdkError

    server.script(Reset(), ACCEPTED)
    waits = Waits()
    assert make_and_call(mode, server, waits).message
    assert len(server.requests) == 2 and waits.seconds == [0.5]

    server.script(Reset(), Reset(), Reset())
    with pytest.raises(ApiConnectionError) as caught:
        make_and_call(mode, server, Waits())
    assert isinstance(caught.value, SdkError)
    assert caught.value.method == "POST" and caught.value.url.endswith("/groups/terminate_sessions")
    assert len(server.requests) == 3


def test_truncated_body_is_a_connection_error_and_retried(server: FaultServer, mode: str) -> None:
    from box_client import ApiConnectionError

    server.script(Truncate(), ACCEPTED)
    waits = Waits()
    assert make_and_call(mode, server, waits).message
    assert len(server.requests) == 2
    server.script(Truncate(), Truncate(), Truncate())
    with pytest.raises(ApiConnectionError, match="connection failed"):
        make_and_call(mode, server, Waits())


def test_slow_response_raises_timeout_error(server: FaultServer, mode: str) -> None:
    from box_client import ApiConnectionError, ApiTimeoutError

    server.script(Respond(202, {"message": "late"}, delay=1.0))
    with pytest.raises(ApiTimeoutError) as caught:
        make_and_call(mode, server, Waits(), timeout=0.2, max_retries=0)
    assert isinstance(caught.value, ApiConnectionError)
    assert "POST" in str(caught.value) and server.url in str(caught.value)


def test_per_call_timeout_overrides_the_clients(server: FaultServer) -> None:
    from box_client import ApiTimeoutError

    server.script(Respond(202, {"message": "late"}, delay=0.6))
    with box_client(server, Waits(), timeout=5.0, max_retries=0) as client:
        with pytest.raises(ApiTimeoutError):
            client.session_termination.terminate_groups_sessions(["1"], timeout=0.2)


def test_unrewindable_stream_is_not_retried(server: FaultServer) -> None:
    from box_operations import Client, InternalServerError
    from box_operations.models import PostFilesContentRequestBodyAttributes, PostFilesContentRequestBodyAttributesParent

    class Pipe(io.RawIOBase):
        def __init__(self) -> None:
            self.data = io.BytesIO(b"streamed content")

        def readable(self) -> bool:
            return True

        def seekable(self) -> bool:
            return False

        def readinto(self, buffer: Any) -> int:
            chunk = self.data.read(len(buffer))
            buffer[: len(chunk)] = chunk
            return len(chunk)

    attributes = PostFilesContentRequestBodyAttributes(
        name="a.txt", parent=PostFilesContentRequestBodyAttributesParent(id="0")
    )
    server.script(Respond(503), Respond(201, {"entries": []}))
    waits = Waits()
    with Client(token="t", base_url=server.url, servers={"https://upload.box.com/api/2.0": server.url},
                sleep=waits) as client:
        with pytest.raises(InternalServerError):
            client.uploads.post_files_content(attributes, Pipe())
        assert len(server.requests) == 1 and waits.seconds == []
        # A seekable file is rewound and sent again.
        server.script(Respond(503), Respond(201, {"entries": []}))
        client.uploads.post_files_content(attributes, io.BytesIO(b"file content"))
    assert len(server.requests) == 2
    assert all(b"file content" in r.body for r in server.requests)
    assert server.requests[0].body.index(b'name="attributes"') < server.requests[0].body.index(b'name="file"')


# ------------------------------------------------------------------- auth


def token_response(token: str) -> Respond:
    return Respond(200, {"access_token": token, "expires_in": 3600, "token_type": "bearer"})


def test_client_credentials_fetch_cache_and_refresh_once_on_401(server: FaultServer, mode: str) -> None:
    from box_client import ClientCredentials

    credentials = ClientCredentials(
        "my-client", CLIENT_SECRET, token_url=f"{server.url}/oauth2/token",
        extra={"box_subject_type": "enterprise", "box_subject_id": "123"},
    )
    server.script(token_response("t1"), Respond(401, {"code": "unauthorized"}), token_response("t2"), ACCEPTED,
                  ACCEPTED)
    if mode == "sync":
        with box_client(server, Waits(), token=credentials) as client:
            call(client)
            call(client)
    else:
        async def twice() -> None:
            async with async_box_client(server, Waits(), token=credentials) as client:
                await client.session_termination.terminate_groups_sessions(["1"])
                await client.session_termination.terminate_groups_sessions(["1"])
        asyncio.run(twice())
    paths = [r.path for r in server.requests]
    assert paths == ["/oauth2/token", "/groups/terminate_sessions", "/oauth2/token",
                     "/groups/terminate_sessions", "/groups/terminate_sessions"]
    form = server.requests[0].body.decode()
    for field in ("grant_type=client_credentials", "client_id=my-client", "box_subject_type=enterprise",
                  "box_subject_id=123"):
        assert field in form
    api_calls = [r for r in server.requests if r.path != "/oauth2/token"]
    assert [r.headers.get("authorization") for r in api_calls] == ["Bearer t1", "Bearer t2", "Bearer t2"]
    assert CLIENT_SECRET not in repr(credentials) and "t2" not in repr(credentials)


def test_default_token_url_comes_from_the_spec() -> None:
    from box_client import ClientCredentials

    assert ClientCredentials("id", "secret").token_url == "https://api.box.com/oauth2/token"


def test_token_provider_is_called_per_request(server: FaultServer) -> None:
    tokens = iter(["a", "b"])
    server.script(ACCEPTED, ACCEPTED)
    with box_client(server, Waits(), token=lambda: next(tokens)) as client:
        call(client)
        call(client)
    assert [r.headers["authorization"] for r in server.requests] == ["Bearer a", "Bearer b"]


# ----------------------------------------------------------------- secrets


def test_no_secret_in_logs_reprs_or_errors(server: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    from box_client import AuthenticationError, ClientCredentials, InternalServerError

    caplog.set_level(logging.DEBUG)  # httpx and httpcore log too, at DEBUG
    credentials = ClientCredentials("id", CLIENT_SECRET, token_url=f"{server.url}/oauth2/token")
    # token, a retried 503, a 401 (refresh once), a second 401: the error is raised
    server.script(token_response(SECRET_TOKEN), Respond(503), Respond(401), token_response(SECRET_TOKEN),
                  Respond(401, {"message": "still no"}))
    errors: list[BaseException] = []
    with box_client(server, Waits(), token=credentials) as client:
        texts = [repr(client), repr(client.session_termination), repr(credentials)]
        with pytest.raises(AuthenticationError) as caught:
            call(client)
        errors.append(caught.value)
    assert [r.path for r in server.requests].count("/oauth2/token") == 2 and len(server.requests) == 5
    # The token endpoint failing is an error of its own, without the secret in it.
    server.script(Respond(503, {"error": "unavailable"}))
    credentials = ClientCredentials("id", CLIENT_SECRET, token_url=f"{server.url}/oauth2/token")
    with box_client(server, Waits(), token=credentials) as client, pytest.raises(InternalServerError) as failed:
        call(client)
    errors.append(failed.value)
    assert any("retrying POST" in record.getMessage() for record in caplog.records)
    everything = caplog.text + "".join(texts) + "".join(str(e) + repr(e) + repr(e.args) for e in errors)
    assert SECRET_TOKEN not in everything and CLIENT_SECRET not in everything
    assert "Bearer" not in caplog.text


def test_user_agent_and_tls_verification(server: FaultServer) -> None:
    from box_client import __version__

    server.script(ACCEPTED)
    with box_client(server, Waits()) as client:
        call(client)
        pool = client._http._transport._pool
        assert pool._ssl_context.verify_mode == ssl.CERT_REQUIRED
    assert server.requests[0].headers["user-agent"].startswith(f"box_client/{__version__} ")


# -------------------------------------------------- per call and raw access


def test_extra_query_extra_headers_and_raw_response(server: FaultServer, mode: str) -> None:
    from box_client import raw_response

    server.script(Respond(202, {"message": "ok"}, {"X-Trace": "abc"}))
    with raw_response() as raw:
        if mode == "sync":
            with box_client(server, Waits()) as client:
                result = client.session_termination.terminate_groups_sessions(
                    ["1"], extra_query={"dry_run": "1"}, extra_headers={"X-Extra": "yes"}
                )
        else:
            async def run() -> Any:
                async with async_box_client(server, Waits()) as client:
                    return await client.session_termination.terminate_groups_sessions(
                        ["1"], extra_query={"dry_run": "1"}, extra_headers={"X-Extra": "yes"}
                    )
            result = asyncio.run(run())
    assert result.message == "ok"
    assert raw.status_code == 202 and raw.headers["x-trace"] == "abc"
    request = server.requests[0]
    assert request.query == {"dry_run": ["1"]} and request.headers["x-extra"] == "yes"


# ------------------------------------------------- pagination and streaming


def page(ids: list[str], next_marker: str | None) -> Respond:
    entries = [{"type": "file", "id": i, "etag": "1", "name": f"{i}.txt"} for i in ids]
    return Respond(200, {"entries": entries, "limit": 2, "next_marker": next_marker})


def test_two_pages_then_the_end(server: FaultServer, mode: str) -> None:
    from box_operations import AsyncClient, Client

    server.script(page(["1", "2"], "m2"), page(["3"], None))
    if mode == "sync":
        with Client(token="t", base_url=server.url) as client:
            pages = client.folders.iter_get_folders_id_items("0", limit=2)
            assert len(server.requests) == 0  # lazy: nothing requested yet
            ids = [entry.id for entry in pages]
    else:
        async def run() -> list[str]:
            async with AsyncClient(token="t", base_url=server.url) as client:
                return [entry.id async for entry in client.folders.iter_get_folders_id_items("0", limit=2)]
        ids = asyncio.run(run())
    assert ids == ["1", "2", "3"]
    first, second = server.requests
    assert first.query == {"usemarker": ["true"], "limit": ["2"]}
    assert second.query == {"usemarker": ["true"], "marker": ["m2"], "limit": ["2"]}


def test_download_streams_without_holding_the_body(server: FaultServer, tmp_path: Path) -> None:
    from box_operations import Client

    size, chunk = 50 * 1024 * 1024, b"x" * (1024 * 1024)
    server.script(Respond(200, chunks=iter([chunk] * 50), length=size))
    target = tmp_path / "download.bin"
    with Client(token="t", base_url=server.url, servers={"https://dl.boxcloud.com/2.0": server.url}) as client:
        tracemalloc.start()
        try:
            with client.downloads.stream_get_files_id_content("123") as stream:
                assert stream.status_code == 200
                written = stream.write_to(target)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert written == size == target.stat().st_size
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


def test_async_download_streams_chunks(server: FaultServer) -> None:
    from box_operations import AsyncClient

    server.script(Respond(200, chunks=iter([b"a" * 1000] * 5), length=5000))

    async def run() -> int:
        async with AsyncClient(token="t", base_url=server.url) as client:
            stream = await client.downloads.stream_get_files_id_content("123")
            async with stream:
                return sum([len(c) async for c in stream.iter_bytes(1000)])

    assert asyncio.run(run()) == 5000


def test_upload_from_a_path(server: FaultServer, tmp_path: Path) -> None:
    from box_operations import Client
    from box_operations.models import PostFilesContentRequestBodyAttributes, PostFilesContentRequestBodyAttributesParent

    source = tmp_path / "report.pdf"
    source.write_bytes(b"%PDF-1.7 content")
    attributes = PostFilesContentRequestBodyAttributes(
        name="report.pdf", parent=PostFilesContentRequestBodyAttributesParent(id="0")
    )
    server.script(Respond(201, {"entries": []}))
    with Client(token="t", base_url=server.url, servers={"https://upload.box.com/api/2.0": server.url}) as client:
        client.uploads.post_files_content(attributes, source)
    body = server.requests[0].body
    assert b'filename="report.pdf"' in body and b"%PDF-1.7 content" in body
    assert b'"parent": {"id": "0"}' in body
