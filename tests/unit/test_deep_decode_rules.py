"""The Box end-to-end round trip (tests/deep_decode.py) allows exactly the differences it names.

Proven by loosening the checker: ``_same_json`` as plain ``==`` (``True`` passed for
``1``) fails test_json_types_count; the date-time rule without its offset comparison
fails test_a_date_time_must_keep_its_instant_and_offset.
"""

from __future__ import annotations

import datetime as dt

import pytest

from deep_decode import ABSENT, _same_json, allowed_difference

UTC = dt.timezone.utc
WHEN = dt.datetime(2012, 12, 12, 18, 53, 43, tzinfo=UTC)


@pytest.mark.parametrize(
    ("sent", "back"),
    [
        ("2012-12-12T18:53:43Z", "2012-12-12T18:53:43+00:00"),
        ("2012-12-12T18:53:43.0z", "2012-12-12T18:53:43+00:00"),
        ("2012-12-12T18:53:43.1234567Z", "2012-12-12T18:53:43.123456+00:00"),
    ],
)
def test_a_date_time_may_change_its_text(sent: str, back: str) -> None:
    assert allowed_difference(sent, back, WHEN) == "date-time text"


@pytest.mark.parametrize(
    "back",
    [
        "2012-12-12T10:53:43-08:00",  # the same instant at another offset
        "2012-12-12T18:53:43",  # the offset lost
        "2012-12-12T18:53:44+00:00",  # another instant
        "2012-12-12",
    ],
)
def test_a_date_time_must_keep_its_instant_and_offset(back: str) -> None:
    assert allowed_difference("2012-12-12T18:53:43Z", back, WHEN) is None


def test_a_date_time_text_is_allowed_only_where_a_datetime_was_decoded() -> None:
    assert allowed_difference("2012-12-12T18:53:43Z", "2012-12-12T18:53:43+00:00", "2012-12-12T18:53:43Z") is None


def test_an_integer_may_come_back_as_float_only_from_a_float_field() -> None:
    assert allowed_difference(1, 1.0, 1.0) == "integral number"
    assert allowed_difference(1, 1.0, 1) is None
    assert allowed_difference(True, 1.0, 1.0) is None
    assert allowed_difference(1, 1.5, 1.5) is None


@pytest.mark.parametrize(
    ("sent", "back", "decoded"),
    [(None, ABSENT, None), ("a", ABSENT, "a"), (ABSENT, "a", "a"), ("a", "A", "a"), ([1, 2], [2, 1], [1, 2])],
)
def test_nothing_else_may_differ(sent: object, back: object, decoded: object) -> None:
    assert allowed_difference(sent, back, decoded) is None


def test_json_types_count() -> None:
    assert _same_json({"a": [1, "x", None]}, {"a": [1, "x", None]})
    assert not _same_json(True, 1)
    assert not _same_json(1, 1.0)
    assert not _same_json({"a": 1}, {"a": 1, "b": None})
    assert not _same_json([1], [1, 1])
