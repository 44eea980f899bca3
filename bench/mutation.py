"""Mutation testing of the emitted runtime and the naming, escaping and write stages.

Each mutant is made by cosmic-ray's operators and written to the module's file in a
copy of the checkout (and, for a runtime module, to generated/box_client's copy of
it too); then the module's targeted tests run there in a fresh pytest process, and
the survivors again against wider, slower tests. The tests that matter build client
packages that copy generator/runtime/*.py as text, so only a mutant on disk is seen
(bench/mutation-equivalent.md says why cosmic-ray). Not part of the test run:

    python bench/mutation.py                       # everything: bench/mutation-results.md
    python bench/mutation.py --module escape --limit 5
    python bench/mutation.py --module _retry --tests tests/unit/test_retry_after_cap.py

Needs the ``mutation`` extra (``pip install -e '.[mutation]'``).
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import ROOT  # noqa: E402
from _mutation_map import EDGES, MODULES, TESTS, WIDER  # noqa: E402
from _mutation_report import _key, _listed, write_report  # noqa: E402

# Resumable results, kept in the repository: the figures in bench/mutation-results.md and
# the README are this file's, and a checkout without it would have to run hours again.
STATE = ROOT / "bench" / "mutation-state.json"
WORK = [ROOT]  # where the mutants are written: a copy of the checkout (see workspace)
RESULTS = ROOT / "bench" / "mutation-results.md"

# One replacement per site, as mutmut does, rather than cosmic-ray's every pair of
# operators (Add→Sub, not Add→Sub, Mul, Div, ..., BitXor): 1,800 mutants instead of 9,000.
OPERATORS = (
    [
        f"core/ReplaceBinaryOperator_{p}"
        for p in (
            "Add_Sub",
            "Sub_Add",
            "Mul_Div",
            "Div_Mul",
            "FloorDiv_Div",
            "Mod_FloorDiv",
            "Pow_Mul",
            "BitOr_BitAnd",
            "BitAnd_BitOr",
            "BitXor_BitOr",
            "LShift_RShift",
            "RShift_LShift",
        )
    ]
    + [
        f"core/ReplaceComparisonOperator_{p}"
        for p in ("Eq_NotEq", "NotEq_Eq", "Lt_LtE", "LtE_Lt", "Gt_GtE", "GtE_Gt", "Is_IsNot", "IsNot_Is")
    ]
    + [
        f"core/{name}"
        for name in (
            "ReplaceUnaryOperator_USub_UAdd",
            "ReplaceUnaryOperator_Delete_Not",
            "AddNot",
            "ReplaceTrueWithFalse",
            "ReplaceFalseWithTrue",
            "ReplaceAndWithOr",
            "ReplaceOrWithAnd",
            "ReplaceBreakWithContinue",
            "ReplaceContinueWithBreak",
            "NumberReplacer",
            "ZeroIterationForLoop",
            "ExceptionReplacer",
            "RemoveDecorator",
        )
    ]
)


def _path(module: str) -> Path:
    return WORK[0] / MODULES[module].relative_to(ROOT)


@contextlib.contextmanager
def workspace(in_place: bool) -> Iterator[None]:
    """Mutants are written to a copy of the checkout, tests run there: the checkout itself
    is never mutated, so tests, edits and commits can go on in it meanwhile."""
    if in_place:
        yield
        return
    top = Path(tempfile.mkdtemp(prefix="mutation-"))
    try:
        if (ROOT.parent / "shared").is_dir():  # ../shared, as from the checkout
            (top / "shared").symlink_to(ROOT.parent / "shared")
        work = top / ROOT.name
        skip = (".git", ".bench", "__pycache__", ".mypy_cache", ".hypothesis", ".ruff_cache")
        shutil.copytree(ROOT, work, symlinks=True, ignore=shutil.ignore_patterns(*skip))
        os.chdir(work)
        WORK[0] = work
        yield
    finally:
        os.chdir(ROOT)
        WORK[0] = ROOT
        shutil.rmtree(top, ignore_errors=True)


@dataclass
class Mutant:
    module: str
    operator: str
    occurrence: int
    line: int
    text: str  # the source line before the mutation
    outcome: str = ""  # killed, survived, timeout, incompetent
    seconds: float = 0.0
    diff: str = ""
    wider: bool = False  # a survivor of the targeted tests, run again against WIDER's
    # outcome taken from a committed bench/mutation-results.md, not from a run kept in
    # the state (its survivors are listed there, so every other mutant run was killed)
    carried: bool = False

    @property
    def key(self) -> str:
        return f"{self.module}:{self.operator}:{self.occurrence}"


def _annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Where the module's annotations are: never evaluated (``from __future__ import
    annotations``), so a mutant there (``str | None`` to ``str & None``) changes nothing."""
    import ast

    spans = []
    for node in ast.walk(ast.parse(source)):
        notes = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            notes.append(node.returns)
        if isinstance(node, ast.arg) and node.annotation:
            notes.append(node.annotation)
        if isinstance(node, ast.AnnAssign):
            notes.append(node.annotation)
        spans += [((n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset)) for n in notes]
    return spans


def _bare_star(line: str, column: int) -> bool:
    """Whether the ``*`` at ``column`` is a signature's keyword-only marker (``def f(a, *, b)``),
    which cosmic-ray takes for a multiplication: ``/`` there is no mutant of an operator."""
    return line[column : column + 1] == "*" and line[column + 1 : column + 2] in (",", ")")


def mutants(module: str) -> list[Mutant]:
    """Every mutant of ``module`` that the operators make, annotations and keyword-only
    markers left out."""
    from cosmic_ray.ast import ast_nodes, get_ast_from_path
    from cosmic_ray.plugins import get_operator

    path = _path(module)
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    spans = _annotation_spans(source)
    tree = get_ast_from_path(path)
    found = []
    for name in OPERATORS:
        operator = get_operator(name)()
        positions = [p for node in ast_nodes(tree) for p in operator.mutation_positions(node)]
        for occurrence, (start, _end) in enumerate(positions):
            if any(a <= start < b for a, b in spans) or _bare_star(lines[start[0] - 1], start[1]):
                continue
            text = lines[start[0] - 1].strip()
            found.append(Mutant(module, name, occurrence, start[0], text))
    return sorted(found, key=lambda m: (m.line, m.operator, m.occurrence))


def test_command(module: str, tests: list[str] | None, wider: bool = False) -> str:
    """One fresh pytest process, in this process's interpreter, stopping at the first failure."""
    selection = WIDER[module] if wider else tests or TESTS[module]
    plugins = ["-p", "no:randomly"] if _has("pytest_randomly") else []
    return " ".join(
        [sys.executable, "-m", "pytest", "-n", "0", "-x", "-q", "--no-header", "-p", "no:sugar", *plugins, *selection]
    )


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


class Copy:
    """generated/box_client's copy of a runtime module, which some tests import instead
    of a freshly generated package: it carries each mutant too, under its header line."""

    def __init__(self, module: str) -> None:
        source = _path(module).read_text(encoding="utf-8")
        path = WORK[0] / "generated" / "box_client" / f"{module}.py"
        self.path: Path | None = None
        self.header = self.original = ""
        if module.startswith("_") and path.is_file():
            header, _, rest = path.read_text(encoding="utf-8").partition("\n")
            if rest != source:
                sys.exit(f"{path} is not {MODULES[module]} under a header: regenerate first")
            self.path, self.header, self.original = path, header, rest

    def write(self, text: str) -> None:
        if self.path is not None:
            self.path.write_text(f"{self.header}\n{text}", encoding="utf-8")

    def restore(self) -> None:
        self.write(self.original)


def run_one(mutant: Mutant, command: str, timeout: float, copy: Copy) -> None:
    """Writes the mutant to disk, runs the tests, puts the module back (whatever happens)."""
    import difflib

    from cosmic_ray.mutating import use_mutation
    from cosmic_ray.plugins import get_operator
    from cosmic_ray.testing import run_tests

    path = _path(mutant.module)
    mutant.carried = False
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        try:
            original, mutated = stack.enter_context(
                use_mutation(path, get_operator(mutant.operator)(), mutant.occurrence)
            )
        except Exception as exc:  # noqa: BLE001 - the tool's own failure, recorded and passed over
            # cosmic-ray 8.7.0's ExceptionReplacer raises AttributeError on some ``except``
            # clauses of _base_client: a run goes on past such a site rather than stop.
            mutant.outcome = "incompetent"
            mutant.diff = f"cosmic-ray could not make this mutant: {type(exc).__name__}: {exc}"
            return
        if mutated is None:
            mutant.outcome = "incompetent"
            return
        stack.callback(copy.restore)
        copy.write(mutated)
        outcome, output = run_tests(command, timeout)
        mutant.diff = "".join(
            d
            for d in difflib.unified_diff(original.splitlines(True), mutated.splitlines(True), n=0)
            if d[0] in "+-" and d[:3] not in ("+++", "---")
        )
    mutant.seconds = round(time.monotonic() - started, 1)
    if output == "timeout":
        mutant.outcome = "timeout"
    else:
        mutant.outcome = "killed" if outcome.value == "killed" else "survived"


def baseline(module: str, command: str) -> float:
    """The unmutated module's tests must pass; their time sets the mutants' timeout."""
    from cosmic_ray.testing import run_tests

    started = time.monotonic()
    outcome, output = run_tests(command, 1800)
    took = time.monotonic() - started
    if outcome.value != "survived":
        sys.exit(f"{module}: the tests fail without any mutant:\n{command}\n{output[-3000:]}")
    return took


def sanity(module: str, command: str) -> None:
    """A module that raises on import must be killed, or its tests never see the file on disk."""
    from cosmic_ray.mutating import restore_contents
    from cosmic_ray.testing import run_tests

    copy = Copy(module)
    broken = 'raise ImportError("mutation sanity check")\n'
    try:
        with restore_contents(_path(module)):
            _path(module).write_text(broken, encoding="utf-8")
            copy.write(broken)
            outcome, _ = run_tests(command, 600)
    finally:
        copy.restore()
    print(f"{module}: a module that cannot be imported is {outcome.value}", flush=True)
    if outcome.value != "killed":
        sys.exit(1)


def _state_key(module: str, command: str) -> str:
    digest = hashlib.sha256(_path(module).read_bytes() + command.encode()).hexdigest()
    return f"{module}:{digest[:16]}"


def _load_state() -> dict[str, dict[str, dict]]:
    return json.loads(STATE.read_text()) if STATE.is_file() else {}


_LOADED: dict[str, dict[str, dict]] = {}  # the state as this run read it, then as it wrote it


def _save_state(state: dict[str, dict[str, dict]]) -> None:
    """Merges this run's results into the file under a lock, mutant by mutant, so that two
    runs over different modules (one a core) can share it: neither writes over the other's."""
    import fcntl

    STATE.parent.mkdir(exist_ok=True)
    with open(STATE.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        merged = _load_state()
        # Only what this run changed: its copy of the other run's modules is stale.
        for key, done in state.items():
            seen = _LOADED.setdefault(key, {})
            for name, result in done.items():
                if seen.get(name) != result:
                    merged.setdefault(key, {})[name] = seen[name] = dict(result)
        partial = STATE.with_suffix(f".{os.getpid()}.tmp")
        # one line per mutant: a run's diff in git is the mutants it changed
        lines = [
            f"  {json.dumps(key)}: {{\n"
            + ",\n".join(f"   {json.dumps(n)}: {json.dumps(r, sort_keys=True)}" for n, r in sorted(done.items()))
            + "\n  }"
            for key, done in sorted(merged.items())
        ]
        partial.write_text("{\n" + ",\n".join(lines) + "\n}\n")
        os.replace(partial, STATE)


def run_module(module: str, args: argparse.Namespace, state: dict) -> list[Mutant]:
    command = test_command(module, args.tests)
    todo = [m for m in mutants(module) if not args.lines or m.line in args.lines]
    todo = todo[:: args.every][: args.limit] if args.limit else todo[:: args.every]
    key = _state_key(module, command)
    done = state.setdefault(key, {}) if args.resume else {}
    pending = [m for m in todo if m.key not in done]
    if args.recheck:
        found = [Mutant(**done[m.key]) for m in todo if m.key in done]
        _recheck(module, found, done, state if args.resume else None, args.edges_only)
        _save_state(state)
        return [Mutant(**done[m.key]) for m in todo if m.key in done]
    took = baseline(module, command) if pending else 0.0
    timeout = max(30.0, args.timeout_factor * took)
    print(
        f"{module}: {len(todo)} mutants ({len(todo) - len(pending)} already run), "
        f"tests {took:.1f} s, timeout {timeout:.0f} s",
        flush=True,
    )
    copy = Copy(module)
    for n, mutant in enumerate(pending, 1):
        run_one(mutant, command, timeout, copy)
        done[mutant.key] = asdict(mutant)
        if args.resume:
            _save_state(state)
        print(
            f"  [{n}/{len(pending)}] {mutant.outcome:9} {mutant.seconds:5.1f} s "
            f"line {mutant.line} {mutant.operator.split('/')[1]}",
            flush=True,
        )
    if not args.tests and not args.no_wider:
        _second_pass(module, [Mutant(**done[m.key]) for m in todo], done, args)
        if args.resume:
            _save_state(state)
    return [Mutant(**done[m.key]) for m in todo]


def _second_pass(module: str, found: list[Mutant], done: dict, args: argparse.Namespace) -> None:
    """The survivors of the targeted tests, run against the module's wider selection:
    slower tests that reach it too, so they run only for what the fast ones missed."""
    # equivalent or not worth a test: no need to spend the wider tests on them
    listed = _listed(equivalent_only=True)
    survivors = [m for m in found if m.outcome == "survived" and not m.wider and _key(m) not in listed]
    if not survivors or not WIDER.get(module):
        return
    command = test_command(module, None, wider=True)
    timeout = max(30.0, args.timeout_factor * baseline(module, command))
    print(f"{module}: {len(survivors)} survivors against the wider tests", flush=True)
    copy = Copy(module)
    for mutant in survivors:
        first = mutant.seconds
        run_one(mutant, command, timeout, copy)
        mutant.wider, mutant.seconds = True, round(first + mutant.seconds, 1)
        done[mutant.key] = asdict(mutant)
        print(f"  {mutant.outcome:9} line {mutant.line} {mutant.operator.split('/')[1]}", flush=True)


def _recheck(module: str, found: list[Mutant], done: dict, state: dict | None, edges_only: bool) -> None:
    """The survivors not listed in bench/mutation-equivalent.md as equivalent, run again
    against the module's tests as they are now: the tests written for survivors first
    (``-x`` stops there), then the targeted selection, then the rest of the wider one."""
    listed = _listed(equivalent_only=True)
    survivors = [m for m in found if m.outcome == "survived" and _key(m) not in listed]
    edges = [t for t in WIDER.get(module, []) if t in EDGES]
    rest = [t for t in WIDER.get(module, []) if t not in EDGES and t not in TESTS[module]]
    # --edges-only: just the tests written for survivors, a quick pass that can only
    # turn a survivor into a kill (what it leaves is still a survivor)
    selection = edges if edges_only else edges + TESTS[module] + rest
    command = test_command(module, selection)
    print(f"{module}: {len(survivors)} survivors against {' '.join(selection)}", flush=True)
    copy = Copy(module)
    for mutant in survivors:
        first = mutant.seconds
        run_one(mutant, command, 60.0 if edges_only else 300.0, copy)
        mutant.seconds = round(first + mutant.seconds, 1)
        done[mutant.key] = asdict(mutant)
        if state is not None:
            _save_state(state)  # each mutant's outcome kept, should the pass be stopped
        print(f"  {mutant.outcome:9} line {mutant.line} {mutant.operator.split('/')[1]}", flush=True)


def recorded(module: str, state: dict) -> list[Mutant]:
    """Every mutant of ``module``, with its outcome where the state file has one."""
    done = state.get(_state_key(module, test_command(module, None)), {})
    return [Mutant(**done[m.key]) if m.key in done else m for m in mutants(module)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--module", action="append", choices=sorted(MODULES), help="a module to mutate (repeatable; default: all)"
    )
    parser.add_argument("--limit", type=int, help="at most this many mutants per module")
    parser.add_argument("--lines", type=int, nargs="+", help="only the mutants on these lines (with one --module)")
    parser.add_argument(
        "--every", type=int, default=1, help="a sample: every n-th mutant of each module (the rest with --resume later)"
    )
    parser.add_argument(
        "--no-wider", action="store_true", help="do not run the targeted tests' survivors against the wider tests"
    )
    parser.add_argument(
        "--recheck",
        action="store_true",
        help="run the recorded survivors again against the tests as they are now (with --resume)",
    )
    parser.add_argument(
        "--edges-only",
        action="store_true",
        help="with --recheck: only the tests written for survivors (quick; can only turn survivors into kills)",
    )
    parser.add_argument(
        "--report", action="store_true", help="run nothing: the results file from what --resume runs recorded"
    )
    parser.add_argument("--tests", nargs="+", help="the tests to run instead of the module's own")
    parser.add_argument(
        "--timeout-factor",
        type=float,
        default=3.0,
        help="a mutant's timeout, as a multiple of its unmutated tests' time",
    )
    parser.add_argument(
        "--resume", action="store_true", help=f"keep results in {STATE.relative_to(ROOT)} and skip the ones there"
    )
    parser.add_argument("--sanity", action="store_true", help="only check that each module's tests see a broken module")
    parser.add_argument(
        "--in-place", action="store_true", help="mutate the checkout itself, not a copy (nothing else may run in it)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        help=f"the results file (default: {RESULTS.relative_to(ROOT)} for a " "whole run, none otherwise)",
    )
    args = parser.parse_args(argv)
    try:
        import cosmic_ray  # noqa: F401
    except ImportError:
        print("cosmic-ray is not installed: pip install -e '.[mutation]'")
        return 2
    # a SIGTERM unwinds like ^C, so that the module on disk is put back
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    modules = args.module or list(MODULES)
    with workspace(args.in_place or args.report):
        return _main(args, modules)


def _main(args: argparse.Namespace, modules: list[str]) -> int:
    if args.sanity:
        for module in modules:
            sanity(module, test_command(module, args.tests))
        return 0
    state = _load_state() if args.resume or args.report else {}
    _LOADED.update(json.loads(json.dumps(state)))
    started = time.monotonic()
    if args.report:
        results = {module: recorded(module, state) for module in modules}
        started -= sum(m.seconds for found in results.values() for m in found)
    else:
        results = {module: run_module(module, args, state) for module in modules}
    whole = not (args.module or args.limit or args.tests or args.lines or args.every > 1)
    out = args.out or (RESULTS if whole else None)
    text = write_report(results, time.monotonic() - started, {m: test_command(m, args.tests) for m in modules}, out)
    print(text.split("\n## Survivors")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
