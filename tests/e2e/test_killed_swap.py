"""A real generation SIGKILLed around the swap leaves an output that is whole (issue 19).

README: "The new output is built beside the target and swapped in with one atomic
`renameat2(RENAME_EXCHANGE)` on Linux, so an error or a kill leaves the previous output whole".

The child is ``python -m generator`` itself (``generator.cli.main``), run under a
wrapper that patches only the operating system's boundary: ``os.rename``,
``os.replace`` and the ``renameat2`` that ``ctypes`` hands out. The wrapper counts
the calls that touch the directory holding the output and SIGKILLs its own process
just before, or just after, the Nth one; nothing of the generator is replaced.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEED_SPEC

pytestmark = [pytest.mark.slow, pytest.mark.skipif(sys.platform != "linux", reason="renameat2")]

_KILLING = """
import ctypes, os, signal, sys

when, nth, watched = sys.argv[1], int(sys.argv[2]), sys.argv[3]
calls = 0
# "no-exchange": renameat2 fails as a kernel or file system without RENAME_EXCHANGE does.
no_exchange = when.startswith("no-exchange-")
when = when.removeprefix("no-exchange-")


def unsupported(*args):
    ctypes.set_errno(22)  # EINVAL
    return -1


def boundary(call, paths):
    def wrapped(*args, **kwargs):
        global calls
        touched = any(os.fsdecode(p).startswith(watched) for p in paths(args))
        calls += touched
        if touched and calls == nth and when == "before":
            os.kill(os.getpid(), signal.SIGKILL)
        result = call(*args, **kwargs)
        if touched and calls == nth and when == "after":
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    return wrapped


os.rename = boundary(os.rename, lambda a: a[:2])
os.replace = boundary(os.replace, lambda a: a[:2])


class CDLL(ctypes.CDLL):
    def __getattr__(self, name):
        found = super().__getattr__(name)
        # renameat2(olddirfd, oldpath, newdirfd, newpath, flags)
        if name != "renameat2":
            return found
        return boundary(unsupported if no_exchange else found, lambda a: (a[1], a[3]))


ctypes.CDLL = CDLL
from generator.cli import main

sys.exit(main(sys.argv[4:]))
"""


def _tree(root: Path) -> dict[str, bytes]:
    """Every file below ``root``, its bytes, by relative path (everything: nothing is skipped)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() or path.is_symlink()
    }


def _generate(out: Path, *options: str, killed: tuple[str, int] | None = None) -> subprocess.CompletedProcess[str]:
    args = [str(SEED_SPEC), "--output", str(out), "--no-cache", *options]
    if killed is None:
        command = [sys.executable, "-m", "generator", *args]
    else:
        when, nth = killed
        command = [sys.executable, "-c", _KILLING, when, str(nth), f"{out.parent}/", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.mark.parametrize(
    "when",
    [
        # After the new tree is staged (every file written), before the swap's first call.
        pytest.param("before", id="staged-not-swapped"),
        # The moment of the swap: right after its first call returns (the exchange, or the
        # first of two renames where there is none), before anything else.
        pytest.param("after", id="at-the-swap"),
        # Where there is no atomic exchange: between the two renames (the output moved aside,
        # the new tree not yet in). The one moment without an output; the next run puts the
        # previous one back before it writes.
        pytest.param("no-exchange-after", id="between-two-renames"),
    ],
)
def test_a_generation_killed_at_the_swap_leaves_an_output_whole(tmp_path: Path, when: str) -> None:
    """The previous output, byte for byte, or the new one whole; never neither, never a mix.

    Break made: ``_swap`` changed to ``shutil.rmtree(root)`` then ``os.rename(staging, root)``
    (delete the old output, then rename the new one in). "staged-not-swapped" failed at
    ``after_kill == previous``: ``{} == {'README.md': ...}``, the kill before the rename
    left no ``out`` at all, the new tree only in ``.out.*.new``. Before ``_clear_killed``
    existed, both cases failed at the last line: ``['.out.4ob7gx33.new', 'out'] == ['out']``.
    With ``_clear_killed`` deleting a dead run's ``.old`` instead of putting it back,
    "between-two-renames" failed: the run after the kill wrote "35 files written
    (0 unchanged)", not " 0 files written ".
    """
    site = tmp_path / "site"
    site.mkdir()
    out = site / "out"
    assert _generate(out).returncode == 0
    previous = _tree(out)
    # What the killed run would have written: another package name changes every file,
    # so the whole tree is swapped (not the one-file rename).
    reference = tmp_path / "reference" / "out"
    assert _generate(reference, "--package", "other_client").returncode == 0
    new = _tree(reference)
    assert new != previous

    # The wrapper counts renameat2 even where it fails: the second call is the first rename.
    nth = 2 if when.startswith("no-exchange-") else 1
    killed = _generate(out, "--package", "other_client", killed=(when, nth))
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr

    if when.startswith("no-exchange-"):
        assert not out.exists()
        (retired,) = (name for name in os.listdir(site) if name.endswith(".old"))
        assert _tree(site / retired) == previous
        out = site / retired  # checked below as the output the kill left
    after_kill = _tree(out)
    if when == "before":
        assert after_kill == previous
    else:
        assert after_kill in (previous, new), "the output is a mix of the two, or partial"
    # Nothing beside the output but the hidden staging directory the kill left (a partial
    # tree never takes the output's name, nor any other visible name).
    beside = sorted(os.listdir(site))
    assert all(name == out.name or (name.startswith(".out.") and name.endswith(".new")) for name in beside), beside

    out = site / "out"
    if when.startswith("no-exchange-"):
        # The next run puts the previous output back first: run as it was, it finds it whole.
        again = _generate(out)
        assert again.returncode == 0, again.stderr
        assert " 0 files written " in again.stdout, again.stdout
        assert _tree(out) == previous

    # A normal run afterwards replaces it, and clears what the killed run left.
    assert _generate(out, "--package", "other_client").returncode == 0
    assert _tree(out) == new
    assert sorted(os.listdir(site)) == ["out"]
