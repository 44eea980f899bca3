"""A names table: the names another SDK gives a document's operations, so that code
written for that SDK runs on ours (``--names``; spec/box-sdk-names.yaml is box-sdk-gen's).

By operationId, the table gives an operation's resource group, method name and
its arguments' names and order; by class name, the request-body models the other
SDK lets callers construct. ``read_names`` reads it (a table that cannot be read
is refused, like a bad configuration); ``generator.parse`` applies the names and
``model_aliases`` finds what each class name stands for in the finished model.
An entry the document no longer matches is a warning and is left out: the rest applies.

The table's text is as untrusted as the document's: every name in it becomes an
identifier only where ``generator.naming`` would make that very identifier of it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import ir
from generator.errors import Finding, SpecError
from generator.naming import Identifier, member

LOCATIONS = ("path", "query", "header", "body")
# What the package root (templates/package_init.py.j2) exports of its own: no alias may take one.
ROOT_NAMES = frozenset(
    {
        "models", "resources", "Client", "AsyncClient", "ClientCredentials", "RetryPolicy", "raw_response",
        "RawResponse", "StreamedResponse", "AsyncStreamedResponse", "WithHeaders", "Page", "AsyncPage",
        "SdkError", "ApiError", "ApiConnectionError", "ApiTimeoutError", "ResponseTooLargeError",
        "CrossOriginRedirectError", "NotReadyError", "TokenError", "ResponseValidationError",
        "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
        "UnprocessableEntityError", "RateLimitError", "InternalServerError", "UNSET", "Unset", "MISSING",
        "Missing", "API_VERSION", "Any",
    }
)
# A class name the package root may export under the other SDK's spelling: letters and
# digits only (what such SDKs name their classes), never one of the root's own names.
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]{0,99}")


@dataclass(frozen=True)
class OperationNames:
    """What the table says of one operation."""

    operation_id: str
    operation: str  # "GET /files/{file_id}": what the operationId stood for when the table was made
    group: str | None
    method: str | None
    arguments: tuple[tuple[str, str, str], ...]  # (name, in, wire), in the other SDK's order
    positional: int | None  # how many of them it takes positionally (None: the generator's rule decides)


@dataclass(frozen=True)
class ModelName:
    """A class name of the other SDK: the model (or enum) of one request-body property of an
    operation, or of a property below it (``fields``, outermost first; through lists to their items)."""

    name: str
    operation_id: str
    wire: str
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class NameTable:
    file: str
    operations: tuple[OperationNames, ...]
    models: tuple[ModelName, ...]

    def of(self, operation_id: str | None) -> OperationNames | None:
        return None if operation_id is None else self._by_id.get(operation_id)

    @functools.cached_property
    def _by_id(self) -> dict[str, OperationNames]:
        return {op.operation_id: op for op in self.operations}


def read_names(path: Path) -> NameTable:
    """The table at ``path``, or a one-line error naming the file and where in it."""
    import yaml

    name = str(path)
    try:
        data = yaml.load(path.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise SpecError(name, "", f"cannot read the names table: {exc.strerror}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        raise SpecError(name, where, f"the names table is not YAML: {getattr(exc, 'problem', None) or exc}") from None
    if not isinstance(data, dict):
        raise SpecError(name, "", "a names table is a mapping with operations and models")
    operations = _mapping(data.get("operations"), name, "/operations")
    models = _mapping(data.get("models"), name, "/models")
    return NameTable(
        file=name,
        operations=tuple(_operation(name, str(k), v) for k, v in sorted(operations.items(), key=lambda kv: str(kv[0]))),
        models=tuple(_model(name, str(k), v) for k, v in sorted(models.items(), key=lambda kv: str(kv[0]))),
    )


def _mapping(value: Any, file: str, where: str) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SpecError(file, where, "must be a mapping")
    return value


def _text(value: Any, file: str, where: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise SpecError(file, where, "must be a string")
    return value


def _operation(file: str, operation_id: str, entry: Any) -> OperationNames:
    where = f"/operations/{_escape(operation_id)}"
    entry = _mapping(entry, file, where)
    arguments = entry.get("arguments") or []
    if not isinstance(arguments, list):
        raise SpecError(file, f"{where}/arguments", "must be a list")
    parsed = []
    for i, argument in enumerate(arguments):
        at = f"{where}/arguments/{i}"
        argument = _mapping(argument, file, at)
        location = _text(argument.get("in"), file, f"{at}/in")
        if location not in LOCATIONS:
            raise SpecError(file, f"{at}/in", f"must be one of {', '.join(LOCATIONS)}")
        parsed.append((
            _text(argument.get("name"), file, f"{at}/name") or "",
            location,
            _text(argument.get("wire", ""), file, f"{at}/wire") or "",
        ))
    return OperationNames(
        operation_id=operation_id,
        operation=_text(entry.get("operation", ""), file, f"{where}/operation") or "",
        group=_text(entry.get("group"), file, f"{where}/group", optional=True),
        method=_text(entry.get("method"), file, f"{where}/method", optional=True),
        arguments=tuple(parsed),
        positional=_count(entry.get("positional"), file, f"{where}/positional"),
    )


def _count(value: Any, file: str, where: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or value < 0:
        raise SpecError(file, where, "must be a count (0 or more)")
    return value


def _model(file: str, name: str, entry: Any) -> ModelName:
    where = f"/models/{_escape(name)}"
    entry = _mapping(entry, file, where)
    fields = entry.get("fields") or []
    if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
        raise SpecError(file, f"{where}/fields", "must be a list of property names")
    return ModelName(
        name=name,
        operation_id=_text(entry.get("operation"), file, f"{where}/operation") or "",
        wire=_text(entry.get("wire"), file, f"{where}/wire") or "",
        fields=tuple(fields),
    )


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def is_name(text: str) -> bool:
    """Whether ``text`` may name an argument or method as it is: our sanitizer leaves it unchanged."""
    return bool(text) and member(text) == text


def model_aliases(
    api: ir.Api, table: NameTable, taken: frozenset[str]
) -> tuple[tuple[tuple[Identifier, Identifier, Identifier], ...], list[Finding]]:
    """(class name, module under ``models``, our class) for each of the table's models that
    ``api`` has, and a warning for each it cannot stand for (``taken``: the package root's names)."""
    operations = {op.operation_id: op for g in api.groups for op in g.operations if op.operation_id}
    models: dict[str, ir.Model] = {m.name: m for m in api.models}
    aliases: list[tuple[Identifier, Identifier, Identifier]] = []
    warnings: list[Finding] = []
    for entry in table.models:
        op = operations.get(entry.operation_id)
        if op is None:
            continue  # not generated (--operation), or not in the document: said of its operation's entry
        place = "/".join((entry.wire, *entry.fields))
        if not _CLASS_NAME.fullmatch(entry.name) or entry.name in taken:
            why = "not a class name the package root can export"
        else:
            argument = next((a for a in op.arguments if a.location == "body" and a.wire == entry.wire), None)
            target = _below(argument.type, entry.fields, models) if argument is not None else None
            if target is not None and target.kind in ("model", "enum") and target.name and target.module:
                aliases.append((Identifier(entry.name), target.module, target.name))
                continue
            why = f"{entry.operation_id} has no body property {place!r} of a model or an enum"
        warnings.append(Finding("", f"{table.file}: models/{entry.name}: {why}; no such name is exported", "malformed"))
    return tuple(aliases), warnings


def _below(type_ref: ir.TypeRef, fields: tuple[str, ...], models: dict[str, ir.Model]) -> ir.TypeRef | None:
    """The type at ``fields`` below a value of ``type_ref`` (a list's: its items'), or None."""
    for wire in (*fields, None):
        while type_ref.kind == "list" and type_ref.item is not None:
            type_ref = type_ref.item
        if wire is None:
            return type_ref
        model = models.get(type_ref.name or "") if type_ref.kind == "model" else None
        found = next((f for f in model.fields if f.wire == wire), None) if model is not None else None
        if found is None:
            return None
        type_ref = found.type
    return type_ref
