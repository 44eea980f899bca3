"""``with_options`` (and its alias ``copy``): a client with other settings, sharing the first's resources.

The copy sends through the same connection pool and holds the same credentials
(a client-credentials token fetched by one is used by both); closing it leaves
the pool open for the client it came from.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, TypeVar

import httpx

__all__ = ["WithOptions"]

C = TypeVar("C", bound="WithOptions")


class WithOptions:
    """Mixed into the sync and the async client, which each hold their pool as ``_http``."""

    @property
    def _http(self) -> Any:
        raise NotImplementedError

    def with_options(
        self: C,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> C:
        """A copy of this client with these settings (None: as they are), sharing its pool.

        ``headers`` are added to the client's (a header of the same name replaced).
        """
        pool = self._http  # created now if it was not yet, so that both use it
        state = {
            # Resource groups cached on the client call it: the copy makes its own.
            key: value
            for key, value in vars(self).items()
            if getattr(value, "_client", None) is not self
        }
        state.update(_http_client=pool, _owns_http_client=False)
        state["_lock"] = threading.Lock()
        if timeout is not None:
            state["timeout"] = timeout
        if max_retries is not None:
            state["max_retries"] = max_retries
        if headers:
            state["_headers"] = {**state["_headers"], **headers}
        copy = object.__new__(type(self))
        vars(copy).update(state)
        return copy

    copy = with_options
