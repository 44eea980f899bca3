"""What a client makes of a final response: the value, decoded strictly or leniently.

Leniently (the default) unless the client was made with ``strict_responses=True``;
then a response that drifted from its description logs one warning per call.
"""

from __future__ import annotations

import typing
from collections.abc import Mapping
from typing import TypeVar

import httpx

from ._lenient import Drift
from ._request import RequestOptions, parse_response, read_headers
from ._serde import Model

__all__ = ["decoded", "decoded_with_headers"]

T = TypeVar("T")
M = TypeVar("M", bound=Model)


def decoded(response: httpx.Response, options: RequestOptions[T], strict: bool) -> T:
    """``parse_response`` for a client: leniently unless ``strict``, with one warning per call."""
    drift = None if strict else Drift(options.method, options.path)
    body = parse_response(response, options.cast_to, options.errors, drift)
    if drift is not None:
        drift.report()
    return typing.cast(T, body)


def decoded_with_headers(
    response: httpx.Response,
    options: RequestOptions[T],
    strict: bool,
    model: type[M],
    kinds: Mapping[str, str],
) -> tuple[T, M]:
    """``decoded``, and the declared headers as ``model``: one warning for both."""
    drift = None if strict else Drift(options.method, options.path)
    body = parse_response(response, options.cast_to, options.errors, drift)
    headers = read_headers(response, model, kinds, drift)
    if drift is not None:
        drift.report()
    return typing.cast(T, body), headers
