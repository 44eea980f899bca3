"""README's "Tests" section is a true map of which test holds each promise (issue 19, item 3).

The map ("Which test holds each promise") has one group per section of the README, headed by
a link to that section, and a table of promises with the tests that hold them as
``tests/<file>.py::<test>`` (``::<test>`` alone: in the file named before it in the same
cell; a file alone: every test in it). What keeps it true:

- every file it names exists, and every test it names is defined in its file (parametrized
  ids aside), so renaming or deleting a test fails here until the map follows;
- every section of the README (its ``#``, ``##`` and ``###`` headings, the "Tests" section's
  own aside) has its group, and every group links to a heading that exists, so a new section
  cannot go unmapped and a renamed one fails;
- every row names a test or a benchmark script, or says it is not yet held;
- every ``tests/...`` path the README names anywhere exists.

Breaks made and seen failing: ``test_the_default_timeouts`` renamed in
tests/unit/test_client_promises.py (the map still naming the old name); the group of
"Regenerating in CI" deleted from the map; the heading "## Speed" renamed "## Performance";
a row's tests replaced by plain words.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAP_HEADING = "### Which test holds each promise\n"
GROUP = re.compile(r"^\*\*\[(?P<title>[^\]]+)\]\(#(?P<anchor>[\w-]+)\)\*\*$", re.M)
REFERENCE = re.compile(r"`((?:tests|bench)/[\w/.-]+\.py)?(?:::(\w+)(?:\[[^\]`]*\])?)?`")
NOT_YET = "not yet held"


def _text() -> str:
    return README.read_text(encoding="utf-8")


def _map() -> str:
    text = _text()
    start = text.index(MAP_HEADING)
    end = text.find("\n## ", start)
    return text[start : end if end != -1 else len(text)]


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def sections() -> dict[str, str]:
    """Every heading of the README outside fenced blocks (anchor: text), but "Tests" and what is under it."""
    found: dict[str, str] = {}
    fenced = False
    for line in _text().splitlines():
        if line.startswith("```"):
            fenced = not fenced
        heading = None if fenced else re.match(r"^(#{1,3}) (.+)$", line)
        if heading is None:
            continue
        if heading[2] == "Tests":
            break  # the map's own section, and the map within it
        found[slug(heading[2])] = heading[2]
    return found


def rows() -> list[tuple[str, str, str]]:
    """(group anchor, promise, held-by cell) of each row of the map's tables."""
    found: list[tuple[str, str, str]] = []
    anchor = ""
    for line in _map().splitlines():
        if group := GROUP.match(line):
            anchor = group["anchor"]
        elif line.startswith("| ") and not line.startswith(("| promise |", "|---")):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            promise, held = cells[0], "|".join(cells[1:])
            found.append((anchor, promise, held))
    return found


def references(cell: str) -> list[tuple[str, str | None]]:
    """(file, test or None) named in one cell; ``::test`` takes the file named before it."""
    named: list[tuple[str, str | None]] = []
    current: str | None = None
    for match in REFERENCE.finditer(cell):
        path, test = match[1], match[2]
        if path is None and test is None:
            continue
        if path is not None:
            current = path
        assert current is not None, f"::{test} names no file before it: {cell}"
        named.append((current, test))
    return named


@functools.cache
def defined(path: str) -> frozenset[str]:
    """The functions a test file defines, at any depth (test methods of classes too)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    return frozenset(n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))


def test_the_map_has_rows_and_groups() -> None:
    assert MAP_HEADING in _text(), "the map's heading is gone: update this test"
    assert len(rows()) >= 100, "the map lost most of its rows"


def test_every_test_the_map_names_exists() -> None:
    missing = []
    for _, promise, held in rows():
        for path, test in references(held):
            if not (ROOT / path).is_file():
                missing.append(f"{path} (for: {promise})")
            elif test is not None and test not in defined(path):
                missing.append(f"{path}::{test} (for: {promise})")
    assert missing == [], "the map names tests that do not exist:\n" + "\n".join(missing)


def test_every_row_is_held_or_says_it_is_not() -> None:
    bare = [promise for _, promise, held in rows() if not references(held) and NOT_YET not in held]
    assert bare == [], f"rows naming no test, no benchmark and not marked {NOT_YET!r}: {bare}"


def test_every_section_has_its_group_and_every_group_its_section() -> None:
    headings = sections()
    groups = {g["anchor"]: g["title"] for g in GROUP.finditer(_map())}
    assert sorted(set(headings) - set(groups)) == [], "sections of the README with no group in the map"
    assert sorted(set(groups) - set(headings)) == [], "groups of the map linking to no section"
    grouped = {anchor for anchor, _, _ in rows()}
    assert sorted(set(groups) - grouped) == [], "groups with no promise"


def test_every_test_path_the_readme_names_exists() -> None:
    named = set(re.findall(r"\btests/[\w/.-]+\.py\b", _text()))
    assert sorted(p for p in named if not (ROOT / p).is_file()) == []


def test_the_box_file_count_is_the_committed_clients() -> None:
    """ "emits all 296 operations ... into `generated/box_client` (765 files)": what the generator
    writes under generated/, which tests/golden/test_golden.py holds to what spec/box.yaml gives."""
    from generator.write import read_tree

    figure = re.search(r"into `generated/box_client`\s+\((\d+) files\)", _text())
    assert figure, "the file count under 'The complete Box API' is gone: update this test"
    assert int(figure[1]) == len(read_tree(ROOT / "generated"))


def test_the_box_sdk_gen_figures_are_the_tables() -> None:
    """ "Coming from box-sdk-gen": "the 277 of the document's 296 operations it exposes. The other
    19" and "183 names, 87 of classes and 96 of enums", from spec/box-sdk-names.yaml and the
    aliases at the root of the committed generated/box_client (held to the spec by the goldens).

    Break made: one entry removed from spec/box-sdk-names.yaml's ``models`` (the figure says 183).
    """
    import yaml

    text = _text()
    table = yaml.safe_load((ROOT / "spec" / "box-sdk-names.yaml").read_text(encoding="utf-8"))
    exposed = re.search(r"for\s+the (\d+) of the document's (\d+) operations it exposes\. The other (\d+)", text)
    assert exposed, "the operations figure under 'Coming from box-sdk-gen' is gone: update this test"
    assert int(exposed[1]) == len(table["operations"]) and int(exposed[1]) + int(exposed[3]) == int(exposed[2])
    names = re.search(r"(\d+)\s+names,\s+(\d+)\s+of\s+classes\s+and\s+(\d+)\s+of\s+enums", text)
    assert names, "the names figure under 'Coming from box-sdk-gen' is gone: update this test"
    root = (ROOT / "generated" / "box_client" / "__init__.py").read_text(encoding="utf-8")
    block = root[root.index("_ALIASES = {") :]
    aliases = re.findall(r'^    "(\w+)": \(\s*"([\w.]+)",\s*"(\w+)",?\s*\)', block[: block.index("\n}\n")], re.M)
    enums = 0
    for _, module, target in aliases:
        source = (ROOT / "generated" / "box_client" / "models" / f"{module}.py").read_text(encoding="utf-8")
        base = re.search(rf"^class {target}\((\w+)", source, re.M)
        assert base, f"{target} is not defined in models/{module}.py"
        enums += base[1] in ("StrEnum", "IntEnum")
    assert len(table["models"]) == len(aliases)
    assert (int(names[1]), int(names[2]), int(names[3])) == (len(aliases), len(aliases) - enums, enums)
