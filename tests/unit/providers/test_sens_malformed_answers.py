"""Answers SENS should never send, and how the client ends them: always a SensError.

Out-of-range epoch times, ``Infinity``/``NaN``/``1e400`` numbers, deeply nested bodies,
a search whose pages never end, and a TLS certificate that cannot be verified.
"""

from __future__ import annotations

import asyncio
import json
import ssl
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from console.providers.sens import (
    MessageItem,
    SendMessageRequest,
    SensAmbiguousSendError,
    SensCertificateError,
    SensNetworkError,
    SensServerError,
    SensValidationError,
    strict_json,
)
from console.providers.sens.client import MAX_STALE_PAGES
from console.providers.sens.models import MessageRecord, RequestPage
from console.providers.sens.times import parse_time
from tests.unit.providers.sens_fakes import FakeSens, Seen, json_response, make_client, run

SEOUL = ZoneInfo("Asia/Seoul")
REQUEST = SendMessageRequest("SMS", "0212345678", "hello", [MessageItem("01012345678")])
WINDOW_START = datetime(2026, 11, 19, 0, 0, tzinfo=SEOUL)
NESTED = b"[" * 100_000 + b"]" * 100_000


def record(message_id: str, **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "requestId": "RID-1",
        "messageId": message_id,
        "requestTime": "2026-11-20 11:00:00",
        "from": "0212345678",
        "to": "01012345678",
        "status": "READY",
    }
    data.update(extra)
    return data


def raw(status: int, body: bytes) -> Any:
    return lambda seen: httpx.Response(status, content=body)


def send(fake: Any) -> Any:
    async def scenario() -> Any:
        async with make_client(fake) as client:
            return await client.send_message(REQUEST)

    return run(scenario())


def result(fake: Any) -> Any:
    async def scenario() -> Any:
        async with make_client(fake) as client:
            return await client.get_result("M1")

    return run(scenario())


def search(fake: Any, **query: Any) -> list[str]:
    async def scenario() -> list[str]:
        async with make_client(fake) as client:
            return [r.message_id async for r in client.list_requests(**query)]

    return run(scenario())


# --- 1. epoch times beyond range ------------------------------------------------------------


@pytest.mark.parametrize(
    "value", [10**20, 1e20, -1e20, 10**400, float("inf"), float("-inf"), float("nan")]
)
def test_parse_time_refuses_epoch_values_out_of_range_with_value_error(value: object) -> None:
    # datetime.fromtimestamp raises OverflowError/OSError for these; callers catch ValueError.
    with pytest.raises(ValueError, match="out of range"):
        parse_time(value)


def test_an_out_of_range_time_in_a_record_is_a_server_error() -> None:
    with pytest.raises(SensServerError) as caught:
        MessageRecord.from_json(record("M1", requestTime=10**20))
    assert "requestTime" in caught.value.message_en


def test_an_out_of_range_request_time_makes_a_send_ambiguous_not_a_crash() -> None:
    fake = FakeSens()
    body = b'{"requestId": "R", "requestTime": 100000000000000000000, "statusCode": "202"}'
    fake.on("POST", "/messages", raw(202, body))
    with pytest.raises(SensAmbiguousSendError):  # SENS took it; we cannot read which it is
        send(fake)
    assert len(fake.seen) == 1


def test_an_out_of_range_time_in_a_result_is_a_server_error() -> None:
    fake = FakeSens()
    fake.on("GET", "/messages/M1", json_response(200, {"messages": [record("M1",
                                                                             requestTime=1e20)]}))
    with pytest.raises(SensServerError):
        result(fake)


# --- 2. Infinity, NaN and 1e400 ---------------------------------------------------------------


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_a_page_index_that_is_no_integer_is_a_server_error(value: float) -> None:
    # Already-decoded floats (e.g. from a lenient decoder): int(inf) raises OverflowError.
    with pytest.raises(SensServerError) as caught:
        RequestPage.from_json({"messages": [], "pageIndex": value})
    assert "pageIndex" in caught.value.message_en


@pytest.mark.parametrize("literal", [b"Infinity", b"-Infinity", b"NaN", b"1e400"])
def test_non_finite_numbers_in_an_answer_are_a_server_error(literal: bytes) -> None:
    fake = FakeSens()
    fake.on("GET", "/messages", raw(200, b'{"messages": [], "pageIndex": ' + literal + b"}"))
    with pytest.raises(SensServerError):
        search(fake, request_id="RID-1")


@pytest.mark.parametrize("text", ["Infinity", "-Infinity", "NaN", "1e400", "[-1e999]"])
def test_strict_json_refuses_what_is_not_finite_json(text: str) -> None:
    with pytest.raises(ValueError):
        strict_json.loads(text)


def test_strict_json_keeps_ordinary_answers_and_refuses_deep_nesting() -> None:
    answer = {"messages": [record("M1", files=[{"fileId": "F"}])], "pageIndex": 0, "x": 1.5}
    assert strict_json.loads(json.dumps(answer).encode()) == answer
    assert strict_json.loads("[" * 32 + "]" * 32) is not None
    for depth in (33, 900, 100_000):  # deeper than MAX_DEPTH; RecursionError at the end
        with pytest.raises(ValueError, match="nested"):
            strict_json.loads("[" * depth + "]" * depth)


# --- 3. deeply nested bodies ------------------------------------------------------------------


def test_a_deeply_nested_answer_to_a_send_is_ambiguous() -> None:
    fake = FakeSens()
    fake.on("POST", "/messages", raw(202, NESTED))
    with pytest.raises(SensAmbiguousSendError) as caught:
        send(fake)
    assert caught.value.status == 202
    assert len(fake.seen) == 1  # never sent again


def test_a_deeply_nested_answer_to_a_read_is_a_server_error() -> None:
    fake = FakeSens()
    fake.on("GET", "/messages/M1", raw(200, NESTED))
    with pytest.raises(SensServerError):
        result(fake)


def test_a_deeply_nested_error_body_still_maps_by_status() -> None:
    fake = FakeSens()
    fake.on("GET", "/messages/M1", raw(400, NESTED))
    with pytest.raises(SensValidationError) as caught:  # the body's detail is just left out
        result(fake)
    assert caught.value.status == 400


# --- 5. searches that make no progress --------------------------------------------------------


def test_a_server_repeating_the_same_page_ends_with_a_clear_error() -> None:
    fake = FakeSens()
    fake.on(
        "GET", "/messages",
        json_response(200, {"pageIndex": 0, "hasMore": True, "messages": [record("M1")]}),
    )
    yielded: list[str] = []

    async def scenario() -> None:
        async with make_client(fake) as client:
            async for item in client.list_requests(request_id="RID-1"):
                yielded.append(item.message_id)

    with pytest.raises(SensServerError) as caught:
        run(scenario())
    assert yielded == ["M1"]  # the record once, not once per repeat
    assert len(fake.seen) == 1 + MAX_STALE_PAGES
    assert "same result page" in caught.value.message_en and caught.value.message_ko
    # Each request asked for a later page than the one before.
    assert [s.param("pageIndex") for s in fake.seen] == [None, "1", "2", "3"]


def test_fresh_tokens_with_the_same_records_end_with_a_clear_error() -> None:
    fake = FakeSens()
    count = [0]

    def page(seen: Seen) -> httpx.Response:
        count[0] += 1
        return httpx.Response(200, json={"messages": [record("M1")],
                                         "nextToken": f"t{count[0]}", "hasMore": True})

    fake.on("GET", "/messages", page)
    with pytest.raises(SensServerError):
        search(fake, request_id="RID-1")
    assert len(fake.seen) == 1 + MAX_STALE_PAGES


def test_a_page_overlapping_the_previous_one_is_not_a_failure() -> None:
    """Messages accepted while we page push earlier ones onto the next page."""
    pages = [["A", "B"], ["B", "C"], ["C"], ["D"]]  # "C" alone brings nothing new once

    def page(seen: Seen) -> httpx.Response:
        index = int(seen.param("pageIndex") or 0)
        return httpx.Response(200, json={"pageIndex": index, "hasMore": index < 3,
                                         "messages": [record(m) for m in pages[index]]})

    fake = FakeSens()
    fake.on("GET", "/messages", page)
    assert search(fake, request_start=WINDOW_START) == ["A", "B", "C", "D"]


def test_a_server_echoing_a_stale_page_index_still_gets_every_page() -> None:
    def page(seen: Seen) -> httpx.Response:
        index = int(seen.param("pageIndex") or 0)
        return httpx.Response(200, json={"pageIndex": 0, "hasMore": index < 2,
                                         "messages": [record(f"P{index}")]})

    fake = FakeSens()
    fake.on("GET", "/messages", page)
    assert search(fake, request_start=WINDOW_START) == ["P0", "P1", "P2"]
    assert [s.param("pageIndex") for s in fake.seen] == [None, "1", "2"]


def test_a_long_search_hands_the_loop_back_between_pages_so_it_can_be_cancelled() -> None:
    pages = 500

    def page(seen: Seen) -> httpx.Response:
        index = int((seen.param("nextToken") or "t0")[1:])
        body: dict[str, Any] = {"messages": [record(f"M{index}")], "hasMore": index < pages}
        if index < pages:
            body["nextToken"] = f"t{index + 1}"
        return httpx.Response(200, json=body)

    fake = FakeSens()
    fake.on("GET", "/messages", page)

    async def scenario() -> None:
        async with make_client(fake) as client:

            async def drain() -> None:
                async for _ in client.list_requests(request_id="RID-1"):
                    pass

            task = asyncio.ensure_future(drain())
            for _ in range(5):
                await asyncio.sleep(0)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    run(scenario())
    assert 1 <= len(fake.seen) < 20  # stopped within a few pages, not after all 500


# --- 8. a certificate that cannot be verified -------------------------------------------------


def bad_certificate(request: httpx.Request) -> httpx.Response:
    """What httpx raises when the TLS handshake meets an untrusted certificate."""
    try:
        raise ssl.SSLCertVerificationError(
            1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed "
            "certificate (_ssl.c:1006)"
        )
    except ssl.SSLCertVerificationError as exc:
        raise httpx.ConnectError(str(exc), request=request) from exc


def counted(handler: Any) -> tuple[Any, list[int]]:
    calls: list[int] = []

    def wrapped(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return handler(request)

    return wrapped, calls


@pytest.mark.parametrize("call", ["read", "send"])
def test_a_certificate_failure_says_so_and_is_certainly_not_sent(call: str) -> None:
    handler, calls = counted(bad_certificate)
    with pytest.raises(SensCertificateError) as caught:
        send(handler) if call == "send" else result(handler)
    error = caught.value
    assert isinstance(error, SensNetworkError)  # nothing was sent: never ambiguous
    assert "certificate" in error.message("en").lower() and "인증서" in error.message("ko")
    assert "date" in error.message("en") and "날짜" in error.message("ko")
    assert "CERTIFICATE_VERIFY_FAILED" in error.detail
    assert len(calls) == 1  # the same certificate would fail again: no retries


def test_a_plain_connect_error_keeps_the_connection_message_and_retries() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    handler, calls = counted(refused)
    with pytest.raises(SensNetworkError) as caught:
        result(handler)
    assert not isinstance(caught.value, SensCertificateError)
    assert "인증서" not in caught.value.message("ko")
    assert len(calls) == 4
