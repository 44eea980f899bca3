"""Security schemes over real HTTP (tests/corpus/security.yaml against tests/fault_server.py).

Each operation sends the credentials of the first alternative of its
``security`` the client holds, where each scheme says (header, query, cookie,
Authorization), and nothing for an operation open to all.
"""

from __future__ import annotations

import asyncio
import base64
import importlib
from typing import Any

import pytest

from conftest import CorpusPackage
from fault_server import FaultServer, Respond

SEEN = Respond(200, {"ok": True})


@pytest.fixture(scope="module")
def vault(corpus: dict[str, CorpusPackage]) -> Any:
    return importlib.import_module(corpus["security"].package)


def call(vault: Any, server: FaultServer, operation: str, **credentials: Any) -> dict[str, str]:
    """Call one operation; the headers the server saw (lower-cased), with the query as "?"."""
    server.script(SEEN)
    with vault.Client(base_url=server.url, **credentials) as client:
        getattr(client.default, operation)()
    request = server.requests[-1]
    seen = {k.lower(): v for k, v in request.headers.items()}
    seen["?"] = "&".join(f"{k}={v[0]}" for k, v in sorted(request.query.items()))
    return seen


ALL = {"token": "tok", "username": "ann", "password": "s3cret:x", "api_key_header": "hk",
       "api_key_query": "qk", "api_key_cookie": "ck"}


def test_an_operation_open_to_all_sends_no_credentials(vault: Any, server: FaultServer) -> None:
    seen = call(vault, server, "get_public", **ALL)
    assert "authorization" not in seen and "x-api-key" not in seen and "cookie" not in seen
    assert seen["?"] == ""


def test_the_documents_default_takes_the_first_alternative_the_client_holds(vault: Any, server: FaultServer) -> None:
    assert call(vault, server, "list_secrets", **ALL)["authorization"] == "Bearer tok"
    assert "x-api-key" not in call(vault, server, "list_secrets", **ALL)
    only_key = call(vault, server, "list_secrets", api_key_header="hk")
    assert only_key["x-api-key"] == "hk" and "authorization" not in only_key
    nothing = call(vault, server, "list_secrets")
    assert "authorization" not in nothing and "x-api-key" not in nothing


def test_each_scheme_goes_where_it_says(vault: Any, server: FaultServer) -> None:
    basic = call(vault, server, "admin_status", **ALL)["authorization"]
    assert basic == "Basic " + base64.b64encode(b"ann:s3cret:x").decode()
    assert call(vault, server, "by_query_key", **ALL)["?"] == "api_key=qk"
    assert call(vault, server, "by_cookie_key", **ALL)["cookie"] == "session=ck"
    both = call(vault, server, "both_keys", **ALL)
    assert both["x-api-key"] == "hk" and both["?"] == "api_key=qk", "schemes required together are all sent"
    partly = call(vault, server, "both_keys", api_key_header="hk")
    assert "x-api-key" not in partly, "half of a requirement is not sent"


def test_basic_needs_both_username_and_password(vault: Any, server: FaultServer) -> None:
    assert "authorization" not in call(vault, server, "admin_status", username="ann")


def test_oauth2_client_credentials_fetch_a_token_only_for_operations_that_need_it(
    vault: Any, server: FaultServer
) -> None:
    token = Respond(200, {"access_token": "cc-token", "expires_in": 3600})
    credentials = vault.ClientCredentials("app", "app-secret")
    assert credentials.token_url == "http://127.0.0.1:4010/oauth/token", "the document's token URL"
    credentials = vault.ClientCredentials("app", "app-secret", token_url=server.url + "/oauth/token")
    with vault.Client(base_url=server.url, token=credentials) as client:
        server.script(SEEN)
        client.default.get_public()
        assert [r.path for r in server.requests] == ["/public"], "no token fetched for a public operation"
        server.script(token, SEEN)
        client.default.list_reports()
        assert [r.path for r in server.requests] == ["/oauth/token", "/reports"]
        assert {k.lower(): v for k, v in server.requests[1].headers.items()}["authorization"] == "Bearer cc-token"


def test_the_async_client_sends_the_same(vault: Any, server: FaultServer) -> None:
    async def main() -> dict[str, str]:
        server.script(SEEN)
        async with vault.AsyncClient(base_url=server.url, **ALL) as client:
            await client.default.by_cookie_key()
        return {k.lower(): v for k, v in server.requests[-1].headers.items()}

    assert asyncio.run(main())["cookie"] == "session=ck"


def test_credentials_never_show_in_repr(vault: Any) -> None:
    with vault.Client(**ALL) as client:
        text = repr(client)
    assert not any(secret in text for secret in ALL.values())
