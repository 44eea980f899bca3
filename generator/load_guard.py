"""Budgets and refusals for the loader: what a hostile document could make of the fast parsers.

- YAML aliases share one node among many places; the data is a graph, but every
  later stage walks it as a tree, so a 500-byte "billion laughs" becomes billions
  of nodes. ``check_expansion`` counts the tree a composed document stands for,
  with one visit per distinct node, and refuses it past a budget.
- Values JSON has no word for (``!!binary``, ``!!set``, ``!!omap``, ``!!pairs``)
  are refused where they are written; ``!!timestamp`` keeps its text, like an
  untagged date does.
- Integers whose decimal form is over Python's 4,300-digit limit, and lone
  surrogates (which cannot be written out as UTF-8), are refused with a location.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

# The tree a document stands for may be this many times the size of its text (in
# nodes) before aliases count as a bomb: ordinary sharing (a parameter reused by
# every operation) stays far below it.
EXPANSION_FACTOR = 64
EXPANSION_FLOOR = 2_000_000
MAX_INT_DIGITS = 4300
# Decimal digits per bit, rounded up: bit_length bounds a number's digit count cheaply.
_BITS_LIMIT = int(MAX_INT_DIGITS / 0.30103)

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONG_DIGITS = re.compile(r"\d{%d,}" % (MAX_INT_DIGITS + 1))
# Where an anchor could start: an `&` after a separator (flow `:` included, as in `{"a":&x 1}`);
# and an alias: a `*` so placed, then a character of a name (not a space nor a flow indicator).
# A text without both shares no node, so nothing to count; a false match only costs the walk
# (prose has "R&D" and "**bold**", seldom both so placed). Found from the mark on, then the
# character before looked at: a pattern that starts with the separator is tried at every
# character of the text, a good part of a large document's load.
_MAYBE_ANCHOR = re.compile(r"&\S")
_MAYBE_ALIAS = re.compile(r"\*[^\s\[\]{},]")


def _after_separator(pattern: re.Pattern[str], text: str) -> bool:
    for found in pattern.finditer(text):
        at = found.start()
        if at == 0 or text[at - 1].isspace() or text[at - 1] in "[]{},:":
            return True
    return False


def _mark(node: yaml.Node) -> str:
    return f"{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def check_expansion(root: yaml.Node, text: str) -> tuple[str, int] | None:
    """Where the tree under ``root`` passes its budget, and the budget; None when within it.

    Post-order without recursion (documents may be deep); a node seen before adds
    its known size. A node that contains itself is left to the constructor, which
    refuses it with a location.
    """
    if not (_after_separator(_MAYBE_ANCHOR, text) and _after_separator(_MAYBE_ALIAS, text)):
        return None
    budget = max(EXPANSION_FLOOR, EXPANSION_FACTOR * len(text))
    sizes: dict[int, int] = {}
    # Entered and not yet sized: in a depth-first walk, the ancestors of the current node.
    entered: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if key in sizes or (key in entered and not children_done):
            continue
        children = _children(node)
        if not children_done:
            entered.add(key)
            stack.append((node, True))
            stack.extend((child, False) for child in children if id(child) not in sizes and id(child) not in entered)
            continue
        total = 1 + sum(sizes.get(id(child), 0) for child in children)
        if total > budget:
            return _mark(node), budget
        sizes[key] = total
    return None


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def refuse_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"the tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not JSON data", node.start_mark
    )


def timestamp_as_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


def construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(node.value).replace("_", "")
    digits = text.lstrip("+-")
    # Parsing is only linear-time for power-of-two bases; refuse a long decimal before int() sees it.
    if not digits.startswith("0") and len(digits) > MAX_INT_DIGITS:
        raise _int_error(node)
    value: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    if value.bit_length() > _BITS_LIMIT:
        raise _int_error(node)
    return value


def _int_error(node: yaml.Node) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(
        None, None, f"an integer of more than {MAX_INT_DIGITS} digits", node.start_mark
    )


def construct_str(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    value = str(loader.construct_scalar(node))
    # Only a double-quoted scalar's escapes can write a surrogate: UTF-8 text holds none.
    if node.style == '"' and _LONE_SURROGATE.search(value):
        raise yaml.constructor.ConstructorError(None, None, "a lone surrogate in a string", node.start_mark)
    return value


def json_int(text: str) -> int:
    """``parse_int`` for json.loads: Python's own limit, as a ValueError ``locate_json_int`` places."""
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError(f"an integer of more than {MAX_INT_DIGITS} digits")
    return int(text)


def locate_long_int(text: str) -> str:
    """``line:column`` of the first run of digits over the limit in ``text``."""
    match = _LONG_DIGITS.search(text)
    if match is None:
        return ""
    return _line_column(text, match.start())


def lone_surrogate(text: str, data: Any) -> str | None:
    """``line:column`` (or "") of a lone surrogate in JSON data; None when there is none.

    Text decoded from UTF-8 holds none, so only an escape can make one: the walk
    runs only when the text has such an escape.
    """
    if not _JSON_SURROGATE_ESCAPE.search(text):
        return None
    if any(_LONE_SURROGATE.search(value) for value in strings(data)):
        return _locate_escape(text)
    return None


def strings(data: Any) -> Iterator[str]:
    """Every string of loaded data, keys too, at any depth (a loop: no recursion limit)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)


def _locate_escape(text: str) -> str:
    # A paired escape (\ud83d\ude00) is a character, not a lone surrogate: find the first unpaired one.
    for match in _JSON_SURROGATE_ESCAPE.finditer(text):
        start = match.start()
        code = int(text[start + 2 : start + 6], 16)
        following = text[start + 6 : start + 12]
        if code < 0xDC00 and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", following):
            continue
        if code >= 0xDC00 and re.fullmatch(r"[dD][89abAB][0-9a-fA-F]{2}", text[max(0, start - 4) : start]):
            continue
        return _line_column(text, start)
    return ""


def _line_column(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


def install(loader_class: type[yaml.SafeLoader]) -> None:
    """The constructors above on ``loader_class``."""
    for tag in ("binary", "set", "omap", "pairs"):
        loader_class.add_constructor(f"tag:yaml.org,2002:{tag}", refuse_tag)
    loader_class.add_constructor("tag:yaml.org,2002:timestamp", timestamp_as_text)
    loader_class.add_constructor("tag:yaml.org,2002:int", construct_int)
    loader_class.add_constructor("tag:yaml.org,2002:str", construct_str)

