"""Promises of the README about the generator that had no test failing when they broke (issue 19, item 3).

``const`` values other than strings and integers are typed ``Any`` with a warning ("OpenAPI
support"); where the platform cannot fork, the document's checks run in line, without the time
limit ("In production", budgets); a flag set in ``[tool.generator]`` cannot be unset on the
command line ("Configuration"). In-process, on small documents.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import cli, config, pipeline
from generator.load import load
from generator.pipeline import Options, build_model


def _model_of(tmp_path: Path, properties: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The fields of ``Thing`` (wire name: type) and the warnings (where, what) of a 3.1 document."""
    data = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1"},
        "paths": {"/thing": {"get": {"operationId": "getThing", "responses": {"200": {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
        "components": {"schemas": {"Thing": {"type": "object", "properties": properties}}},
    }
    path = tmp_path / "api.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    api, warnings, _ = build_model(load(path), Options(package="api_client"))
    (thing,) = api.models
    return {f.wire: f.type for f in thing.fields}, [(w.where, w.what) for w in warnings]


def test_const_values_other_than_strings_integers_and_booleans_are_any_with_a_warning(tmp_path: Path) -> None:
    """ "``const``: ``Literal[...]`` for strings, integers and booleans; ``null`` is ``Any``; other
    values (numbers with a fraction, arrays, objects) are typed ``Any`` with a warning": each
    of those three typed ``Any`` and warned about at its ``const``; a string, an integer and a
    boolean are literals and ``null`` is ``Any``, unwarned. (The README said "strings and
    integers" until this test showed booleans are literals too.)

    Breaks made (generator/parse/schemas.py, ``type_of``): the ``ctx.warnings.add`` of an
    unchecked const removed (typed ``Any`` silently), and a float accepted as a literal
    (``float`` added to the types made literals): each fails here.
    """
    fields, warnings = _model_of(tmp_path, {
        "word": {"const": "fixed"}, "count": {"const": 3}, "flag": {"const": True}, "none": {"const": None},
        "ratio": {"const": 1.5}, "pair": {"const": [1, 2]}, "shape": {"const": {"a": 1}},
    })
    assert {wire: t.value for wire, t in fields.items() if t.kind == "literal"} == {
        "word": "fixed", "count": 3, "flag": True}
    assert {wire: t.kind for wire, t in fields.items() if wire in ("none", "ratio", "pair", "shape")} == {
        "none": "any", "ratio": "any", "pair": "any", "shape": "any"}
    where = "/components/schemas/Thing/properties/{}/const"
    assert warnings == [
        (where.format("ratio"), "const of type float is not checked"),
        (where.format("pair"), "const of type list is not checked"),
        (where.format("shape"), "const of type dict is not checked"),
    ]


def test_without_fork_the_checks_run_in_line_without_the_time_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """ "Where the platform cannot fork (Windows), the checks run in line, without that limit": with
    ``forks()`` false, the check runs in this process, before ``Background`` returns, and a check
    slower than the limit still gives its findings, not a ``validator-failed`` warning.

    Breaks made (generator/pipeline.py, ``Background.__init__``): the ``if not forks()`` branch
    removed (the check forked anyway), and the in-line check given the limit (its outcome
    replaced by the past-the-limit finding when it took longer than ``validation_seconds()``):
    each fails here.
    """
    monkeypatch.setattr(pipeline, "forks", lambda: False)
    monkeypatch.setenv(pipeline.LIMIT_VARIABLE, "0.01")
    ran: list[int] = []

    def slow_check(doc: Any) -> list[tuple[str, str, str]]:
        ran.append(os.getpid())
        time.sleep(0.05)  # five times the limit
        return [("/paths", "a finding", "invalid-document")]

    background = pipeline.Background(slow_check, None)
    assert ran == [os.getpid()], "run in line, before Background returns"
    assert background.join() == [("/paths", "a finding", "invalid-document")]


def _flags() -> list[config.Setting]:
    return [s for s in config.SETTINGS if s.kind == "bool" and s.key and s.flags]


def test_a_flag_set_in_the_table_cannot_be_unset_on_the_command_line(tmp_path: Path) -> None:
    """ "A flag set in the table cannot be unset on the command line": each flag of the table
    (``strict``, ``quiet``, ...) is only ever switched on by its option (no ``--no-...``), and set
    in the table it stays set whatever the command line says.

    Breaks made: the flags' options made ``argparse.BooleanOptionalAction`` (generator/cli.py,
    ``_add``: ``--no-strict`` exists), and ``merged`` taking the command line's ``False`` over the
    table's ``True`` (generator/config.py: ``given if given is not None else configured`` for
    flags too): each fails here.
    """
    assert [s.name for s in _flags()] == ["strict", "warnings", "no_cache", "quiet", "debug"]
    parser = cli.build_parser()
    for setting in _flags():
        actions = [a for a in parser._actions if a.dest == setting.name]
        assert [type(a) for a in actions] == [argparse._StoreTrueAction], setting.name
        assert all(not flag.startswith("--no-") or flag == "--no-cache" for a in actions for flag in a.option_strings)
    spec = str(tmp_path / "api.yaml")
    table = config.Config(values={s.name: True for s in _flags()})
    for argv in ([spec], [spec, "--strict", "-q"]):
        values = config.merged(vars(parser.parse_args(argv)), table)
        assert {s.name: values[s.name] for s in _flags()} == {s.name: True for s in _flags()}
    with pytest.raises(SystemExit):
        parser.parse_args([spec, "--no-strict"])
