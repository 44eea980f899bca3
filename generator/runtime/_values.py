"""The values models are made of, besides JSON's own: ``UNSET``, ``MISSING``, open enums, union metadata.

And ``DecodeError``, what decoding raises when a value does not fit its type.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any, ClassVar, Final

__all__ = [
    "UNSET",
    "Unset",
    "MISSING",
    "Missing",
    "StrEnum",
    "IntEnum",
    "Discriminator",
    "DecodeError",
]


class Unset:
    """The type of ``UNSET``: a field that was left out, as opposed to ``None`` (null)."""

    _instance: ClassVar[Unset | None] = None

    def __new__(cls) -> Unset:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> Unset:
        return self

    def __deepcopy__(self, memo: Any) -> Unset:
        return self


UNSET: Final = Unset()


class Missing:
    """The type of ``MISSING``: a required field the server left out of a response.

    Only lenient decoding (the default) puts it in a model, in place of a value
    the API description promises; ``None`` and ``UNSET`` stay what optional fields
    hold when absent, so a drifted response can be told from a merely sparse one.
    """

    _instance: ClassVar[Missing | None] = None

    def __new__(cls) -> Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False

    def __copy__(self) -> Missing:
        return self

    def __deepcopy__(self, memo: Any) -> Missing:
        return self


MISSING: Final = Missing()


class DecodeError(ValueError):
    """A value from the server does not have the type the API description declares."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def within(self, key: str | int) -> DecodeError:
        return DecodeError(self.message, (key, *self.path))

    def __str__(self) -> str:
        where = "".join(f"[{p!r}]" for p in self.path)
        return f"{self.message} at {where}" if where else self.message


class StrEnum(str, enum.Enum):
    """A string enum that keeps values it does not know instead of failing on them.

    APIs add enum values over time; an unknown value decodes to a member of the
    enum that is not among its declared members, and encodes back unchanged.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)


class IntEnum(int, enum.Enum):
    """An integer enum that keeps values it does not know (see ``StrEnum``)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, int) or isinstance(value, bool):
            return None
        member = int.__new__(cls, value)
        member._name_ = str(value)
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)


class Discriminator:
    """Annotation metadata of a union: which property, with which value, picks which option."""

    __slots__ = ("property", "mapping")

    def __init__(self, property: str, mapping: Mapping[str, str]) -> None:
        self.property = property
        self.mapping = dict(mapping)  # value → class name of the option

    def __repr__(self) -> str:
        return f"Discriminator({self.property!r}, {self.mapping!r})"
