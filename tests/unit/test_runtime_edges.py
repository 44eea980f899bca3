"""Edges of the emitted runtime (generator/runtime) that the mutation run found untested.

Each test names the mutants it kills: they survived the module's other tests, and the
test fails on each. These import the runtime modules in place (no package generated):
the ones here need nothing of a package's settings.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fault_server import FaultServer, Reset, Respond, Waits

from generator.runtime._values import IntEnum


class Size(IntEnum):
    SMALL = 1


def test_an_open_int_enum_keeps_unknown_integers_and_nothing_else() -> None:
    """Break: ``not isinstance(value, int) or isinstance(value, bool)`` made ``and``:
    ``"5"`` would become the member 5 and ``False`` the member 0."""
    assert Size(7) == 7 and str(Size(7)) == "7"
    for value in ("5", False, 2.5):
        with pytest.raises(ValueError):
            Size(value)


def test_an_api_error_lifts_the_fields_of_its_json_body() -> None:
    """Break: ``if not content: return None`` made ``if content``: every error's body
    would read as None, its code and message lost."""
    import httpx

    from generator.runtime._errors import ApiError, error_class_for_status

    request = httpx.Request("GET", "https://api.example.com/files/1")
    body = {"code": "not_found", "message": "no such file", "request_id": "r1"}
    error = error_class_for_status(404)(httpx.Response(404, json=body, request=request))
    assert isinstance(error, ApiError) and error.body == body
    assert (error.code, error.message, error.request_id) == ("not_found", "no such file", "r1")
    empty = ApiError(httpx.Response(500, content=b"", request=request))
    assert empty.body is None and empty.code is None


def test_each_scheme_puts_its_credential_where_it_says() -> None:
    """Breaks in ``_auth``: ``basic()``'s test inverted (``if not (... or ...)``: both
    parts given, no credentials), ``kind == "bearer"`` or ``kind == "basic"`` made ``!=``
    (the wrong header for every scheme, or the pair sent as its repr). The runtime's
    stand-in settings declare one scheme of each kind."""
    from generator.runtime._auth import apply, basic

    assert basic("u", "p") == ("u", "p") and basic("u", None) is None and basic(None, "p") is None
    credentials = {"basic": ("u", "p"), "header_key": "hk", "query_key": "qk"}
    for scheme, header, param in [
        ("bearer", ("Authorization", "Bearer tok"), None),
        ("basic", ("Authorization", "Basic dTpw"), None),
        ("header_key", ("X-Api-Key", "hk"), None),
        ("query_key", None, ("api_key", "qk")),
    ]:
        headers: dict[str, str] = {}
        params: dict[str, str] = {}
        apply((scheme,), credentials, "tok", headers, params)
        assert headers == dict([header] if header else []) and params == dict([param] if param else [])


def test_the_readme_figures_are_the_runtimes() -> None:
    """README: "408, 429, 500, 502, 503, 504 ... are retried" and "more than `max_pages=`
    pages (10,000 by default ...)". Breaks: a status of RETRY_STATUSES changed (504 →
    505), MAX_PAGES one more (10,001)."""
    from generator.runtime._pagination import MAX_PAGES
    from generator.runtime._retry import RETRY_STATUSES

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert "- **Retries**: 408, 429, 500, 502, 503, 504, connection failures" in readme
    assert RETRY_STATUSES == {408, 429, 500, 502, 503, 504}
    assert "pages (10,000 by default" in readme and MAX_PAGES == 10_000


def test_a_retry_after_of_zero_leaves_the_wait_to_backoff() -> None:
    """Break: ``wait if wait > 0 else None`` made ``> -1``: ``Retry-After: 0`` would mean
    retrying at once, where the policy says backoff decides."""
    from generator.runtime._retry import RetryPolicy

    policy = RetryPolicy(rand=lambda: 0.0)
    assert policy.delay(0, "0") == policy.delay(0) == 0.5
    assert policy.delay(0, "3") == 3.0


def test_a_link_cursor_keeps_a_repeated_parameter_whole() -> None:
    """Break: ``v if len(v) > 1 else v[0]`` with ``not``: a parameter the next link repeats
    (``?id=1&id=2``) would keep its first value only, and the others become lists."""
    from generator.runtime._pagination import Form, Step, Walk

    walk = Walk(Form(param="marker", items=None, link=True), max_pages=None)
    assert walk.query(Step(pages=1, cursor="id=1&id=2&marker=abc")) == {"id": ["1", "2"], "marker": "abc"}


def test_the_async_client_closes_the_pool_it_made_and_only_that(generated_on_path: Path) -> None:
    """Break: ``self._http_client is not None`` made ``is None`` in ``AsyncAPIClient.close``:
    the pool it made stays open, and closing a client that made none raises. Through the
    committed box_client (bench/mutation.py writes each runtime mutant there too)."""
    import asyncio

    import httpx
    from box_client import AsyncClient

    async def main() -> None:
        unused = AsyncClient(base_url="http://127.0.0.1:9")
        await unused.close()  # made no pool: nothing to close
        client = AsyncClient(base_url="http://127.0.0.1:9")
        pool = client._http
        await client.close()
        assert pool.is_closed and client._http_client is None
        theirs = httpx.AsyncClient()
        borrowed = AsyncClient(base_url="http://127.0.0.1:9", http_client=theirs)
        await borrowed.close()
        assert not theirs.is_closed  # the caller's pool is the caller's to close
        await theirs.aclose()

    asyncio.run(main())


def test_an_async_streamed_body_is_written_whole(tmp_path: Path) -> None:
    """Break: ``async for chunk in self.response.aiter_bytes(...)`` made ``in []`` in
    ``AsyncStreamedResponse.write_to``: an empty file, and 0 bytes said written."""
    import asyncio

    import httpx

    from generator.runtime._response import AsyncStreamedResponse

    body = bytes(range(256)) * 1000
    response = AsyncStreamedResponse(httpx.Response(200, content=body))
    assert asyncio.run(response.write_to(tmp_path / "out.bin", chunk_size=4096)) == len(body)
    assert (tmp_path / "out.bin").read_bytes() == body


# What the tests' clients share: no retries, no servers, no credentials but a token
_CLIENT: dict[str, Any] = dict(
    base_url="https://api.example.com",
    credentials=None,
    timeout=5.0,
    max_retries=0,
    retry_policy=None,
    headers=None,
    servers=None,
)


def _client(handler: object) -> object:
    """A client of the runtime in place, over httpx's mock transport (no server)."""
    import httpx

    from generator.runtime._base_client import SyncAPIClient

    return SyncAPIClient(
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),  # type: ignore[arg-type]
        sleep=lambda _: None,
        token=None,
        **_CLIENT,
    )


def test_a_json_body_says_it_is_json_unless_the_operation_names_its_type() -> None:
    """README: "JSON, `application/*+json` ... bodies: encoded accordingly". Break
    (``_request:113``): ``options.content_type or "application/json"`` made ``and``: a JSON
    body sent with no Content-Type, and a declared ``application/merge-patch+json`` sent
    as plain JSON."""
    import httpx

    from generator.runtime._request import RequestOptions

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(204)

    client = _client(handler)
    client.request(RequestOptions("POST", "/a", type(None), json_body={"n": 1}))  # type: ignore[attr-defined]
    patch = "application/merge-patch+json"
    client.request(RequestOptions("PATCH", "/a", type(None), json_body={"n": 2}, content_type=patch))  # type: ignore[attr-defined]
    assert [(r.headers.get("content-type"), r.content) for r in sent] == [
        ("application/json", b'{"n": 1}'),
        (patch, b'{"n": 2}'),
    ]


def test_a_304_is_none_where_the_method_admits_it() -> None:
    """README: "Not Modified: an operation that declares a 304 returns `None` for it."
    Break (``_request:255``): ``status == 304`` made ``305``: the empty body of a 304 read
    as JSON, a ResponseValidationError."""
    import httpx

    from generator.runtime._request import parse_response

    request = httpx.Request("GET", "https://api.example.com/files/1")
    not_modified = httpx.Response(304, content=b"", request=request)
    assert parse_response(not_modified, dict[str, int] | None, None) is None
    ok = httpx.Response(200, json={"n": 1}, request=request)
    assert parse_response(ok, dict[str, int] | None, None) == {"n": 1}


def test_a_string_response_is_decoded_from_json_and_taken_whole_otherwise() -> None:
    """Break (``_request:442``): ``media_type == "application/json" or ...endswith("+json")``
    made ``and``: a JSON string returned with its quotes and escapes (``'"a\\u00e9"'``)."""
    import httpx

    from generator.runtime._request import parse_response

    request = httpx.Request("GET", "https://api.example.com/name")
    for media_type in ("application/json", "application/problem+json; charset=utf-8"):
        body = httpx.Response(200, content=b'"a\\u00e9"', headers={"content-type": media_type}, request=request)
        assert parse_response(body, str, None) == "a\u00e9"
    text = httpx.Response(200, content=b'"a"', headers={"content-type": "text/plain"}, request=request)
    assert parse_response(text, str, None) == '"a"'


def _models() -> tuple[type, type, type]:
    """Models made with their types as objects (this file's annotations are strings,
    which the runtime does not look up)."""
    import dataclasses
    from typing import Literal

    from generator.runtime._serde import UNSET, Model, Unset

    cat = dataclasses.make_dataclass("Cat", [("kind", str), ("lives", int)], bases=(Model,))
    dog = dataclasses.make_dataclass(
        "Dog", [("kind", str), ("bark", str), ("legs", int | Unset, dataclasses.field(default=UNSET))], bases=(Model,)
    )
    rock = dataclasses.make_dataclass("Rock", [("weight", float), ("shape", Literal["round"] | Unset, UNSET)], bases=(Model,))
    return cat, dog, rock


def test_a_drifted_tuple_keeps_its_items_that_fit() -> None:
    """README: "a success response that does not match the description still returns".
    Break (``_lenient:90``): ``origin is tuple`` made ``is not``: a drifted tuple kept
    whole as the list received, its good items not decoded, the drift reported at the
    tuple instead of the item."""
    from generator.runtime._lenient import lenient

    found: list[tuple[str | int, ...]] = []
    assert lenient(tuple[int, str], ["x", "y"], ("where",), found) == ("x", "y")
    assert found == [("where", 0)]


def test_a_drifted_object_of_a_discriminated_union_is_the_option_its_tag_names() -> None:
    """Break (``_lenient:170``): ``if isinstance(tag, str)`` negated: the tag ignored when
    the object drifted, and the option declaring most of its properties (Dog) taken
    instead of the one the tag names (Cat)."""
    from typing import Annotated

    from generator.runtime._lenient import lenient
    from generator.runtime._serde import Discriminator

    cat, dog, _ = _models()
    animal = Annotated[cat | dog, Discriminator("kind", {"cat": "Cat", "dog": "Dog"})]  # type: ignore[valid-type]
    found: list[tuple[str | int, ...]] = []
    value = lenient(animal, {"kind": "cat", "lives": "nine", "bark": "w", "legs": 4}, (), found)
    assert type(value) is cat and value.lives == "nine" and found == [("lives",)]


def test_an_object_no_model_of_a_union_fits_is_its_map_option() -> None:
    """README: "... options that are not models count as declaring none". Break
    (``_unions:144``): ``if others:`` negated: the union's options that are not models
    never tried for an object, which then fits none."""
    from typing import Any

    from generator.runtime._serde import decode

    _, _, rock = _models()
    assert decode(rock | dict[str, Any], {"colour": "grey"}) == {"colour": "grey"}
    assert type(decode(rock | dict[str, Any], {"weight": 2})) is rock


def test_a_tuple_has_exactly_its_items() -> None:
    """Break (``_serde:338``): ``len(value) != len(converters)`` made ``==``: every
    tuple of the right length refused, and a short one silently cut."""
    from generator.runtime._serde import DecodeError, decode

    assert decode(tuple[int, str], [1, "a"]) == (1, "a")
    for wrong in ([1], [1, "a", 2]):
        with pytest.raises(DecodeError, match="expected 2 items"):
            decode(tuple[int, str], wrong)


def test_a_header_not_given_is_not_sent() -> None:
    """Break (``_request:389``): ``v is not None and v is not UNSET`` made ``or``: an
    optional header parameter left out (UNSET) or None sent anyway, as its text."""
    from generator.runtime._request import RequestOptions
    from generator.runtime._serde import UNSET

    headers = {"X-Unset": UNSET, "X-None": None, "X-Given": 5}
    options = RequestOptions("GET", "/a", type(None), headers=headers, accept="application/json")
    assert options.header_values() == {"Accept": "application/json", "X-Given": "5"}


# ---------------------------------------------------------------- client credentials


def _credentials(now: list[float]) -> Any:
    from generator.runtime._auth import ClientCredentials

    return ClientCredentials("id", "secret", token_url="https://auth.example.com/token", clock=lambda: now[0])


def _answer(body: dict[str, object]) -> Any:
    import httpx

    return httpx.Response(200, json=body, request=httpx.Request("POST", "https://auth.example.com/token"))


def test_a_token_is_reused_until_thirty_seconds_before_it_expires() -> None:
    """Breaks: ``self._expires_at - 30`` made ``- 31`` in ``ClientCredentials.cached`` (a
    token with 30.5 s left fetched again, a second early), ``<`` made ``<=`` (one with
    exactly 30 s left still used)."""
    now = [0.0]
    source = _credentials(now)
    assert source.accept(_answer({"access_token": "t", "expires_in": 100})) == "t"
    now[0] = 69.5  # 30.5 s left
    assert source.cached() == "t"
    now[0] = 70.0  # exactly 30 s left: fetched again (the margin is strict)
    assert source.cached() is None


@pytest.mark.parametrize("expires_in", ["100", True])
def test_an_expires_in_that_is_not_a_number_means_an_hour(expires_in: object) -> None:
    """Break: ``isinstance(expires_in, bool) or not isinstance(expires_in, (int, float))`` made
    ``and``: ``"100"`` would be read as 100 s and ``true`` as 1 s, not the hour an absent
    ``expires_in`` means; that hour one second more or less (``3601.0``, ``3599.0``)."""
    now = [0.0]
    source = _credentials(now)
    source.accept(_answer({"access_token": "t", "expires_in": expires_in}))
    now[0] = 3600 - 30.5
    assert source.cached() == "t"
    now[0] = 3600 - 29.5
    assert source.cached() is None


def test_an_expires_in_of_zero_is_a_token_for_this_request_only() -> None:
    """Break: ``lifetime < 0`` made ``<= 0``: a token the server says expires now would be
    refused with a ``TokenError`` instead of used for the request that asked for it."""
    source = _credentials([0.0])
    assert source.accept(_answer({"access_token": "t", "expires_in": 0})) == "t"
    assert source.cached() is None


@pytest.mark.usefixtures("generated_on_path")
@pytest.mark.parametrize("failure", ["503", "reset"])
def test_the_token_endpoint_is_retried_as_often_as_any_request_and_the_log_counts_retries(
    server: FaultServer, caplog: pytest.LogCaptureFixture, failure: str
) -> None:
    """Breaks in ``_cycle._fetch_token``: ``retry += 1`` made ``+= 2`` after a retryable
    status or a transport failure (two of them would exhaust ``max_retries=2``), and
    ``retry + 1`` made ``retry + 0`` in the "retrying ... (retry n of m)" log line."""
    import logging

    from box_client import Client, ClientCredentials

    credentials = ClientCredentials("id", "secret", token_url=f"{server.url}/oauth2/token")
    fail = Respond(503) if failure == "503" else Reset()
    server.script(
        fail, fail, Respond(200, {"access_token": "t", "expires_in": 3600}),
        Respond(202, {"message": "ok"}),
    )
    caplog.set_level(logging.INFO, logger="box_client")
    with Client(token=credentials, base_url=server.url, sleep=Waits(), max_retries=2) as client:
        assert client.session_termination.terminate_groups_sessions(["1"]).message == "ok"
    assert [r.path for r in server.requests] == ["/oauth2/token"] * 3 + ["/groups/terminate_sessions"]
    retries = [r.getMessage() for r in caplog.records if r.getMessage().startswith("retrying")]
    assert len(retries) == 2
    assert "(retry 1 of 2)" in retries[0] and "(retry 2 of 2)" in retries[1]


@pytest.mark.usefixtures("generated_on_path")
def test_a_failed_attempt_is_logged_with_its_number(server: FaultServer, caplog: pytest.LogCaptureFixture) -> None:
    """Breaks: ``log_attempt(request, exc, retry + 1, started)`` made ``retry - 1`` for an
    attempt that failed in transport (the DEBUG line would say "attempt -1"), and
    ``time.monotonic() - started`` made ``+`` in ``log_attempt`` (a time of hours)."""
    import logging

    from box_client import Client

    server.script(Reset(), Respond(202, {"message": "ok"}))
    caplog.set_level(logging.DEBUG, logger="box_client")
    with Client(token="t", base_url=server.url, sleep=Waits()) as client:
        client.session_termination.terminate_groups_sessions(["1"])
    attempts = [r.getMessage() for r in caplog.records if "(attempt " in r.getMessage()]
    assert len(attempts) == 2, attempts
    assert "(attempt 1," in attempts[0] and "(attempt 2," in attempts[1], attempts
    # each line's time is that attempt's: seconds since it started, not a clock's sum
    assert all(0 <= float(line.rsplit(", ", 1)[1].rstrip("s)")) < 60 for line in attempts), attempts


# ---------------------------------------------------------------- origins, errors, defaults


@pytest.mark.parametrize(
    "base, same, other",
    [
        ("https://api.example.com", "https://api.example.com:443/y", "https://api.example.com:444/x"),
        ("https://api.example.com", "https://api.example.com:443/y", "https://api.example.com:442/x"),
        ("http://api.example.com", "http://api.example.com:80/y", "http://api.example.com:81/x"),
        ("http://api.example.com", "http://api.example.com:80/y", "http://api.example.com:79/x"),
    ],
)
def test_a_redirect_to_another_port_of_the_same_host_is_refused(
    generated_on_path: Path, base: str, same: str, other: str
) -> None:
    """Breaks: a default port in ``_origin``'s ``{"http": 80, "https": 443}`` one more or
    less: a redirect from ``https://host/`` to ``https://host:444/`` would count as the
    same origin, and the bearer token go to whatever listens there. A redirect to the
    default port written out (``:443``) is the same origin and still followed."""
    import httpx
    from box_client import Client, CrossOriginRedirectError

    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("Authorization")))
        if request.url.path == "/groups/terminate_sessions":
            target = other if "elsewhere" in request.url.query.decode() else same
            return httpx.Response(307, headers={"Location": target})
        return httpx.Response(202, json={"message": "ok"})

    with Client(token="t", base_url=base, http_client=httpx.Client(transport=httpx.MockTransport(handler))) as client:
        assert client.session_termination.terminate_groups_sessions(["1"]).message == "ok"
        assert seen[-1] == (f"{base}/y", "Bearer t")
        seen.clear()
        with pytest.raises(CrossOriginRedirectError):
            client.session_termination.terminate_groups_sessions(["1"], extra_query={"elsewhere": "1"})
    assert len(seen) == 1  # nothing sent to the other port


def test_only_a_5xx_status_is_an_internal_server_error() -> None:
    """Break: ``status >= 500`` made ``>= 499`` in ``error_class_for_status``: nginx's 499
    (client closed the request) would read as the server's fault."""
    from generator.runtime._errors import (
        ApiError,
        InternalServerError,
        error_class_for_status,
    )

    assert error_class_for_status(499) is ApiError
    assert error_class_for_status(500) is InternalServerError and error_class_for_status(599) is InternalServerError


def test_not_ready_shows_the_first_forty_characters_of_retry_after() -> None:
    """Break: ``retry_after[:40]`` made ``[:39]`` in ``NotReadyError``: the message would
    cut a 40-character header short (a longer, hostile one is still cut at 40)."""
    from generator.runtime._errors import NotReadyError

    exact = NotReadyError(method="GET", url="https://x/f", retry_after="9" * 40, retries=2)
    assert f"Retry-After: {'9' * 40!r})" in str(exact)
    longer = NotReadyError(method="GET", url="https://x/f", retry_after="9" * 41, retries=2)
    assert f"Retry-After: {'9' * 40!r})" in str(longer)


@pytest.mark.usefixtures("generated_on_path")
def test_an_async_stream_is_not_read_whole_before_it_is_handed_over(server: FaultServer) -> None:
    """Break: ``stream=True`` made ``False`` in ``AsyncAPIClient.stream``: the download would
    be read whole (and bounded by ``max_response_size``) before the caller sees a byte."""
    import asyncio

    from box_client import AsyncClient

    server.script(Respond(200, chunks=iter([b"a" * 1000] * 5), length=5000))

    async def run() -> int:
        async with AsyncClient(token="t", base_url=server.url) as client:
            client.max_response_size = 1000
            stream = await client.downloads.stream_download_file("123")
            async with stream:
                return sum([len(c) async for c in stream.iter_bytes(1000)])

    assert asyncio.run(run()) == 5000


# ---------------------------------------------------------------- bodies read whole


def test_a_with_headers_result_is_frozen() -> None:
    """Break: ``@dataclasses.dataclass(frozen=True)`` made ``frozen=False`` on ``WithHeaders``:
    a result a caller may share or cache could be changed in place."""
    import dataclasses

    from generator.runtime._response import WithHeaders

    result = WithHeaders(body={"id": "1"}, headers=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.body = {}  # type: ignore[misc]
    assert result == WithHeaders(body={"id": "1"}, headers=None)


@pytest.mark.parametrize("status, whole", [(299, False), (300, True)])
def test_a_stream_reads_only_redirects_and_errors_whole(generated_on_path: Path, status: int, whole: bool) -> None:
    """Breaks: ``status >= 300`` made ``> 300``, ``>= 301`` or ``>= 299`` in ``not_content``: a
    300 would be handed over unread (its size unchecked), or a 2xx read whole before the
    caller sees a byte, and so bounded by ``max_response_size``."""
    import httpx
    from box_client import Client, ResponseTooLargeError

    body = b"x" * 5000
    transport = httpx.MockTransport(lambda _: httpx.Response(status, content=body))
    with Client(token="t", http_client=httpx.Client(transport=transport)) as client:
        client.max_response_size = 1000
        if whole:
            with pytest.raises(ResponseTooLargeError):
                client.downloads.stream_download_file("123")
        else:
            with client.downloads.stream_download_file("123") as stream:
                assert b"".join(stream.iter_bytes(1000)) == body


@pytest.mark.usefixtures("generated_on_path")
@pytest.mark.parametrize("encoding", ["gzip", "x-gzip"])
def test_a_gzip_body_is_inflated_under_either_name(server: FaultServer, encoding: str) -> None:
    """Breaks in ``_WINDOW_BITS``: ``16 + zlib.MAX_WBITS`` made ``16 - zlib.MAX_WBITS`` for
    ``gzip`` or ``x-gzip`` (not a window size: every such body a ``DecodingError``).
    Over real HTTP: a body httpx hands over whole is not inflated here."""
    import gzip

    from box_client import Client

    message = "".join(chr(0x61 + (i * 7919) % 26) for i in range(200_000))
    payload = json.dumps({"message": message}).encode()
    headers = {"Content-Type": "application/json", "Content-Encoding": encoding}
    server.script(Respond(202, gzip.compress(payload, 9), headers))
    with Client(token="t", base_url=server.url) as client:
        assert client.session_termination.terminate_groups_sessions(["1"]).message == message


# ---------------------------------------------------------------- request bodies


def _encoded(**fields: Any) -> Any:
    from contextlib import ExitStack

    from generator.runtime._request import RequestOptions, encode_body

    with ExitStack() as opened:
        return encode_body(RequestOptions(method="POST", path="/x", cast_to=object, **fields), opened, {})


def test_a_form_body_sends_each_list_item_and_leaves_out_what_is_not_given() -> None:
    """Breaks in ``encode_body``'s form branch: the list test negated (a string sent letter
    by letter, a list as its repr), ``item is not None and item is not UNSET`` with ``or``
    or either test inverted ("None" sent, or nothing), the default Content-Type lost
    (``options.content_type and _FORM``)."""
    from generator.runtime._values import UNSET

    body = _encoded(form_body={"grant_type": "refresh", "scope": ["a", "b"], "skip": None, "unset": UNSET})
    assert body.content == b"grant_type=refresh&scope=a&scope=b"
    assert body.content_type == "application/x-www-form-urlencoded"
    assert _encoded(form_body={"x": "1"}, content_type="application/x-www-form-urlencoded; charset=utf-8").content_type == (
        "application/x-www-form-urlencoded; charset=utf-8"
    )


def test_a_multipart_body_leaves_out_parts_not_given() -> None:
    """Break: ``value is not None and value is not UNSET`` made ``or`` in the multipart
    branch: a part not given would be sent (as ``None``) or fail to encode."""
    from generator.runtime._values import UNSET

    body = _encoded(multipart=[("name", "report.pdf"), ("parent", None), ("other", UNSET)])
    assert [name for name, _ in body.files] == ["name"]


def test_raw_content_is_an_octet_stream_unless_the_operation_names_its_type() -> None:
    """Break: ``options.content_type or _OCTET_STREAM`` made ``and``: raw bytes sent with no
    Content-Type, and a named type replaced by octet-stream."""
    assert _encoded(content=b"\x00\x01").content_type == "application/octet-stream"
    assert _encoded(content=b"<a/>", content_type="application/xml").content_type == "application/xml"


def test_a_json_body_refuses_nan() -> None:
    """Breaks: ``allow_nan=False`` made ``True`` (a JSON body, a JSON part): ``NaN`` (not JSON) would be sent, for the
    server to refuse or misread, instead of failing before anything is sent."""
    with pytest.raises(ValueError):
        _encoded(json_body={"ratio": float("nan")})
    with pytest.raises(ValueError):  # nor in a multipart JSON part (``_part``)
        _encoded(multipart=[("attributes", {"ratio": float("nan")})])


def test_accept_is_sent_only_when_the_operation_names_a_type() -> None:
    """Break: ``{"Accept": self.accept} if self.accept else {}`` negated: the Accept header
    lost where the operation names a type, and sent empty where it names none."""
    from generator.runtime._request import RequestOptions

    assert RequestOptions(method="GET", path="/x", cast_to=object, accept="application/json").header_values() == {
        "Accept": "application/json"
    }
    assert RequestOptions(method="GET", path="/x", cast_to=object).header_values() == {}


class _NoSeek:
    def read(self, size: int = -1) -> bytes:
        return b""


class _SeekFails(_NoSeek):
    def seekable(self) -> bool:
        raise OSError("a pipe")


def test_a_body_that_cannot_be_rewound_is_marked_so_whatever_the_failure() -> None:
    """Breaks: each of ``except (AttributeError, OSError, ValueError)`` in ``_rewind`` made to
    catch nothing: a file-like body without ``seekable``, one whose ``seekable`` fails, or a
    closed one would raise out of the call instead of being sent once, never retried."""
    import io

    closed = io.BytesIO(b"x")
    closed.close()
    for content in (_NoSeek(), _SeekFails(), closed):
        assert _encoded(content=content).rewindable is False
    assert _encoded(content=io.BytesIO(b"x")).rewindable is True


# ---------------------------------------------------------------- 64 KiB pieces


_SIZES = [64 * 1024] * 4 + [4]
_BODY = bytes(range(256)) * 1024 + b"tail"  # 256 KiB and 4 bytes


def test_an_upload_from_a_file_is_read_in_64_kib_chunks(tmp_path: Path) -> None:
    """README: "a file or path is sent in 64 KiB chunks". Breaks: ``_CHUNK = 64 * 1024``
    one more or less on either side (63 or 65 KiB, 1023 or 1025 bytes a KiB)."""
    import io
    from contextlib import ExitStack

    from generator.runtime._request import RequestOptions, encode_body

    path = tmp_path / "upload.bin"
    path.write_bytes(_BODY)
    for content in (io.BytesIO(_BODY), path):
        with ExitStack() as opened:
            options = RequestOptions(method="POST", path="/x", cast_to=object, content=content)
            chunks = list(encode_body(options, opened, {}).content)
        assert [len(c) for c in chunks] == _SIZES and b"".join(chunks) == _BODY


def test_a_compressed_body_is_inflated_in_64_kib_pieces() -> None:
    """README: "it is read and inflated in pieces of 64 KiB". Breaks: ``_PIECE = 64 * 1024``
    one more or less on either side: a gzip bomb's pieces would be another size."""
    import gzip

    import httpx

    from generator.runtime._response import _Body

    pieces: list[int] = []

    class Counted(_Body):
        def _count(self, piece: bytes) -> None:
            pieces.append(len(piece))
            super()._count(piece)

    compressed = gzip.compress(_BODY)
    response = httpx.Response(200, headers={"Content-Encoding": "gzip"}, stream=httpx.ByteStream(compressed))
    Counted(response, 10 * len(_BODY)).add(compressed)
    assert [p for p in pieces if p] == _SIZES


def test_a_stream_yields_64_kib_chunks_and_shows_its_status_and_headers() -> None:
    """Breaks: the default ``chunk_size=64 * 1024`` of ``iter_bytes`` one more or less in
    ``StreamedResponse``, ``AsyncStreamedResponse`` and ``_raw``'s two streamed responses;
    ``@property`` removed from ``_Streamed.headers`` (a method where a mapping is read)."""
    import asyncio

    import httpx

    from generator.runtime._raw import AsyncStreamedAPIResponse, StreamedAPIResponse
    from generator.runtime._request import RequestOptions
    from generator.runtime._response import AsyncStreamedResponse, StreamedResponse

    def response() -> httpx.Response:
        return httpx.Response(200, headers={"X-Part": "1"}, content=_BODY)

    async def collect(chunks: Any) -> list[bytes]:
        return [c async for c in chunks]

    options = RequestOptions(method="GET", path="/x", cast_to=bytes)
    streamed = StreamedResponse(response())
    assert streamed.status_code == 200 and streamed.headers["X-Part"] == "1"
    for chunks in (
        list(streamed.iter_bytes()),
        asyncio.run(collect(AsyncStreamedResponse(response()).iter_bytes())),
        list(StreamedAPIResponse(response(), options, False, len(_BODY)).iter_bytes()),
        asyncio.run(collect(AsyncStreamedAPIResponse(response(), options, False, len(_BODY)).iter_bytes())),
    ):
        assert [len(c) for c in chunks] == _SIZES


class _Writes:
    def __init__(self) -> None:
        self.sizes: list[int] = []

    def write(self, data: bytes) -> int:
        self.sizes.append(len(data))
        return len(data)


def test_a_stream_is_written_in_64_kib_chunks_and_counted(tmp_path: Path) -> None:
    """Breaks: the default ``chunk_size=64 * 1024`` of ``write_to`` one more or less (or
    ``64 / 1024``) on either client, ``written = 0`` made 1 or -1, and the path test
    negated in the async ``write_to`` (a path written to as if it were a file)."""
    import asyncio

    import httpx

    from generator.runtime._response import AsyncStreamedResponse, StreamedResponse

    sync_target, async_target = _Writes(), _Writes()
    assert StreamedResponse(httpx.Response(200, content=_BODY)).write_to(sync_target) == len(_BODY)
    written = asyncio.run(AsyncStreamedResponse(httpx.Response(200, content=_BODY)).write_to(async_target))
    assert written == len(_BODY)
    assert sync_target.sizes == async_target.sizes == _SIZES
    path = tmp_path / "body.bin"
    assert asyncio.run(AsyncStreamedResponse(httpx.Response(200, content=_BODY)).write_to(str(path))) == len(_BODY)
    assert path.read_bytes() == _BODY


# ---------------------------------------------------------------- parameter styles


def test_a_matrix_array_is_one_pair_unless_exploded() -> None:
    """Break: ``self.explode and kind == "array"`` made ``or`` in ``Styled.path``: an
    unexploded matrix array (``;id=a,b``) would be sent as ``;id=a;id=b``."""
    from generator.runtime._request import Styled

    assert Styled("matrix", False, ["a", "b"]).path("id") == ";id=a,b"
    assert Styled("matrix", True, ["a", "b"]).path("id") == ";id=a;id=b"
    assert Styled("matrix", True, "v").path("id") == ";id=v"


def test_a_styled_parameter_not_given_is_left_out() -> None:
    """Break: ``value is None or value is UNSET`` made ``and`` in ``styled``: an optional
    styled parameter not given would be sent as the text ``None``."""
    from generator.runtime._request import RequestOptions, styled
    from generator.runtime._values import UNSET

    assert styled(None, "form", False) is None and styled(UNSET, "form", False) is None
    query = {"fields": styled(None, "form", False), "sort": styled(["a", "b"], "form", False)}
    url = RequestOptions(method="GET", path="/x", cast_to=object, query=query).url("https://api.example.com")
    assert str(url) == "https://api.example.com/x?sort=a%2Cb"


def test_a_declared_header_is_read_as_its_kind() -> None:
    """Breaks in ``_header_value``: ``kind[5:]`` made ``[6:]`` or ``[4:]`` (a ``list:int``
    header's items left as text), ``kind == "float"`` negated or made ``!=`` (a float header
    left as text, a bool one read as a float)."""
    from generator.runtime._request import _header_value

    assert _header_value("1, 2", "list:int") == [1, 2]
    assert _header_value("1.5", "float") == 1.5
    assert _header_value("TRUE", "bool") is True and _header_value("7", "int") == 7
    assert _header_value("soon", "int") == "soon"


@pytest.mark.usefixtures("generated_on_path")
def test_raw_deflate_is_tolerated_only_under_the_deflate_name(server: FaultServer) -> None:
    """Break: ``self.raw_deflate_tried or self.size or self.chunks`` made
    ``self.raw_deflate_tried and self.size or self.chunks`` in ``_Body._inflate``: a body
    labelled gzip that is raw deflate would be inflated as such, not refused as the
    broken gzip it is. Under "deflate" (which servers do send raw) it is read."""
    import zlib

    from box_client import ApiConnectionError, Client

    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    raw = packer.compress(json.dumps({"message": "ok"}).encode()) + packer.flush()
    server.script(
        *(Respond(202, raw, {"Content-Type": "application/json", "Content-Encoding": e}) for e in ("deflate", "gzip"))
    )
    with Client(token="t", base_url=server.url, max_retries=0) as client:
        assert client.session_termination.terminate_groups_sessions(["1"]).message == "ok"
        with pytest.raises(ApiConnectionError, match="could not be decoded"):
            client.session_termination.terminate_groups_sessions(["1"])


def test_fields_the_api_did_not_declare_are_neither_shown_nor_compared() -> None:
    """Breaks: ``repr=False`` or ``compare=False`` made ``True`` on ``Model.extra_fields``: a
    field the server added (a token, an email) would show in ``repr()`` and logs, and two
    answers that differ only in what the API does not declare would compare unequal."""
    import dataclasses

    from generator.runtime._serde import Model

    @dataclasses.dataclass
    class Folder(Model):
        id: str

    first = Folder(id="1", extra_fields={"shared_link_password": "hunter2"})
    assert "hunter2" not in repr(first) and repr(first).endswith("Folder(id='1')")
    assert first == Folder(id="1") and first != Folder(id="2")


def test_only_a_bool_header_is_read_as_a_bool_and_only_an_error_status_raises() -> None:
    """Breaks: ``kind == "bool" and text.lower() in (...)`` made ``or`` in ``_header_value``
    (a string header saying "true" read as ``True``); ``status < 400`` made ``< 399`` in
    ``raise_for_status`` (a 399 an error)."""
    import httpx

    from generator.runtime._request import _header_value, raise_for_status

    assert _header_value("true", "str") == "true" and _header_value("false", "bool") is False
    from generator.runtime._errors import BadRequestError

    raise_for_status(httpx.Response(399), None)
    with pytest.raises(BadRequestError):
        raise_for_status(httpx.Response(400, request=httpx.Request("GET", "https://api.example.com/x")), None)


def test_a_models_field_keeps_its_discriminator() -> None:
    """Break: ``include_extras=True`` made ``False`` in ``_Codec``: a field's ``Annotated``
    discriminator dropped, so an object that fits both options (its tag "dog", with a
    cat's ``lives`` too) would decode as the first option, Cat, not the Dog its tag names."""
    import dataclasses
    from typing import Annotated

    from generator.runtime._serde import Discriminator, Model

    cat, dog, _ = _models()
    animal = Annotated[cat | dog, Discriminator("kind", {"cat": "Cat", "dog": "Dog"})]  # type: ignore[valid-type]
    pet = dataclasses.make_dataclass("Pet", [("animal", animal)], bases=(Model,))
    assert type(pet.from_dict({"animal": {"kind": "dog", "lives": 1, "bark": "w"}}).animal) is dog


def test_an_enum_encodes_as_its_plain_value_and_a_union_without_null_refuses_it() -> None:
    """Breaks in ``_serde``: the enum encoder's ``isinstance(value, enum.Enum)`` negated (a
    member sent as the member, a plain value given for it an ``AttributeError``);
    ``len(options) < len(args)`` made ``<=`` in ``_union`` (``null`` accepted where neither
    ``None`` nor ``Unset`` is an option)."""
    from generator.runtime._serde import DecodeError, decode, encode
    from generator.runtime._values import StrEnum

    class Colour(StrEnum):
        RED = "red"

    assert type(encode(Colour, Colour.RED)) is str and encode(Colour, Colour.RED) == "red"
    assert encode(Colour, "red") == "red"
    assert decode(int | str, 3) == 3
    with pytest.raises(DecodeError, match="null is not allowed"):
        decode(int | str, None)


@pytest.mark.parametrize("count, tail", [(5, ""), (6, " and 1 more"), (7, " and 2 more")])
def test_a_drift_warning_names_five_places_then_how_many_more(
    caplog: pytest.LogCaptureFixture, count: int, tail: str
) -> None:
    """Breaks: ``more > 0`` made ``> 1`` (one place more left unsaid), ``> -1`` or ``>= 0``
    (" and 0 more" when there are none) in ``Drift.report``."""
    import logging

    from generator.runtime._lenient import Drift

    drift = Drift("GET", "/files/{id}")
    drift.paths.extend((f"f{n}",) for n in range(count))
    with caplog.at_level(logging.WARNING):
        drift.report()
    (message,) = [r.getMessage() for r in caplog.records]
    assert f"['f4']{tail}; kept as received" in message


# ---------------------------------------------------------------- pages


def test_a_link_cursor_keeps_a_parameter_with_an_empty_value() -> None:
    """Break: ``keep_blank_values=True`` made ``False``: a next link's ``filter=`` (empty, but
    part of the query the server asked for) would be dropped from the next request."""
    from generator.runtime._pagination import Form, Step, Walk

    walk = Walk(Form(param="marker", items=None, link=True), max_pages=None)
    assert walk.query(Step(pages=1, cursor="marker=abc&filter=")) == {"marker": "abc", "filter": ""}


def test_the_cursor_is_the_last_entrys_and_a_bad_page_is_named_by_its_number() -> None:
    """Breaks: ``entries[-1]`` made ``entries[+1]`` (the second entry's id as the cursor,
    so the walk goes back); ``step.pages + 1`` made ``+ 2``, ``+ 0`` or ``- 1`` in the
    error for a page that cannot be paged on (the wrong page named)."""
    from types import SimpleNamespace

    import httpx

    from generator.runtime._errors import ResponseValidationError
    from generator.runtime._pagination import Form, Step, Walk

    walk = Walk(Form(param="after", items="entries", last="id"), max_pages=None)
    response = httpx.Response(200, request=httpx.Request("GET", "https://api.example.com/items"))
    page = SimpleNamespace(entries=[SimpleNamespace(id=n) for n in ("a", "b", "c")])
    entries, step = walk.read(Step(pages=2), page, response)
    assert len(entries) == 3 and step == Step(pages=3, offset=3, cursor="c")
    with pytest.raises(ResponseValidationError, match=r"^page 3 cannot be paged on"):
        walk.read(Step(pages=2), SimpleNamespace(entries="not a list"), response)


# ---------------------------------------------------------------- the sync client


def test_the_sync_client_closes_the_pool_it_made_and_only_that(generated_on_path: Path) -> None:
    """Break: ``http_client is None`` made ``is not None`` in ``SyncAPIClient.__init__``: the
    caller's pool closed under them, and the one the client made left open."""
    import httpx
    from box_client import Client

    client = Client(base_url="http://127.0.0.1:9")
    pool = client._http
    client.close()
    assert pool.is_closed
    theirs = httpx.Client()
    Client(base_url="http://127.0.0.1:9", http_client=theirs).close()
    assert not theirs.is_closed
    theirs.close()


@pytest.mark.usefixtures("generated_on_path")
@pytest.mark.parametrize("mode", ["sync", "async"])
@pytest.mark.parametrize("headers", [False, True])
def test_a_plain_call_reads_its_body_within_the_size_limit(server: FaultServer, mode: str, headers: bool) -> None:
    """Breaks: ``stream=False`` made ``True`` in ``request`` or ``request_with_headers`` of
    either client: the body left unread by the cycle and read later without the
    ``max_response_size`` bound."""
    import asyncio

    from box_client import AsyncClient, Client, ResponseTooLargeError

    if headers:
        server.script(Respond(200, b"z" * 5000, {"Content-Disposition": "attachment"}))
    else:
        server.script(Respond(202, {"message": "x" * 5000}))

    def call(client: Any) -> Any:
        if headers:
            return client.zip_downloads.get_zip_downloads_id_content_with_headers("1")
        return client.session_termination.terminate_groups_sessions(["1"])

    async def asynchronous() -> None:
        async with AsyncClient(token="t", base_url=server.url, servers=_servers_at(server)) as client:
            client.max_response_size = 1000
            await call(client)

    with pytest.raises(ResponseTooLargeError):
        if mode == "sync":
            with Client(token="t", base_url=server.url, servers=_servers_at(server)) as client:
                client.max_response_size = 1000
                call(client)
        else:
            asyncio.run(asynchronous())


def _servers_at(server: FaultServer) -> dict[str, str]:
    """Every server the Box description names, mapped to the fault server."""
    return {"https://dl.boxcloud.com/2.0": server.url, "https://upload.box.com/api/2.0": server.url}


def test_a_drifted_object_goes_to_the_model_that_declares_any_of_it() -> None:
    """Breaks in ``_lenient._option``: ``len(options) == 1`` made ``== 0`` (the only model of
    an optional field not tried for an object declaring none of its properties);
    ``best, most = None, 0`` made ``1`` (a model sharing one property with the object
    passed over); ``isinstance(option, type) and issubclass(...)`` made ``or`` (a
    class that is no model, ``int``, taken for one) and ``continue`` made ``break`` (the
    search stopped at ``list[int]``): each keeps the object as a raw dict instead of the
    model, or fails. And ``0`` made ``-1`` there: an object declaring nothing of either
    model would go to the first instead of being kept as received."""
    from generator.runtime._lenient import lenient

    cat, _, rock = _models()
    cases = [(cat | None, {"colour": "grey"}), (cat | rock, {"lives": "nine"}), (list[int] | cat, {"lives": "x"}),
             (int | cat, {"lives": "x"})]
    for tp, value in cases:
        found: list[tuple[str | int, ...]] = []
        assert type(lenient(tp, value, (), found)) is cat, tp
    assert lenient(cat | rock, {"colour": "grey"}, (), []) == {"colour": "grey"}


def test_a_list_where_a_map_was_declared_is_kept_as_received() -> None:
    """Break: ``origin is tuple and isinstance(value, list) and len(...) == len(args)`` made
    ``origin is tuple or ...`` in ``_descend``: a two-item list where ``dict[str, int]``
    was declared would be read as a tuple of a key type and a value type."""
    from generator.runtime._lenient import lenient

    found: list[tuple[str | int, ...]] = []
    assert lenient(dict[str, int], ["a", "b"], ("where",), found) == ["a", "b"] and found == [("where",)]


def test_a_drifted_union_skips_what_its_tags_rule_out_and_follows_lists_and_tag_names() -> None:
    """Breaks in ``_lenient``: ``continue`` made ``break`` after a model its tag rules out
    (the search stopped there); ``isinstance(value, list)`` negated in ``_option`` (a
    drifted list kept whole instead of read item by item); ``name is not None and ...``
    made ``or`` in ``_tagged`` (the first option taken whatever the tag names)."""
    from typing import Annotated

    from generator.runtime._lenient import lenient
    from generator.runtime._serde import Discriminator

    cat, dog, rock = _models()
    assert type(lenient(rock | cat, {"shape": "square", "lives": "x"}, (), [])) is cat
    found: list[tuple[str | int, ...]] = []
    assert lenient(list[int] | cat, ["x", 2], (), found) == ["x", 2] and found == [(0,)]
    animal = Annotated[cat | dog, Discriminator("kind", {"cat": "Cat", "dog": "Dog"})]  # type: ignore[valid-type]
    assert type(lenient(animal, {"kind": "dog", "bark": 5}, (), [])) is dog


def test_a_path_value_with_a_bare_percent_is_sent_and_values_are_text() -> None:
    """Breaks in ``_request``: ``"%" in decoded and unquote(decoded) != decoded`` made ``or``
    in ``_seal`` (a value like ``100%`` loops for ever); ``hasattr(value, "value") and not
    isinstance(...)`` negated or made ``or`` in ``_text`` (a plain enum sent as
    ``Colour.RED``, a date failing on ``.value``)."""
    import datetime
    import enum

    from generator.runtime._request import RequestOptions, _text

    class Colour(enum.Enum):
        RED = "red"

    url = RequestOptions(method="GET", path="/files/{id}", cast_to=object, path_params={"id": "100%"}).url(
        "https://api.example.com"
    )
    assert str(url) == "https://api.example.com/files/100%25"
    assert _text(Colour.RED) == "red" and _text(datetime.date(2024, 1, 2)) == "2024-01-02" and _text(3) == "3"


def test_a_multipart_file_part_is_named_after_the_file(tmp_path: Path) -> None:
    """Break: ``getattr(value, "name", "") or name`` made ``and`` in ``_part``: an open file's
    part would be named after the field ("file"), not the file ("report.pdf")."""
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF")
    with open(path, "rb") as file:
        body = _encoded(multipart=[("file", file)])
    assert body.files is not None and body.files[0][1][0] == "report.pdf"


# ---------------------------------------------------------------- retries


def test_retry_after_seconds_are_read_exactly_up_to_twelve_digits() -> None:
    """Breaks in ``RetryPolicy._retry_after``: ``len(digits) <= 12`` made ``<= 13``, ``<= 11``
    or ``< 12``; ``10**12`` made ``11**12``, ``9**12``, ``10**13``, ``10**11`` or ``10*12``;
    ``wait > 0`` made ``> 1`` (one second ignored) or ``>= 0`` (zero taken as a wait).
    What is read is checked before the cap (``retry_after_cap``) applies."""
    from generator.runtime._retry import RetryPolicy

    policy = RetryPolicy(rand=lambda: 0.0)
    assert policy._retry_after("123456789012") == 123456789012.0
    assert policy._retry_after("1234567890123") == 1e12 == policy._retry_after("00" + "9" * 40)
    assert policy._retry_after("1") == 1.0 and policy._retry_after("0") is None


def test_an_http_date_retry_after_counts_fractions_of_a_second() -> None:
    """Breaks: ``0 < wait`` made ``1 < wait`` (a date half a second ahead ignored) or
    ``-1 < wait`` (one half a second past taken as a negative wait), or ``0 <= wait``
    (a date that is now taken as a wait of zero)."""
    from generator.runtime._retry import RetryPolicy

    date = "Sun, 06 Nov 1994 08:49:37 GMT"  # 784111777 s after the epoch
    assert RetryPolicy(clock=lambda: 784111776.5)._retry_after(date) == 0.5
    assert RetryPolicy(clock=lambda: 784111777.5)._retry_after(date) is None
    assert RetryPolicy(clock=lambda: 784111777.0)._retry_after(date) is None


def test_the_retry_count_header_is_named_after_the_package_and_yields_to_the_callers(
    generated_on_path: Path,
) -> None:
    """Breaks in ``_retry``: the name's words capitalised wrongly (``w[1]``, ``w[-1]``,
    ``w[2:]``, ``w[0:]`` for ``w[0]``/``w[1:]``); in ``counts_retries`` ``!=`` made ``==`` or
    ``not headers or`` made ``and`` (our count sent over the caller's, or never sent);
    ``RetryPolicy`` no longer frozen (a policy shared by clients changed in place)."""
    import dataclasses

    from box_client import _retry

    assert _retry.RETRY_COUNT_HEADER == "X-Box-Client-Retry-Count"
    assert _retry.counts_retries(None) and _retry.counts_retries({"X-Request-Id": "1"})
    assert not _retry.counts_retries({"x-box-client-retry-count": "7"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        _retry.RetryPolicy().base = 2.0  # type: ignore[misc]


def test_a_token_request_carries_scope_only_when_given_and_resolves_a_relative_url() -> None:
    """Breaks in ``ClientCredentials``: the scope test negated in ``token_request`` (``scope``
    sent empty, or left out when given); ``if not base_url`` negated (a relative token
    URL sent as it is, an absolute one ignoring nothing); ``not isinstance(token, str) or
    not token`` made ``and`` in ``accept`` (a numeric ``access_token`` taken as a token)."""

    from generator.runtime._auth import ClientCredentials, TokenError

    plain = ClientCredentials("id", "s", token_url="https://auth.example.com/token")
    assert b"scope" not in plain.token_request().read()
    scoped = ClientCredentials("id", "s", token_url="https://auth.example.com/token", scope="files:read")
    assert b"scope=files%3Aread" in scoped.token_request().read()
    relative = ClientCredentials("id", "s", token_url="oauth2/token")
    assert str(relative.token_request("https://api.example.com/2.0").url) == "https://api.example.com/2.0/oauth2/token"
    assert str(plain.token_request().url) == "https://auth.example.com/token"
    for token in (123, ""):
        with pytest.raises(TokenError):
            plain.accept(_answer({"access_token": token}))


def test_a_date_time_offset_of_sixty_minutes_is_refused_and_a_bool_is_no_number() -> None:
    """Breaks in ``_scalars``: the fast path's ``value[23] < "6"`` made ``value[22]`` (an offset
    of ``+05:60`` left to ``fromisoformat``, which reads it as ``+06:00``); ``expected is not
    bool and isinstance(value, bool)`` made ``is bool`` (``true`` taken for an integer)."""
    from generator.runtime._scalars import decode_datetime
    from generator.runtime._serde import DecodeError, decode

    with pytest.raises(DecodeError):
        decode_datetime("2024-01-02T03:04:05+05:60")
    for tp in (int, float):
        with pytest.raises(DecodeError):
            decode(tp, True)
    assert decode(bool, True) is True and decode(int, 3) == 3


def test_a_tag_is_a_const_whatever_its_place_and_a_tag_value_is_never_an_object() -> None:
    """Breaks in ``_unions``: ``tagged = False`` made ``True`` (a field that can only be
    null taken for a tag that allows nothing); ``continue`` made ``break`` at ``Unset``
    (a const after it lost); ``_is_one_of``'s ``return False`` for an unhashable value made
    ``True`` (an object in a tag field taken for any tag value)."""
    import types
    from typing import Literal

    from generator.runtime._serde import Unset
    from generator.runtime._unions import _is_one_of, tag_values

    assert tag_values(types.NoneType | Unset, nullable=True) is None
    assert tag_values(Unset | Literal["file"], nullable=False) == frozenset({"file"})
    assert not _is_one_of({"type": "file"}, frozenset({"file"})) and _is_one_of("file", frozenset({"file"}))


# ---------------------------------------------------------------- async bodies, auth, the client loops


def test_the_async_client_sends_a_bytes_body_as_it_is_and_reads_a_file_body_in_a_thread() -> None:
    """Break (``_async_body:36``): ``not isinstance(stream, httpx.AsyncByteStream) and
    isinstance(stream, httpx.SyncByteStream)`` made ``or``: a bytes body (whose stream
    httpx makes both sync and async) would be wrapped too, each of its chunks read through
    a worker thread, and the request no longer readable by sync code."""
    import asyncio

    import httpx

    from generator.runtime._async_body import for_async

    plain = httpx.Request("POST", "https://api.example.com/a", content=b"abc")
    stream = plain.stream
    assert for_async(plain).stream is stream and for_async(plain).read() == b"abc"

    chunks = httpx.Request("POST", "https://api.example.com/a", content=iter([b"ab", b"c"]))
    wrapped = for_async(chunks).stream
    assert isinstance(wrapped, httpx.AsyncByteStream) and not isinstance(wrapped, httpx.SyncByteStream)

    async def read() -> list[bytes]:
        return [chunk async for chunk in wrapped]

    assert asyncio.run(read()) == [b"ab", b"c"]


def test_only_a_pair_is_sent_as_basic_credentials() -> None:
    """Break (``_auth:69``): ``kind == "basic" and isinstance(value, tuple)`` made ``or``:
    an API key given as a tuple would go out as ``Authorization: Basic ...`` instead of
    in its own header, and a basic credential given as a ready string would be split into
    its first two characters (``"Basic " + b64("d:X")``)."""
    from generator.runtime._auth import apply

    headers: dict[str, str] = {}
    apply(("header_key",), {"header_key": ("k1", "k2")}, None, headers, {})
    assert headers == {"X-Api-Key": "('k1', 'k2')"}
    headers = {}
    apply(("basic",), {"basic": "dXNlcjpwYXNz"}, None, headers, {})
    assert headers == {"Authorization": "dXNlcjpwYXNz"}


def test_one_token_request_at_a_time() -> None:
    """Break (``_auth:142``): ``claim()``'s ``return False`` while a fetch is in flight
    made ``True``: every caller would fetch its own token at once."""
    source = _credentials([0.0])
    assert source.claim() and source.busy()
    assert not source.claim()
    source.release()
    assert not source.busy() and source.claim()


@pytest.mark.parametrize("expires_in", [-0.5, -1, -5])
def test_a_negative_expires_in_is_refused(expires_in: float) -> None:
    """Breaks (``_auth:201``): ``lifetime < 0`` made ``< -1`` (``-0.5`` and ``-1`` taken as
    lifetimes), ``not math.isfinite(lifetime) or lifetime < 0`` made ``and`` (every finite
    negative count taken)."""
    from generator.runtime._errors import TokenError

    with pytest.raises(TokenError, match="expires_in is not a finite count of seconds"):
        _credentials([0.0]).accept(_answer({"access_token": "t", "expires_in": expires_in}))


def _fetched_elsewhere(source: Any, after: float) -> Any:
    """Claims ``source`` now, as another caller fetching a token would, and, in a thread,
    ``after`` seconds later, stores the token ``elsewhere`` and releases the claim."""
    import threading

    assert source.claim()

    def finish() -> None:
        source.accept(_answer({"access_token": "elsewhere", "expires_in": 3600}))
        source.release()

    timer = threading.Timer(after, finish)
    timer.start()
    return timer


def test_a_sync_call_waits_for_anothers_token_request_and_uses_its_token() -> None:
    """Breaks: ``continue`` after ``action.credentials.wait()`` made ``break`` in
    ``SyncAPIClient._drive`` (``_base_client:202``): the call would end with no response
    (None decoded: an exception); ``claim()``'s ``return False`` made ``True``
    (``_auth:142``): the call would send its own token request instead of waiting."""
    import httpx

    from generator.runtime._request import RequestOptions

    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "mine", "expires_in": 3600})
        return httpx.Response(200, json={"n": 1})

    client: Any = _client(handler)
    client._token = source = _credentials([0.0])
    timer = _fetched_elsewhere(source, 0.05)
    try:
        assert client.request(RequestOptions("GET", "/a", dict[str, int])) == {"n": 1}
    finally:
        timer.join()
    assert [(r.url.path, r.headers["Authorization"]) for r in sent] == [("/a", "Bearer elsewhere")]


class _CountsPolls:
    """Counts the ``busy()`` calls on ``source`` (its method replaced on the instance)."""

    def __init__(self, source: Any) -> None:
        self.polls = 0
        busy = source.busy

        def counted() -> bool:
            self.polls += 1
            return bool(busy())

        source.busy = counted


def test_an_async_call_waits_for_anothers_token_request_without_blocking_the_loop() -> None:
    """Breaks in ``AsyncAPIClient``: ``continue`` after ``_until_idle`` made ``break``
    (``_base_client:371``: the call ends with no response, None decoded: an exception);
    ``while action.credentials.busy()`` made ``while not ...`` (``:387``: the task spins
    without ever awaiting, the event loop blocked until the other thread's fetch ends);
    ``asyncio.sleep(0.005)`` made ``sleep(1.005)`` (``:388``: the token, ready after 0.1 s,
    taken a second later) or ``sleep(-0.995)`` (no pause: thousands of polls a second)."""
    import asyncio
    import time

    import httpx

    from generator.runtime._base_client import AsyncAPIClient
    from generator.runtime._request import RequestOptions

    sent: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"n": 1})

    source = _credentials([0.0])
    counter = _CountsPolls(source)
    client = AsyncAPIClient(
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        sleep=None,
        token=source,
        **_CLIENT,
    )

    async def main() -> tuple[Any, int, float]:
        ticks = 0
        done = False

        async def tick() -> None:
            nonlocal ticks
            while not done:
                ticks += 1
                await asyncio.sleep(0.01)

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0)
        started = time.monotonic()
        try:
            value = await client.request(RequestOptions("GET", "/a", dict[str, int]))
        finally:
            done = True
            await ticker
        return value, ticks, time.monotonic() - started

    timer = _fetched_elsewhere(source, 0.1)
    try:
        value, ticks, took = asyncio.run(main())
    finally:
        timer.join()
    assert value == {"n": 1}
    assert [(r.url.path, r.headers["Authorization"]) for r in sent] == [("/a", "Bearer elsewhere")]
    assert ticks >= 3  # the loop ran other tasks while this one waited
    assert took < 0.8  # polled every 5 ms, not every second
    assert counter.polls < 100  # about 20 polls in 0.1 s, not a busy loop


# ---------------------------------------------------------------- error text


def test_an_error_shows_a_url_without_a_query_as_it_is_and_names_the_bodys_fields() -> None:
    """Breaks in ``_errors``: ``_QUERY_SECRETS and url.query`` made ``or`` (``:49``: a URL
    with no query printed with a stray ``?``); ``isinstance(context_info, dict)`` negated
    (``:174``: an object ``context_info`` dropped, a string one kept); ``if details``
    negated (``:189``: the body's code and message left out of the message, and an
    empty body's message ending in ``": "``)."""
    import httpx

    from generator.runtime._errors import ApiError, public_url

    assert public_url("https://api.example.com/files/1") == "https://api.example.com/files/1"
    assert public_url("https://api.example.com/f?api_key=s&x=1") == "https://api.example.com/f?api_key=***&x=1"

    request = httpx.Request("GET", "https://api.example.com/files/1")
    conflict = {"code": "conflict", "message": "taken", "context_info": {"conflicts": [{"id": "9"}]}}
    error = ApiError(httpx.Response(409, json=conflict, request=request))
    assert error.context_info == {"conflicts": [{"id": "9"}]}
    assert str(error) == (
        "HTTP 409 Conflict from GET https://api.example.com/files/1: code='conflict', message='taken'"
    )
    odd = ApiError(httpx.Response(409, json={"context_info": "see logs"}, request=request))
    assert odd.context_info is None
    assert str(odd) == "HTTP 409 Conflict from GET https://api.example.com/files/1"


# ---------------------------------------------------------------- raw responses


def test_a_raw_response_shows_its_text_and_its_wrappers_keep_the_methods_name_and_doc() -> None:
    """Breaks in ``_raw``: ``@property`` removed from ``RawAPIResponse.text`` (``:82``:
    ``.text`` a bound method, not the body); ``@functools.wraps(method)`` removed from
    each of ``to_raw_response``, ``async_to_raw_response``, ``to_streamed_response``,
    ``async_to_streamed_response`` (``:206``, ``:222``, ``:238``, ``:257``): the method
    under ``with_raw_response`` / ``with_streaming_response`` would be called ``call``, its
    docstring and signature gone from ``help()`` and IDEs."""
    import inspect

    import httpx

    from generator.runtime._raw import (
        RawAPIResponse,
        async_to_raw_response,
        async_to_streamed_response,
        to_raw_response,
        to_streamed_response,
    )
    from generator.runtime._request import RequestOptions

    response = httpx.Response(200, text="h\u00e9llo")
    raw = RawAPIResponse[str](response, RequestOptions("GET", "/a", str), False)
    assert raw.text == "h\u00e9llo" and raw.content == "h\u00e9llo".encode()

    def get_file(file_id: str, *, fields: list[str] | None = None) -> dict[str, str]:
        """Get a file's information."""
        return {}

    async def aget_file(file_id: str, *, fields: list[str] | None = None) -> dict[str, str]:
        """Get a file's information."""
        return {}

    for wrap, method in [
        (to_raw_response, get_file),
        (to_streamed_response, get_file),
        (async_to_raw_response, aget_file),
        (async_to_streamed_response, aget_file),
    ]:
        wrapped: Any = wrap(method)  # type: ignore[operator]
        assert (wrapped.__name__, wrapped.__doc__) == (method.__name__, "Get a file's information.")
        assert wrapped.__wrapped__ is method
        assert list(inspect.signature(wrapped).parameters) == ["file_id", "fields"]
