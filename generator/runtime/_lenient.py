"""Lenient decoding: a response that drifted from its description, decoded as far as it fits.

Strict decoding (``_serde.decode``) runs first, on every response; only when it
fails is the value decoded again here, part by part. What fits its type is
decoded as usual; what does not is kept as received (the JSON value itself), a
required field the server left out becomes ``MISSING``, and the path of each is
collected, so that the call logs one warning naming them (``Drift``).
"""

from __future__ import annotations

import logging
import types
import typing
from collections.abc import Mapping
from typing import Any, Union

from ._serde import MISSING, DecodeError, Model, _codec, decode
from ._settings import PACKAGE
from ._values import Discriminator, Unset

__all__ = ["Drift", "lenient"]

log = logging.getLogger(PACKAGE)

Path = tuple[str | int, ...]

SHOWN = 5
"""Paths one warning names at most (then how many more)."""

_ANY_KEY = "*"  # a map's keys are data, maybe secret: never logged


class Drift:
    """Where one call's response did not match its description; reported in one warning."""

    __slots__ = ("method", "path", "paths")

    def __init__(self, method: str, path: str) -> None:
        self.method = method  # the operation: its method and path template
        self.path = path
        self.paths: list[Path] = []

    def decode(self, tp: Any, value: Any, root: Path = ()) -> Any:
        """``value`` as ``tp`` where it fits, as received where not (strict failed already)."""
        return _descend(tp, value, root, self.paths)

    def report(self) -> None:
        """Log the warning, if anything drifted: the paths only, never a value."""
        if not self.paths:
            return
        shown = ", ".join(_where(path) for path in self.paths[:SHOWN])
        more = len(self.paths) - SHOWN
        log.warning(
            "%s %s: the response does not match the API description at %s%s; "
            "kept as received (strict_responses=True raises ResponseValidationError)",
            self.method,
            self.path,
            shown,
            f" and {more} more" if more > 0 else "",
        )


def lenient(tp: Any, value: Any, path: Path, found: list[Path]) -> Any:
    """``value`` decoded as ``tp``, strictly if it fits; otherwise part by part."""
    try:
        return decode(tp, value)
    except DecodeError:
        return _descend(tp, value, path, found)


def _descend(tp: Any, value: Any, path: Path, found: list[Path]) -> Any:
    """``value``, which does not fit ``tp``: the parts that fit decoded, the rest kept."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        tags = [m for m in tp.__metadata__ if isinstance(m, Discriminator)]
        if tags:
            chosen = _tagged(args[0], tags[0], value)
            if chosen is not None:
                return _descend(chosen, value, path, found)
        return _descend(args[0], value, path, found)
    if origin is Union or origin is types.UnionType:
        option = _option(args, value)
        if option is not None:
            return _descend(option, value, path, found)
    elif origin is list and isinstance(value, list):
        item = args[0] if args else Any
        return [lenient(item, v, (*path, i), found) for i, v in enumerate(value)]
    elif origin is tuple and isinstance(value, list) and len(value) == len(args):
        return tuple(
            lenient(arg, v, (*path, i), found)
            for i, (arg, v) in enumerate(zip(args, value))
        )
    elif origin is dict and isinstance(value, dict):
        item = args[1] if args else Any
        return {k: lenient(item, v, (*path, _ANY_KEY), found) for k, v in value.items()}
    elif isinstance(tp, type) and issubclass(tp, Model) and isinstance(value, Mapping):
        return _model(tp, value, path, found)
    found.append(path)
    return value


def _model(
    cls: type[Model], data: Mapping[str, Any], path: Path, found: list[Path]
) -> Model:
    codec = _codec(cls)
    values: dict[str, Any] = {}
    drifted = []
    for name, wire, decoder, _, required, _ in codec.fields:
        if wire in data:
            try:
                values[name] = decoder(data[wire])
            except DecodeError:
                values[name] = _descend(
                    codec.hints[name], data[wire], (*path, wire), found
                )
                drifted.append(name)
        elif required:
            values[name] = MISSING
            found.append((*path, wire))
            drifted.append(name)
    extra = {k: v for k, v in data.items() if k not in codec.wire_names}
    obj = cls(**values, extra_fields=extra)
    object.__setattr__(obj, "_drifted", frozenset(drifted))
    return obj


def _option(args: tuple[Any, ...], value: Any) -> Any:
    """The option of a union to decode a drifted value as, or None to keep it whole.

    null, where not allowed, is kept. An object goes to the model among the options
    whose tag fields do not rule it out and which declares the most of its
    properties (at least one), else to the only map option; an array, to the only
    list option.
    """
    options = [a for a in args if a is not types.NoneType and a is not Unset]
    if value is None:
        return None
    if len(options) == 1:
        return options[0]
    if isinstance(value, Mapping):
        best, most = None, 0
        for option in options:
            if not (isinstance(option, type) and issubclass(option, Model)):
                continue
            codec = _codec(option)
            if any(w in value and not _allows(a, value[w]) for w, a in codec.tags):
                continue
            present = len(codec.wire_names.intersection(value))
            if present > most:
                best, most = option, present
        return best if best is not None else _only(options, dict, value)
    if isinstance(value, list):
        return _only(options, list, value)
    return None


def _only(options: list[Any], origin: type, value: Any) -> Any:
    """The one option that is a ``list[...]`` (or ``dict[...]``), if there is exactly one."""
    found = [o for o in options if typing.get_origin(o) is origin]
    return found[0] if len(found) == 1 else None


def _tagged(union: Any, discriminator: Discriminator, value: Any) -> Any:
    """The option of a discriminated union that the value's tag names, if any."""
    if not isinstance(value, Mapping):
        return None
    tag = value.get(discriminator.property)
    name = discriminator.mapping.get(tag) if isinstance(tag, str) else None
    for option in typing.get_args(union):
        if name is not None and getattr(option, "__name__", None) == name:
            return option
    return None


def _allows(allowed: frozenset[Any], value: Any) -> bool:
    try:
        return value in allowed
    except TypeError:  # unhashable: an object or array is no tag value
        return False


def _where(path: Path) -> str:
    if not path:
        return "the body"
    return "".join(f"[{p!r}]" if p != _ANY_KEY else "[*]" for p in path)
