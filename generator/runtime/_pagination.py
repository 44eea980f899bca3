"""Walking every page of a list operation, lazily, one request per page.

One walker for every form of paging: a ``Form`` says where a page keeps its
entries and where the cursor of the next page comes from; ``Pages`` reads each
page and says what to ask for next, without doing I/O, so that ``walk`` and
``awalk`` only fetch. The next page is always requested from the operation's own
URL, with the cursor laid over its query: a ``Link`` header gives only its query,
so no request (and no credential) ever goes where the link points.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import httpx

from ._errors import SdkError

__all__ = ["Form", "Pages", "walk", "awalk", "MAX_PAGES"]

MAX_PAGES = 10_000
"""Pages one walk requests at most, unless the call says otherwise (``max_pages=``)."""

Query = dict[str, Any]


class Form(NamedTuple):
    """How an operation's pages chain. Attribute names are the page model's."""

    param: str  # the query parameter that takes the cursor
    # the page's attribute holding the entries; None: the page is the list
    items: str | None
    next: tuple[str, ...] = ()  # attribute path to the next cursor in the body
    more: str | None = None  # attribute saying whether another page follows (has_more)
    # the next cursor is this attribute of the page's last entry
    last: str | None = None
    total: str | None = None  # offset paging: the attribute with the total count
    link: bool = False  # the next page's query is that of the Link header's rel="next"


class Pages:
    """The state of one walk: the cursor to send next, and the guards.

    A walk ends when a page says it is the last: no next cursor (absent or empty),
    ``has_more`` false, no ``rel="next"`` link, or, for offsets, the total reached
    (or an empty page). A server that sends a cursor it sent before, or more than
    ``max_pages`` pages, would make the walk endless: ``SdkError`` is raised then,
    after every entry received so far has been yielded, rather than stopping
    quietly with entries missing.
    """

    def __init__(self, form: Form, max_pages: int | None) -> None:
        self.form = form
        self.max_pages = max_pages
        self.pages = 0
        self.offset = 0
        self.cursor: Any = None  # None: the walk is over (once the first page came)
        self.seen: set[Any] = set()

    def query(self) -> Query | None:
        """The query parameters of the next page, or None when the walk is over."""
        form = self.form
        if self.pages == 0:
            return {form.param: 0} if form.total else {}
        if self.cursor is None:
            return None
        if self.max_pages is not None and self.pages >= self.max_pages:
            raise SdkError(
                f"more than {self.max_pages} pages: stopped (pass max_pages= to walk further)"
            )
        if self.cursor in self.seen:
            raise SdkError(
                f"page {self.pages} gave the same cursor as an earlier page: "
                "stopped, as the walk would never end"
            )
        self.seen.add(self.cursor)
        if form.link:
            return {
                k: v if len(v) > 1 else v[0]
                for k, v in parse_qs(self.cursor, keep_blank_values=True).items()
            }
        return {form.param: self.cursor}

    def read(self, page: Any, response: httpx.Response) -> list[Any]:
        """The entries of a page; remembers where the next one is."""
        form = self.form
        entries = list(
            (page if form.items is None else getattr(page, form.items)) or []
        )
        self.pages += 1
        if form.total:
            self.offset += len(entries)
            total = getattr(page, form.total)
            more = bool(entries) and total is not None and self.offset < total
            self.cursor = self.offset if more else None
        elif form.link:
            url = response.links.get("next", {}).get("url")
            self.cursor = urlsplit(url).query if url else None
        elif form.more and not getattr(page, form.more):
            self.cursor = None
        elif form.last:
            self.cursor = getattr(entries[-1], form.last, None) if entries else None
        else:
            self.cursor = _at(page, form.next)
        if self.cursor == "":
            self.cursor = None
        return entries


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if value is None:
            return None
        value = getattr(value, name, None)
    return value


def walk(
    form: Form,
    fetch: Callable[[Query], tuple[Any, httpx.Response]],
    max_pages: int | None = MAX_PAGES,
) -> Iterator[Any]:
    """Every entry, page after page; ``fetch`` requests the page with the query given."""
    pages = Pages(form, max_pages)
    while (query := pages.query()) is not None:
        yield from pages.read(*fetch(query))


async def awalk(
    form: Form,
    fetch: Callable[[Query], Awaitable[tuple[Any, httpx.Response]]],
    max_pages: int | None = MAX_PAGES,
) -> AsyncIterator[Any]:
    """``walk`` for the async client."""
    pages = Pages(form, max_pages)
    while (query := pages.query()) is not None:
        for entry in pages.read(*await fetch(query)):
            yield entry
