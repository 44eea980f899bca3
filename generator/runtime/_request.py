"""Turning a method call into an HTTP request, and an HTTP response into a value.

Pure functions shared by the sync and the async client: nothing here sends.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import typing
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack
from typing import IO, Any, Generic, NamedTuple, TypeVar, Union
from urllib.parse import quote, unquote, urlencode

import httpx

from ._auth import Security
from ._errors import ResponseValidationError, error_class_for_status
from ._lenient import Drift, lenient
from ._request_id import HEADERS_KEY
from ._serde import UNSET, DecodeError, Model, Unset, decode, to_json

__all__ = [
    "FileContent",
    "RequestOptions",
    "Body",
    "encode_body",
    "parse_response",
    "Styled",
    "styled",
    "read_headers",
]

T = TypeVar("T")
M = TypeVar("M", bound=Model)

FileContent = Union[bytes, IO[bytes], os.PathLike[str]]
"""What an upload accepts: the bytes, a file opened in binary mode, or a path to one."""

_PATH_PARAMETER = re.compile(r"{([^{}]+)}")
_CHUNK = 64 * 1024
_FORM = "application/x-www-form-urlencoded"
_OCTET_STREAM = "application/octet-stream"


@dataclasses.dataclass
class RequestOptions(Generic[T]):
    """Everything one call asks for; built by a resource method, read by the client."""

    method: str
    path: str
    cast_to: type[T]
    path_params: Mapping[str, Any] | None = None
    query: Mapping[str, Any] | None = None
    headers: Mapping[str, Any] | None = None
    json_body: Any = UNSET
    form_body: Mapping[str, Any] | None = None
    multipart: Sequence[tuple[str, Any]] | None = None
    content: FileContent | None = None
    content_type: str | None = None
    accept: str | None = None
    errors: Any = None
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, Any] | None = None
    extra_body: Mapping[str, Any] | None = None
    base_url: str | None = None
    security: Security | None = None  # None: the document's default

    def url(self, root: str, credentials: Mapping[str, str] | None = None) -> httpx.URL:
        """The URL under ``root``, with the query and any credentials sent in it."""
        url = httpx.URL(root.rstrip("/") + _expand(self.path, self.path_params or {}))
        pairs = _query({**(self.query or {}), **(self.extra_query or {})})
        pairs.extend((credentials or {}).items())
        if not pairs:
            return url
        # Percent-encoded as RFC 3986 has it (a space is %20, as spaceDelimited expects).
        return url.copy_with(query=urlencode(pairs, quote_via=quote).encode("ascii"))

    def check_path(self) -> None:
        """Raise the ``ValueError`` ``url`` would for a path parameter, without building it."""
        _expand(self.path, self.path_params or {})

    def header_values(self) -> dict[str, str]:
        headers = {"Accept": self.accept} if self.accept else {}
        headers.update(_clean(self.headers))
        return headers


class Body(NamedTuple):
    content: bytes | Iterator[bytes] | None = None
    files: list[tuple[str, Any]] | None = None
    content_type: str | None = None
    rewindable: bool = True  # can it be sent again (for a retry)?


def encode_body(
    options: RequestOptions[Any], opened: ExitStack, starts: dict[int, int]
) -> Body:
    """The request body the options describe; files opened here are closed by ``opened``.

    Called once per attempt: ``starts`` remembers where each file object was at the
    first attempt, so a retry sends it again from there.
    """
    document = options.json_body
    if options.extra_body is not None:
        document = with_extra(document, options.extra_body)
    if not isinstance(document, Unset):
        data = json.dumps(document, ensure_ascii=False, allow_nan=False).encode("utf-8")
        return Body(
            content=data, content_type=options.content_type or "application/json"
        )
    if options.form_body is not None:
        pairs = [
            (key, _text(item))
            for key, value in options.form_body.items()
            for item in (value if isinstance(value, list) else [value])
            if item is not None and item is not UNSET
        ]
        return Body(
            content=urlencode(pairs).encode("ascii"),
            content_type=options.content_type or _FORM,
        )
    if options.multipart is not None:
        # httpx writes the boundary into Content-Type itself.
        parts = [
            (name, value)
            for name, value in options.multipart
            if value is not None and value is not UNSET
        ]
        rewindable = all(_rewind(value, starts) for _, value in parts)
        return Body(
            files=[_part(name, value, opened) for name, value in parts],
            rewindable=rewindable,
        )
    if options.content is not None:
        rewindable = _rewind(options.content, starts)
        return Body(
            content=_stream(options.content, opened),
            content_type=options.content_type or _OCTET_STREAM,
            rewindable=rewindable,
        )
    return Body()


def with_extra(document: Any, extra: Mapping[str, Any]) -> Any:
    """The JSON body with ``extra_body``'s members added at its top level (replacing any
    of the same name); an absent body becomes ``extra_body`` alone."""
    if isinstance(document, Unset):
        return to_json(dict(extra))
    if not isinstance(document, dict):
        raise ValueError(
            "extra_body adds members to a JSON object, and this request's body is a "
            + type(document).__name__
        )
    return {**document, **to_json(dict(extra))}


def _rewind(value: Any, starts: dict[int, int]) -> bool:
    """Put a file object back where it was at the first attempt; False if that cannot be done."""
    if not hasattr(value, "read"):
        return True  # bytes, paths (reopened each time), JSON and text parts
    try:
        if value.seekable():
            if id(value) in starts:
                value.seek(starts[id(value)])
            else:
                starts[id(value)] = value.tell()
            return True
    except (AttributeError, OSError, ValueError):
        pass
    return False


class Styled(NamedTuple):
    """A parameter value to be serialised as its ``style`` and ``explode`` say (OpenAPI 3).

    Arrays and objects (a dict, or a model: its set fields) in the query
    (form, spaceDelimited, pipeDelimited, deepObject), the path (simple,
    label, matrix) and headers (simple); a single value in label or matrix style.
    """

    style: str
    explode: bool
    value: Any

    def _parts(self) -> tuple[str, list[tuple[str, str]]]:
        """("object", [(key, text)]), or "array"/"value" with [("", text)]."""
        value = self.value.to_dict() if isinstance(self.value, Model) else self.value
        if isinstance(value, Mapping):
            return "object", [
                (str(k), _text(v)) for k, v in value.items() if v is not None
            ]
        if isinstance(value, (list, tuple)):
            return "array", [("", _text(v)) for v in value]
        return "value", [("", _text(value))]

    def query(self, name: str) -> list[tuple[str, str]]:
        kind, parts = self._parts()
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(self.style, ",")
        if kind == "object":
            if self.style == "deepObject":
                return [(f"{name}[{k}]", v) for k, v in parts]
            if self.explode:
                return parts
            return [(name, separator.join(f"{k}{separator}{v}" for k, v in parts))]
        if kind == "array" and self.style == "form" and self.explode:
            return [(name, v) for _, v in parts]
        return [(name, separator.join(v for _, v in parts))]

    def path(self, name: str) -> str:
        kind, parts = self._parts()
        pair = "=" if self.explode else ","
        items = [
            f"{_escape(k)}{pair}{_escape(v)}" if kind == "object" else _escape(v)
            for k, v in parts
        ]
        if self.style == "matrix":
            if self.explode and kind == "object":
                return "".join(f";{item}" for item in items)
            if self.explode and kind == "array":
                return "".join(f";{_escape(name)}={item}" for item in items)
            return f";{_escape(name)}=" + ",".join(items)
        if self.style == "label":
            return "." + ("." if self.explode else ",").join(items)
        return ",".join(items)

    def header(self) -> str:
        kind, parts = self._parts()
        pair = "=" if self.explode else ","
        return ",".join(f"{k}{pair}{v}" if kind == "object" else v for k, v in parts)


def styled(value: Any, style: str, explode: bool) -> Styled | None:
    """``value`` to be serialised as ``style`` says (None and UNSET stay left out)."""
    if value is None or value is UNSET:
        return None
    return Styled(style, explode, value)


def parse_response(
    response: httpx.Response, cast_to: Any, errors: Any, drift: Drift | None = None
) -> Any:
    """The decoded body, or the error the status calls for (the body must have been read).

    A body that does not match ``cast_to`` raises ``ResponseValidationError``; with
    a ``drift``, it is decoded leniently instead, the mismatches noted in ``drift``.
    """
    raise_for_status(response, errors)
    status = response.status_code
    if cast_to is type(None):
        return None
    if status == 304 and type(None) in typing.get_args(cast_to):
        return None  # Not Modified: the method's return type admits None
    if cast_to is bytes:
        return response.content
    if cast_to is str and not _is_json(response):
        return response.text
    try:
        data = response.json()
    except ValueError:
        raise ResponseValidationError(
            "response body is not valid JSON", response=response
        ) from None
    except RecursionError as exc:
        raise ResponseValidationError(
            "response body is nested too deeply to decode", response=response
        ) from exc
    try:
        try:
            value = decode(cast_to, data)
        except DecodeError:
            if drift is None:
                raise
            value = drift.decode(cast_to, data)
    except (DecodeError, RecursionError) as exc:
        raise ResponseValidationError(
            f"response does not match {_type_name(cast_to)}: {exc}", response=response
        ) from None
    if isinstance(value, Model):
        # Kept for ``_request_id``, which looks the id up only when asked.
        value.__dict__[HEADERS_KEY] = response.headers
    return value


def read_headers(
    response: httpx.Response,
    model: type[M],
    kinds: Mapping[str, str],
    drift: Drift | None = None,
) -> M:
    """The headers an operation declares, as ``model``: each text read as its kind says.

    Headers that do not match raise ``ResponseValidationError``, or with a
    ``drift``, are kept as received (see ``parse_response``).
    """
    data = {}
    for name, kind in kinds.items():
        text = response.headers.get(name)
        if text is not None:
            data[name] = _header_value(text, kind)
    try:
        return model.from_dict(data)
    except DecodeError as exc:
        if drift is not None:
            return typing.cast(M, drift.decode(model, data, ("headers",)))
        raise ResponseValidationError(
            f"response headers do not match {model.__name__}: {exc}", response=response
        ) from None


def _header_value(text: str, kind: str) -> Any:
    """A header's text as the JSON value its declared type decodes from (left as text if it is not)."""
    if kind.startswith("list:"):
        return [_header_value(part.strip(), kind[5:]) for part in text.split(",")]
    try:
        if kind == "int":
            return int(text)
        if kind == "float":
            return float(text)
    except ValueError:
        return text
    if kind == "bool" and text.lower() in ("true", "false"):
        return text.lower() == "true"
    return text


def raise_for_status(response: httpx.Response, errors: Any) -> None:
    """Raise the ``ApiError`` subclass for an error status (the body must have been read)."""
    status = response.status_code
    if status < 400:
        return
    error_body = None
    if errors is not None and response.content:
        try:
            # Raised whatever its body: what fits the error type is decoded, the rest kept.
            error_body = lenient(errors, response.json(), (), [])
        except (ValueError, RecursionError):
            error_body = None
    raise error_class_for_status(status)(response, error_body)


def _expand(path: str, params: Mapping[str, Any]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        given = params[name]
        text = given.path(name) if isinstance(given, Styled) else _escape(_text(given))
        _seal(name, text)
        return text

    return _PATH_PARAMETER.sub(value, path)


def _seal(name: str, segment: str) -> None:
    """Refuse a value that a URL resolver (or a server decoding twice) reads as ``.`` or ``..``.

    Such a segment is removed, or climbs a level, so another resource than
    the one asked for would be requested.
    """
    decoded = segment
    while "%" in decoded and unquote(decoded) != decoded:
        decoded = unquote(decoded)
    if decoded in (".", ".."):
        raise ValueError(
            f"path parameter {name!r} may not be {decoded!r} or an encoding of it:"
            " a URL reads it as a dot segment"
        )


def _escape(text: str) -> str:
    return quote(text, safe="")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "value") and not isinstance(value, (str, int, float)):
        return str(value.value)
    return str(value)


def _clean(values: Mapping[str, Any] | None) -> dict[str, str]:
    """Header values as text, with the ones not given left out."""
    return {
        k: v.header() if isinstance(v, Styled) else _text(v)
        for k, v in (values or {}).items()
        if v is not None and v is not UNSET
    }


def _query(values: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for key, value in (values or {}).items():
        if value is None or value is UNSET:
            continue
        if isinstance(value, Styled):
            pairs.extend(value.query(key))
        elif isinstance(value, (list, tuple)):
            pairs.extend((key, _text(item)) for item in value)
        else:
            pairs.append((key, _text(value)))
    return pairs


def _stream(content: FileContent, opened: ExitStack) -> bytes | Iterator[bytes]:
    """Bytes as they are; a file or a path read in chunks, never whole into memory."""
    if isinstance(content, (bytes, bytearray, memoryview)):
        return bytes(content)
    file = (
        opened.enter_context(open(content, "rb"))
        if isinstance(content, (str, os.PathLike))
        else content
    )
    return iter(lambda: file.read(_CHUNK), b"")


def _part(name: str, value: Any, opened: ExitStack) -> tuple[str, Any]:
    """One multipart part: a file, a JSON document or a text field."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return name, (name, bytes(value), _OCTET_STREAM)
    if isinstance(value, os.PathLike):
        return name, (
            os.path.basename(value),
            opened.enter_context(open(value, "rb")),
            _OCTET_STREAM,
        )
    if hasattr(value, "read"):
        filename = os.path.basename(str(getattr(value, "name", "") or name))
        return name, (filename, value, _OCTET_STREAM)
    if isinstance(value, (Model, dict, list)):
        document = json.dumps(to_json(value), ensure_ascii=False, allow_nan=False)
        return name, (None, document.encode("utf-8"), "application/json")
    return name, (None, _text(value).encode("utf-8"), "text/plain")


def _is_json(response: httpx.Response) -> bool:
    media_type = (
        str(response.headers.get("content-type", "")).split(";", 1)[0].strip().lower()
    )
    return media_type == "application/json" or media_type.endswith("+json")


def _type_name(tp: Any) -> str:
    if isinstance(tp, type) and not typing.get_args(tp):
        return tp.__name__
    return repr(tp).replace("typing.", "")
