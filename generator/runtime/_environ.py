"""Settings from environment variables, and the debug log of each attempt.

The variables are named with ``ENV_PREFIX`` (``[tool.generator] env-prefix``):
``<prefix>BASE_URL``, ``<prefix>TOKEN`` and ``<prefix>LOG`` (``debug`` or
``info``). An argument given to the client wins over its variable; with no
prefix, nothing is read.
"""

from __future__ import annotations

import logging
import os
import time
from typing import TypeVar

import httpx

from ._errors import SdkError, public_url
from ._settings import ENV_PREFIX, PACKAGE

__all__ = ["from_environment", "log_attempt"]

T = TypeVar("T")

log = logging.getLogger(PACKAGE)

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}


def from_environment(
    base_url: str | None, token: T, default_base_url: str | None
) -> tuple[str, T | str | None]:
    """The base URL and the token: the arguments, else the variables, else the defaults.

    Sets up the package logger's handler as ``<prefix>LOG`` asks (once per process).
    """
    _configure_logging()
    url = base_url if base_url is not None else _get("BASE_URL") or default_base_url
    if url is None:
        name = f"{ENV_PREFIX}BASE_URL" if ENV_PREFIX else None
        raise SdkError(
            "no base URL: pass base_url=" + (f" or set {name}" if name else "")
        )
    return url, token if token is not None else _get("TOKEN")


def _get(name: str) -> str | None:
    if not ENV_PREFIX:
        return None
    return os.environ.get(ENV_PREFIX + name) or None


_configured: list[logging.Handler] = []


def _configure_logging() -> None:
    level = _LEVELS.get((_get("LOG") or "").strip().lower())
    if level is None or _configured:
        return
    # The package's logger only: the application's own logging stays as it was.
    handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s")
    )
    log.addHandler(handler)
    log.setLevel(level)
    _configured.append(handler)


def log_attempt(
    request: httpx.Request,
    outcome: httpx.Response | BaseException,
    attempt: int,
    started: float,
) -> None:
    """One attempt at DEBUG: method, URL (secrets redacted), status or error, attempt, time."""
    result = (
        str(outcome.status_code)
        if isinstance(outcome, httpx.Response)
        else type(outcome).__name__
    )
    log.debug(
        "%s %s -> %s (attempt %d, %.3fs)",
        request.method,
        public_url(request.url),
        result,
        attempt,
        time.monotonic() - started,
    )
