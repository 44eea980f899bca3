"""Stand-in settings, for linting, type-checking and testing the runtime in place.

Never copied into an emitted package: each package gets its own ``_settings.py``,
generated from its API description by templates/settings.py.j2, with the same
names of the same types (a unit test compares them).
"""

PACKAGE = "runtime_dev"
"""The package's name: it starts the User-Agent header and names the logger."""

VERSION = "0.0.0"
"""The package's version (``__version__``): the maintainer's, not the API's."""

API_VERSION = "1.0"
"""The version of the API description the package was generated from (its ``info.version``)."""

SCHEMES: dict[str, tuple[str, str, str]] = {
    "bearer": ("bearer", "header", "Authorization"),
    "basic": ("basic", "header", "Authorization"),
    "header_key": ("api_key", "header", "X-Api-Key"),
    "query_key": ("api_key", "query", "api_key"),
    "cookie_key": ("api_key", "cookie", "session"),
}
"""Each security scheme: its kind ("bearer", "basic", "api_key"), where it goes, and its name there."""

DEFAULT_SECURITY: tuple[tuple[str, ...], ...] = (
    ("bearer",),
    ("header_key", "query_key"),
)
"""What operations that say nothing of their own require (alternatives of scheme names)."""

DEFAULT_TOKEN_URL: str | None = "https://auth.example.com/oauth2/token"
"""The token endpoint the API description names."""

ENV_PREFIX: str | None = "RUNTIME_DEV_"
"""What the names of the environment variables the client reads start with (None: none read)."""

REQUEST_ID_HEADERS: tuple[str, ...] = ("x-request-id", "request-id")
"""Response headers that carry the request id, the first present wins."""
