"""OpenAPI 3.0/3.1 → typed Python client generator.

The pipeline, one module per stage: load → validate → resolve → parse (into the
intermediate model of ``ir``) → naming → render → format → write; ``cli`` drives it.
"""

__version__ = "0.1.0"
