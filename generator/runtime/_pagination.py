"""Walking the pages of a list operation, lazily, one request per page.

One walker for every form of paging: a ``Form`` says where a page keeps its
entries and where the cursor of the next page comes from; a ``Walk`` reads each
page and says what to ask for next, without doing I/O. A ``Page`` (``AsyncPage``)
is one page received: its entries, its parsed body, its response, and the way to
the next page; ``walk`` and ``awalk`` yield the entries of page after page. The
next page is always requested from the operation's own URL, with the cursor laid
over its query: a ``Link`` header gives only its query, so no request (and no
credential) ever goes where the link points.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar
from urllib.parse import parse_qs, urlsplit

import httpx

from ._errors import ResponseValidationError, SdkError

__all__ = [
    "Form",
    "Walk",
    "Page",
    "AsyncPage",
    "first_page",
    "afirst_page",
    "walk",
    "awalk",
    "MAX_PAGES",
]

MAX_PAGES = 10_000
"""Pages one walk requests at most, unless the call says otherwise (``max_pages=``)."""

Query = dict[str, Any]
T = TypeVar("T")  # an entry
B = TypeVar("B")  # a page's parsed body
if TYPE_CHECKING:  # (aliases of Callable cost import time, and only mypy reads them)
    Fetch = Callable[[Query], tuple[Any, httpx.Response]]
    AsyncFetch = Callable[[Query], Awaitable[tuple[Any, httpx.Response]]]


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


class Step(NamedTuple):
    """What the pages up to one of them say about the next: each page keeps its own,
    so any page can be asked for the next one, once or again."""

    pages: int = 0  # pages received, this one included
    offset: int = 0  # entries received (offset paging)
    cursor: Any = None  # the next page's cursor; None: this page is the last


class Walk:
    """The rules of one walk, and its guards, shared by all its pages.

    A walk ends when a page says it is the last: no next cursor (absent or empty),
    ``has_more`` false, no ``rel="next"`` link, or, for offsets, the total reached
    (or an empty page). A server that sends a cursor it sent before, or more than
    ``max_pages`` pages, would make the walk endless: ``SdkError`` is raised when
    that next page is asked for (so after every entry received so far), rather
    than stopping quietly with entries missing.
    """

    def __init__(self, form: Form, max_pages: int | None) -> None:
        self.form = form
        self.max_pages = max_pages
        # each cursor requested, and the page that gave it: a repeat from another page loops
        self.requested: dict[Any, int] = {}

    def query(self, step: Step) -> Query | None:
        """The query parameters of the page after ``step``, or None when there is none."""
        form = self.form
        if step.pages == 0:
            return {form.param: 0} if form.total else {}
        cursor = step.cursor
        if cursor is None:
            return None
        if self.max_pages is not None and step.pages >= self.max_pages:
            raise SdkError(
                f"more than {self.max_pages} pages: stopped (pass max_pages= to walk further)"
            )
        if self.requested.setdefault(cursor, step.pages) != step.pages:
            raise SdkError(
                f"page {step.pages} gave the same cursor as an earlier page: "
                "stopped, as the walk would never end"
            )
        if form.link:
            return {
                k: v if len(v) > 1 else v[0]
                for k, v in parse_qs(cursor, keep_blank_values=True).items()
            }
        return {form.param: cursor}

    def read(
        self, step: Step, body: Any, response: httpx.Response
    ) -> tuple[list[Any], Step]:
        """The entries of the page after ``step``, and where the page after it is.

        A page decoded leniently may lack what paging reads (its entries, total or
        cursor left raw, or missing): ``ResponseValidationError``, not a walk that
        goes wrong.
        """
        try:
            entries, offset, cursor = self._read(step, body, response)
        except (AttributeError, TypeError) as exc:
            raise ResponseValidationError(
                f"page {step.pages + 1} cannot be paged on: {exc}", response=response
            ) from exc
        return entries, Step(step.pages + 1, offset, None if cursor == "" else cursor)

    def _read(
        self, step: Step, body: Any, response: httpx.Response
    ) -> tuple[list[Any], int, Any]:
        form = self.form
        found = body if form.items is None else getattr(body, form.items)
        if found is not None and not isinstance(found, list):
            raise TypeError(f"its entries are {type(found).__name__}, not a list")
        entries = list(found or [])
        offset = step.offset + len(entries)
        cursor: Any
        if form.total:
            total = getattr(body, form.total)
            if total is not None and (type(total) is not int):
                raise TypeError(f"{form.total} is {type(total).__name__}, not int")
            more = bool(entries) and total is not None and offset < total
            cursor = offset if more else None
        elif form.link:
            url = response.links.get("next", {}).get("url")
            cursor = urlsplit(url).query if url else None
        elif form.more and not getattr(body, form.more):
            cursor = None
        elif form.last:
            cursor = getattr(entries[-1], form.last, None) if entries else None
        else:
            cursor = _at(body, form.next)
        if cursor is not None and type(cursor) not in (str, int):
            raise TypeError(
                f"its next cursor is {type(cursor).__name__}, not str or int"
            )
        return entries, offset, cursor

    def next_query(self, step: Step) -> Query:
        query = self.query(step)
        if query is None:
            raise SdkError("no next page: this page is the last (see has_next_page())")
        return query


def _at(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        if value is None:
            return None
        value = getattr(value, name, None)
    return value


class _PageBase(Generic[T, B]):
    """What sync and async pages share: the page received, and the walk it is part of."""

    __slots__ = ("items", "body", "response", "_walk", "_step")

    def __init__(
        self, items: list[T], body: B, response: httpx.Response, rules: Walk, step: Step
    ) -> None:
        self.items = items
        """The entries of this page (iterating over the page gives them too)."""
        self.body = body
        """The page's parsed body: what the operation's own method returns."""
        self.response = response
        """The ``httpx.Response`` the page came in (status, headers; its body is read)."""
        self._walk = rules
        self._step = step

    def has_next_page(self) -> bool:
        """Whether the page says another follows (``get_next_page`` may still raise
        ``SdkError`` when it repeats a cursor, or past ``max_pages``)."""
        return self._step.cursor is not None

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self._step.pages}: {len(self.items)} entries, "
            f"next page: {self.has_next_page()}>"
        )


class Page(_PageBase[T, B]):
    """One page of a list operation: ``items``, ``body``, ``response``, and the next page."""

    __slots__ = ("_fetch",)

    def __init__(
        self,
        items: list[T],
        body: B,
        response: httpx.Response,
        rules: Walk,
        step: Step,
        fetch: Fetch,
    ) -> None:
        super().__init__(items, body, response, rules, step)
        self._fetch = fetch

    def get_next_page(self) -> Page[T, B]:
        """Request the next page. ``SdkError`` when there is none (see ``has_next_page``)."""
        return _fetched(
            self._walk, self._step, self._fetch, self._walk.next_query(self._step)
        )

    def iter_pages(self) -> Iterator[Page[T, B]]:
        """This page, then each next one, requested when iteration reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = page.get_next_page()
            yield page


class AsyncPage(_PageBase[T, B]):
    """``Page`` for the async client: ``await page.get_next_page()``, ``async for`` over ``iter_pages()``."""

    __slots__ = ("_fetch",)

    def __init__(
        self,
        items: list[T],
        body: B,
        response: httpx.Response,
        rules: Walk,
        step: Step,
        fetch: AsyncFetch,
    ) -> None:
        super().__init__(items, body, response, rules, step)
        self._fetch = fetch

    async def get_next_page(self) -> AsyncPage[T, B]:
        """Request the next page. ``SdkError`` when there is none (see ``has_next_page``)."""
        query = self._walk.next_query(self._step)
        return _afetched(self._walk, self._step, self._fetch, *await self._fetch(query))

    async def iter_pages(self) -> AsyncIterator[AsyncPage[T, B]]:
        """This page, then each next one, requested when iteration reaches it."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.get_next_page()
            yield page


def _fetched(rules: Walk, step: Step, fetch: Fetch, query: Query) -> Page[Any, Any]:
    body, response = fetch(query)
    entries, after = rules.read(step, body, response)
    return Page(entries, body, response, rules, after, fetch)


def _afetched(
    rules: Walk, step: Step, fetch: AsyncFetch, body: Any, response: httpx.Response
) -> AsyncPage[Any, Any]:
    entries, after = rules.read(step, body, response)
    return AsyncPage(entries, body, response, rules, after, fetch)


def first_page(
    form: Form, fetch: Fetch, max_pages: int | None = MAX_PAGES
) -> Page[Any, Any]:
    """The first page; ``fetch`` requests the page with the query given."""
    rules = Walk(form, max_pages)
    return _fetched(rules, Step(), fetch, rules.next_query(Step()))


async def afirst_page(
    form: Form, fetch: AsyncFetch, max_pages: int | None = MAX_PAGES
) -> AsyncPage[Any, Any]:
    """``first_page`` for the async client."""
    rules = Walk(form, max_pages)
    query = rules.next_query(Step())
    return _afetched(rules, Step(), fetch, *await fetch(query))


def walk(first: Callable[[], Page[T, Any]]) -> Iterator[T]:
    """Every entry, page after page: ``first`` requests the first page when iteration starts."""
    for page in first().iter_pages():
        yield from page.items


async def awalk(first: Callable[[], Awaitable[AsyncPage[T, Any]]]) -> AsyncIterator[T]:
    """``walk`` for the async client."""
    async for page in (await first()).iter_pages():
        for entry in page.items:
            yield entry
