"""box-sdk-gen's managers and methods, read from the installed release, and how our client's
methods compare with them (tests/unit/test_box_sdk_compat.py, tests/e2e/test_e2e_box_full.py)."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "spec" / "box-sdk-names.yaml"


def sdk_managers() -> dict[str, Any]:
    """box-sdk-gen's managers by client attribute, as a BoxClient holds them."""
    import box_sdk_gen

    client = box_sdk_gen.BoxClient(auth=box_sdk_gen.BoxDeveloperTokenAuth(token="t"))
    return {name: value for name, value in sorted(vars(client).items()) if type(value).__name__.endswith("Manager")}


def mapped_methods() -> list[str]:
    """Every ``manager.method`` of box-sdk-gen the names table gives an operation of the Box
    document (``DUPLICATES`` call one that another method of the table calls too)."""
    table = yaml.safe_load(TABLE.read_text())
    return sorted(f"{e['group']}.{e['method']}" for e in table["operations"].values())


def incompatibility(sdk: inspect.Signature, ours: inspect.Signature) -> str | None:
    """Why a call that ``sdk`` accepts may fail on ``ours``, or None: every positional parameter
    of the SDK's is ours at the same place, every parameter of its we take by its name, and
    every parameter we require it requires too."""
    theirs = [p for p in sdk.parameters.values() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]
    mine = dict(ours.parameters)
    our_positional = [p.name for p in mine.values() if p.kind is p.POSITIONAL_OR_KEYWORD]
    their_positional = [p.name for p in theirs if p.kind is p.POSITIONAL_OR_KEYWORD]
    if our_positional[: len(their_positional)] != their_positional:
        return f"positional parameters ({', '.join(their_positional)}) are ({', '.join(our_positional)}) here"
    missing = [p.name for p in theirs if p.name not in mine]
    if missing:
        return f"no parameter {', '.join(missing)}"
    required = {p.name for p in theirs if p.default is p.empty}
    extra = [p.name for p in mine.values() if p.default is p.empty and p.name not in required]
    if extra:
        return f"{', '.join(extra)} required here, optional there"
    return None


def unresolved(client: Any) -> dict[str, str]:
    """Each box-sdk-gen method (of a document operation) that does not resolve on ``client``, and why."""
    managers = sdk_managers()
    found: dict[str, str] = {}
    for key in mapped_methods() + list(DUPLICATES):
        manager, method = key.split(".")
        sdk_method = getattr(managers[manager], method)
        ours = getattr(getattr(client, manager, None), method, None)
        if ours is None:
            found[key] = "no such method here" if hasattr(client, manager) else "no such group here"
            continue
        why = incompatibility(inspect.signature(sdk_method), inspect.signature(ours))
        if why is not None:
            found[key] = why
    return found


# Methods calling an operation another method of box-sdk-gen calls (the table keeps the other):
# they map to an operation of the document, so they count.
DUPLICATES = ("downloads.get_download_file_url", "files.get_file_thumbnail_url")
