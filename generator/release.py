"""The API changelog as people read it: the lines ``--check`` prints, the one-line summary of
a regeneration, and the dated entry ``--changelog FILE`` prepends; the command line's hooks.

The previous record (``generator.surface``) is read from the output before it is
replaced, and compared with the new one (``generator.changelog``). No previous
record (a first generation, or an output written before records were kept): no
changelog. A new record with the bytes the output holds is the same API: it
is neither parsed nor compared. The version an entry is headed with is the package version the new
record holds; when it is the same as the previous one while the API changed,
the entry is headed ``Unreleased`` with the suggested version: regeneration
never bumps the version itself.

Spec text in a line (a path, an enum value, a Literal value) is made inert for
where it goes: one printable line, and no backtick inside a Markdown code span.
"""

from __future__ import annotations

import datetime
import json
import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator import surface
from generator.regular import read_regular
from generator.write import OutputError

# The comparison (``generator.changelog``) is imported where a record changed: a
# regeneration that leaves the API as it was (a no-op, an edit of prose) needs none of it.
if TYPE_CHECKING:
    from generator.changelog import Bump, Change

# kind → what the change is, in words (a ``Change``'s line says where, this, and old → new)
PHRASES = {
    "package": "import name changed",
    "distribution": "distribution name changed",
    "api-version": "API version changed",
    "generator": "generator version changed",
    "method-added": "new method",
    "method-removed": "method removed",
    "method-deprecated": "deprecated",
    "method-endpoint": "sends another request",
    "parameters-reordered": "positional parameters reordered",
    "parameter-added": "new optional parameter",
    "required-parameter-added": "new required parameter",
    "parameter-removed": "parameter removed",
    "parameter-required": "parameter became required",
    "parameter-optional": "parameter became optional",
    "parameter-narrowed": "parameter type narrowed",
    "parameter-widened": "parameter type widened",
    "parameter-changed": "parameter type changed",
    "returns-narrowed": "return type narrowed",
    "returns-widened": "return type widened",
    "returns-changed": "return type changed",
    "model-added": "new model",
    "model-removed": "model removed",
    "field-added": "new field",
    "required-field-added": "new required field",
    "field-removed": "field removed",
    "field-required": "field became required",
    "field-optional": "field became optional",
    "field-narrowed": "field type narrowed",
    "field-widened": "field type widened",
    "field-changed": "field type changed",
    "enum-added": "new enum",
    "enum-removed": "enum removed",
    "enum-value-added": "new enum value",
    "enum-value-removed": "enum value removed",
    "enum-member-renamed": "enum member renamed",
    "alias-added": "new type alias",
    "alias-removed": "type alias removed",
    "alias-narrowed": "type alias narrowed",
    "alias-widened": "type alias widened",
    "alias-changed": "type alias changed",
}


HEADING = "# Changelog"  # of a changelog file that did not exist


@dataclass(frozen=True)
class Report:
    """The changes from the previous record to the new one, and the bump they call for."""

    changes: list[Change]
    bump: Bump
    old: dict[str, Any]
    new: dict[str, Any]

    def summary(self) -> str:
        """One line: how many changes of each group, and the suggested bump."""
        from generator.changelog import GROUPS

        if not self.changes:
            return "API changes: none"
        counts = {
            group: sum(c.group == group for c in self.changes) for group in GROUPS
        }
        said = ", ".join(f"{n} {group.lower()}" for group, n in counts.items() if n)
        return f"API changes: {said}; suggested bump: {_bump_text(self.bump)}"

    def lines(self) -> list[str]:
        """The changes for a terminal, grouped, one a line."""
        from generator.changelog import GROUPS

        out = [self.summary()]
        for group in GROUPS:
            chosen = [c for c in self.changes if c.group == group]
            if chosen:
                out.append(f"  {group}:")
                out.extend(f"    {describe(c, _one_line)}" for c in chosen)
        return out

    def markdown(self, heading: str) -> str:
        """A changelog entry under ``heading``: the bump, then the changes grouped, one a line."""
        from generator.changelog import GROUPS

        out = [f"## {_one_line(heading)}", ""]
        out.append(f"Suggested bump: {_bump_text(self.bump)}.")
        for group in GROUPS:
            chosen = [c for c in self.changes if c.group == group]
            if chosen:
                out += ["", f"### {group}", ""]
                out.extend(f"- {describe(c, _code)}" for c in chosen)
        return "\n".join(out) + "\n"

    def heading(self, today: datetime.date) -> str:
        """``<version> — <date>``; ``Unreleased (suggested: X.Y.Z)`` if the version was not bumped."""
        version = str(self.new.get("package_version", ""))
        if version == str(self.old.get("package_version", "")):
            return f"Unreleased (suggested: {self.bump.suggested or f'a {self.bump.level} bump'})"
        return f"{version} — {today.isoformat()}"


def describe(change: Change, code: Any) -> str:
    """One change in words: where, what, and old → new (``code`` spells names and values)."""
    text = f"{code(change.where)}: {PHRASES.get(change.kind, change.kind)}"
    if change.old is not None and change.new is not None:
        return f"{text}: {code(change.old)} → {code(change.new)}"
    if change.old is not None or change.new is not None:
        return f"{text} ({code(change.old if change.old is not None else change.new)})"
    return text


def _bump_text(b: Bump) -> str:
    """``major (1.4.0 → 2.0.0)``; ``minor (0.1.0 → 0.2.0; breaking, but 0.y.z: ...)``."""
    said = [f"{_one_line(b.version)} → {b.suggested}"] if b.suggested else []
    said += [b.note] if b.note else []
    return f"{b.level} ({'; '.join(said)})" if said else b.level


def _one_line(text: str) -> str:
    """``text`` as one printable line: line breaks and control or format characters become spaces."""
    return "".join(
        (
            " "
            if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn")
            else ch
        )
        for ch in text
    )


def _code(text: str) -> str:
    """A Markdown code span: no backtick can end it early."""
    return f"`{_one_line(text).replace('`', chr(39))}`"


# ------------------------------------------------------------------ the command line's hooks


def recorded(output: Path) -> bytes | None:
    """The bytes of the record the output holds, if any (read before the output is replaced)."""
    try:
        return read_regular(output / surface.PATH)
    except OSError:
        return None


def previous(output: Path) -> dict[str, Any] | None:
    """The record the output holds, if it holds one this generator can compare."""
    return _parsed(recorded(output))


def _parsed(raw: bytes | None) -> dict[str, Any] | None:
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("record") != surface.FORMAT:
        return None
    return data


def report(old: dict[str, Any] | None, files: dict[str, str]) -> Report | None:
    """The changes from ``old`` to the record among ``files`` (None without both)."""
    if old is None or surface.PATH not in files:
        return None
    from generator.changelog import bump, compare

    try:
        new = json.loads(files[surface.PATH])
        changes = compare(old, new)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None  # a record edited by hand, or damaged: nothing to compare with
    return Report(changes, bump(changes, str(old.get("package_version", ""))), old, new)


def _changes(before: bytes | None, files: dict[str, str]) -> Report | None:
    """The report from the record the output held (its bytes: ``before``) to the one among
    ``files``, if there is a change. The same bytes are the same record: not even parsed
    (a regeneration that leaves the API as it was: nothing changed, or only prose)."""
    new = files.get(surface.PATH)
    if before is None or new is None or before == new.encode("utf-8", "surrogatepass"):
        return None
    found = report(_parsed(before), files)
    return found if found is not None and found.changes else None


def for_check(before: bytes | None, files: dict[str, str]) -> list[str]:
    """What ``--check`` prints besides the stale files: every change regeneration would make."""
    found = _changes(before, files)
    return found.lines() if found is not None else []


def after_write(
    before: bytes | None, files: dict[str, str], changelogs: list[Path]
) -> list[str]:
    """After a regeneration: the summary for stderr; its entry prepended to each of ``changelogs``
    (``before``: the bytes of the record the output held, ``recorded``)."""
    found = _changes(before, files)
    if found is None:
        return []
    entry = found.markdown(found.heading(today()))
    for changelog in changelogs:
        try:
            prepend(changelog, entry)
        except OSError as exc:
            reason = exc.strerror or exc
            raise OutputError(
                f"cannot write the changelog {changelog}: {reason}"
            ) from None
        except UnicodeDecodeError:
            reason = "it is not UTF-8 text"
            raise OutputError(
                f"cannot add to the changelog {changelog}: {reason}"
            ) from None
    return [found.summary()]


def today() -> datetime.date:
    """Today in UTC, or the day of ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    moment = datetime.datetime.now(datetime.timezone.utc)
    if epoch.isdigit():
        moment = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
    return moment.date()


def prepend(path: Path, entry: str) -> None:
    """Put ``entry`` above the newest entry of the changelog at ``path`` (made if missing)."""
    try:
        current = read_regular(path).decode("utf-8")
    except FileNotFoundError:
        current = f"{HEADING}\n"
    lines = current.splitlines(keepends=True)
    at = next((i for i, line in enumerate(lines) if line.startswith("## ")), len(lines))
    before = "".join(lines[:at]).rstrip("\n") + "\n\n"
    after = "".join(lines[at:])
    text = before + entry + ("\n" + after if after else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # as a new file would be, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
