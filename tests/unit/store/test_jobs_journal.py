"""The send-job journal: plan written up front, guarded batch transitions, History rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from console.errors import ConsoleError
from console.store.database import Database
from console.store.history import (
    AcceptedRequest,
    SentMessage,
    get_request,
    message_rows,
    requests_of_job,
)
from console.store.jobs import BatchRecipient, BatchSpec, JobStore, StaleBatchError


def _spec(numbers: list[str], kind: str = "SMS") -> BatchSpec:
    body = {
        "type": kind,
        "contentType": "COMM",
        "countryCode": "82",
        "from": "0212345678",
        "content": "안내 말씀",
        "messages": [{"to": n} for n in numbers],
    }
    recipients = [BatchRecipient(n, f"이름{i}", {"dept": "총무"}) for i, n in enumerate(numbers)]
    return BatchSpec(kind, body, recipients, cost=8.0 * len(numbers))


@pytest.fixture
def store(tmp_path: Path) -> JobStore:
    return JobStore(Database(tmp_path / "jobs.db"))


def test_plan_is_written_before_sending(store: JobStore) -> None:
    job_id = store.create_job(
        [_spec(["01011110000", "01011110001"]), _spec(["01022220000"], "LMS")],
        profile="office",
        service_id="svc",
        title="공지",
    )
    job = store.job(job_id)
    assert (job.state, job.total_batches, job.total_recipients) == ("planned", 2, 3)
    assert [b.state for b in store.batches(job_id)] == ["planned", "planned"]
    payload = store.payload(job_id, 1)
    assert payload.body["type"] == "LMS" and payload.body["messages"] == [{"to": "01022220000"}]
    assert payload.recipients[0] == BatchRecipient("01022220000", "이름0", {"dept": "총무"})
    assert [j.job_id for j in store.unfinished_jobs()] == [job_id]


def test_batch_spec_checks_shape() -> None:
    with pytest.raises(ValueError):
        BatchSpec("SMS", {"messages": [{"to": "1"}]}, [])
    with pytest.raises(ValueError):
        BatchSpec("SMS", {"messages": [{"to": "1"}] * 101}, [BatchRecipient("1")] * 101)


def test_accepted_batch_appears_in_history_atomically(store: JobStore) -> None:
    job_id = store.create_job([_spec(["01011110000", "01011110001"])], profile="office")
    at = datetime(2026, 3, 1, 1, 2, 3, tzinfo=UTC)
    store.mark_sending(job_id, 0, at)
    batch = store.batch(job_id, 0)
    assert (batch.state, batch.attempts, batch.attempt_started_at) == ("sending", 1, at)
    request = AcceptedRequest(
        request_id="R1",
        accepted_at=at,
        type="SMS",
        caller="0212345678",
        content="안내 말씀",
        messages=[
            SentMessage("01011110000", "이름0", {"dept": "총무"}),
            SentMessage("01011110001"),
        ],
        job_id=job_id,
        batch_seq=0,
        profile="office",
        cost=16.0,
    )
    store.mark_accepted(job_id, 0, request)
    assert store.batch(job_id, 0).request_id == "R1"
    assert store.batch_for_request("R1") == (job_id, 0)
    row = get_request(store.db, "R1")
    assert row is not None and row.recipient_count == 2 and row.status == "accepted"
    assert [r.request_id for r in requests_of_job(store.db, job_id)] == ["R1"]
    messages = message_rows(store.db, "R1")
    assert [m["to_number"] for m in messages] == ["01011110000", "01011110001"]
    assert messages[0]["fields"] == {"dept": "총무"} and messages[0]["outcome"] == "pending"
    # accepted is final: it can be neither re-sent nor re-accepted
    with pytest.raises(StaleBatchError):
        store.mark_sending(job_id, 0, at)
    with pytest.raises(StaleBatchError):
        store.mark_accepted(job_id, 0, request)


def test_history_failure_rolls_back_the_acceptance(store: JobStore) -> None:
    job_id = store.create_job([_spec(["01011110000"])])
    store.mark_sending(job_id, 0, datetime.now(UTC))
    bad = AcceptedRequest(
        request_id="R2",
        accepted_at=datetime.now(UTC).replace(tzinfo=None),  # naive: refused by the store
        type="SMS",
        caller="0212345678",
        content="x",
        messages=[SentMessage("01011110000")],
    )
    with pytest.raises(ValueError):
        store.mark_accepted(job_id, 0, bad)
    assert store.batch(job_id, 0).state == "sending"
    assert get_request(store.db, "R2") is None


def test_only_uncertain_batches_go_back_to_planned(store: JobStore) -> None:
    job_id = store.create_job([_spec(["01011110000"]), _spec(["01011110001"])])
    with pytest.raises(StaleBatchError):
        store.mark_not_sent(job_id, 0)  # planned: nothing to prove
    store.mark_sending(job_id, 0, datetime.now(UTC))
    store.mark_ambiguous(job_id, 0, ConsoleError("timed out", "시간 초과"))
    assert store.batch(job_id, 0).reason_ko == "시간 초과"
    store.mark_not_sent(job_id, 0)
    assert store.batch(job_id, 0).state == "planned"
    store.mark_sending(job_id, 0, datetime.now(UTC))
    assert store.batch(job_id, 0).attempts == 2
    store.mark_failed(job_id, 0, ConsoleError("bad caller", "발신번호 오류"))
    counts = store.counts(job_id)
    assert counts["failed"].batches == 1 and counts["planned"].recipients == 1
    assert store.cancel_planned(job_id) == 1
    assert store.counts(job_id)["cancelled"].batches == 1


def test_job_states_and_unfinished(store: JobStore) -> None:
    first = store.create_job([_spec(["01011110000"])])
    second = store.create_job([_spec(["01011110001"])])
    store.set_job_state(first, "paused", ConsoleError("offline", "오프라인"))
    store.set_job_state(second, "completed")
    unfinished = store.unfinished_jobs()
    assert [j.job_id for j in unfinished] == [first]
    assert unfinished[0].reason("ko") == "오프라인" and unfinished[0].finished_at is None
    assert store.job(second).finished_at is not None
    with pytest.raises(ValueError):
        store.set_job_state(first, "bogus")


def test_journal_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    store = JobStore(Database(path))
    job_id = store.create_job([_spec(["01011110000"])])
    store.mark_sending(job_id, 0, datetime.now(UTC))
    store.db.close()
    reopened = JobStore(Database(path))
    assert reopened.batch(job_id, 0).state == "sending"
    assert [j.job_id for j in reopened.unfinished_jobs()] == [job_id]
