"""The syntax check shared with the forked checks process (``pipeline.Background.share``).

Real forked processes, no mocks: a check that answers at once leaves its
process free to take chunks; the results come back in order whoever worked
them out; a child that dies holding a chunk costs nothing but the time.
"""

from __future__ import annotations

import os
import time

import pytest

from generator import pipeline
from generator.format import FormatError, check_syntax

pytestmark = pytest.mark.skipif(not pipeline.forks(), reason="shared work needs fork")


def _quick_check(doc: object) -> list[tuple[str, str, str]]:
    return [("#/x", "a finding", "schema")]


def _slow_pid(chunk: list[int]) -> list[tuple[int, int]]:
    time.sleep(0.02)  # long enough for the child to be given some chunks
    return [(n, os.getpid()) for n in chunk]


_PARENT = os.getpid()  # the forked child has another


def _double_unless_forked(chunk: list[int]) -> list[int]:
    if os.getpid() != _PARENT:
        os._exit(1)
    return [n * 2 for n in chunk]


def test_the_free_child_takes_chunks_and_results_keep_their_order() -> None:
    background = pipeline.Background(_quick_check, None)
    time.sleep(0.2)  # the check answers at once
    chunks = [[i] for i in range(40)]
    results = background.share(chunks, _slow_pid)
    assert [pair[0][0] for pair in results] == list(range(40))
    workers = {pair[0][1] for pair in results}
    assert os.getpid() in workers and len(workers) == 2, workers
    # its own answer is kept for join
    assert background.join() == [("#/x", "a finding", "schema")]


def test_a_child_that_dies_holding_a_chunk_costs_only_time() -> None:
    background = pipeline.Background(_quick_check, None)
    time.sleep(0.2)
    results = background.share([[i] for i in range(10)], _double_unless_forked)
    assert results == [[i * 2] for i in range(10)]
    assert background.join() == [("#/x", "a finding", "schema")]


def test_a_known_verdict_means_no_child_and_everything_here() -> None:
    background = pipeline.Background(_quick_check, None, known=[])
    assert [pid for chunk in background.share([[1], [2]], _slow_pid) for _, pid in chunk] == [os.getpid()] * 2


def test_the_first_bad_file_in_path_order_is_reported_whoever_parsed_it() -> None:
    files = {f"p/m{i:03}.py": f'x = """{"x" * 120_000}"""\n' for i in range(30)}  # 120 KB each: many chunks
    files["p/m017.py"] = "def (:\n"
    files["p/m025.py"] = "class\n"
    background = pipeline.Background(_quick_check, None)
    time.sleep(0.2)
    with pytest.raises(FormatError, match=r"^p/m017\.py: emitted code does not parse"):
        check_syntax(files, files.keys(), share=background.share)
    background.close()
