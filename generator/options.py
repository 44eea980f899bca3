"""What a run is asked for (``Options``) and what it gives (``Result``, ``Summary``).

Apart from ``generator.pipeline`` (which re-exports them) so that a run whose
whole result is replayed from the cache (``generator.incremental.runs``) needs
none of the pipeline's imports: it is a fraction of a second in all, and
imports are a good part of it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.errors import Finding
    from generator.naming import Identifier


@dataclass
class Result:
    package: str
    files: dict[str, str]
    operations: int
    models: int
    classes: int
    warnings: list[str]
    # What the document has that was left out on purpose (webhooks, callbacks, links)
    notes: list[str] = dataclasses.field(default_factory=list)
    # Other files the spec refers to, by path relative to it: sha256 of their bytes.
    sources: dict[str, str] = dataclasses.field(default_factory=dict)


# The package's version when the maintainer configures none: a new package's, whatever the
# document's info.version (which is the API's, and moving with it would bump the package silently).
DEFAULT_VERSION = "0.1.0"


@dataclass(frozen=True)
class Options:
    """What, besides the document, decides the output."""

    package: str
    operations: tuple[str, ...] = ()  # only these operationIds (and what they reach); all if empty
    templates: Path | None = None  # templates that replace ours by name
    method_names: tuple[tuple[str, str], ...] = ()  # operationId → method name
    names: Path | None = None  # another SDK's names for groups, methods, arguments, models (generator.names_table)
    exports: tuple[tuple[Identifier, Identifier], ...] = ()  # (name, extras module) the package root re-exports
    optional_dependencies: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (extra, requirements) of the pyproject
    env_prefix: str | None = None  # the emitted client's environment variables: <prefix>BASE_URL, ...
    request_id_header: str | None = None  # the response header with the request id, if the document names none
    version: str = DEFAULT_VERSION  # the package's (PEP 440), not the API's


@dataclass(frozen=True)
class Summary:
    """What a run reports besides the files (``Result`` without them and the validator's findings)."""

    package: str
    operations: int
    models: int
    classes: int
    warnings: tuple[Finding, ...]  # the parser's
    notes: tuple[Finding, ...]
