"""Extras: hand-written modules copied into the emitted package as they are.

A directory named by ``extras`` in ``[tool.generator]`` (or ``--extras``) holds
``.py`` files, each copied byte for byte into the package, beside the generated
modules; regeneration never touches them, and ``--check`` compares them like
every other file. They are read afresh on every run, never from the caches, so
an edit to one is never replayed stale.

A module's ``__all__`` (a literal list of strings) is re-exported from the
package root, imported on first use: importing the package never imports an
extra, nor what it needs (an optional dependency such as PyJWT).

Refused (``SpecError``, exit 2): a directory that does not exist, an entry
that is not a regular ``.py`` file (symlinks, FIFOs, other files, directories
but ``__pycache__``), a file that is not UTF-8 Python, a name that a generated
module or subpackage has, and an ``__all__`` name that the package root has,
that another extra exports, or that names an extras module.
"""

from __future__ import annotations

import ast
import keyword
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.errors import SpecError
from generator.naming import Identifier
from generator.regular import NotRegularFile, read_regular

# The package root's lazy submodules, which its __getattr__ serves before any export.
ROOT_NAMES = frozenset({"models", "resources"})


@dataclass(frozen=True)
class Extras:
    """The extras of one run: each file's text by name, and what the package root re-exports."""

    files: tuple[tuple[str, str], ...] = ()  # (file name, text)
    exports: tuple[tuple[Identifier, Identifier], ...] = ()  # (name, module), in file then __all__ order


def read_extras(directory: Path) -> Extras:
    """The extras under ``directory``, checked (``SpecError`` for anything refused)."""
    where = str(directory)
    try:
        info = os.stat(directory)
    except OSError as exc:
        raise SpecError(where, "", f"the extras directory cannot be read: {exc.strerror}") from None
    if not stat.S_ISDIR(info.st_mode):
        raise SpecError(where, "", "the extras directory is not a directory")
    files: list[tuple[str, str]] = []
    exports: list[tuple[Identifier, Identifier]] = []
    try:
        names = sorted(os.listdir(directory))
    except OSError as exc:
        raise SpecError(where, "", f"the extras directory cannot be read: {exc.strerror}") from None
    for name in names:
        path = directory / name
        if name == "__pycache__" and path.is_dir() and not path.is_symlink():
            continue  # what Python leaves beside modules it imported
        text = _read(path, name)
        module = name[: -len(".py")]
        files.append((name, text))
        # Both checked to be ASCII identifiers and no keywords: safe to print as names.
        exports += [(Identifier(export), Identifier(module)) for export in _exported(text, str(path))]
    seen: dict[str, str] = {}
    modules = {name[: -len(".py")] for name, _ in files}
    for export, module in exports:
        if export in modules:
            # Importing the module would bind its name on the package, in place of the export.
            raise SpecError(where, "", f"{module}.py exports {export!r}, the name of an extras module")
        if export in seen:
            raise SpecError(where, "", f"{export!r} is in the __all__ of both {seen[export]}.py and {module}.py")
        seen[export] = module
    return Extras(files=tuple(files), exports=tuple(exports))


def _read(path: Path, name: str) -> str:
    where = str(path)
    if os.path.islink(path):
        raise SpecError(where, "", "an extra is a symbolic link", "copy the file itself into the extras directory")
    module = name[: -len(".py")]
    if not name.endswith(".py") or not _is_name(module):
        raise SpecError(where, "", "an extra must be a Python module named <identifier>.py")
    try:
        data = read_regular(path)
    except NotRegularFile as exc:
        raise SpecError(where, "", f"an extra must be a regular file, not {exc}") from None
    except IsADirectoryError:
        raise SpecError(where, "", "an extra must be a regular file, not a directory") from None
    except OSError as exc:
        raise SpecError(where, "", f"cannot read the extra: {exc.strerror}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SpecError(where, "", f"an extra must be UTF-8: {exc.reason} at byte {exc.start}") from None


def _exported(text: str, where: str) -> list[str]:
    """The names of the module's ``__all__`` (none without one)."""
    try:
        tree = ast.parse(text, filename=where)
    except SyntaxError as exc:
        raise SpecError(where, f"{exc.lineno}:{exc.offset}", f"invalid Python: {exc.msg}") from None
    except (ValueError, RecursionError, MemoryError) as exc:
        raise SpecError(where, "", f"invalid Python: {type(exc).__name__}") from None
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):  # annotated; += is refused below
            targets = [node.target]
        else:
            continue
        if not any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
            continue
        value = getattr(node, "value", None)
        items = value.elts if isinstance(value, (ast.List, ast.Tuple)) else []
        names = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
        if isinstance(node, ast.AugAssign) or not isinstance(value, (ast.List, ast.Tuple)) or len(names) != len(items):
            raise SpecError(where, f"{node.lineno}:{node.col_offset + 1}", "__all__ must be a literal list of strings")
    for name in names:
        if not _is_name(name) or name in ROOT_NAMES:
            raise SpecError(where, "", f"__all__ names {name!r}, which the package root cannot re-export")
    return names


def _is_name(text: str) -> bool:
    return text.isascii() and text.isidentifier() and not keyword.iskeyword(text)


def add_extras(files: dict[str, str], package: str, extras: Extras, where: str) -> dict[str, str]:
    """``files`` with the extras in the package; refused where an extra has a generated module's name."""
    added = dict(files)
    root = _root_names(files.get(f"{package}/__init__.py", ""))
    for export, module in extras.exports:
        if export in root:
            raise SpecError(
                str(Path(where) / f"{module}.py"), "", f"__all__ names {export!r}, which the package root has already"
            )
    # A module beside a generated subpackage of its name (models/) would be shadowed by it.
    taken = {path.split("/")[1].removesuffix(".py") for path in files if path.startswith(f"{package}/")}
    for name, text in extras.files:
        path = f"{package}/{name}"
        if name.removesuffix(".py") in taken:
            raise SpecError(
                str(Path(where) / name), "", f"the extra {name} has the name of a generated module", "rename it"
            )
        added[path] = text
    return added


def _root_names(text: str) -> set[str]:
    """The names the generated package root binds itself (imports, assignments, definitions)."""
    names: set[str] = set()
    for node in ast.parse(text).body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).partition(".")[0] for a in node.names)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return names
