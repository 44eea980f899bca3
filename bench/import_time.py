"""Import cost of the Box client (the whole API), side by side with httpx.

    python bench/import_time.py [--runs 21] [--spec SPEC]

Copies the committed generated/box_client (or, given --spec, generates that
document's client) into a temporary directory, then alternates fresh interpreters
that time, in-process, ``import httpx`` and ``import box_client; box_client.Client(token="t")``.
Prints the medians and their ratio (target: at most 1.2x). Absolute times vary
by machine; the ratio is what to compare.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import ROOT

PEER = "import time; t = time.perf_counter(); import httpx; print(time.perf_counter() - t)"
OURS = (
    "import time; t = time.perf_counter(); import box_client; box_client.Client(token='t'); "
    "print(time.perf_counter() - t)"
)
TARGET = 1.2


def timed(code: str, cwd: Path) -> float:
    out = subprocess.run([sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return float(out.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--spec", type=Path, default=None, help="generate this document's client instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cwd = Path(tmp) / "pkg"
        if args.spec is None:
            shutil.copytree(
                ROOT / "generated" / "box_client", cwd / "box_client", ignore=shutil.ignore_patterns("__pycache__")
            )
        else:
            generate = [
                sys.executable,
                "-m",
                "generator",
                str(args.spec),
                "--output",
                str(cwd),
                "--package",
                "box_client",
            ]
            subprocess.run([*generate, "-q"], cwd=ROOT, check=True)
        # Byte-compile as an installation does (pip writes .pyc files), even where
        # PYTHONDONTWRITEBYTECODE is set: httpx, the peer, is compiled too.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(cwd)], check=True)
        for _ in range(3):  # warm-up: byte-compile, fill the OS file cache
            timed(OURS, cwd)
            timed(PEER, cwd)
        peer, ours = [], []
        for _ in range(args.runs):  # alternate, so drift on a noisy machine hits both
            peer.append(timed(PEER, cwd))
            ours.append(timed(OURS, cwd))
    peer_ms, ours_ms = statistics.median(peer) * 1000, statistics.median(ours) * 1000
    ratio = ours_ms / peer_ms
    print(f"{'import httpx':<45} median {peer_ms:7.1f} ms over {args.runs} runs")
    print(f"{'import box_client; box_client.Client(token=...)':<45} median {ours_ms:7.1f} ms over {args.runs} runs")
    print(f"ratio {ratio:.2f}x (target <= {TARGET}x: {'met' if ratio <= TARGET else 'NOT met'})")
    return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
