"""Which modules bench/mutation.py mutates, and the tests that exercise each.

Left out of the runtime: ``_version`` and ``_settings``, which hold no logic (two
assignments; the stand-in settings are never copied into a package), and
``__init__``, the generator's list of the files to copy (a mutant there would be
the generator's, and every test would see it). The test files are the ones that
reach the module's code through a package generated in the test (``inline_client``,
``corpus``, ``golden_packages``), fastest first, so that ``-x`` stops early.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RUNTIME = ROOT / "generator" / "runtime"

MODULES: dict[str, Path] = {
    **{
        path.stem: path
        for path in sorted(_RUNTIME.glob("_*.py"))
        if path.stem not in ("__init__", "_version", "_settings")
    },
    "naming": ROOT / "generator" / "naming.py",
    "escape": ROOT / "generator" / "escape.py",
    "write": ROOT / "generator" / "write.py",
}


def _unit(*names: str) -> list[str]:
    return [f"tests/unit/test_{name}.py" for name in names]


_HTTP = ("runtime", "runtime_faults", "runtime_options", "runtime_rough_edges")
_DECODE = ("runtime", "emitted_models", "generated_codecs", "unions", "lenient_responses")

TESTS: dict[str, list[str]] = {
    "_async_body": _unit(*_HTTP),
    "_auth": _unit("runtime", "secrets_never_shown", "runtime_faults"),
    "_base_client": _unit(*_HTTP, "runtime_hostile_responses"),
    "_convert": _unit(*_DECODE),
    "_cycle": _unit(*_HTTP, "retry_after_cap", "secrets_never_shown"),
    "_decoding": _unit(*_DECODE, "runtime_hostile_responses"),
    "_environ": _unit("runtime_options", "secrets_never_shown", "runtime"),
    "_errors": _unit(*_HTTP, "runtime_hostile_responses", "secrets_never_shown"),
    "_lenient": _unit("lenient_responses", "unions", "generated_codecs", "runtime_hostile_responses"),
    "_options": _unit("runtime_options", "runtime_rough_edges", "runtime"),
    "_pagination": _unit("runtime", "pagination"),
    "_raw": _unit(*_HTTP, "runtime_hostile_responses"),
    "_request": _unit(*_HTTP, "runtime_hostile_responses", "secrets_never_shown"),
    "_request_id": _unit("runtime_options", "views_and_headers", "runtime"),
    "_response": _unit(*_HTTP, "runtime_hostile_responses"),
    "_retry": _unit("retry_after_cap", "runtime_faults", "runtime"),
    "_scalars": _unit("rfc3339", *_DECODE),
    "_serde": _unit(*_DECODE),
    "_unions": _unit("unions", "generated_codecs", "runtime", "emitted_models"),
    "_values": _unit(*_DECODE, "rfc3339"),
    "naming": _unit("naming", "render_filters", "prose"),
    "escape": _unit("render_filters", "prose"),
    "write": _unit("output_leftovers", "hostile"),
}

_RUNTIME_TESTS = (
    *_HTTP,
    *_DECODE[1:],
    "runtime_hostile_responses",
    "secrets_never_shown",
    "retry_after_cap",
    "views_and_headers",
    "rfc3339",
    "pagination",
    "hostile_server_creds",
    "params",
    "client_promises",
    "runtime_promises",
    "security",
    "runtime_modules",
    "box_extras",
)

# Slower tests that reach the module too, and the tests written for the targeted tests'
# survivors (tests/unit/test_*_edges.py): run only for those survivors.
WIDER: dict[str, list[str]] = {
    "naming": _unit("naming_edges", "naming_limits", "name_collisions", "types", "method_examples", "layout_black"),
    "escape": _unit("escape_edges", "layout_black", "types", "hostile_strings"),
    "write": _unit("write_edges", "cli", "api_changelog_cli", "hostile_documents"),
    **{
        name: _unit("runtime_edges", "decoding_edges", "request_edges")
        + [t for t in _unit(*_RUNTIME_TESTS) if t not in TESTS[name]]
        for name in MODULES
        if name.startswith("_")
    },
}

# The tests written for survivors, one file per area (--recheck runs them first).
EDGES = frozenset(
    _unit(
        "runtime_edges",
        "decoding_edges",
        "request_edges",
        "write_edges",
        "naming_edges",
        "naming_limits",
        "escape_edges",
    )
)
