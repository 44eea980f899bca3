"""One table of settings (generator.config.SETTINGS) makes both the command line and the keys of
[tool.generator]: every option round-trips through its key, and the package's own version
(--sdk-version, ``version``) is apart from the API's (``API_VERSION``)."""

from __future__ import annotations

import ast
import importlib
import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_generator
from generator.cli import _summary, build_parser, resolve
from generator.config import SETTINGS, Setting
from generator.pipeline import Result

MULTIFILE = ROOT / "tests" / "corpus" / "multifile"
# The options that are no key, each for a reason the README's Configuration section gives.
NOT_KEYS = {"check"}
# A valid value of each string setting (they are checked once merged).
STRINGS = {
    "package": "acme",
    "sdk_version": "3.1.0",
    "env_prefix": "ACME_",
    "request_id_header": "acme-id",
}


def given(setting: Setting, tmp_path: Path) -> tuple[list[str], str]:
    """A value of ``setting`` as command-line arguments and as the lines of [tool.generator]."""
    flag, key = setting.flags[0], setting.key
    if setting.kind == "path":
        path = str(
            tmp_path / setting.name
        )  # absolute: the same from the cwd and from the pyproject
        return (
            [path] if setting.positional else [flag, path]
        ), f"{key} = {json.dumps(path)}\n"
    if setting.kind == "str":
        value = STRINGS[setting.name]
        return [flag, value], f"{key} = {json.dumps(value)}\n"
    if setting.kind == "bool":
        return [flag], f"{key} = true\n"
    if setting.kind == "int":
        return [flag, "3"], f"{key} = 3\n"
    if setting.kind == "list":
        return [flag, "listPets", flag, "getPet"], f'{key} = ["listPets", "getPet"]\n'
    if setting.kind == "paths":
        paths = [str(tmp_path / f"{setting.name}-{n}") for n in (1, 2)]
        return [flag, paths[0], flag, paths[1]], f"{key} = {json.dumps(paths)}\n"
    assert setting.kind == "names", setting
    return [
        flag,
        "listPets=all_pets",
        flag,
        "getPet=one_pet",
    ], f'[tool.generator.{key}]\nlistPets = "all_pets"\ngetPet = "one_pet"\n'


def resolved(
    tmp_path: Path, argv: list[str], table: str, spec_on_command_line: bool
) -> Any:
    config = tmp_path / "pyproject.toml"
    config.write_text(f"[tool.generator]\n{table}")
    spec = [str(MULTIFILE / "openapi.yaml")] if spec_on_command_line else []
    return resolve(build_parser().parse_args([*spec, *argv, "--config", str(config)]))


@pytest.mark.parametrize(
    "setting", [s for s in SETTINGS if s.flags], ids=lambda s: s.flags[0]
)
def test_every_option_round_trips_through_its_key(
    setting: Setting, tmp_path: Path
) -> None:
    if setting.key is None:
        assert (
            setting.name in NOT_KEYS
        ), f"{setting.flags[0]} has no [tool.generator] key"
        return
    (tmp_path / "extras").mkdir()  # read when given
    argv, table = given(setting, tmp_path)
    from_option = resolved(tmp_path, argv, "", not setting.positional)
    from_key = resolved(tmp_path, [], table, not setting.positional)
    assert from_option == from_key
    assert from_key.settings[setting.name] not in (
        None,
        False,
        (),
        {},
    ), "the value was taken"
    assert from_key != resolved(
        tmp_path, [], "", not setting.positional
    ), "and it changes the run"


def test_the_parser_has_no_option_outside_the_table() -> None:
    named = {s.name for s in SETTINGS}
    hand_made = {a.dest for a in build_parser()._actions if a.dest not in named}
    assert hand_made == {"help", "version", "config"}


def test_the_readme_names_every_key() -> None:
    readme = (ROOT / "README.md").read_text()
    configuration = readme[
        readme.index("## Configuration") : readme.index("## Regenerating in CI")
    ]
    for setting in SETTINGS:
        if setting.key:
            assert (
                f"`{setting.key}`" in configuration
                or f"\n{setting.key} = " in configuration
            ), setting.key


def repo(tmp_path: Path, table: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MULTIFILE, root / "spec")
    (root / "pyproject.toml").write_text(
        f'[tool.generator]\nspec = "spec/openapi.yaml"\npackage = "acme"\n{table}'
    )
    return root


def settings_of(root: Path) -> dict[str, Any]:
    tree = ast.parse((root / "generated" / "acme" / "_settings.py").read_text())
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
    }


def test_keys_once_refused_now_run(tmp_path: Path) -> None:
    root = repo(
        tmp_path,
        'quiet = true\njobs = 1\ncache-dir = "cache"\noperations = ["listPets"]\nversion = "3.1.0"\n',
    )
    done = run_generator(cwd=root)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and done.stderr == "", "quiet"
    assert (root / "cache").is_dir(), "cache-dir, relative to the pyproject.toml"
    resources = {
        p.name for p in (root / "generated" / "acme" / "resources").glob("*.py")
    }
    assert resources == {"__init__.py", "pets.py"}
    assert (
        "def get("
        not in (root / "generated" / "acme" / "resources" / "pets.py").read_text()
    )
    assert 'version = "3.1.0"' in (root / "generated" / "pyproject.toml").read_text()


def test_the_package_version_is_the_maintainers_and_the_api_version_the_documents(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, 'version = "3.1.0"\n')
    assert (
        run_generator("--sdk-version", "4.0.0rc1", cwd=root).returncode == 0
    ), "the option wins"
    sys.path.insert(0, str(root / "generated"))
    try:
        package = importlib.import_module("acme")
        assert (package.__version__, package.API_VERSION) == ("4.0.0rc1", "1.2.0")
        assert {"__version__", "API_VERSION"} <= set(package.__all__)
        assert importlib.import_module("acme._cycle").USER_AGENT.startswith(
            "acme/4.0.0rc1 "
        )
    finally:
        sys.path.remove(str(root / "generated"))
        for name in [m for m in sys.modules if m == "acme" or m.startswith("acme.")]:
            del sys.modules[name]
    assert run_generator(cwd=root).returncode == 0
    assert settings_of(root)["VERSION"] == "3.1.0", "the key, without the option"
    readme = (root / "generated" / "README.md").read_text()
    assert (
        "Package version 3.1.0 (`acme.__version__`), for API version 1.2.0 (`acme.API_VERSION`)"
        in readme
    )


def test_without_a_version_the_package_is_0_1_0_whatever_the_api_version(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, "")
    assert run_generator(cwd=root).returncode == 0
    assert (settings_of(root)["VERSION"], settings_of(root)["API_VERSION"]) == (
        "0.1.0",
        "1.2.0",
    )
    assert 'version = "0.1.0"' in (root / "generated" / "pyproject.toml").read_text()
    spec = root / "spec" / "openapi.yaml"
    spec.write_text(spec.read_text().replace('version: "1.2.0"', 'version: "2.0.0"', 1))
    assert run_generator(cwd=root).returncode == 0
    assert (settings_of(root)["VERSION"], settings_of(root)["API_VERSION"]) == (
        "0.1.0",
        "2.0.0",
    ), "no silent bump"


@pytest.mark.parametrize(
    ("argv", "table", "message"),
    [
        (
            ["--sdk-version", "1.2.x"],
            "",
            "error: --sdk-version '1.2.x' is not a PEP 440 version",
        ),
        (
            [],
            'version = "v1.0"\n',
            "error: --sdk-version 'v1.0' is not a PEP 440 version",
        ),
        (
            [],
            "version = 1\n",
            "[tool.generator] version: error: must be a str, not int",
        ),
        ([], "jobs = 0\n", "[tool.generator] jobs: error: must be at least 1, not 0"),
        ([], "jobs = true\n", "[tool.generator] jobs: error: must be an int, not bool"),
        (
            [],
            'operations = "listPets"\n',
            "[tool.generator] operations: error: must be a list of strings",
        ),
    ],
)
def test_bad_values_are_one_line_errors(
    tmp_path: Path, argv: list[str], table: str, message: str
) -> None:
    done = run_generator(*argv, cwd=repo(tmp_path, table))
    assert done.returncode == 2, done.stdout
    assert (
        message in done.stderr and len(done.stderr.strip().splitlines()) == 1
    ), done.stderr


@pytest.mark.parametrize("jobs", ["0", "-2", "many"])
def test_jobs_below_one_is_an_argparse_error(jobs: str) -> None:
    done = run_generator("--jobs", jobs)
    assert done.returncode == 2
    assert (
        done.stderr.strip()
        .splitlines()[-1]
        .startswith("python -m generator: error: argument --jobs/-j: ")
    )


def test_the_summary_counts_in_the_singular_and_the_plural() -> None:
    one = Result(package="p", files={}, operations=1, models=1, classes=1, warnings=[])
    line = _summary(one, 1, 1, 0, Path("out"), 0.5)
    assert (
        line
        == "p: 1 operation, 1 model (1 class with inline ones), 1 extra, 1 file written (0 unchanged) to out in 0.50s"
    )
    two = Result(package="p", files={}, operations=2, models=0, classes=2, warnings=[])
    line = _summary(two, 2, 2, 1, Path("out"), 0.5)
    assert (
        line
        == "p: 2 operations, 0 models (2 classes with inline ones), 2 extras, 2 files written (1 unchanged) to out in 0.50s"
    )
