"""Every SensError class, produced through the client, and the retry rules (reads vs sends)."""

from __future__ import annotations

import email.utils
from typing import Any

import httpx
import pytest

from console.errors import ConsoleError
from console.providers.sens import (
    MessageItem,
    SendMessageRequest,
    SensAmbiguousSendError,
    SensAuthError,
    SensClient,
    SensClockSkewError,
    SensError,
    SensNetworkError,
    SensNotFoundError,
    SensRateLimitError,
    SensServerError,
    SensServiceNotFoundError,
    SensValidationError,
)
from tests.unit.providers.sens_fakes import (
    ACCESS,
    BASE,
    NOW,
    SERVICE,
    FakeSens,
    Sleeps,
    json_response,
    make_client,
    run,
)

REQUEST = SendMessageRequest("SMS", "0212345678", "hello", [MessageItem("01012345678")])
ACCEPTED = {
    "requestId": "R",
    "requestTime": "2026-11-20T12:00:00.000",
    "statusCode": "202",
    "statusName": "success",
}


def send(fake: Any, **kwargs: Any) -> Any:
    async def scenario() -> Any:
        async with make_client(fake, **kwargs) as client:
            return await client.send_message(REQUEST)

    return run(scenario())


def read(fake: Any, **kwargs: Any) -> Any:
    async def scenario() -> Any:
        async with make_client(fake, **kwargs) as client:
            return await client.get_reservation_status("RES-1")

    return run(scenario())


STATUS_OK = json_response(200, {"reserveId": "RES-1", "reserveStatus": "DONE"})
STATUS_PATH = "/reservations/RES-1/reserve-status"


def raising(exc_type: type[Exception]) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc_type("simulated", request=request)  # type: ignore[call-arg]

    return handler


def counting(handler: Any) -> tuple[Any, list[int]]:
    calls: list[int] = []

    def wrapped(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return handler(request)

    return wrapped, calls


def test_every_error_is_a_console_error_with_both_languages() -> None:
    errors: list[SensError] = [
        SensAuthError(),
        SensAuthError(status=403),
        SensClockSkewError(-420),
        SensServiceNotFoundError("svc"),
        SensNotFoundError(),
        SensValidationError("en", "ko"),
        SensRateLimitError(),
        SensServerError(status=503),
        SensNetworkError(),
        SensAmbiguousSendError(),
    ]
    for error in errors:
        assert isinstance(error, ConsoleError)
        assert error.message("ko") == error.message_ko
        assert error.message("en") == error.message_en
    assert [e.retryable for e in errors] == [
        False,
        False,
        False,
        False,
        False,
        False,
        True,
        True,
        True,
        False,
    ]


def test_wrong_secret_is_an_auth_error_with_status_and_body() -> None:
    fake = FakeSens()

    async def scenario() -> None:
        client = SensClient(
            ACCESS,
            "wrong-secret",
            SERVICE,
            base_url=BASE,
            transport=httpx.MockTransport(fake),
            clock=lambda: NOW,
        )
        async with client:
            await client.get_reservation_status("RES-1")

    with pytest.raises(SensAuthError) as caught:
        run(scenario())
    error = caught.value
    assert type(error) is SensAuthError
    assert error.status == 401
    assert error.body is not None and "bad sig" in error.body
    assert error.message_ko == (
        "Access Key 또는 Secret Key가 올바르지 않습니다. 설정 > 프로필에서 키를 확인하세요."
    )
    assert isinstance(error.__cause__, httpx.HTTPStatusError)
    assert fake.seen == []


def test_forbidden_is_an_auth_error() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(403, {"error": {"message": "Forbidden"}}))
    with pytest.raises(SensAuthError) as caught:
        read(fake)
    assert caught.value.status == 403
    assert "권한" in caught.value.message_ko
    assert len(fake.seen) == 1  # auth errors are not retried


@pytest.mark.parametrize(
    ("offset", "ko", "en"),
    [
        (+420, "PC 시계가 7분 늦습니다", "7 minutes slow"),
        (-3720, "PC 시계가 1시간 2분 빠릅니다", "1 hour 2 minutes fast"),
    ],
)
def test_clock_skew_is_computed_from_the_date_header(offset: int, ko: str, en: str) -> None:
    date = email.utils.formatdate(NOW + offset, usegmt=True)
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(401, {"error": {"message": "expired"}}, Date=date))
    with pytest.raises(SensClockSkewError) as caught:
        read(fake)
    error = caught.value
    assert isinstance(error, SensAuthError)
    assert error.skew_seconds == pytest.approx(-offset, abs=1)
    assert error.message_ko.startswith(ko)
    assert en in error.message_en
    assert error.status == 401 and error.body is not None


def test_small_skew_on_401_is_a_plain_auth_error() -> None:
    date = email.utils.formatdate(NOW + 30, usegmt=True)
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(401, {}, Date=date))
    with pytest.raises(SensAuthError) as caught:
        read(fake)
    assert type(caught.value) is SensAuthError
    assert caught.value.skew_seconds == pytest.approx(-30, abs=1)


def test_unknown_service_and_unknown_item() -> None:
    fake = FakeSens()
    fake.on("GET", "/messages", json_response(404, {"errorMessage": "Not found service"}))
    fake.on("GET", STATUS_PATH, json_response(404, {"errorMessage": "reservation not found"}))

    async def scenario() -> None:
        async with make_client(fake) as client:
            with pytest.raises(SensServiceNotFoundError) as service:
                async for _ in client.list_requests(request_id="R"):
                    pass
            assert service.value.status == 404
            assert SERVICE in service.value.message_ko
            with pytest.raises(SensNotFoundError) as item:
                await client.get_reservation_status("RES-1")
            assert type(item.value) is SensNotFoundError
            assert "예약" in item.value.message_ko
            assert item.value.body is not None and "reservation not found" in item.value.body

    run(scenario())


def test_bad_request_is_a_validation_error_with_the_server_detail() -> None:
    fake = FakeSens()
    body = {"status": 400, "errorMessage": "from number is not registered"}
    fake.on("POST", "/messages", json_response(400, body))
    with pytest.raises(SensValidationError) as caught:
        send(fake)
    error = caught.value
    assert error.status == 400
    assert "from number is not registered" in error.message_en
    assert "from number is not registered" in error.message_ko
    assert "발신번호" in error.message_ko
    assert len(fake.seen) == 1


def test_body_status_fail_in_a_2xx_answer_is_an_error() -> None:
    fake = FakeSens()
    fake.on(
        "POST", "/messages", json_response(202, dict(ACCEPTED, statusCode="400", statusName="fail"))
    )
    with pytest.raises(SensValidationError):
        send(fake)


def test_unreadable_answer_to_a_read_is_a_server_error() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, lambda seen: httpx.Response(200, text="<html>oops</html>"))
    with pytest.raises(SensServerError) as caught:
        read(fake)
    assert caught.value.status == 200 and caught.value.body == "<html>oops</html>"
    fake.on("GET", STATUS_PATH, json_response(200, {"reserveStatus": "READY"}))
    with pytest.raises(SensServerError) as missing:
        read(fake)
    assert "reserveId" in missing.value.message_en


@pytest.mark.parametrize(
    "answer",
    [
        lambda seen: httpx.Response(202, text="<html>oops</html>"),
        json_response(202, {"requestTime": "2026-11-20T12:00:00"}),
        json_response(202, dict(ACCEPTED, requestTime="yesterday")),
    ],
)
def test_unreadable_answer_to_a_send_is_ambiguous(answer: Any) -> None:
    fake = FakeSens()
    fake.on("POST", "/messages", answer)
    with pytest.raises(SensAmbiguousSendError) as caught:
        send(fake)
    assert caught.value.status == 202 and caught.value.body
    assert isinstance(caught.value.__cause__, ValueError | SensServerError)
    assert len(fake.seen) == 1


def test_reads_retry_5xx_with_bounded_backoff_then_succeed() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(500, {}), json_response(503, {}), STATUS_OK)
    sleeps = Sleeps()
    result = read(fake, sleep=sleeps)
    assert result.status == "DONE"
    assert len(fake.seen) == 3
    assert len(sleeps) == 2
    assert 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 1.0


def test_reads_give_up_after_the_attempt_limit() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(502, {"message": "bad gateway"}))
    sleeps = Sleeps()
    with pytest.raises(SensServerError) as caught:
        read(fake, sleep=sleeps)
    assert caught.value.status == 502
    assert "502" in caught.value.message_ko
    assert len(fake.seen) == 4 and len(sleeps) == 3
    assert all(0 <= s <= 8.0 for s in sleeps)


def test_rate_limit_honours_retry_after_and_is_raised_when_it_persists() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(429, {}, **{"Retry-After": "3"}))
    sleeps = Sleeps()
    with pytest.raises(SensRateLimitError) as caught:
        read(fake, sleep=sleeps)
    assert caught.value.status == 429 and caught.value.retry_after == 3.0
    assert caught.value.retryable
    assert sleeps == [3.0, 3.0, 3.0]


def test_reads_retry_network_errors_then_raise_network_error() -> None:
    handler, calls = counting(raising(httpx.ConnectError))
    with pytest.raises(SensNetworkError) as caught:
        read(handler)
    assert len(calls) == 4
    assert caught.value.status is None
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert "연결할 수 없습니다" in caught.value.message_ko

    handler, calls = counting(raising(httpx.ReadTimeout))
    with pytest.raises(SensNetworkError):
        read(handler)
    assert len(calls) == 4


def test_read_recovers_after_a_dropped_connection() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, STATUS_OK)
    attempts: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        return fake(request)

    assert read(flaky).status == "DONE"
    assert len(attempts) == 2


@pytest.mark.parametrize(
    "exc_type",
    [
        httpx.ReadTimeout,
        httpx.ReadError,
        httpx.WriteTimeout,
        httpx.WriteError,
        httpx.RemoteProtocolError,
    ],
)
def test_send_is_never_retried_once_written(exc_type: type[Exception]) -> None:
    handler, calls = counting(raising(exc_type))
    sleeps = Sleeps()
    with pytest.raises(SensAmbiguousSendError) as caught:
        send(handler, sleep=sleeps)
    assert len(calls) == 1 and sleeps == []
    assert isinstance(caught.value.__cause__, exc_type)
    assert "발송 내역" in caught.value.message_ko
    assert not caught.value.retryable


@pytest.mark.parametrize("status", [502, 504])
def test_send_gateway_errors_are_ambiguous(status: int) -> None:
    fake = FakeSens()
    fake.on("POST", "/messages", json_response(status, {}))
    with pytest.raises(SensAmbiguousSendError) as caught:
        send(fake)
    assert caught.value.status == status
    assert len(fake.seen) == 1


def test_send_server_error_is_not_retried() -> None:
    fake = FakeSens()
    fake.on(
        "POST",
        "/messages",
        json_response(500, {"errorMessage": "internal"}),
        json_response(202, ACCEPTED),
    )
    with pytest.raises(SensServerError) as caught:
        send(fake)
    assert caught.value.status == 500
    assert len(fake.seen) == 1


def test_send_retries_connect_errors_and_429() -> None:
    fake = FakeSens()
    fake.on("POST", "/messages", json_response(429, {}), json_response(202, ACCEPTED))
    attempts: list[int] = []

    def connect_fails_once(request: httpx.Request) -> httpx.Response:
        attempts.append(1)
        if len(attempts) == 1:
            raise httpx.ConnectError("refused", request=request)
        return fake(request)

    response = send(connect_fails_once)
    assert response.request_id == "R"
    assert len(attempts) == 3
    assert len(fake.seen) == 2  # the connect failure never reached the server

    handler, calls = counting(raising(httpx.ConnectTimeout))
    with pytest.raises(SensNetworkError):
        send(handler)
    assert len(calls) == 4


def test_each_retry_is_signed_afresh() -> None:
    fake = FakeSens()
    fake.on("GET", STATUS_PATH, json_response(500, {}), STATUS_OK)
    ticks = iter([NOW, NOW + 1.5, NOW + 3.0])
    read(fake, clock=lambda: next(ticks))
    # Both passed the fake's signature check, each with its own timestamp.
    assert [seen.timestamp for seen in fake.seen] == [
        str(int(NOW * 1000)),
        str(int((NOW + 1.5) * 1000)),
    ]


def test_unusable_base_url_is_a_network_error() -> None:
    with pytest.raises(ValueError):
        SensClient(ACCESS, "s", SERVICE, base_url="ftp://example.com")

    async def scenario() -> None:
        async with SensClient(
            ACCESS, "s", SERVICE, base_url="http://127.0.0.1:9", sleep=Sleeps()
        ) as client:
            await client.cancel_reservation("X")

    with pytest.raises(SensNetworkError):
        run(scenario())


@pytest.mark.parametrize(
    ("skew", "ko", "en"),
    [
        (-419.2, "PC 시계가 7분 늦습니다.", "The PC clock is 7 minutes slow."),
        (45, "PC 시계가 45초 빠릅니다.", "The PC clock is 45 seconds fast."),
        (7260, "PC 시계가 2시간 1분 빠릅니다.", "The PC clock is 2 hours 1 minute fast."),
    ],
)
def test_clock_skew_wording(skew: float, ko: str, en: str) -> None:
    error = SensClockSkewError(skew)
    assert error.message_ko.startswith(ko)
    assert error.message_en.startswith(en)
    assert error.skew_seconds == skew
