"""Per-client and per-call options of the emitted client, over real HTTP (tests/fault_server.py).

``with_options``/``copy``, ``extra_body``, the request id on results,
``with_raw_response``/``with_streaming_response``, the ``BOX_`` environment
variables and the debug log of each attempt: sync and async each.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import pytest

from fault_server import FaultServer, Respond

pytestmark = pytest.mark.usefixtures("generated_on_path")

MESSAGE = {"message": "Request is successful"}
ACCEPTED = Respond(202, MESSAGE, headers={"box-request-id": "req-123"})


@pytest.fixture(params=["sync", "async"])
def run(request: pytest.FixtureRequest, server: FaultServer) -> Callable[..., Any]:
    """``run(work, **client_options)``: ``work(client)`` with a sync client, or awaited with an async one."""

    def sync(work: Callable[[Any], Any], **options: Any) -> Any:
        from box_client import Client

        options.setdefault("base_url", server.url)
        with Client(token=options.pop("token", "tok"), **options) as client:
            return work(client)

    def asynchronous(work: Callable[[Any], Awaitable[Any]], **options: Any) -> Any:
        from box_client import AsyncClient

        async def main() -> Any:
            options.setdefault("base_url", server.url)
            async with AsyncClient(token=options.pop("token", "tok"), **options) as client:
                return await work(client)

        return asyncio.run(main())

    return sync if request.param == "sync" else asynchronous


def is_async(client: Any) -> bool:
    return type(client).__name__ == "AsyncClient"


async def maybe(value: Any) -> Any:
    return await value if asyncio.iscoroutine(value) else value


def terminate(client: Any, **kwargs: Any) -> Any:
    return client.session_termination.terminate_groups_sessions(["1"], **kwargs)


# ------------------------------------------------------------- with_options


def test_with_options_shares_the_pool_and_changes_only_its_settings(server: FaultServer, run: Any) -> None:
    server.script(ACCEPTED, ACCEPTED)

    async def work(client: Any) -> Any:
        copy = client.with_options(timeout=5.0, max_retries=0, headers={"X-Team": "a"})
        assert copy._http is client._http  # one connection pool
        assert copy.timeout == 5.0 and copy.max_retries == 0 and client.max_retries == 2
        assert copy.session_termination._client is copy
        assert client.session_termination._client is client
        await maybe(terminate(copy))
        await maybe(terminate(client))
        if is_async(copy):
            await copy.close()
        else:
            copy.close()
        assert not client._http.is_closed  # the copy does not own the pool
        assert client.copy(max_retries=1).max_retries == 1
        return None

    _drive(run, work)
    first, second = server.requests
    assert first.headers.get("x-team") == "a"
    assert "x-team" not in second.headers


def _drive(run: Any, work: Callable[[Any], Awaitable[Any]]) -> Any:
    """``run`` an async ``work`` with either client (a sync client's calls return values, not awaitables)."""

    def sync(client: Any) -> Any:
        return asyncio.run(work(client))

    return run(sync) if run.__name__ == "sync" else run(work)


def test_with_options_keeps_the_token_source(server: FaultServer, run: Any) -> None:
    from box_client import ClientCredentials

    token = {"access_token": "fetched", "expires_in": 3600, "token_type": "bearer"}
    server.script(Respond(200, token), ACCEPTED, ACCEPTED)
    credentials = ClientCredentials("id", "secret", token_url=f"{server.url}/oauth2/token")

    async def work(client: Any) -> Any:
        await maybe(terminate(client.with_options(headers={"X-A": "1"})))
        await maybe(terminate(client))

    _drive_with(run, work, token=credentials)
    assert [r.path for r in server.requests] == ["/oauth2/token", "/groups/terminate_sessions", "/groups/terminate_sessions"]


def _drive_with(run: Any, work: Callable[[Any], Awaitable[Any]], **options: Any) -> Any:
    def sync(client: Any) -> Any:
        return asyncio.run(work(client))

    return run(sync, **options) if run.__name__ == "sync" else run(work, **options)


# --------------------------------------------------------------- extra_body


def test_extra_body_is_merged_into_the_json_object(server: FaultServer, run: Any) -> None:
    server.script(ACCEPTED)

    async def work(client: Any) -> Any:
        return await maybe(terminate(client, extra_body={"dry_run": True, "group_ids": ["2"]}))

    _drive(run, work)
    assert json.loads(server.requests[0].body) == {"group_ids": ["2"], "dry_run": True}


def test_extra_body_needs_an_object_body() -> None:
    from contextlib import ExitStack

    from box_client._request import RequestOptions, encode_body
    from box_client._serde import UNSET

    def body(document: Any) -> Any:
        options = RequestOptions("POST", "/x", dict, json_body=document, extra_body={"a": 1})
        return encode_body(options, ExitStack(), {})

    assert json.loads(body(UNSET).content) == {"a": 1}
    with pytest.raises(ValueError, match="list"):
        body([1, 2])


# ----------------------------------------------------------------- request id


def test_the_request_id_is_on_every_model_result(server: FaultServer, run: Any) -> None:
    server.script(ACCEPTED, Respond(202, MESSAGE))

    async def work(client: Any) -> Any:
        return await maybe(terminate(client)), await maybe(terminate(client))

    with_id, without = _drive(run, work)
    assert with_id._request_id == "req-123"
    assert without._request_id is None
    assert with_id.to_dict() == MESSAGE  # not a field: not sent back, not compared
    assert with_id == without


def test_the_request_id_is_on_raw_response_too(server: FaultServer, run: Any) -> None:
    """For results that cannot carry it (lists, bytes, None), raw_response() has it."""
    from box_client import raw_response

    server.script(ACCEPTED)

    async def work(client: Any) -> Any:
        with raw_response() as raw:
            await maybe(terminate(client))
        return raw.request_id

    assert _drive(run, work) == "req-123"


# ------------------------------------------- with_raw_response / streaming


def test_with_raw_response_gives_the_response_and_parses_on_demand(server: FaultServer, run: Any) -> None:
    server.script(ACCEPTED)

    async def work(client: Any) -> Any:
        return await maybe(client.session_termination.with_raw_response.terminate_groups_sessions(["1"]))

    raw = _drive(run, work)
    assert raw.status_code == 202
    assert raw.headers["box-request-id"] == raw.request_id == "req-123"
    assert raw.http_response.status_code == 202
    assert raw.parse().message == MESSAGE["message"]
    assert json.loads(raw.content) == MESSAGE


def test_with_raw_response_still_raises_for_an_error_status(server: FaultServer, run: Any) -> None:
    from box_client import NotFoundError

    server.script(Respond(404, {"type": "error", "status": 404}))

    async def work(client: Any) -> Any:
        return await maybe(client.session_termination.with_raw_response.terminate_groups_sessions(["1"]))

    with pytest.raises(NotFoundError):
        _drive(run, work)


def test_with_streaming_response_reads_the_body_only_when_asked(server: FaultServer, run: Any) -> None:
    server.script(ACCEPTED)
    seen: dict[str, Any] = {}

    async def work(client: Any) -> Any:
        call = client.session_termination.with_streaming_response.terminate_groups_sessions(["1"])
        if is_async(client):
            async with call as response:
                seen["unread"] = not response.http_response.is_stream_consumed
                seen["id"] = response.request_id
                seen["value"] = await response.parse()
        else:
            with call as response:
                seen["unread"] = not response.http_response.is_stream_consumed
                seen["id"] = response.request_id
                seen["value"] = response.parse()
        seen["closed"] = response.http_response.is_closed

    _drive(run, work)
    assert seen["unread"] and seen["closed"]
    assert seen["id"] == "req-123"
    assert seen["value"].message == MESSAGE["message"]


def test_a_streamed_response_left_unread_is_closed_at_the_end_of_its_block(server: FaultServer, run: Any) -> None:
    """Break (a mutation survivor of _raw): ``if self._response is not None`` made ``is None``
    in the async ``__aexit__``: a body nobody read keeps its connection open."""
    server.script(ACCEPTED)
    seen: dict[str, Any] = {}

    async def work(client: Any) -> Any:
        call = client.session_termination.with_streaming_response.terminate_groups_sessions(["1"])
        if is_async(client):
            async with call as response:
                seen["open"] = not response.http_response.is_closed
        else:
            with call as response:
                seen["open"] = not response.http_response.is_closed
        seen["closed"] = response.http_response.is_closed

    _drive(run, work)
    assert seen == {"open": True, "closed": True}


def test_the_wrappers_leave_plain_calls_alone(server: FaultServer, run: Any) -> None:
    server.script(ACCEPTED, ACCEPTED)

    async def work(client: Any) -> Any:
        await maybe(client.session_termination.with_raw_response.terminate_groups_sessions(["1"]))
        return await maybe(terminate(client))

    assert _drive(run, work).message == MESSAGE["message"]


# ------------------------------------------------------- environment, logs


@pytest.fixture
def clean_logger() -> Iterator[logging.Logger]:
    from box_client import _environ

    logger = logging.getLogger("box_client")
    handlers, level = list(logger.handlers), logger.level
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    _environ._configured.clear()


def test_base_url_and_token_come_from_the_environment(
    server: FaultServer, run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOX_BASE_URL", server.url)
    monkeypatch.setenv("BOX_TOKEN", "from-env")
    server.script(ACCEPTED)

    async def work(client: Any) -> Any:
        return await maybe(terminate(client))

    _drive_with(run, work, base_url=None, token=None)
    assert server.requests[0].headers["authorization"] == "Bearer from-env"


def test_explicit_arguments_win_over_the_environment(
    server: FaultServer, run: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOX_BASE_URL", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("BOX_TOKEN", "from-env")
    server.script(ACCEPTED)

    async def work(client: Any) -> Any:
        return await maybe(terminate(client))

    _drive_with(run, work, token="explicit")
    assert server.requests[0].headers["authorization"] == "Bearer explicit"


def test_without_the_variables_the_defaults_hold(monkeypatch: pytest.MonkeyPatch) -> None:
    from box_client import Client
    from box_client._client import DEFAULT_BASE_URL

    monkeypatch.delenv("BOX_BASE_URL", raising=False)
    monkeypatch.delenv("BOX_TOKEN", raising=False)
    client = Client()
    assert client.base_url == DEFAULT_BASE_URL and client._token is None


def test_debug_log_of_each_attempt(
    server: FaultServer, run: Any, monkeypatch: pytest.MonkeyPatch, clean_logger: logging.Logger,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setenv("BOX_LOG", "debug")
    host = server.url.removeprefix("http://")
    server.script(Respond(503, {}), ACCEPTED)
    root_handlers = list(logging.getLogger().handlers)

    async def work(client: Any) -> Any:
        return await maybe(terminate(client))

    with caplog.at_level(logging.DEBUG, logger="box_client"):
        _drive_with(run, work, base_url=f"http://user:hunter2@{host}", sleep=_no_sleep(run))
        level = clean_logger.level
    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"POST http://{host}/groups/terminate_sessions -> 503 (attempt 1, ")
    assert lines[1].startswith(f"POST http://{host}/groups/terminate_sessions -> 202 (attempt 2, ")
    assert all("hunter2" not in line for line in lines)
    added = [h for h in clean_logger.handlers if isinstance(h, logging.StreamHandler)]
    assert len(added) == 1 and level == logging.DEBUG
    assert logging.getLogger().handlers == root_handlers  # the application's logging is left alone


def _no_sleep(run: Any) -> Any:
    async def asleep(seconds: float) -> None:
        return None

    return (lambda seconds: None) if run.__name__ == "sync" else asleep


def test_no_base_url_anywhere_is_a_sdk_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from box_client import SdkError
    from box_client._environ import from_environment

    monkeypatch.delenv("BOX_BASE_URL", raising=False)
    with pytest.raises(SdkError, match="set BOX_BASE_URL"):
        from_environment(None, None, None)
    monkeypatch.setenv("BOX_BASE_URL", "")  # empty: as if unset
    assert from_environment(None, "tok", "https://default") == ("https://default", "tok")
