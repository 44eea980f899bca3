"""What the benchmark scripts share: where things are, and their common arguments."""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_ENV = ROOT / ".bench"  # the peers' own environments (git-ignored)
DEFAULT_SPEC = Path(os.environ.get("BOX_OPENAPI_SPEC", ROOT.parent / "shared" / "specs" / "box-openapi.json"))


def spec_arguments(doc: str, runs: int) -> argparse.Namespace:
    """--runs and --spec; exits 2 with a clear line if the Box document is absent."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--runs", type=int, default=runs)
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    args = parser.parse_args()
    if not args.spec.is_file():
        print(f"the Box OpenAPI document is not at {args.spec} (use --spec or $BOX_OPENAPI_SPEC)")
        sys.exit(2)
    return args


def install_peer(env: Path, requirement: str) -> None:
    """A fresh virtualenv at ``env`` holding ``requirement``: with uv where it is installed
    (a dev dependency; about 2 s against pip's 15), else with venv and pip."""
    print(f"installing {requirement} into {env} ...", file=sys.stderr)
    python = env / "bin" / "python"
    if importlib.util.find_spec("uv") is not None:
        from uv import find_uv_bin

        uv = find_uv_bin()
        subprocess.run([uv, "venv", "-q", "--clear", "--python", sys.executable, str(env)], check=True)
        subprocess.run([uv, "pip", "install", "-q", "--python", str(python), requirement], check=True)
    else:
        venv.create(env, with_pip=True, clear=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", requirement], check=True)
