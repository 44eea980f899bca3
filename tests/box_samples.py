"""Valid argument values for any operation of an OpenAPI document, for end-to-end tests.

A value comes from the schema's own ``example`` (or ``examples``, ``default``,
first ``enum`` value) where there is one, and is derived from the schema
otherwise: objects from their required properties, strings from their format.
"""

from __future__ import annotations

import copy
from typing import Any

_STRING_FORMATS = {
    "date-time": "2024-05-01T12:00:00Z",
    "date": "2024-05-01",
    "email": "user@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "0f8fad5b-d9cb-469f-a165-70867728950e",
    "byte": "aGVsbG8=",
}


class Sampler:
    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    def resolve(self, node: Any) -> Any:
        seen = 0
        while isinstance(node, dict) and "$ref" in node and seen < 50:
            node = self.at(node["$ref"][1:])
            seen += 1
        return node

    def at(self, pointer: str) -> Any:
        """The node at a JSON pointer, following a $ref met on the way (a $ref'd parameter's schema)."""
        node: Any = self.document
        for raw in pointer.split("/")[1:]:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part not in node:
                node = self.resolve(node)
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def sample(self, schema: Any, depth: int = 0) -> Any:
        schema = self.resolve(schema)
        if not isinstance(schema, dict) or depth > 12:
            return None
        is_object = self._is_object(schema)
        if not is_object:
            for key in ("example", "default", "const"):
                if key in schema and schema[key] is not None:
                    return copy.deepcopy(schema[key])
            if isinstance(schema.get("examples"), list) and schema["examples"]:
                return copy.deepcopy(schema["examples"][0])
        if isinstance(schema.get("enum"), list):
            values = [v for v in schema["enum"] if v is not None]
            if values:
                return values[0]
        if "allOf" in schema:
            merged: dict[str, Any] = {}
            for member in schema["allOf"]:
                value = self.sample(member, depth + 1)
                if value is None:
                    continue  # a member that only annotates
                if not isinstance(value, dict):
                    return value
                merged.update(value)
            merged.update(self._object(schema, depth))
            return merged
        for key in ("oneOf", "anyOf"):
            if isinstance(schema.get(key), list) and schema[key]:
                if not is_object:
                    return self.sample(schema[key][0], depth + 1)
                # Properties beside the alternatives: the first alternative's requirements
                # apply to them too (OpenAI: anyOf [required: [file_ids], required: [files]]).
                first = self.resolve(schema[key][0])
                first = first if isinstance(first, dict) else {}
                merged = {k: v for k, v in schema.items() if k != key}
                merged["properties"] = {**(schema.get("properties") or {}), **(first.get("properties") or {})}
                merged["required"] = [*(schema.get("required") or []), *(first.get("required") or [])]
                return self.sample(merged, depth + 1)
        kind = schema.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), None)
        if kind == "string":
            if schema.get("format") == "binary":
                return b"sample file content"
            text = _STRING_FORMATS.get(str(schema.get("format")), "sample")
            text = text.ljust(int(schema.get("minLength", 0)), "x")
            return text[: int(schema["maxLength"])] if "maxLength" in schema else text
        if kind == "integer":
            return int(schema.get("minimum", 1))
        if kind == "number":
            return float(schema.get("minimum", 1))
        if kind == "boolean":
            return True
        if kind == "array":
            return [self.sample(schema.get("items", {}), depth + 1) for _ in range(max(1, schema.get("minItems", 1)))]
        if is_object or "properties" in schema or kind == "object":
            return self._object(schema, depth)
        return None  # no type, no example: nothing to say

    def _is_object(self, schema: dict[str, Any]) -> bool:
        """An object with declared properties, directly or through allOf."""
        if schema.get("properties"):
            return True
        return any(
            isinstance(m, dict) and self._is_object(self.resolve(m)) for m in schema.get("allOf") or []
        )

    def _object(self, schema: dict[str, Any], depth: int) -> dict[str, Any]:
        properties = schema.get("properties") or {}
        value = {
            name: self.sample(prop, depth + 1)
            for name, prop in properties.items()
            if name in (schema.get("required") or []) and not self.resolve(prop).get("readOnly")
        }
        for name in schema.get("required") or []:
            value.setdefault(name, "sample")  # required but not declared: a string will do
        return {k: ("sample" if v is None else v) for k, v in value.items()}
