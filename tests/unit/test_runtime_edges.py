"""Edges of the emitted runtime (generator/runtime) that the mutation run found untested.

Each test names the mutants it kills: they survived the module's other tests, and the
test fails on each. These import the runtime modules in place (no package generated):
the ones here need nothing of a package's settings.
"""

from __future__ import annotations

import pytest

from generator.runtime._values import IntEnum


class Size(IntEnum):
    SMALL = 1


def test_an_open_int_enum_keeps_unknown_integers_and_nothing_else() -> None:
    """Break: ``not isinstance(value, int) or isinstance(value, bool)`` made ``and``:
    ``"5"`` would become the member 5 and ``False`` the member 0."""
    assert Size(7) == 7 and str(Size(7)) == "7"
    for value in ("5", False, 2.5):
        with pytest.raises(ValueError):
            Size(value)


def test_an_api_error_lifts_the_fields_of_its_json_body() -> None:
    """Break: ``if not content: return None`` made ``if content``: every error's body
    would read as None, its code and message lost."""
    import httpx

    from generator.runtime._errors import ApiError, error_class_for_status

    request = httpx.Request("GET", "https://api.example.com/files/1")
    body = {"code": "not_found", "message": "no such file", "request_id": "r1"}
    error = error_class_for_status(404)(httpx.Response(404, json=body, request=request))
    assert isinstance(error, ApiError) and error.body == body
    assert (error.code, error.message, error.request_id) == ("not_found", "no such file", "r1")
    empty = ApiError(httpx.Response(500, content=b"", request=request))
    assert empty.body is None and empty.code is None


def test_each_scheme_puts_its_credential_where_it_says() -> None:
    """Breaks in ``_auth``: ``basic()``'s test inverted (``if not (... or ...)``: both
    parts given, no credentials), ``kind == "bearer"`` or ``kind == "basic"`` made ``!=``
    (the wrong header for every scheme, or the pair sent as its repr). The runtime's
    stand-in settings declare one scheme of each kind."""
    from generator.runtime._auth import apply, basic

    assert basic("u", "p") == ("u", "p") and basic("u", None) is None and basic(None, "p") is None
    credentials = {"basic": ("u", "p"), "header_key": "hk", "query_key": "qk"}
    for scheme, header, param in [
        ("bearer", ("Authorization", "Bearer tok"), None),
        ("basic", ("Authorization", "Basic dTpw"), None),
        ("header_key", ("X-Api-Key", "hk"), None),
        ("query_key", None, ("api_key", "qk")),
    ]:
        headers: dict[str, str] = {}
        params: dict[str, str] = {}
        apply((scheme,), credentials, "tok", headers, params)
        assert headers == dict([header] if header else []) and params == dict([param] if param else [])
