"""Stage 2: the document must be a valid OpenAPI 3.0 or 3.1 description."""

from __future__ import annotations

from typing import Any

from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

from generator.errors import SpecError, pointer
from generator.load import Document


def validate(doc: Document) -> None:
    """Raise ``SpecError`` naming the first problem (and how many more there are)."""
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
    if version.startswith("3.0."):
        validator_cls: Any = OpenAPIV30SpecValidator
    elif version.startswith("3.1."):
        validator_cls = OpenAPIV31SpecValidator
    else:
        raise SpecError(
            doc.name, _where(doc, ["openapi"]), f"unsupported OpenAPI version {version!r}", "use 3.0.x or 3.1.x"
        )
    try:
        errors = list(validator_cls(data).iter_errors())
    except RecursionError:
        raise SpecError(doc.name, "", "document is nested too deeply to validate") from None
    if not errors:
        return
    first = errors[0]
    path = list(first.absolute_path) if hasattr(first, "absolute_path") else []
    more = f"; {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
    raise SpecError(
        doc.name,
        _where(doc, path),
        f"not a valid OpenAPI {version} document: {_short(first.message)}{more}",
    )


def _where(doc: Document, path: list[Any]) -> str:
    ptr = pointer(*path) or "/"
    position = doc.locate(path)
    return f"{position} ({ptr})" if position else ptr


def _short(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
