"""The complete public Box description (spec/box.yaml): generated whole, without warnings,
importable, typed. The package examined is the committed generated/box_client, which the
golden test holds equal to what spec/box.yaml generates (tests/golden/test_golden.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import GENERATED, SPEC, run_generator

PACKAGE = GENERATED / "box_client"


def test_every_operation_and_schema_is_emitted_without_warnings(tmp_path: Path) -> None:
    result = run_generator(SPEC, "--output", tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "no warnings on the Box document"
    assert re.match(r"box_client: 296 operations, 305 models \(\d+ classes with inline ones\), ", result.stdout)
    models = PACKAGE / "models"
    assert len(list(models.glob("*.py"))) > 305


def test_class_names_are_unique_and_pascal_cased() -> None:
    names = re.findall(r"^class (\w+)\(", "\n".join(
        p.read_text() for p in (PACKAGE / "models").glob("*.py")
    ), flags=re.MULTILINE)
    assert len(names) == len(set(names))
    assert "FileFull" in names and "File" in names and "FileBase" in names
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", n) for n in names), [n for n in names if "_" in n]


def test_file_full_carries_every_field_of_its_allof_chain() -> None:
    code = (
        "import dataclasses, box_client.models as m; "
        "full = {f.name for f in dataclasses.fields(m.FileFull)}; "
        "base = {f.name for f in dataclasses.fields(m.FileBase)}; "
        "file = {f.name for f in dataclasses.fields(m.File)}; "
        "print(base <= file <= full, len(full))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ok, count = result.stdout.split()
    assert ok == "True" and int(count) > 40


def test_every_module_imports() -> None:
    code = (
        "import importlib, pkgutil, box_client, box_client.models, box_client.resources\n"
        "count = 0\n"
        "for package in (box_client, box_client.models, box_client.resources):\n"
        "    for info in pkgutil.iter_modules(package.__path__):\n"
        "        importlib.import_module(f'{package.__name__}.{info.name}'); count += 1\n"
        "for name in box_client.models.__all__: getattr(box_client.models, name)\n"
        "print(count)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    modules = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py"]
    # every module file, plus the models and resources packages themselves
    assert int(result.stdout) == len(modules) + 2


def test_async_client_has_the_same_resources_and_methods() -> None:
    code = (
        "import inspect, box_client\n"
        "sync, asyn = box_client.Client(token='t'), box_client.AsyncClient(token='t')\n"
        "groups = [n for n, v in vars(type(sync)).items() if hasattr(v, 'func')]\n"
        "assert groups and groups == [n for n, v in vars(type(asyn)).items() if hasattr(v, 'func')]\n"
        "count = 0\n"
        "for g in groups:\n"
        "    s, a = getattr(sync, g), getattr(asyn, g)\n"
        "    accessors = {'with_raw_response', 'with_streaming_response'}\n"
        "    names = [m for m in dir(s) if not m.startswith('_') and m not in accessors]\n"
        "    assert names == [m for m in dir(a) if not m.startswith('_') and m not in accessors], g\n"
        "    for accessor in accessors:\n"
        "        wrapped = sorted(vars(getattr(s, accessor)))\n"
        "        assert wrapped == sorted(vars(getattr(a, accessor))) and set(wrapped) <= set(names), g\n"
        "    for m in names:\n"
        "        assert inspect.signature(getattr(s, m)) .parameters.keys() == inspect.signature(getattr(a, m)).parameters.keys()\n"
        "        assert inspect.iscoroutinefunction(getattr(a, m)) == (not m.startswith('iter_')), m\n"
        "        count += 1\n"
        "print(len(groups), count)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    groups, methods = map(int, result.stdout.split())
    assert groups > 60 and methods >= 296


# black --check over every file of generated/box_client: tests/unit/test_format.py (file by file).
