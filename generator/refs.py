"""Where a ``$ref`` is a reference, and where it is data.

An OpenAPI document is a tree of a few kinds of node, and the kind decides
what a key means. The same key changes meaning with its place: ``default``
is a response in a Responses object and a literal value in a schema;
``parameters`` is a list of Parameter objects in an operation and a map of
literal values in a Link; ``x-rate-limit`` is an extension in an operation
and a header's name in a ``headers`` map. So every walk that looks for
references (bundling, checking them) goes down the tree with the kind of each
node, from ``child``:

- extensions (``x-*``) are data: whatever they hold is carried, never followed;
- literal values are data: ``example``, ``default``, ``enum``, ``const``, a
  schema's ``examples``, an Example's ``value``, a Link's ``parameters`` and
  ``requestBody`` (OpenAPI: any JSON; a ``$ref`` key in them is a value);
- a map of names (``properties``, ``content``, ``headers``, the sections of
  ``components``...) holds nodes of one kind under any key, ``x-`` or
  ``default`` included, and is never a reference itself (a property may be
  named ``$ref``);
- the Paths, Responses and Callback objects are maps whose ``x-`` keys are
  extensions (and a Callback may be a reference: no path, status code or
  expression is spelled ``$ref``).

A list holds nodes of the list's own kind.
"""

from __future__ import annotations

from typing import Any

DOCUMENT = "object"  # the OpenAPI object: its keys are fixed fields like any object's
OBJECT, SCHEMA, EXAMPLE, LINK, COMPONENTS = "object", "schema", "example", "link", "components"
_NAMES, _PATTERNED = "names:", "patterned:"

# Fixed fields of OpenAPI objects (operation, path item, parameter, response,
# media type, header, request body, server...) that hold something other than
# another such object; None: data.
_OBJECT = {
    "schema": SCHEMA,
    "example": None,
    "default": None,  # a Server Variable's; in a Responses object (a map) "default" is a status
    "enum": None,
    "security": None,  # requirements: scheme names → scope lists
    "scopes": None,
    "mapping": None,
    "examples": _NAMES + EXAMPLE,
    "paths": _PATTERNED + OBJECT,
    "responses": _PATTERNED + OBJECT,
    "callbacks": _NAMES + _PATTERNED + OBJECT,
    "webhooks": _NAMES + OBJECT,
    "components": COMPONENTS,
    "content": _NAMES + OBJECT,
    "headers": _NAMES + OBJECT,
    "encoding": _NAMES + OBJECT,
    "links": _NAMES + LINK,
    "variables": _NAMES + OBJECT,
}
_COMPONENTS = {
    "schemas": _NAMES + SCHEMA,
    "examples": _NAMES + EXAMPLE,
    "links": _NAMES + LINK,
    "callbacks": _NAMES + _PATTERNED + OBJECT,
}
_SCHEMA = {
    "example": None,
    "examples": None,  # JSON Schema's: a list of values
    "default": None,
    "enum": None,
    "const": None,
    "properties": _NAMES + SCHEMA,
    "patternProperties": _NAMES + SCHEMA,
    "$defs": _NAMES + SCHEMA,
    "definitions": _NAMES + SCHEMA,
    "dependentSchemas": _NAMES + SCHEMA,
    "discriminator": OBJECT,
    "xml": OBJECT,
    "externalDocs": OBJECT,
}
_EXAMPLE = {"value": None}
_LINK = {"parameters": None, "requestBody": None}


def is_extension(key: Any) -> bool:
    """Whether ``key`` of an object (not of a map of names) is an extension, which is data."""
    return isinstance(key, str) and key.startswith("x-")


def child(kind: str, key: Any) -> str | None:
    """The kind of the value under ``key`` in a node of ``kind``; None when that value is data."""
    if kind.startswith(_NAMES):
        return kind[len(_NAMES) :]
    extension = is_extension(key)
    if kind.startswith(_PATTERNED):
        return None if extension else kind[len(_PATTERNED) :]
    if extension:
        return None
    if kind == SCHEMA:
        return _SCHEMA.get(key, SCHEMA)  # other keywords (items, allOf, not...) hold schemas
    if kind == COMPONENTS:
        return _COMPONENTS.get(key, _NAMES + OBJECT)
    if kind == EXAMPLE:
        return _EXAMPLE.get(key, OBJECT)
    if kind == LINK:
        return _LINK.get(key, OBJECT)
    return _OBJECT.get(key, OBJECT)


def reference(kind: str, node: Any) -> str | None:
    """The ``$ref`` of ``node`` when, being of ``kind``, it is a reference."""
    if isinstance(node, dict) and not kind.startswith(_NAMES):
        ref = node.get("$ref")
        if isinstance(ref, str):
            return ref
    return None


def without_data_refs(data: Any) -> Any:
    """``data`` less every extension or literal value that holds a ``$ref`` key anywhere.

    For openapi-spec-validator, which follows such a ``$ref`` as if it were a
    reference (an ``x-`` key of the Paths or Responses object, a schema's
    ``default``) and fails on a target that is not there. What is left out is
    data it has no business following. Nodes without one are shared, not copied.
    """

    def walk(node: Any, kind: str) -> Any:
        if isinstance(node, list):
            items = [walk(item, kind) for item in node]
            return node if all(a is b for a, b in zip(items, node)) else items
        if not isinstance(node, dict):
            return node
        out: dict[str, Any] = {}
        changed = False
        for key, value in node.items():
            sub = child(kind, key)
            if sub is None:
                if _holds_ref(value):
                    changed = True
                    continue
                out[key] = value
            else:
                out[key] = walk(value, sub)
                changed = changed or out[key] is not value
        return out if changed else node

    return walk(data, DOCUMENT)


def _holds_ref(node: Any) -> bool:
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "$ref" in node:
                return True
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False
