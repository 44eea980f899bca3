"""OpenAPI 3.0/3.1 → typed Python client generator.

The pipeline, one module per stage: load → bundle → validate → parse (into the
intermediate model of ``ir``) → views → select (with ``--operation``) → render →
format → write; ``pipeline`` runs them in that order (validate beside parse and
the rest, in a forked process), ``cli`` drives it. Used by stages, not stages
themselves: ``resolve`` (``$ref`` and JSON pointers), ``naming`` (every
identifier, made as parse and views meet what needs one), ``reach``, ``types``.
"""

__version__ = "0.1.0"
