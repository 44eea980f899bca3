"""Which release of a library is installed, cheaply: part of every cache key.

importlib.metadata would answer too, but importing it costs a thirtieth of a
second, on every run, including the ones that replay a cached result.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from pathlib import Path


@functools.lru_cache(maxsize=None)
def installed(module: str) -> str:
    """Which release of ``module`` is installed: its dist-info's name, found without
    importlib.metadata (a thirtieth of a second to import, on every run)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        return f"{module} absent"
    origin = Path(spec.origin)
    package_dir = origin.parent if origin.name.startswith("__init__") else origin
    site = package_dir.parent
    wanted = {"yaml": "pyyaml"}.get(module, module).lower()
    try:
        # <name>-<version>.dist-info, the name normalised to lower case and underscores
        infos = sorted(n for n in os.listdir(site) if n.endswith(".dist-info") and n.lower().split("-")[0] == wanted)
    except OSError:
        infos = []
    stat = origin.stat()
    # The dist-info names the version; the module file's size and time catch an
    # installation without one (a source checkout, an editable install).
    return f"{module} {infos} {stat.st_size} {stat.st_mtime_ns}"
