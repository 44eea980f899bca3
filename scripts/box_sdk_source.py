"""box-sdk-gen's manager methods, read from its installed source with ``ast`` (nothing is imported).

``BoxClient.__init__`` names the managers (``self.files = FilesManager(...)``); each public
manager method's ``FetchOptions(url=''.join([...]), method=...)`` call, its ``prepare_params``
query and header dicts, and its ``request_body`` dict or multipart items say where each argument
goes on the wire. The module's helper classes (``BaseObject`` subclasses) and enums are read too:
each helper's ``__init__`` parameters annotated with another of them, under its wire name
(``_fields_to_json_mapping``), say which field that class types. Reading the files rather than importing the SDK keeps a run well under a second.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

DISTRIBUTION = "box-sdk-gen"
# box-sdk-gen's base URLs all end before the API version; the document's paths start after it.
API_PREFIX = "/2.0"
PLACEHOLDER = re.compile(r"\{([^}]*)\}")


@dataclass
class HelperClass:
    """A request helper class of a managers module, or one of its enums (no fields)."""

    name: str
    enum: bool
    fields: list[
        tuple[str, list[str]]
    ]  # (wire name, helper classes its annotation names)


@dataclass
class SdkMethod:
    """One public manager method, as its source says it calls the API."""

    group: str
    name: str
    params: list[tuple[str, str]]  # (argument, annotation source) in signature order
    positional: int
    http: str = ""
    path: str = ""  # with {argument} placeholders, relative to /2.0
    where: dict[str, tuple[str, str]] = field(
        default_factory=dict
    )  # argument -> (in, wire)
    helpers: dict[str, list[str]] = field(
        default_factory=dict
    )  # body argument -> helper classes and enums
    classes: dict[str, HelperClass] = field(
        default_factory=dict
    )  # the module's helper classes and enums, by name
    reason: str = ""  # why it has no fixed operation

    @property
    def key(self) -> str:
        return f"{self.group}.{self.name}"


def sdk_root() -> Path:
    spec = importlib.util.find_spec("box_sdk_gen")
    if spec is None or spec.origin is None:
        raise SystemExit(
            f"{DISTRIBUTION} is not installed (pip install {DISTRIBUTION})"
        )
    return Path(spec.origin).parent


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def client_managers(root: Path) -> list[tuple[str, str, Path]]:
    """(attribute, class, module file) for each ``self.<attribute> = <Class>(...)`` of BoxClient."""
    tree = _parse(root / "client.py")
    modules = {
        alias.name: node.module
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }
    client = next(
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "BoxClient"
    )
    init = next(
        n
        for n in client.body
        if isinstance(n, ast.FunctionDef) and n.name == "__init__"
    )
    found = []
    for node in ast.walk(init):
        if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
            continue
        target, call = node.targets[0], node.value
        if not (isinstance(target, ast.Attribute) and isinstance(call.func, ast.Name)):
            continue
        module = modules.get(call.func.id, "")
        if module.startswith("box_sdk_gen.managers."):
            path = root.joinpath(*module.split(".")[1:]).with_suffix(".py")
            found.append((target.attr, call.func.id, path))
    return found


def _is_class_of(node: ast.stmt, base: str) -> bool:
    return isinstance(node, ast.ClassDef) and any(
        isinstance(b, ast.Name) and b.id == base for b in node.bases
    )


def _wire_names(cls: ast.ClassDef) -> dict[str, str]:
    """``_fields_to_json_mapping``: the Python names whose JSON name differs."""
    for node in cls.body:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.target.id == "_fields_to_json_mapping"
            and isinstance(node.value, ast.Dict)
        ):
            return {
                str(k.value): str(v.value)
                for k, v in zip(node.value.keys, node.value.values)
                if isinstance(k, ast.Constant) and isinstance(v, ast.Constant)
            }
    return {}


def _class_fields(cls: ast.ClassDef, names: set[str]) -> list[tuple[str, list[str]]]:
    """Each ``__init__`` parameter's wire name and the module's classes its annotation names."""
    init = next(
        (
            n
            for n in cls.body
            if isinstance(n, ast.FunctionDef) and n.name == "__init__"
        ),
        None,
    )
    if init is None:
        return []
    wire = _wire_names(cls)
    found = []
    for arg in init.args.posonlyargs + init.args.args + init.args.kwonlyargs:
        annotation = ast.unparse(arg.annotation) if arg.annotation else ""
        used = sorted(set(re.findall(r"\w+", annotation)) & names)
        if arg.arg != "self" and used:
            found.append((wire.get(arg.arg, arg.arg), used))
    return found


def helper_classes(tree: ast.Module) -> dict[str, HelperClass]:
    """The module's request helper classes (BaseObject subclasses) and enums, by name."""
    objects = [n for n in tree.body if _is_class_of(n, "BaseObject")]
    enums = [n for n in tree.body if _is_class_of(n, "Enum")]
    names = {n.name for n in objects + enums if isinstance(n, ast.ClassDef)}
    found = {
        n.name: HelperClass(n.name, True, [])
        for n in enums
        if isinstance(n, ast.ClassDef)
    }
    for node in objects:
        if isinstance(node, ast.ClassDef):
            found[node.name] = HelperClass(node.name, False, _class_fields(node, names))
    return found


def manager_methods(group: str, class_name: str, path: Path) -> list[SdkMethod]:
    tree = _parse(path)
    helpers = helper_classes(tree)
    manager = next(
        n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name
    )
    methods = []
    for node in manager.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
            methods.append(read_method(group, node, helpers))
            methods[-1].classes = helpers
    return methods


def read_method(
    group: str, fn: ast.FunctionDef, helpers: dict[str, HelperClass]
) -> SdkMethod:
    args = fn.args
    leading = [a for a in args.posonlyargs + args.args if a.arg != "self"]
    every = [a for a in leading + args.kwonlyargs if a.arg != "extra_headers"]
    params = [(a.arg, ast.unparse(a.annotation) if a.annotation else "") for a in every]
    method = SdkMethod(group, fn.name, params, len(leading))
    nodes = list(ast.walk(fn))
    fetch = _fetch_options(nodes)
    if fetch is None:
        method.reason = _why_no_request(nodes)
        return method
    keywords = {k.arg: k.value for k in fetch.keywords if k.arg}
    http = keywords.get("method")
    if isinstance(http, ast.Constant):
        method.http = str(http.value).upper()
    url = keywords.get("url")
    method.path = _join_path(url) if url is not None else ""
    if not method.path:
        shown = ast.unparse(url) if url is not None else "nothing"
        method.reason = f"its URL is not a fixed path ({shown})"
    names = {name for name, _ in params}
    method.where = _wire_places(nodes, keywords, names)
    for name, annotation in params:
        used = sorted(set(re.findall(r"\w+", annotation)) & set(helpers))
        if (
            used
            and method.where.get(name, ("", ""))[0] == "body"
            and method.where[name][1]
        ):
            method.helpers[name] = used
    return method


def _why_no_request(nodes: list[ast.AST]) -> str:
    calls = sorted(
        {
            node.func.attr
            for node in nodes
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        }
    )
    if calls:
        return f"sends no request of its own (built on {', '.join(calls)})"
    for node in nodes:
        if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
            if (
                isinstance(node.value.func, ast.Name)
                and node.value.func.id[:1].isupper()
            ):
                return f"sends no request itself (returns {node.value.func.id}, which sends them)"
    return "sends no request (a local helper)"


def _fetch_options(nodes: list[ast.AST]) -> ast.Call | None:
    for node in nodes:
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "FetchOptions":
                return node
    return None


def _join_path(url: ast.expr) -> str:
    """``''.join([base_urls.x, '/2.0/files/', to_string(file_id)])`` -> ``/files/{file_id}``."""
    if not (isinstance(url, ast.Call) and isinstance(url.func, ast.Attribute)):
        return ""
    if (
        url.func.attr != "join"
        or len(url.args) != 1
        or not isinstance(url.args[0], ast.List)
    ):
        return ""
    parts = url.args[0].elts
    if not (parts and isinstance(parts[0], ast.Attribute)):
        return ""  # not relative to one of the SDK's base URLs
    text = ""
    for part in parts[1:]:
        if isinstance(part, ast.Constant) and isinstance(part.value, str):
            text += part.value
        elif (name := _argument_of(part)) is not None:
            text += "{" + name + "}"
        else:
            return ""
    return text[len(API_PREFIX) :] if text.startswith(API_PREFIX + "/") else text


def _argument_of(node: ast.expr | None) -> str | None:
    """The argument a dict value or URL part carries: ``x`` or ``to_string(x)``."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and len(node.args) == 1
    ):
        if node.func.id in ("to_string", "serialize"):
            node = node.args[0]
    return node.id if isinstance(node, ast.Name) else None


def _dict_places(
    node: ast.expr | None, place: str, names: set[str]
) -> dict[str, tuple[str, str]]:
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "prepare_params":
        node = node.args[0] if node.args else None
    found: dict[str, tuple[str, str]] = {}
    if isinstance(node, ast.Dict):
        for key, value in zip(node.keys, node.values):
            name = _argument_of(value)
            if isinstance(key, ast.Constant) and name in names and name not in found:
                found[name] = (place, str(key.value))
    return found


def _wire_places(
    nodes: list[ast.AST], keywords: dict[str, ast.expr], names: set[str]
) -> dict[str, tuple[str, str]]:
    """argument -> (in, wire) from the path, the query/header/body dicts and the multipart items."""
    where: dict[str, tuple[str, str]] = {}
    locals_: dict[str, ast.expr] = {}
    for node in nodes:
        if (
            isinstance(node, ast.AnnAssign)
            and isinstance(node.target, ast.Name)
            and node.value
        ):
            locals_[node.target.id] = node.value
    # Multipart parts first: they name the real part of file_file_name and file_content_type.
    for item in _list_items(keywords.get("multipart_data")):
        given = {k.arg: k.value for k in item.keywords if k.arg}
        wire = given.get("part_name")
        for key in ("data", "file_stream", "file_name", "content_type"):
            name = _argument_of(given.get(key))
            if isinstance(wire, ast.Constant) and name in names:
                where.setdefault(name, ("body", str(wire.value)))
    for keyword, place in (("params", "query"), ("headers", "header")):
        value = keywords.get(keyword)
        if isinstance(value, ast.Name):
            value = locals_.get(value.id)
        for name, spot in _dict_places(value, place, names).items():
            where.setdefault(name, spot)
    for keyword in ("data", "file_stream"):
        body = _argument_of(keywords.get(keyword))
        if body in names:
            where.setdefault(body, ("body", ""))  # the whole body is one argument
        elif body is not None:
            for name, spot in _dict_places(locals_.get(body), "body", names).items():
                where.setdefault(name, spot)
    url = keywords.get("url")
    if isinstance(url, ast.Call) and url.args and isinstance(url.args[0], ast.List):
        for part in url.args[0].elts:
            name = _argument_of(part)
            if name in names:
                where[name] = ("path", name)
    return where


def _list_items(node: ast.expr | None) -> list[ast.Call]:
    if not isinstance(node, ast.List):
        return []
    return [e for e in node.elts if isinstance(e, ast.Call)]
