"""Where JSON pointers are in a document's text, as ``line:column``, for messages.

The places are read from the parser's events in one pass. Composing the node
tree instead (a Python object and a tag resolution for every node) took about
four times as long, on every run with a warning to locate, and composing the
text a second time was a good part of a run after an edit of a large YAML
document. A path goes as deep as the document does: its place is that of the
deepest node on it that is there, the first of equal keys. A text with an
alias is composed (where a path goes through an alias, its place is in the
anchored node, which the events do not follow), and so is one the events
alone would read while composing fails: more than one document.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

Path = Sequence["str | int"]


class _Alias(Exception):
    """The text has an alias: the places are found in the composed tree."""


class _Place:
    """A node some path goes through: the paths' next steps below it, and where it starts."""

    __slots__ = ("below", "mark")

    def __init__(self) -> None:
        self.below: dict[str, _Place] = {}
        self.mark: Any = None


class _Open:
    """A mapping or sequence being read: the places it is at, and where in it the parser is."""

    __slots__ = ("mapping", "places", "key", "values", "index", "items")

    def __init__(self, mapping: bool, places: list[_Place]) -> None:
        self.mapping = mapping
        self.places = places
        self.key = True  # a mapping's next node is a key
        self.values: list[_Place] = []  # where the value of the key just read is
        self.index = 0
        self.items: dict[int, list[_Place]] = {}
        if not mapping:
            for place in places:
                for step, below in place.below.items():
                    if step.isdecimal():
                        self.items.setdefault(int(step), []).append(below)

    def next_places(self, event: Any) -> list[_Place]:
        """The places of the node ``event`` starts, the next in this collection."""
        if not self.mapping:
            self.index += 1
            return self.items.get(self.index - 1, [])
        if not self.key:
            self.key = True
            return self.values
        self.key = False
        step = event.value if isinstance(event, yaml.ScalarEvent) else None  # a mapping as a key: no step
        self.values = [p.below[step] for p in self.places if step in p.below]
        return []  # keys are not places


_NOWHERE = _Open(True, [])  # a collection no path goes into (never read from, only counted)


def positions(text: str, paths: Sequence[Path]) -> list[str | None]:
    """``line:column`` (1-based) of each path's place in ``text``; None where the text cannot be read."""
    root = _Place()
    for path in paths:
        place = root
        for step in path:
            place = place.below.setdefault(str(step), _Place())
    try:
        read = _mark(text, root)
    except _Alias:
        return _composed(text, paths)
    except (yaml.YAMLError, RecursionError):
        read = False
    return [_deepest(root, path) if read else None for path in paths]


def _mark(text: str, root: _Place) -> bool:
    """Mark every place in ``root``'s tree with where its node starts; False if the text is not one document."""
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    open_: list[_Open] = []
    documents = 0
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.CollectionEndEvent):
            open_.pop()
        elif isinstance(event, yaml.AliasEvent):
            raise _Alias
        elif isinstance(event, yaml.NodeEvent):
            if open_ and not open_[-1].places:  # in a collection no path goes through
                if isinstance(event, yaml.CollectionStartEvent):
                    open_.append(_NOWHERE)
                continue
            at = open_[-1].next_places(event) if open_ else [root]
            fresh = [place for place in at if place.mark is None]  # a later equal key's node is no place
            for place in fresh:
                place.mark = event.start_mark
            if isinstance(event, yaml.CollectionStartEvent):
                open_.append(_Open(isinstance(event, yaml.MappingStartEvent), fresh))
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                return False  # composing refuses a second document
    return root.mark is not None


def _deepest(root: _Place, path: Path) -> str | None:
    place, mark = root, root.mark
    for step in path:
        below = place.below.get(str(step))
        if below is None or below.mark is None:
            break
        place, mark = below, below.mark
    return f"{mark.line + 1}:{mark.column + 1}" if mark is not None else None


def _composed(text: str, paths: Sequence[Path]) -> list[str | None]:
    """The places of ``paths`` in the composed tree of ``text`` (aliases followed to their anchors)."""
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        root = yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, RecursionError):
        return [None] * len(paths)
    return [None if root is None else _place(root, path) for path in paths]


def _place(node: Any, path: Path) -> str:
    for part in path:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    node = value_node
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and str(part).isdecimal() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            break
    mark = node.start_mark
    return f"{mark.line + 1}:{mark.column + 1}"
