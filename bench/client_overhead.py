"""Cost of one call through the emitted client, side by side with bare httpx and box-sdk-gen.

    python bench/client_overhead.py [--calls 2000] [--rounds 7]

A local HTTP/1.1 server with keep-alive answers POST /2.0/groups/terminate_sessions
with 202 and a small JSON body. In the same run, alternating in rounds:

- bare ``httpx.Client``: ``post(url, json=...)``, ``raise_for_status()``, ``json()``;
- ours: ``Client(...).session_termination.terminate_groups_sessions([group_id])``
  from generated/box_client (request built from the spec, response decoded
  into ``SessionTerminationMessage``);
- box-sdk-gen 1.17 (``SessionTerminationManager.terminate_groups_sessions``),
  installed by this script into ``.bench/boxsdk-venv`` and run there.

Prints the median cost per call of each and the ratios (target: ours at most
1.05x bare httpx), then the import time of the full-Box package against
``import httpx`` (bench/import_time.py). Absolute times vary by machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _common import BENCH_ENV, ROOT, install_peer

PEER = "box-sdk-gen==1.17.0"
PATH = "/2.0/groups/terminate_sessions"

SERVER = """
import json, sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BODY = json.dumps({"message": "Request is successful, please check the admin events for the status of the job"}).encode()

class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    disable_nagle_algorithm = True  # headers and body go out as two writes

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(BODY)))
        self.end_headers()
        self.wfile.write(BODY)

    def log_message(self, *args):
        pass

server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
"""

# Run inside the box-sdk-gen environment: per-call seconds of each round, as JSON.
BOX_SDK = """
import json, sys, time
from box_sdk_gen import BaseUrls, BoxClient, BoxDeveloperTokenAuth
base, calls, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
client = BoxClient(auth=BoxDeveloperTokenAuth(token="t")).with_custom_base_urls(
    BaseUrls(base_url=base, upload_url=base, oauth_2_url=base))
manager = client.session_termination
for _ in range(200):
    manager.terminate_groups_sessions(["123"])
out = []
for _ in range(rounds):
    start = time.perf_counter()
    for _ in range(calls):
        manager.terminate_groups_sessions(["123"])
    out.append((time.perf_counter() - start) / calls)
print(json.dumps(out))
"""


def peer_python() -> Path:
    env = BENCH_ENV / "boxsdk-venv"
    python = env / "bin" / "python"
    done = python.exists() and subprocess.run([str(python), "-c", "import box_sdk_gen"], capture_output=True)
    if not done or done.returncode != 0:
        install_peer(env, PEER)
    return python


def per_call(fn: object, calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()  # type: ignore[operator]
    return (time.perf_counter() - start) / calls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "generated"))
    import httpx
    from box_client import Client

    peer = peer_python()
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        base = f"http://127.0.0.1:{port}/2.0"

        bare = httpx.Client()
        url = base + "/groups/terminate_sessions"
        headers = {"Authorization": "Bearer t"}

        def bare_call() -> object:
            response = bare.post(url, json={"group_ids": ["123"]}, headers=headers)
            response.raise_for_status()
            return response.json()

        ours_client = Client(token="t", base_url=base)
        resource = ours_client.session_termination

        def ours_call() -> object:
            return resource.terminate_groups_sessions(["123"])

        for _ in range(200):  # warm up: connections, caches, lazy imports
            bare_call()
            ours_call()
        bare_times: list[float] = []
        ours_times: list[float] = []

        def our_rounds(count: int) -> None:
            for _ in range(count):  # alternate, so drift on a noisy machine hits both
                bare_times.append(per_call(bare_call, args.calls))
                ours_times.append(per_call(ours_call, args.calls))

        first = (args.rounds + 1) // 2
        our_rounds(first)
        box = subprocess.run(
            [str(peer), "-c", BOX_SDK, base, str(args.calls), str(args.rounds)],
            capture_output=True,
            text=True,
            check=True,
        )
        box_times = json.loads(box.stdout)
        our_rounds(args.rounds - first)
    finally:
        server.terminate()
        server.wait()

    b, o, x = (statistics.median(t) * 1e6 for t in (bare_times, ours_times, box_times))
    print(
        f"terminate_groups_sessions over HTTP/1.1 keep-alive on 127.0.0.1, medians of {args.rounds} rounds "
        f"of {args.calls} calls\n"
    )
    print("| client | per call | ratio to bare httpx | target |")
    print("|---|---|---|---|")
    print(f"| bare httpx.Client (JSON encode + decode) | {b:.0f} µs | 1.00x | |")
    print(f"| ours (generated/box_client) | {o:.0f} µs | {o / b:.2f}x | <= 1.05x |")
    print(f"| box-sdk-gen 1.17 | {x:.0f} µs | {x / b:.2f}x | |")
    print()
    sys.stdout.flush()
    subprocess.run([sys.executable, str(ROOT / "bench" / "import_time.py"), "--runs", "11"], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
