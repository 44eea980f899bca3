"""A command's wall time and the peak of the RSS summed over its whole process tree.

The command runs in a new session (its own process group); a thread samples
``/proc`` every few milliseconds and sums the resident memory of every process
of that group: the command itself and whatever it forks or starts (our
validator and black workers; the peer's ruff subprocesses). ``RUSAGE_CHILDREN``
cannot give this: its ``ru_maxrss`` is the largest single descendant, not the
sum of those alive together. Linux only; elsewhere the peak is reported as 0.

A sampler misses what lives shorter than its interval, so the figure is a
lower bound of the true peak, the same bound for every command measured.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

INTERVAL = 0.005  # seconds between samples
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


@dataclass
class Measured:
    seconds: float
    peak_rss: int  # bytes, summed over the process group at its fullest sample
    returncode: int
    stdout: str
    stderr: str


def group_rss(pgid: int) -> int:
    """The resident bytes of every live process of group ``pgid``."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue  # gone meanwhile
        # The command name (field 2) may hold spaces and parentheses: split after its last ")".
        fields = stat[stat.rfind(b")") + 2 :].split()
        if int(fields[2]) == pgid:
            total += int(fields[21]) * _PAGE  # field 24: rss, in pages
    return total


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` to its end; its time and the peak RSS of its process tree."""
    peak = 0
    done = threading.Event()
    sampling = Path("/proc/self/stat").exists()
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, group_rss(process.pid))
            done.wait(INTERVAL)

    sampler = threading.Thread(target=sample, daemon=True)
    if sampling:
        sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    if sampling:
        sampler.join()
    return Measured(seconds, peak, process.returncode, stdout, stderr)
