"""Sending edge cases against the simulator: 429 storms, outages, give-up, task cancellation,
reservations in doubt and a one-recipient test send."""

from __future__ import annotations

import asyncio
import collections
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from console.errors import ConsoleError
from console.providers.sens.client import RetryPolicy, SensClient
from console.providers.sens.errors import SensServerError
from console.providers.sens.times import SEOUL
from console.services.sending import SendingService, SendPaused, SendProgress
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Simulator,
    start,
)
from console.store.database import Database
from console.store.history import requests_of_job
from console.store.jobs import BatchSpec
from tests.support import batch_specs

CALLER = DEMO_CALLER_NUMBERS[0]


def specs_for(phones: list[str], per_batch: int = 50, **extra: Any) -> list[BatchSpec]:
    return batch_specs(phones, caller=CALLER, content="공지 드립니다", per_batch=per_batch, **extra)


def phones(count: int) -> list[str]:
    return [f"0107{i:07d}" for i in range(count)]


def client_for(sim: Simulator, attempts: int = 3) -> SensClient:
    return SensClient(
        DEMO_ACCESS_KEY,
        DEMO_SECRET_KEY,
        DEMO_SERVICE_ID,
        base_url=sim.base_url,
        retry=RetryPolicy(attempts=attempts, base_delay=0.01, max_delay=0.05, max_retry_after=0.1),
    )


class Wrapped:
    """A real client whose sends can be made to fail in chosen ways."""

    def __init__(self, inner: SensClient, on_send: Any) -> None:
        self.inner = inner
        self.on_send = on_send
        self.service_id = inner.service_id

    async def send_message(self, body: Any) -> Any:
        return await self.on_send(self.inner, body)

    def list_requests(self, **kwargs: Any) -> AsyncIterator[Any]:
        return self.inner.list_requests(**kwargs)

    async def get_result(self, message_id: str) -> Any:
        return await self.inner.get_result(message_id)


def once_each(sim: Simulator, expected: list[str]) -> None:
    counts = collections.Counter(m.to for m in sim.accepted_messages())
    assert max(counts.values(), default=1) == 1, "a recipient got the message twice"
    assert set(counts) == set(expected)


def test_rate_limit_storm_backs_off_and_completes(db: Database) -> None:
    numbers = phones(600)

    async def go(sim: Simulator) -> SendProgress:
        client = client_for(sim, attempts=1)  # the client gives up at once: the service backs off
        service = SendingService(db, client, concurrency=4, settle_seconds=0.2)
        job_id = service.create_job(specs_for(numbers, per_batch=20))
        try:
            return await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0, rate_limit=15) as sim:
        final = asyncio.run(go(sim))
        once_each(sim, numbers)
    assert final.state == "completed" and final.accepted_batches == 30


def test_outage_pauses_then_resume_completes(db: Database) -> None:
    numbers = phones(200)

    async def go(sim: Simulator, job_id: str | None) -> tuple[str, SendProgress]:
        client = client_for(sim)
        service = SendingService(db, client, settle_seconds=0.1)
        job_id = job_id or service.create_job(specs_for(numbers))
        try:
            return job_id, await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0, error_rate=1.0) as sim:  # every request (sends and searches) fails
        job_id, paused = asyncio.run(go(sim, None))
        assert paused.state == "paused" and isinstance(paused.reason, SensServerError)
        assert sim.accepted_messages() == ()
        sim.error_rate = 0.0  # the server recovers
        _, final = asyncio.run(go(sim, job_id))
        once_each(sim, numbers)
    assert final.state == "completed"


def test_a_batch_that_never_gets_through_fails_after_max_attempts(db: Database) -> None:
    async def refuse(inner: SensClient, body: Any) -> Any:
        if body["messages"][0]["to"] == "01070000000":
            raise SensServerError(status=500)  # never reaches SENS
        return await inner.send_message(body)

    numbers = phones(100)

    async def go(sim: Simulator) -> SendProgress:
        inner = client_for(sim)
        service = SendingService(db, Wrapped(inner, refuse), max_attempts=3, settle_seconds=0.0)
        job_id = service.create_job(specs_for(numbers, per_batch=50))
        try:
            return await service.run(job_id)
        finally:
            await inner.aclose()

    with start(port=0) as sim:
        final = asyncio.run(go(sim))
        once_each(sim, numbers[50:])
    assert final.state == "completed"
    assert (final.accepted_recipients, final.failed_recipients) == (50, 50)
    reason = (
        db.connection()
        .execute("SELECT attempts, reason_ko FROM send_batches WHERE state = 'failed'")
        .fetchone()
    )
    assert reason[0] == 3 and "3번 시도" in reason[1]


def test_unexpected_error_after_sending_is_reconciled_not_resent(db: Database) -> None:
    async def crash_after(inner: SensClient, body: Any) -> Any:
        await inner.send_message(body)
        raise RuntimeError("bug after the request went out")

    numbers = phones(150)

    async def go(sim: Simulator) -> tuple[str, SendProgress]:
        inner = client_for(sim)
        service = SendingService(db, Wrapped(inner, crash_after), settle_seconds=0.0)
        job_id = service.create_job(specs_for(numbers, per_batch=50))
        try:
            return job_id, await service.run(job_id)
        finally:
            await inner.aclose()

    with start(port=0) as sim:
        job_id, final = asyncio.run(go(sim))
        once_each(sim, numbers)
        assert {r.request_id for r in requests_of_job(db, job_id)} == {
            m.request_id for m in sim.accepted_messages()
        }
    assert final.state == "completed" and final.accepted_batches == 3


def test_task_cancelled_mid_request_leaves_a_resumable_job(db: Database) -> None:
    numbers = phones(400)

    async def interrupted(sim: Simulator) -> str:
        client = client_for(sim)
        service = SendingService(db, client, concurrency=4, settle_seconds=0.0)
        job_id = service.create_job(specs_for(numbers, per_batch=50))
        task = asyncio.ensure_future(service.run(job_id))
        while service.progress(job_id).accepted_batches < 2:
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.05)  # requests in flight
        task.cancel()  # the app quits
        with pytest.raises(asyncio.CancelledError):
            await task
        await client.aclose()
        return job_id

    async def resume(sim: Simulator, job_id: str) -> SendProgress:
        client = client_for(sim)
        service = SendingService(db, client, settle_seconds=0.0)
        assert [j.job_id for j in service.unfinished_jobs()] == [job_id]
        try:
            return await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0, latency=0.1) as sim:
        job_id = asyncio.run(interrupted(sim))
        doubt = (
            db.connection()
            .execute("SELECT COUNT(*) FROM send_batches WHERE state IN ('sending', 'ambiguous')")
            .fetchone()[0]
        )
        assert doubt > 0
        final = asyncio.run(resume(sim, job_id))
        once_each(sim, numbers)
    assert final.state == "completed"


def test_reserved_batch_in_doubt_waits_for_its_time(db: Database) -> None:
    when = (datetime.now(SEOUL) + timedelta(minutes=30)).strftime("%Y-%m-%d %H:%M")
    numbers = phones(20)

    async def go(sim: Simulator) -> SendProgress:
        client = client_for(sim)
        service = SendingService(db, client, settle_seconds=0.0)
        job_id = service.create_job(
            specs_for(numbers, reserveTime=when, reserveTimeZone="Asia/Seoul")
        )
        try:
            return await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0, drop_rate=1.0) as sim:
        final = asyncio.run(go(sim))
        once_each(sim, numbers)  # accepted once, and not sent again while in doubt
    assert final.state == "paused" and isinstance(final.reason, SendPaused)
    assert when[-5:] in final.reason.message_ko
    assert final.ambiguous_batches == 1


def test_test_send_is_a_one_recipient_job(db: Database) -> None:
    async def go(sim: Simulator) -> tuple[SendingService, str, SendProgress]:
        client = client_for(sim)
        service = SendingService(db, client)
        job_id = service.create_job(
            specs_for(["01099998888"]), kind="test", profile="demo", title="테스트 발송"
        )
        try:
            return service, job_id, await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0) as sim:
        service, job_id, final = asyncio.run(go(sim))
        assert [m.to for m in sim.accepted_messages()] == ["01099998888"]
    job = service.store.job(job_id)
    assert (job.kind, job.title, job.service_id) == ("test", "테스트 발송", DEMO_SERVICE_ID)
    assert final.state == "completed" and final.fraction == 1.0
    assert service.unfinished_jobs() == []
    stored = service.progress(job_id)
    assert stored.accepted_recipients == 1 and stored.state == "completed"


def test_declined_unfinished_job_can_be_cancelled(db: Database) -> None:
    with start(port=0) as sim:
        service = SendingService(db, client_for(sim))
        job_id = service.create_job(specs_for(phones(10)))
        service.cancel_job(job_id)
        asyncio.run(service.client.aclose())  # type: ignore[attr-defined]
    progress = service.progress(job_id)
    assert progress.state == "cancelled" and progress.cancelled_recipients == 10
    assert isinstance(SendPaused("a", "b"), ConsoleError)


@pytest.mark.slow
def test_issue_11_fault_mix_ten_thousand_recipients(db: Database) -> None:
    """10% 500s, a 429 limit, 200 ms latency, 5% accepted-then-dropped: exactly once."""
    numbers = phones(10_000)

    async def go(sim: Simulator) -> SendProgress:
        client = client_for(sim)
        service = SendingService(db, client, concurrency=4, settle_seconds=2.0)
        job_id = service.create_job(specs_for(numbers, per_batch=100))
        try:
            return await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0, seed=11, error_rate=0.1, rate_limit=12, latency=0.2, drop_rate=0.05) as sim:
        final = asyncio.run(go(sim))
        once_each(sim, numbers)
    assert final.state == "completed", final.reason
    assert final.accepted_recipients == 10_000


def test_discard_looks_up_batches_in_doubt_and_sends_nothing(db: Database) -> None:
    numbers = phones(300)

    async def scenario(sim: Simulator) -> tuple[str, SendProgress]:
        client = client_for(sim)
        service = SendingService(db, client, settle_seconds=0.0)
        job_id = service.create_job(specs_for(numbers, per_batch=100))
        store = service.store
        store.mark_sending(job_id, 0, datetime.now(UTC))
        await client.send_message(store.payload(job_id, 0).body)  # sent, then the crash
        store.mark_sending(job_id, 1, datetime.now(UTC))  # crash before writing it
        try:
            return job_id, await service.discard(job_id)
        finally:
            await client.aclose()

    with start(port=0) as sim:
        job_id, final = asyncio.run(scenario(sim))
        once_each(sim, numbers[:100])
    assert final.state == "cancelled"
    assert (final.accepted_recipients, final.cancelled_recipients) == (100, 200)
    assert len(requests_of_job(db, job_id)) == 1  # the accepted one is in History


def test_resumed_mms_with_an_expired_image_fails_without_sending(db: Database) -> None:
    from console.store.image_cache import ImageCache

    old = datetime.now(UTC) - timedelta(days=7)
    ImageCache(db).put(
        "demo",
        DEMO_SERVICE_ID,
        "hash",
        file_name="img_x.jpg",
        size=1000,
        file_id="FILE-OLD",
        created_at=old,
        expires_at=old + timedelta(days=6),
    )
    specs = specs_for(phones(10), files=[{"fileId": "FILE-OLD"}])

    async def go(sim: Simulator) -> SendProgress:
        client = client_for(sim)
        service = SendingService(db, client)
        job_id = service.create_job(specs)
        try:
            return await service.run(job_id)
        finally:
            await client.aclose()

    with start(port=0) as sim:
        final = asyncio.run(go(sim))
        assert sim.accepted_messages() == ()
    assert final.state == "completed" and final.failed_recipients == 10
    reason = db.connection().execute("SELECT reason_ko FROM send_batches").fetchone()[0]
    assert "만료" in reason
