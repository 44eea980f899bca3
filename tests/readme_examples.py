"""The example calls of an emitted README, taken out of its code blocks to be run or checked.

The README's first ``python`` block sets up ``client``; each later block holds one
call per method (see templates/README.md.j2). ``calls`` parses those blocks (a block
that is not valid Python fails here), ``run``/``arun`` make one call with the
sync or async client, and ``bind`` checks that a call's arguments bind to its
method's signature, without sending anything. ``prism_limit`` tells a request
Prism refuses through no fault of the example.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime
import importlib
import inspect
import json
import re
from pathlib import Path
from typing import Any

import httpx

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


# ------------------------------------------------------------------ against Prism

_REQUIRED = re.compile(r"must have required property '([^']*)'")


def servers(package_dir: Path) -> set[str]:
    """The servers operations name for themselves (``base_url=`` of their request builders)."""
    texts = (p.read_text(encoding="utf-8") for p in sorted((package_dir / "resources").glob("*.py")))
    return set(re.findall(r'base_url="([^"\\]+)"', "".join(texts)))


def request_violations(responses: list[httpx.Response]) -> list[dict[str, Any]]:
    """What Prism found wrong with the requests (its ``sl-violations`` header)."""
    found = [v for r in responses for v in json.loads(r.headers.get("sl-violations", "[]"))]
    return [v for v in found if v["location"][:1] == ["request"]]


def prism_limit(
    document: dict[str, Any], call: ast.Call, names: dict[str, Any], responses: list[httpx.Response]
) -> str | None:
    """Why Prism refused a README example's request where the example is right, or None.

    Prism routes by method and path alone (operations told apart by ``#fragment`` are
    one to it), reads every multipart part as a string, and holds requests to a
    ``required`` list that names a property the schema never declares (Box's
    ``grant_type`` of token revocation): none of these is the example's fault.
    """
    if not responses:
        return None
    request = responses[-1].request
    keys = [k for k, item in (document.get("paths") or {}).items() if request.method.lower() in (item or {})]
    matching = [
        k
        for k in keys
        if re.fullmatch(re.sub(r"\\\{[^}]*\\\}", "[^/]+", re.escape(k.split("#", 1)[0])), request.url.path)
    ]
    violations = request_violations(responses)
    multipart = request.headers.get("content-type", "").startswith("multipart/form-data")
    if multipart and violations and all(v["message"].endswith("must be object") for v in violations):
        return "Prism reads each multipart part as a string, never as the object its schema asks for"
    if len(matching) > 1 and any("#" in k for k in matching):
        return f"{request.method} {request.url.path} is {len(matching)} operations to Prism (#fragments): {matching}"
    if violations and all(_undeclared_required(v, call, names) for v in violations):
        return f"the description requires a property it does not declare: {[v['message'] for v in violations]}"
    return None


def _undeclared_required(violation: dict[str, Any], call: ast.Call, names: dict[str, Any]) -> bool:
    missing = _REQUIRED.search(violation["message"])
    location = violation["location"]
    if missing is None or location[:2] != ["request", "body"]:
        return False
    if len(location) == 2:  # the flattened body: the method would take it
        return missing.group(1) not in inspect.signature(run(ast.Expression(call.func).body, names)).parameters  # type: ignore[arg-type]
    bound = bind(call, names).arguments
    value = bound.get(location[2])
    return dataclasses.is_dataclass(value) and missing.group(1) not in {f.name for f in dataclasses.fields(value)}
