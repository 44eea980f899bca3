"""YAML documents of the common kind, built straight from the parser's events.

PyYAML composes a tree of nodes (a Python object, a tag resolution and a few
calls for each) and then constructs the data from it; building the data from
libyaml's events instead is about three times faster on a large document,
where loading is most of a run after an edit of its descriptions. Only plain
documents are built so: one document, no anchor or alias, no explicit tag, no
merge key or other value that is not JSON data, no mapping or sequence as a
key, nothing nested deeper than ``MAX_DEPTH``. For anything else, and on any
error, ``build`` says it did not build the document, which then goes the usual
way (``generator.load``), errors and their places included. For the documents
it takes, the data is what the usual way gives: the same resolution of each
scalar's tag and the same constructors (the loader's own), keys as the
loader's mapping constructor makes them.
"""

from __future__ import annotations

from typing import Any

import yaml

# Deeper documents go the usual way, which refuses the deepest (its recursion runs out).
MAX_DEPTH = 100
# The tags of the values built here; a scalar resolved to any other (merge, value) is not.
_STR = "tag:yaml.org,2002:str"
_BUILT = frozenset(
    {_STR, "tag:yaml.org,2002:null", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"}
)
_KEY = object()  # a mapping waiting for its next key


class _NotPlain(Exception):
    """The document is not of the kind built here."""


def build(text: str, loader_class: Any) -> tuple[bool, Any]:
    """(True, the data of ``text``), or (False, None) where it goes the usual way."""
    loader = loader_class(text)
    try:
        return True, _build(loader)
    except Exception:  # noqa: BLE001 - any error is reported by the usual way, as it always was
        return False, None
    finally:
        loader.dispose()


def _build(loader: Any) -> Any:
    constructors = loader.yaml_constructors
    tags: dict[tuple[str, Any], str] = {}
    # The open collections: each a list or a dict, with (a dict's) the key waiting for its value.
    open_: list[list[Any]] = []
    root: Any = None
    documents = 0
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is yaml.ScalarEvent:
            value = _scalar(loader, event, constructors, tags)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if event.anchor is not None or event.tag not in (None, "!"):
                raise _NotPlain
            value = {} if kind is yaml.MappingStartEvent else []
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            open_.pop()
            continue
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _NotPlain  # the usual way refuses a second document
            continue
        elif kind is yaml.AliasEvent:
            raise _NotPlain
        else:
            continue  # the stream's start and end, the document's end
        if not open_:
            root = value
        else:
            top = open_[-1]
            if top[1] is _KEY:
                if kind is not yaml.ScalarEvent:
                    raise _NotPlain  # a collection as a key
                # As generator.load's mapping constructor makes keys: strings, booleans spelled as in JSON.
                top[1] = ("true" if value else "false") if isinstance(value, bool) else str(value)
                continue
            if isinstance(top[0], dict):
                top[0][top[1]] = value
                top[1] = _KEY
            else:
                top[0].append(value)
        if kind is not yaml.ScalarEvent:
            if len(open_) >= MAX_DEPTH:
                raise _NotPlain
            open_.append([value, _KEY if kind is yaml.MappingStartEvent else None])
    return root


def _scalar(loader: Any, event: Any, constructors: dict[str, Any], tags: dict[tuple[str, Any], str]) -> Any:
    """A scalar's value, as the loader constructs the node the composer would make of ``event``."""
    if event.anchor is not None or event.tag not in (None, "!"):
        raise _NotPlain
    if event.implicit[0]:
        key = (event.value, event.implicit)
        tag = tags.get(key)
        if tag is None:
            tag = tags[key] = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag not in _BUILT:
                raise _NotPlain
    else:
        tag = _STR  # what the resolver gives a scalar that is not plain
    if tag == _STR and event.style != '"':  # (a double-quoted one may spell a lone surrogate)
        return event.value
    node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
    return constructors[tag](loader, node)
