"""Credentials against hostile servers, over real HTTP on 127.0.0.1 (tests/corpus/security.yaml).

Two servers play two origins: ``server`` is the API, ``other`` the host a
redirect points to. No credential reaches ``other``; the token request never
follows a redirect; query API keys are redacted wherever a URL is printed;
token endpoint failures are ``SdkError``s; concurrent first calls share one
token request; a relative token URL is resolved against the server URL.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import CorpusPackage
from fault_server import FaultServer, Reset, Respond

SEEN = Respond(200, {"ok": True})
SECRETS = {"token": "tok-SECRET", "username": "ann", "password": "pw-SECRET",
           "api_key_header": "hk-SECRET", "api_key_query": "qk-SECRET", "api_key_cookie": "ck-SECRET"}
TOKEN = Respond(200, {"access_token": "cc-token", "expires_in": 3600})


def _full_suite_only(status: int) -> Any:
    # Every redirect status is checked in the full suite; the inner loop keeps 302 and 307,
    # one that may turn a POST into a GET and one that must not, which take the same paths.
    return pytest.param(status, marks=pytest.mark.slow)


@pytest.fixture(scope="module")
def vault(corpus: dict[str, CorpusPackage]) -> Any:
    import importlib

    return importlib.import_module(corpus["security"].package)


@pytest.fixture(scope="module")
def other() -> Iterator[FaultServer]:
    s = FaultServer()
    yield s
    s.close()


def no_waits(seconds: float) -> None:
    pass


async def no_async_waits(seconds: float) -> None:
    pass


def run(vault: Any, mode: str, operation: str, **options: Any) -> Any:
    base_url = options.pop("base_url")
    if mode == "sync":
        with vault.Client(base_url=base_url, sleep=no_waits, **options) as client:
            return getattr(client.default, operation)()

    async def main() -> Any:
        async with vault.AsyncClient(base_url=base_url, sleep=no_async_waits, **options) as client:
            return await getattr(client.default, operation)()

    return asyncio.run(main())


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# ----------------------------------------------------------- credentials stay with their origin

@pytest.mark.parametrize("operation", ["list_secrets", "admin_status", "by_query_key", "by_cookie_key", "both_keys"])
@pytest.mark.parametrize("status", [*map(_full_suite_only, (301, 303, 308)), 302, 307])
def test_a_redirect_to_another_origin_is_not_followed(
    vault: Any, server: FaultServer, other: FaultServer, mode: str, operation: str, status: int
) -> None:
    location = other.url + "/collect"
    server.script(Respond(status, b"", {"Location": location}))
    other.script(SEEN)
    with pytest.raises(vault.CrossOriginRedirectError) as caught:
        run(vault, mode, operation, base_url=server.url, **SECRETS)
    error = caught.value
    assert isinstance(error, vault.SdkError)
    assert error.location == location and location in str(error)
    assert other.requests == [], "nothing at all reaches the other origin"
    assert not any(secret in str(error) + repr(error) for secret in SECRETS.values())


def test_a_different_port_or_scheme_is_another_origin(vault: Any, server: FaultServer, mode: str) -> None:
    """Break made (generator/runtime/_cycle.py, ``_origin``): the port left out of the origin. The
    scheme and host locations passed; the port-only one (added then) fails."""
    port = server.url.rsplit(":", 1)[1]
    another_port = f"http://127.0.0.1:{int(port) % 65535 + 1}/x"
    for location in (f"https://127.0.0.1:{port}/x", "http://localhost:" + port + "/x", another_port):
        server.script(Respond(302, b"", {"Location": location}))
        with pytest.raises(vault.SdkError, match="another origin"):
            run(vault, mode, "both_keys", base_url=server.url, **SECRETS)


def test_a_redirect_within_the_origin_is_followed_with_its_credentials(
    vault: Any, server: FaultServer, mode: str
) -> None:
    server.script(Respond(307, b"", {"Location": "/both-keys-moved"}), SEEN)
    run(vault, mode, "both_keys", base_url=server.url, **SECRETS)
    first, moved = server.requests
    assert moved.path == "/both-keys-moved"
    assert moved.headers["x-api-key"] == "hk-SECRET", "the same origin keeps its credentials"


def test_a_chain_leaving_the_origin_later_is_stopped_there(
    vault: Any, server: FaultServer, other: FaultServer, mode: str
) -> None:
    server.script(Respond(302, b"", {"Location": "/hop"}), Respond(302, b"", {"Location": other.url + "/x"}))
    other.script(SEEN)
    with pytest.raises(vault.SdkError, match="another origin"):
        run(vault, mode, "by_cookie_key", base_url=server.url, **SECRETS)
    assert len(server.requests) == 2 and other.requests == []


def test_a_redirect_loop_within_the_origin_ends_in_an_sdk_error(vault: Any, server: FaultServer, mode: str) -> None:
    server.script(*[Respond(302, b"", {"Location": "/public"})] * 30)
    with pytest.raises(vault.SdkError, match="too many redirects"):
        run(vault, mode, "get_public", base_url=server.url)
    assert len(server.requests) == 21


@pytest.mark.parametrize("status", [*map(_full_suite_only, (301, 308)), 302, 307])
def test_the_token_request_never_follows_a_redirect(
    vault: Any, server: FaultServer, other: FaultServer, mode: str, status: int
) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    server.script(Respond(status, b"", {"Location": other.url + "/oauth/token"}))
    other.script(TOKEN)
    with pytest.raises(vault.TokenError) as caught:
        run(vault, mode, "list_reports", base_url=server.url, token=credentials)
    assert other.url in str(caught.value)
    assert other.requests == [] and [r.path for r in server.requests] == ["/oauth/token"]
    # Not even to the same origin: a redirect of a POST with a secret is not the token endpoint's answer.
    server.script(Respond(status, b"", {"Location": "/oauth/token2"}))
    with pytest.raises(vault.SdkError):
        run(vault, mode, "list_reports", base_url=server.url, token=credentials)
    assert [r.path for r in server.requests] == ["/oauth/token"]


# ----------------------------------------------------------- query secrets are redacted

def test_query_keys_are_redacted_in_retry_logs_httpx_logs_and_errors(
    vault: Any, server: FaultServer, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Respond(503, {"message": "busy"}), Respond(404, {"message": "gone"}))
    with caplog.at_level(logging.INFO), pytest.raises(vault.SdkError) as caught:
        run(vault, mode, "by_query_key", base_url=server.url, **SECRETS)
    printed = [str(caught.value), repr(caught.value), caught.value.url, *(r.getMessage() for r in caplog.records)]
    assert any("retrying" in line for line in printed) and any("HTTP Request" in line for line in printed)
    assert not any("qk-SECRET" in line for line in printed), printed
    assert "api_key=***" in str(caught.value)
    assert server.requests[-1].query["api_key"] == ["qk-SECRET"], "redacted only where printed"


def test_query_keys_are_redacted_in_connection_errors(vault: Any, mode: str) -> None:
    with pytest.raises(vault.SdkError) as caught:
        run(vault, mode, "by_query_key", base_url=refused_url(), max_retries=0, **SECRETS)
    assert "qk-SECRET" not in str(caught.value) + repr(caught.value)
    assert "api_key=***" in str(caught.value)


# ----------------------------------------------------------- token endpoint failures

def refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_refused_token_endpoint_is_a_connection_error_after_retries(
    vault: Any, server: FaultServer, mode: str
) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=refused_url() + "/oauth/token")
    with pytest.raises(vault.ApiConnectionError) as caught:
        run(vault, mode, "list_reports", base_url=server.url, token=credentials)
    assert type(caught.value.__cause__).__name__ == "ConnectError"


def test_token_endpoint_transport_failures_are_retried(vault: Any, server: FaultServer, mode: str) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    server.script(Reset(), TOKEN, SEEN)
    run(vault, mode, "list_reports", base_url=server.url, token=credentials)
    assert [r.path for r in server.requests] == ["/oauth/token", "/oauth/token", "/reports"]


@pytest.mark.parametrize(("answer", "cause"), [
    (Respond(200, b"<html>garbage", {"Content-Type": "application/json"}), "JSONDecodeError"),
    (Respond(200, {"token_type": "bearer"}), None),
    (Respond(200, b'{"access_token": "t", "expires_in": 1e400}', {"Content-Type": "application/json"}), None),
    (Respond(200, b'{"access_token": "t", "expires_in": 1' + b"0" * 400 + b"}",
             {"Content-Type": "application/json"}), "OverflowError"),
    (Respond(200, b'{"access_token": "t", "expires_in": -5}', {"Content-Type": "application/json"}), None),
])
def test_a_bad_token_answer_is_a_token_error(
    vault: Any, server: FaultServer, mode: str, answer: Respond, cause: str | None
) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    server.script(answer)
    with pytest.raises(vault.TokenError) as caught:
        run(vault, mode, "list_reports", base_url=server.url, token=credentials)
    assert isinstance(caught.value, vault.SdkError)
    assert type(caught.value.__cause__).__name__ == cause if cause else True
    assert "client-SECRET" not in str(caught.value)


# ----------------------------------------------------------- one token request for concurrent calls

def test_eight_threads_make_one_token_request(vault: Any, server: FaultServer) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    server.script(Respond(200, {"access_token": "cc-token", "expires_in": 3600}, delay=0.3), *[SEEN] * 8)
    failures: list[BaseException] = []
    with vault.Client(base_url=server.url, token=credentials) as client:
        def call() -> None:
            try:
                client.default.list_reports()
            except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
                failures.append(exc)

        threads = [threading.Thread(target=call) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert failures == []
    assert [r.path for r in server.requests].count("/oauth/token") == 1


def test_eight_tasks_make_one_token_request(vault: Any, server: FaultServer) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    server.script(Respond(200, {"access_token": "cc-token", "expires_in": 3600}, delay=0.3), *[SEEN] * 8)

    async def main() -> None:
        async with vault.AsyncClient(base_url=server.url, token=credentials) as client:
            await asyncio.gather(*(client.default.list_reports() for _ in range(8)))

    asyncio.run(main())
    assert [r.path for r in server.requests].count("/oauth/token") == 1


def test_a_rejected_token_is_refetched_once_by_concurrent_callers(vault: Any, server: FaultServer) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    with vault.Client(base_url=server.url, token=credentials) as client:
        server.script(TOKEN, SEEN)
        client.default.list_reports()
        server.script(Respond(401, {}), TOKEN, SEEN)
        client.default.list_reports()
    assert [r.path for r in server.requests] == ["/reports", "/oauth/token", "/reports"]


# ----------------------------------------------------------- a relative token URL

@pytest.mark.parametrize("token_url", ["/oauth/token", "oauth/token"])
def test_a_relative_token_url_is_resolved_against_the_server_url(
    vault: Any, server: FaultServer, mode: str, token_url: str
) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=token_url)
    server.script(TOKEN, SEEN)
    run(vault, mode, "list_reports", base_url=server.url, token=credentials)
    assert [r.path for r in server.requests] == ["/oauth/token", "/reports"]


RELATIVE_TOKEN_URL = """
openapi: 3.0.3
info: {title: Relative, version: "1"}
servers: [{url: "http://127.0.0.1:4010/api/v2"}]
paths:
  /reports:
    get:
      operationId: listReports
      security: [{OAuth: []}]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: object}}}}
components:
  securitySchemes:
    OAuth:
      type: oauth2
      flows:
        clientCredentials: {tokenUrl: /oauth2/token, scopes: {}}
"""


def test_the_documents_relative_token_url_is_resolved_against_the_server_url(
    inline_client: Any, server: FaultServer
) -> None:
    package = inline_client(RELATIVE_TOKEN_URL, "relative_token_client")
    credentials = package.ClientCredentials("app", "client-SECRET")
    server.script(TOKEN, SEEN)
    with package.Client(base_url=server.url + "/api/v2", token=credentials) as client:
        client.default.list_reports()
    assert [r.path for r in server.requests] == ["/oauth2/token", "/api/v2/reports"]


def test_a_cancelled_task_releases_the_token_request_it_claimed(vault: Any, server: FaultServer) -> None:
    credentials = vault.ClientCredentials("app", "client-SECRET", token_url=server.url + "/oauth/token")
    server.script(Respond(200, {"access_token": "slow"}, delay=1.0), TOKEN, SEEN)

    async def main() -> bool:
        async with vault.AsyncClient(base_url=server.url, token=credentials) as client:
            first = asyncio.create_task(client.default.list_reports())
            await asyncio.sleep(0.3)
            first.cancel()
            with pytest.raises(asyncio.CancelledError):
                await first
            held = credentials.busy()
            await asyncio.wait_for(client.default.list_reports(), 5)
            return held

    assert asyncio.run(main()) is False, "the others would wait for a fetch nobody finishes"
    assert [r.path for r in server.requests] == ["/oauth/token", "/oauth/token", "/reports"]


def test_query_keys_are_redacted_in_response_validation_errors(vault: Any, server: FaultServer, mode: str) -> None:
    server.script(Respond(200, b"not json", {"Content-Type": "application/json"}))
    with pytest.raises(vault.ResponseValidationError) as caught:
        run(vault, mode, "by_query_key", base_url=server.url, **SECRETS)
    assert "qk-SECRET" not in str(caught.value) + repr(caught.value)
    assert "api_key=***" in str(caught.value)


def test_the_httpx_log_filter_redacts_only_the_packages_query_key_names(
    vault: Any, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    """ "A filter the package adds to the ``httpx`` logger on import; it redacts only this
    package's query key names": in httpx's own ``HTTP Request:`` line, ``api_key`` is ``***``
    and the other query parameters keep their values.

    Break made (generator/runtime/_cycle.py, ``_RedactQuerySecrets.filter``): the whole query
    dropped from the URL (``arg.copy_with(query=None)``) rather than passed through
    ``public_url``: the key is hidden, but so is ``page``, and this fails.
    """
    server.script(SEEN)
    with caplog.at_level(logging.INFO, logger="httpx"):
        with vault.Client(base_url=server.url, api_key_query="qk-SECRET") as client:
            client.default.by_query_key(page=7, extra_query={"sort": "name"})
    (line,) = [r.getMessage() for r in caplog.records if r.name == "httpx" and "HTTP Request" in r.getMessage()]
    assert "api_key=***" in line and "qk-SECRET" not in line, line
    assert "page=7" in line and "sort=name" in line, line
    assert server.requests[-1].query["api_key"] == ["qk-SECRET"]
