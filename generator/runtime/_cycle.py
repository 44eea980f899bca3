"""The request cycle: authentication, attempts, retries, errors. Written once.

``BaseClient`` holds the settings and the whole cycle as a generator of actions
(``Send``, ``Sleep``, ``Wait``) that is sent each outcome; the sync and the async
client (``_base_client``) only carry the actions out. Nothing in here does I/O itself.
Redirects are followed here, within the first request's origin only, so that no
credential reaches another host.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Generator, Mapping
from contextlib import ExitStack
from typing import Any, NamedTuple

import httpx

from ._auth import SCHEMES, ClientCredentials, TokenSource, apply, choose
from ._environ import log_attempt
from ._errors import (
    ApiConnectionError,
    ApiTimeoutError,
    CrossOriginRedirectError,
    NotReadyError,
    public_url,
)
from ._request import Body, RequestOptions, encode_body, raise_for_status
from ._response import ACCEPT_ENCODING, DEFAULT_MAX_RESPONSE_SIZE, record
from ._retry import RETRY_COUNT_HEADER, RetryPolicy, counts_retries, not_ready
from ._settings import PACKAGE, VERSION

__all__ = [
    "BaseClient",
    "Send",
    "Sleep",
    "Wait",
    "Headers",
    "Query",
    "Timeout",
    "DEFAULT_TIMEOUT",
]

Headers = Mapping[str, str]
Query = Mapping[str, Any]
Timeout = float | httpx.Timeout | None

DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
"""Ten seconds to connect; sixty for each read, write and wait for a pooled connection."""

# Only visible ASCII: a version with a newline or other control character
# (a YAML block scalar) would make every request's headers invalid.
USER_AGENT = "".join(
    c
    for c in f"{PACKAGE}/{VERSION.strip()} httpx/{httpx.__version__}"
    if " " <= c <= "~"
)

MAX_REDIRECTS = 20

log = logging.getLogger(PACKAGE)


class _RedactQuerySecrets(logging.Filter):
    """Redacts query API keys from httpx's own request log lines (INFO, with the URL)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            isinstance(arg, httpx.URL) for arg in record.args
        ):
            # Still a URL, so the next package's filter (another emitted client
            # in the same process) redacts its own keys too.
            record.args = tuple(
                httpx.URL(public_url(arg)) if isinstance(arg, httpx.URL) else arg
                for arg in record.args
            )
        return True


# On the "httpx" logger itself: its records never reach a handler unredacted,
# whoever configured logging. One filter per emitted package, each for its own keys.
logging.getLogger("httpx").addFilter(_RedactQuerySecrets())


class BaseClient:
    """Settings and decisions shared by the sync and the async client.

    ``max_response_size`` bounds the decoded size of every body read whole (not
    of streamed downloads); set it on a client to change it.
    """

    max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE

    def __init__(
        self,
        *,
        base_url: str,
        token: TokenSource,
        credentials: Mapping[str, object] | None,
        timeout: Timeout,
        max_retries: int,
        retry_policy: RetryPolicy | None,
        headers: Headers | None,
        servers: Mapping[str, str] | None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.retry_policy = retry_policy or RetryPolicy()
        self.timeout = timeout
        self._token = token
        # Other credentials by scheme name: API keys, (username, password) pairs.
        self._credentials = {
            k: v for k, v in (credentials or {}).items() if v is not None
        }
        self._headers = {
            "User-Agent": USER_AGENT,
            "Accept-Encoding": ACCEPT_ENCODING,
            **(headers or {}),
        }
        self._servers = {
            k.rstrip("/"): v.rstrip("/") for k, v in (servers or {}).items()
        }
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        # Never the token or a secret: reprs end up in logs.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _url(
        self, options: RequestOptions[Any], credentials: Mapping[str, str] | None = None
    ) -> httpx.URL:
        if options.base_url:
            root = self._servers.get(options.base_url.rstrip("/"), options.base_url)
        else:
            root = self.base_url
        return options.url(root, credentials)

    def _build(
        self,
        options: RequestOptions[Any],
        body: Body,
        schemes: tuple[str, ...],
        token: str | None,
        timeout: Timeout,
        retry: int,
    ) -> httpx.Request:
        headers = {**self._headers, **options.header_values()}
        # From the client's headers as they are now: a with_options copy may have set it.
        if counts_retries(self._headers) and counts_retries(options.extra_headers):
            headers[RETRY_COUNT_HEADER] = str(retry)
        params: dict[str, str] = {}
        apply(schemes, self._credentials, token, headers, params)
        if body.content_type:
            headers["Content-Type"] = body.content_type
        headers.update(options.extra_headers or {})
        return httpx.Request(
            options.method,
            self._url(options, params),
            headers=headers,
            content=body.content,
            files=body.files,
            extensions={"timeout": httpx.Timeout(timeout).as_dict()},
        )

    # The request cycle, written once as a generator that yields what to do (send a
    # request, or sleep) and is sent the outcome; the sync and the async client
    # only carry out those two actions. Nothing in here does I/O itself.

    def _cycle(
        self,
        options: RequestOptions[Any],
        timeout: Timeout | None,
        max_retries: int | None,
        stream: bool,
    ) -> Generator[Send | Sleep | Wait, Any, httpx.Response]:
        retries = self.max_retries if max_retries is None else max_retries
        limit = self.timeout if timeout is None else timeout
        refreshed = False
        retry = 0
        starts: dict[int, int] = {}
        schemes = choose(options.security, self._has)
        bearer = any(SCHEMES[key][0] == "bearer" for key in schemes)
        options.check_path()  # a refused path parameter raises before a token is fetched
        while True:
            token = (yield from self._access_token(retries)) if bearer else None
            with ExitStack() as opened:
                body = encode_body(options, opened, starts)
                request = self._build(options, body, schemes, token, limit, retry)
                started = time.monotonic()
                try:
                    response: httpx.Response = yield Send(request, stream)
                    response = yield from self._redirects(response, stream)
                except httpx.RequestError as exc:
                    if log.isEnabledFor(logging.DEBUG):
                        log_attempt(request, exc, retry + 1, started)
                    error = _transport_error(exc, request)
                    # Only a failed connection may go better next time: not a
                    # broken body or a redirect loop.
                    delay = (
                        self._wait(retry, retries, request, str(error), None)
                        if body.rewindable and isinstance(exc, httpx.TransportError)
                        else None
                    )
                    if delay is None:
                        raise error from exc
                    yield Sleep(delay)
                    retry += 1
                    continue
            if log.isEnabledFor(logging.DEBUG):
                log_attempt(request, response, retry + 1, started)
            if (
                response.status_code == 401
                and bearer
                and isinstance(self._token, ClientCredentials)
                and not refreshed
            ):
                # A revoked or expired token: fetch a new one, once, and try again.
                refreshed = True
                self._token.invalidate(token)
                continue
            waiting = not_ready(response, options.cast_to)
            if (
                self.retry_policy.retryable_status(response.status_code) or waiting
            ) and body.rewindable:
                why = f"HTTP {response.status_code}" + (" (not ready)" * waiting)
                after = response.headers.get("Retry-After")
                delay = self._wait(retry, retries, request, why, after)
                if delay is not None:
                    yield Sleep(delay)
                    retry += 1
                    continue
            record(response)
            if waiting:  # an empty body is no download: say it never came
                raise NotReadyError(
                    method=request.method,
                    url=public_url(request.url),
                    retry_after=response.headers["Retry-After"],
                    retries=retry,
                )
            return response

    def _has(self, scheme: str) -> bool:
        """Whether the client holds credentials for ``scheme``."""
        if SCHEMES[scheme][0] == "bearer":
            return self._token is not None
        return scheme in self._credentials

    def _redirects(
        self, response: httpx.Response, stream: bool
    ) -> Generator[Send | Sleep | Wait, Any, httpx.Response]:
        """Follow ``response``'s redirects while they stay within the first request's origin.

        httpx sends a redirect to another origin with every header but
        ``Authorization`` and ``Cookie``, API keys included: so those are refused.
        """
        origin = _origin(response.request.url)
        hops = 0
        while response.next_request is not None:
            target = response.next_request
            if _origin(target.url) != origin:
                raise CrossOriginRedirectError(
                    method=response.request.method,
                    url=public_url(response.request.url),
                    location=public_url(target.url),
                )
            hops += 1
            if hops > MAX_REDIRECTS:
                loop = httpx.TooManyRedirects(
                    f"more than {MAX_REDIRECTS} redirects", request=target
                )
                raise _transport_error(loop, target) from loop
            response = yield Send(target, stream)
        return response

    def _access_token(
        self, retries: int
    ) -> Generator[Send | Sleep | Wait, Any, str | None]:
        source = self._token
        if source is None or isinstance(source, str):
            return source
        if not isinstance(source, ClientCredentials):
            return source()
        while True:
            token = source.cached()
            if token is not None:
                return token
            if source.claim():
                try:
                    return (yield from self._fetch_token(source, retries))
                finally:
                    source.release()
            # Another caller is fetching: wait for it, then take its token (or try ourselves).
            yield Wait(source)

    def _fetch_token(
        self, source: ClientCredentials, retries: int
    ) -> Generator[Send | Sleep | Wait, Any, str]:
        """One token request, retried like any other; never following a redirect."""
        retry = 0
        while True:
            request = source.token_request(self.base_url)
            try:
                response: httpx.Response = yield Send(request, False)
            except httpx.TransportError as exc:
                error = _transport_error(exc, request)
                delay = self._wait(retry, retries, request, str(error), None)
                if delay is None:
                    raise error from exc
                yield Sleep(delay)
                retry += 1
                continue
            if self.retry_policy.retryable_status(response.status_code):
                why = f"HTTP {response.status_code}"
                after = response.headers.get("Retry-After")
                delay = self._wait(retry, retries, request, why, after)
                if delay is not None:
                    yield Sleep(delay)
                    retry += 1
                    continue
            raise_for_status(response, None)
            return source.accept(response)

    def _wait(
        self,
        retry: int,
        retries: int,
        request: httpx.Request,
        why: str,
        retry_after: str | None,
    ) -> float | None:
        """Seconds to wait before the next attempt, or None when this failure is final."""
        if retry >= retries:
            return None
        delay = self.retry_policy.delay(retry, retry_after)
        if delay is not None:
            log.info(
                "retrying %s %s in %.2fs (retry %d of %d): %s",
                request.method,
                public_url(request.url),
                delay,
                retry + 1,
                retries,
                why,
            )
        return delay


class Send(NamedTuple):
    request: httpx.Request
    stream: bool  # leave a successful body unread, for the caller to stream


class Sleep(NamedTuple):
    seconds: float


class Wait(NamedTuple):
    """Wait until ``credentials`` has no token request in flight (another caller's)."""

    credentials: ClientCredentials


def _origin(url: httpx.URL) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(url.scheme)
    return (url.scheme, url.host, url.port or default)


def _transport_error(
    exc: httpx.RequestError, request: httpx.Request
) -> ApiConnectionError:
    url = public_url(request.url)
    name = type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return ApiTimeoutError(
            f"request timed out ({name})", method=request.method, url=url
        )
    if isinstance(exc, httpx.DecodingError):
        what = "response body could not be decoded"
    elif isinstance(exc, httpx.TooManyRedirects):
        what = "too many redirects"
    else:
        what = "connection failed"
    return ApiConnectionError(f"{what} ({name})", method=request.method, url=url)
