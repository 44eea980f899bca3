"""The layout the templates emit for long statements is black's own (``generator.layout``).

A property draws type expressions (unions, subscripts, discriminated unions with
their tables, literals; nested), names and texts of random lengths, lays them out
with the helpers the templates use (fields, parameters, return annotations,
aliases, a call's argument, ``dataclasses.field``, ``__all__``, imports,
docstrings) and asks black (its defaults) whether it would change a thing.
Few examples in the fast tier; more under the dev and CI profiles.
"""

from __future__ import annotations

import keyword

import black
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import ir, layout, types
from generator.escape import pystr
from generator.naming import Identifier
from generator.render import docstring, environment

LOWER = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=6)


@st.composite
def identifiers(draw: st.DrawFn, pascal: bool = False) -> str:
    """A name of 1 to ~70 characters, in the case the emitted code gives it."""
    words = draw(st.lists(LOWER.map(lambda w: w.strip("_") or "x"), min_size=1, max_size=12))
    if pascal:
        return "".join(w.capitalize() for w in words)
    name = "_".join(words)
    return f"{name}_" if keyword.iskeyword(name) else name


def refs(depth: int) -> st.SearchStrategy[ir.TypeRef]:
    named = st.builds(
        lambda name: ir.TypeRef("model", name=Identifier(name), module=Identifier(name.lower())),
        identifiers(pascal=True),
    )
    scalar = st.sampled_from([ir.TypeRef(k) for k in ("str", "int", "float", "bool", "datetime", "any")])
    literal = st.builds(lambda v: ir.TypeRef("literal", value=v), st.text(max_size=40) | st.integers())
    leaf = named | scalar | literal
    if depth == 0:
        return leaf
    inner = refs(depth - 1)
    listed = st.builds(lambda item: ir.TypeRef("list", item=item), inner)
    mapped = st.builds(lambda item: ir.TypeRef("dict", item=item), inner)
    union = st.builds(
        lambda options: ir.TypeRef("union", options=tuple(options)), st.lists(inner, min_size=2, max_size=8)
    )
    tagged = st.lists(named, min_size=1, max_size=8, unique_by=lambda r: r.name).flatmap(
        lambda options: st.builds(
            lambda prop, keys: ir.TypeRef(
                "union", options=tuple(options), discriminator=prop, mapping=tuple(zip(keys, options))
            ),
            st.text(min_size=1, max_size=30),
            st.lists(st.text(max_size=40), min_size=len(options), max_size=len(options)),
        )
    )
    return leaf | listed | mapped | union | tagged


TYPES, INNER_TYPES = refs(2), refs(1)


def _module(draw: st.DrawFn) -> str:
    env = environment()
    macros = env.get_template("_macros.j2").module
    name, other = draw(identifiers()), draw(identifiers(pascal=True))
    t, u = draw(TYPES), draw(INNER_TYPES)
    nullable, default = draw(st.booleans()), draw(st.sampled_from(["required", "none", "unset"]))
    declared = types.declared(t, nullable, default)
    value = {"required": "", "none": "None", "unset": "UNSET"}[default]
    wire = pystr(draw(st.text(max_size=60)))
    field_default = {"required": "", "none": "default=None", "unset": "default=UNSET"}[default]
    description = docstring(draw(st.text(max_size=200)), 0, last=True)
    names = [draw(identifiers(pascal=True)) for _ in range(draw(st.integers(1, 8)))]
    lines = [
        f'"""{other}: {description}"""',
        "",
        str(macros.import_from(Identifier(draw(identifiers())), [Identifier(n) for n in names])),
        "",
        str(macros.all_list([Identifier(n) for n in names])),
        "",
        layout.statement(0, f"{other}: TypeAlias = ", types.annotation(u)),
        "",
        "if TYPE_CHECKING:",
        layout.statement(1, f"{other}: TypeAlias = ", types.annotation(t)),
        "",
        "",
        f"class {other}(Model):",
        layout.declaration(1, name, declared, value),
        layout.field_call(1, name, declared, field_default, wire),
        "",
        f"    def {name}(",
        "        self,",
        layout.declaration(2, name, declared, value, comma=True),
        layout.statement(1, ") -> ", types.optional(u, draw(st.booleans())), ":"),
        "        return self._client.request(",
        layout.argument(3, "cast_to=", types.cast_to(u, draw(st.booleans()))),
        "        )",
        "",
        "",
        f"def _{name}_request(",
        layout.declaration(1, name, declared, value, comma=True),
        layout.statement(0, ") -> ", layout.subscript("RequestOptions", types.annotation(t)), ":"),
        "    pass",
    ]
    return "\n".join(lines) + "\n"


MODULES = st.composite(_module)()


# A handful of examples in the fast tier (black takes milliseconds a module); the profile's under dev and CI.
@settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    deadline=None,
    max_examples=5 if settings().max_examples <= 20 else settings().max_examples,
)
@given(module=MODULES)
def test_long_statements_are_laid_out_as_black_lays_them_out(module: str) -> None:
    assert black.format_str(module, mode=black.Mode()) == module
