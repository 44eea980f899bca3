"""Upload bodies read from files (a path, a binary file object), sent by the async client.

Such a body is built once for both clients, as an iterator of chunks, which the
async transport cannot send. Here its chunks are read one at a time in a worker
thread, so a slow disk (or a network file system) does not stall the event loop;
bytes and multipart bodies are sent as they are.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx

__all__ = ["for_async"]


class _ChunksInThreads(httpx.AsyncByteStream):
    def __init__(self, chunks: httpx.SyncByteStream) -> None:
        self._chunks = chunks

    async def __aiter__(self) -> AsyncIterator[bytes]:
        import anyio.to_thread  # httpx's own dependency; only file uploads pay for it

        chunks: Iterator[bytes] = iter(self._chunks)
        while True:
            chunk = await anyio.to_thread.run_sync(next, chunks, None)
            if chunk is None:
                return
            yield chunk


def for_async(request: httpx.Request) -> httpx.Request:
    """``request``, its body made readable by the async transport if it was not."""
    stream = request.stream
    if not isinstance(stream, httpx.AsyncByteStream) and isinstance(
        stream, httpx.SyncByteStream
    ):
        request.stream = _ChunksInThreads(stream)
    return request
