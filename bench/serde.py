"""Decoding and encoding through the generated models, side by side with json and pydantic 2.

    python bench/serde.py [--rounds 15] [--entries 1000] [--spec ../shared/specs/box-openapi.json]

Generates the client for the complete Box description into a temporary
directory, then builds two response bodies from the description: one
``FileFull`` with every property (each from its example where the description
has one), and an ``Items`` page of ``--entries`` entries, ``FileFull`` and
``FolderMini`` alternating. For each, in the same process, alternating in
rounds (medians per call):

- decoding: ``json.loads(raw)``; ours, ``Model.from_dict(json.loads(raw))``;
  pydantic 2, ``TypeAdapter(M).validate_json(raw)`` on an equivalent model
  (made from ours: the same fields, wire names as aliases, unknown fields kept);
- encoding: ``json.dumps(data)``; ours, ``json.dumps(obj.to_dict())``; pydantic,
  ``TypeAdapter(M).dump_json(obj, by_alias=True, exclude_unset=True)``.

Prints a table with the ratios and the targets (decoding at most 2.5x json.loads
and at most 1.0x pydantic; encoding at most 2.5x json.dumps); exits 1 if one is not
met. pydantic is the one installed, else pydantic 2.13.4, installed by this script
into .bench/pydantic.
"""

from __future__ import annotations

import argparse
import copy
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _common import BENCH_ENV, DEFAULT_SPEC, ROOT
from _pydantic_twin import pydantic_twin

PEER = "pydantic==2.13.4"
DECODE_TARGET, PYDANTIC_TARGET, ENCODE_TARGET = 2.5, 1.0, 2.5
# What a string of a format is, where the description gives no example.
FORMATS = {"date-time": "2024-05-01T12:00:00-07:00", "date": "2024-05-01"}


class Document:
    """A full example of a schema: every property, from the description's examples where it has them."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def at(self, ref: str) -> Any:
        node: Any = self.document
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def merged(self, schema: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in schema:
            schema = self.at(schema["$ref"])
        if "allOf" not in schema:
            return schema
        out = {k: v for k, v in schema.items() if k != "allOf"}
        properties = dict(out.get("properties", {}))
        for part in map(self.merged, schema["allOf"]):
            properties.update(part.get("properties", {}))
            for key, value in part.items():
                out.setdefault(key, value)
        if properties:
            out["properties"] = properties
        return out

    def example(self, schema: dict[str, Any], depth: int = 0) -> Any:
        schema = self.merged(schema)
        kind = schema.get("type")
        if "example" in schema and kind not in ("object", "array"):
            return copy.deepcopy(schema["example"])
        if "enum" in schema:
            return schema["enum"][0]
        for key in ("oneOf", "anyOf"):
            if key in schema:
                return self.example(schema[key][0], depth)
        if kind == "object" or "properties" in schema:
            if depth > 6:
                return {}
            out = {k: self.example(v, depth + 1) for k, v in schema.get("properties", {}).items()}
            extra = schema.get("additionalProperties")
            if isinstance(extra, dict) and not out:
                out["key"] = self.example(extra, depth + 1)
            return out
        if kind == "array":
            return [self.example(schema.get("items", {}), depth + 1)]
        scalars = {"string": FORMATS.get(schema.get("format"), "text"), "integer": 1, "number": 1.5, "boolean": True}
        return scalars.get(kind)

    def component(self, name: str) -> Any:
        return self.example({"$ref": f"#/components/schemas/{name}"})


def import_pydantic() -> Any:
    try:
        import pydantic
    except ImportError:
        target = BENCH_ENV / "pydantic"
        if not (target / "pydantic").is_dir():
            print(f"installing {PEER} into {target} ...", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), PEER], check=True)
        sys.path.insert(0, str(target))
        import pydantic
    return pydantic


def per_call(fn: Callable[[], object], seconds: float) -> float:
    """Seconds per call of ``fn``, over about ``seconds``."""
    count, start = 0, time.perf_counter()
    while True:
        fn()
        count += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / count


def measure(cases: dict[str, Callable[[], object]], rounds: int, seconds: float) -> dict[str, float]:
    """Median seconds per call of each case, the cases alternating in every round."""
    for fn in cases.values():  # warm up: lazy imports, converters made on first use
        fn()
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(rounds):
        for name, fn in cases.items():
            times[name].append(per_call(fn, seconds))
    return {name: statistics.median(t) for name, t in times.items()}


def rows(title: str, model: Any, data: Any, rounds: int, seconds: float, pydantic: Any) -> list[str]:
    raw = json.dumps(data)
    obj = model.from_dict(json.loads(raw))
    assert obj.to_dict() == data, "the example does not survive decoding and encoding"
    twin = pydantic.TypeAdapter(pydantic_twin(model, pydantic))
    twin_obj = twin.validate_json(raw)
    t = measure(
        {
            "loads": lambda: json.loads(raw),
            "ours decode": lambda: model.from_dict(json.loads(raw)),
            "pydantic decode": lambda: twin.validate_json(raw),
            "dumps": lambda: json.dumps(data),
            "ours encode": lambda: json.dumps(obj.to_dict()),
            "pydantic encode": lambda: twin.dump_json(twin_obj, by_alias=True, exclude_unset=True),
        },
        rounds,
        seconds,
    )
    decode, encode = t["ours decode"] / t["loads"], t["ours encode"] / t["dumps"]
    versus = t["ours decode"] / t["pydantic decode"]

    def us(name: str) -> str:
        return f"{t[name] * 1e6:,.1f} µs"

    def verdict(ratio: float, target: float) -> str:
        return f"<= {target}x ({'met' if ratio <= target else 'NOT met'})"

    return [
        f"| {title}, {len(raw):,} bytes: `json.loads` | {us('loads')} | 1.00x | |",
        f"| ours: `from_dict(json.loads(raw))` | {us('ours decode')} | {decode:.2f}x | {verdict(decode, DECODE_TARGET)} |",
        f"| pydantic {pydantic.VERSION}: `validate_json` | {us('pydantic decode')} | "
        f"{t['pydantic decode'] / t['loads']:.2f}x | ours {versus:.2f}x of it, {verdict(versus, PYDANTIC_TARGET)} |",
        f"| `json.dumps(dict)` | {us('dumps')} | 1.00x | |",
        f"| ours: `json.dumps(obj.to_dict())` | {us('ours encode')} | {encode:.2f}x | {verdict(encode, ENCODE_TARGET)} |",
        f"| pydantic: `dump_json` | {us('pydantic encode')} | {t['pydantic encode'] / t['dumps']:.2f}x | |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=0.2, help="time per case per round")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    args = parser.parse_args()
    if not args.spec.is_file():
        print(f"the Box OpenAPI document is not at {args.spec} (use --spec or $BOX_OPENAPI_SPEC)")
        return 2
    pydantic = import_pydantic()
    document = Document(json.loads(args.spec.read_text(encoding="utf-8")))
    file_full = document.component("File--Full")
    folder_mini = document.component("Folder--Mini")
    entries = [copy.deepcopy(file_full if i % 2 == 0 else folder_mini) for i in range(args.entries)]
    for index, entry in enumerate(entries):
        entry["id"] = str(index)
    items = {**document.component("Items"), "entries": entries}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pkg"
        subprocess.run(
            [sys.executable, "-m", "generator", str(args.spec), "--output", str(out), "--package", "box_full", "-q"],
            cwd=ROOT,
            check=True,
        )
        sys.path.insert(0, str(out))
        from box_full.models import FileFull, Items

        table = rows("FileFull", FileFull, file_full, args.rounds, args.seconds, pydantic)
        table += rows(f"Items, {args.entries:,} entries", Items, items, args.rounds, args.seconds * 5, pydantic)
    print(f"medians of {args.rounds} rounds, the cases alternating, one process (Python {sys.version.split()[0]})\n")
    print("| case | per call | ratio to json | target |")
    print("|---|---|---|---|")
    print("\n".join(table))
    return 1 if any("NOT met" in row for row in table) else 0  # as the other benchmarks do


if __name__ == "__main__":
    sys.exit(main())
