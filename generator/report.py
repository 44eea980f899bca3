"""Warnings as the user reads them: in document order, once each, with their place in the file.

Findings come from two places (the document's checks, run beside the parser,
and the parser itself, which degrades what it cannot read); both name a JSON
pointer. Here they are merged, deduplicated, ordered as the document is
written, and given a ``line:column``, so that the output is the same however
the run got them (fresh, or from a cache).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Iterable

from generator.errors import Finding
from generator.resolve import pointer_parts

if TYPE_CHECKING:  # (the loader, and YAML's with it, is not needed to summarise a replayed run's warnings)
    from generator.load import Document

# How many warnings of each kind are shown without --warnings.
SHOWN_PER_KIND = 3


def ordered(doc: Document, findings: Iterable[Finding]) -> list[Finding]:
    """``findings`` without repeats, in the order of the places they name in the document."""
    kept: dict[tuple[str, str], Finding] = {}
    for finding in findings:  # the same defect found twice (under two kinds, say): the first
        finding = finding if isinstance(finding, Finding) else Finding(*finding)
        kept.setdefault((finding.where, finding.what), finding)
    order = _Order(doc.data)
    return sorted(kept.values(), key=lambda f: order.key(f.where))


def lines(doc: Document, findings: list[Finding]) -> list[str]:
    """One line per finding: ``file:line:column (pointer): warning: what [kind]``."""
    places = doc.positions([pointer_parts(finding.where) for finding in findings]) if findings else []
    result = []
    for finding, position in zip(findings, places):
        place = f"{doc.name}:{position}" if position else doc.name
        text = f"{place} ({finding.where or '/'}): warning: {finding.what} [{finding.kind}]"
        result.append(" ".join(text.split()))
    return result


def summary(file: str, warnings: list[str], every: bool) -> list[str]:
    """What a run prints about its warnings: the first few of each kind (or ``every`` one) and a count by kind."""
    if not warnings:
        return []
    kinds = Counter(_kind(line) for line in warnings)
    if every:
        shown = list(warnings)
    else:
        taken: Counter[str] = Counter()
        shown = []
        for line in warnings:
            taken[_kind(line)] += 1
            if taken[_kind(line)] <= SHOWN_PER_KIND:
                shown.append(line)
    counts = ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items()))
    tail = "" if every or len(shown) == len(warnings) else f"; {len(shown)} shown, --warnings lists them all"
    return [*shown, f"{file}: {len(warnings)} warning(s): {counts}{tail}"]


def _kind(line: str) -> str:
    return line.rsplit("[", 1)[-1].rstrip("]") if line.endswith("]") else "warning"


class _Order:
    """Sort keys of JSON pointers: the positions of their keys among their siblings, in document order."""

    def __init__(self, data: Any) -> None:
        self._data = data
        self._index: dict[int, dict[str, int]] = {}

    def key(self, where: str) -> tuple[int, ...]:
        node = self._data
        key: list[int] = []
        for part in pointer_parts(where):
            if isinstance(node, dict):
                index = self._index.get(id(node))
                if index is None:
                    index = self._index[id(node)] = {str(k): i for i, k in enumerate(node)}
                if part not in index:
                    key.append(len(index))  # not in the document (a key that is missing): after its siblings
                    break
                key.append(index[part])
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                key.append(int(part))
                node = node[int(part)]
            else:
                break
        return tuple(key)
