"""Validate, after bundle and beside parse: is the document OpenAPI 3.0 or 3.1 (else it is refused),
and what is wrong with it.

A document that is not OpenAPI 3 cannot be read (``check_readable`` raises).
Every other defect is a ``Finding``: the pipeline reports it as a warning and
the parser degrades the part it touches (lenient mode; ``--strict`` refuses).
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, Callable

from generator import refs
from generator.errors import Finding, SpecError
from generator.load import Document
from generator.resolve import Resolver, pointer
from generator.verdicts import IdList, Verdicts, crawled, meta_validator

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError


def validate(doc: Document) -> list[Finding]:
    """Raise ``SpecError`` if ``doc`` cannot be read as OpenAPI 3 at all; else every defect found."""
    check_readable(doc)
    return findings(doc)


def _no_progress(name: str) -> None:
    pass


# Told each check's name before it runs; the forked validation process
# (generator.pipeline.Background) sets it, so a check past the time limit can be named.
on_check: Callable[[str], None] = _no_progress


def findings(doc: Document) -> list[Finding]:
    """Every local defect of a readable document: our checks, then openapi-spec-validator's."""
    found: list[Finding] = []
    for check in (check_refs, check_operations, check_schema):
        on_check(check.__name__)
        found.extend(check(doc))
    return found


def check_readable(doc: Document) -> None:
    """What makes a document unreadable: not OpenAPI 3.0 or 3.1. Everything else is a local defect."""
    data = doc.data
    if "swagger" in data:
        raise SpecError(
            doc.name,
            _where(doc, ["swagger"]),
            f"Swagger {_short(str(data['swagger']), 40)} documents are not supported",
            "convert it to OpenAPI 3 first, for example with swagger2openapi",
        )
    version = data.get("openapi")
    if not isinstance(version, str):
        raise SpecError(doc.name, _where(doc, []), "missing 'openapi' version string", "add e.g. openapi: 3.0.3")
    if not version.startswith(("3.0.", "3.1.")):
        raise SpecError(
            doc.name,
            _where(doc, ["openapi"]),
            f"unsupported OpenAPI version {_short(version, 40)!r}",
            "use 3.0.x or 3.1.x",
        )


def check_schema(doc: Document) -> list[Finding]:
    """openapi-spec-validator over the whole document (the slow part: seconds for Box), as findings.

    The validator checks each schema, parameter and operation with a validator
    of its own, whose error paths start at that part, not at the document; the
    part is known only while its validator runs. ``_located`` records it then
    (by the object validated, so a part reached through a ``$ref`` is reported
    where it is defined), and the path is made absolute here.
    """
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    version = doc.data["openapi"]
    verdicts = Verdicts()  # each distinct schema's meta-schema check, walked once
    base: Any = OpenAPIV30SpecValidator if version.startswith("3.0.") else OpenAPIV31SpecValidator
    validator_cls: Any = type(
        "Locating" + base.__name__,
        (base,),
        {"keyword_validators": {k: _located(v, verdicts) for k, v in base.keyword_validators.items()}},
    )
    try:
        # The validator follows $refs it should take as data (in extensions, defaults): it gets a copy
        # without them (the document itself when there are none, so places are found by identity).
        data = refs.without_data_refs(doc.data)
        validator = validator_cls(data)
        # SpecValidator.iter_errors, without its wrapping of errors into new objects (which drops _base).
        errors = list(crawled(validator.schema_validator).iter_errors(data))
        errors += list(validator.root_validator(validator.schema_path))
    except RecursionError:
        return [Finding("", "the document is nested too deeply for the OpenAPI validator; it was not validated",
                        "validator-failed")]
    except Exception as exc:  # the validator's own failure must not become a traceback
        what = f"the OpenAPI validator failed ({type(exc).__name__}: {_short(str(exc))}); it was not validated"
        return [Finding("", what, "validator-failed")]
    places = _Places(doc.data)
    found: list[Finding] = []
    for error in errors:
        if _ours(error):
            continue
        meant = _explain(error)
        path = places.absolute(error, meant)
        if getattr(error, "_failed", False):
            found.append(Finding(pointer(*path), f"the OpenAPI validator {meant.message}", "validator-failed"))
            continue
        located = getattr(error, "_base", None)
        kind = "bad-default" if located is not None and located[2] == ("default",) else "invalid-document"
        found.append(Finding(pointer(*path), f"not valid OpenAPI {version}: {_short(meant.message)}", kind))
    return found


def _ours(error: Any) -> bool:
    """A finding ``check_operations`` reports too, at the exact key: not reported twice."""
    kind = type(error).__name__
    if kind == "DuplicateOperationIDError":
        return True
    match = re.fullmatch(r"Path parameter '(.*)' for '.*' operation in '(.*)' was not resolved", str(error.message))
    return kind == "UnresolvableParameterError" and match is not None and f"{{{match[1]}}}" in match[2]


def _located(cls: Any, verdicts: Verdicts) -> Any:
    """``cls`` whose errors remember the part of the document it was checking (the innermost call wins).

    A part the validator itself fails on (a ``$ref`` it cannot follow, which
    ``check_refs`` reports) ends the check of that part only, not of the document.
    """

    def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
        part = next((a for a in args if hasattr(a, "read_value")), None)
        suffix = ("default",) if issubclass(cls, _value_validator()) else ()
        errors = cls.__call__(self, *args, **kwargs)
        while True:
            try:
                error = next(errors)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - the validator's own failure on this part
                if part is None or _unresolvable(exc):
                    return
                error = _failure(exc)
            # A schema's further defects ride on its first (see _every_meta_error): all
            # are placed here, where they were found, and passed up one by one.
            batch = [error, *getattr(error, "_also", ())]
            error._also = ()
            for one in batch:
                if part is not None and getattr(one, "_base", None) is None:
                    try:
                        one._base = (part.read_value(), tuple(part.parts), suffix)
                    except Exception:  # noqa: BLE001 - a part that cannot be read again: its path as given
                        one._base = (None, tuple(part.parts), suffix)
            yield from batch

    members: dict[str, Any] = {"__call__": __call__}
    if hasattr(cls, "_validate_schema_meta"):

        def _validate_schema_meta(self: Any, schema: Any, schema_value: Any) -> Any:
            return _every_meta_error(self, schema, schema_value, cls._validate_schema_meta, verdicts)

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            cls.__init__(self, *args, **kwargs)
            self.visited_schema_ids, self.meta_checked_schema_ids = IdList(), IdList()

        members["_validate_schema_meta"] = _validate_schema_meta
        members["__init__"] = __init__
    return type(cls.__name__, (cls,), members)


def _every_meta_error(self: Any, schema: Any, schema_value: Any, first_only: Any, verdicts: Verdicts) -> Any:
    """A schema's every defect against its meta-schema, in a fixed order (the first; the rest as ``_also``).

    openapi-spec-validator stops at the first error jsonschema meets, and
    jsonschema meets them in an order that changes from run to run (it walks
    sets), so one run would name one defect and the next another. Where the
    meta-schema cannot be walked whole here, the validator's own first error stands.
    """
    from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

    try:
        checker = self._get_schema_checker(schema, schema_value)
        check = getattr(checker, "func", checker)
        schema_cls = check.__self__
        kwargs = dict(getattr(checker, "keywords", None) or {})
        meta = meta_validator(schema_cls, kwargs.get("format_checker"), "format_checker" in kwargs)
        errors = verdicts.errors(meta, schema_value, _error_order)
    except Exception:  # noqa: BLE001 - a checker of another shape, or a meta-schema it cannot resolve
        return first_only(self, schema, schema_value)
    if not errors:
        return None
    found = [OpenAPIValidationError.create_from(error) for error in errors]
    found[0]._also = found[1:]  # type: ignore[attr-defined]
    return found[0]


def _unresolvable(exc: Exception) -> bool:
    """A ``$ref`` the validator could not follow (its library's exceptions, by name: no import of them),
    or followed round a cycle until the stack ran out: ``check_refs`` reports both."""
    if isinstance(exc, RecursionError):
        return True
    names = {c.__name__ for c in type(exc).__mro__}
    return bool(names & {"Unresolvable", "PointerToNowhere", "NoSuchResource", "Unretrievable", "RefResolutionError"})


def _failure(exc: Exception) -> Any:
    from jsonschema.exceptions import ValidationError

    error = ValidationError(f"could not check this part ({type(exc).__name__}: {_short(str(exc), 80)})")
    error._failed = True  # type: ignore[attr-defined]
    return error


@functools.lru_cache(maxsize=1)
def _value_validator() -> type:
    from openapi_spec_validator.validation.keywords import ValueValidator

    return ValueValidator


class _Places:
    """Where each object of the document is (the first place, in document order), worked out once if needed."""

    def __init__(self, data: Any) -> None:
        self._data = data
        self._where: dict[int, tuple[Any, ...]] | None = None

    def of(self, obj: Any) -> tuple[Any, ...] | None:
        if not isinstance(obj, (dict, list)):
            return None
        if self._where is None:
            self._where = {}
            stack: list[tuple[Any, tuple[Any, ...]]] = [(self._data, ())]
            while stack:
                node, path = stack.pop()
                if id(node) in self._where:
                    continue
                self._where[id(node)] = path
                items = node.items() if isinstance(node, dict) else enumerate(node)
                children = [(v, (*path, k)) for k, v in items if isinstance(v, (dict, list))]
                stack.extend(reversed(children))
        return self._where.get(id(obj))

    def absolute(self, error: Any, meant: Any) -> list[Any]:
        """The path from the document's root to what ``meant`` (``error`` or one of its sub-errors) is about."""
        top = error
        base: tuple[Any, ...] = ()
        located = getattr(top, "_base", None)
        if located is not None:
            obj, parts, suffix = located
            found = self.of(obj)
            base = (*(found if found is not None else parts), *suffix)
        return [*base, *meant.absolute_path]


def _explain(error: ValidationError) -> ValidationError:
    """For a oneOf/anyOf failure, the sub-error of the alternative the author most likely meant.

    OpenAPI's schema offers "a Reference object" as an alternative almost
    everywhere; an object without ``$ref`` did not mean that one.
    """
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        # The validator gathers sub-errors in no fixed order (it iterates sets): sorted
        # by where they are, the same one is chosen on every run.
        for sub in sorted(error.context, key=_error_order):
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        meant = [
            subs
            for subs in branches.values()
            if not (len(subs) == 1 and subs[0].validator == "required" and "'$ref'" in subs[0].message)
        ] or list(branches.values())
        error = min(meant, key=len)[0]
    return error


def _error_order(error: ValidationError) -> tuple[Any, ...]:
    def spelled(path: Any) -> tuple[tuple[int, str], ...]:
        # Indexes before keys, each in its own order: paths mix ints and strings.
        return tuple((0, f"{p:09d}") if isinstance(p, int) else (1, str(p)) for p in path)

    # A missing property first: beside "unexpected key" for its misspelling, it says what to fix.
    return error.validator != "required", spelled(error.relative_schema_path), spelled(error.absolute_path), error.message


def check_refs(doc: Document) -> list[Finding]:
    """Every ``$ref`` that points at nothing (or only at itself), with its place.

    The parser makes what such a reference stands for ``Any``, or leaves out the
    parameter, response or path item it is.
    """
    resolver = Resolver(doc)
    found: list[Finding] = []
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
                    what = f"{exc.what}; what refers to it is typed Any, or left out where it must be an object"
                    found.append(Finding(pointer(*path, "$ref"), what, "dangling-ref"))
            children = [
                (v, (link, k), sub)
                for k, v in node.items()
                if isinstance(v, (dict, list)) and (sub := refs.child(kind, k)) is not None
            ]
        elif isinstance(node, list):
            children = [(v, (link, i), kind) for i, v in enumerate(node) if isinstance(v, (dict, list))]
        else:
            continue
        children.reverse()  # document order
        stack.extend(children)
    return found


_Link = tuple[Any, Any] | None


def _spell(link: _Link) -> list[Any]:
    parts: list[Any] = []
    while link is not None:
        link, key = link
        parts.append(key)
    parts.reverse()
    return parts


def check_operations(doc: Document) -> list[Finding]:
    """Unique operationIds, and every {name} of a path declared as a path parameter.

    The parser names the method of a repeated operationId as if it had none,
    and makes an undeclared path parameter a required ``str`` argument.
    """
    resolver = Resolver(doc)
    found: list[Finding] = []
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
                    what = (
                        f"operationId {operation_id!r} is already used by {seen[operation_id]}; "
                        "both are generated; operationIds should be unique"
                    )
                    found.append(Finding(pointer("paths", path, method, "operationId"), what, "duplicate-operation-id"))
                else:
                    seen[operation_id] = f"{method.upper()} {path}"
            declared = shared | _path_parameters(resolver, op.get("parameters"))
            for name in re.findall(r"{([^}]+)}", str(path).split("#", 1)[0]):
                if name not in declared:
                    what = f"path parameter {name!r} of {method.upper()} {path} is not declared; it is a str argument"
                    found.append(Finding(pointer("paths", path, method), what, "undeclared-path-parameter"))
    return found


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
