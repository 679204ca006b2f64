"""Reservations service against the SENS simulator: reserve, status, cancel, replace."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from console.providers.sens.client import RetryPolicy, SensClient
from console.services import reservations as svc
from console.services.sending import SendingService
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Simulator,
    start,
)
from console.store.database import Database
from console.store.history import get_request
from console.store.jobs import BatchRecipient, BatchSpec
from tests.support import batch_specs

SEOUL = ZoneInfo("Asia/Seoul")
CALLER = DEMO_CALLER_NUMBERS[0]


def make_client(sim: Simulator) -> SensClient:
    return SensClient(
        DEMO_ACCESS_KEY,
        DEMO_SECRET_KEY,
        DEMO_SERVICE_ID,
        base_url=sim.base_url,
        retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_retry_after=0.1),
    )


def reserve_text(sim: Simulator, minutes: float, tz: ZoneInfo = SEOUL) -> str:
    """A reserveTime `minutes` ahead of the simulator's (possibly fast) clock."""
    at = sim.clock.datetime() + timedelta(minutes=minutes)
    return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")


def specs(
    phones: list[str],
    reserve_time: str,
    content: str = "정기 점검 예약 안내",
    tz: str = "Asia/Seoul",
) -> list[BatchSpec]:
    return batch_specs(
        phones,
        caller=CALLER,
        content=content,
        recipient=lambda n: BatchRecipient(n, f"고객{n[-2:]}"),
        reserveTime=reserve_time,
        reserveTimeZone=tz,
    )


async def reserve(
    db: Database, client: SensClient, phones: list[str], reserve_time: str, **kw: Any
) -> tuple[str, list[str]]:
    """Reserve through the real sending service (which records sent_requests)."""
    service = SendingService(db, client, settle_seconds=0.2)
    meta = kw.pop("meta", None)
    job_id = service.create_job(
        specs(phones, reserve_time, **kw), profile="demo", service_id=DEMO_SERVICE_ID, meta=meta
    )
    progress = await service.run(job_id)
    assert progress.state == "completed", progress.reason
    return job_id, svc.store.request_ids_of_job(db, job_id)


def phones(n: int, prefix: str = "0107") -> list[str]:
    return [f"{prefix}{i:07d}" for i in range(n)]


def test_reserve_ready_cancel_canceled(db: Database) -> None:
    with start(port=0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                _job, ids = await reserve(db, client, phones(3), reserve_text(sim, 30))
                listed = svc.list_reservations(db, DEMO_SERVICE_ID)
                assert [r.request_id for r in listed] == ids
                assert listed[0].effective_status is None  # not checked yet
                report = await svc.refresh_statuses(db, client, service_id=DEMO_SERVICE_ID)
                assert report.checked == 1 and report.error is None
                row = svc.list_reservations(db)[0]
                assert row.status == "READY" and row.recipient_count == 3 and row.is_active
                assert row.checked_at is not None
                results = await svc.cancel_reservations(db, client, ids)
                assert [r.outcome for r in results] == ["cancelled"]
                row = svc.list_reservations(db)[0]
                assert row.status == "CANCELED" and row.outcome == "cancelled"
                # History shows it cancelled and stops polling it
                request = get_request(db, ids[0])
                assert request is not None and request.status == "cancelled"
                # SENS agrees; and cancelling again is reported, without another DELETE
                await svc.refresh_statuses(db, client, ids, include_final=True)
                assert svc.list_reservations(db)[0].status == "CANCELED"
                again = await svc.cancel_reservations(db, client, ids)
                assert again[0].outcome == "cancelled"
            finally:
                await client.aclose()

        asyncio.run(go())
        assert len(sim.accepted_messages()) == 3


def test_reservation_reaching_its_time_becomes_done(db: Database) -> None:
    # 600x: ten simulated minutes pass in one real second.
    with start(port=0, time_scale=600, delivery_delay=5.0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                _job, ids = await reserve(db, client, phones(2), reserve_text(sim, 12))
                await svc.refresh_statuses(db, client)
                assert svc.list_reservations(db)[0].status == "READY"
                seen = set()
                for _ in range(100):
                    await asyncio.sleep(0.1)
                    await svc.refresh_statuses(db, client)
                    status = svc.list_reservations(db)[0].status
                    seen.add(status)
                    if status == "DONE":
                        break
                assert status == "DONE", seen
                # a finished reservation is no longer checked, and cannot be cancelled
                report = await svc.refresh_statuses(db, client)
                assert report.checked == 0
                result = (await svc.cancel_reservations(db, client, ids))[0]
                assert result.outcome == "already_sent" and "발송" in result.message_ko
            finally:
                await client.aclose()

        asyncio.run(go())


def test_cancel_after_send_time_says_already_sent(db: Database) -> None:
    with start(port=0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                _job, ids = await reserve(db, client, phones(1), reserve_text(sim, 15))
                sim.clock.advance(20 * 60)  # the console has not seen the status change
                result = (await svc.cancel_reservations(db, client, ids))[0]
                assert result.outcome == "already_sent", result
                assert svc.list_reservations(db)[0].status in ("PROCESSING", "DONE")
                missing = (await svc.cancel_reservations(db, client, ["no-such-id"]))[0]
                assert missing.outcome == "not_found"
            finally:
                await client.aclose()

        asyncio.run(go())


def test_network_loss_keeps_the_list(db: Database) -> None:
    sim = start(port=0)
    client = make_client(sim)

    async def go() -> None:
        try:
            _job, ids = await reserve(db, client, phones(2), reserve_text(sim, 40))
            await svc.refresh_statuses(db, client)
            sim.stop()
            report = await svc.refresh_statuses(db, client)
            assert report.error is not None and report.checked == 0
            assert "SENS" in report.error.message_en
            rows = svc.list_reservations(db)
            assert len(rows) == 1 and rows[0].status == "READY"
            assert rows[0].check_error == "network"
            result = (await svc.cancel_reservations(db, client, ids))[0]
            assert result.outcome == "failed" and "still stands" in result.message_en
            assert svc.list_reservations(db)[0].is_active
        finally:
            await client.aclose()

    try:
        asyncio.run(go())
    finally:
        sim.stop()


def test_edit_replaces_only_after_new_one_is_accepted(db: Database) -> None:
    with start(port=0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                _job, old = await reserve(db, client, phones(150), reserve_text(sim, 30))
                assert len(old) == 2  # 150 recipients: two requests, edited as one
                prefill = svc.edit_prefill(db, old[:1])
                assert prefill[svc.REPLACES_META_KEY] == old
                assert len(prefill["recipients"]) == 150
                assert prefill["recipients"][0]["name"].startswith("고객")
                # nothing accepted yet: replacing refuses and keeps the old one
                with pytest.raises(svc.ReplacementNotAccepted):
                    await svc.replace_reservation(db, client, old, ["unknown-request"])
                await svc.refresh_statuses(db, client)
                assert all(r.status == "READY" for r in svc.list_reservations(db))
                # Compose sends the copy (new time), then calls replace_reservation
                _new_job, new = await reserve(
                    db, client, [str(r["phone"]) for r in prefill["recipients"]],
                    reserve_text(sim, 60), content="변경된 예약 안내",
                    meta={svc.REPLACES_META_KEY: old},
                )
                results = await svc.replace_reservation(db, client, old, new)
                assert [r.outcome for r in results] == ["cancelled", "cancelled"]
                rows = {r.request_id: r for r in svc.list_reservations(db)}
                assert all(rows[i].replaced_by == tuple(new) for i in old)
                await svc.refresh_statuses(db, client, include_final=True)
                rows = {r.request_id: r for r in svc.list_reservations(db)}
                assert [rows[i].status for i in old] == ["CANCELED", "CANCELED"]
                assert [rows[i].status for i in new] == ["READY", "READY"]
                assert {r.request_id for r in svc.upcoming(db, DEMO_SERVICE_ID)} == set(new)
            finally:
                await client.aclose()

        asyncio.run(go())


def test_replacement_finished_later_when_the_cancel_step_failed(db: Database) -> None:
    """The Compose call never came (or failed): a page refresh completes the replacement."""
    with start(port=0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                _job, old = await reserve(db, client, phones(2), reserve_text(sim, 30))
                _new_job, new = await reserve(
                    db, client, phones(2), reserve_text(sim, 45),
                    meta={svc.REPLACES_META_KEY: old},
                )
                # an unrelated reservation without a marker stays untouched
                _other, other = await reserve(db, client, phones(1, "0109"), reserve_text(sim, 50))
                results = await svc.complete_replacements(db, client, DEMO_SERVICE_ID)
                assert [(r.request_id, r.outcome) for r in results] == [(old[0], "cancelled")]
                assert await svc.complete_replacements(db, client) == []
                await svc.refresh_statuses(db, client, include_final=True)
                status = {r.request_id: r.status for r in svc.list_reservations(db)}
                assert status == {old[0]: "CANCELED", new[0]: "READY", other[0]: "READY"}
            finally:
                await client.aclose()

        asyncio.run(go())


def test_time_zones_are_kept(db: Database) -> None:
    with start(port=0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                la = ZoneInfo("America/Los_Angeles")
                text = reserve_text(sim, 90, tz=la)
                await reserve(db, client, phones(1), text, tz="America/Los_Angeles")
                await svc.refresh_statuses(db, client)
                row = svc.list_reservations(db)[0]
                assert row.reserve_tz == "America/Los_Angeles" and row.reserve_time == text
                assert row.reserve_at is not None
                expected = sim.clock.datetime() + timedelta(minutes=90)
                assert abs((row.reserve_at - expected).total_seconds()) < 120
                assert row.reserve_at.astimezone(UTC).tzinfo is UTC
                assert svc.upcoming(db, now=datetime.now(UTC)) == [row]
            finally:
                await client.aclose()

        asyncio.run(go())


def test_finish_replacement_only_when_the_whole_copy_was_accepted(db: Database) -> None:
    with start(port=0) as sim:

        async def go() -> None:
            client = make_client(sim)
            try:
                _job, old = await reserve(db, client, phones(2), reserve_text(sim, 30))
                # a copy whose second batch SENS refuses (a bad number): partly accepted
                service = SendingService(db, client, settle_seconds=0.2)
                when = reserve_text(sim, 50)
                good, bad = specs(phones(1, "0105"), when), specs(["010-1234-5678"], when)
                partial = service.create_job(
                    good + bad, profile="demo", service_id=DEMO_SERVICE_ID,
                    meta={svc.REPLACES_META_KEY: old},
                )
                progress = await service.run(partial)
                assert progress.failed_batches == 1 and progress.accepted_batches == 1
                assert await svc.finish_replacement(db, client, partial) == []
                assert await svc.complete_replacements(db, client) == []
                await svc.refresh_statuses(db, client)
                assert svc.get_reservations(db, old)[0].status == "READY"
                # a complete copy replaces it; a second call changes nothing
                full, _new = await reserve(
                    db, client, phones(2), reserve_text(sim, 55), meta={svc.REPLACES_META_KEY: old}
                )
                results = await svc.finish_replacement(db, client, full)
                assert [r.outcome for r in results] == ["cancelled"]
                assert await svc.finish_replacement(db, client, full) == []
                assert await svc.finish_replacement(db, client, "no-such-job") == []
            finally:
                await client.aclose()

        asyncio.run(go())
