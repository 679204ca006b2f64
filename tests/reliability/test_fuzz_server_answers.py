"""Hypothesis fuzzing of every parser of server answers: SENS, API PLEX, API PLEX webhooks.

Each client method is called through ``httpx.MockTransport`` with an arbitrary answer:
any status, any headers, and a body that is random JSON, JSON shaped like the documented
answer with fields of the wrong type or missing, truncated JSON, binary junk or a huge
body. The only acceptable ends are a normal return or a ``ConsoleError`` (a sentence for
the user); never another exception type, and never a hang (the mock counts requests and
every example is timed).

Numbers in the generated JSON stay within 64-bit integers and finite floats; values
outside that range, NaN/Infinity literals and deep nesting are covered by the explicit
tests at the end, which document bugs found here (fixed since).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.errors import ConsoleError
from console.providers.apiplex import ApiPlexClient
from console.providers.apiplex.models import BizMessage, GmsMessage
from console.providers.apiplex.webhook import WebhookFormatError, parse_webhook_body
from console.providers.sens.client import RetryPolicy, SensClient
from console.providers.sens.times import SEOUL

pytestmark = pytest.mark.slow

#: Requests one call may make before the mock calls it a runaway loop.
MAX_CALLS = 60
#: Seconds one example may take (a parser that spins is a hang).
MAX_SECONDS = 5.0

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class Runaway(Exception):
    """The client kept asking: a loop that would not end against a real server."""


# --- strategies ---------------------------------------------------------------------------

TIMES = ["2024-01-01 10:00:00", "2024-01-01T10:00:00.123", "2024-13-45 99:99:99", "yesterday"]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(-1e15, 1e15, allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [*TIMES, "", "0", "202", "3015", "success", "fail", "COMPLETED", "READY", "Asia/Seoul",
         "Mars/Olympus", "01012345678"]
    ),
)
SENS_KEYS = [
    "requestId", "requestTime", "statusCode", "statusName", "messages", "nextToken",
    "pageIndex", "pageSize", "itemCount", "hasMore", "fileId", "createTime", "expireTime",
    "reserveId", "reserveStatus", "reserveTime", "reserveTimeZone", "clientTelNo",
    "registerTime", "registerType", "messageId", "from", "to", "status", "contentType",
    "countryCode", "completeTime", "telcoCode", "subject", "content", "files", "error",
    "errorMessage", "errors", "unsubscribes", "items",
]
JSON_TREE = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(SENS_KEYS) | st.text(max_size=8), children, max_size=6),
    max_leaves=25,
)
VALID_MESSAGE = {
    "requestId": "r1", "messageId": "m1", "requestTime": "2024-01-01 10:00:00",
    "contentType": "COMM", "type": "SMS", "countryCode": "82", "from": "0212345678",
    "to": "01012345678", "status": "COMPLETED", "statusCode": "0", "statusName": "success",
    "completeTime": "2024-01-01 10:00:05", "telcoCode": "SKT", "content": "hi",
    "files": [{"name": "a.jpg", "fileId": "f1"}],
}
VALID_TOP = {
    "requestId": "r1", "requestTime": "2024-01-01T10:00:00.123", "statusCode": "202",
    "statusName": "success", "fileId": "f1", "createTime": "2024-01-01 10:00:00",
    "reserveId": "r1", "reserveStatus": "READY", "clientTelNo": "01012345678",
}


def _mutated(valid: dict[str, Any], values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """`valid` with some fields replaced by `values` and some removed."""
    return st.builds(
        lambda changes, dropped: {
            k: v for k, v in {**valid, **changes}.items() if k not in dropped
        },
        st.dictionaries(st.sampled_from(sorted(valid)), values, max_size=4),
        st.sets(st.sampled_from(sorted(valid)), max_size=3),
    )


SHAPED = st.builds(
    lambda top, messages, wrap: {**top, "messages": messages} if wrap else top,
    _mutated(VALID_TOP, SCALARS | JSON_TREE),
    st.lists(_mutated(VALID_MESSAGE, SCALARS) | JSON_TREE, max_size=3),
    st.booleans(),
) | st.lists(_mutated({"clientTelNo": "01012345678", "registerTime": "2024-01-01 10:00:00",
                       "registerType": "M"}, SCALARS), max_size=3)


def _encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


BODIES = st.one_of(
    SHAPED.map(_encode),
    JSON_TREE.map(_encode),
    SHAPED.map(_encode).flatmap(lambda b: st.integers(0, max(0, len(b) - 1)).map(lambda n: b[:n])),
    st.binary(max_size=200),
    st.sampled_from([b"", b"null", b"{}", b"[]", b"<html>502 Bad Gateway</html>", b"\xff\xfe{"]),
)
STATUSES = st.sampled_from(
    [200, 201, 202, 204, 301, 400, 401, 403, 404, 408, 409, 415, 429, 500, 502, 503, 504]
) | st.integers(100, 599)
HEADERS = st.fixed_dictionaries(
    {},
    optional={
        "Date": st.sampled_from(["Mon, 01 Jan 2024 01:00:00 GMT", "yesterday", ""]),
        "Retry-After": st.sampled_from(["1", "0", "-5", "soon", "1e9", "Wed, 21 Oct 2015"]),
        "Content-Type": st.sampled_from(["application/json", "text/html", "application/json; "
                                         "charset=euc-kr"]),
    },
)


# --- plumbing -----------------------------------------------------------------------------


def _answering(status: int, body: bytes, headers: dict[str, str]) -> tuple[
    httpx.MockTransport, list[int]
]:
    """A transport answering the first request with the fuzzed answer, and every later one
    (retries, following pages) likewise except that pages end; counts requests."""
    calls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        if calls[0] > MAX_CALLS:
            raise Runaway(f"{calls[0]} requests for one call")
        paging = "nextToken" in request.url.params or "pageIndex" in request.url.params
        if calls[0] > 1 and paging:
            return httpx.Response(200, json={"messages": []})
        return httpx.Response(status, content=body, headers=headers)

    return httpx.MockTransport(handler), calls


async def _nothing(_seconds: float) -> None:
    return None


def _sens(transport: httpx.MockTransport) -> SensClient:
    return SensClient(
        "ACCESSKEY", "SECRET", "ncp:sms:kr:1:svc", base_url="http://sens.test",
        transport=transport, retry=RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0),
        sleep=_nothing,
    )


async def _drain(iterator: Any) -> list[Any]:
    return [item async for item in iterator]


NOW = datetime(2024, 1, 1, 12, 0, tzinfo=SEOUL)
SEND_BODY = {
    "type": "SMS", "from": "0212345678", "content": "안내",
    "messages": [{"to": "01012345678"}],
}
SENS_CALLS: dict[str, Callable[[SensClient], Awaitable[Any]]] = {
    "send_message": lambda c: c.send_message(SEND_BODY),
    "upload_file": lambda c: c.upload_file("a.jpg", b"\xff\xd8\xff\xd9"),
    "list_requests(request_id)": lambda c: _drain(c.list_requests(request_id="r1")),
    "list_requests(window)": lambda c: _drain(
        c.list_requests(request_start=NOW - timedelta(hours=1), request_end=NOW)
    ),
    "get_result": lambda c: c.get_result("m1"),
    "get_reservation_status": lambda c: c.get_reservation_status("r1"),
    "cancel_reservation": lambda c: c.cancel_reservation("r1"),
    "list_unsubscribes": lambda c: c.list_unsubscribes(),
    "add_unsubscribes": lambda c: c.add_unsubscribes(["01012345678"]),
    "delete_unsubscribes": lambda c: c.delete_unsubscribes(["01012345678"]),
    "verify": lambda c: c.verify(),
}


def _outcome(coro_factory: Callable[[], Awaitable[Any]]) -> BaseException | None:
    """Run one call on a fresh loop; the exception it ended with (None: returned)."""

    async def run() -> None:
        await coro_factory()

    started = time.monotonic()
    try:
        asyncio.run(run())
    except BaseException as exc:  # judged by the caller
        error: BaseException | None = exc
    else:
        error = None
    elapsed = time.monotonic() - started
    assert elapsed < MAX_SECONDS, f"one call took {elapsed:.1f} s"
    return error


def _sens_call_outcome(transport: httpx.MockTransport, method: str) -> BaseException | None:
    """SENS call `method` on a client over `transport` (closed after): how it ended."""

    async def call() -> None:
        client = _sens(transport)
        try:
            await SENS_CALLS[method](client)
        finally:
            await client.aclose()

    return _outcome(call)


def _assert_clear(error: BaseException | None, what: str) -> None:
    if error is None:
        return
    assert isinstance(error, ConsoleError), f"{what}: {type(error).__name__}: {error!r}"
    assert error.message("ko").strip() and error.message("en").strip()


# --- SENS ---------------------------------------------------------------------------------


@pytest.mark.timeout(240)
@FUZZ
@given(
    method=st.sampled_from(sorted(SENS_CALLS)), status=STATUSES, body=BODIES, headers=HEADERS
)
def test_sens_client_answers_every_answer_with_a_result_or_a_console_error(
    suite_tally: Any, method: str, status: int, body: bytes, headers: dict[str, str]
) -> None:
    suite_tally.record("bad input: SENS answers", faults=1)
    transport, _calls = _answering(status, body, headers)
    _assert_clear(_sens_call_outcome(transport, method), f"{method} <- {status} {body[:80]!r}")


@pytest.mark.timeout(240)
@FUZZ
@given(method=st.sampled_from(sorted(SENS_CALLS)), body=SHAPED)
def test_sens_client_success_answers_with_wrong_fields(
    suite_tally: Any, method: str, body: Any
) -> None:
    """2xx answers shaped like the documented ones, with fields wrong or missing."""
    suite_tally.record("bad input: SENS answers", faults=1)
    transport, _calls = _answering(202 if method == "send_message" else 200, _encode(body), {})
    _assert_clear(_sens_call_outcome(transport, method), f"{method} <- {body!r:.200}")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("method", sorted(SENS_CALLS))
def test_sens_client_huge_bodies(tally: Any, method: str) -> None:
    """A 5 MB answer (a proxy's error page, a runaway server): an answer or a clear error."""
    tally.record("bad input: SENS answers", faults=3)
    huge_json = _encode({"messages": [dict(VALID_MESSAGE, messageId=f"m{i}") for i in range(12000)],
                         **VALID_TOP})
    for status, body in ((200, huge_json), (200, b"x" * 5_000_000), (500, b"<p>" * 1_500_000)):
        transport, _calls = _answering(status, body, {})
        _assert_clear(_sens_call_outcome(transport, method), f"{method} <- {len(body)} bytes")


# --- API PLEX -----------------------------------------------------------------------------

APIPLEX_KEYS = ["results", "messages", "msg_key", "code", "desc", "messageId", "status", "id",
                "groupId", "name", "smsCount", "description", "error", "to"]
APIPLEX_TREE = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from(APIPLEX_KEYS) | st.text(max_size=6), children, max_size=6),
    max_leaves=25,
)
BIZ = BizMessage(receiver_number="01012345678", msg="안내", sender_number="0212345678",
                 msg_key="k1")
GMS = GmsMessage(to="+14155550100", text="hello", message_id="g1")
APIPLEX_SHAPED = st.one_of(
    st.builds(lambda item: {"results": [item]},
              _mutated({"msg_key": "k1", "code": "C100", "desc": "ok"}, SCALARS | APIPLEX_TREE)),
    st.builds(lambda item, status: {"messages": [{**item, "status": status}]},
              _mutated({"messageId": "g1", "to": "+14155550100", "smsCount": 1}, SCALARS),
              _mutated({"id": 7, "groupId": 1, "name": "PENDING", "description": "x"}, SCALARS)
              | SCALARS),
    _mutated({"code": "C401_3", "description": "bad key"}, SCALARS),
    APIPLEX_TREE,
)
APIPLEX_BODIES = st.one_of(
    APIPLEX_SHAPED.map(_encode),
    APIPLEX_SHAPED.map(_encode).flatmap(
        lambda b: st.integers(0, max(0, len(b) - 1)).map(lambda n: b[:n])
    ),
    st.binary(max_size=100),
)


@pytest.mark.timeout(240)
@FUZZ
@given(product=st.sampled_from(["SMS", "GMS"]), status=STATUSES, body=APIPLEX_BODIES)
def test_apiplex_client_answers_every_answer_with_a_result_or_a_console_error(
    suite_tally: Any, product: str, status: int, body: bytes
) -> None:
    suite_tally.record("bad input: API PLEX answers", faults=1)
    transport, _calls = _answering(status, body, {})

    async def call() -> None:
        http = httpx.AsyncClient(transport=transport)
        client = ApiPlexClient("user", "secret", base_url="http://apiplex.test", http=http,
                               max_retries=0, backoff=0.0)
        try:
            if product == "SMS":
                await client.send_sms([BIZ])
            else:
                await client.send_gms([GMS])
        finally:
            await http.aclose()

    _assert_clear(_outcome(call), f"{product} <- {status} {body[:80]!r}")


# --- API PLEX webhooks --------------------------------------------------------------------

WEBHOOK_SHAPED = st.builds(
    lambda items: {"results": items},
    st.lists(
        _mutated({"msg_key": "k1", "code": "C000", "desc": "ok", "dest": "SKT",
                  "request_date": "20240101100000", "message_type": "SMS"}, SCALARS)
        | st.builds(lambda item, status, error: {**item, "status": status, "error": error},
                    _mutated({"messageId": "g1", "to": "+1415", "smsCount": 1}, SCALARS),
                    _mutated({"id": 5, "groupId": 3, "name": "DELIVERED"}, SCALARS) | SCALARS,
                    _mutated({"id": 0, "name": "NO_ERROR"}, SCALARS) | SCALARS)
        | APIPLEX_TREE,
        max_size=3,
    ),
) | APIPLEX_TREE


@pytest.mark.timeout(120)
@FUZZ
@given(body=WEBHOOK_SHAPED.map(_encode) | st.binary(max_size=100))
def test_webhook_body_parser_refuses_with_its_documented_error(
    suite_tally: Any, body: bytes
) -> None:
    """The receiver answers 400 with the reason for any malformed body (never a crash)."""
    suite_tally.record("bad input: API PLEX webhooks", faults=1)
    try:
        results = parse_webhook_body(body)
    except WebhookFormatError as exc:
        assert str(exc)
    else:
        assert results and all(r.key for r in results)


@pytest.fixture(scope="module")
def receiver(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A webhook receiver (not listening: its handler is called directly) on a real store."""
    from console.services.webhooks import WebhookReceiver
    from console.store.apiplex import ApiPlexStore
    from console.store.database import Database

    db = Database(tmp_path_factory.mktemp("webhooks") / "console.sqlite3")
    yield WebhookReceiver(ApiPlexStore(db))
    db.close()


@pytest.mark.timeout(120)
@FUZZ
@given(body=WEBHOOK_SHAPED.map(_encode) | st.binary(max_size=100))
def test_webhook_receiver_answers_every_body(
    suite_tally: Any, receiver: Any, body: bytes
) -> None:
    """What API PLEX (or anyone) posts gets 200 or a 4xx with the reason, never a crash."""
    suite_tally.record("bad input: API PLEX webhooks", faults=1)
    status, answer = receiver.handle(body, "127.0.0.1")
    assert status in (200, 400), (status, answer)
    assert answer["desc"]


# --- bugs found by the fuzzing (fixed; kept as regression tests) --------------------------


def _sens_outcome(status: int, body: bytes, method: str) -> BaseException | None:
    transport, _calls = _answering(status, body, {})
    return _sens_call_outcome(transport, method)


@pytest.mark.parametrize("value", ["100000000000000000000", "1e400", "Infinity"])
@pytest.mark.parametrize("method", ["send_message", "get_result"])
def test_sens_out_of_range_epoch_times_are_a_console_error(value: str, method: str) -> None:
    time_text = f'"requestTime": {value}'
    body = (
        '{"requestId": "r1", ' + time_text + ', "statusCode": "202", "statusName": "success", '
        '"messages": [{"messageId": "m1", ' + time_text + ', "from": "0212345678", '
        '"to": "01012345678", "status": "READY"}]}'
    ).encode()
    _assert_clear(_sens_outcome(202, body, method), f"{method} <- requestTime {value}")


def test_sens_infinite_page_index_is_a_console_error() -> None:
    body = b'{"messages": [], "pageIndex": Infinity}'
    _assert_clear(_sens_outcome(200, body, "list_requests(request_id)"), "pageIndex Infinity")


@pytest.mark.parametrize("method", ["send_message", "get_result"])
def test_sens_deeply_nested_answer_is_a_console_error(method: str) -> None:
    body = b"[" * 100_000 + b"]" * 100_000
    _assert_clear(_sens_outcome(200, body, method), f"{method} <- nested")


def test_sens_repeated_has_more_page_ends() -> None:
    page = {"pageIndex": 0, "hasMore": True, "messages": [VALID_MESSAGE]}
    calls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        if calls[0] > MAX_CALLS:
            raise Runaway(f"{calls[0]} pages requested for one search")
        return httpx.Response(200, json=page)

    async def call() -> None:
        client = _sens(httpx.MockTransport(handler))
        try:
            await _drain(client.list_requests(request_id="r1"))
        finally:
            await client.aclose()

    _assert_clear(_outcome(call), "repeated hasMore page")


def test_apiplex_deeply_nested_answer_is_a_console_error() -> None:
    transport, _calls = _answering(200, b"[" * 100_000 + b"]" * 100_000, {})

    async def call() -> None:
        http = httpx.AsyncClient(transport=transport)
        client = ApiPlexClient("user", "secret", base_url="http://apiplex.test", http=http,
                               max_retries=0)
        try:
            await client.send_sms([BIZ])
        finally:
            await http.aclose()

    _assert_clear(_outcome(call), "apiplex nested")


@pytest.mark.parametrize(
    "body",
    [
        b'{"results": [{"messageId": "g1", "status": {"id": Infinity}}]}',
        b'{"results": [{"messageId": "g1", "status": {"id": 5}, "error": {"id": 1e400}}]}',
        b"[" * 100_000 + b"]" * 100_000,
    ],
    ids=["status-id-infinity", "error-id-1e400", "nested"],
)
def test_webhook_out_of_range_numbers_are_a_format_error(body: bytes) -> None:
    with pytest.raises(WebhookFormatError):
        parse_webhook_body(body)
