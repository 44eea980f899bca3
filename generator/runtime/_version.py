"""The package's version and the API's, from its settings: ``__version__`` is the
package's own (the maintainer's, for pip and the User-Agent), ``API_VERSION`` the
API description's ``info.version`` it was generated from."""

from ._settings import API_VERSION, VERSION

__all__ = ["__version__", "API_VERSION"]

__version__ = VERSION
