"""The package's version, from its settings (the API description's ``info.version``)."""

from ._settings import VERSION

__all__ = ["__version__"]

__version__ = VERSION
