"""Format, after render (... → render → format → write): every emitted Python file in black's style,
at a fraction of black's cost.

black is the slowest stage by far (about 8 µs a byte of our output), so it is
run only where it has something to do:

- The templates emit code already laid out as black lays it out: black's
  quotes (``pystr``), its docstring indentation (``docstring``), its blank
  lines, and every multi-line bracket exploded with a magic trailing comma,
  which black keeps as it is; a statement too long for a line is split as
  black splits it (``generator.layout``). What varies between specs is only
  names and literals, so the one thing that can take a file out of black's
  style is a line too long that black could split. A file with such a line goes
  through black; every other file is already what black would return. Tests
  check that claim on every golden file, on the whole Box API, on every file
  of the real-world documents, and on thousands of hypothesis-made hostile
  specs and type expressions.
- Files that do go through black are cached on disk by content (key: the
  unformatted text, black's version and its mode), and formatted on all cores
  when there are many.
"""

from __future__ import annotations

import ast
import concurrent.futures
import hashlib
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable
from typing import Protocol

from generator.installed import installed
from generator.width import LINE_LENGTH, width

# Enough text for a second process to pay for its start-up.
_PARALLEL_BYTES = 256_000
# The syntax check's unit of shared work: about 50 ms of parsing, long enough to pay for the pipe.
_SYNTAX_CHUNK_BYTES = 256_000

# String literals and comments, so that long lines inside triple-quoted strings
# (docstrings: black never rewraps those) can be told from long lines of code.
_STRINGS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|#[^\n]*",
    re.S,
)


# Lines black cannot split, so leaves as they are however long: an element of an
# exploded bracket that is one string or name (or `| name`, an option of a split
# union), a `key: value` or `name=value` pair of them, or an `X as X` import
# (with its comma, or alone in its brackets without one: a `name: value`
# statement is an annotation, which black can wrap); the first line of a split
# call (`name(`, `lambda: name(`, `v = name(`: after a one-letter name the call
# in parentheses would be wider still; `return name(`: `return (` saves only three
# columns; `self.name = name(`: resource.py.j2 wraps it in parentheses where black
# would), which has nothing left to split; the first line of an exploded signature
# (`def name(`, `async def name(`: the magic trailing comma keeps it exploded); the last
# line of a parameter whose annotation black wrapped in parentheses, `) = default,` (a
# one-value enum's member: nothing left to split); and a
# string statement on one line (an attribute docstring, or a docstring black keeps on
# one line).
_STR = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')"""
_ATOM = rf"(?:{_STR}|[A-Za-z_][A-Za-z0-9_.]*)"
_UNSPLITTABLE = re.compile(
    rf"[ ]*(?:(?:\| )?{_ATOM}(?:: {_ATOM}|={_ATOM}| as [A-Za-z_][A-Za-z0-9_]*)?,|\) = {_ATOM},"
    rf"|(?:(?:\| )?{_ATOM}(?:={_ATOM})?|{_STR}: {_ATOM})"
    r"|(?:lambda: |return |[A-Za-z_] = |self\.[A-Za-z_][A-Za-z0-9_]* = |(?:async )?def )?[A-Za-z_][A-Za-z0-9_.]*\("
    r"|[A-Za-z_][A-Za-z0-9_.]* = \("  # a name or attribute (no bracket to split) = a wrapped value
    r'|"""(?:[^"\\\n]|\\.|"(?!""))*""")\Z'
)


class Store(Protocol):
    """Where formatted texts are kept between runs (``generator.incremental.cache.Cache``)."""

    def get(self, kind: str, key: str) -> str | None: ...

    def put(self, kind: str, key: str, text: str) -> None: ...


class Share(Protocol):
    """Work spread over this process and another (``pipeline.Background.share``)."""

    def __call__(
        self, chunks: list[list[tuple[str, str]]], work: Callable[[list[tuple[str, str]]], list[str]]
    ) -> list[list[str]]: ...


class FormatError(Exception):
    """black could not parse an emitted file: a generator bug, never bad input."""


def needs_black(text: str) -> bool:
    """Whether ``text`` has a line black would rewrap: a code line over the limit.

    Lines inside a triple-quoted string are black's to leave alone, except the
    one that closes it (black may move the closing quotes down).
    """
    lines = text.split("\n")
    measure = len if text.isascii() else width
    if max(map(measure, lines)) <= LINE_LENGTH:
        return False
    spans = [(m.start(), m.end()) for m in _STRINGS.finditer(text) if m.group().startswith(('"""', "'''"))]
    offset = 0
    for line in lines:
        start, end = offset, offset + len(line)
        offset = end + 1
        if measure(line) <= LINE_LENGTH or _UNSPLITTABLE.match(line) or line.lstrip().startswith("#"):
            continue  # (black never splits a comment)
        inside = any(s < end < e and (s <= start or not text[start:s].strip()) for s, e in spans)
        if not inside:
            return True
    return False


def check_syntax(files: dict[str, str], paths: Iterable[str], share: Share | None = None) -> None:
    """Refuse output with a ``.py`` file among ``paths`` that does not parse.

    black parses only the files it formats; this catches the rest (a short
    line that is not Python), before anything is cached or written. Parsing is
    about a fifth of a cold run: with ``share`` (``pipeline.Background.share``),
    the forked checks process takes chunks of it once its own checks are done.
    """
    todo = [(path, files[path]) for path in sorted(paths) if path.endswith(".py")]
    chunks: list[list[tuple[str, str]]] = [[]]
    size = 0
    for item in todo:
        if size >= _SYNTAX_CHUNK_BYTES:
            chunks.append([])
            size = 0
        chunks[-1].append(item)
        size += len(item[1])
    results = share(chunks, syntax_errors) if share is not None else map(syntax_errors, chunks)
    for errors in results:
        if errors:  # the first in path order, whoever found it
            raise FormatError(errors[0])


def syntax_errors(items: list[tuple[str, str]]) -> list[str]:
    """What is wrong with each of the (path, text) pairs that does not parse, in order."""
    errors = []
    for path, text in items:
        try:
            ast.parse(text, filename=path)
        except (SyntaxError, ValueError) as exc:  # ValueError: a NUL character
            where = f"line {exc.lineno}: {exc.msg}" if isinstance(exc, SyntaxError) else str(exc)
            errors.append(f"{path}: emitted code does not parse: {where}")
    return errors


def _mode() -> object:
    from black.mode import Mode, TargetVersion

    return Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)


def _black_key() -> str:
    # Spelled out rather than repr(Mode): importing black costs a tenth of a second,
    # which a run whose every file is cached should not pay. Keep in step with _mode.
    return f"{installed('black')} line_length={LINE_LENGTH} target=py310"


def _format_many(items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """black over (path, text) pairs: the unit of work of one worker process."""
    import black
    from black.parsing import InvalidInput

    mode = _mode()
    out = []
    for path, text in items:
        try:
            out.append((path, black.format_str(text, mode=mode)))  # type: ignore[arg-type]
        except InvalidInput as exc:
            raise FormatError(f"{path}: emitted code does not parse: {exc}") from exc
    return out


def format_files(
    files: dict[str, str], cache: Store | None = None, jobs: int | None = None, final: frozenset[str] = frozenset()
) -> dict[str, str]:
    """The same files with every ``.py`` one in black's style (``final``: paths already so)."""
    result = dict(files)
    todo = [
        (path, text) for path, text in files.items() if path.endswith(".py") and path not in final and needs_black(text)
    ]
    if not todo:
        return result
    salt = _black_key()
    keys = {path: hashlib.sha256(f"{salt}\0{text}".encode()).hexdigest() for path, text in todo}
    misses = []
    for path, text in todo:
        cached = cache.get("black", keys[path]) if cache else None
        if cached is None:
            misses.append((path, text))
        else:
            result[path] = cached
    for path, formatted in _run(misses, jobs):
        result[path] = formatted
        if cache:
            cache.put("black", keys[path], formatted)
    return result


def _run(items: list[tuple[str, str]], jobs: int | None) -> list[tuple[str, str]]:
    if not items:
        return []  # and black is never imported
    workers = min(jobs or os.cpu_count() or 1, max(1, sum(len(t) for _, t in items) // _PARALLEL_BYTES))
    if workers <= 1:
        return _format_many(items)
    # Largest first, dealt round-robin: the chunks come out about even.
    ordered = sorted(items, key=lambda item: -len(item[1]))
    chunks = [ordered[i::workers] for i in range(workers)]
    # This process formats the first chunk itself rather than wait: one process fewer, and a forked
    # one holds every page of this one by now (the document, its model, every file) besides black's.
    # (Spawned workers would not, but need a resource tracker process: no fewer megabytes in all.)
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with concurrent.futures.ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
        others = pool.map(_format_many, chunks[1:])
        own = _format_many(chunks[0])
        return [*own, *(pair for chunk in others for pair in chunk)]


def is_black_stable(text: str) -> bool:
    """What ``black --check`` says of one file (the tests hold the trusted layout to it)."""
    import black

    return bool(black.format_str(text, mode=_mode()) == text)  # type: ignore[arg-type]
