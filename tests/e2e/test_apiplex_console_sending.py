"""API PLEX sending service against the API PLEX simulator: journal, History rows, webhooks."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from console.domain.models import Draft, Recipient
from console.domain.plan import build_plan
from console.providers.apiplex import ApiPlexClient
from console.services.apiplex_sending import (
    ApiPlexSendingService,
    TitleTooLongError,
    apply_results_to_history,
    request_id_for,
    specs_from_plan,
)
from console.services.webhooks import WebhookReceiver
from console.simulator.apiplex import (
    DEMO_SECRET_KEY,
    DEMO_SENDER_NUMBERS,
    DEMO_USER_ID,
    ApiPlexSimulator,
    start,
)
from console.store.apiplex import ApiPlexStore
from console.store.database import Database
from console.store.jobs import JobStore
from tests.support import wait_until

CALLER = DEMO_SENDER_NUMBERS[0]


def _numbers(n: int) -> list[str]:
    return [f"0101234{i:04d}" for i in range(n)]


def _specs(draft: Draft, numbers: list[str]) -> list[Any]:
    people = [Recipient(phone=n, name=f"고객{i}") for i, n in enumerate(numbers)]
    plan = build_plan(_without_subject(draft), people)
    return specs_from_plan(plan, subject=draft.subject, missing=draft.missing_variables)


def _without_subject(draft: Draft) -> Draft:
    from dataclasses import replace

    return replace(draft, subject="")


def _history(db: Database) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    conn = db.connection()
    requests = [dict(r) for r in conn.execute("SELECT * FROM sent_requests ORDER BY batch_seq")]
    messages = [dict(r) for r in conn.execute("SELECT * FROM sent_messages ORDER BY id")]
    return requests, messages


@contextlib.asynccontextmanager
async def simulated(
    *, user: str = DEMO_USER_ID, secret: str = DEMO_SECRET_KEY, **knobs: Any
) -> AsyncIterator[tuple[ApiPlexSimulator, ApiPlexClient]]:
    """An API PLEX simulator with `knobs` and a client on it (demo account unless told);
    the client is closed and the simulator stopped afterwards."""
    sim = start(**knobs)
    client = ApiPlexClient(user, secret, base_url=sim.base_url)
    try:
        yield sim, client
    finally:
        await client.aclose()
        sim.stop()


def test_split_into_tens_with_fixed_keys_and_title_limit() -> None:
    draft = Draft(content="가" * 60, subject="안내" * 12, caller=CALLER)  # 48-byte title
    specs = _specs(draft, _numbers(23))
    assert [len(s.recipients) for s in specs] == [10, 10, 3]
    keys = [m["key"] for s in specs for m in s.body["messages"]]
    assert len(set(keys)) == 23
    assert all(m["title"] == "안내" * 12 for s in specs for m in s.body["messages"])
    assert specs[0].body["product"] == "LMS"
    with pytest.raises(TitleTooLongError):
        _specs(Draft(content="가" * 60, subject="안내" * 13, caller=CALLER), _numbers(2))


def test_international_batches_go_through_gms() -> None:
    draft = Draft(content="Hello from Seoul", caller=CALLER, country_code="41")
    plan = build_plan(draft, [Recipient(phone="793026727")])
    [spec] = specs_from_plan(plan)
    assert spec.body["product"] == "GMS"
    assert spec.body["messages"][0]["to"] == "41793026727"


def test_send_records_history_and_webhook_updates_it(qloop: Any, db: Database) -> None:
    async def scenario() -> None:
        receiver = WebhookReceiver(ApiPlexStore(db), on_results=lambda results: changed.append(
            apply_results_to_history(db, [r.key for r in results], language="en")
        ))
        receiver.start()
        try:
            async with simulated(
                webhook_url=receiver.url, webhook_delay=0.05, outcomes={"0": 1.0}
            ) as (sim, client):
                service = ApiPlexSendingService(db, client, language="en", receiver_enabled=True)
                specs = _specs(Draft(content="안녕하세요 #{이름}님", caller=CALLER), _numbers(12))
                specs[1].body["messages"][-1]["to"] = "0101"  # API PLEX refuses it (G141)
                job_id = await service.create_job_async(specs, profile="office")
                progress = await service.run(job_id)
                assert progress.state == "completed"
                assert progress.accepted_recipients == 11 and progress.failed_recipients == 1
                requests, messages = _history(db)
                assert [r["provider"] for r in requests] == ["apiplex", "apiplex"]
                assert requests[0]["request_id"] == request_id_for(job_id, 0)
                assert len(messages) == 12 and all(m["message_id"] for m in messages)
                second = request_id_for(job_id, 1)
                refused = next(m for m in messages if m["request_id"] == second and m["seq"] == 1)
                assert refused["outcome"] == "failed" and refused["status_code"] == "G141"
                assert len(sim.accepted_messages()) == 11
                await wait_until(
                    lambda: _history(db)[0][0]["success_count"]
                    + _history(db)[0][1]["success_count"]
                    == 11,
                    timeout=10,
                )
                requests, messages = _history(db)
                delivered = [m for m in messages if m["outcome"] == "success"]
                assert len(delivered) == 11 and all(m["status"] == "COMPLETED" for m in delivered)
                assert all(m["complete_time"] for m in delivered)
                assert requests[0]["final"] == 1 and requests[1]["final"] == 1
                assert changed
        finally:
            receiver.stop()

    changed: list[set[str]] = []
    qloop.run_until_complete(scenario())


def test_without_webhook_history_says_accepted_is_the_last_known_state(
    qloop: Any, db: Database
) -> None:
    async def scenario() -> None:
        async with simulated() as (_sim, client):
            service = ApiPlexSendingService(db, client, language="en", receiver_enabled=False)
            job_id = service.create_job(_specs(Draft(content="공지", caller=CALLER), _numbers(2)))
            await service.run(job_id)

    qloop.run_until_complete(scenario())
    _requests, messages = _history(db)
    assert all(m["outcome"] == "pending" and m["status"] == "READY" for m in messages)
    assert all("last known state" in m["status_message"] for m in messages)
    assert all("webhook receiver is off" in m["status_message"] for m in messages)


def test_dropped_answer_is_never_resent_and_a_webhook_settles_it(
    qloop: Any, db: Database
) -> None:
    async def scenario() -> None:
        store = ApiPlexStore(db)
        async with simulated(drop_rate=1.0, seed=3) as (sim, client):
            service = ApiPlexSendingService(db, client, language="en", receiver_enabled=True)
            job_id = service.create_job(_specs(Draft(content="공지", caller=CALLER), _numbers(3)))
            progress = await service.run(job_id)
            assert progress.state == "paused" and progress.ambiguous_batches == 1
            assert progress.reason is not None and "not sent again" in progress.reason.message_en
            keys = [m.msg_key for m in store.messages(job_ref=job_id)]
            assert {m.state for m in store.messages(job_ref=job_id)} == {"unknown"}
            requests, messages = _history(db)
            assert requests[0]["status"] == "unknown" and len(messages) == 3
            # Resuming does not send again: API PLEX cannot be asked.
            sim.drop_rate = 0.0
            again = await service.run(job_id)
            assert again.state == "paused"
            assert len(sim.request_log()) == 1
            # A webhook result for one key proves the request arrived.
            store.record_result(keys[0], product="SMS", code="0", desc="성공", ok=True)
            apply_results_to_history(db, keys, language="en")
            settled = await service.run(job_id)
            assert settled.state == "completed" and settled.accepted_recipients == 3
            assert len(sim.request_log()) == 1
            assert JobStore(db).batch(job_id, 0).state == "accepted"
            requests, messages = _history(db)
            assert requests[0]["status"] == "unknown"  # two are still in doubt
            assert sorted(m["outcome"] for m in messages) == ["pending", "pending", "success"]

    qloop.run_until_complete(scenario())


def test_auth_error_pauses_without_sending_and_resume_reuses_keys(
    qloop: Any, db: Database
) -> None:
    async def scenario() -> None:
        sim = start()
        wrong = ApiPlexClient(DEMO_USER_ID, "wrong-secret", base_url=sim.base_url)
        right = ApiPlexClient(DEMO_USER_ID, DEMO_SECRET_KEY, base_url=sim.base_url)
        try:
            specs = _specs(Draft(content="공지", caller=CALLER), _numbers(2))
            keys = [m["key"] for m in specs[0].body["messages"]]
            paused = await ApiPlexSendingService(db, wrong).run(
                ApiPlexSendingService(db, wrong).create_job(specs)
            )
            assert paused.state == "paused" and paused.reason is not None
            assert "credentials" in paused.reason.message_en
            assert sim.accepted_messages() == []
            job_id = paused.job_id
            done = await ApiPlexSendingService(db, right).run(job_id)
            assert done.state == "completed" and done.accepted_recipients == 2
            assert sorted(m["msg_key"] for m in sim.accepted_messages()) == sorted(keys)
        finally:
            await wrong.aclose()
            await right.aclose()
            sim.stop()

    qloop.run_until_complete(scenario())


def test_cancel_stops_before_the_next_request(qloop: Any, db: Database) -> None:
    async def scenario() -> None:
        async with simulated(latency=0.05) as (_sim, client):
            service = ApiPlexSendingService(db, client, concurrency=1)
            job_id = service.create_job(_specs(Draft(content="공지", caller=CALLER), _numbers(50)))
            cancel = asyncio.Event()

            def progress(p: Any) -> None:
                if p.accepted_batches >= 1:
                    cancel.set()

            result = await service.run(job_id, progress, cancel)
            assert result.state == "cancelled"
            assert 1 <= result.accepted_batches < 5
            assert result.cancelled_batches == 5 - result.accepted_batches

    qloop.run_until_complete(scenario())


def test_out_of_credit_pauses_before_the_next_request(qloop: Any, db: Database) -> None:
    from console.services.apiplex_sending import message_text
    from console.simulator.apiplex import Account

    async def scenario() -> None:
        async with simulated(
            accounts={"office": Account("secret", credit=12)}, user="office", secret="secret"
        ) as (sim, client):
            service = ApiPlexSendingService(db, client, concurrency=1, language="en")
            job_id = service.create_job(_specs(Draft(content="공지", caller=CALLER), _numbers(35)))
            progress = await service.run(job_id)
            assert progress.state == "paused"
            assert progress.reason is not None and "G150" in progress.reason.message_en
            # 10 + 2 accepted, 8 refused in the second request; the rest were not sent.
            assert progress.accepted_recipients == 12 and progress.failed_recipients == 8
            assert len(sim.request_log()) == 2
            _requests, messages = _history(db)
            refused = [m for m in messages if m["outcome"] == "failed"]
            assert len(refused) == 8 and {m["status_code"] for m in refused} == {"G150"}
            text = message_text(db, refused[0]["message_id"], language="en")
            assert text is not None and "Refused by API PLEX" in text
            assert JobStore(db).job(job_id).state == "paused"

    qloop.run_until_complete(scenario())


def test_a_crash_mid_request_leaves_the_batch_in_doubt_not_resent(
    qloop: Any, db: Database
) -> None:
    async def scenario() -> None:
        async with simulated() as (sim, client):
            service = ApiPlexSendingService(db, client, language="en")
            job_id = service.create_job(_specs(Draft(content="공지", caller=CALLER), _numbers(13)))
            job = JobStore(db).job(job_id)
            service._begin(job, 0)  # journalled as sending, then the process "died"
            progress = await ApiPlexSendingService(db, client, language="en").run(job_id)
            assert progress.state == "paused" and progress.ambiguous_batches == 1
            assert progress.accepted_recipients == 3  # the second batch went out
            assert [e["items"] for e in sim.request_log()] == [3]
            assert JobStore(db).batch(job_id, 0).state == "ambiguous"
            requests, _messages = _history(db)
            assert {r["status"] for r in requests} == {"unknown", "accepted"}
            states = {m.state for m in ApiPlexStore(db).messages(job_ref=job_id)}
            assert states == {"unknown", "accepted"}

    qloop.run_until_complete(scenario())
