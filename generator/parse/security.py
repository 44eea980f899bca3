"""Security schemes → how the client proves who it is; ``security`` lists → requirements."""

from __future__ import annotations

from typing import Any

from generator import ir
from generator.naming import Identifier, Scope, snake
from generator.parse.context import CLIENT_RESERVED, Context, as_map, text_of
from generator.resolve import pointer


def security(ctx: Context) -> tuple[tuple[ir.SecurityScheme, ...], ir.Security]:
    """The schemes a client can use, and the document's default requirement.

    A document that declares no scheme gets one: ``token`` sent as a bearer
    token when it is given, which is what its servers most likely expect.
    """
    declared = as_map(as_map(ctx.doc.data.get("components")).get("securitySchemes"))
    arguments = Scope(CLIENT_RESERVED | {"username", "password", "max_retries", "retry_policy", "servers", "sleep"})
    api_keys = [k for k, v in declared.items() if as_map(ctx.deref(v, "")).get("type") == "apiKey"]
    schemes: list[ir.SecurityScheme] = []
    for key, raw in declared.items():
        where = pointer("components", "securitySchemes", key)
        scheme = as_map(ctx.deref(raw, where))
        kind, location, wire = "bearer", "header", "Authorization"
        type_ = scheme.get("type")
        if type_ == "apiKey":
            kind, location, wire = "api_key", str(scheme.get("in")), str(scheme.get("name"))
            argument = arguments.unique(Identifier("api_key") if len(api_keys) == 1 else snake(key, "api_key"))
        elif type_ == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            kind, argument = "basic", Identifier("username")
        elif (type_ == "http" and str(scheme.get("scheme", "")).lower() == "bearer") or type_ in (
            "oauth2", "openIdConnect"
        ):
            argument = Identifier("token")
        elif type_ == "mutualTLS":
            ctx.notes.add(where, "mutual TLS is set up on the http_client (its cert=), not by the generator")
            continue
        else:
            ctx.warnings.add(where, f"security scheme {type_!r} {scheme.get('scheme', '')!r} is not supported")
            continue
        schemes.append(ir.SecurityScheme(key, kind, location, wire, argument, text_of(scheme.get("description"))))
    if not declared:
        schemes.append(ir.SecurityScheme("", "bearer", "header", "Authorization", Identifier("token")))
        return tuple(schemes), (("",),)
    known = {s.key for s in schemes}
    return tuple(schemes), requirement(ctx, ctx.doc.data.get("security"), "/security", known) or ()


def requirement(ctx: Context, raw: Any, where: str, known: set[str]) -> ir.Security | None:
    """A ``security`` list as alternatives of scheme names (None where there is none)."""
    if not isinstance(raw, list):
        return None
    alternatives: list[tuple[str, ...]] = []
    for index, entry in enumerate(raw):
        names = tuple(str(name) for name in as_map(entry))
        unknown = [name for name in names if name not in known]
        if unknown:
            ctx.warnings.add(f"{where}/{index}", f"security scheme {unknown[0]!r} is not usable; left out")
            continue
        alternatives.append(names)
    return tuple(alternatives)


def token_url(ctx: Context) -> str | None:
    """The OAuth 2.0 token endpoint: client credentials flow first, any flow after."""
    schemes = as_map(as_map(ctx.doc.data.get("components")).get("securitySchemes"))
    urls: list[tuple[int, str]] = []
    for scheme in schemes.values():
        scheme = ctx.deref(scheme, "")
        flows = as_map(scheme.get("flows")) if isinstance(scheme, dict) else {}
        for flow_name, flow in flows.items():
            if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str):
                urls.append((0 if flow_name == "clientCredentials" else 1, flow["tokenUrl"]))
    return min(urls)[1] if urls else None

