"""The errors this package raises; every one is a ``SdkError``."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote_plus

import httpx

from ._settings import SCHEMES

__all__ = [
    "SdkError",
    "ApiConnectionError",
    "ApiTimeoutError",
    "ResponseTooLargeError",
    "CrossOriginRedirectError",
    "NotReadyError",
    "TokenError",
    "ResponseValidationError",
    "ApiError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
    "error_class_for_status",
    "public_url",
]

_QUERY_SECRETS = frozenset(
    wire for _, location, wire in SCHEMES.values() if location == "query"
)


def public_url(url: httpx.URL | str) -> str:
    """The URL fit to print: no user info, and query API keys as ``***``.

    Every URL that goes into a log line or an error's text passes through here:
    errors are logged and reported, and a key in them would travel with them.
    """
    url = httpx.URL(url)
    if url.userinfo:
        url = url.copy_with(username=None, password=None)
    if _QUERY_SECRETS and url.query:
        parts = url.query.decode("ascii", "replace").split("&")
        kept = [
            f"{name}=***" if unquote_plus(name) in _QUERY_SECRETS else part
            for part, name in ((p, p.partition("=")[0]) for p in parts)
        ]
        url = url.copy_with(query="&".join(kept).encode("ascii", "replace"))
    return str(url)


class SdkError(Exception):
    """Base of every error raised by this package."""


class ApiConnectionError(SdkError):
    """The request got no usable response: the connection failed or was dropped,
    redirects looped, or the body could not be decompressed or was too large."""

    def __init__(self, message: str, *, method: str, url: str) -> None:
        super().__init__(f"{message}: {method} {url}")
        self.method = method
        self.url = url


class ApiTimeoutError(ApiConnectionError):
    """The server did not answer in time."""


class ResponseTooLargeError(ApiConnectionError):
    """The decoded body passed the client's ``max_response_size``; the rest was not read.

    Streamed downloads (``stream``) are not bounded: their caller reads them.
    """


class CrossOriginRedirectError(SdkError):
    """The server redirected to another origin, which is not followed.

    Following would carry the credentials (API keys, cookies, tokens) to a
    host they were not given for. ``location`` is where the server pointed.
    """

    def __init__(self, *, method: str, url: str, location: str) -> None:
        super().__init__(
            f"redirect to another origin not followed: {method} {url} -> {location}"
        )
        self.method = method
        self.url = url
        self.location = location


class NotReadyError(SdkError):
    """The server kept answering 202 with ``Retry-After`` ("not ready yet") to a
    download or other read until the retries ran out, or asked for a longer wait
    than ``RetryPolicy.retry_after_cap``.

    ``retry_after`` is the last header's value, ``retries`` the retries made.
    """

    def __init__(
        self, *, method: str, url: str, retry_after: str, retries: int
    ) -> None:
        super().__init__(
            f"not ready after {retries} retries (HTTP 202, Retry-After: "
            f"{retry_after[:40]!r}): {method} {url}"
        )
        self.method = method
        self.url = url
        self.retry_after = retry_after
        self.retries = retries


class TokenError(SdkError):
    """The token endpoint answered, but not with a usable access token.

    Its redirects are never followed (the client secret would go with them): a
    redirect is this error too, with the location in the message.
    """

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(f"{message} (token endpoint {url})")
        self.url = url


class ResponseValidationError(SdkError):
    """The server answered, but not with what the API description promises.

    ``raw_body`` holds the body as received, for diagnosis.
    """

    def __init__(self, message: str, *, response: httpx.Response) -> None:
        request = response.request
        super().__init__(
            f"{message} (HTTP {response.status_code} from {request.method} {public_url(request.url)})"
        )
        self.status_code = response.status_code
        self.headers = response.headers
        self.raw_body = response.content


class ApiError(SdkError):
    """The server answered with an error status (anything but 1xx, 2xx and 3xx).

    The fields of the error body (``code``, ``message``, ``request_id``,
    ``help_url``, ``context_info``) are lifted onto the exception when present;
    ``error`` is the body decoded as the error type the operation declares,
    ``body`` the decoded JSON and ``raw_body`` the bytes as received.
    """

    def __init__(self, response: httpx.Response, error: Any = None) -> None:
        request = response.request
        self.status_code: int = response.status_code
        self.method: str = request.method
        self.url: str = public_url(request.url)
        self.headers: httpx.Headers = response.headers
        self.raw_body: bytes = response.content
        self.body: Any = _json_or_none(response.content)
        self.error: Any = error
        fields = self.body if isinstance(self.body, dict) else {}
        self.code: str | None = _str_or_none(fields.get("code"))
        self.message: str | None = _str_or_none(fields.get("message"))
        self.request_id: str | None = _str_or_none(fields.get("request_id"))
        self.help_url: str | None = _str_or_none(fields.get("help_url"))
        context_info = fields.get("context_info")
        self.context_info: dict[str, Any] | None = (
            context_info if isinstance(context_info, dict) else None
        )
        super().__init__(self._describe(response.reason_phrase))

    def _describe(self, reason: str) -> str:
        text = f"HTTP {self.status_code} {reason} from {self.method} {self.url}"
        details = [
            f"{k}={v!r}"
            for k, v in (
                ("code", self.code),
                ("message", self.message),
                ("request_id", self.request_id),
            )
            if v
        ]
        return f"{text}: {', '.join(details)}" if details else text


class BadRequestError(ApiError):
    """HTTP 400: the request is malformed or a parameter is invalid."""


class AuthenticationError(ApiError):
    """HTTP 401: the access token is missing, invalid or expired."""


class PermissionDeniedError(ApiError):
    """HTTP 403: the token does not allow this request."""


class NotFoundError(ApiError):
    """HTTP 404: the resource does not exist or is not visible to this token."""


class ConflictError(ApiError):
    """HTTP 409: the request conflicts with the current state of the resource."""


class UnprocessableEntityError(ApiError):
    """HTTP 422: the request is well-formed but cannot be processed."""


class RateLimitError(ApiError):
    """HTTP 429: too many requests; see the ``Retry-After`` header."""


class InternalServerError(ApiError):
    """HTTP 5xx: the server failed."""


_BY_STATUS: dict[int, type[ApiError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status: int) -> type[ApiError]:
    """The most specific ``ApiError`` subclass for an HTTP status."""
    if status >= 500:
        return InternalServerError
    return _BY_STATUS.get(status, ApiError)


def _json_or_none(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, RecursionError):
        return None


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)
