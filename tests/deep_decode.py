"""A decoded response checked all the way down, and encoded back into what the server sent.

``DeepCheck(package).check(value, hint, response)`` walks the value a method of a
generated package returned alongside the method's declared return type, with the
package's own type hints (``typing.get_type_hints`` on each model class, its
names resolved in the package's ``models``): every nested model an instance of
its class, each field of its annotated type, dates ``date``, date-times
``datetime``, enums members of their enum, unions one of their options, lists
item by item, maps value by value. Then it encodes the value again with the
runtime's own serialiser (``_serde.encode``, which calls each model's ``to_dict``)
and compares that, key by key, with the JSON body of the response, allowing only
what ``allowed_difference`` names. It answers the faults found (empty: none),
and the enum values met that their enum does not declare (kept, as the runtime
keeps them, but a sign that the body contradicts its schema).

It does not decode anything itself: the value under test is the client's.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import importlib
import re
import typing
from types import ModuleType, NoneType, UnionType
from typing import Any, NamedTuple

import httpx

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "<absent>"})()
"""A key that is not in an object (as opposed to one holding null)."""


def allowed_difference(sent: Any, back: Any, decoded: Any) -> str | None:
    """Why ``back`` (what the client's encoding gave) may stand for ``sent`` (what the
    server sent) though they differ, or None if it may not. ``decoded`` is what the
    client made of ``sent`` (``ABSENT``: a key missing from its object). These, and
    only these, are allowed:

    - **date-time text**: where the client decoded a ``datetime``, ``to_dict`` writes
      ``datetime.isoformat()`` (README, "Date-times": RFC 3339 read, ``Z`` an offset
      like any other): ``2012-12-12T10:53:43Z`` comes back as ``...+00:00``, a
      fraction of ``.000`` goes. Allowed when both texts name the same instant with
      the same offset (or both none).
    - **integral numbers**: a field the model annotates ``float`` holds a ``float``
      (``_scalars._float``, ``check_float``: a number is ``float(value)``), so ``1``
      comes back as ``1.0``. Allowed when the client decoded a ``float`` equal to the
      integer sent.

    Anything else must come back as sent: the same keys (unknown ones are kept, in
    ``extra_fields``), the same JSON types (``true`` is not ``1``), the same texts.
    """
    if isinstance(decoded, dt.datetime) and isinstance(sent, str) and isinstance(back, str):
        a, b = _instant(sent), _instant(back)
        if a is not None and b is not None and a == b and a.utcoffset() == b.utcoffset():
            return "date-time text"
    if type(decoded) is float and type(sent) is int and type(back) is float and sent == back:
        return "integral number"
    return None


def _instant(text: str) -> dt.datetime | None:
    """The instant an RFC 3339 text names, read here (not by the runtime) alike on Python
    3.10 to 3.13: ``Z`` for ``+00:00``, a fraction's digits past 6 truncated (README)."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        return None
    start, fraction, zone = match.groups()
    zone = "+00:00" if zone in ("Z", "z") else zone or ""
    try:
        return dt.datetime.fromisoformat(f"{start}.{(fraction or '')[:6].ljust(6, '0')}{zone}")
    except ValueError:
        return None


_RFC3339 = re.compile(r"(\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)?", re.ASCII)


class Verdict(NamedTuple):
    faults: list[str]
    """Where the value is not of its type, or does not encode back into what was sent."""
    undeclared: list[str]
    """Enum values the enum does not declare: kept, as the runtime keeps them (``StrEnum``),
    but a server following the description never sends one."""


class DeepCheck:
    """The checks of one generated package, its models' type hints read once each."""

    def __init__(self, package: ModuleType) -> None:
        def module(name: str) -> Any:
            return importlib.import_module(f"{package.__name__}.{name}")

        self.models = module("models")
        self.serde = module("_serde")
        self.Model, self.UNSET, self.Unset = self.serde.Model, self.serde.UNSET, self.serde.Unset
        self.pages = (module("_pagination").Page, module("_pagination").AsyncPage)
        self.WithHeaders = module("_response").WithHeaders
        self._hints: dict[type, dict[str, Any]] = {}
        self.allowed: dict[str, int] = {}  # each normalisation used, and how often
        self._undeclared: list[str] = []

    def check(self, value: Any, hint: Any, response: httpx.Response) -> Verdict:
        """What is wrong with ``value``, returned for ``response`` by a method declaring ``hint``."""
        self._undeclared = []
        found = self.type_faults(value, hint, "$")
        if not found:
            found = self.round_trip(value, hint, response)
        return Verdict(found, self._undeclared)

    def round_trip(self, value: Any, hint: Any, response: httpx.Response) -> list[str]:
        """Where encoding ``value`` back does not give ``response``'s JSON body."""
        body, body_hint = value, hint
        if typing.get_origin(hint) in self.pages:
            body, body_hint, response = value.body, typing.get_args(hint)[1], value.response
        elif typing.get_origin(hint) is self.WithHeaders:
            body, body_hint = value.body, typing.get_args(hint)[0]
        if body_hint in (bytes, str, NoneType, None) or "json" not in response.headers.get("content-type", ""):
            return []  # not decoded from JSON: nothing to encode back
        try:
            back = self.serde.encode(body_hint, body)
        except Exception as exc:  # noqa: BLE001 (any failure to encode is the fault reported)
            return [f"$: encoding it back raised {type(exc).__name__}: {exc}"]
        return self.round_trip_faults(response.json(), back, body, "$")

    # ------------------------------------------------------------ the types

    def field_hints(self, cls: type) -> dict[str, Any]:
        hints = self._hints.get(cls)
        if hints is None:
            # The names the runtime's own codecs resolve annotations with (_serde._Names).
            hints = self._hints[cls] = typing.get_type_hints(cls, localns=self.serde._Names(cls.__module__))
        return hints

    def type_faults(self, value: Any, hint: Any, path: str) -> list[str]:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if hint is Any or hint is object:
            return _json_faults(value, path)
        if hint is None or hint is NoneType:
            return [] if value is None else [f"{path}: {_kind(value)}, not None"]
        if hint is self.Unset:
            return [] if value is self.UNSET else [f"{path}: {_kind(value)}, not UNSET"]
        if origin is typing.Annotated:
            return self.type_faults(value, args[0], path)
        if origin in (typing.Union, UnionType):
            mark, tried = len(self._undeclared), []
            for option in args:
                faults = self.type_faults(value, option, path)
                if not faults:
                    return []
                del self._undeclared[mark:]  # what an option that does not fit found
                tried.append(faults[0])
            return [f"{path}: {_kind(value)} fits no option of {hint}: " + "; ".join(tried)]
        if origin is typing.Literal:
            ok = any(value == a and type(value) is type(a) for a in args)
            return [] if ok else [f"{path}: {value!r} is not one of {args}"]
        if origin is list:
            if type(value) is not list:
                return [f"{path}: {_kind(value)}, not a list"]
            return [f for i, item in enumerate(value) for f in self.type_faults(item, args[0], f"{path}[{i}]")]
        if origin is dict:
            if type(value) is not dict:
                return [f"{path}: {_kind(value)}, not a dict"]
            return [
                f
                for key, item in value.items()
                for f in ([f"{path}: key {key!r} is not a str"] if type(key) is not str else [])
                + self.type_faults(item, args[1], f"{path}[{key!r}]")
            ]
        if origin is tuple:
            if type(value) is not tuple or len(value) != len(args):
                return [f"{path}: {_kind(value)}, not a tuple of {len(args)}"]
            return [f for i, (v, a) in enumerate(zip(value, args)) for f in self.type_faults(v, a, f"{path}[{i}]")]
        if origin in self.pages:
            if not isinstance(value, origin):
                return [f"{path}: {_kind(value)}, not a {origin.__name__}"]
            return self.type_faults(value.items, list[args[0]], f"{path}.items") + self.type_faults(
                value.body, args[1], f"{path}.body"
            )
        if origin is self.WithHeaders:
            return self.type_faults(value.body, args[0], f"{path}.body") + self.type_faults(
                value.headers, args[1], f"{path}.headers"
            )
        if origin is not None:
            raise TypeError(f"{path}: no deep check for {hint!r}")
        return self.leaf_faults(value, hint, path)

    def leaf_faults(self, value: Any, hint: Any, path: str) -> list[str]:
        if isinstance(hint, type) and issubclass(hint, self.Model):
            return self.model_faults(value, hint, path)
        if isinstance(hint, type) and issubclass(hint, enum.Enum):
            # Unknown values are kept as members of the enum that it does not declare
            # (StrEnum/IntEnum): an instance all the same.
            if not isinstance(value, hint):
                return [f"{path}: {_kind(value)}, not a {hint.__name__}"]
            if value not in hint.__members__.values():
                self._undeclared.append(f"{path}: {value.value!r} (not declared by {hint.__name__})")
            return []
        if hint in (str, int, bool, float, bytes, dt.date, dt.datetime):
            # Exact types: a datetime is a date, a bool an int, a StrEnum a str.
            return [] if type(value) is hint else [f"{path}: {_kind(value)}, not {hint.__name__}"]
        raise TypeError(f"{path}: no deep check for {hint!r}")

    def model_faults(self, value: Any, hint: type, path: str) -> list[str]:
        if not isinstance(value, hint):
            return [f"{path}: {_kind(value)}, not a {hint.__name__}"]
        cls = type(value)
        faults = [f"{path}: decoded leniently ({sorted(value._drifted)})"] if value._drifted else []
        hints = self.field_hints(cls)
        for field in dataclasses.fields(cls):
            where = f"{path}.{field.name}"
            try:
                held = getattr(value, field.name)
            except AttributeError:
                faults.append(f"{where}: not set")
                continue
            if field.name == "extra_fields":
                faults += [] if type(held) is dict else [f"{where}: {_kind(held)}, not a dict"]
                faults += _json_faults(held, where)
            else:
                faults += self.type_faults(held, hints[field.name], where)
        return faults

    # ------------------------------------------------------------ the round trip

    def round_trip_faults(self, sent: Any, back: Any, decoded: Any, path: str) -> list[str]:
        """Where ``back`` (encoded from ``decoded``) is not ``sent``, ``decoded`` guiding the walk."""
        if isinstance(decoded, self.Model) and type(sent) is dict and type(back) is dict:
            fields = {
                f.metadata.get("wire", f.name): f for f in dataclasses.fields(decoded) if f.name != "extra_fields"
            }
            faults = []
            for key in [*sent, *(k for k in back if k not in sent)]:
                field = fields.get(key)
                held = getattr(decoded, field.name, ABSENT) if field else decoded.extra_fields.get(key, ABSENT)
                faults += self._compare(sent.get(key, ABSENT), back.get(key, ABSENT), held, f"{path}.{key}")
            return faults
        if type(decoded) in (list, tuple) and type(sent) is list and type(back) is list:
            if len(sent) != len(back) or len(sent) != len(decoded):
                return [f"{path}: {len(sent)} items sent, {len(back)} back"]
            return [
                f
                for i, (s, b, d) in enumerate(zip(sent, back, decoded))
                for f in self._compare(s, b, d, f"{path}[{i}]")
            ]
        if type(decoded) is dict and type(sent) is dict and type(back) is dict:
            return [
                f
                for key in [*sent, *(k for k in back if k not in sent)]
                for f in self._compare(
                    sent.get(key, ABSENT), back.get(key, ABSENT), decoded.get(key, ABSENT), f"{path}[{key!r}]"
                )
            ]
        return self._compare(sent, back, decoded, path, leaf=True)

    def _compare(self, sent: Any, back: Any, decoded: Any, path: str, leaf: bool = False) -> list[str]:
        if not leaf and sent is not ABSENT and back is not ABSENT:
            return self.round_trip_faults(sent, back, decoded, path)
        if _same_json(sent, back):
            return []
        reason = allowed_difference(sent, back, decoded)
        if reason is not None:
            self.allowed[reason] = self.allowed.get(reason, 0) + 1
            return []
        return [f"{path}: sent {_short(sent)}, back {_short(back)}"]


def _same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values, types included (``True`` is not ``1``, nor ``1`` ``1.0``)."""
    if type(a) is not type(b):
        return False
    if type(a) is dict:
        return a.keys() == b.keys() and all(_same_json(v, b[k]) for k, v in a.items())
    if type(a) is list:
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b))
    return bool(a == b)


def _json_faults(value: Any, path: str) -> list[str]:
    """Faults of a value meant to be JSON as received (``Any``, unknown fields): nothing decoded in it."""
    if value is None or type(value) in (str, int, float, bool):
        return []
    if type(value) is list:
        return [f for i, item in enumerate(value) for f in _json_faults(item, f"{path}[{i}]")]
    if type(value) is dict:
        return [f for key, item in value.items() for f in _json_faults(item, f"{path}[{key!r}]")]
    return [f"{path}: {_kind(value)} where JSON was kept as received"]


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {_short(value)}"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
