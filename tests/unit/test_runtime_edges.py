"""Edges of the emitted runtime (generator/runtime) that the mutation run found untested.

Each test names the mutants it kills: they survived the module's other tests, and the
test fails on each. These import the runtime modules in place (no package generated):
the ones here need nothing of a package's settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
