"""Generation speed and memory on several real documents, side by side with openapi-python-client.

    python bench/generate.py [--runs 3] [--spec ../shared/specs/box-openapi.json] [--documents box,openai,...]

The documents: the complete Box description (``--spec``) and every document of
``../shared/specs/wild/`` that is there (OpenAI, Xero, three Adyen APIs);
``--documents`` names a subset. For each, each round runs, alternating which
generator goes first:

- openapi-python-client 0.29.1 (config ``literal_enums: true``, its default
  ruff post-hooks on), installed by this script into ``.bench/opc-venv``:
  cold (no output), again over its own output (``--overwrite``, nothing
  changed), and after one operation's description changed;
- ours: cold (empty output directory and caches), nothing changed, and after
  the same description edit.

Ours runs from this checkout, byte-compiled first as pip compiles an installed
package (the peer's). Every run's peak RSS is summed over its whole process
tree (``_tree.py``: ours is the main process, the forked validator and black workers; the peer's,
its process and its ruff subprocesses). Prints a table per document with the
medians, the ratios and the targets of issue 17, and whether every file we
emitted passes ``black --check``. A document the peer refuses is reported as
such. Absolute times vary by machine; compare ratios. Exits 1 when a target
is NOT met.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from _common import BENCH_ENV, DEFAULT_SPEC, ROOT, install_peer
from _tree import Measured, run

PEER = "openapi-python-client==0.29.1"
WILD = ROOT.parent / "shared" / "specs" / "wild"
WILD_NAMES = (
    "openai.yaml",
    "xero-accounting.yaml",
    "adyen-checkout.json",
    "adyen-management.json",
    "adyen-balanceplatform.json",
)
KINDS = ("cold", "noop", "edit")


@dataclass
class Figures:
    """One generator's runs on one document: seconds and peak tree RSS (bytes) by kind."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    rss: list[int] = field(default_factory=list)
    failed: str = ""

    def median(self, kind: str) -> float:
        return statistics.median(self.seconds[kind]) if self.seconds[kind] else float("nan")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="the complete Box description")
    parser.add_argument("--documents", default="", help="comma-separated names (box, openai, ...); default: all")
    args = parser.parse_args()
    found = {"box": args.spec} if args.spec.is_file() else {}
    found.update({Path(n).stem: WILD / n for n in WILD_NAMES if (WILD / n).is_file()})
    wanted = [n.strip() for n in args.documents.split(",") if n.strip()] or list(found)
    unknown = [n for n in wanted if n not in found]
    if unknown or not wanted:
        print(
            f"no such document here: {', '.join(unknown) or '(none found)'}; there are: {', '.join(found)}"
            f" (the Box document: --spec or $BOX_OPENAPI_SPEC; the others: {WILD})"
        )
        sys.exit(2)
    args.documents = {n: found[n] for n in wanted}
    return args


def peer_venv() -> Path:
    """A separate environment for the peer, so its dependencies never meet ours."""
    env = BENCH_ENV / "opc-venv"
    exe = env / "bin" / "openapi-python-client"
    if not exe.exists():
        install_peer(env, PEER)
    return env


def edit(spec: Path, round_no: int) -> bool:
    """Append to one operation's description, in the text as written (JSON or YAML); False if none found."""
    text = spec.read_text(encoding="utf-8")
    mark = f" (edited {round_no})"
    if spec.suffix == ".json":
        paths = text.find('"paths"')
        match = re.compile(r'("description" ?: ")((?:[^"\\\n]|\\.)*)(")').search(text, paths)
    else:  # a plain one-line scalar under paths: appending words keeps it one
        paths = text.find("\npaths:")
        match = re.compile(r"(\n {6,}description: )([A-Za-z][^\n#:]*[A-Za-z0-9.)])(\n)").search(text, paths)
    if paths < 0 or match is None:
        return False
    start = match.end(2)
    spec.write_text(text[:start] + mark + text[start:], encoding="utf-8")
    return True


def one_round(name: str, source: Path, work: Path, round_no: int, peer: Path, figures: dict[str, Figures]) -> None:
    """Cold, nothing changed, one edit: the peer's and ours, which goes first alternating by round."""
    spec = work / source.name
    peer_env = {**os.environ, "PATH": f"{peer / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    ours_env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # see compiled()
    ours_env["PYTHONPATH"] = str(ROOT)
    out, cache, opc_out = work / "out", work / "cache", work / "opc_out"
    ours = [
        sys.executable,
        "-m",
        "generator",
        str(spec),
        "--output",
        str(out),
        "--package",
        f"{name.replace('-', '_')}_client",
        "--cache-dir",
        str(cache),
        "--quiet",
    ]
    theirs = [
        str(peer / "bin" / "openapi-python-client"),
        "generate",
        "--path",
        str(spec),
        "--config",
        str(work / "opc.yaml"),
        "--output-path",
        str(opc_out),
    ]
    shutil.copyfile(source, spec)
    for path in (out, cache, opc_out):
        shutil.rmtree(path, ignore_errors=True)
    runs = {"ours": (ours, ours, ROOT, ours_env), "peer": (theirs, [*theirs, "--overwrite"], work, peer_env)}
    order = ["peer", "ours"] if round_no % 2 else ["ours", "peer"]
    for kind in KINDS:
        if kind == "edit" and not edit(spec, round_no):
            break
        for who in order:
            first, again, cwd, env = runs[who]
            if figures[who].failed:
                continue
            measured = run(first if kind == "cold" else again, cwd, env)
            if measured.returncode != 0:
                figures[who].failed = failure(measured)
                continue
            figures[who].seconds[kind].append(measured.seconds)
            if kind == "cold":
                figures[who].rss.append(measured.peak_rss)
        print(
            f"{name} round {round_no} {kind}: "
            + ", ".join(f"{w} {figures[w].seconds[kind][-1]:.2f} s" for w in order if figures[w].seconds[kind]),
            file=sys.stderr,
        )


def failure(measured: Measured) -> str:
    lines = [line.strip() for line in (measured.stderr + measured.stdout).splitlines() if line.strip()]
    last = lines[-1] if lines else ""
    return f"exit {measured.returncode}: {last[:120]}"


def table(name: str, source: Path, runs: int, figures: dict[str, Figures]) -> list[str]:
    """The document's table; each row's verdict "met" or "NOT met" (our failure: NOT met)."""
    ours, peer = figures["ours"], figures["peer"]
    size = source.stat().st_size / 1e6
    print(f"\n{name} ({source.name}, {size:.1f} MB), medians of {runs} runs, {os.cpu_count()} CPUs\n")
    if ours.failed:
        print(f"ours failed: {ours.failed}")
        return ["NOT met"]
    if peer.failed:
        print(f"openapi-python-client 0.29.1 failed on this document ({peer.failed}): no ratio to the peer\n")
    print("| run | ours | openapi-python-client 0.29.1 | ratio | target | |")
    print("|---|---|---|---|---|---|")
    cold_target = 0.7 if name == "box" else 1.0
    verdicts = []

    def row(label: str, mine: float, theirs: float, ratio: float, target: float, unit: str, against: str) -> None:
        verdict = "" if ratio != ratio else ("met" if ratio <= target else "NOT met")
        verdicts.append(verdict)
        shown = "n/a" if ratio != ratio else f"{ratio:.2f}x {against}"
        digits = 0 if unit == "MB" else 2
        their = "failed" if peer.failed else (f"{theirs:.{digits}f} {unit}" if theirs == theirs else "")
        print(f"| {label} | {mine:.{digits}f} {unit} | {their} | {shown} | <= {target}x {against} | {verdict} |")

    cold, peer_cold = ours.median("cold"), peer.median("cold")
    row("cold (empty output and caches)", cold, peer_cold, cold / peer_cold, cold_target, "s", "peer")
    row("nothing changed", ours.median("noop"), peer.median("noop"), ours.median("noop") / cold, 0.05, "s", "our cold")
    row(
        "one description edited",
        ours.median("edit"),
        peer.median("edit"),
        ours.median("edit") / cold,
        0.1,
        "s",
        "our cold",
    )
    mine_mb = max(ours.rss) / 2**20 if ours.rss else float("nan")
    their_mb = max(peer.rss) / 2**20 if peer.rss else float("nan")
    row("peak RSS, whole process tree (cold)", mine_mb, their_mb, mine_mb / their_mb, 1.0, "MB", "peer")
    return verdicts


def compiled() -> None:
    """Our modules byte-compiled, as an installation leaves them (pip writes .pyc files; the
    peer's are written so), even where PYTHONDONTWRITEBYTECODE is set: else every run of ours
    compiles each module it imports again, a good part of a run that replays its result."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "generator")], check=True)


def main() -> int:
    args = arguments()
    peer = peer_venv()
    compiled()
    verdicts: list[str] = []
    black_failures = []
    for name, source in args.documents.items():
        figures = {"ours": Figures(), "peer": Figures()}
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            (work / "opc.yaml").write_text("literal_enums: true\n")
            for round_no in range(1, args.runs + 1):
                one_round(name, source, work, round_no, peer, figures)
            check = subprocess.run(
                [sys.executable, "-m", "black", "--check", "--quiet", "--target-version", "py310", str(work / "out")],
                capture_output=True,
                text=True,
            )
            if check.returncode != 0 and not figures["ours"].failed:
                black_failures.append(f"{name}: {check.stderr[-1000:]}")
        verdicts += table(name, source, args.runs, figures)
    print("\nblack --check over every file we emitted: " + ("pass" if not black_failures else "FAIL"))
    for failed in black_failures:
        print(failed)
    missed = verdicts.count("NOT met")
    print(f"targets: {verdicts.count('met')} met, {missed} NOT met")
    return 1 if missed or black_failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
