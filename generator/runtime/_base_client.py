"""The sync and the async client, and the base of their resources.

The request cycle itself is written once, in ``_cycle.BaseClient``, as a
generator of actions: ``SyncAPIClient`` and ``AsyncAPIClient`` only carry the
actions out: send, sleep, or wait for another caller's token request. Every resource method ends in one of their
``request`` (or ``stream``) methods.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from types import TracebackType
from typing import Any, TypeVar, cast

import httpx

from ._async_body import for_async
from ._cycle import (
    DEFAULT_TIMEOUT,
    BaseClient,
    Headers,
    Query,
    Send,
    Sleep,
    Timeout,
    Wait,
)
from ._decoding import decoded, decoded_with_headers
from ._errors import SdkError
from ._options import WithOptions
from ._raw import STREAM, AsyncStreamedAPIResponse, respond, wanted
from ._request import RequestOptions, raise_for_status
from ._response import (
    AsyncStreamedResponse,
    StreamedResponse,
    WithHeaders,
    aread_bounded,
    not_content,
    read_bounded,
)
from ._serde import Model

__all__ = [
    "BaseClient",
    "SyncAPIClient",
    "AsyncAPIClient",
    "Resource",
    "AsyncResource",
    "Headers",
    "Query",
    "Timeout",
    "DEFAULT_TIMEOUT",
]

T = TypeVar("T")
M = TypeVar("M", bound=Model)


class SyncAPIClient(WithOptions, BaseClient):
    """Sends with an ``httpx.Client``; waits with ``time.sleep`` (or ``sleep=``)."""

    def __init__(
        self,
        *,
        http_client: httpx.Client | None,
        sleep: Callable[[float], None] | None,
        strict_responses: bool = False,
        **settings: Any,
    ) -> None:
        super().__init__(**settings)
        self.strict_responses = strict_responses
        self._http_client = http_client
        self._owns_http_client = http_client is None
        if http_client is not None and self.timeout is DEFAULT_TIMEOUT:
            # Nobody chose a timeout for us: the caller's client keeps its own.
            self.timeout = http_client.timeout
        self._sleep = sleep or time.sleep

    @property
    def _http(self) -> httpx.Client:
        # Created on first use: its TLS context costs more than importing the
        # whole package, and a client that never sends should not pay for it.
        if self._http_client is None:
            with self._lock:
                if self._http_client is None:
                    self._http_client = httpx.Client(
                        timeout=self.timeout, follow_redirects=True
                    )
        return self._http_client

    def close(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http_client and self._http_client is not None:
            self._http_client.close()
            self._http_client = None

    def __enter__(self: T) -> T:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def request(
        self,
        options: RequestOptions[T],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        """Send until a final answer (retrying what may be retried) and decode it."""
        kind = wanted.get()  # set by with_raw_response / with_streaming_response
        response = self._run(self._cycle(options, timeout, max_retries, kind == STREAM))
        if kind is not None:
            return cast(
                T,
                respond(
                    kind,
                    response,
                    options,
                    self.max_response_size,
                    self.strict_responses,
                ),
            )
        return decoded(response, options, self.strict_responses)

    def request_with_headers(
        self,
        options: RequestOptions[T],
        model: type[M],
        kinds: Mapping[str, str],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> WithHeaders[T, M]:
        """``request``, and the response headers the operation declares, as ``model``."""
        response = self._run(self._cycle(options, timeout, max_retries, stream=False))
        strict = self.strict_responses
        return WithHeaders(
            *decoded_with_headers(response, options, strict, model, kinds)
        )

    def request_page(
        self,
        options: RequestOptions[T],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> tuple[T, httpx.Response]:
        """``request``, and the response it came in: a walk over pages reads its headers."""
        response = self._run(self._cycle(options, timeout, max_retries, stream=False))
        return (
            decoded(response, options, self.strict_responses),
            response,
        )

    def stream(
        self,
        options: RequestOptions[Any],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> StreamedResponse:
        """Send like ``request``, but hand over the body unread, to be read in chunks."""
        response = self._run(self._cycle(options, timeout, max_retries, stream=True))
        raise_for_status(response, options.errors)
        return StreamedResponse(response)

    def _run(
        self, cycle: Generator[Send | Sleep | Wait, Any, httpx.Response]
    ) -> httpx.Response:
        try:
            return self._drive(cycle)
        finally:
            # Whatever ended the run (even KeyboardInterrupt), the cycle's own
            # cleanup runs now: a token fetch it claimed is released to others.
            cycle.close()

    def _drive(
        self, cycle: Generator[Send | Sleep | Wait, Any, httpx.Response]
    ) -> httpx.Response:
        outcome: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = (
                    cycle.throw(failure) if failure is not None else cycle.send(outcome)
                )
            except StopIteration as done:
                return cast(httpx.Response, done.value)
            outcome = failure = None
            if isinstance(action, Sleep):
                self._sleep(action.seconds)
                continue
            if isinstance(action, Wait):
                action.credentials.wait()
                continue
            try:
                # The cycle follows redirects itself, within one origin.
                outcome = self._http.send(
                    action.request, stream=True, follow_redirects=False
                )
                if not action.stream or not_content(outcome):
                    read_bounded(outcome, self.max_response_size)
            except (httpx.RequestError, SdkError) as exc:
                # Into the cycle, which turns each into a SdkError (or retries it).
                failure = exc


class AsyncAPIClient(WithOptions, BaseClient):
    """Sends with an ``httpx.AsyncClient``; waits with ``asyncio.sleep`` (or ``sleep=``)."""

    def __init__(
        self,
        *,
        http_client: httpx.AsyncClient | None,
        sleep: Callable[[float], Awaitable[None]] | None,
        strict_responses: bool = False,
        **settings: Any,
    ) -> None:
        super().__init__(**settings)
        self.strict_responses = strict_responses
        self._http_client = http_client
        self._owns_http_client = http_client is None
        if http_client is not None and self.timeout is DEFAULT_TIMEOUT:
            # Nobody chose a timeout for us: the caller's client keeps its own.
            self.timeout = http_client.timeout
        self._sleep_with = sleep

    async def _sleep(self, seconds: float) -> None:
        if self._sleep_with is not None:
            await self._sleep_with(seconds)
        else:
            import asyncio  # only async users pay for importing asyncio

            await asyncio.sleep(seconds)

    @property
    def _http(self) -> httpx.AsyncClient:
        if self._http_client is None:
            with self._lock:
                if self._http_client is None:
                    self._http_client = httpx.AsyncClient(
                        timeout=self.timeout, follow_redirects=True
                    )
        return self._http_client

    async def close(self) -> None:
        """Close the connection pool (only when this client created it)."""
        if self._owns_http_client and self._http_client is not None:
            await self._http_client.aclose()
            self._http_client = None

    async def __aenter__(self: T) -> T:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def request(
        self,
        options: RequestOptions[T],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> T:
        """Send until a final answer (retrying what may be retried) and decode it."""
        kind = wanted.get()  # set by with_raw_response / with_streaming_response
        response = await self._run(
            self._cycle(options, timeout, max_retries, kind == STREAM)
        )
        if kind is not None:
            return cast(
                T,
                respond(
                    kind,
                    response,
                    options,
                    self.max_response_size,
                    self.strict_responses,
                    AsyncStreamedAPIResponse,
                ),
            )
        return decoded(response, options, self.strict_responses)

    async def request_with_headers(
        self,
        options: RequestOptions[T],
        model: type[M],
        kinds: Mapping[str, str],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> WithHeaders[T, M]:
        """``request``, and the response headers the operation declares, as ``model``."""
        response = await self._run(
            self._cycle(options, timeout, max_retries, stream=False)
        )
        strict = self.strict_responses
        return WithHeaders(
            *decoded_with_headers(response, options, strict, model, kinds)
        )

    async def request_page(
        self,
        options: RequestOptions[T],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> tuple[T, httpx.Response]:
        """``request``, and the response it came in: a walk over pages reads its headers."""
        response = await self._run(
            self._cycle(options, timeout, max_retries, stream=False)
        )
        return (
            decoded(response, options, self.strict_responses),
            response,
        )

    async def stream(
        self,
        options: RequestOptions[Any],
        *,
        timeout: Timeout | None = None,
        max_retries: int | None = None,
    ) -> AsyncStreamedResponse:
        """Send like ``request``, but hand over the body unread, to be read in chunks."""
        response = await self._run(
            self._cycle(options, timeout, max_retries, stream=True)
        )
        raise_for_status(response, options.errors)
        return AsyncStreamedResponse(response)

    async def _run(
        self, cycle: Generator[Send | Sleep | Wait, Any, httpx.Response]
    ) -> httpx.Response:
        try:
            return await self._drive(cycle)
        finally:
            # A cancelled task too: a token fetch it claimed is released to others.
            cycle.close()

    async def _drive(
        self, cycle: Generator[Send | Sleep | Wait, Any, httpx.Response]
    ) -> httpx.Response:
        outcome: Any = None
        failure: BaseException | None = None
        while True:
            try:
                action = (
                    cycle.throw(failure) if failure is not None else cycle.send(outcome)
                )
            except StopIteration as done:
                return cast(httpx.Response, done.value)
            outcome = failure = None
            if isinstance(action, Sleep):
                await self._sleep(action.seconds)
                continue
            if isinstance(action, Wait):
                await _until_idle(action)
                continue
            try:
                # The cycle follows redirects itself, within one origin.
                outcome = await self._http.send(
                    for_async(action.request), stream=True, follow_redirects=False
                )
                if not action.stream or not_content(outcome):
                    await aread_bounded(outcome, self.max_response_size)
            except (httpx.RequestError, SdkError) as exc:
                failure = exc


async def _until_idle(action: Wait) -> None:
    # Polled, not awaited on an event: the fetch may run in another thread's loop.
    import asyncio

    while action.credentials.busy():
        await asyncio.sleep(0.005)


class Resource:
    """A group of operations of the sync client."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"


class AsyncResource:
    """A group of operations of the async client."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._client!r})"
