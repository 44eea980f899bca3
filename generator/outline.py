"""What the package-wide templates (client, README, pyproject, inits) see of the API.

Those files list every resource group and operation, but show nothing of their
models or arguments; giving their templates this outline rather than the whole
``ir.Api`` keeps them from depending on what they do not show.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator import examples, ir
from generator.pythons import PYTHON_VERSIONS
from generator.naming import Identifier


@dataclass(frozen=True)
class OperationOutline:
    name: Identifier
    http_method: str
    path: str
    summary: str | None
    example: examples.ExampleCall | None = None


@dataclass(frozen=True)
class GroupOutline:
    attribute: Identifier
    module: Identifier
    class_name: Identifier
    async_class_name: Identifier
    description: str | None
    operations: tuple[OperationOutline, ...]


@dataclass(frozen=True)
class Outline:
    """The part of ``ir.Api`` the package-wide templates see."""

    title: str
    description: str | None
    api_version: str
    package: Identifier
    distribution: str
    package_version: str
    base_url: str | None
    servers: tuple[str, ...]
    schemes: tuple[ir.SecurityScheme, ...]
    groups: tuple[GroupOutline, ...]
    env_prefix: str | None = None
    exports: tuple[tuple[Identifier, Identifier], ...] = ()  # (name, module): the extras' names the package root re-exports
    optional_dependencies: tuple[tuple[str, tuple[str, ...]], ...] = ()
    model_aliases: tuple[tuple[Identifier, Identifier, Identifier], ...] = ()  # (name, module, class): ir.Api's

    @property
    def uses_datetime(self) -> bool:
        """Whether an example call needs ``import datetime``."""
        return any(op.example.uses_datetime for g in self.groups for op in g.operations if op.example)

    @property
    def python_versions(self) -> tuple[str, ...]:
        """The versions the package claims (``requires-python`` and classifiers): the tested ones."""
        return PYTHON_VERSIONS

    @property
    def api_keys(self) -> tuple[ir.SecurityScheme, ...]:
        return tuple(s for s in self.schemes if s.kind == "api_key")

    @property
    def basic(self) -> tuple[ir.SecurityScheme, ...]:
        return tuple(s for s in self.schemes if s.kind == "basic")


def outline(api: ir.Api) -> Outline:
    """What the package-wide files (client, README, pyproject, inits) show of the API."""
    return Outline(
        title=api.title,
        description=api.description,
        api_version=api.api_version,
        package=api.package,
        distribution=api.distribution,
        package_version=api.package_version,
        base_url=api.base_url,
        servers=tuple(api.servers),
        schemes=api.schemes,
        env_prefix=api.env_prefix,
        groups=tuple(
            GroupOutline(
                attribute=g.attribute,
                module=g.module,
                class_name=g.class_name,
                async_class_name=g.async_class_name,
                description=g.description,
                operations=tuple(
                    OperationOutline(
                        name=op.name, http_method=op.http_method, path=op.path, summary=op.summary, example=op.example
                    )
                    for op in g.operations
                ),
            )
            for g in api.groups
        ),
        exports=api.exports,
        optional_dependencies=api.optional_dependencies,
        model_aliases=api.model_aliases,
    )
