"""Cache keys: everything an entry depends on, hashed.

A key names the generator's own code and templates, the releases of the
libraries it uses, the options, and the input of the step it caches; an entry
is then never stale, since a different input is a different name.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from generator.incremental.cache import tree_digest
from generator.installed import installed
from generator.templates_path import templates_dir

if TYPE_CHECKING:
    from generator.options import Options

_GENERATOR = Path(__file__).resolve().parent.parent


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """Everything about this generator that decides its output."""
    digest = hashlib.sha256(sys.version.encode())
    for module in ("black", "jinja2", "openapi_spec_validator", "yaml"):
        digest.update(installed(module).encode())
    for root in (_GENERATOR, templates_dir()):
        digest.update(tree_digest(root).encode())
    return digest.hexdigest()


def options_key(options: Options, source: str) -> str:
    """The options, and the source file's name (it appears in the output), as text for cache keys."""
    templates = tree_digest(options.templates) if options.templates is not None else ""
    # A file name that is not UTF-8 holds surrogate escapes (PEP 383); they name its bytes.
    source = source.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return json.dumps(
        [
            source,
            options.package,
            sorted(options.operations),
            templates,
            sorted(options.method_names),
            names_digest(options.names),
            options.exports,
            options.optional_dependencies,
            options.env_prefix,
            options.request_id_header,
            options.version,
        ],
        ensure_ascii=False,
    )


def names_digest(path: Path | None) -> str:
    """The names table's content hash ("" for none). A file that cannot be read gets a key of its own:
    the run reads it and says why (the key of a run that fails is never stored)."""
    if path is None:
        return ""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"


def run_key(options: Options, source: str, raw: bytes) -> str:
    """The whole output's key: the generator, the options and the document's bytes."""
    return hashlib.sha256(f"{fingerprint()}\0{options_key(options, source)}\0".encode() + raw).hexdigest()


def validation_key(shape: str) -> str:
    """The key of the findings on every document of the shape ``shape`` (``prose.shape_key``)."""
    return hashlib.sha256(f"{fingerprint()}\0{shape}".encode()).hexdigest()


def last_key(spec: Path) -> str:
    """The key under which a run on the document at ``spec`` leaves its shape's ``validation_key``."""
    return hashlib.sha256(f"{fingerprint()}\0{os.path.abspath(spec)}".encode("utf-8", "surrogatepass")).hexdigest()


def plan_key(options: Options, source: str, shape: str) -> str:
    """The key of the plan of every document of the shape ``shape``, with these options."""
    return hashlib.sha256(f"{fingerprint()}\0{options_key(options, source)}\0{shape}".encode()).hexdigest()


def _spelling() -> bytes:
    """The code that decides what a part's text is, besides the templates: a change to it is a miss."""
    from generator import escape, ir, layout, render, types
    from generator.incremental import prose

    return b"\0".join(Path(m.__file__ or "").read_bytes() for m in (ir, types, escape, prose, render, layout))


@functools.lru_cache(maxsize=4)
def part_salt(templates: Path | None) -> bytes:
    """What every part's key starts with: the templates (ours, and the overrides) and the code."""
    import jinja2

    overrides = tree_digest(templates) if templates is not None else ""
    return f"jinja2 {jinja2.__version__} {tree_digest(templates_dir())} {overrides}\0".encode() + _spelling()


def part_key(salt: bytes, template: str, encoded: str) -> str:
    """The key of a part as parsed from the document's shape (its texts not yet in it), from
    its context as ``codec.encode`` writes it."""
    return hashlib.sha256(salt + template.encode() + b"\0" + encoded.encode("utf-8", "surrogatepass")).hexdigest()


def with_texts(shape_key: str, texts: bytes) -> str:
    """The key of a part's final text: its shape's key and the texts it shows."""
    return hashlib.sha256(shape_key.encode() + b"\0" + texts).hexdigest()


def bytecode_dir(root: Path) -> Path:
    """Where compiled templates are kept: apart for each version of the filters
    (Jinja folds some calls into the compiled code)."""
    from generator import render

    return root / "jinja" / hashlib.sha256(Path(render.__file__).read_bytes()).hexdigest()[:16]
