"""A pydantic 2 model equivalent to one of ours, for bench/serde.py: the same fields and types.

Made from the model's resolved annotations: each field of the same type (our
enums as they are, ``Unset`` left out of a union, a union of models
with tag fields told apart by their tags as ours does, any other union as a plain
union, a nested model as its own twin), its wire name as the alias, its default None
where ours is None or ``UNSET``; unknown fields kept (``extra="allow"``), as ours
keeps them in ``extra_fields``.
"""

from __future__ import annotations

import dataclasses
import sys
import types
import typing
from typing import Any, Union


def pydantic_twin(model: type, pydantic: Any) -> Any:
    """The twin of ``model`` (and of every model it reaches), ready to validate."""
    serde = sys.modules[model.__module__.rpartition(".models.")[0] + "._serde"]
    twins: dict[str, Any] = {}
    config = pydantic.ConfigDict(extra="allow", populate_by_name=True)

    def twin_of(tp: Any) -> Any:
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Annotated:
            return twin_of(args[0])
        if origin in (Union, types.UnionType):
            options = [a for a in args if a is not serde.Unset]
            kept = tuple(twin_of(a) for a in options)
            if len(kept) == 1:
                return kept[0]
            return tagged(options, kept) or Union[kept]
        if origin in (list, dict, tuple):
            return origin[tuple(twin_of(a) for a in args)] if args else origin
        if isinstance(tp, type) and issubclass(tp, serde.Model):
            name = tp.__name__
            if name not in twins:
                twins[name] = None  # being made: refer to it by name
                twins[name] = make(tp)
            return twins[name] if twins[name] is not None else name
        return tp

    def tagged(options: list[Any], kept: tuple[Any, ...]) -> Any:
        """A union of models each with a tag field, told apart by its tag as ours is (else None).

        Ours rules out the options whose tag says otherwise (``_unions.choose``)
        and decodes the one left; left to itself, pydantic's smart mode would try
        every option instead.
        """
        if not all(isinstance(o, type) and issubclass(o, serde.Model) and serde._codec(o).tags for o in options):
            return None
        rows = [(o.__name__, serde._codec(o).tags) for o in options]

        def fits(value: dict[str, Any], tags: Any) -> bool:
            try:
                return all(wire not in value or value[wire] in allowed for wire, allowed in tags)
            except TypeError:  # unhashable: no tag value
                return False

        def tag(value: Any) -> str | None:
            if isinstance(value, dict):
                return next((name for name, tags in rows if fits(value, tags)), None)
            return type(value).__name__  # a twin, being serialized

        choices = tuple(typing.Annotated[k, pydantic.Tag(name)] for k, (name, _) in zip(kept, rows))
        return typing.Annotated[Union[choices], pydantic.Discriminator(tag)]

    def make(cls: type) -> Any:
        hints = serde._codec(cls).hints
        fields: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name == "extra_fields":
                continue
            required = f.default is dataclasses.MISSING
            default = ... if required else (None if f.default is serde.UNSET else f.default)
            wire = f.metadata.get("wire", f.name)
            annotation = twin_of(hints[f.name])
            if not required and default is None:
                annotation = annotation | None if not isinstance(annotation, str) else f"{annotation} | None"
            fields[f"f_{f.name}"] = (annotation, pydantic.Field(default, alias=wire))
        return pydantic.create_model(cls.__name__, __config__=config, **fields)

    top = twin_of(model)
    for twin in twins.values():
        twin.model_rebuild(_types_namespace=dict(twins))
    return top
