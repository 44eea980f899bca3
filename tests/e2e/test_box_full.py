"""The complete public Box description: generated whole, without warnings, importable, typed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from test_typecheck import mypy

Generated = tuple[Path, subprocess.CompletedProcess[str]]


def test_every_operation_and_schema_is_emitted_without_warnings(box_full_generated: Generated) -> None:
    out, result = box_full_generated
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", "no warnings on the Box document"
    assert re.match(r"box_full: 296 operations, 305 models \(\d+ classes with inline ones\), ", result.stdout)
    models = out / "box_full" / "models"
    assert len(list(models.glob("*.py"))) > 305


def test_class_names_are_unique_and_pascal_cased(box_full_generated: Generated) -> None:
    out, _ = box_full_generated
    names = re.findall(r"^class (\w+)\(", "\n".join(
        p.read_text() for p in (out / "box_full" / "models").glob("*.py")
    ), flags=re.MULTILINE)
    assert len(names) == len(set(names))
    assert "FileFull" in names and "File" in names and "FileBase" in names
    assert all(re.fullmatch(r"[A-Z][A-Za-z0-9]*", n) for n in names), [n for n in names if "_" in n]


def test_file_full_carries_every_field_of_its_allof_chain(box_full_generated: Generated) -> None:
    out, _ = box_full_generated
    code = (
        "import dataclasses, box_full.models as m; "
        "full = {f.name for f in dataclasses.fields(m.FileFull)}; "
        "base = {f.name for f in dataclasses.fields(m.FileBase)}; "
        "file = {f.name for f in dataclasses.fields(m.File)}; "
        "print(base <= file <= full, len(full))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    ok, count = result.stdout.split()
    assert ok == "True" and int(count) > 40


def test_every_module_imports(box_full_generated: Generated) -> None:
    out, _ = box_full_generated
    code = (
        "import importlib, pkgutil, box_full, box_full.models, box_full.resources\n"
        "count = 0\n"
        "for package in (box_full, box_full.models, box_full.resources):\n"
        "    for info in pkgutil.iter_modules(package.__path__):\n"
        "        importlib.import_module(f'{package.__name__}.{info.name}'); count += 1\n"
        "for name in box_full.models.__all__: getattr(box_full.models, name)\n"
        "print(count)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    modules = [p for p in (out / "box_full").rglob("*.py") if p.name != "__init__.py"]
    # every module file, plus the models and resources packages themselves
    assert int(result.stdout) == len(modules) + 2


def test_mypy_strict_reports_zero_errors(box_full_generated: Generated) -> None:
    out, _ = box_full_generated
    result = mypy(Path("box_full"), cwd=out)
    assert result.returncode == 0, result.stdout[-3000:]
    checked = re.search(r"Success: no issues found in (\d+) source files", result.stdout)
    assert checked and int(checked.group(1)) == len(list((out / "box_full").rglob("*.py")))


def test_async_client_has_the_same_resources_and_methods(box_full_generated: Generated) -> None:
    out, _ = box_full_generated
    code = (
        "import inspect, box_full\n"
        "sync, asyn = box_full.Client(token='t'), box_full.AsyncClient(token='t')\n"
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
    result = subprocess.run([sys.executable, "-c", code], cwd=out, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    groups, methods = map(int, result.stdout.split())
    assert groups > 60 and methods >= 296


def test_every_emitted_file_passes_black_check(box_full_generated: Generated) -> None:
    # The format stage ran black on few of these files and trusted the templates'
    # layout for the rest: black itself is the judge, over the whole package.
    out, _ = box_full_generated
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "--target-version", "py310", "--workers", "2", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
