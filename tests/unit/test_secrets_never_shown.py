"""Every credential the emitted client can hold stays out of what it shows, sync and async.

tests/corpus/security.yaml has every scheme a client sends credentials for: a bearer
token, HTTP basic (the password), API keys in a header, in the query string and in a
cookie, and OAuth 2.0 client credentials (the client secret, and the access token the
token endpoint returns). Over real HTTP (tests/fault_server.py) each is sent, and must
then be absent from: every log record at DEBUG (the package's own, its retry log
included, and httpx's and httpcore's), ``repr()`` of the client, its resource groups
and ``ClientCredentials``, and ``str``/``repr`` (and ``args``) of every error the caller
meets: ``ApiError`` on 4xx and 5xx, retries exhausted, ``Retry-After`` past the cap,
"not ready", a reset connection, a timeout, a body that is not JSON, and the token endpoint's own failure.

The runtime holds no OAuth refresh token (its only OAuth flow is client credentials),
so there is none to test.

The query key is redacted by ``public_url`` (generator/runtime/_errors.py, since issue
14's commit 985c939), through which every URL put in a log line or an error passes, and
by ``_RedactQuerySecrets`` on the "httpx" logger (generator/runtime/_cycle.py).

Proven, each break made in generator/runtime (the corpus package is generated from it)
and reverted:
- ``public_url`` leaving the query as it is: the first test failed in both modes, the
  query key found in 80-odd places: the retry log ("retrying GET .../both-keys?api_key=..."),
  the DEBUG attempt log, httpx's "HTTP Request" line, and the str/args/url of every error.
- ``_RedactQuerySecrets`` not added to the "httpx" logger: failed on httpx's own
  "HTTP Request: GET ...?api_key=..." records.
- ``ClientCredentials.__repr__`` showing the secret and the token: the second test failed.
- ``BaseClient.__repr__`` showing the token and the credentials: both tests failed in
  both modes (the basic password, the header, query and cookie keys, the bearer token).
"""

from __future__ import annotations

import asyncio
import base64
import importlib
import logging
from collections.abc import Callable
from typing import Any

import pytest

from conftest import CorpusPackage
from fault_server import FaultServer, Reset, Respond, Waits

TOKEN = "bearer-SECRET-7f3a"
PASSWORD = "basic-SECRET-91c2"
HEADER_KEY = "header-SECRET-55d0"
QUERY_KEY = "query-SECRET-0b8e"
COOKIE_KEY = "cookie-SECRET-c4a1"
CLIENT_SECRET = "client-SECRET-e620"
ACCESS_TOKEN = "access-SECRET-3d9b"  # what the token endpoint hands out
SECRETS = [TOKEN, PASSWORD, HEADER_KEY, QUERY_KEY, COOKIE_KEY, CLIENT_SECRET, ACCESS_TOKEN,
           base64.b64encode(f"ann:{PASSWORD}".encode()).decode()]
HELD = {"token": TOKEN, "username": "ann", "password": PASSWORD, "api_key_header": HEADER_KEY,
        "api_key_query": QUERY_KEY, "api_key_cookie": COOKIE_KEY}
KEYS = {k: v for k, v in HELD.items() if k != "token"}  # the token (a string or ClientCredentials) apart
# Each operation and the credentials it sends (tests/unit/test_security.py checks they are sent).
OPERATIONS = ["list_secrets", "admin_status", "by_query_key", "by_cookie_key", "both_keys"]
IN_URL = ["by_query_key", "both_keys"]  # the others' credentials are in headers only: not in any URL


@pytest.fixture(scope="module")
def vault(corpus: dict[str, CorpusPackage]) -> Any:
    return importlib.import_module(corpus["security"].package)


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def failures() -> list[tuple[list[Any], dict[str, Any]]]:
    """Scripts that each end in an error, and the client options they need.

    One retry is enough to log a retry and to exhaust the retries, at a third less traffic.
    """
    once = {"max_retries": 1}
    return [
        ([Respond(404, {"code": "not_found", "message": "no such thing"})], once),
        ([Respond(503), Respond(502, {"message": "down"})], once),  # retries exhausted
        ([Respond(429, {}, {"Retry-After": "3600"})], once),  # past the cap: raised at once
        ([Respond(202, b"", {"Retry-After": "1"})] * 2, once),  # never ready
        ([Reset(), Reset()], once),
        ([Respond(200, b"{not json", {"Content-Type": "application/json"})], once),  # ResponseValidationError
        ([Respond(200, {"ok": True}, delay=0.3)], {"timeout": 0.05, "max_retries": 0}),
    ]


def calls(vault: Any, mode: str, server: FaultServer, make: Callable[[], Any], operations: list[str],
          options: dict[str, Any], script: list[Any]) -> list[Any]:
    """Each operation once with a fresh ``script``; what each raised, and the client's reprs."""
    waits = Waits()
    seen: list[Any] = []

    def each(client: Any) -> Any:
        seen.extend([client, client.default])
        for operation in operations:
            server.script(*script)
            yield getattr(client.default, operation)

    if mode == "sync":
        with vault.Client(base_url=server.url, token=make(), sleep=waits, **options, **KEYS) as client:
            for method in each(client):
                with pytest.raises(vault.SdkError) as caught:
                    method()
                seen.append(caught.value)
        return seen

    async def go() -> None:
        async with vault.AsyncClient(base_url=server.url, token=make(), sleep=waits.asleep, **options,
                                     **KEYS) as client:
            for method in each(client):
                with pytest.raises(vault.SdkError) as caught:
                    await method()
                seen.append(caught.value)

    asyncio.run(go())
    return seen


def leaks(records: list[logging.LogRecord], things: list[Any]) -> list[tuple[str, str]]:
    """(secret, where) for each secret in a log record or in what a caller sees of ``things``:
    reprs, and each error's text and arguments."""
    places = {f"log {r.name}: {r.getMessage()}" for r in records}
    for thing in things:
        places.add(f"repr: {thing!r}")
        if isinstance(thing, BaseException):
            places |= {f"str: {thing}", f"args: {thing.args!r}", f"url: {getattr(thing, 'url', '')}"}
    return sorted((secret, place[:200]) for place in places for secret in SECRETS if secret in place)


def test_no_credential_in_logs_reprs_or_errors(
    vault: Any, server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the package's logger, httpx and httpcore
    seen: list[Any] = []
    for script, options in failures():
        # A timeout costs its wait: only where a credential is in the URL, the rest is in headers.
        operations = IN_URL if "timeout" in options else OPERATIONS
        seen += calls(vault, mode, server, lambda: TOKEN, operations, options, script)
    assert any(r.name == vault.__name__ and "retrying GET" in r.getMessage() for r in caplog.records)
    assert any("/by-query" in r.getMessage() for r in caplog.records if r.name == vault.__name__)
    assert {vault.ApiTimeoutError, vault.ResponseValidationError, vault.NotReadyError} <= {type(e) for e in seen}
    assert leaks(caplog.records, seen) == []


def test_no_client_secret_or_access_token_in_logs_reprs_or_errors(
    vault: Any, server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = Respond(200, {"access_token": ACCESS_TOKEN, "expires_in": 3600})

    def credentials() -> Any:
        return vault.ClientCredentials("app", CLIENT_SECRET, token_url=server.url + "/oauth/token")

    seen: list[Any] = [credentials()]
    for script, options in failures():
        seen += calls(vault, mode, server, credentials, ["list_reports"], options, [token, *script])
    # The token endpoint failing: an error of its own, with neither secret in it.
    seen += calls(vault, mode, server, credentials, ["list_reports"], {"max_retries": 1},
                  [Respond(400, {"error": "invalid_client", "error_description": "bad"})])
    seen += calls(vault, mode, server, credentials, ["list_reports"], {}, [Respond(200, b"not json")])
    assert any(isinstance(e, vault.TokenError) for e in seen)
    assert any(r.path == "/oauth/token" and CLIENT_SECRET.encode() in r.body for r in server.requests)
    assert leaks(caplog.records, seen) == []
