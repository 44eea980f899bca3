"""Credentials: which the document's security schemes ask for, and how each is sent.

The access token comes from a string, a callable, or OAuth 2.0 client credentials.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Callable, Mapping
from typing import Union

import httpx

from ._settings import DEFAULT_SECURITY, DEFAULT_TOKEN_URL, SCHEMES

__all__ = [
    "ClientCredentials",
    "TokenSource",
    "DEFAULT_TOKEN_URL",
    "SCHEMES",
    "DEFAULT_SECURITY",
    "Security",
    "basic",
    "choose",
    "apply",
]

Security = tuple[tuple[str, ...], ...]
"""Alternatives, each the names of the schemes to use together (OpenAPI's ``security``)."""


def basic(username: str | None, password: str | None) -> tuple[str, str] | None:
    """HTTP basic credentials, when both parts are given."""
    if username is None or password is None:
        return None
    return (username, password)


def choose(security: Security | None, has: Callable[[str], bool]) -> tuple[str, ...]:
    """The first alternative whose every scheme has credentials; () if none has.

    With (), nothing is sent: an operation open to all needs nothing, and for
    the others the server's answer (401) says more than a guess would.
    """
    for alternative in DEFAULT_SECURITY if security is None else security:
        if all(has(key) for key in alternative):
            return alternative
    return ()


def apply(
    schemes: tuple[str, ...],
    credentials: Mapping[str, object],
    token: str | None,
    headers: dict[str, str],
    params: dict[str, str],
) -> None:
    """Put the credentials of ``schemes`` where each scheme says."""
    cookies = []
    for key in schemes:
        kind, location, wire = SCHEMES[key]
        value = credentials.get(key)
        if kind == "bearer":
            headers["Authorization"] = f"Bearer {token}"
        elif kind == "basic" and isinstance(value, tuple):
            pair = f"{value[0]}:{value[1]}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        elif location == "header":
            headers[wire] = str(value)
        elif location == "query":
            params[wire] = str(value)
        else:
            cookies.append(f"{wire}={value}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)


TokenSource = Union[str, Callable[[], str], "ClientCredentials", None]
"""What ``Client(token=...)`` accepts."""


class ClientCredentials:
    """OAuth 2.0 client credentials: a token fetched from the token endpoint and cached.

    The token is fetched on first use and again shortly before it expires, or
    once when the API answers 401 (a revoked token). ``extra`` goes into the token
    request as further form fields (for Box: ``box_subject_type`` and
    ``box_subject_id``). The secret and the token never appear in ``repr()``.
    """

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        token_url: str | None = None,
        scope: str | None = None,
        extra: Mapping[str, str] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        url = token_url or DEFAULT_TOKEN_URL
        if not url:
            raise ValueError("the API description names no token URL: pass token_url")
        self.client_id = client_id
        self._client_secret = client_secret
        self.token_url: str = url
        self.scope = scope
        self.extra = dict(extra or {})
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, token_url={self.token_url!r})"

    # The sync and the async client share everything but the sending.

    def cached(self) -> str | None:
        """The cached token, if it is still good for at least 30 seconds."""
        if self._token is not None and self._clock() < self._expires_at - 30:
            return self._token
        return None

    def invalidate(self) -> None:
        self._token = None

    def token_request(self) -> httpx.Request:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            **({"scope": self.scope} if self.scope else {}),
            **self.extra,
        }
        return httpx.Request(
            "POST", self.token_url, data=form, headers={"Accept": "application/json"}
        )

    def accept(self, response: httpx.Response) -> str:
        """Take the token endpoint's answer (its status already checked)."""
        body = response.json()
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise ValueError("the token endpoint answered without an access_token")
        expires_in = body.get("expires_in")
        lifetime = float(expires_in) if isinstance(expires_in, (int, float)) else 3600.0
        self._token, self._expires_at = token, self._clock() + lifetime
        return token
