"""``with_raw_response`` and ``with_streaming_response``: a method's HTTP response, its value on demand.

``<group>.with_raw_response.<method>(...)`` returns a ``RawAPIResponse[T]`` where
the method returns ``T``; ``<group>.with_streaming_response.<method>(...)`` a
context manager that sends on entry and gives a ``StreamedAPIResponse[T]``, whose
body is read only when asked. The method itself runs unchanged: a context
variable, set around the call, tells the client's ``request`` to hand back the
response instead of the value (each task and thread has its own).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from types import TracebackType
from typing import Any, Generic, ParamSpec, TypeVar, cast

import httpx

from ._decoding import decoded
from ._request import RequestOptions, raise_for_status
from ._request_id import request_id
from ._response import aread_bounded, read_bounded

__all__ = [
    "RawAPIResponse",
    "StreamedAPIResponse",
    "AsyncStreamedAPIResponse",
    "ResponseContextManager",
    "AsyncResponseContextManager",
    "to_raw_response",
    "async_to_raw_response",
    "to_streamed_response",
    "async_to_streamed_response",
]

P = ParamSpec("P")
T = TypeVar("T")

RAW = "raw"
STREAM = "stream"
wanted: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "wanted", default=None
)
"""What the client's ``request`` returns: the value (None), or RAW or STREAM."""


class _Response:
    def __init__(
        self, response: httpx.Response, options: RequestOptions[Any], strict: bool
    ) -> None:
        self.http_response = response
        self._options = options
        self._strict = strict

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The id the server gave the request (``REQUEST_ID_HEADERS``), if it sent one."""
        return request_id(self.http_response.headers)

    def _decode(self) -> Any:
        # As the method itself decodes: leniently unless the client is strict.
        return decoded(self.http_response, self._options, self._strict)


class RawAPIResponse(_Response, Generic[T]):
    """A method's HTTP response, read whole; ``parse()`` decodes what the method returns."""

    @property
    def content(self) -> bytes:
        return self.http_response.content

    @property
    def text(self) -> str:
        return self.http_response.text

    def parse(self) -> T:
        """The method's value (``ResponseValidationError`` if the body does not match)."""
        return cast(T, self._decode())


class _Unread(_Response):
    """A response whose body is read only when asked, up to ``max_response_size``."""

    def __init__(
        self,
        response: httpx.Response,
        options: RequestOptions[Any],
        strict: bool,
        limit: int,
    ) -> None:
        super().__init__(response, options, strict)
        self._limit = limit


class StreamedAPIResponse(_Unread, Generic[T]):
    """A method's HTTP response, body unread: ``iter_bytes()``, ``read()`` or ``parse()`` it."""

    def iter_bytes(self, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def read(self) -> bytes:
        """The whole body (at most ``max_response_size`` bytes once decompressed)."""
        if not self.http_response.is_stream_consumed:
            read_bounded(self.http_response, self._limit)
        return self.http_response.content

    def parse(self) -> T:
        """The method's value: the body read whole and decoded."""
        self.read()
        return cast(T, self._decode())

    def close(self) -> None:
        self.http_response.close()


class AsyncStreamedAPIResponse(_Unread, Generic[T]):
    """The async twin of ``StreamedAPIResponse``."""

    def iter_bytes(self, chunk_size: int = 64 * 1024) -> AsyncIterator[bytes]:
        return self.http_response.aiter_bytes(chunk_size)

    async def read(self) -> bytes:
        if not self.http_response.is_stream_consumed:
            await aread_bounded(self.http_response, self._limit)
        return self.http_response.content

    async def parse(self) -> T:
        await self.read()
        return cast(T, self._decode())

    async def close(self) -> None:
        await self.http_response.aclose()


def respond(
    kind: str,
    response: httpx.Response,
    options: RequestOptions[Any],
    limit: int,
    strict: bool,
    streamed: type[_Unread] = StreamedAPIResponse,
) -> Any:
    """What ``request`` returns when a wrapper below asked for the response (``kind``);
    ``streamed`` is the async client's ``AsyncStreamedAPIResponse``."""
    raise_for_status(response, options.errors)
    if kind == RAW:
        return RawAPIResponse[Any](response, options, strict)
    return streamed(response, options, strict, limit)


class ResponseContextManager(Generic[T]):
    """Sends on entry; closes the response (its connection back to the pool) on exit."""

    def __init__(self, send: Callable[[], StreamedAPIResponse[T]]) -> None:
        self._send = send
        self._response: StreamedAPIResponse[T] | None = None

    def __enter__(self) -> StreamedAPIResponse[T]:
        self._response = self._send()
        return self._response

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[T]):
    """The async twin of ``ResponseContextManager`` (``async with``)."""

    def __init__(self, send: Callable[[], Awaitable[AsyncStreamedAPIResponse[T]]]):
        self._send = send
        self._response: AsyncStreamedAPIResponse[T] | None = None

    async def __aenter__(self) -> AsyncStreamedAPIResponse[T]:
        self._response = await self._send()
        return self._response

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._response is not None:
            await self._response.close()


def to_raw_response(method: Callable[P, T]) -> Callable[P, RawAPIResponse[T]]:
    """``method``, returning its ``RawAPIResponse`` instead of its value."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawAPIResponse[T]:
        token = wanted.set(RAW)
        try:
            return cast(RawAPIResponse[T], method(*args, **kwargs))
        finally:
            wanted.reset(token)

    return call


def async_to_raw_response(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[RawAPIResponse[T]]]:
    """``to_raw_response`` for an async method."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawAPIResponse[T]:
        token = wanted.set(RAW)
        try:
            return cast(RawAPIResponse[T], await method(*args, **kwargs))
        finally:
            wanted.reset(token)

    return call


def to_streamed_response(
    method: Callable[P, T],
) -> Callable[P, ResponseContextManager[T]]:
    """``method``, as a context manager giving its ``StreamedAPIResponse``."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[T]:
        def send() -> StreamedAPIResponse[T]:
            token = wanted.set(STREAM)
            try:
                return cast(StreamedAPIResponse[T], method(*args, **kwargs))
            finally:
                wanted.reset(token)

        return ResponseContextManager(send)

    return call


def async_to_streamed_response(
    method: Callable[P, Awaitable[T]],
) -> Callable[P, AsyncResponseContextManager[T]]:
    """``to_streamed_response`` for an async method (``async with``)."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[T]:
        async def send() -> AsyncStreamedAPIResponse[T]:
            token = wanted.set(STREAM)
            try:
                return cast(AsyncStreamedAPIResponse[T], await method(*args, **kwargs))
            finally:
                wanted.reset(token)

        return AsyncResponseContextManager(send)

    return call
