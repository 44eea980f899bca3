"""The request id of a response: the header the API description names, else the usual ones."""

from __future__ import annotations

from collections.abc import Mapping

from ._settings import REQUEST_ID_HEADERS

__all__ = ["HEADERS_KEY", "request_id"]

HEADERS_KEY = "response headers"
"""Where a decoded model keeps its response's headers, in its ``__dict__``: not an
identifier, so no field can take it. The id is looked up only when asked for."""


def request_id(headers: Mapping[str, str] | None) -> str | None:
    """The first of ``REQUEST_ID_HEADERS`` that ``headers`` carries, or None."""
    if headers is None:
        return None
    for name in REQUEST_ID_HEADERS:
        value = headers.get(name)
        if value:
            return value
    return None
