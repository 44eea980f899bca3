"""The API changelog: what changed for callers between two records of the emitted API
(``generator.surface``), whether each change breaks them, and the version bump it calls for.

The records compare what callers see, so a change is named in Python terms
(``files.get_file(fields)``, ``FileFull.name``) and counted as breaking by
what a caller's code meets:

- anything removed (a method, parameter, model, field, enum, enum value,
  alias) breaks the code that used it; so does a new required parameter, a
  parameter that became required, positional parameters in another order;
- a type is compared by its structure (``generator.surface.form``): narrowed
  (it takes fewer values), widened (more) or changed (neither, or not
  comparable). What is sent (a parameter, a field of a request model) breaks
  callers when narrowed; what is received (a return type, a field of a
  response model) when widened, since callers then meet values they did not
  handle. A field of a model used both ways, or of one no method uses, breaks
  either way, as does a changed type;
- a new field that is required breaks a model sent in requests (its
  constructor wants it); a field that became optional breaks one received;
- an enum value added breaks nobody: the emitted enums keep values they do
  not know (``_values.StrEnum._missing_`` in the runtime).

The bump: major for a breaking change (minor while the version is 0.y.z:
SemVer item 4), minor for additions only, patch for any other change, none
when the API is the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from generator.surface import Form, canonical, members, spell

GROUPS = ("Breaking", "Added", "Changed")  # a changelog's headings, in order


@dataclass(frozen=True)
class Change:
    """One change of the Python API: what changed (``kind``), ``where`` (its Python name), the
    ``old`` and ``new`` value as people read them (a type's annotation, a version), if any.
    """

    kind: str  # what changed: a key of generator.release.PHRASES
    where: str
    old: str | None
    new: str | None
    breaking: bool

    @property
    def group(self) -> str:
        """The changelog's heading it goes under: Breaking, Added or Changed."""
        if self.breaking:
            return "Breaking"
        return "Added" if self.kind.endswith("-added") else "Changed"


@dataclass(frozen=True)
class Bump:
    """The version bump the changes call for: ``level`` (major, minor, patch or none), from
    ``version`` to ``suggested`` (None when ``version`` has no X.Y.Z to count from)."""

    level: str
    version: str
    suggested: str | None
    note: str = (
        ""  # why the level is not what the changes alone would say (a 0.y.z version)
    )


# The record's own values that are changes too: (key, kind, where, breaking). Another import
# name breaks every caller's imports; the distribution's name and versions break nobody.
_TOP = (
    ("package", "package", "package", True),
    ("distribution", "distribution", "distribution", False),
    ("api_version", "api-version", "info.version", False),
    ("generator", "generator", "generator", False),
)


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from the ``old`` record to the ``new`` one, in a stable order."""
    sides = (_Side(old), _Side(new))
    changes: list[Change] = []
    for key, kind, where, breaking in _TOP:
        if old.get(key) != new.get(key):
            was, now = str(old.get(key)), str(new.get(key))
            changes.append(Change(kind, where, was, now, breaking))
    for section, compare_one in (
        ("methods", _method),
        ("models", _model),
        ("enums", _enum),
        ("aliases", _alias),
    ):
        before, after = old.get(section, {}), new.get(section, {})
        for name in sorted(before.keys() | after.keys()):
            changes.extend(compare_one(name, before.get(name), after.get(name), sides))
    return changes


def bump(changes: list[Change], version: str) -> Bump:
    """The bump ``changes`` call for, from the package's ``version``."""
    if not changes:
        return Bump("none", version, version)
    groups = {c.group for c in changes}
    level = (
        "major" if "Breaking" in groups else "minor" if "Added" in groups else "patch"
    )
    found = re.match(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?", version)
    if found is None:
        return Bump(level, version, None)
    major, minor, patch = (int(part or 0) for part in found.groups())
    note = ""
    if level == "major" and major == 0:
        # SemVer item 4: before 1.0.0 anything may change, and the minor is what says so
        level, note = "minor", "breaking, but 0.y.z: SemVer item 4"
    if level == "major":
        suggested = f"{major + 1}.0.0"
    elif level == "minor":
        suggested = f"{major}.{minor + 1}.0"
    else:
        suggested = f"{major}.{minor}.{patch + 1}"
    return Bump(level, version, suggested, note)


# ------------------------------------------------------------------ sections


def _method(name: str, old: Any, new: Any, sides: tuple[_Side, _Side]) -> list[Change]:
    if old is None or new is None:
        return _presence("method", name, old, new, _endpoint)
    group = name.rsplit(".", 1)[0]
    changes = []
    for also in sorted(set(old["also"]) ^ set(new["also"])):  # iter_..., ..._pages
        gone = also in old["also"]
        kind = f"method-{'removed' if gone else 'added'}"
        changes.append(Change(kind, f"{group}.{also}", None, None, gone))
    if new["deprecated"] and not old["deprecated"]:
        changes.append(Change("method-deprecated", name, None, None, False))
    if _endpoint(old) != _endpoint(new):
        changes.append(
            Change("method-endpoint", name, _endpoint(old), _endpoint(new), False)
        )
    changes += _reordered(name, old["parameters"], new["parameters"])
    before, after = old["parameters"], new["parameters"]
    for param in sorted(before.keys() | after.keys()):
        changes += _parameter(
            f"{name}({param})", before.get(param), after.get(param), sides
        )
    # a return value is received: widened, callers meet values they did not handle
    return changes + _typed(
        "returns", name, old["returns"], new["returns"], sides, False, True
    )


def _endpoint(method: dict[str, Any]) -> str:
    return f"{method['operation']['method']} {method['operation']['path']}"


def _reordered(
    name: str, before: dict[str, Any], after: dict[str, Any]
) -> list[Change]:
    """Positional parameters kept, but in another order: a positional call passes them wrongly."""
    kept = [
        p
        for p in before.keys() & after.keys()
        if before[p]["position"] is not None and after[p]["position"] is not None
    ]
    old = sorted(kept, key=lambda p: int(before[p]["position"]))
    new = sorted(kept, key=lambda p: int(after[p]["position"]))
    if old == new:
        return []
    was, now = f"({', '.join(old)})", f"({', '.join(new)})"
    return [Change("parameters-reordered", name, was, now, True)]


def _parameter(
    where: str, old: Any, new: Any, sides: tuple[_Side, _Side]
) -> list[Change]:
    if old is None or new is None:
        required = new is not None and new["required"]
        kind = "required-parameter-added" if required else None
        return _presence(
            "parameter", where, old, new, lambda p: spell(p["type"]), kind, required
        )
    changes = []
    if old["required"] != new["required"]:
        became = "required" if new["required"] else "optional"
        changes.append(
            Change(f"parameter-{became}", where, None, None, new["required"])
        )
    # a parameter's value is sent: narrowed, a value a caller passes may no longer be taken
    changes += _typed("parameter", where, old["type"], new["type"], sides, True, False)
    return changes


def _model(name: str, old: Any, new: Any, sides: tuple[_Side, _Side]) -> list[Change]:
    if old is None or new is None:
        return _presence("model", name, old, new, lambda m: None)
    sent, received = _ways(old, new)
    changes = []
    before, after = old["fields"], new["fields"]
    for field in sorted(before.keys() | after.keys()):
        where, was, now = f"{name}.{field}", before.get(field), after.get(field)
        if was is None or now is None:
            required = now is not None and now["required"]
            kind = "required-field-added" if required else None
            changes += _presence(
                "field",
                where,
                was,
                now,
                lambda f: spell(f["type"]),
                kind,
                required and sent,
            )
            continue
        if was["required"] != now["required"]:
            became = "required" if now["required"] else "optional"
            changes.append(
                Change(
                    f"field-{became}",
                    where,
                    None,
                    None,
                    sent if now["required"] else received,
                )
            )
        changes += _typed(
            "field", where, was["type"], now["type"], sides, sent, received
        )
    return changes


def _enum(name: str, old: Any, new: Any, sides: tuple[_Side, _Side]) -> list[Change]:
    if old is None or new is None:
        return _presence("enum", name, old, new, lambda e: None)
    before = {canonical(value): member for member, value in old["members"].items()}
    after = {canonical(value): member for member, value in new["members"].items()}
    changes = []
    for value in sorted(before.keys() | after.keys()):
        was, now = before.get(value), after.get(value)
        if now is None:
            changes.append(
                Change("enum-value-removed", f"{name}.{was}", value, None, True)
            )
        elif was is None:
            changes.append(
                Change("enum-value-added", f"{name}.{now}", None, value, False)
            )
        elif was != now:
            changes.append(
                Change("enum-member-renamed", f"{name}.{was}", was, now, True)
            )
    return changes


def _alias(name: str, old: Any, new: Any, sides: tuple[_Side, _Side]) -> list[Change]:
    if old is None or new is None:
        return _presence("alias", name, old, new, lambda a: spell(a["type"]))
    return _typed("alias", name, old["type"], new["type"], sides, *_ways(old, new))


def _presence(
    section: str,
    where: str,
    old: Any,
    new: Any,
    detail: Any,
    kind: str | None = None,
    breaking: bool = False,
) -> list[Change]:
    """A thing added (as ``kind``, if not ``<section>-added``) or removed: removing anything breaks its users."""
    if old is None:
        return [Change(kind or f"{section}-added", where, None, detail(new), breaking)]
    return [Change(f"{section}-removed", where, detail(old), None, True)]


def _ways(old: dict[str, Any], new: dict[str, Any]) -> tuple[bool, bool]:
    """Whether a model or alias is sent and whether it is received, before or after;
    one no method uses is taken as both (callers may build it, or read it)."""
    used = {old["used_in"], new["used_in"]}
    sent, received = bool(used & {"request", "both"}), bool(used & {"response", "both"})
    return (sent, received) if sent or received else (True, True)


def _typed(
    section: str,
    where: str,
    old: Form,
    new: Form,
    sides: tuple[_Side, _Side],
    sent: bool,
    received: bool,
) -> list[Change]:
    """A type changed where values are ``sent`` or ``received`` (or both): narrowed breaks
    senders, widened breaks receivers, changed otherwise breaks both."""
    direction = _direction(old, new, sides)
    if not direction:
        return []
    breaking = {"narrowed": sent, "widened": received}.get(direction, True)
    return [Change(f"{section}-{direction}", where, spell(old), spell(new), breaking)]


# ------------------------------------------------------------------ types


class _Side:
    """What the types of one record name: each enum's values, each alias's target."""

    def __init__(self, record: dict[str, Any]) -> None:
        self.enums = {
            name: {canonical(v) for v in enum["members"].values()}
            for name, enum in record.get("enums", {}).items()
        }
        self.aliases: dict[str, Form] = {
            name: a["type"] for name, a in record.get("aliases", {}).items()
        }


def _direction(old: Form, new: Form, sides: tuple[_Side, _Side]) -> str | None:
    """None if the types are the same; else "narrowed", "widened" or "changed" (neither, or not comparable)."""
    if canonical(old) == canonical(new):
        return None
    wider = _within(old, new, sides[0], sides[1], 0)
    narrower = _within(new, old, sides[1], sides[0], 0)
    if wider and narrower:
        return None  # the same values, spelled otherwise (an alias for its target)
    return "widened" if wider else "narrowed" if narrower else "changed"


_DEPTH = 32  # aliases that reach themselves end the walk here: not comparable
_LITERAL_KINDS = {bool: "bool", int: "int", float: "float", str: "str"}


def _within(a: Form, b: Form, left: _Side, right: _Side, depth: int) -> bool:
    """Whether every value of type ``a`` (named in ``left``) is one of type ``b`` (named in ``right``).

    A type of the same name in both records is the same type: changes to the
    named thing itself are reported where it is defined.
    """
    if depth > _DEPTH:
        return False
    depth += 1
    if canonical(a) == canonical(b) or b == "any":
        return True
    if _named(a, "union") is not None:
        return all(_within(m, b, left, right, depth) for m in members(a))
    if (name := _named(a, "alias")) is not None and name in left.aliases:
        return _within(left.aliases[name], b, left, right, depth)
    if (name := _named(b, "alias")) is not None and name in right.aliases:
        return _within(a, right.aliases[name], left, right, depth)
    if _named(b, "union") is not None:
        return any(_within(a, m, left, right, depth) for m in members(b))
    return _scalar_within(a, b, left, right) or _container_within(
        a, b, left, right, depth
    )


def _scalar_within(a: Form, b: Form, left: _Side, right: _Side) -> bool:
    if a == "int" and b == "float":
        return True  # int is taken where float is (PEP 484's numeric tower)
    if isinstance(a, dict) and "literal" in a:
        kind = _LITERAL_KINDS.get(type(a["literal"]))
        return b == kind or (kind == "int" and b == "float")
    enum = _named(a, "enum")
    if enum is None or enum not in left.enums:
        return False
    values = left.enums[enum]
    other = _named(b, "enum")
    if other is not None:
        return other in right.enums and values <= right.enums[other]
    # a str (int) enum's members are str (int) values
    return b in ("str", "int") and all(
        isinstance(_value(v), str) == (b == "str") for v in values
    )


def _container_within(a: Form, b: Form, left: _Side, right: _Side, depth: int) -> bool:
    if not (isinstance(a, dict) and isinstance(b, dict)):
        return False
    for kind in ("list", "dict"):
        if kind in a and kind in b:
            return _within(a[kind], b[kind], left, right, depth)
    if "tuple" in a and "tuple" in b and len(a["tuple"]) == len(b["tuple"]):
        return all(
            _within(x, y, left, right, depth) for x, y in zip(a["tuple"], b["tuple"])
        )
    return False


def _named(f: Form, kind: str) -> Any:
    """The value of a one-key form of ``kind`` (a name, the members of a union), else None."""
    return f.get(kind) if isinstance(f, dict) else None


def _value(text: str) -> Any:
    return json.loads(text)
