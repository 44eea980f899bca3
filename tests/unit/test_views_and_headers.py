"""readOnly/writeOnly views of a model, and typed response headers (tests/corpus/accounts.yaml).

Over real HTTP against tests/fault_server.py, which records what is sent and
answers as scripted.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
from typing import Any

import pytest

from conftest import CorpusPackage
from fault_server import FaultServer, Respond

USER = {"id": 1, "name": "Ann", "created_at": "2024-01-01T00:00:00Z"}


@pytest.fixture(scope="module")
def accounts(corpus: dict[str, CorpusPackage]) -> Any:
    return importlib.import_module(corpus["accounts"].package)


def fields(cls: Any) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)} - {"extra_fields"}


def types(cls: Any) -> dict[str, Any]:
    return {f.name: f.type for f in dataclasses.fields(cls)}


def test_a_model_used_both_ways_has_a_view_for_each(accounts: Any) -> None:
    models = importlib.import_module(accounts.__name__ + ".models")
    assert fields(models.User) == {"id", "name", "created_at", "profile"}, "received: no writeOnly password"
    assert fields(models.UserParam) == {"name", "password", "profile"}, "sent: no readOnly id or created_at"
    assert types(models.NewTeam)["members"] == "list[UserParam] | None", "a sent model holds sent views"
    assert types(models.Team)["members"] == "list[User] | None"
    assert fields(models.Profile) == {"bio"}, "a model whose views are the same stays one class"
    assert not hasattr(models, "ProfileParam")


def test_what_is_sent_and_what_is_received(accounts: Any, server: FaultServer) -> None:
    models = importlib.import_module(accounts.__name__ + ".models")
    server.script(Respond(201, {**USER, "password": "never sent back, but this server does"},
                          headers={"Location": "/users/1"}))
    with accounts.Client(base_url=server.url) as client:
        user = client.default.create_user("Ann", password="pw")
        assert json.loads(server.requests[-1].body) == {"name": "Ann", "password": "pw"}
        assert isinstance(user, models.User) and user.id == 1
        assert not hasattr(user, "password")
        server.script(Respond(201, {"id": 3, "name": "Core", "members": [USER]}))
        team = client.default.create_team("Core", members=[models.UserParam(name="Bo", password="x")])
        assert json.loads(server.requests[-1].body) == {"name": "Core", "members": [{"name": "Bo", "password": "x"}]}
        assert isinstance(team.members[0], models.User)


def test_declared_response_headers_are_typed(accounts: Any, server: FaultServer) -> None:
    models = importlib.import_module(accounts.__name__ + ".models")
    server.script(Respond(201, USER, headers={"Location": "/users/1", "X-Rate-Limit-Remaining": "41"}))
    with accounts.Client(base_url=server.url) as client:
        result = client.default.create_user_with_headers("Ann")
    assert isinstance(result, accounts.WithHeaders)
    assert isinstance(result.body, models.User) and result.body.name == "Ann"
    assert result.headers == models.CreateUserHeaders(location="/users/1", x_rate_limit_remaining=41)


def test_a_required_header_that_is_missing_or_mistyped_is_a_validation_error(accounts: Any, server: FaultServer) -> None:
    with accounts.Client(base_url=server.url, max_retries=0, strict_responses=True) as client:
        server.script(Respond(201, USER, headers={"X-Rate-Limit-Remaining": "41"}))
        with pytest.raises(accounts.ResponseValidationError, match="required field 'Location'|location"):
            client.default.create_user_with_headers("Ann")
        server.script(Respond(201, USER, headers={"Location": "/u/1", "X-Rate-Limit-Remaining": "many"}))
        with pytest.raises(accounts.ResponseValidationError, match="CreateUserHeaders"):
            client.default.create_user_with_headers("Ann")


def test_drifted_headers_and_body_are_kept_with_one_warning(
    accounts: Any, server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.script(Respond(201, {**USER, "name": 7}, headers={"X-Rate-Limit-Remaining": "many"}))
    with accounts.Client(base_url=server.url, max_retries=0) as client:
        result = client.default.create_user_with_headers("Ann")
    assert result.body.name == 7
    assert result.headers.location is accounts.MISSING and result.headers.x_rate_limit_remaining == "many"
    (message,) = [r.getMessage() for r in caplog.records if r.name == accounts.__name__]
    assert "at ['name'], ['headers']['Location'], ['headers']['X-Rate-Limit-Remaining'];" in message


def test_the_async_client_returns_headers_too(accounts: Any, server: FaultServer) -> None:
    import asyncio

    async def main() -> Any:
        server.script(Respond(201, {"id": 3, "name": "Core"}, headers={"X-Request-Id": "r-9"}))
        async with accounts.AsyncClient(base_url=server.url) as client:
            return await client.default.create_team_with_headers("Core")

    result = asyncio.run(main())
    assert result.headers.x_request_id == "r-9" and result.body.id == 3
