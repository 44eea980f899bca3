"""Responses beyond the parsed value: streamed bodies and the raw HTTP response."""

from __future__ import annotations

import contextlib
import contextvars
import dataclasses
import os
import zlib
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import IO, Any, Generic, TypeVar

import httpx

from ._errors import ResponseTooLargeError
from ._request_id import request_id

__all__ = [
    "StreamedResponse",
    "AsyncStreamedResponse",
    "RawResponse",
    "raw_response",
    "WithHeaders",
    "read_bounded",
    "aread_bounded",
    "DEFAULT_MAX_RESPONSE_SIZE",
]

DEFAULT_MAX_RESPONSE_SIZE = 100 * 1024 * 1024
"""Bytes a body read whole may have once decompressed (streamed downloads are not bounded)."""

T = TypeVar("T")
H = TypeVar("H")


@dataclasses.dataclass(frozen=True)
class WithHeaders(Generic[T, H]):
    """What a ``<method>_with_headers`` call returns: the body, and the declared headers, typed."""

    body: T
    headers: H


class RawResponse:
    """Filled in by ``raw_response()``: the last HTTP response of the calls in its block."""

    response: httpx.Response | None = None

    @property
    def status_code(self) -> int:
        return self._response().status_code

    @property
    def headers(self) -> httpx.Headers:
        return self._response().headers

    @property
    def request_id(self) -> str | None:
        """The id the server gave the request (``REQUEST_ID_HEADERS``), if it sent one."""
        return request_id(self._response().headers)

    def _response(self) -> httpx.Response:
        if self.response is None:
            raise RuntimeError("no call has completed inside the raw_response() block")
        return self.response


_capture: contextvars.ContextVar[RawResponse | None] = contextvars.ContextVar(
    "raw_response", default=None
)


@contextlib.contextmanager
def raw_response() -> Iterator[RawResponse]:
    """The raw HTTP response (status, headers) of a call, next to the value it returns::

        with raw_response() as raw:
            message = client.session_termination.terminate_groups_sessions(["123"])
        print(raw.status_code, raw.headers["date"], message.message)

    Works for the sync and the async client, and per task or thread.
    """
    captured = RawResponse()
    token = _capture.set(captured)
    try:
        yield captured
    finally:
        _capture.reset(token)


def record(response: httpx.Response) -> None:
    captured = _capture.get()
    if captured is not None:
        captured.response = response


def not_content(response: httpx.Response) -> bool:
    """Read whole even when streaming: errors, redirects, and a 202 to a GET or HEAD
    with ``Retry-After``, which may say "not ready yet" (``_retry.not_ready`` needs
    to know whether it has a body). Any other 202 is content, streamed as asked."""
    status = response.status_code
    return status >= 300 or (
        status == 202
        and "retry-after" in response.headers
        and response.request.method in ("GET", "HEAD")
    )


def read_bounded(response: httpx.Response, limit: int) -> None:
    """``response.read()``, stopped once more than ``limit`` decoded bytes arrived.

    Counted after decompression, piece by piece, so a small gzip bomb is refused
    before it fills memory; ``read()`` alone would inflate it whole.
    """
    body = _Body(response, limit)
    try:
        for data in response.iter_raw() if body.inflater else response.iter_bytes():
            body.add(data)
    except ResponseTooLargeError:
        response.close()
        raise
    body.keep()


async def aread_bounded(response: httpx.Response, limit: int) -> None:
    """The async twin of ``read_bounded``."""
    body = _Body(response, limit)
    try:
        raw = response.aiter_raw() if body.inflater else response.aiter_bytes()
        async for data in raw:
            body.add(data)
    except ResponseTooLargeError:
        await response.aclose()
        raise
    body.keep()


_PIECE = 64 * 1024
# zlib's window bits for each encoding inflated here: gzip's header, zlib's header.
_WINDOW_BITS = {
    "gzip": 16 + zlib.MAX_WBITS,
    "x-gzip": 16 + zlib.MAX_WBITS,
    "deflate": zlib.MAX_WBITS,
}
# What requests say they accept: only encodings inflated in bounded pieces, whatever
# decoders (brotli, zstandard) happen to be installed beside httpx.
ACCEPT_ENCODING = "gzip, deflate"


class _Body:
    """The chunks of a body read whole, and their decoded size so far.

    gzip and deflate, the encodings the client asks for, are inflated here in
    pieces of at most 64 KiB, since httpx inflates each network read whole (up to
    1000 times its size); an encoding the client did not ask for is left to httpx.
    """

    def __init__(self, response: httpx.Response, limit: int) -> None:
        self.response = response
        self.limit = limit
        self.size = 0
        self.chunks: list[bytes] = []
        encoding = response.headers.get("content-encoding", "").strip().lower()
        # A response made whole (a mock transport's) can only be iterated decoded.
        bits = _WINDOW_BITS.get(encoding)
        self.inflater = (
            zlib.decompressobj(bits)
            if bits is not None and not response.is_stream_consumed
            else None
        )
        # "deflate" is meant to be zlib-wrapped, but some servers send it raw.
        self.raw_deflate_tried = bits != zlib.MAX_WBITS

    def add(self, data: bytes) -> None:
        if self.inflater is None:
            self._count(data)
            return
        try:
            while data:
                self._count(self._inflate(data))
                data = self.inflater.unconsumed_tail
        except zlib.error as exc:
            raise httpx.DecodingError(str(exc), request=self.response.request) from exc

    def _inflate(self, data: bytes) -> bytes:
        assert self.inflater is not None
        try:
            return self.inflater.decompress(data, _PIECE)
        except zlib.error:
            if self.raw_deflate_tried or self.size or self.chunks:
                raise
            self.raw_deflate_tried = True
            self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
            return self.inflater.decompress(data, _PIECE)

    def _count(self, piece: bytes) -> None:
        self.size += len(piece)
        if self.size > self.limit:
            raise _too_large(self.response, self.limit)
        self.chunks.append(piece)

    def keep(self) -> None:
        if self.inflater is not None:
            self._count(self.inflater.flush())
        # What ``read()`` itself does; httpx has no public way to hand it the bytes.
        self.response._content = b"".join(self.chunks)


def _too_large(response: httpx.Response, limit: int) -> ResponseTooLargeError:
    request = response.request
    return ResponseTooLargeError(
        f"response body larger than {limit} bytes (max_response_size)",
        method=request.method,
        url=str(request.url.copy_with(query=None)),
    )


class _Streamed:
    def __init__(self, response: httpx.Response) -> None:
        self.response = response

    @property
    def status_code(self) -> int:
        return self.response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.response.headers


class StreamedResponse(_Streamed):
    """A binary body read in chunks as it arrives, never whole into memory.

    Use as a context manager; ``iter_bytes()`` yields the chunks, ``write_to()``
    copies them into a file (a path or a binary file object).
    """

    def iter_bytes(self, chunk_size: int = 64 * 1024) -> Iterator[bytes]:
        return self.response.iter_bytes(chunk_size)

    def write_to(
        self, target: str | os.PathLike[str] | IO[bytes], chunk_size: int = 64 * 1024
    ) -> int:
        """Write the body to ``target``; returns the number of bytes written."""
        written = 0
        with contextlib.ExitStack() as stack:
            file: Any = (
                stack.enter_context(open(target, "wb"))
                if isinstance(target, (str, os.PathLike))
                else target
            )
            for chunk in self.response.iter_bytes(chunk_size):
                file.write(chunk)
                written += len(chunk)
        return written

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> StreamedResponse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncStreamedResponse(_Streamed):
    """The async twin of ``StreamedResponse``."""

    def iter_bytes(self, chunk_size: int = 64 * 1024) -> AsyncIterator[bytes]:
        return self.response.aiter_bytes(chunk_size)

    async def write_to(
        self, target: str | os.PathLike[str] | IO[bytes], chunk_size: int = 64 * 1024
    ) -> int:
        written = 0
        with contextlib.ExitStack() as stack:
            file: Any = (
                stack.enter_context(open(target, "wb"))
                if isinstance(target, (str, os.PathLike))
                else target
            )
            async for chunk in self.response.aiter_bytes(chunk_size):
                file.write(chunk)
                written += len(chunk)
        return written

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStreamedResponse:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
