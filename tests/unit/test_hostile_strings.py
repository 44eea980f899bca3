"""Property: whatever strings a spec holds, the emitted code is the same code.

Hypothesis builds one spec shape whose every string (descriptions, summaries,
titles, property, parameter and tag names, enum values, defaults, examples,
operationIds, paths, server URLs, the method-name extension) is drawn from
hostile text and from names the machinery uses (client members, typing names,
module names, helper prefixes): triple quotes, backslashes, line breaks of every kind, NUL, Jinja
delimiters, braces, '#', keywords and builtins, names that collide once
sanitised, leading digits, non-ASCII, empty and very long strings.

For each example, generation either succeeds or stops with a one-line error;
on success every emitted file parses, the package imports without printing or
writing anything, its AST has the same shape as the output for the same spec
with plain strings (only constants and identifiers differ), and it passes
mypy --strict (through mypy's daemon, which re-checks only what changed). The
CI profile (CI=true) draws 600 examples; locally 100 (HYPOTHESIS_PROFILE=ci
for more). A second property checks that the output of the format stage (which
runs black only on files with a long code line) is exactly what black makes of
it.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import importlib
import io
import itertools
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import deep_run, part_selected
from generator import runtime
from generator.errors import SpecError
from black_verdict import in_blacks_style
from generator.format import format_files
from generator.incremental import prose
from generator.load import Document
from generator.naming import Scope, snake
from generator.parse.context import CLIENT_RESERVED, MODEL_RESERVED
from generator.pipeline import Options, build_model
from generator.render import environment, parts, render, render_part
from generator.validate import check_readable, validate
from mypy_daemon import BackgroundMypy, MypyDaemon

PIECES = [
    '"""', "'''", '"', "'", "\\", "\\n", "\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x00", "\x0b",
    "{{", "}}", "{%", "%}", "{#", "#}", "{", "}", "#", "class", "import", "def", "None", "True", "list", "int",
    "dict", "object",
    "type", "self", "__import__('os').system('echo pwned')", "1", "9abc", "é", "名前", "😀", " ", "-", ".",
    "$", "@", "/", "..", "x" * 300, "Model", "Resource", "extra_fields", "to_dict", "CON",
]
# Names the machinery uses: the client's members (read from the runtime), typing's and the
# runtime's names that emitted modules import, standard library and dependency modules,
# the helpers' prefixes and the models' own members.
COLLIDING = sorted(
    {n for n in CLIENT_RESERVED if not n.startswith("__")}
    | {"stream", "request_with_headers", "request_page", "max_retries", "retry_policy", "close"}
    | {"Annotated", "Discriminator", "Tuple", "TypeAlias", "Literal", "Any", "Union", "Optional", "NamedTuple"}
    | {"WithHeaders", "TokenSource", "cast", "TYPE_CHECKING", "NoneType", "builtins", "tuple", "Tuple_"}
    | {"json", "typing", "os", "sys", "httpx", "httpcore", "dataclasses", "enum", "datetime", "_dt"}
    | {"iter_", "iter_marker", "_builtins", "_cast", "_Type", "_Form", "_styled", "_encode", "_query"}
    | {"walk", "awalk", "max_pages", "MAX_PAGES", "from_dict", "to_dict", "extra_fields", "wire"}
)
hostile = st.one_of(
    st.sampled_from(COLLIDING),
    st.sampled_from(PIECES),
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
    st.text(max_size=30),
)
# Names the specification itself restricts (component keys: [A-Za-z0-9._-]).
component_name = st.one_of(
    st.sampled_from(["class", "None", "1abc", "..", "-", "_", "Model", "Resource", "CON", "Unset", "a.b", "A-B"]),
    st.sampled_from(COLLIDING),
    st.text(alphabet="abcXYZ019._-", min_size=1, max_size=12),
)
# Header names HTTP can carry, other than the ones the client sets itself.
header_name = st.text(alphabet="abcxyzABC-_019", min_size=1, max_size=12).filter(
    lambda h: h.lower() not in ("authorization", "content-type", "accept")
)
no_braces = hostile.map(lambda s: s.replace("{", "(").replace("}", ")"))

COUNTER = itertools.count()
RUNTIME_MODULES = set(runtime.sources())  # copied as they are: checked once, in test_format


def spec_from(s: dict[str, Any]) -> dict[str, Any]:
    """The one spec shape, filled with the strings in ``s``."""
    ref = "#/components/schemas/" + s["schema"].replace("~", "~0").replace("/", "~1")
    ok = {"description": s["response"], "content": {"application/json": {"schema": {"$ref": ref}}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": s["title"], "version": "1.0", "description": s["description"]},
        # Braces would make a server variable nobody declares: the URL is then left out (a
        # warning, test_lenient), a change of shape rather than of a constant.
        "servers": [{"url": "https://example.com/" + s["url"].replace("{", "(").replace("}", ")")}],
        "tags": [{"name": s["tag"], "description": s["tag_description"]}],
        "paths": {
            "/items/{item_id}/" + s["path"]: {
                "get": {
                    "operationId": s["operation_id"],
                    "x-python-method-name": s["method_name"],
                    "tags": [s["tag"]],
                    "summary": s["summary"],
                    "description": s["description"],
                    "parameters": [
                        {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"},
                         "description": s["param_description"]},
                        {"name": s["query"], "in": "query",
                         "schema": {"type": "string", "enum": s["enum"][:2], "default": s["enum"][0],
                                    "example": s["enum"][1]}},
                        {"name": s["header"], "in": "header", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": ok},
                },
                "post": {
                    "operationId": s["operation_id"] + "_post",
                    "tags": [s["tag"]],
                    "summary": s["summary"],
                    "parameters": [{"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {"$ref": ref}}}},
                    "responses": {"201": ok, "default": {"description": s["response"]}},
                },
            }
        },
        "components": {
            "schemas": {
                s["schema"]: {
                    "title": s["title"],
                    "description": s["description"],
                    "type": "object",
                    "required": [s["properties"][0]],
                    "properties": {
                        s["properties"][0]: {"type": "string", "description": s["field_description"],
                                             "example": s["example"]},
                        s["properties"][1]: {"type": "integer", "nullable": True, "default": 3},
                        s["properties"][2]: {"type": "string", "enum": s["enum"][2:], "description": s["summary"]},
                    },
                }
            }
        },
    }


def strings() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "title": hostile, "description": hostile, "url": hostile, "tag": hostile, "tag_description": hostile,
            "path": no_braces, "operation_id": hostile, "method_name": hostile, "summary": hostile,
            "param_description": hostile, "query": hostile.filter(lambda q: q != "item_id"), "header": header_name,
            "enum": st.lists(hostile, min_size=4, max_size=4, unique=True), "response": hostile,
            "schema": component_name, "properties": st.lists(hostile, min_size=3, max_size=3, unique=True),
            "field_description": hostile, "example": hostile,
        }
    )


def plain(s: dict[str, Any]) -> dict[str, Any]:
    """The same strings made dull, keeping what changes the code's shape: emptiness."""
    def dull(value: str, word: str) -> str:
        return "" if not value.strip() else word

    out: dict[str, Any] = {}
    for key, value in s.items():
        if key == "properties":
            # A property whose Python name is not its wire name is declared with the
            # wire name (dataclasses.field(metadata=...)): keep that as it was.
            scope = Scope(MODEL_RESERVED)
            names = {v: scope.unique(snake(v)) for v in value if snake(v) == v}
            names.update({v: scope.unique(snake(v, "field")) for v in value if v not in names})
            out[key] = [f"p{i}" if names[v] == v else f"P{i}" for i, v in enumerate(value)]
        elif isinstance(value, list):
            out[key] = [f"{key}{i}" for i in range(len(value))]
        elif key in ("schema",):
            out[key] = "Thing"
        elif key == "header":
            out[key] = "X-Header"
        elif key == "query":
            out[key] = "query"
        else:
            out[key] = dull(value, key.replace("_", ""))
    return out


def generate(data: dict[str, Any], package: str, full_validation: bool = True) -> dict[str, str] | None:
    text = yaml.safe_dump(data, allow_unicode=True)
    doc = Document(path=Path("hostile.yaml"), text=text, data=data, is_yaml=True)
    try:
        # The plain twin of a valid spec differs only in dull strings: the quick
        # checks are enough for it, and they halve the property's cost.
        validate(doc) if full_validation else check_readable(doc)
        api = build_model(doc, Options(package=package))[0]
    except SpecError as exc:
        assert "\n" not in exc.one_line() and exc.one_line().startswith("hostile.yaml")
        return None
    # Not through black here: black keeps the AST as it is (it checks that it does),
    # and the formatted output is tested everywhere else.
    return render(api, source="hostile.yaml")


class _Shape(ast.NodeTransformer):
    """Blank out what may differ: constants and identifiers.

    A builtin a method or argument is named after is spelled ``_builtins.list``
    in its module (imported for it): that is an identifier differing too.
    """

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        return ast.Constant(value="_")

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        if isinstance(node.value, ast.Name) and node.value.id == "_builtins":
            return ast.Name(id="_", ctx=node.ctx)
        return self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> ast.AST | None:
        if [(a.name, a.asname) for a in node.names] == [("builtins", "_builtins")]:
            return None
        return self.generic_visit(node)

    def generic_visit(self, node: ast.AST) -> ast.AST:
        for field in ("id", "arg", "name", "attr", "asname", "module"):
            if isinstance(getattr(node, field, None), str):
                setattr(node, field, "_")
        return super().generic_visit(node)


def _sort_imports(tree: ast.AST) -> ast.AST:
    """Imports are sorted by module name, a name from the spec: compare them as a set."""
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        ordered: list[ast.stmt] = []
        run: list[ast.stmt] = []
        for statement in [*body, None]:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                run.append(statement)
                continue
            ordered.extend(sorted(run, key=ast.dump))
            run = []
            if statement is not None:
                ordered.append(statement)
        node.body = ordered  # type: ignore[attr-defined]
    return tree


@functools.lru_cache(maxsize=2048)
def _file_shape(text: str) -> str:
    # Cached by text: the runtime modules are the same in every example.
    return ast.dump(_sort_imports(_Shape().visit(ast.parse(text))))


def shape(files: dict[str, str]) -> list[tuple[str, str]]:
    """Every Python file as (its folder, its AST shape), in an order names cannot change."""
    return sorted(
        (path.split("/", 1)[1].rsplit("/", 1)[0] if path.count("/") > 1 else "", _file_shape(text))
        for path, text in files.items()
        if path.endswith(".py")
    )


def import_all(files: dict[str, str], root: Path, package: str) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    before = sorted(p.name for p in root.iterdir())
    out, err = io.StringIO(), io.StringIO()
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            for rel in sorted(files):
                if rel.endswith(".py"):
                    module = rel[: -len(".py")].replace("/", ".").removesuffix(".__init__")
                    importlib.import_module(module)
            models = importlib.import_module(f"{package}.models")
            for name in models.__all__:
                getattr(models, name)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
    assert out.getvalue() == "" and err.getvalue() == "", "importing printed something"
    assert sorted(p.name for p in root.iterdir()) == before, "importing wrote files"


@pytest.fixture(scope="module")
def mypy_daemon(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MypyDaemon]:
    daemon = MypyDaemon(tmp_path_factory.mktemp("hostile_mypy"), "hostile")
    yield daemon
    daemon.close()


@pytest.fixture(scope="module")
def background_mypy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BackgroundMypy]:
    checker = BackgroundMypy(tmp_path_factory.mktemp("hostile_mypy_bg"), "hostile")
    yield checker
    checker.close()


@pytest.mark.slow  # mypy over every example
@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], deadline=None)
@given(s=strings())
def test_hostile_strings_change_only_constants_and_identifiers(
    s: dict[str, Any], tmp_path_factory: Any, background_mypy: BackgroundMypy
) -> None:
    # One package name for every example (each imported from its own folder and
    # then forgotten), so that the runtime modules, the same in every example,
    # are compared once.
    package = "hostile"
    files = generate(spec_from(s), package)
    if files is None:
        return  # refused with a one-line error: allowed
    reference = generate(spec_from(plain(s)), package, full_validation=False)
    assert reference is not None, "the plain twin of a valid spec must generate"
    assert shape(files) == shape(reference)
    root = tmp_path_factory.mktemp(f"hostile_{next(COUNTER)}")
    import_all(files, root, package)
    # Type-checked on another core while the next example is generated; the
    # verdicts are gathered by the next test.
    background_mypy.submit(repr(s), files)


@pytest.mark.slow
def test_every_hostile_package_passes_mypy_strict(
    background_mypy: BackgroundMypy, request: pytest.FixtureRequest
) -> None:
    if background_mypy.submitted == 0:
        if part_selected(request.config) or request.session.testsfailed:
            pytest.skip("the property test above did not run (deselected)")
        pytest.fail("the property test above ran in another worker: pytest-xdist did not keep this file's slow tests together")
    failures = background_mypy.failures()
    assert not failures, "\n\n".join(f"strings: {label}\n{report}" for label, report in failures)


# black over every example would double the property's cost, so black style has
# its own property, with fewer examples (50; the deep profile: 150).
@pytest.mark.slow  # black over every example: seconds each
@settings(
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    max_examples=150 if deep_run() else 50,
)
@given(s=strings())
def test_hostile_strings_leave_the_output_in_blacks_style(s: dict[str, Any]) -> None:
    files = generate(spec_from(s), "hostile")
    if files is None:
        return
    # Whether the format stage ran black on a file or trusted the templates' layout,
    # black must have nothing to change (the runtime modules, the same every
    # time, are checked in test_format).
    for rel, text in format_files(files).items():
        if rel.endswith(".py") and rel.rsplit("/", 1)[-1] not in RUNTIME_MODULES:
            assert in_blacks_style(text), f"{rel} is not in black's style:\n{text}"


@pytest.mark.slow
def test_the_daemon_reports_what_a_plain_mypy_run_reports(mypy_daemon: MypyDaemon) -> None:
    # The property above trusts the daemon's incremental answers: show that it
    # sees an error introduced into one file, and its removal.
    s = dict.fromkeys(
        ["title", "description", "url", "tag", "tag_description", "path", "operation_id", "method_name", "summary",
         "param_description", "response", "field_description", "example"], "x")
    s.update(query="q", header="X-H", enum=["a", "b", "c", "d"], schema="Thing", properties=["p", "q", "r"])
    files = generate(spec_from(s), "hostile")
    assert files is not None
    assert mypy_daemon.check(files)[0] == 0
    broken = dict(files)
    model = next(rel for rel in files if rel.startswith("hostile/models/") and not rel.endswith("__init__.py"))
    broken[model] += "\nwrong: int = 'text'\n"
    status, report = mypy_daemon.check(broken)
    assert status == 1 and f"{model}:" in report and "[assignment]" in report
    assert mypy_daemon.check(files)[0] == 0


# ---------------------------------------------------- pinned regressions
# The kinds of holes found in a peer (openapi-python-client): code injected
# through a description or a name (CVE-2020-15142), files written outside the
# output through a tag name (CVE-2020-15141), and injection through enum values
# and defaults (fixed there in 0.29.1).

MARKER = Path("/tmp/openapi-box-generator-pwned")
INJECTIONS = [
    f'"""\nopen({str(MARKER)!r}, "w")\n"""',
    f"\\\"\"\"; open({str(MARKER)!r}, 'w'); \"\"\"",
    f"x'); open({str(MARKER)!r}, 'w'); ('",
    f"{{{{ open({str(MARKER)!r}, 'w') }}}}",
    f"\u2028open({str(MARKER)!r}, 'w')",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_pinned_injection_payloads_stay_data(payload: str, tmp_path: Path) -> None:
    MARKER.unlink(missing_ok=True)
    s = {
        # A URL with braces is a server variable nobody declares, left out (never emitted) with a warning.
        "title": payload, "description": payload, "url": payload.replace("{", "(").replace("}", ")"),
        "tag": payload, "tag_description": payload,
        "path": payload.replace("{", "(").replace("}", ")"), "operation_id": payload, "method_name": payload,
        "summary": payload, "param_description": payload, "query": payload, "header": "X-Thing",
        "enum": [payload, payload + "1", payload + "2", payload + "3"], "response": payload, "schema": "Thing",
        "properties": [payload, payload + "_", payload + "__"], "field_description": payload, "example": payload,
    }
    files = generate(spec_from(s), "pinned")
    assert files is not None
    assert shape(files) == shape(generate(spec_from(plain(s)), "pinned") or {})
    import_all(files, tmp_path, "pinned")
    assert not MARKER.exists(), "a string from the spec ran as code"


def test_pinned_tag_path_traversal_stays_inside() -> None:
    s = dict.fromkeys(
        ["title", "description", "url", "tag_description", "path", "operation_id", "method_name", "summary",
         "param_description", "response", "field_description", "example"], "x")
    s.update(tag="../../../../tmp/evil", query="q", header="X-H", enum=["a", "b", "c", "d"], schema="Thing",
             properties=["p", "q", "r"])
    files = generate(spec_from(s), "pinned_paths")
    assert files is not None
    assert all(".." not in rel and not rel.startswith("/") for rel in files)


@pytest.mark.slow  # seconds each: the full suite runs it, the inner loop does not
@settings(
    suppress_health_check=[HealthCheck.too_slow],
    deadline=None,
    max_examples=300 if deep_run() else min(60, settings().max_examples),
)
@given(s=strings())
def test_hostile_prose_lifted_out_and_put_back_renders_the_same(s: dict[str, Any]) -> None:
    """Parsing the document's shape (prose as tokens, see generator.incremental.prose) changes no byte of the output."""
    data = spec_from(s)
    text = yaml.safe_dump(data, allow_unicode=True)
    if not prose.liftable(text):
        return
    files = generate(data, "hostile", full_validation=False)
    if files is None:
        return
    shape, texts = prose.lift(data)
    doc = Document(path=Path("hostile.yaml"), text=text, data=shape, is_yaml=True)
    env = environment(None, text=functools.partial(prose.restore, table=texts))
    api = build_model(doc, Options(package="hostile"))[0]
    lifted = {part.path: render_part(env, part) for part in parts(api, source="hostile.yaml")}
    assert lifted == files


names_only = st.sampled_from(COLLIDING)
client_members = st.sampled_from(
    sorted({n for n in CLIENT_RESERVED if not n.startswith("_")} | {"stream", "request_with_headers", "max_retries"})
)
typing_names = st.sampled_from([n for n in COLLIDING if n[:1].isupper()])


def colliding_names() -> st.SearchStrategy[dict[str, Any]]:
    """The one spec shape with every name (tag, operation, parameter, schema, property) a machinery name."""
    return strings().flatmap(
        lambda s: st.fixed_dictionaries(
            {
                **{k: st.just(v) for k, v in s.items()},
                "tag": client_members, "operation_id": names_only, "method_name": names_only,
                "query": names_only.filter(lambda q: q != "item_id"), "schema": typing_names,
                "properties": st.lists(names_only, min_size=3, max_size=3, unique=True),
            }
        )
    )


@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    deadline=None,
    max_examples=min(10, settings().max_examples) if settings().max_examples < 100 else settings().max_examples // 4,
)
@given(s=colliding_names())
def test_machinery_names_leave_resources_reachable_and_models_decoding(s: dict[str, Any], tmp_path_factory: Any) -> None:
    package = "colliding"
    data = spec_from(s)
    files = generate(data, package, full_validation=False)
    if files is None:
        return
    root = tmp_path_factory.mktemp(f"colliding_{next(COUNTER)}")
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    sys.path.insert(0, str(root))
    importlib.invalidate_caches()
    try:
        pkg = importlib.import_module(package)
        base = importlib.import_module(f"{package}._base_client")
        client = pkg.Client(base_url="http://api.test", max_retries=1)
        groups = [n for n, v in vars(pkg.Client).items() if isinstance(v, functools.cached_property)]
        assert groups and all(isinstance(getattr(client, n), base.Resource) for n in groups)
        assert client.max_retries == 1 and callable(client.stream) and callable(client.request_with_headers)
        models = importlib.import_module(f"{package}.models")
        model = next(getattr(models, n) for n in models.__all__ if hasattr(getattr(models, n), "from_dict"))
        wire = {s["properties"][0]: "x", s["properties"][1]: 3}
        assert model.from_dict(wire).to_dict() == wire
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
