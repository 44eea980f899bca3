"""A small HTTP/1.1 server on 127.0.0.1 that misbehaves on purpose, as scripted.

Each request takes the next action of the script: answer (optionally after a
delay, optionally a large body piece by piece, counting what was written),
reset the connection, or send fewer body bytes than announced. Every
request is recorded (method, target, headers, body) for the tests to inspect.
Connections are closed after each answer, so every attempt is a new connection.
"""

from __future__ import annotations

import json
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Respond:
    status: int = 200
    body: bytes | Any = b""  # bytes, or anything JSON-encodable
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    chunks: Iterator[bytes] | None = None  # a large body sent piece by piece
    length: int | None = None  # Content-Length for chunks


@dataclass
class Reset:
    """Close the connection with a TCP reset, without answering."""


@dataclass
class Truncate:
    status: int = 200
    body: bytes = b'{"message": "cut sh'
    announced: int = 100


@dataclass
class Recorded:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query)


class FaultServer:
    def __init__(self) -> None:
        self.actions: list[Any] = []
        self.requests: list[Recorded] = []
        self.sent = 0  # body bytes of chunked answers written since the last script()
        self._lock = threading.Lock()
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                server._handle(self)

        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        # Polled every 50 ms, not 500: close() waits for the next poll, once per test module.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def script(self, *actions: Any) -> None:
        with self._lock:
            self.actions = list(actions)
            self.requests = []
            self.sent = 0

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -------------------------------------------------------------- internals

    def _handle(self, handler: socketserver.StreamRequestHandler) -> None:
        request = _read_request(handler)
        if request is None:
            return
        with self._lock:
            self.requests.append(request)
            action = self.actions.pop(0) if self.actions else Respond(500, {"message": "script exhausted"})
        if isinstance(action, Reset):
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.connection.close()
            return
        if isinstance(action, Truncate):
            head = _head(action.status, {"Content-Type": "application/json", "Content-Length": str(action.announced)})
            handler.wfile.write(head + action.body)
            handler.wfile.flush()
            handler.connection.shutdown(socket.SHUT_RDWR)
            return
        time.sleep(action.delay)
        headers = dict(action.headers)
        if action.chunks is not None:
            headers.setdefault("Content-Type", "application/octet-stream")
            headers["Content-Length"] = str(action.length)
            try:
                handler.wfile.write(_head(action.status, headers))
                for chunk in action.chunks:
                    handler.wfile.write(chunk)
                    self.sent += len(chunk)
                handler.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading (a body over its limit)
            return
        body = action.body
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        headers["Content-Length"] = str(len(body))
        try:
            handler.wfile.write(_head(action.status, headers) + body)
            handler.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout)


def _head(status: int, headers: dict[str, str]) -> bytes:
    lines = [f"HTTP/1.1 {status} Scripted", "Connection: close", *(f"{k}: {v}" for k, v in headers.items())]
    # UTF-8, as a hostile server may send it; ASCII, the usual case, is the same either way.
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _read_request(handler: socketserver.StreamRequestHandler) -> Recorded | None:
    line = handler.rfile.readline(65537).decode("latin-1").strip()
    if not line:
        return None
    method, target, _ = line.split(" ", 2)
    headers: dict[str, str] = {}
    while True:
        header = handler.rfile.readline(65537).decode("latin-1")
        if header in ("\r\n", "\n", ""):
            break
        name, _, value = header.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = handler.rfile.read(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while True:
            size = int(handler.rfile.readline().strip().split(b";")[0], 16)
            if size == 0:
                handler.rfile.readline()
                break
            parts.append(handler.rfile.read(size))
            handler.rfile.readline()
        body = b"".join(parts)
    else:
        body = b""
    return Recorded(method, target, headers, body)


class Waits:
    """Records the waits the client chooses, instead of waiting."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)

    async def asleep(self, seconds: float) -> None:
        self.seconds.append(seconds)
