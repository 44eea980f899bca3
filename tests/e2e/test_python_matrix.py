"""The matrix in CI: every claimed Python version runs the fast tier and the emitted clients'
end-to-end tests (scripts/matrix.py), each in a virtualenv of its own.

The interpreter running this suite is its own entry (the suite is that session, and more);
each other version runs through the matrix script. A version this machine lacks is skipped
with its name, so ``python -m pytest`` still passes on a machine with one Python.

Each version's sessions run in one process (``-n 0``): the suite's own workers already keep
the cores busy, and workers of a session's own would each import the generator again and
start their own Prism (measured on 3.12: 235 s of CPU for both sessions with two workers,
160 s with one).
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT

from generator.pythons import PYTHON_VERSIONS

sys.path.insert(0, str(ROOT / "scripts"))
import matrix  # noqa: E402

RUNNING = "%d.%d" % sys.version_info[:2]


# Each version its own xdist group (a file's slow tests otherwise share one worker), so that
# the versions spread over the workers instead of queueing behind each other.
@pytest.mark.parametrize(
    "version", [pytest.param(v, marks=pytest.mark.xdist_group(f"matrix-{v}")) for v in PYTHON_VERSIONS]
)
def test_the_suite_passes_on(version: str) -> None:
    if version == RUNNING:
        pytest.skip(f"Python {version} runs this suite itself")
    interpreter, looked = matrix.find_interpreter(version)
    if interpreter is None:
        pytest.skip(f"Python {version} is not on this machine (looked for {' and '.join(looked)})")
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "matrix.py"), "--python", version, "--", "-n", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1500,
    )
    assert done.returncode == 0, f"{done.stdout[-6000:]}\n{done.stderr[-3000:]}"
