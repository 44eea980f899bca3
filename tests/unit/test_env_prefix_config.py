"""``env-prefix`` and ``request-id-header`` in [tool.generator], their command-line twins, and
the request id headers a document declares: what reaches the emitted ``_settings.py``."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, run_generator

MULTIFILE = ROOT / "tests" / "corpus" / "multifile"


def project(tmp_path: Path, table: str) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(MULTIFILE, repo / "spec")
    (repo / "pyproject.toml").write_text(f'[tool.generator]\nspec = "spec/openapi.yaml"\npackage = "acme"\n{table}')
    return repo


def settings(repo: Path, output: str = "generated") -> dict[str, Any]:
    tree = ast.parse((repo / output / "acme" / "_settings.py").read_text())
    return {
        node.target.id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None
    }


@pytest.mark.slow  # generates a client
def test_the_prefix_and_the_header_come_from_pyproject(tmp_path: Path) -> None:
    repo = project(tmp_path, 'env-prefix = "ACME_"\nrequest-id-header = "Acme-Request-Id"\n')
    done = run_generator(cwd=repo)
    assert done.returncode == 0, done.stderr
    values = settings(repo)
    assert values["ENV_PREFIX"] == "ACME_"
    assert values["REQUEST_ID_HEADERS"] == ("acme-request-id", "x-request-id", "request-id")
    client = (repo / "generated" / "acme" / "_client.py").read_text()
    assert "from_environment(" in client and "ACME_BASE_URL" in client


@pytest.mark.slow  # generates a client
def test_the_command_line_wins_and_empty_means_none(tmp_path: Path) -> None:
    repo = project(tmp_path, 'env-prefix = "ACME_"\nrequest-id-header = "acme-request-id"\n')
    done = run_generator("--env-prefix", "", "--request-id-header", "", cwd=repo)
    assert done.returncode == 0, done.stderr
    values = settings(repo)
    assert values["ENV_PREFIX"] is None
    assert values["REQUEST_ID_HEADERS"] == ("x-request-id", "request-id")
    assert "from_environment" not in (repo / "generated" / "acme" / "_client.py").read_text()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('env-prefix = "ACME-"\n', "--env-prefix 'ACME-' is not the start of an environment variable name"),
        ('request-id-header = "a b"\n', "--request-id-header 'a b' is not an HTTP header name"),
        ("env-prefix = 3\n", "[tool.generator] env-prefix: error: must be a str, not int"),
    ],
)
def test_bad_values_are_one_line_errors(tmp_path: Path, table: str, message: str) -> None:
    repo = project(tmp_path, table)
    done = run_generator(cwd=repo)
    assert done.returncode == 2, done.stdout
    assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


@pytest.mark.slow  # generates a client
def test_a_declared_request_id_header_comes_before_the_common_ones(tmp_path: Path) -> None:
    spec = tmp_path / "api.yaml"
    spec.write_text(
        """openapi: 3.0.3
info: {title: T, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          headers:
            Api-Request-ID: {schema: {type: string}}
          content:
            application/json: {schema: {type: object}}
"""
    )
    out = tmp_path / "out"
    done = run_generator(spec, "--output", out, "--package", "acme", "--request-id-header", "", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert settings(tmp_path, "out")["REQUEST_ID_HEADERS"] == ("api-request-id", "x-request-id", "request-id")
