"""Reading a file that must be a regular file: never a FIFO that waits forever or a device that never ends."""

from __future__ import annotations

import os
import stat
from pathlib import Path


class NotRegularFile(OSError):
    """A path that names a FIFO, a device or a socket."""


def read_regular(path: Path) -> bytes:
    """The bytes of ``path``, refused (``NotRegularFile``) unless it is a regular file.

    Opened without blocking and checked on the open descriptor: a FIFO would
    otherwise wait for a writer forever, and /dev/zero never ends; checking the
    path before opening it would leave a window to swap the file.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(str(path))
        if not stat.S_ISREG(mode):
            raise NotRegularFile("a FIFO" if stat.S_ISFIFO(mode) else "a device or socket")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read()
    finally:
        os.close(fd)
