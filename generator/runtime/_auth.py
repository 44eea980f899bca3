"""Credentials: which the document's security schemes ask for, and how each is sent.

The access token comes from a string, a callable, or OAuth 2.0 client credentials.
"""

from __future__ import annotations

import base64
import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import Union

import httpx

from ._errors import TokenError, public_url
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
        # Set while no token request is in flight; claim() clears it, release() sets it.
        self._idle = threading.Event()
        self._idle.set()

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, token_url={self.token_url!r})"

    # The sync and the async client share everything but the sending.

    def cached(self) -> str | None:
        """The cached token, if it is still good for at least 30 seconds."""
        if self._token is not None and self._clock() < self._expires_at - 30:
            return self._token
        return None

    def invalidate(self, rejected: str | None) -> None:
        """Forget ``rejected``, unless another caller has already replaced it."""
        with self._lock:
            if self._token == rejected:
                self._token = None

    def claim(self) -> bool:
        """Whether the caller is to fetch the token: False while another fetch is in flight."""
        with self._lock:
            if not self._idle.is_set():
                return False
            self._idle.clear()
            return True

    def release(self) -> None:
        self._idle.set()

    def busy(self) -> bool:
        return not self._idle.is_set()

    def wait(self, timeout: float | None = None) -> None:
        """Block until the fetch in flight ends (for threads; tasks poll ``busy``)."""
        self._idle.wait(timeout)

    def token_request(self, base_url: str = "") -> httpx.Request:
        form = {
            "grant_type": "client_credentials",
            "client_id": self.client_id,
            "client_secret": self._client_secret,
            **({"scope": self.scope} if self.scope else {}),
            **self.extra,
        }
        # OpenAPI resolves a relative token URL against the server's URL.
        url = httpx.URL(base_url.rstrip("/") + "/").join(self.token_url)
        if not base_url:
            url = httpx.URL(self.token_url)
        return httpx.Request(
            "POST", url, data=form, headers={"Accept": "application/json"}
        )

    def accept(self, response: httpx.Response) -> str:
        """Take the token endpoint's answer (a 2xx status already checked)."""
        url = public_url(self.token_url)
        if response.is_redirect:
            where = response.headers.get("Location", "")
            raise TokenError(
                f"HTTP {response.status_code} redirect to {where!r} not followed",
                url=url,
            )
        try:
            body = response.json()
        except ValueError as exc:
            raise TokenError("the answer is not JSON", url=url) from exc
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise TokenError("the answer holds no access_token", url=url)
        self._token, self._expires_at = token, self._clock() + _lifetime(body, url)
        return token


def _lifetime(body: dict[str, object], url: str) -> float:
    """``expires_in`` as seconds: an hour when absent, an error when not a finite count."""
    expires_in = body.get("expires_in")
    if isinstance(expires_in, bool) or not isinstance(expires_in, (int, float)):
        return 3600.0
    try:
        lifetime = float(expires_in)
    except OverflowError as exc:  # an integer of hundreds of digits
        raise TokenError("expires_in is out of range", url=url) from exc
    if not math.isfinite(lifetime) or lifetime < 0:
        raise TokenError(
            f"expires_in is not a finite count of seconds: {lifetime}", url=url
        )
    return lifetime
