"""bench/mutation.py's results: the score of each module, and every mutant that survived."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

OUTCOMES = ("killed", "timeout", "survived", "incompetent")


def _row(name: str, found: list[Any]) -> str:
    counts = {o: sum(m.outcome == o for m in found) for o in OUTCOMES}
    unrun = sum(not m.outcome for m in found)
    total = len(found) - counts["incompetent"] - unrun
    # a mutant that hangs the tests is caught by their timeout: it counts as killed
    score = f"{(counts['killed'] + counts['timeout']) / total:.0%}" if total else "-"
    return (
        f"| {name} | {counts['killed']} | {counts['timeout']} | {counts['survived']} "
        f"| {total} | {unrun} | {score} |"
    )


def _group(results: dict[str, list[Any]], runtime: bool) -> list[Any]:
    return [m for name, found in results.items() if name.startswith("_") == runtime for m in found]


EQUIVALENT = Path(__file__).resolve().parent / "mutation-equivalent.md"


def _key(m: Any) -> str:
    """A mutant as bench/mutation-equivalent.md names it: ``module:line Operator #n``."""
    return f"{m.module}:{m.line} {m.operator.split('/')[1]} #{m.occurrence}"


OUTSIDE = "## Killed by the suite, outside the module's selection"


def _listed(equivalent_only: bool = False) -> set[str]:
    """The survivors bench/mutation-equivalent.md gives a reason for: its `module:line Operator #n`.

    ``equivalent_only``: not the ones it says tests outside the targeted selection
    kill, which the wider pass must still run to record them as killed.
    """
    text = EQUIVALENT.read_text(encoding="utf-8") if EQUIVALENT.is_file() else ""
    if equivalent_only:
        text = text.split(OUTSIDE, 1)[0]
    return set(re.findall(r"`([a-z_]+:[0-9]+ [A-Za-z_]+ #[0-9]+)`", text))


def write_report(results: dict[str, list[Any]], seconds: float, commands: dict[str, str], out: Path | None) -> str:
    """The results as Markdown, written to ``out`` if given; returned either way."""
    lines = [
        "# Mutation testing: results",
        "",
        "Written by `python bench/mutation.py`: cosmic-ray's operators, one mutant at a time",
        "written into a copy of the checkout, each module's targeted tests, then wider tests",
        "for their survivors (bench/_mutation_map.py); bench/mutation-equivalent.md gives the",
        "reason for each survivor it lists. A timeout counts as killed.",
        "",
        f"Run time: {seconds / 60:.1f} min of tests, one worker, Python {sys.version.split()[0]}."
        " The score is over the mutants run (killed and timed out, of those run).",
        "",
    ]
    carried = sum(getattr(m, "carried", False) for found in results.values() for m in found)
    if carried:
        lines += [
            f"{carried} outcomes are carried over from the run of 2026-11-30, rebuilt from its",
            "report (its state file was not kept): the survivors it listed, every other mutant",
            "killed (that run's timeouts among them); their time is not in the run time above.",
            "",
        ]
    lines += [
        "| module | killed | timeout | survived | run | not run | score |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [_row(name, found) for name, found in results.items()]
    runtime, stages = _group(results, True), _group(results, False)
    if runtime:
        lines.append(_row("**runtime (all)**", runtime))
    if stages:
        lines.append(_row("**naming, escape, write**", stages))
    listed = _listed()
    survivors = [(_key(m), m) for n, found in results.items() for m in found if m.outcome == "survived"]
    unexamined = sum(key not in listed for key, _ in survivors)
    lines += [
        "",
        "## Survivors",
        "",
        f"{len(survivors)} survivors: {len(survivors) - unexamined} listed in bench/mutation-equivalent.md "
        f"with a reason (equivalent, not worth a test, or killed by tests outside the selection), {unexamined} not yet examined.",
        "",
    ]
    for key, m in survivors:
        diff = " / ".join(d.strip() for d in m.diff.splitlines())[:160]
        lines.append(f"- {key}{'' if key in listed else ' (not yet examined)'}: `{diff}`")
    lines += ["", "## Test selections", ""]
    lines += [f"- {name}: `{' '.join(c.split()[1:])}`" for name, c in commands.items()]
    text = "\n".join(lines) + "\n"
    if out is not None:
        out.write_text(text, encoding="utf-8")
    return text
