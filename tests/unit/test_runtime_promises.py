"""Promises of the README's "In production" that had no test failing when they broke (issue 19, item 3).

Over real HTTP (tests/fault_server.py); sync and async where the two clients' code differs,
the sync client alone where what is tested is shared by both (the request cycle of
``_cycle``, ``parse_response``): a conforming response is decoded in
one strict pass (only a drifted one a second time); with debug logging off an attempt costs
one ``isEnabledFor`` check and never formats its line; ``BOX_LOG=info`` sets the package's
logger to INFO with one handler; the models nested in a result carry no ``._request_id``;
each retried status, and a timeout, is retried (found untested by breaking them).
The two costs are held by what makes them true, counted, never timed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from fault_server import FaultServer, Respond, Waits

pytestmark = pytest.mark.usefixtures("generated_on_path", "golden_on_path")

GOOD_ITEM = {
    "kind": "physical",
    "id": "i1",
    "name": "Lamp",
    "sku": "L-1",
    "created_at": "2024-05-01T12:00:00Z",
    "labels": ["a", "b"],
    "price": {"amount": "9.99", "currency": "EUR"},
    "dimensions": {"width": 1.5, "height": 2.0},
}
DRIFTED_ITEM = {**GOOD_ITEM, "labels": ["a", 3]}


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def _no_wait(seconds: float) -> None:
    return None


def get_item(mode: str, server: FaultServer) -> Any:
    """``default.get_item("i1")`` of the golden inventory client, with a new client of ``mode``."""
    from inventory_client import AsyncClient, Client

    if mode == "sync":
        with Client(base_url=server.url, max_retries=0) as client:
            return client.default.get_item("i1")

    async def main() -> Any:
        async with AsyncClient(base_url=server.url, max_retries=0) as client:
            return await client.default.get_item("i1")

    return asyncio.run(main())


def terminate(mode: str, server: FaultServer, **options: Any) -> Any:
    """One Box ``terminate_groups_sessions`` call, its retries not waited for."""
    from box_client import AsyncClient, Client

    options.setdefault("token", "tok")
    if mode == "sync":
        options.setdefault("sleep", lambda seconds: None)
        with Client(base_url=server.url, **options) as client:
            return client.session_termination.terminate_groups_sessions(["1"])

    options.setdefault("sleep", _no_wait)

    async def main() -> Any:
        async with AsyncClient(base_url=server.url, **options) as client:
            return await client.session_termination.terminate_groups_sessions(["1"])

    return asyncio.run(main())


# ------------------------------------------------------------- one strict decoding pass


@pytest.mark.parametrize(("body", "strict", "lenient"), [(GOOD_ITEM, 1, 0), (DRIFTED_ITEM, 1, 1)],
                         ids=["conforming", "drifted"])
def test_a_conforming_response_is_decoded_in_one_strict_pass(
    server: FaultServer, monkeypatch: pytest.MonkeyPatch, body: Any, strict: int, lenient: int
) -> None:
    """ "A conforming response takes the same single strict decoding pass as before; only one that
    fails it is decoded a second time": the passes over the body, counted.

    Breaks made (generator/runtime/_request.py, ``parse_response``; the golden packages take the
    runtime from there): the body decoded strictly twice (``decode(cast_to, data)`` called once
    more before the one kept), and every body decoded leniently (``drift.decode`` whenever a
    ``drift`` is given, the strict pass skipped): each fails here.
    """
    from inventory_client import _lenient, _request

    passes = {"strict": 0, "lenient": 0}
    strict_decode, lenient_decode = _request.decode, _lenient.Drift.decode

    def counted_strict(*args: Any) -> Any:
        passes["strict"] += 1
        return strict_decode(*args)

    def counted_lenient(self: Any, *args: Any) -> Any:
        passes["lenient"] += 1
        return lenient_decode(self, *args)

    monkeypatch.setattr(_request, "decode", counted_strict)
    monkeypatch.setattr(_lenient.Drift, "decode", counted_lenient)
    server.script(Respond(200, body))
    item = get_item("sync", server)
    assert item.price.currency == "EUR"
    assert passes == {"strict": strict, "lenient": lenient}


# ------------------------------------------------------------- logging


@pytest.fixture
def box_logger() -> Iterator[logging.Logger]:
    """The package's logger, its handlers, level and once-per-process set-up put back afterwards."""
    from box_client import _environ

    logger = logging.getLogger("box_client")
    handlers, level = list(logger.handlers), logger.level
    _environ._configured.clear()
    yield logger
    logger.handlers[:] = handlers
    logger.setLevel(level)
    _environ._configured.clear()


@pytest.mark.parametrize("debug", [False, True], ids=["off", "on"])
def test_debug_logging_off_costs_one_is_enabled_for_check_per_attempt(
    server: FaultServer, monkeypatch: pytest.MonkeyPatch, box_logger: logging.Logger, debug: bool
) -> None:
    """ "Off (the default), an attempt costs one ``isEnabledFor`` check": over two attempts (a 503,
    then a 202), the logger is asked twice whether DEBUG is on, and the line is never formatted
    (``log_attempt`` never called) unless it is (then once per attempt: the counting is real).

    Break made (generated/box_client/_cycle.py): the ``if log.isEnabledFor(logging.DEBUG)``
    guard removed before the second ``log_attempt`` (the one after a response): the line is
    formatted with logging off, and this fails.
    """
    from box_client import _cycle

    monkeypatch.delenv("BOX_LOG", raising=False)
    box_logger.setLevel(logging.DEBUG if debug else logging.WARNING)
    asked: list[int] = []
    formatted: list[int] = []
    is_enabled_for = box_logger.isEnabledFor

    def counted_check(level: int) -> bool:
        if level == logging.DEBUG:
            asked.append(level)
        return is_enabled_for(level)

    monkeypatch.setattr(box_logger, "isEnabledFor", counted_check)
    monkeypatch.setattr(_cycle, "log_attempt", lambda *args: formatted.append(args[2]))
    server.script(Respond(503, {}), Respond(202, {"message": "ok"}))
    assert terminate("sync", server).message == "ok"
    assert len(asked) == 2, "one isEnabledFor(DEBUG) per attempt"
    assert formatted == ([1, 2] if debug else [])


def test_box_log_info_sets_the_package_logger_to_info(
    server: FaultServer, monkeypatch: pytest.MonkeyPatch, box_logger: logging.Logger,
    capsys: pytest.CaptureFixture[str]
) -> None:
    """ "``BOX_LOG``: ``debug`` (or ``info``) adds one ``StreamHandler`` to the package's logger and
    sets its level, once per process, touching no other logger": with ``info``, the retry line
    (INFO) is written by that handler and no attempt line (DEBUG) is.

    Breaks made (generated/box_client/_environ.py): ``_LEVELS`` without ``"info"`` (no handler,
    the level unset), and ``"info"`` mapped to ``logging.DEBUG`` (the attempt lines written too):
    each fails here.
    """
    monkeypatch.setenv("BOX_LOG", " Info ")  # read as the lower-case word, spaces stripped
    root = logging.getLogger()
    root_handlers, root_level = list(root.handlers), root.level
    server.script(Respond(503, {}), Respond(202, {"message": "ok"}), Respond(202, {"message": "ok"}))
    terminate("sync", server)
    terminate("sync", server)  # a second client: the handler is not added again
    added = [h for h in box_logger.handlers if type(h) is logging.StreamHandler]
    assert len(added) == 1 and box_logger.level == logging.INFO
    assert (root.handlers, root.level) == (root_handlers, root_level)
    written = capsys.readouterr().err
    assert "box_client INFO retrying POST" in written, written
    assert "-> 503 (attempt 1" not in written and "DEBUG" not in written


# ------------------------------------------------------------- request id


def test_models_nested_in_a_result_have_no_request_id(server: FaultServer) -> None:
    """ "The models nested in a result do not have it" (``._request_id``): only the result does.

    Break made (generator/runtime/_request.py, ``parse_response``): the response's headers kept
    on every model nested in the result as well (its fields walked, ``HEADERS_KEY`` set on each
    model found): ``item.price._request_id`` is then the id, and this fails.
    """
    server.script(Respond(200, GOOD_ITEM, headers={"x-request-id": "req-7"}))
    item = get_item("sync", server)
    assert item._request_id == "req-7"
    assert type(item.price).__name__ == "Money" and type(item.dimensions).__name__ == "PhysicalItemDimensions"
    assert item.price._request_id is None and item.dimensions._request_id is None


# ------------------------------------------------------------- what is retried


def test_each_status_the_readme_names_is_retried_and_no_other(server: FaultServer) -> None:
    """ "408, 429, 500, 502, 503, 504 ... are retried": each answered once, then a 202; a 501, a
    404 and a 409 are raised at once.

    Break made (generated/box_client/_retry.py): ``RETRY_STATUSES`` without 408, 502 and 504:
    the tests of the README's row passed (they try 503, 500 and 429 only); this fails.
    """
    from box_client import ApiError, Client

    with Client(base_url=server.url, token="tok", sleep=lambda seconds: None) as client:
        for status in (408, 429, 500, 502, 503, 504, 501, 404, 409):
            server.script(Respond(status, {}), Respond(202, {"message": "ok"}))
            try:
                answered = client.session_termination.terminate_groups_sessions(["1"]).message
            except ApiError:
                answered = "raised"
            retried = status in (408, 429) or status >= 500 and status != 501
            assert (answered, len(server.requests)) == (("ok", 2) if retried else ("raised", 1)), status


def test_a_timeout_is_retried(server: FaultServer, mode: str) -> None:
    """ "Connection failures and timeouts are retried": a response slower than the timeout, then a
    prompt one: two requests, the second's answer returned, one wait.

    Break made (generated/box_client/_cycle.py): a ``TimeoutException`` left out of the retried
    transport errors: the tests of the README's row passed (their timeouts run with
    ``max_retries=0``); this fails.
    """
    waits = Waits()
    server.script(Respond(202, {"message": "late"}, delay=0.5), Respond(202, {"message": "ok"}))
    sleep = waits if mode == "sync" else waits.asleep
    assert terminate(mode, server, timeout=0.1, max_retries=1, sleep=sleep).message == "ok"
    assert len(server.requests) == 2 and len(waits.seconds) == 1


# ------------------------------------------------------------- errors


def test_every_exception_the_package_exports_derives_from_sdk_error() -> None:
    """ "All derive from ``SdkError``": every exception class of the package's root.

    Break made (generated/box_client/_errors.py): ``class ResponseValidationError(Exception)``:
    the tests of the row "transport failures ... all derive from ``SdkError``" passed (they
    check the transport errors); this fails (as does tests/unit/test_hostile.py's check of the
    error a strict client raises).
    """
    import box_client

    exported = [getattr(box_client, name) for name in box_client.__all__]
    errors = [e for e in exported if isinstance(e, type) and issubclass(e, BaseException)]
    assert len(errors) >= 17, [e.__name__ for e in errors]
    assert [e.__name__ for e in errors if not issubclass(e, box_client.SdkError)] == []


# ------------------------------------------------------------- ClientCredentials


def test_a_token_rejected_twice_is_fetched_again_only_once(server: FaultServer) -> None:
    """ "fetched again once when the API answers 401": a new token rejected too is the caller's
    ``AuthenticationError``, after one token request more, not another fetch.

    Break made (generated/box_client/_cycle.py, ``_cycle``): ``and not refreshed`` dropped from
    the 401 branch (a token fetched again after every 401): the tests of the row passed (their
    second token is accepted); this fails.
    """
    from box_client import AuthenticationError, ClientCredentials

    def token(value: str) -> Respond:
        return Respond(200, {"access_token": value, "token_type": "bearer", "expires_in": 3600})

    rejected = Respond(401, {"code": "unauthorized"})
    server.script(token("t1"), rejected, token("t2"), rejected, token("t3"), Respond(202, {"message": "ok"}))
    credentials = ClientCredentials("app", "client-secret", token_url=f"{server.url}/oauth2/token")
    with pytest.raises(AuthenticationError):
        terminate("sync", server, token=credentials)
    assert [r.path for r in server.requests] == [
        "/oauth2/token", "/groups/terminate_sessions", "/oauth2/token", "/groups/terminate_sessions"]
