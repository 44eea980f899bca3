"""RFC 3339 date-times as real APIs send them, decoded alike on every Python we support.

``datetime.fromisoformat`` before 3.11 takes only 3 or 6 fractional digits, so the
runtime reads RFC 3339 itself (``_scalars.decode_datetime``); this runs the same
cases under Python 3.10 when one is installed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.runtime._scalars import _RFC3339, _rfc3339, decode_datetime
from generator.runtime._values import DecodeError

ROOT = Path(__file__).resolve().parents[2]
UTC = dt.timezone.utc
PST = dt.timezone(-dt.timedelta(hours=8))

CASES = [
    ("2012-12-12T10:53:43-08:00", dt.datetime(2012, 12, 12, 10, 53, 43, tzinfo=PST)),  # Box
    ("2011-01-26T19:01:12Z", dt.datetime(2011, 1, 26, 19, 1, 12, tzinfo=UTC)),  # GitHub
    ("2024-05-01T12:00:00.12Z", dt.datetime(2024, 5, 1, 12, 0, 0, 120000, tzinfo=UTC)),
    ("2024-05-01T12:00:00.1234567Z", dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)),  # .NET
    ("2024-05-01T12:00:00.123456789+00:00", dt.datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)),  # Go
    ("2024-05-01t12:00:00.5z", dt.datetime(2024, 5, 1, 12, 0, 0, 500000, tzinfo=UTC)),
    ("2024-05-01 12:00:00+05:30", dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))),
    ("2024-05-01T12:00:00+0530", dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30)))),
    ("2024-05-01T12:00:00", dt.datetime(2024, 5, 1, 12, 0)),  # no offset: naive, as before
    ("2016-12-31T23:59:60Z", dt.datetime(2016, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)),  # leap second
]
INVALID = ["2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z", "2024-05-01T12:00:00+24:00",
           "2024-05-01T12:00:00+05:60", "٢٠٢٤-05-01T12:00:00Z", "soon"]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rfc3339_date_times_decode(text: str, expected: dt.datetime) -> None:
    value = decode_datetime(text)
    assert value == expected and value.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize("text", INVALID)
def test_what_is_not_a_date_time_is_a_decode_error(text: str) -> None:
    with pytest.raises(DecodeError):
        decode_datetime(text)


_SCRIPT = """
import json, sys
from generator.runtime._scalars import decode_datetime
from generator.runtime._values import DecodeError
out = []
for text in json.loads(sys.argv[1]):
    try:
        out.append(decode_datetime(text).isoformat())
    except DecodeError:
        out.append(None)
print(json.dumps(out))
"""


def _python310() -> str | None:
    if sys.version_info[:2] == (3, 10):
        return sys.executable
    for candidate in [Path.home() / ".pyenv/versions/3.10.13/bin/python3.10", shutil.which("python3.10")]:
        if candidate and Path(candidate).is_file():
            return str(candidate)
    return None


def test_the_same_cases_decode_alike_on_python_3_10() -> None:
    python = _python310()
    if python is None:
        pytest.skip("no Python 3.10 here")
    texts = [text for text, _ in CASES] + INVALID
    result = subprocess.run([python, "-c", _SCRIPT, json.dumps(texts)], cwd=ROOT, capture_output=True,
                            text=True, check=True, env={"PYTHONPATH": str(ROOT)})
    assert json.loads(result.stdout) == [e.isoformat() for _, e in CASES] + [None] * len(INVALID)


def _fast_shapes(count: int) -> list[str]:
    """The shapes decode_datetime hands to datetime.fromisoformat, every field's digits
    drawn (out of range too); seeded, so the same strings every run."""
    draw = random.Random(17)

    def two(top: int) -> str:  # mostly near the range, sometimes anything
        return f"{draw.randrange(top if draw.random() < 0.8 else 100):02d}"

    texts = []
    for _ in range(count):
        zone = draw.choice(["Z", f"+{two(25)}:{two(61)}", f"-{two(25)}:{two(61)}"])
        date = f"{draw.randrange(1, 10000):04d}-{two(13)}-{two(32)}"
        texts.append(f"{date}T{two(25)}:{two(61)}:{two(61)}{zone}")
    return texts


def _by_the_rfc3339_reader(text: str) -> dt.datetime | None:
    match = _RFC3339.fullmatch(text)
    assert match is not None
    try:
        return _rfc3339(match)
    except ValueError:
        return None


def test_the_fast_path_reads_what_the_rfc3339_reader_reads() -> None:
    for text in _fast_shapes(3000):
        expected = _by_the_rfc3339_reader(text)
        try:
            value = decode_datetime(text)
        except DecodeError:
            assert expected is None, text
        else:
            assert value == expected and value.utcoffset() == expected.utcoffset(), text


@pytest.mark.parametrize(
    "text",
    ["2024-05-01T12:00:00+05:60", "2024-05-01T24:00:00Z", "2016-12-31T23:59:60+01:00", "2024-05-01T12:00:00-00:00",
     "2024-02-30T12:00:00Z", "2024-05-01T12:60:00Z", "2024-05-01T12:00:00.12345", "2024-05-01t12:00:00+05:30",
     "2024-05-01 12:00:00-08:00", "2024-05-01T12:00:00,1234Z", "2024-05-01T12:00:00z"],
)
def test_edge_cases_of_the_fast_path_decode_as_before(text: str) -> None:
    expected = _by_the_rfc3339_reader(text)
    if expected is None:
        with pytest.raises(DecodeError):
            decode_datetime(text)
    else:
        assert decode_datetime(text) == expected
