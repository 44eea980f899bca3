"""The emitted client over real HTTP, against Prism mocking spec/box.yaml."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from conftest import PrismServer

pytestmark = pytest.mark.usefixtures("generated_on_path")


@pytest.fixture
def client(prism_box: PrismServer) -> Any:
    from box_client import Client

    with Client(token="developer-token", base_url=prism_box.url, strict_responses=True) as c:
        yield c


def test_seed_sample_works_verbatim(client: Any) -> None:
    from box_client.models import SessionTerminationMessage

    group = SimpleNamespace(id="6178859178")
    result = client.session_termination.terminate_groups_sessions([group.id])

    assert isinstance(result, SessionTerminationMessage)
    assert result.message == "Request is successful, please check the admin\nevents for the status of the job"


def test_users_sibling(client: Any) -> None:
    result = client.session_termination.terminate_users_sessions(["123456"], ["user@sample.com"])
    assert result.message and result.message.startswith("Request is successful")


def test_invalid_body_raises_400_with_client_error_fields(client: Any) -> None:
    from box_client import ApiError, BadRequestError
    from box_client.models import ClientError

    with pytest.raises(BadRequestError) as caught:
        client.session_termination.terminate_groups_sessions([123])  # ids must be strings

    error = caught.value
    assert isinstance(error, ApiError)
    assert error.status_code == 400
    # Prism says why it refused the request; our client sent what it was given.
    assert "group_ids.0 must be string" in error.headers["sl-violations"]
    # The ClientError fields, lifted onto the exception and decoded as the model.
    assert error.code == "created"  # Prism's mock picks the enum's first value
    assert error.message == "Method Not Allowed"
    assert error.request_id == "abcdef123456"
    assert error.help_url == "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/"
    assert error.context_info == {"message": "Something went wrong"}
    assert isinstance(error.error, ClientError)
    assert error.error.status == 400
    assert error.raw_body.startswith(b"{") and error.body["type"] == "error"
    assert "400" in str(error) and "abcdef123456" in str(error)


def test_prefer_header_selects_404(client: Any) -> None:
    from box_client import NotFoundError

    with pytest.raises(NotFoundError) as caught:
        client.session_termination.terminate_groups_sessions(["1"], extra_headers={"Prefer": "code=404"})
    assert caught.value.status_code == 404
    assert caught.value.request_id == "abcdef123456"


def test_missing_token_raises_401(prism_box: PrismServer) -> None:
    from box_client import AuthenticationError, Client

    with Client(base_url=prism_box.url) as anonymous:
        with pytest.raises(AuthenticationError) as caught:
            anonymous.session_termination.terminate_groups_sessions(["1"])
    assert caught.value.status_code == 401
    assert "security" in caught.value.headers.get("sl-violations", "")


def test_requests_carry_user_agent_and_json(prism_box: PrismServer) -> None:
    """What went over the wire, seen by a transport hook of httpx (not a mock)."""
    import httpx

    from box_client import Client, __version__

    seen: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [seen.append]}) as http:
        client = Client(token="tok", base_url=prism_box.url, http_client=http)
        client.session_termination.terminate_groups_sessions(["1", "2"])
    request = seen[0]
    assert request.headers["user-agent"].startswith(f"box_client/{__version__}")
    assert request.headers["authorization"] == "Bearer tok"
    assert request.headers["content-type"] == "application/json"
    assert request.content == b'{"group_ids": ["1", "2"]}'
