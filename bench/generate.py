"""Generation speed on the complete Box description, side by side with openapi-python-client.

    python bench/generate.py [--runs 3] [--spec ../shared/specs/box-openapi.json]

Each round, in this order on the same machine:

- openapi-python-client 0.29.1 (config ``literal_enums: true``, its default
  ruff post-hooks on), installed by this script into ``.bench/opc-venv``;
- ours, cold: empty output directory and empty caches;
- ours, warm: the same again, nothing changed;
- ours after one operation's description changed (same file name).

Prints the median of each with its ratio to the targets, our cold run's peak
memory (the main process and the largest worker), and whether every emitted
file passes ``black --check``. Absolute times vary by machine; compare ratios.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

from _common import BENCH_ENV, ROOT, spec_arguments

PEER = "openapi-python-client==0.29.1"
EDITED = ("/files/{file_id}", "get")

# Runs the generator in-process and reports its peak memory: its own, and the
# largest of the processes it forked (validation, black workers).
MEASURED = """
import resource, sys
from generator.cli import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"RSS {own} {kids}", file=sys.stderr)
sys.exit(code)
"""


def peer_venv() -> Path:
    """A separate environment for the peer, so its dependencies never meet ours."""
    env = BENCH_ENV / "opc-venv"
    exe = env / "bin" / "openapi-python-client"
    if not exe.exists():
        print(f"installing {PEER} into {env} ...", file=sys.stderr)
        venv.create(env, with_pip=True, clear=True)
        subprocess.run([str(env / "bin" / "python"), "-m", "pip", "install", "-q", PEER], check=True)
    return env


def timed(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout}\n{done.stderr}")
    return elapsed, done.stderr


def edit(spec: Path, round_no: int) -> None:
    data = json.loads(spec.read_text())
    path, method = EDITED
    op = data["paths"][path][method]
    op["description"] = op.get("description", "") + f" (edited {round_no})"
    spec.write_text(json.dumps(data, indent=2))


def main() -> int:
    args = spec_arguments(__doc__ or "", runs=3)
    peer = peer_venv()
    peer_env = {**os.environ, "PATH": f"{peer / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    ours_env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times: dict[str, list[float]] = {"peer": [], "cold": [], "warm": [], "edit": []}
    rss_main: list[int] = []
    rss_child: list[int] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        spec = work / "box-openapi.json"
        (work / "opc.yaml").write_text("literal_enums: true\n")
        out, cache = work / "out", work / "cache"
        ours = [sys.executable, "-c", MEASURED, str(spec), "--output", str(out), "--package", "box_full",
                "--cache-dir", str(cache), "--quiet"]
        for round_no in range(1, args.runs + 1):
            shutil.copyfile(args.spec, spec)
            shutil.rmtree(work / "opc_out", ignore_errors=True)
            seconds, _ = timed([str(peer / "bin" / "openapi-python-client"), "generate", "--path", str(spec),
                                "--config", str(work / "opc.yaml"), "--output-path", str(work / "opc_out")],
                               work, peer_env)
            times["peer"].append(seconds)

            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)
            seconds, err = timed(ours, ROOT, ours_env)
            times["cold"].append(seconds)
            own, kids = (int(v) for v in err.split("RSS ", 1)[1].split())
            rss_main.append(own)
            rss_child.append(kids)

            times["warm"].append(timed(ours, ROOT, ours_env)[0])
            edit(spec, round_no)
            times["edit"].append(timed(ours, ROOT, ours_env)[0])
            print(f"round {round_no}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in times.items()), file=sys.stderr)

        check = subprocess.run([sys.executable, "-m", "black", "--check", "--quiet", "--target-version", "py310",
                                str(out)], capture_output=True, text=True)
    med = {k: statistics.median(v) for k, v in times.items()}
    rows = [
        ("openapi-python-client 0.29.1, cold", med["peer"], "", ""),
        ("ours, cold (empty output and caches)", med["cold"], f"{med['cold'] / med['peer']:.2f}x peer", "<= 1.0x peer"),
        ("ours, nothing changed", med["warm"], f"{med['warm'] / med['cold']:.2f}x our cold", "<= 0.1x"),
        ("ours, one operation's description edited", med["edit"], f"{med['edit'] / med['cold']:.2f}x our cold",
         "<= 0.2x"),
    ]
    print(f"Box OpenAPI ({args.spec.stat().st_size / 1e6:.1f} MB), medians of {args.runs} runs, {os.cpu_count()} CPUs\n")
    print("| run | median | ratio | target |")
    print("|---|---|---|---|")
    for name, seconds, ratio, target in rows:
        print(f"| {name} | {seconds:.2f} s | {ratio} | {target} |")
    peak, worker = max(rss_main) / 1024, max(rss_child) / 1024
    print(f"| peak RSS of our cold run | {peak:.0f} MB (largest worker {worker:.0f} MB) | | <= 300 MB |")
    verdict = "pass" if check.returncode == 0 else f"FAIL\n{check.stderr[-2000:]}"
    print(f"\nblack --check over every emitted file: {verdict}")
    return 0 if check.returncode == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
