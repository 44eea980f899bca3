"""Reading a file that must be a regular file: never a FIFO that waits forever or a device that never ends.

``read_document`` is the first step of load (``generator.load`` re-exports it as
``read``): here, away from YAML's loader, because a run replayed from the cache
reads the document's bytes and nothing more.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from generator.errors import SpecError


class NotRegularFile(OSError):
    """A path that names a FIFO, a device or a socket."""


# Read without blocking, close on exec, and (Windows) without newline translation.
_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def read_regular(path: Path | str) -> bytes:
    """The bytes of ``path``, refused (``NotRegularFile``) unless it is a regular file.

    Opened without blocking and checked on the open descriptor: a FIFO would
    otherwise wait for a writer forever, and /dev/zero never ends; checking the
    path before opening it would leave a window to swap the file.
    """
    fd = os.open(path, _FLAGS)
    try:
        status = os.fstat(fd)
        if stat.S_ISDIR(status.st_mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile("a FIFO" if stat.S_ISFIFO(status.st_mode) else "a device or socket")
        # os.read, not a file object: a regeneration reads every file of the output, and
        # the object's set-up showed in profiles. One read takes a file whose size is
        # known; more follow until the end (one that grows, or one whose size says 0).
        chunks = []
        while chunk := os.read(fd, max(status.st_size + 1, 1 << 16)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def read_document(path: Path) -> bytes:
    """The bytes of the document at ``path``, a regular file; every failure is a ``SpecError``."""
    name = str(path)
    try:
        return read_regular(path)
    except NotRegularFile as exc:
        raise SpecError(name, "", f"is {exc}, not a regular file", "give the path of a YAML or JSON file") from None
    except FileNotFoundError:
        raise SpecError(name, "", "file not found", "check the path") from None
    except IsADirectoryError:
        raise SpecError(name, "", "is a directory, not an OpenAPI document") from None
    except OSError as exc:
        raise SpecError(name, "", f"cannot read file: {exc.strerror}") from None
