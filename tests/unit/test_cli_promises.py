"""Promises of the README's "Command line", "Configuration" and "OpenAPI support" that no test
held before issue 19 (item 3): internal errors and ``--debug``, out of memory, the default
cache directory, ``--method-name`` over the extension, the settings another document takes,
and security schemes the generator cannot express. In-process (``conftest.run_generator``).
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import ROOT, run_generator

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
    (out / "shop_client").mkdir(parents=True)
    (out / "shop_client" / "__init__.py").write_text("# the previous output\n")
    monkeypatch.setattr(cli, "_generate", _boom(MemoryError()))
    done = run_generator(spec, "--output", out)
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"{spec}: error: out of memory")
    assert [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()] == ["shop_client/__init__.py"]
    assert (out / "shop_client" / "__init__.py").read_text() == "# the previous output\n"


def test_the_default_cache_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ "default ``$OPENAPI_BOX_GENERATOR_CACHE``, else ``$XDG_CACHE_HOME`` or ``~/.cache``, then
    ``/openapi-box-generator``": where a run without ``--cache-dir`` keeps its caches (the
    run's cache is looked at as the stages get it, and the run stopped there).

    Break made: ``default_cache_dir`` reading ``XDG_CACHE_HOME`` before
    ``OPENAPI_BOX_GENERATOR_CACHE``: the first run's caches are under the XDG directory.
    """
    roots: list[Path] = []

    def generate(spec: Path, options: object, cache: object, jobs: object) -> object:
        roots.append(cache.root)
        raise MemoryError  # stop here: what was asked is known

    monkeypatch.setattr(cli, "_generate", generate)
    spec = _spec(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for explicit, xdg in (("explicit", "xdg"), ("", "xdg"), (None, None)):
        for name, value in (("OPENAPI_BOX_GENERATOR_CACHE", explicit), ("XDG_CACHE_HOME", xdg)):
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, str(tmp_path / value) if value else "")  # empty: not set
        assert run_generator(spec, "--output", tmp_path / "out").returncode == 2
    assert roots == [
        tmp_path / "explicit",
        tmp_path / "xdg" / "openapi-box-generator",
        tmp_path / "home" / ".cache" / "openapi-box-generator",
    ]


def test_method_name_wins_over_the_extension(tmp_path: Path) -> None:
    """ "--method-name ID=NAME: name the method of operation ID (repeatable; wins over the
    ``x-python-method-name`` extension)".

    Break made: in ``generator/parse/operations.py`` the extension read before
    ``ctx.method_names`` (``op.get(METHOD_NAME_EXTENSION) or ctx.method_names.get(...)``).
    """
    out = tmp_path / "out"
    done = run_generator(_spec(tmp_path), "--output", out, "--method-name", "listItems=from_the_option")
    assert done.returncode == 0, done.stderr
    resources = "".join(p.read_text() for p in (out / "shop_client" / "resources").glob("*.py"))
    assert "def from_the_option(" in resources and "def from_the_extension(" not in resources


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


@pytest.mark.slow  # two OpenAPI 3.1 documents validated: over a second
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


def test_an_edited_override_template_is_never_replayed_from_the_caches(tmp_path: Path) -> None:
    """Configuration: "Overridden templates are part of the cache keys": a run after an edit of
    an override gives the edited output, with the caches on.

    Break made: the overrides' digest left out of ``options_key`` and ``part_salt``
    (generator/incremental/keys.py): the second run replays the first run's pyproject.toml.
    """
    from generator.incremental import keys

    templates = tmp_path / "templates"
    templates.mkdir()
    original = (ROOT / "examples" / "custom-templates" / "pyproject.toml.j2").read_text()
    spec, out = _spec(tmp_path), tmp_path / "out"
    for edit in ("", "# edited\n"):
        (templates / "pyproject.toml.j2").write_text(original + edit)
        keys.part_salt.cache_clear()  # one process per run, as on the command line
        done = run_generator(spec, "--output", out, "--templates", templates)  # the session's caches
        assert done.returncode == 0, done.stderr
        assert (out / "pyproject.toml").read_text().endswith(edit or "\n")


RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}

NAMES = """
    openapi: 3.0.3
    info: {title: Names, version: '1'}
    paths:
      /a:
        get:
          operationId: a
          tags: [%s]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/%s'}
      /b:
        get:
          operationId: b
          tags: [CON, Ünïcödé]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/Pets'}
      /c:
        get:
          operationId: c
          tags: [aux]
          responses:
            '200':
              description: ok
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/pets'}
    components:
      schemas:
        %s: {type: object, properties: {a: {type: string}}}
        Pets: {type: object, properties: {b: {type: string}}}
        pets: {type: object, properties: {c: {type: string}}}
        NUL: {type: object, properties: {d: {type: string}}}
"""


def test_file_names_are_short_ascii_unique_and_never_reserved(tmp_path: Path) -> None:
    """How it works: "File names come only from sanitised identifiers: ASCII, at most 64
    characters, unique even on case-insensitive file systems, never a name Windows reserves".

    Break made: ``MAX_MODULE = 100`` in generator/naming.py: the 180-character tag's and
    schema's modules are longer than 64 characters.
    """
    words = "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa"
    long = "".join(w.title() for w in words.split()) * 2  # distinct words: no filler or repeat to drop
    out = tmp_path / "out"
    done = run_generator(_spec(tmp_path, NAMES % (long, long, long), "names.yaml"), "--output", out)
    assert done.returncode == 0, done.stderr
    files = [p.relative_to(out) for p in out.rglob("*") if p.is_file()]
    assert len(files) > 10
    stems = [part.split(".")[0] for f in files for part in f.parts]
    assert all(s.isascii() and len(s) <= 64 for s in stems), [s for s in stems if len(s) > 64 or not s.isascii()]
    assert not RESERVED & {s.lower() for s in stems}
    assert len({f.as_posix().casefold() for f in files}) == len(files)


def test_edited_extras_dependencies_are_never_replayed_from_the_caches(tmp_path: Path) -> None:
    """Configuration: "[the extras'] exports and the dependencies are part of the cache keys": an
    edit of ``[tool.generator.extras-dependencies]`` alone reaches the emitted pyproject.toml
    with the caches on.

    Break made: ``options.optional_dependencies`` left out of ``options_key``
    (generator/incremental/keys.py): the second run replays the first one's pyproject.toml.
    """
    repo = tmp_path / "repo"
    repo.mkdir()
    _spec(repo, name="openapi.yaml")
    for requirement in ("pyjwt>=2", "pyjwt>=2.8"):
        (repo / "pyproject.toml").write_text(
            '[tool.generator]\nspec = "openapi.yaml"\noutput = "out"\n'
            f'[tool.generator.extras-dependencies]\njwt = ["{requirement}"]\n'
        )
        done = run_generator(cwd=repo)  # the session's caches, as every run here
        assert done.returncode == 0, done.stderr
        assert f'"jwt" = ["{requirement}"]' in (repo / "out" / "pyproject.toml").read_text()


def test_a_run_shows_the_first_three_warnings_of_each_kind_and_a_count() -> None:
    """ "--warnings, -W: list every warning (by default, the first 3 of each kind are shown, then
    a count by kind)".

    Break made: ``SHOWN_PER_KIND = 5`` in generator/report.py: all five of one kind are shown.
    """
    from generator.report import summary

    warnings = [f"api.yaml:{n}:1 (/x/{n}): warning: bad [bad-default]" for n in range(1, 6)]
    warnings.insert(2, "api.yaml:9:1 (/y): warning: twice [duplicate-operation-id]")
    counts = "api.yaml: 6 warning(s): 5 bad-default, 1 duplicate-operation-id"
    # In document order: two bad-default, the other kind, the third bad-default; then the count.
    assert summary("api.yaml", warnings, every=False) == [
        *warnings[:4],
        f"{counts}; 4 shown, --warnings lists them all",
    ]
    assert summary("api.yaml", warnings, every=True) == [*warnings, counts]
