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

ROOT = Path(__file__).resolve().parents[2]

pytest.importorskip("box_sdk_gen", reason="box-sdk-gen is not installed (pip install -e '.[dev]')")

from box_sdk import DUPLICATES, incompatibility, mapped_methods, sdk_managers, unresolved  # noqa: E402


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


def test_the_readme_figures_are_the_installed_releases(client: Any) -> None:
    """ "274 of its 279 methods that call an operation of the document resolve" (README, "Coming
    from box-sdk-gen"), counted here as test_at_least_95_percent_of_box_sdk_gen_methods_resolve
    counts them. Break made: the README's figure changed to 275: this fails."""
    figure = re.search(r"(\d+) of its\s+(\d+) methods that call an operation", (ROOT / "README.md").read_text())
    assert figure, "the figure under 'Coming from box-sdk-gen' is gone: update this test"
    total = len(mapped_methods()) + len(DUPLICATES)
    assert (int(figure[1]), int(figure[2])) == (total - len(unresolved(client)), total)


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
