"""Box developer tokens: ``Client(token=DeveloperToken("..."))``.

Hand-written (spec/box_extras/). A developer token, made in the Developer
Console for trying the API as yourself, is a plain bearer token that lasts
60 minutes and cannot be refreshed (Box's guide "Developer Tokens",
developer.box.com/guides/authentication/tokens/developer-tokens/, and
box-sdk-gen's ``BoxDeveloperTokenAuth``, whose refresh is an error).

``DeveloperToken`` sends it as it is, and once 60 minutes have passed since
it was given (an upper bound: it may have been made earlier) raises a
``TokenError`` saying to make a new one, instead of sending it to be
refused. Not for production: use ``JWTAuth`` or ``ClientCredentials``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from ._errors import TokenError

__all__ = ["DeveloperToken"]

LIFETIME = 60 * 60.0
CONSOLE = "https://app.box.com/developers/console"


class DeveloperToken:
    """A developer token as a token source; the token never appears in ``repr()``."""

    def __init__(
        self, token: str, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not token or token != token.strip():
            raise ValueError("a developer token is a non-empty string without spaces")
        self._token = token
        self._clock = clock
        self.expires_at = clock() + LIFETIME

    def __repr__(self) -> str:
        return "DeveloperToken(...)"

    def __call__(self) -> str:
        if self._clock() >= self.expires_at:
            raise TokenError(
                "the developer token has expired (they last 60 minutes and cannot "
                "be refreshed): make a new one in the Developer Console",
                url=CONSOLE,
            )
        return self._token
