"""The emitted runtime, tested in place: generator/runtime imported directly, with its stand-in settings.

The modules are the ones every emitted package carries (tests/golden/ checks the
copies); here they are exercised without generating anything.
"""

# No ``from __future__ import annotations``: the models below are annotated with
# the types themselves, which the runtime reads without looking names up.

import ast
import dataclasses
import datetime
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

import httpx
import pytest

from generator import runtime
from black_verdict import in_blacks_style
from generator.runtime import _auth, _errors, _retry, _settings
from generator.runtime._base_client import SyncAPIClient
from generator.runtime._request import RequestOptions
from generator.runtime._serde import (
    UNSET,
    DecodeError,
    Discriminator,
    Model,
    StrEnum,
    Unset,
    decode,
    encode,
    to_json,
)

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = Path(runtime.__file__).parent


# ------------------------------------------------------------ the package


def test_every_module_is_copied_or_a_stand_in() -> None:
    modules = {p.stem for p in RUNTIME.glob("*.py")} - {"__init__"}
    assert modules == set(runtime.COPIED) | set(runtime.STAND_INS)
    assert not set(runtime.COPIED) & set(runtime.STAND_INS)
    assert set(runtime.sources()) == {f"{name}.py" for name in runtime.COPIED}


def _annotated_names(source: str) -> dict[str, str]:
    tree = ast.parse(source)
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = ast.unparse(node.annotation)
        elif isinstance(node, ast.Assign):
            names.update({t.id: "" for t in node.targets if isinstance(t, ast.Name)})
    return names


def test_the_stand_in_settings_have_the_generated_names_and_types() -> None:
    generated = (ROOT / "generated" / "box_client" / "_settings.py").read_text(encoding="utf-8")
    stand_in = (RUNTIME / "_settings.py").read_text(encoding="utf-8")
    assert _annotated_names(stand_in) == _annotated_names(generated)


@pytest.mark.parametrize("name", sorted(runtime.sources()))
def test_each_module_is_small_and_in_blacks_style(name: str) -> None:
    text = runtime.sources()[name]
    assert text.count("\n") <= 500
    # Copies are emitted as they are: black must have nothing to change.
    assert in_blacks_style("# header\n" + text)


# ------------------------------------------------------------- JSON ⇄ models


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


@dataclasses.dataclass
class Owner(Model):
    name: str


@dataclasses.dataclass
class Pet(Model):
    name: str
    born: datetime.date
    colour: Colour | Unset = UNSET
    seen: datetime.datetime | None = None
    nickname: str | None | Unset = UNSET
    owners: list[Owner] = dataclasses.field(default_factory=list)
    scores: dict[str, float] = dataclasses.field(default_factory=dict)
    where: tuple[int, int] | Unset = UNSET


def test_a_model_round_trips_with_dates_enums_and_nested_models() -> None:
    data = {
        "name": "Rex",
        "born": "2020-02-29",
        "colour": "blue",
        "seen": "2024-01-02T03:04:05Z",
        "owners": [{"name": "Ann", "since": 2019}],
        "scores": {"agility": 3},
        "where": [1, 2],
        "chip": "abc",
    }
    pet = Pet.from_dict(data)
    assert pet.born == datetime.date(2020, 2, 29)
    assert pet.colour is Colour.BLUE
    assert pet.seen == datetime.datetime(2024, 1, 2, 3, 4, 5, tzinfo=datetime.timezone.utc)
    assert pet.owners[0].name == "Ann" and pet.owners[0].extra_fields == {"since": 2019}
    assert pet.scores == {"agility": 3.0} and isinstance(pet.scores["agility"], float)
    assert pet.where == (1, 2)
    assert pet.extra_fields == {"chip": "abc"}
    assert pet.to_dict() == {**data, "seen": "2024-01-02T03:04:05+00:00", "scores": {"agility": 3.0}}


def test_absent_null_and_unknown_values() -> None:
    pet = Pet.from_dict({"name": "Rex", "born": "2020-01-01", "colour": "green", "nickname": None})
    assert pet.colour == "green" and isinstance(pet.colour, Colour) and pet.colour not in list(Colour)
    assert pet.nickname is None and pet.where is UNSET and not UNSET
    expected = {"name": "Rex", "born": "2020-01-01", "colour": "green", "nickname": None, "owners": [], "scores": {}}
    assert pet.to_dict() == expected  # seen: None as a default means absent, and is left out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"born": "2020-01-01"}, "required field 'name' of Pet is missing"),
        ({"name": 5, "born": "2020-01-01"}, "expected string, got integer at ['name']"),
        ({"name": "R", "born": "2020-13-01"}, "invalid date '2020-13-01' at ['born']"),
        ({"name": "R", "born": "2020-01-01", "owners": [{}]}, "required field 'name' of Owner is missing at ['owners'][0]"),
        ({"name": "R", "born": "2020-01-01", "where": [1]}, "expected 2 items, got 1 at ['where']"),
        ({"name": "R", "born": "2020-01-01", "scores": {"a": True}}, "expected number, got boolean at ['scores']['a']"),
    ],
)
def test_decode_errors_say_what_and_where(data: dict[str, Any], message: str) -> None:
    with pytest.raises(DecodeError) as raised:
        Pet.from_dict(data)
    assert str(raised.value) == message


@dataclasses.dataclass
class Cat(Model):
    kind: Literal["cat"]
    lives: int


@dataclasses.dataclass
class Dog(Model):
    kind: Literal["dog"]
    bark: str | Unset = UNSET


@dataclasses.dataclass
class Rock(Model):
    weight: float


def test_a_union_without_discriminator_is_decoded_by_tags_and_required_fields() -> None:
    animal = Cat | Dog | Rock
    assert type(decode(animal, {"kind": "dog"})) is Dog
    assert type(decode(animal, {"kind": "cat", "lives": 9})) is Cat
    assert type(decode(animal, {"weight": 2})) is Rock
    with pytest.raises(DecodeError, match=r"fits none of the options \(Cat, Dog, Rock\)"):
        decode(animal, {"kind": "cat"})
    assert decode(int | list[int], [1, 2]) == [1, 2]
    assert encode(animal, Dog(kind="dog", bark="woof")) == {"kind": "dog", "bark": "woof"}


def test_a_discriminated_union_follows_its_mapping() -> None:
    animal = Annotated[Cat | Dog, Discriminator("kind", {"cat": "Cat", "dog": "Dog"})]
    assert type(decode(animal, {"kind": "cat", "lives": 1})) is Cat
    assert type(decode(list[animal], [{"kind": "dog"}])[0]) is Dog  # type: ignore[valid-type]


def test_to_json_handles_values_of_unknown_type() -> None:
    value = {"when": datetime.date(2024, 5, 6), "items": (Colour.RED, Owner(name="A")), "n": None}
    assert to_json(value) == {"when": "2024-05-06", "items": ["red", {"name": "A"}], "n": None}


# ------------------------------------------------------ retry, errors, auth


def test_retry_backoff_and_retry_after() -> None:
    policy = _retry.RetryPolicy(base=1.0, cap=4.0, jitter=0.5, rand=lambda: 1.0, clock=lambda: 1_000_000_000.0)
    assert [policy.delay(n) for n in range(4)] == [0.5, 1.0, 2.0, 2.0]
    assert policy.delay(0, "7") == 7.0
    assert policy.delay(0, "Sun, 09 Sep 2001 01:46:50 GMT") == 10.0
    assert policy.delay(0, "3600") is None  # longer than retry_after_cap: not waited for
    assert policy.delay(1, "soon") == 1.0  # unreadable: backoff
    assert policy.retryable_status(503) and not policy.retryable_status(501) and not policy.retryable_status(404)


def test_errors_by_status_carry_the_body() -> None:
    assert _errors.error_class_for_status(404) is _errors.NotFoundError
    assert _errors.error_class_for_status(599) is _errors.InternalServerError
    assert _errors.error_class_for_status(418) is _errors.ApiError
    request = httpx.Request("GET", "https://api.example.com/x")
    response = httpx.Response(409, json={"code": "conflict", "message": "taken"}, request=request)
    error = _errors.ConflictError(response)
    assert isinstance(error, _errors.SdkError)
    assert (error.status_code, error.code, error.body["message"]) == (409, "conflict", "taken")


def test_auth_chooses_the_first_alternative_with_credentials_and_places_them() -> None:
    assert _auth.DEFAULT_SECURITY is _settings.DEFAULT_SECURITY
    assert _auth.choose(None, lambda key: key == "bearer") == ("bearer",)
    assert _auth.choose(None, lambda key: key != "bearer") == ("header_key", "query_key")
    assert _auth.choose(None, lambda key: key == "header_key") == ()
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    credentials = {"basic": ("u", "p"), "header_key": "k1", "query_key": "k2", "cookie_key": "k3"}
    _auth.apply(("basic", "header_key", "query_key", "cookie_key"), credentials, None, headers, params)
    assert headers == {"Authorization": "Basic dTpw", "X-Api-Key": "k1", "Cookie": "session=k3"}
    assert params == {"api_key": "k2"}


def test_client_credentials_cache_their_token_until_near_expiry() -> None:
    now = [0.0]
    source = _auth.ClientCredentials("id", "secret", clock=lambda: now[0])
    assert source.token_url == _settings.DEFAULT_TOKEN_URL and "secret" not in repr(source)
    request = source.token_request()
    assert b"grant_type=client_credentials" in request.read()
    assert source.accept(httpx.Response(200, json={"access_token": "t", "expires_in": 100})) == "t"
    assert source.cached() == "t"
    now[0] = 71.0  # within 30 seconds of expiry
    assert source.cached() is None


# ------------------------------------------------------------ the request cycle


def test_a_sync_request_is_retried_authenticated_and_decoded() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx.Response(503, headers={"Retry-After": "1"})
        return httpx.Response(200, json={"name": "Ann"})

    slept: list[float] = []
    client = SyncAPIClient(
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        sleep=slept.append,
        base_url="https://api.example.com/v1/",
        token="tok",
        credentials=None,
        timeout=5.0,
        max_retries=2,
        retry_policy=None,
        headers=None,
        servers=None,
    )
    owner = client.request(RequestOptions("GET", "/owners/{id}", Owner, path_params={"id": "a b"}))
    assert owner == Owner(name="Ann") and slept == [1.0]
    assert [str(r.url) for r in seen] == ["https://api.example.com/v1/owners/a%20b"] * 2
    assert seen[1].headers["authorization"] == "Bearer tok"
    assert seen[1].headers["user-agent"].startswith(f"{_settings.PACKAGE}/{_settings.VERSION} httpx/")
    assert "tok" not in repr(client)


# ------------------------------------------------------------------ tools


@pytest.mark.slow
def test_the_runtime_passes_ruff_and_strict_mypy() -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    linted = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "generator/runtime"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", os.devnull, "generator/runtime"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    assert typed.returncode == 0, typed.stdout + typed.stderr
