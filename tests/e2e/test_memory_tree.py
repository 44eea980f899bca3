"""A 50 MB document is generated within 1 GB of memory, every process of the run counted (issue 19).

README: "A 50 MB document is generated within 1 GB of memory (about 0.5 GB measured)".

A run is more than one process: the document's checks run in a forked child
(``generator.pipeline.Background``) and black may format in forked workers
(``generator.format``). The peak is measured two ways, each over the whole tree:

- sampled: every few milliseconds, the resident set of the generator and of all
  its descendants (``/proc/<pid>/task/*/children``), summed; the peak of the sum.
  The limit holds the proportional set (PSS: a page a fork shares with its parent
  counted once in all, split between them), which is what the tree holds; the
  summed RSS, which counts such a page once per process, is printed beside it.
- reported: the generator's own high-water mark (``VmHWM`` in ``/proc/self/status``) and
  ``ru_maxrss`` of its waited-for children (``RUSAGE_CHILDREN``, the largest of them),
  which no sampling can miss. Not the generator's ``RUSAGE_SELF``: a process started by
  ``exec`` inherits in it the peak of the process that spawned it (Linux keeps the old
  address space's high-water mark across exec), here a pytest worker that may have held
  more than 1 GB by then (seen in CI: 1048 MB reported for a generator whose own peak was
  about 590 MB).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="/proc")]

LIMIT_MB = 1024

# The generator in a child process that reports, as it ends, its own peak and the
# peak of the largest child it waited for (in KiB on Linux).
_MEASURED = """
import resource, sys
from generator.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    mine = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(mine, children, file=sys.stderr)
sys.exit(code)
"""


def _big_document(size: int) -> str:
    """A valid document of about ``size`` bytes: a few operations, mostly large response examples."""
    record = {"id": "1", "type": "file", "name": "Quarterly report.pdf", "size": 629644,
              "tags": ["finance", "q3"], "owner": {"id": "7", "login": "someone@example.com"}}
    per_record = len(json.dumps(record)) + 2
    operations = 20
    records = size // (operations * per_record)
    paths = {
        f"/things{i}/{{thing_id}}": {"get": {
            "operationId": f"get_thing_{i}", "tags": [f"Group{i % 4}"],
            "parameters": [{"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Thing"},
                "example": {"entries": [dict(record, id=str(j)) for j in range(records)]}}}}},
        }}
        for i in range(operations)
    }
    thing = {"type": "object", "properties": {"id": {"type": "string"}, "size": {"type": "integer"}}}
    return json.dumps({"openapi": "3.0.3", "info": {"title": "Big", "version": "1"}, "paths": paths,
                       "components": {"schemas": {"Thing": thing}}})


def _descendants(pid: int) -> list[int]:
    """``pid`` and every process below it, as /proc has them now."""
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue  # gone meanwhile
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    pending.extend(int(child) for child in handle.read().split())
            except OSError:
                continue
    return found


def _resident_kib(pid: int) -> tuple[int, int]:
    """The process's RSS and PSS (its share of pages it shares), KiB; 0 once it is gone."""
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1])
    except OSError:
        pass  # gone, or a zombie (which holds no memory)
    return rss, pss


def _run_sampled(command: list[str]) -> tuple[subprocess.CompletedProcess[str], int, int, int]:
    """Run ``command``; its result, the peak of its tree's summed RSS (KiB), and the most processes seen at once."""
    peak = peak_pss = most = 0
    with open(os.devnull, "rb") as stdin, subprocess.Popen(
        command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as child:
        # Read the pipes in threads, so that a full pipe never stalls the child.
        out: list[str] = []
        err: list[str] = []
        readers = [threading.Thread(target=lambda s=s, b=b: b.append(s.read())) for s, b in
                   ((child.stdout, out), (child.stderr, err))]
        for reader in readers:
            reader.start()
        deadline = time.monotonic() + 300
        while child.poll() is None and time.monotonic() < deadline:
            tree = _descendants(child.pid)
            most = max(most, len(tree))
            sizes = [_resident_kib(pid) for pid in tree]
            peak = max(peak, sum(rss for rss, _ in sizes))
            peak_pss = max(peak_pss, sum(pss for _, pss in sizes))
            time.sleep(0.003)
        if child.poll() is None:
            child.kill()
        child.wait()
        for reader in readers:
            reader.join()
    return subprocess.CompletedProcess(command, child.returncode, "".join(out), "".join(err)), peak, peak_pss, most


def test_a_50_mb_document_completes_within_memory_of_the_whole_tree(tmp_path: Path) -> None:
    """Break made: the forked check child (``generator.pipeline.validate_source``) made to
    allocate and hold 1.5 GB (``hold = b"x" * 1_500_000_000`` around ``validate(doc)``).
    It failed: "the process tree's peak PSS 2295 MB (summed RSS 2357 MB)" (ru_maxrss:
    generator 585 MB, largest child 1881 MB). The test this one replaces read only the
    generator's own ``RUSAGE_SELF`` (585 MB) and passed.
    """
    spec = tmp_path / "big.json"
    spec.write_text(_big_document(50_000_000))
    assert spec.stat().st_size >= 50_000_000
    command = [sys.executable, "-c", _MEASURED, str(spec), "--output", str(tmp_path / "out")]
    result, sampled_kib, pss_kib, most = _run_sampled(command)
    assert result.returncode == 0, result.stderr
    assert "big_client: 20 operations" in result.stdout
    mine_kib, children_kib = map(int, result.stderr.strip().splitlines()[-1].split())
    sampled, mine, children = sampled_kib / 1024, mine_kib / 1024, children_kib / 1024
    print(f"tree peak (sampled): summed RSS {sampled:.0f} MB, summed PSS {pss_kib / 1024:.0f} MB, over up to {most} processes; "
          f"peaks: generator {mine:.0f} MB (VmHWM), largest child {children:.0f} MB (ru_maxrss)")
    assert most >= 2, "the forked checks were never seen: the tree was not measured"
    # The parsed document is several times its text; 1 GB leaves room for that and no more.
    assert pss_kib / 1024 < LIMIT_MB, f"the process tree's peak PSS {pss_kib / 1024:.0f} MB (summed RSS {sampled:.0f} MB)"
    assert max(mine, children) < LIMIT_MB, f"peaks: generator {mine:.0f} MB (VmHWM), largest child {children:.0f} MB"
