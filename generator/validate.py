"""Stage 2: the document must be a valid OpenAPI 3.0 or 3.1 description."""

from __future__ import annotations

import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from generator import refs
from generator.errors import SpecError, pointer
from generator.installed import installed
from generator.load import Document
from generator.prose import shape_key, without_prose
from generator.resolve import Resolver

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def validate(doc: Document) -> None:
    """Raise ``SpecError`` naming the first problem (and how many more there are)."""
    check_basics(doc)
    check_schema(doc)


def check_basics(doc: Document) -> None:
    """The quick checks: a supported version, ``$ref`` targets, operationIds, path parameters."""
    data = doc.data
    if "swagger" in data:
        raise SpecError(
            doc.name,
            _where(doc, ["swagger"]),
            f"Swagger {data['swagger']} documents are not supported",
            "convert it to OpenAPI 3 first, for example with swagger2openapi",
        )
    version = data.get("openapi")
    if not isinstance(version, str):
        raise SpecError(doc.name, "/openapi", "missing 'openapi' version string", "add e.g. openapi: 3.0.3")
    if not version.startswith(("3.0.", "3.1.")):
        raise SpecError(
            doc.name, _where(doc, ["openapi"]), f"unsupported OpenAPI version {version!r}", "use 3.0.x or 3.1.x"
        )
    check_refs(doc)
    check_operations(doc)


def check_schema(doc: Document) -> None:
    """openapi-spec-validator over the whole document (the slow part: seconds for Box)."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = doc.data["openapi"]
    validator_cls: Any = OpenAPIV30SpecValidator if version.startswith("3.0.") else OpenAPIV31SpecValidator
    try:
        errors = list(validator_cls(refs.without_data_refs(doc.data)).iter_errors())
    except RecursionError:
        raise SpecError(doc.name, "", "document is nested too deeply to validate") from None
    except Exception as exc:  # the validator's own failure must not become a traceback
        raise SpecError(doc.name, "", f"the OpenAPI validator failed: {type(exc).__name__}: {_short(str(exc))}") from None
    if not errors:
        return
    first = _explain(errors[0])
    path = list(first.absolute_path)
    more = f"; {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
    raise SpecError(
        doc.name,
        _where(doc, path),
        f"not a valid OpenAPI {version} document: {_short(first.message)}{more}",
    )


def schema_key(doc: Document) -> str:
    """What openapi-spec-validator's verdict on ``doc`` depends on, hashed.

    The OpenAPI schemas allow any string as a ``description`` or ``summary``
    and the validator's own checks never read them, so their text is left out:
    editing documentation does not cost a new validation. Literal values
    (examples, defaults, enums) and extensions are kept whole, since a
    ``description`` key inside them is data, not prose.
    """
    return shape_key(without_prose(doc.data))


def _explain(error: ValidationError) -> ValidationError:
    """For a oneOf/anyOf failure, the sub-error of the alternative the author most likely meant.

    OpenAPI's schema offers "a Reference object" as an alternative almost
    everywhere; an object without ``$ref`` did not mean that one.
    """
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        meant = [
            subs
            for subs in branches.values()
            if not (len(subs) == 1 and subs[0].validator == "required" and "'$ref'" in subs[0].message)
        ] or list(branches.values())
        error = min(meant, key=len)[0]
    return error


def check_refs(doc: Document) -> None:
    """Every ``$ref`` must point at something in the document: found here, with its place."""
    resolver = Resolver(doc)
    # Paths are kept as (parent, key) links and spelled out only for an error:
    # a document of tens of megabytes has millions of nodes, and copying a tuple
    # path for each of them cost more than the walk itself.
    # Each node goes with its kind (generator.refs): extensions and literal values are data, never followed.
    stack: list[tuple[Any, _Link, str]] = [(doc.data, None, refs.DOCUMENT)]
    while stack:
        node, link, kind = stack.pop()
        if isinstance(node, dict):
            if refs.reference(kind, node) is not None:
                path = _spell(link)
                try:
                    resolver.deref(node, pointer(*path, "$ref"))  # dangling targets and cycles
                except SpecError as exc:
                    raise SpecError(doc.name, _where(doc, [*path, "$ref"]), exc.what, exc.hint) from None
            children = [
                (v, (link, k), sub)
                for k, v in node.items()
                if isinstance(v, (dict, list)) and (sub := refs.child(kind, k)) is not None
            ]
        elif isinstance(node, list):
            children = [(v, (link, i), kind) for i, v in enumerate(node) if isinstance(v, (dict, list))]
        else:
            continue
        children.reverse()  # document order, so the first bad $ref is the one reported
        stack.extend(children)


_Link = tuple[Any, Any] | None


def _spell(link: _Link) -> list[Any]:
    parts: list[Any] = []
    while link is not None:
        link, key = link
        parts.append(key)
    parts.reverse()
    return parts


def check_operations(doc: Document) -> None:
    """Unique operationIds, and every {name} of a path declared as a path parameter."""
    resolver = Resolver(doc)
    seen: dict[str, str] = {}
    paths = doc.data.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else []):
        if not isinstance(item, dict):
            continue
        shared = _path_parameters(resolver, item.get("parameters"))
        for method, op in item.items():
            if method not in _METHODS or not isinstance(op, dict):
                continue
            operation_id = op.get("operationId")
            if isinstance(operation_id, str):
                if operation_id in seen:
                    raise SpecError(
                        doc.name,
                        _where(doc, ["paths", path, method, "operationId"]),
                        f"operationId {operation_id!r} is already used by {seen[operation_id]}",
                        "operationIds must be unique: rename one",
                    )
                seen[operation_id] = f"{method.upper()} {path}"
            declared = shared | _path_parameters(resolver, op.get("parameters"))
            for name in re.findall(r"{([^}]+)}", str(path).split("#", 1)[0]):
                if name not in declared:
                    raise SpecError(
                        doc.name,
                        _where(doc, ["paths", path, method]),
                        f"path parameter {name!r} of {method.upper()} {path} is not declared",
                        "add it to the operation's parameters with in: path",
                    )


_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def _path_parameters(resolver: Resolver, parameters: Any) -> set[str]:
    names: set[str] = set()
    for parameter in parameters if isinstance(parameters, list) else []:
        try:
            parameter = resolver.deref(parameter, "")
        except SpecError:
            continue  # reported by check_refs
        if isinstance(parameter, dict) and parameter.get("in") == "path":
            names.add(str(parameter.get("name")))
    return names


def _where(doc: Document, path: list[Any]) -> str:
    ptr = pointer(*path) or "/"
    position = doc.locate(path)
    return f"{position} ({ptr})" if position else ptr


def _short(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
