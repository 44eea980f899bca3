"""Promises of the README's "Command line", "Configuration" and "OpenAPI support" that no test
held before issue 19 (item 3): internal errors and ``--debug``, out of memory, the default
cache directory, ``--method-name`` over the extension, the settings another document takes,
and security schemes the generator cannot express. In-process (``conftest.run_generator``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from conftest import run_generator
from generator import cli

SPEC = """
    openapi: 3.0.3
    info: {title: Shop, version: '1'}
    paths:
      /items:
        get:
          operationId: listItems
          x-python-method-name: from_the_extension
          responses:
            '204': {description: none}
"""


def _spec(tmp_path: Path, text: str = SPEC, name: str = "shop.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def _boom(exc: BaseException) -> object:
    def generate(*args: object, **kwargs: object) -> object:
        raise exc

    return generate


def test_an_internal_error_is_one_line_and_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "3 internal error (a bug: please report it)": one line naming the error, no traceback,
    nothing written.

    Break made: the last ``except Exception`` of ``cli._run`` removed: the exception escapes
    ``main`` (a traceback, no exit code 3).
    """
    monkeypatch.setattr(cli, "_generate", _boom(RuntimeError("a generator bug")))
    out = tmp_path / "out"
    done = run_generator(_spec(tmp_path), "--output", out)
    assert done.returncode == 3
    (line,) = done.stderr.splitlines()
    assert "internal error: RuntimeError: a generator bug" in line and "--debug" in line
    assert "Traceback" not in done.stderr and not out.exists()


def test_debug_shows_the_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "--debug: show the traceback of an internal error instead of one line": the exception
    is raised out of the command line (``python -m generator`` then prints its traceback).

    Break made: ``if settings["debug"]: raise`` removed from ``cli._run``: one line, exit 3.
    """
    monkeypatch.setattr(cli, "_generate", _boom(RuntimeError("a generator bug")))
    with pytest.raises(RuntimeError, match="a generator bug"):
        cli.main([str(_spec(tmp_path)), "--output", str(tmp_path / "out"), "--debug"])


def test_out_of_memory_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "an out-of-memory condition is a one-line error like any other bad input" (exit 2),
    and the previous output stays as it was.

    Break made: the ``except MemoryError`` of ``cli._run`` removed: an internal error, exit 3.
    """
    spec, out = _spec(tmp_path), tmp_path / "out"
    assert run_generator(spec, "--output", out).returncode == 0
    before = sorted((p.relative_to(out), p.read_bytes()) for p in out.rglob("*") if p.is_file())
    monkeypatch.setattr(cli, "_generate", _boom(MemoryError()))
    done = run_generator(spec, "--output", out)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{spec}: error: out of memory")
    assert sorted((p.relative_to(out), p.read_bytes()) for p in out.rglob("*") if p.is_file()) == before


def test_the_default_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "default ``$OPENAPI_BOX_GENERATOR_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, then
    ``/openapi-box-generator``"; a run without ``--cache-dir`` keeps its caches there.

    Break made: ``default_cache_dir`` reading ``XDG_CACHE_HOME`` before
    ``OPENAPI_BOX_GENERATOR_CACHE``: the first assertion fails.
    """
    monkeypatch.setenv("OPENAPI_BOX_GENERATOR_CACHE", str(tmp_path / "explicit"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cli.default_cache_dir() == tmp_path / "explicit"
    assert run_generator(_spec(tmp_path), "--output", tmp_path / "out").returncode == 0
    assert any((tmp_path / "explicit").iterdir()), "the run kept nothing in the default cache directory"
    monkeypatch.setenv("OPENAPI_BOX_GENERATOR_CACHE", "")  # empty: not set
    assert cli.default_cache_dir() == tmp_path / "xdg" / "openapi-box-generator"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cli.default_cache_dir() == tmp_path / "home" / ".cache" / "openapi-box-generator"


def test_method_name_wins_over_the_extension(tmp_path: Path) -> None:
    """ "--method-name ID=NAME: name the method of operation ID (repeatable; wins over the
    ``x-python-method-name`` extension)"; without the option, the extension names it.

    Break made: in ``generator/parse/operations.py`` the extension read before
    ``ctx.method_names`` (``op.get(METHOD_NAME_EXTENSION) or ctx.method_names.get(...)``).
    """
    spec = _spec(tmp_path)
    for extra, expected, absent in (
        ((), "from_the_extension", "from_the_option"),
        (("--method-name", "listItems=from_the_option"), "from_the_option", "from_the_extension"),
    ):
        out = tmp_path / f"out{len(extra)}"
        done = run_generator(spec, "--output", out, *extra)
        assert done.returncode == 0, done.stderr
        resources = "".join(p.read_text() for p in (out / "shop_client" / "resources").glob("*.py"))
        assert f"def {expected}(" in resources and f"def {absent}(" not in resources


def test_another_document_takes_only_the_settings_of_how_to_run(tmp_path: Path) -> None:
    """Configuration: "a run given another document on the command line takes only the settings
    of how to run (strict, warnings, cache-dir, no-cache, jobs, quiet, debug) from the table".

    Break made: ``config.for_document`` returning the configuration unchanged: the other
    document comes out as the maintainer's ``acme`` package, in the maintainer's output.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    _spec(repo, name="openapi.yaml")
    (repo / "pyproject.toml").write_text(
        '[tool.generator]\nspec = "openapi.yaml"\npackage = "acme"\noutput = "sdk"\n'
        'env-prefix = "ACME_"\nquiet = true\n[tool.generator.method-names]\nlistItems = "every_item"\n'
    )
    other = _spec(tmp_path, name="other.yaml")
    done = run_generator(other, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "", "quiet, a setting of how to run, still holds"
    package = repo / "generated" / "other_client"
    assert package.is_dir() and not (repo / "sdk").exists(), "named and placed as the maintainer's client"
    assert "ENV_PREFIX: str | None = None\n" in (package / "_settings.py").read_text()
    assert "def every_item(" not in (package / "resources" / "default.py").read_text()


SCHEMES = """
    openapi: 3.1.0
    info: {title: Locks, version: '1'}
    paths:
      /locks:
        get:
          operationId: listLocks
          responses:
            '204': {description: none}
    components:
      securitySchemes:
        certificate: {type: mutualTLS}
        %s
"""


def test_unsupported_security_schemes_are_a_warning_and_a_note(tmp_path: Path) -> None:
    """OpenAPI support: "Security: HTTP schemes other than basic/bearer: warning; the scheme is left
    out" and "mutualTLS: note: configure the certificate on the http_client" (a note: ``--strict``
    passes).

    Break made: ``mutualTLS`` dropped from ``generator/parse/security.py``'s cases: it is warned
    about as unsupported, and ``--strict`` refuses the document.
    """
    only_mtls = _spec(tmp_path, SCHEMES % "", "mtls.yaml")
    done = run_generator(only_mtls, "--output", tmp_path / "mtls", "--strict")
    assert done.returncode == 0, done.stderr
    assert "mutual TLS" in done.stderr and "warning" not in done.stderr
    digest = _spec(tmp_path, SCHEMES % "digest: {type: http, scheme: digest}", "digest.yaml")
    done = run_generator(digest, "--output", tmp_path / "digest")
    assert done.returncode == 0, done.stderr
    warned = [line for line in done.stderr.splitlines() if ": warning: " in line]
    assert len(warned) == 1 and "/components/securitySchemes/digest" in warned[0] and "'digest'" in warned[0]
    settings = (tmp_path / "digest" / "digest_client" / "_settings.py").read_text()
    assert '"digest": (' not in settings, "the scheme is left out"
    assert run_generator(digest, "--output", tmp_path / "strict", "--strict").returncode == 2
