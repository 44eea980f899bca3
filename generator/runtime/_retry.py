"""When to retry a request, how long to wait first, and how a retry says it is one."""

from __future__ import annotations

import dataclasses
import random as _random
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ._settings import PACKAGE

__all__ = [
    "RetryPolicy",
    "DEFAULT_MAX_RETRIES",
    "RETRY_STATUSES",
    "RETRY_COUNT_HEADER",
    "counts_retries",
    "not_ready",
]

DEFAULT_MAX_RETRIES = 2
"""Retries after the first attempt, unless the client or the call says otherwise."""

RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

# Sent on every attempt, 0 on the first, as Stainless SDKs send x-stainless-retry-count:
# a server can tell a retry from a new request. Named after the package (box_client:
# X-Box-Client-Retry-Count), its ASCII letters and digits only.
RETRY_COUNT_HEADER = "-".join(
    ["X"]
    + [w[0].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", PACKAGE) if w]
    + ["Retry-Count"]
)


def counts_retries(headers: Mapping[str, str] | None) -> bool:
    """Whether the retry count is ours to send: the caller set no such header (in any case)."""
    name = RETRY_COUNT_HEADER.lower()
    return not headers or all(key.lower() != name for key in headers)


def not_ready(response: httpx.Response, cast_to: Any) -> bool:
    """A "not ready yet" answer: 202 with ``Retry-After`` and no body, to a GET or HEAD
    whose operation answers with a body (a download, a thumbnail not yet made).

    Asked again after the wait, like a retryable status. Only safe methods: a 202
    to a POST is an accepted job, and asking again would submit it again.
    """
    return (
        response.status_code == 202
        and "retry-after" in response.headers
        and response.request.method in ("GET", "HEAD")
        and cast_to is not type(None)
        and not response.content
    )


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with jitter, and the server's ``Retry-After`` honoured.

    The n-th retry (n = 0, 1, ...) waits ``min(cap, base * 2**n)`` seconds, less a
    random part of up to ``jitter`` of it (so many clients do not retry in step).
    A ``Retry-After`` header (seconds as ASCII digits, or an HTTP date) wins when
    it is positive, up to ``retry_after_cap`` seconds; a longer one is not waited
    for: the error is raised. Any other value (``-5``, ``0``, ``nan``, a past
    date) is ignored, and backoff decides.
    ``clock`` (seconds since the epoch) and ``rand`` (0 to 1) are there for tests.
    """

    base: float = 0.5
    cap: float = 8.0
    jitter: float = 0.25
    retry_after_cap: float = 60.0
    clock: Callable[[], float] = time.time
    rand: Callable[[], float] = _random.random

    def retryable_status(self, status: int) -> bool:
        return status in RETRY_STATUSES

    def delay(self, retry: int, retry_after: str | None = None) -> float | None:
        """Seconds to wait before retry number ``retry``; None: do not retry."""
        if retry_after:
            wait = self._retry_after(retry_after)
            if wait is not None:
                return wait if wait <= self.retry_after_cap else None
        backoff = min(self.cap, self.base * 2.0**retry)
        return backoff * (1 - self.jitter * self.rand())

    def _retry_after(self, value: str) -> float | None:
        """Seconds from RFC 9110 ``delay-seconds`` (ASCII digits) or an HTTP date.

        None, so that backoff decides, for anything else and for a wait that is
        not positive (``0``, a date in the past).
        """
        value = value.strip(" \t")
        if value and value.isascii() and value.isdigit():
            # Past a day's worth of digits the value is over any cap; int() of
            # thousands of digits would raise. Leading zeros count for nothing.
            digits = value.lstrip("0") or "0"
            wait = float(int(digits)) if len(digits) <= 12 else float(10**12)
            return wait if wait > 0 else None
        import email.utils  # only for the rare HTTP-date form

        try:
            moment = email.utils.parsedate_to_datetime(value)
            wait = moment.timestamp() - self.clock()
        except (TypeError, ValueError, OverflowError, OSError):
            return None
        return wait if 0 < wait < float("inf") else None
