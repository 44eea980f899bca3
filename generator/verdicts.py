"""What makes openapi-spec-validator scale, for ``generator.validate``: the same verdicts, found with less work.

Three costs grow with a document, and each is cut without changing a finding:

- ``referencing`` crawls a validator's root schema again at every reference it
  cannot place yet (an OpenAPI 3.1 meta-schema's every ``$dynamicRef``): most
  of the validator's time on a large document. ``crawled`` hands jsonschema a
  resolver crawled once, so each lookup finds directly what it found before.
- Each schema of the document is checked against its meta-schema by a
  validator built afresh. ``meta_validator`` builds one per meta-schema, and
  ``Verdicts`` keeps each check's errors by the schema's content: a schema equal
  to one checked already (the same keys in the same order, the same values and
  types) gets the same errors without a second walk.
- The validator remembers what it has visited in lists, searched on every
  schema: quadratic in the schemas of a document. ``IdList`` is such a list
  that answers ``in`` from a set.
"""

from __future__ import annotations

import functools
from typing import Any, Callable


def crawled(validator: Any) -> Any:
    """``validator`` with every resource its resolver can reach crawled (the same lookups, found directly)."""
    resolver: Any = getattr(validator, "_resolver", None)
    registry = getattr(resolver, "_registry", None)
    if registry is None or not hasattr(registry, "crawl") or not hasattr(validator, "evolve"):
        return validator  # a jsonschema of another shape: as it is
    return validator.evolve(_resolver=registry.crawl().resolver(base_uri=resolver._base_uri))


@functools.lru_cache(maxsize=8)
def meta_validator(schema_cls: Any, format_checker: Any, has_format_checker: bool) -> Any:
    """The validator of ``schema_cls``'s meta-schema (its format checker given or not), made once, crawled."""
    from jsonschema.validators import validator_for

    kwargs: dict[str, Any] = {"format_checker": format_checker} if has_format_checker else {}
    registry = _oas_registry()
    if registry is not None:
        kwargs["registry"] = registry
    meta = validator_for(schema_cls.META_SCHEMA, default=schema_cls)(schema_cls.META_SCHEMA, **kwargs)
    return crawled(meta)


@functools.lru_cache(maxsize=1)
def _oas_registry() -> Any:
    """The registry of the OpenAPI meta-schemas (3.1's dialect refers to them), where the library has one."""
    try:
        from openapi_schema_validator import validators
    except ImportError:
        return None
    return getattr(validators, "OPENAPI_SPECIFICATIONS", None)


class Verdicts:
    """The errors of each meta-schema check of one validation run, by meta-schema and schema content."""

    def __init__(self) -> None:
        self._known: dict[tuple[int, str], list[Any]] = {}
        self.checked = 0  # walks done
        self.reused = 0  # walks saved

    def errors(self, meta: Any, value: Any, order: Callable[[Any], Any]) -> list[Any]:
        """``meta``'s errors on ``value``, sorted by ``order``: walked once per distinct content."""
        key = content_key(value)
        if key is not None:
            known = self._known.get((id(meta), key))
            if known is not None:
                self.reused += 1
                return known
        self.checked += 1
        found = sorted(meta.iter_errors(value), key=order)
        if key is not None:
            self._known[(id(meta), key)] = found
        return found


def content_key(value: Any) -> str | None:
    """A text equal for two values only when they are equal with their types and key order (None: unsure).

    A value that contains itself (a YAML alias to an ancestor) prints as ``...``
    where it recurs, and two different such values could print alike: those,
    and any text that shows ``...``, get no key.
    """
    try:
        text = repr(value)
    except (RecursionError, ValueError):
        return None
    return None if "..." in text else text


class IdList(list):  # type: ignore[type-arg]
    """A list of ids whose ``in`` is a set lookup (the validator appends, and asks ``in``; nothing else)."""

    def __init__(self) -> None:
        super().__init__()
        self._members: set[Any] = set()

    def append(self, item: Any) -> None:
        super().append(item)
        self._members.add(item)

    def __contains__(self, item: object) -> bool:
        return item in self._members
