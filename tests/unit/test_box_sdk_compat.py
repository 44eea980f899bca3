"""Code written for box-sdk-gen runs on generated/box_client: every manager method of
box-sdk-gen that maps to an operation of the Box document exists on our client as
``client.<manager>.<method>``, and every call its signature accepts, ours accepts too.

Introspected from the installed box-sdk-gen (the version spec/box-sdk-names.yaml was
derived from), never from a copy of its names. The methods that do not resolve are
exactly those README.md lists under "Coming from box-sdk-gen", each with its reason.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
TABLE = ROOT / "spec" / "box-sdk-names.yaml"

box_sdk_gen = pytest.importorskip("box_sdk_gen", reason="box-sdk-gen is not installed (pip install -e '.[dev]')")


def sdk_managers() -> dict[str, Any]:
    """box-sdk-gen's managers by client attribute, as a BoxClient holds them."""
    client = box_sdk_gen.BoxClient(auth=box_sdk_gen.BoxDeveloperTokenAuth(token="t"))
    return {name: value for name, value in sorted(vars(client).items()) if type(value).__name__.endswith("Manager")}


def mapped_methods() -> list[str]:
    """Every ``manager.method`` of box-sdk-gen that calls an operation of the Box document:
    those of the names table, and those calling an operation another method of the table
    calls too (the table keeps one of each such pair: see scripts/box_sdk_names.py)."""
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


def readme_list() -> dict[str, str]:
    """The methods README.md's "Coming from box-sdk-gen" lists as not resolving, with its reasons."""
    text = (ROOT / "README.md").read_text()
    section = text.split("### Coming from box-sdk-gen", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    return dict(re.findall(r"^\| `client\.([a-z0-9_]+\.[a-z0-9_]+)\(\)` \| (.+?) \|$", section, re.M))


@pytest.fixture(scope="module")
def client() -> Any:
    import box_client

    return box_client.Client(token="t")


def test_every_listed_duplicate_is_a_method_of_box_sdk_gen_outside_the_table() -> None:
    managers = sdk_managers()
    mapped = set(mapped_methods())
    for key in DUPLICATES:
        manager, method = key.split(".")
        assert hasattr(managers[manager], method) and key not in mapped


def test_at_least_95_percent_of_box_sdk_gen_methods_resolve(client: Any) -> None:
    total = len(mapped_methods()) + len(DUPLICATES)
    failing = unresolved(client)
    assert total >= 270  # box-sdk-gen 1.17.0 maps 279 methods to the document's operations
    assert len(failing) <= 0.05 * total, failing


def test_the_readme_lists_exactly_the_methods_that_do_not_resolve(client: Any) -> None:
    assert set(readme_list()) == set(unresolved(client))


def test_the_seed_call_runs_verbatim(client: Any) -> None:
    """The Box documentation's own sample, as written there."""
    signature = inspect.signature(client.session_termination.terminate_groups_sessions)
    signature.bind(["<GROUP_ID>"])


def test_incompatibility_finds_each_kind_of_break() -> None:
    def sdk(file_id: str, *, fields: list[str] | None = None) -> None: ...

    def same(file_id: str, *, fields: list[str] | None = None, timeout: float | None = None) -> None: ...

    def moved(fields: list[str] | None = None, *, file_id: str) -> None: ...

    def renamed(file_id: str, *, field_names: list[str] | None = None) -> None: ...

    def stricter(file_id: str, *, fields: list[str]) -> None: ...

    assert incompatibility(inspect.signature(sdk), inspect.signature(same)) is None
    assert "positional" in str(incompatibility(inspect.signature(sdk), inspect.signature(moved)))
    assert "no parameter fields" == incompatibility(inspect.signature(sdk), inspect.signature(renamed))
    assert "required here" in str(incompatibility(inspect.signature(sdk), inspect.signature(stricter)))
