"""Regeneration that skips work: the plain pipeline's stages, wrapped with caches.

``generate`` gives what ``generator.pipeline.generate`` gives, byte for byte,
reusing what earlier runs left in a content-addressed cache (``cache``):

- ``run``: the whole result of the same document and options (``runs``);
- ``valid``: the findings of every check of the document, keyed by the
  document without its prose: an edit to descriptions needs no check again;
- ``plan``, ``part`` and ``render``: the model parsed from the document's
  shape (its prose lifted out, ``prose``) and each file's final text by its
  part of the model and the texts it shows (``parts``);
- ``black``: formatted text by unformatted text (``format.format_files``);
- ``jinja``: compiled templates (Jinja's own bytecode cache).

Nothing read back from the cache is unpickled: entries are text or JSON.
"""

from generator.incremental.pipeline import generate as generate

__all__ = ["generate"]
