"""naming: the one place identifiers are made."""

from __future__ import annotations

import keyword

import pytest

from generator.naming import Scope, pascal, snake, upper


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("post_groups_terminate_sessions", "post_groups_terminate_sessions"),
        ("File--Full", "file_full"),
        ("userID", "user_id"),
        ("HTTPServer", "http_server"),
        ("ISO8601Date", "iso8601_date"),
        ("Session termination", "session_termination"),
        ("If-Match", "if_match"),
        ("$type", "type"),
        ("class", "class_"),
        ("list", "list_"),
        ("2fa", "n_2fa"),
        ("prénom", "prenom"),
        ("", "value"),
        ("日本", "value"),
    ],
)
def test_snake(text: str, expected: str) -> None:
    assert snake(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("File--Full", "FileFull"),
        ("session_termination", "SessionTermination"),
        ("SessionTerminationMessage", "SessionTerminationMessage"),
        ("client-error", "ClientError"),
        ("2fa", "N2fa"),
        ("None", "None_"),
        ("", "Model"),
    ],
)
def test_pascal(text: str, expected: str) -> None:
    assert pascal(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("item_name_invalid", "ITEM_NAME_INVALID"), ("asc", "ASC"), ("image/png", "IMAGE_PNG"), ("", "VALUE")],
)
def test_upper(text: str, expected: str) -> None:
    assert upper(text) == expected


@pytest.mark.parametrize("text", ["class", "def", "None", "import", "match", "_", "1", "a b", "\x00", '"""'])
def test_every_result_is_an_identifier(text: str) -> None:
    for make in (snake, pascal, upper):
        name = make(text)
        assert name.isidentifier() and name.isascii()
        assert not keyword.iskeyword(name)


def test_scope_is_deterministic_and_unique() -> None:
    scope = Scope({"to_dict"})
    names = [scope.unique(snake(t)) for t in ["user_id", "userId", "USER_ID", "to_dict", "class"]]
    assert names == ["user_id", "user_id_2", "user_id_3", "to_dict_2", "class_"]


def test_scope_casefold_for_file_names() -> None:
    # FOO and Foo differ only in case: as file names they would clash on macOS/Windows.
    scope = Scope(casefold=True)
    assert [scope.unique(pascal(t)) for t in ["Foo", "FOO", "foo"]] == ["Foo", "FOO_2", "Foo_3"]
    assert [Scope().unique(pascal(t)) for t in ["Foo", "FOO"]] == ["Foo", "FOO"]
    scope = Scope(casefold=True)
    assert scope.unique(snake("Foo")) == "foo"
    assert scope.unique(snake("FOO")) == "foo_2"
