"""What every part of the parse shares: the document, its resolver, the name
scopes, the model being built, and the warnings and notes said about it.

Also the readers of untrusted values: a value of the wrong type where an
object, a list, a boolean or a text belongs reads as empty, false or None
(the checks report it; parsing goes on).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from generator import ir, runtime
from generator.errors import SpecError, Warnings
from generator.load import Document
from generator.names_table import NameTable
from generator.naming import Identifier, Scope, class_names, module_names
from generator.resolve import Resolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
METHOD_NAME_EXTENSION = "x-python-method-name"
GROUP_EXTENSION = "x-box-tag"

# Names the emitted code uses for itself, which no name from the document may take.
RUNTIME_CLASSES = frozenset(
    {
        "Model", "StrEnum", "IntEnum", "Unset", "UNSET", "DecodeError", "Resource", "BaseClient",
        "Client", "AsyncClient", "Headers", "Query", "Any", "Literal", "TYPE_CHECKING", "NoneType",
        "AsyncResource", "RequestOptions", "Timeout", "FileContent", "Iterator", "AsyncIterator",
        "StreamedResponse", "AsyncStreamedResponse", "ClientCredentials", "RetryPolicy",
        # Imported by name into model and resource modules (typing's and the runtime's), and
        # looked up by name at run time: _serde resolves annotations in the models package
        # first, so a model of one of these names would be found in their place.
        "Annotated", "Discriminator", "TypeAlias", "WithHeaders", "TokenSource", "NamedTuple",
    }
)
MODEL_RESERVED = frozenset({"from_dict", "to_dict", "extra_fields", "dataclasses"})
# The per-call controls every method takes, and the paging helpers iterating
# methods call. (The emitted code's other names start with an underscore or a
# capital, or are builtins spelled ``_builtins.<name>`` where an argument takes
# them: no argument can shadow them.)
METHOD_ARG_RESERVED = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout", "max_retries"}
    | {"max_pages", "walk", "awalk"}
)
CLIENT_RESERVED = frozenset(
    {"close", "request", "base_url", "timeout", "headers", "token", "http_client", "with_options", "copy"}
)


def _members(module: str, classes: set[str]) -> set[str]:
    """The methods and attributes the runtime's client classes define, read from their source
    (the generator never imports the runtime): a resource attribute of that name would hide one."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(runtime.sources()[f"{module}.py"])):
        if isinstance(node, ast.ClassDef) and node.name in classes:
            for member in node.body:
                if isinstance(member, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(member.name)
                elif isinstance(member, ast.AnnAssign) and isinstance(member.target, ast.Name):
                    names.add(member.target.id)
            for sub in ast.walk(node):
                if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self":
                    names.add(sub.attr)
    return names


CLIENT_RESERVED |= (
    _members("_cycle", {"BaseClient"})
    | _members("_base_client", {"SyncAPIClient", "AsyncAPIClient"})
    | _members("_options", {"WithOptions"})
)
# The accessors every resource group has besides its methods.
RESOURCE_RESERVED = frozenset({"with_raw_response", "with_streaming_response"})
# File names Windows refuses, whatever the extension: modules never take them.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
)


@dataclass
class Pending:
    """A model whose name is known before its body is worked out."""

    name: Identifier
    module: Identifier
    schema: dict[str, Any]
    pointer: str


@dataclass
class Context:
    """One parse's state: every part of ``generator.parse`` is a function of it."""

    doc: Document
    package: Identifier
    # operationId → method name, from the maintainer's configuration (before x-python-method-name)
    method_names: dict[str, str] = field(default_factory=dict)
    # Another SDK's names for groups, methods and arguments (generator.names_table), if configured
    names: NameTable | None = None
    warnings: Warnings = field(default_factory=Warnings)
    # What the document has that a client has no use for (webhooks, callbacks, links): said, not warned.
    notes: Warnings = field(default_factory=Warnings)

    def __post_init__(self) -> None:
        self.resolver = Resolver(self.doc)
        self.class_names = Scope(RUNTIME_CLASSES, joiner="")
        self.module_names = Scope({"__init__", *WINDOWS_RESERVED}, casefold=True)
        self.resource_modules = Scope({"__init__", *WINDOWS_RESERVED}, casefold=True)
        self.components: dict[str, ir.TypeRef | None] = {}
        self.models: list[ir.Model] = []
        self.enums: list[ir.Enum] = []
        self.aliases: list[ir.Alias] = []
        self.alias_queue: list[tuple[ir.TypeRef, dict[str, Any], str]] = []
        # Inline enums are defined in the module of the model that owns them.
        self.inline_enums: dict[str, list[ir.Enum]] = {}
        # Inline schemas become one class each, however many places reach them.
        self.inline: dict[str, ir.TypeRef] = {}
        self.queue: list[Pending] = []
        self.built: dict[str, ir.Model] = {}
        self.early: set[str] = set()
        self.scheme_keys: set[str] = set()

    def deref(self, obj: Any, where: str) -> Any:
        """``obj`` with its ``$ref`` followed; None for a reference to nothing or to itself.

        The checks report each such reference (``validate.check_refs``); what it
        stands for is read as Any, or left out where it must be an object.
        """
        try:
            return self.resolver.deref(obj, where)
        except SpecError:
            return None

    def malformed(self, where: str, what: str) -> None:
        """A part of the document that cannot be read as what it must be, and what was done instead."""
        self.warnings.add(where, what, "malformed")

    def class_name(self, text: str, limit: int | None = None) -> Identifier:
        """A class name for ``text`` (a component's name or an inline schema's context), short and unique."""
        return self.class_names.first(class_names(text) if limit is None else class_names(text, limit=limit))

    def module_name(self, class_name: Identifier) -> Identifier:
        return self.module_names.first(module_names(class_name))

    def add(self, model: ir.Model) -> None:
        self.models.append(model)
        self.built[model.name] = model


def as_map(value: Any) -> dict[str, Any]:
    """``value`` where an object belongs: a value of another type (reported by the checks) reads as empty."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` where a list belongs: a value of another type (reported by the checks) reads as empty."""
    return value if isinstance(value, list) else []


def truth(value: Any) -> bool:
    """A boolean of the document; "true" and "false" (reported by the checks) read as what they say."""
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return value is True or (isinstance(value, int) and not isinstance(value, bool) and value == 1)


def text_of(value: Any) -> str | None:
    if value is None:
        return None
    stripped = str(value).strip()
    return stripped or None
