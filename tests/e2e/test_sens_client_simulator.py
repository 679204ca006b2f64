"""The SENS client against the simulator over real loopback HTTP: every endpoint, signed
with the demo credentials, and the errors a user can meet (wrong key, skewed clock, unknown
service, invalid input, rate limit, server errors, a send whose answer was lost)."""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Coroutine, Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

import pytest
from PIL import Image

from console.providers.sens import (
    MessageItem,
    SendMessageRequest,
    SensAmbiguousSendError,
    SensAuthError,
    SensClient,
    SensClockSkewError,
    SensNotFoundError,
    SensRateLimitError,
    SensServerError,
    SensServiceNotFoundError,
    SensValidationError,
)
from console.providers.sens.client import RetryPolicy
from console.providers.sens.times import SEOUL
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Simulator,
    start,
)

CALLER = DEMO_CALLER_NUMBERS[0]
FAST_RETRY = RetryPolicy(attempts=4, base_delay=0.01, max_delay=0.05)
T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def client_for(
    sim: Simulator,
    secret: str = DEMO_SECRET_KEY,
    service_id: str = DEMO_SERVICE_ID,
    retry: RetryPolicy = FAST_RETRY,
) -> SensClient:
    return SensClient(DEMO_ACCESS_KEY, secret, service_id, base_url=sim.base_url, retry=retry)


@pytest.fixture
def sim() -> Iterator[Simulator]:
    simulator = start(port=0, seed=3, delivery_delay=1.0, delivery_jitter=0.0, outcomes={"0": 1.0})
    try:
        yield simulator
    finally:
        simulator.stop()


def sms(*numbers: str, content: str = "점검 안내", **kwargs: Any) -> SendMessageRequest:
    return SendMessageRequest("SMS", CALLER, content, [MessageItem(n) for n in numbers], **kwargs)


def small_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def test_send_search_and_result(sim: Simulator) -> None:
    async def scenario() -> None:
        async with client_for(sim) as client:
            await client.verify()
            sent = await client.send_message(sms("01012345678", "01087654321"))
            assert sent.request_time.tzinfo is not None
            records = [r async for r in client.list_requests(request_id=sent.request_id)]
            assert sorted(r.to for r in records) == ["01012345678", "01087654321"]
            assert all(r.request_id == sent.request_id for r in records)
            sim.clock.advance(10)  # READY -> PROCESSING -> COMPLETED in simulated time
            done = [r async for r in client.list_requests(request_id=sent.request_id)]
            assert all(r.completed and r.succeeded for r in done)
            assert all(r.complete_time is not None for r in done)
            result = await client.get_result(done[0].message_id)
            assert result.content == "점검 안내"
            assert result.succeeded and result.status_code == "0"
            assert result.describe_result("ko") == "성공"

    run(scenario())
    assert len(sim.accepted_messages()) == 2


@pytest.mark.parametrize("paging", ["nextToken", "pageIndex"])
def test_window_searches_follow_every_page(paging: str) -> None:
    simulator = start(
        port=0, seed=4, paging=paging, delivery_delay=1.0, delivery_jitter=0.0, outcomes={"0": 1.0}
    )
    numbers = [f"0105{i:07d}" for i in range(250)]

    async def scenario() -> None:
        async with client_for(simulator) as client:
            for index in range(0, len(numbers), 100):
                await client.send_message(sms(*numbers[index : index + 100]))
            now = datetime.now(SEOUL)
            # 45 days: split into two request-time windows, each paged by 100.
            by_request = [
                r async for r in client.list_requests(request_start=now - timedelta(days=45))
            ]
            assert sorted(r.to for r in by_request) == numbers
            simulator.clock.advance(10)
            # 30 hours: split into two completion windows.
            by_completion = [
                r
                async for r in client.list_requests(
                    complete_start=now - timedelta(hours=30),
                    complete_end=datetime.now(SEOUL) + timedelta(minutes=1),
                    status_name="SUCCESS",
                )
            ]
            assert len({r.message_id for r in by_completion}) == 250
            only_one = [
                r
                async for r in client.list_requests(
                    request_start=now - timedelta(hours=1), to=numbers[7]
                )
            ]
            assert [r.to for r in only_one] == [numbers[7]]

    try:
        run(scenario())
    finally:
        simulator.stop()


def test_mms_with_uploaded_image(sim: Simulator) -> None:
    async def scenario() -> None:
        async with client_for(sim) as client:
            uploaded = await client.upload_file("notice.jpg", small_jpeg())
            assert uploaded.file_id
            assert uploaded.expire_time is not None and uploaded.create_time is not None
            assert uploaded.expire_time - uploaded.create_time >= timedelta(days=5)
            again = await client.upload_file("notice.jpg", small_jpeg())
            assert again.file_id == uploaded.file_id  # same name + size: reused
            sent = await client.send_message(
                SendMessageRequest(
                    "MMS",
                    CALLER,
                    "사진 안내",
                    [MessageItem("01012345678")],
                    subject="안내",
                    files=[uploaded.file_id],
                )
            )
            sim.clock.advance(10)
            [record] = [r async for r in client.list_requests(request_id=sent.request_id)]
            result = await client.get_result(record.message_id)
            assert [f.file_id for f in result.files] == [uploaded.file_id]

    run(scenario())


def test_reservation_status_and_cancel(sim: Simulator) -> None:
    async def scenario() -> None:
        async with client_for(sim) as client:
            when = datetime.now(SEOUL) + timedelta(hours=2)
            sent = await client.send_message(sms("01012345678", reserve_time=when))
            status = await client.get_reservation_status(sent.request_id)
            assert status.reserve_id == sent.request_id
            assert status.status == "READY"
            assert status.reserve_time == when.replace(second=0, microsecond=0)
            await client.cancel_reservation(sent.request_id)
            assert (await client.get_reservation_status(sent.request_id)).status == "CANCELED"
            with pytest.raises(SensNotFoundError):
                await client.get_reservation_status("no-such-reservation")

    run(scenario())


def test_080_list_add_delete(sim: Simulator) -> None:
    numbers = [f"0107{i:07d}" for i in range(1500)]

    async def scenario() -> None:
        async with client_for(sim) as client:
            added = await client.add_unsubscribes(numbers)
            assert len(added) == 1500
            sim.register_call_unsubscribe("01099998888")
            listed = await client.list_unsubscribes()
            assert {u.number for u in listed} == {*numbers, "01099998888"}
            assert {u.kind for u in listed} == {"M", "C"}
            assert all(u.registered_at is not None for u in listed)
            one = await client.list_unsubscribes(number="01099998888")
            assert [u.kind for u in one] == ["C"]
            await client.delete_unsubscribes(numbers[:1200])
            remaining = await client.list_unsubscribes()
            assert {u.number for u in remaining} == {*numbers[1200:], "01099998888"}

    run(scenario())


def test_wrong_secret_and_unknown_service(sim: Simulator) -> None:
    async def scenario() -> None:
        async with client_for(sim, secret="not-the-secret") as client:
            with pytest.raises(SensAuthError) as caught:
                await client.verify()
            assert type(caught.value) is SensAuthError and caught.value.status == 401
            assert "Invalid signature" in (caught.value.body or "")
        async with client_for(sim, service_id="ncp:sms:kr:999:nope") as client:
            with pytest.raises(SensServiceNotFoundError) as service:
                await client.send_message(sms("01012345678"))
            assert service.value.status == 404
        async with client_for(sim) as client:
            with pytest.raises(SensNotFoundError):
                await client.get_result("no-such-message")

    run(scenario())
    assert sim.accepted_messages() == ()


def test_skewed_pc_clock_is_reported() -> None:
    simulator = start(port=0, clock_skew=7 * 60)  # the server is 7 minutes ahead

    async def scenario() -> None:
        async with client_for(simulator) as client:
            await client.verify()

    try:
        with pytest.raises(SensClockSkewError) as caught:
            run(scenario())
    finally:
        simulator.stop()
    assert caught.value.skew_seconds == pytest.approx(-420, abs=3)
    assert caught.value.message_ko.startswith("PC 시계가 7분 늦습니다")


def test_invalid_send_is_a_validation_error(sim: Simulator) -> None:
    async def scenario() -> None:
        async with client_for(sim) as client:
            with pytest.raises(SensValidationError) as caught:
                await client.send_message(
                    SendMessageRequest("SMS", "0299999999", "x", [MessageItem("01012345678")])
                )
            assert caught.value.status == 400
            assert caught.value.body

    run(scenario())
    assert sim.accepted_messages() == ()


def test_rate_limit_is_retried_then_reported() -> None:
    simulator = start(port=0, rate_limit=1.0)

    async def scenario() -> None:
        patient = RetryPolicy(attempts=8, base_delay=0.5, max_delay=1.0)
        async with client_for(simulator, retry=patient) as client:
            for _ in range(3):  # one request per second allowed: retries absorb the 429s
                await client.verify()
        async with client_for(simulator, retry=RetryPolicy(attempts=1)) as impatient:
            with pytest.raises(SensRateLimitError) as caught:
                for _ in range(3):
                    await impatient.verify()
            assert caught.value.status == 429 and caught.value.retryable

    try:
        run(scenario())
    finally:
        simulator.stop()


def test_server_errors_reads_retry_sends_do_not() -> None:
    simulator = start(port=0, error_rate=1.0)

    async def scenario() -> None:
        async with client_for(simulator) as client:
            with pytest.raises(SensServerError) as read_error:
                await client.verify()
            assert read_error.value.status == 500
            with pytest.raises(SensServerError):
                await client.send_message(sms("01012345678"))

    try:
        run(scenario())
    finally:
        simulator.stop()
    assert simulator.accepted_messages() == ()


def test_dropped_answer_to_a_send_is_ambiguous_and_not_resent() -> None:
    simulator = start(port=0, drop_rate=1.0)

    async def scenario() -> None:
        async with client_for(simulator) as client:
            started = time.monotonic()
            with pytest.raises(SensAmbiguousSendError):
                await client.send_message(sms("01012345678"))
            assert time.monotonic() - started < 10

    try:
        run(scenario())
    finally:
        simulator.stop()
    [accepted] = simulator.accepted_messages()  # accepted exactly once, never resent
    assert accepted.to == "01012345678"
