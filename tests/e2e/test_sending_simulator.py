"""Bulk sending against the SENS simulator over loopback: exactly once, whatever happens."""

from __future__ import annotations

import asyncio
import collections
from pathlib import Path
from typing import Any

from console.providers.sens.client import RetryPolicy, SensClient
from console.providers.sens.errors import SensAuthError, SensNetworkError
from console.services.sending import SendingService, SendProgress, specs_from_plan
from console.simulator import (
    DEMO_ACCESS_KEY,
    DEMO_CALLER_NUMBERS,
    DEMO_SECRET_KEY,
    DEMO_SERVICE_ID,
    Simulator,
    start,
)
from console.store.database import Database
from console.store.history import message_rows, requests_of_job
from console.store.jobs import BatchRecipient, BatchSpec
from tests.support import batch_specs

CALLER = DEMO_CALLER_NUMBERS[0]


def numbers(count: int, prefix: str = "0105") -> list[str]:
    return [f"{prefix}{i:07d}" for i in range(count)]


def make_specs(
    phones: list[str], per_batch: int = 50, content: str = "정기 점검 안내", caller: str = CALLER
) -> list[BatchSpec]:
    return batch_specs(
        phones,
        caller=caller,
        content=content,
        per_batch=per_batch,
        message=lambda n: {"to": n, "content": f"{content} #{n[-4:]}"},
        recipient=lambda n: BatchRecipient(n, f"고객{n[-4:]}", {"code": n[-4:]}),
        unit_cost=9.0,
    )


def make_client(sim: Simulator, **kwargs: Any) -> SensClient:
    return SensClient(
        kwargs.pop("access_key", DEMO_ACCESS_KEY),
        kwargs.pop("secret_key", DEMO_SECRET_KEY),
        DEMO_SERVICE_ID,
        base_url=sim.base_url,
        retry=RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05, max_retry_after=0.1),
        **kwargs,
    )


def run_job(
    db: Database,
    sim: Simulator,
    specs: list[BatchSpec],
    *,
    concurrency: int = 4,
    on_progress: Any = None,
    cancel: asyncio.Event | None = None,
    job_id: str | None = None,
    client_kwargs: dict[str, Any] | None = None,
) -> tuple[str, SendProgress, list[SendProgress]]:
    seen: list[SendProgress] = []

    async def go() -> tuple[str, SendProgress]:
        own = make_client(sim, **(client_kwargs or {}))
        service = SendingService(db, own, concurrency=concurrency, settle_seconds=0.3)
        jid = job_id or service.create_job(specs, profile="demo", title="점검 안내")

        def progress(p: SendProgress) -> None:
            seen.append(p)
            if on_progress is not None:
                on_progress(p)

        try:
            final = await service.run(jid, progress, cancel)
        finally:
            await own.aclose()
        return jid, final

    jid, final = asyncio.run(go())
    return jid, final, seen


def accepted_counts(sim: Simulator) -> collections.Counter[str]:
    return collections.Counter(m.to for m in sim.accepted_messages())


def assert_exactly_once(sim: Simulator, phones: list[str]) -> None:
    counts = accepted_counts(sim)
    duplicates = {n: c for n, c in counts.items() if c > 1}
    assert not duplicates, f"sent twice: {list(duplicates)[:5]}"
    assert set(counts) == set(phones), f"missing: {sorted(set(phones) - set(counts))[:5]}"


def test_clean_send_records_every_request_in_history(db: Database) -> None:
    phones = numbers(1000)
    with start(port=0) as sim:
        job_id, final, seen = run_job(db, sim, make_specs(phones))
        assert_exactly_once(sim, phones)
        sim_requests = {m.request_id for m in sim.accepted_messages()}
    assert final.state == "completed" and final.accepted_recipients == 1000
    assert final.pending_recipients == 0 and final.failed_batches == 0
    accepted = [p.accepted_recipients for p in seen]
    assert accepted == sorted(accepted) and seen[-1].done
    rows = requests_of_job(db, job_id)
    assert {r.request_id for r in rows} == sim_requests and len(rows) == 20
    messages = message_rows(db, rows[0].request_id)
    assert len(messages) == 50 and messages[0]["name"].startswith("고객")
    assert messages[0]["content"].startswith("정기 점검 안내 #")
    assert rows[0].cost == 450.0


def test_faults_every_recipient_exactly_once(db: Database) -> None:
    phones = numbers(2000)
    with start(port=0, seed=7, error_rate=0.15, drop_rate=0.15, rate_limit=60, latency=0.01) as sim:
        job_id, final, _ = run_job(db, sim, make_specs(phones, per_batch=50))
        assert_exactly_once(sim, phones)
        sim_requests = {m.request_id for m in sim.accepted_messages()}
    assert final.state == "completed", final.reason
    assert final.accepted_batches == 40
    assert {r.request_id for r in requests_of_job(db, job_id)} == sim_requests
    retried = (
        db.connection()
        .execute("SELECT COUNT(*) FROM send_batches WHERE job_id = ? AND attempts > 1", (job_id,))
        .fetchone()[0]
    )
    assert retried > 0  # some 500s were proven not accepted and sent again


def test_dropped_answers_are_reconciled_without_resending(db: Database) -> None:
    phones = numbers(300)
    with start(port=0, drop_rate=1.0) as sim:
        job_id, final, _ = run_job(db, sim, make_specs(phones, per_batch=100))
        assert_exactly_once(sim, phones)
        sim_requests = {m.request_id for m in sim.accepted_messages()}
    assert final.state == "completed" and final.accepted_recipients == 300
    attempts = [
        r[0]
        for r in db.connection().execute(
            "SELECT attempts FROM send_batches WHERE job_id = ?", (job_id,)
        )
    ]
    assert attempts == [1, 1, 1]  # every answer was lost, none was sent twice
    assert {r.request_id for r in requests_of_job(db, job_id)} == sim_requests


def test_cancel_stops_before_the_next_batch(db: Database) -> None:
    phones = numbers(1000)
    cancel_holder: dict[str, asyncio.Event] = {}

    def on_progress(p: SendProgress) -> None:
        if p.accepted_batches >= 3:
            cancel_holder["event"].set()

    async def go(sim: Simulator) -> SendProgress:
        cancel_holder["event"] = asyncio.Event()
        client = make_client(sim)
        service = SendingService(db, client, concurrency=2, settle_seconds=0.3)
        job_id = service.create_job(make_specs(phones, per_batch=50))

        def progress(p: SendProgress) -> None:
            on_progress(p)

        try:
            return await service.run(job_id, progress, cancel_holder["event"])
        finally:
            await client.aclose()

    with start(port=0, latency=0.05) as sim:
        final = asyncio.run(go(sim))
        counts = accepted_counts(sim)
    assert final.state == "cancelled"
    assert 3 <= final.accepted_batches <= 5  # the two in flight finish, nothing new starts
    assert final.cancelled_batches == 20 - final.accepted_batches
    assert sum(counts.values()) == final.accepted_recipients
    assert max(counts.values()) == 1


def test_validation_failure_fails_only_that_batch(db: Database) -> None:
    good = numbers(150)
    specs = make_specs(good[:100], per_batch=100) + make_specs(
        good[100:],
        per_batch=50,
        caller="0299999999",  # not a registered caller
    )
    with start(port=0) as sim:
        job_id, final, _ = run_job(db, sim, specs)
        counts = accepted_counts(sim)
    assert final.state == "completed"
    assert (final.accepted_recipients, final.failed_recipients) == (100, 50)
    assert set(counts) == set(good[:100])
    failed = (
        db.connection()
        .execute(
            "SELECT reason_ko, reason_en FROM send_batches WHERE job_id = ? AND state = 'failed'",
            (job_id,),
        )
        .fetchone()
    )
    assert "발신번호" in failed[0] and "sender number" in failed[1]


def test_wrong_keys_pause_the_job_and_send_nothing(db: Database) -> None:
    phones = numbers(200)
    with start(port=0) as sim:
        job_id, final, _ = run_job(
            db, sim, make_specs(phones), client_kwargs={"secret_key": "wrong-secret"}
        )
        assert sim.accepted_messages() == ()
        assert isinstance(final.reason, SensAuthError)
        assert final.state == "paused"
        # fixed keys: the same job resumes and completes
        _, resumed, _ = run_job(db, sim, [], job_id=job_id)
        assert_exactly_once(sim, phones)
    assert resumed.state == "completed"


def test_network_down_pauses_and_resumes_exactly_once(db: Database, tmp_path: Path) -> None:
    phones = numbers(1500)
    sim_db = tmp_path / "sim.db"
    sim = start(port=0, db_path=sim_db, latency=0.02)
    port = sim.port

    def on_progress(p: SendProgress) -> None:
        if p.accepted_batches >= 5 and not sim._stopped:
            sim.stop()  # the network goes away mid-send, with requests in flight

    job_id, paused, _ = run_job(db, sim, make_specs(phones, per_batch=50), on_progress=on_progress)
    assert paused.state == "paused"
    assert isinstance(paused.reason, SensNetworkError)
    assert 5 <= paused.accepted_batches < 30
    assert SendingService(db, make_client(sim)).unfinished_jobs()[0].job_id == job_id

    sim2 = start(port=port, db_path=sim_db)
    try:
        _, resumed, _ = run_job(db, sim2, [], job_id=job_id)
        assert resumed.state == "completed", resumed.reason
        assert_exactly_once(sim2, phones)
    finally:
        sim2.stop()


def test_resume_after_crash_reconciles_before_resending(db: Database) -> None:
    """A batch journalled 'sending' is looked up: sent ones are claimed, unsent ones resent."""
    phones = numbers(300)
    specs = make_specs(phones, per_batch=100)
    with start(port=0) as sim:

        async def crash_scenario() -> str:
            client = make_client(sim)
            service = SendingService(db, client, settle_seconds=0.0)
            job_id = service.create_job(specs)
            store = service.store
            from datetime import UTC, datetime

            # batch 0: request written and accepted, then the process "died"
            store.mark_sending(job_id, 0, datetime.now(UTC))
            await client.send_message(store.payload(job_id, 0).body)
            # batch 1: journalled 'sending' but the process died before writing it
            store.mark_sending(job_id, 1, datetime.now(UTC))
            store.set_job_state(job_id, "running")
            await client.aclose()
            return job_id

        job_id = asyncio.run(crash_scenario())
        before = {m.request_id for m in sim.accepted_messages()}
        _, final, _ = run_job(db, sim, [], job_id=job_id)
        assert_exactly_once(sim, phones)
    assert final.state == "completed"
    attempts = [
        tuple(r)
        for r in db.connection().execute(
            "SELECT seq, attempts, request_id FROM send_batches WHERE job_id = ? ORDER BY seq",
            (job_id,),
        )
    ]
    assert attempts[0][1] == 1 and attempts[0][2] in before  # claimed, not resent
    assert attempts[1][1] == 2 and attempts[1][2] not in before  # proven unsent, sent once
    assert attempts[2][1] == 1


def test_specs_from_a_domain_plan() -> None:
    from console.domain.models import (
        Batch,
        BatchMessage,
        CostEstimate,
        CostLine,
        Recipient,
        SendPlan,
    )

    recipients = (Recipient("01012345678", "홍길동", {"반": "3"}), Recipient("01087654321"))
    batch = Batch(
        index=0,
        type="LMS",
        content_type="COMM",
        country_code="82",
        from_=CALLER,
        content="기본 내용",
        subject="제목",
        messages=(
            BatchMessage("01012345678", content="홍길동님 안내"),
            BatchMessage("01087654321"),
        ),
        recipients=recipients,
    )
    plan = SendPlan(batches=(batch,), cost=CostEstimate((CostLine("LMS", 2, 30),)))
    (spec,) = specs_from_plan(plan)
    assert spec.body == batch.to_body() and spec.type == "LMS" and spec.cost == 60.0
    assert spec.recipients[0] == BatchRecipient("01012345678", "홍길동", {"반": "3"})
    assert spec.recipients[1].name == ""
