"""The example calls of an emitted README, taken out of its code blocks to be run or checked.

The README's first ``python`` block sets up ``client``; each later block holds one
call per method (see templates/README.md.j2). ``calls`` parses those blocks (a block
that is not valid Python fails here), ``run``/``arun`` make one call with the
sync or async client, and ``bind`` checks that a call's arguments bind to its
method's signature, without sending anything.
"""

from __future__ import annotations

import ast
import datetime
import importlib
import inspect
import re
from pathlib import Path
from typing import Any

_BLOCK = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)


def blocks(readme: Path) -> list[str]:
    return _BLOCK.findall(readme.read_text(encoding="utf-8"))


def calls(readme: Path) -> list[ast.Call]:
    """Every example call of the README (the blocks after the first), in order."""
    found: list[ast.Call] = []
    for block in blocks(readme)[1:]:
        for statement in ast.parse(block).body:
            assert isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call), ast.unparse(statement)
            found.append(statement.value)
    return found


def namespace(package: str, client: Any) -> dict[str, Any]:
    """What the README's set-up block defines: ``client``, ``models`` and ``datetime``."""
    return {"client": client, "models": importlib.import_module(f"{package}.models"), "datetime": datetime}


def run(call: ast.Call, names: dict[str, Any]) -> Any:
    return eval(compile(ast.Expression(call), "<README>", "eval"), names)  # noqa: S307 - the README's own code


async def arun(call: ast.Call, names: dict[str, Any]) -> Any:
    """The call with an async client (``names["client"]``), awaited (in the caller's event loop:
    the client's connections belong to it)."""
    awaited = ast.fix_missing_locations(ast.Expression(ast.Await(call)))
    code = compile(awaited, "<README>", "eval", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    return await eval(code, names)  # noqa: S307


def bind(call: ast.Call, names: dict[str, Any]) -> inspect.BoundArguments:
    """The call's arguments bound to its method's signature (a wrong name or order raises TypeError)."""
    method = run(ast.Expression(call.func).body, names)  # type: ignore[arg-type]
    args = [run(a, names) for a in call.args]  # type: ignore[arg-type]
    kwargs = {k.arg: run(k.value, names) for k in call.keywords}  # type: ignore[arg-type]
    return inspect.signature(method).bind(*args, **kwargs)
