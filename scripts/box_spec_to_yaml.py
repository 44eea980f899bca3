"""Convert Box's OpenAPI description from JSON to YAML, changing nothing but the notation.

    python scripts/box_spec_to_yaml.py ../shared/specs/box-openapi.json spec/box.yaml

The output keeps the document's key order and its unicode, in block style: text with
line breaks as literal blocks (``|``) where YAML can hold it exactly, no folding of long
lines, no anchors, aliases or tags. It is deterministic (the pure-Python emitter, whatever
libyaml is installed), and the script refuses to write unless loading the YAML gives back
exactly what json.load gives.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never shares nodes: the same object twice is written twice."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    # A literal block where the emitter can keep the text exactly (it falls back to
    # a quoted scalar otherwise: trailing spaces, tabs, special characters).
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)


def to_yaml(document: Any) -> str:
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=2**31
        - 1,  # never fold a line: a folded plain scalar is a harder diff to read
        indent=2,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the JSON document")
    parser.add_argument("target", type=Path, help="the YAML file to write")
    args = parser.parse_args(argv)
    document = json.loads(args.source.read_text(encoding="utf-8"))
    text = to_yaml(document)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    if yaml.load(text, Loader=loader) != document:  # noqa: S506 - a safe loader
        print(
            f"{args.target}: the YAML does not load back to the JSON document; nothing written",
            file=sys.stderr,
        )
        return 1
    args.target.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
