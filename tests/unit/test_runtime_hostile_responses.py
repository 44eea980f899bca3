"""The emitted runtime against hostile answers, over real HTTP on 127.0.0.1 (tests/fault_server.py).

Every failure is a ``SdkError`` with the original chained (deep JSON, broken
gzip, redirect loops); bodies read whole are bounded after decompression;
Retry-After is read as RFC 9110 has it; dot segments cannot be sent as path
parameters; a version with a newline leaves the User-Agent valid.
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip
import tracemalloc
import zlib
from collections.abc import Iterator
from types import ModuleType
from typing import Any, Callable

import httpx
import pytest

from fault_server import FaultServer, Respond, Waits

pytestmark = pytest.mark.usefixtures("generated_on_path")

JSON = {"Content-Type": "application/json"}
CLOCK = 1_700_000_000.0


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def make_and_call(mode: str, server: FaultServer, waits: Waits, **options: Any) -> Any:
    from box_client import AsyncClient, Client, RetryPolicy

    policy = RetryPolicy(rand=lambda: 0.0, clock=lambda: CLOCK)
    limit = options.pop("max_response_size", None)
    if mode == "sync":
        with Client(token="t", base_url=server.url, sleep=waits, retry_policy=policy, **options) as client:
            if limit is not None:
                client.max_response_size = limit
            return client.session_termination.terminate_groups_sessions(["1"])

    async def run() -> Any:
        async with AsyncClient(
            token="t", base_url=server.url, sleep=waits.asleep, retry_policy=policy, **options
        ) as client:
            if limit is not None:
                client.max_response_size = limit
            return await client.session_termination.terminate_groups_sessions(["1"])

    return asyncio.run(run())


# ------------------------------------------------------ one error hierarchy


def test_a_deeply_nested_body_is_a_response_validation_error(server: FaultServer, mode: str) -> None:
    from box_client import ResponseValidationError

    depth = 100_000
    server.script(Respond(202, b"[" * depth + b"]" * depth, JSON))
    with pytest.raises(ResponseValidationError, match="nested too deeply") as caught:
        make_and_call(mode, server, Waits())
    assert isinstance(caught.value.__cause__, RecursionError)


def test_a_deeply_nested_error_body_still_gives_the_api_error(server: FaultServer, mode: str) -> None:
    from box_client import BadRequestError

    depth = 100_000
    server.script(Respond(400, b"[" * depth + b"]" * depth, JSON))
    with pytest.raises(BadRequestError) as caught:
        make_and_call(mode, server, Waits())
    assert caught.value.body is None


def test_a_broken_gzip_body_is_a_sdk_error_and_not_retried(server: FaultServer, mode: str) -> None:
    from box_client import ApiConnectionError

    server.script(Respond(202, b"this is not gzip", {**JSON, "Content-Encoding": "gzip"}))
    with pytest.raises(ApiConnectionError, match="could not be decoded") as caught:
        make_and_call(mode, server, Waits())
    assert isinstance(caught.value.__cause__, httpx.DecodingError)
    assert len(server.requests) == 1


def test_a_redirect_loop_is_a_sdk_error(server: FaultServer, mode: str) -> None:
    from box_client import ApiConnectionError

    loop = Respond(302, b"", {"Location": "/groups/terminate_sessions"})
    server.script(*[loop] * 30)
    with pytest.raises(ApiConnectionError, match="too many redirects") as caught:
        make_and_call(mode, server, Waits())
    assert isinstance(caught.value.__cause__, httpx.TooManyRedirects)
    assert len(server.requests) == 21  # httpx's limit of 20 redirects, not retried


def test_an_unsupported_url_is_a_sdk_error(mode: str) -> None:
    from box_client import ApiConnectionError, AsyncClient, Client

    with pytest.raises(ApiConnectionError) as caught:
        if mode == "sync":
            with Client(token="t", base_url="ftp://127.0.0.1:9", max_retries=0) as client:
                client.session_termination.terminate_groups_sessions(["1"])
        else:
            async def run() -> None:
                async with AsyncClient(token="t", base_url="ftp://127.0.0.1:9", max_retries=0) as client:
                    await client.session_termination.terminate_groups_sessions(["1"])

            asyncio.run(run())
    assert isinstance(caught.value.__cause__, httpx.RequestError)


# ------------------------------------------------------- response size limit


# zlib's window bits for each encoding a bomb may come in: "deflate" is meant to be
# zlib-wrapped, but servers also send it raw, and the client must bound both.
ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS, "raw-deflate": -zlib.MAX_WBITS}


def bomb(decoded: int, encoding: str = "gzip") -> tuple[Iterator[bytes], int]:
    """A compressed body of ``decoded`` zero bytes, made of one compressed MiB repeated.

    A full flush after each MiB makes every block independent of the ones
    before, so the same bytes can be sent again: cheap to make, cheap to send.
    """
    mib = 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, ENCODINGS[encoding])
    head = compressor.compress(b"\0" * mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(b"\0" * mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush()  # the trailer's check is wrong: a client that gets that far has failed
    count = decoded // mib
    length = len(head) + len(block) * (count - 1) + len(tail)

    def chunks() -> Iterator[bytes]:
        yield head
        for _ in range(count - 1):
            yield block
        yield tail

    return chunks(), length


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_bomb_helper_decodes_to_its_size(encoding: str) -> None:
    body, length = bomb(4 * 1024 * 1024, encoding)
    pieces = list(body)
    assert sum(map(len, pieces)) == length
    # All but the trailer (whose check the bomb does not get right).
    inflated = zlib.decompressobj(ENCODINGS[encoding]).decompress(b"".join(pieces[:-1]))
    assert len(inflated) == 4 * 1024 * 1024


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_compression_bomb_stops_at_the_size_limit(server: FaultServer, mode: str, encoding: str) -> None:
    from box_client import ResponseTooLargeError, SdkError

    body, length = bomb(1024 * 1024 * 1024, encoding)  # about 1 MB on the wire, 1 GiB decoded
    wire = "deflate" if encoding == "raw-deflate" else encoding
    server.script(Respond(202, chunks=body, length=length, headers={**JSON, "Content-Encoding": wire}))
    tracemalloc.start()
    try:
        with pytest.raises(ResponseTooLargeError, match="larger than 2097152 bytes") as caught:
            make_and_call(mode, server, Waits(), max_response_size=2 * 1024 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(caught.value, SdkError)
    assert len(server.requests) == 1  # not retried
    # The limit, and no more than a few network reads (2 MiB and 64 KiB pieces).
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_compressed_body_under_the_limit_is_read(server: FaultServer, mode: str, encoding: str) -> None:
    compressor = zlib.compressobj(6, zlib.DEFLATED, ENCODINGS[encoding])
    payload = compressor.compress(b'{"message": "' + b"m" * 300_000 + b'"}') + compressor.flush()
    wire = "deflate" if encoding == "raw-deflate" else encoding
    server.script(Respond(202, payload, {**JSON, "Content-Encoding": wire}))
    assert len(make_and_call(mode, server, Waits()).message) == 300_000


def test_requests_ask_only_for_encodings_inflated_in_bounded_pieces(server: FaultServer) -> None:
    """httpx would also offer br and zstd when their decoders are installed, and inflate
    each network read of those whole."""
    server.script(Respond(202, {"message": "m"}))
    make_and_call("sync", server, Waits())
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


def test_the_default_limit_is_100_mb_and_a_body_under_it_is_read(server: FaultServer, mode: str) -> None:
    from box_client import Client

    assert Client.max_response_size == 100 * 1024 * 1024
    payload = gzip.compress(b'{"message": "' + b"a" * 100_000 + b'"}')
    server.script(Respond(202, payload, {**JSON, "Content-Encoding": "gzip"}))
    result = make_and_call(mode, server, Waits(), max_response_size=100_015)  # exactly the body
    assert len(result.message) == 100_000


def test_a_gzip_response_made_whole_by_a_mock_transport_is_read() -> None:
    from box_client._response import read_bounded

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=gzip.compress(b'{"a": 1}'), headers={"Content-Encoding": "gzip"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        response = client.send(client.build_request("GET", "http://mock/"), stream=True)
        read_bounded(response, 100)
    assert response.json() == {"a": 1}


# ----------------------------------------------------------------- Retry-After


def test_retry_after_accepts_only_rfc_digits_and_future_dates() -> None:
    from box_client import RetryPolicy

    policy = RetryPolicy(rand=lambda: 0.0, clock=lambda: CLOCK)
    backoff = policy.delay(0)
    for value in ["-5", "0", "nan", "inf", "1_0", "\u0661", "\uff13", "1e1", "+3", "3.5", "soon",
                  email.utils.formatdate(CLOCK - 30, usegmt=True), email.utils.formatdate(CLOCK, usegmt=True)]:
        assert policy.delay(0, value) == backoff, value
    assert policy.delay(0, "3") == 3.0
    assert policy.delay(0, email.utils.formatdate(CLOCK + 7, usegmt=True)) == 7.0
    assert policy.delay(0, "9" * 5000) is None  # past the cap: not waited for, and no int() error


@pytest.mark.parametrize("value", ["-5", "0", "nan", "1_0", "\u0661"])
def test_a_bad_retry_after_falls_back_to_backoff_over_http(server: FaultServer, mode: str, value: str) -> None:
    server.script(Respond(429, {"code": "too_many_requests"}, {"Retry-After": value}),
                  Respond(202, {"message": "ok"}))
    waits = Waits()
    assert make_and_call(mode, server, waits).message == "ok"
    assert waits.seconds == [0.5]


# ------------------------------------------------ sealed path, safe User-Agent

HOSTILE = """
openapi: 3.0.3
info:
  title: Hostile
  version: |
    1.0
paths:
  /items/{id}:
    get:
      operationId: getItem
      tags: [items]
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  name: {type: string}
"""


@pytest.fixture
def hostile(inline_client: Callable[[str], ModuleType]) -> ModuleType:
    return inline_client(HOSTILE, "hostile_client")


@pytest.mark.parametrize("value", [".", "..", "%2e", "%2E%2e", ".%2e", "%252e%252E", "%2e."])
def test_a_dot_segment_path_parameter_is_refused_before_sending(
    server: FaultServer, hostile: ModuleType, value: str
) -> None:
    server.script(Respond(200, {"name": "x"}))
    with hostile.Client(base_url=server.url) as client, pytest.raises(ValueError, match="dot segment"):
        client.items.get_item(value)
    assert server.requests == []


def test_dots_inside_a_segment_are_still_sent(server: FaultServer, hostile: ModuleType) -> None:
    server.script(Respond(200, {"name": "x"}), Respond(200, {"name": "y"}))
    with hostile.Client(base_url=server.url) as client:
        client.items.get_item("...")
        client.items.get_item("a..b")
    assert [r.path for r in server.requests] == ["/items/...", "/items/a..b"]


def test_an_api_version_with_a_newline_leaves_the_user_agent_valid(server: FaultServer, hostile: ModuleType) -> None:
    # The User-Agent names the package's version (the maintainer's, PEP 440), not info.version.
    server.script(Respond(200, {"name": "x"}))
    with hostile.Client(base_url=server.url) as client:
        assert client.items.get_item("1").name == "x"
    assert server.requests[0].headers["user-agent"].startswith("hostile_client/0.1.0 httpx/")
    assert hostile.API_VERSION == "1.0\n"
