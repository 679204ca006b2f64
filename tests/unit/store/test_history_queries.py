"""History store: merging results, counters, the poll queue, view filters and summaries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.store.database import Database
from console.store.history import (
    AcceptedRequest,
    HistoryFilter,
    MessageUpdate,
    SentMessage,
    apply_updates,
    count_requests,
    daily_outcomes,
    due_requests,
    export_rows,
    insert_accepted,
    message_page,
    next_poll_time,
    refresh_counts,
    request_page,
    resolve_filter,
    schedule_poll,
    summary,
)

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def record(
    db: Database,
    rid: str,
    numbers: list[str],
    *,
    at: datetime = NOW,
    service: str | None = "svc",
    provider: str = "sens",
    cost: float | None = None,
    content: str = "안내",
    caller: str = "0212345678",
    names: list[str] | None = None,
) -> None:
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=rid,
                accepted_at=at,
                type="SMS",
                caller=caller,
                content=content,
                messages=[
                    SentMessage(to=n, name=(names[i] if names else ""))
                    for i, n in enumerate(numbers)
                ],
                cost=cost,
                service_id=service,
                provider=provider,
            ),
        )


def done(mid: str, to: str, code: str = "0") -> MessageUpdate:
    return MessageUpdate(
        message_id=mid,
        to=to,
        status="COMPLETED",
        outcome="success" if code == "0" else "failed",
        status_code=code,
        complete_time=NOW + timedelta(seconds=3),
        telco="SKT",
    )


def rows(db: Database, rid: str) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in db.connection().execute(
            "SELECT seq, to_number, message_id, outcome, status_code FROM sent_messages "
            "WHERE request_id = ? ORDER BY seq",
            (rid,),
        )
    ]


def test_results_match_by_number_then_by_message_id(db: Database) -> None:
    # The same number twice in one request: each listing claims one recipient row.
    record(db, "r1", ["01011112222", "01033334444", "01011112222"])
    with db.transaction() as conn:
        changed = apply_updates(
            conn,
            "r1",
            [
                MessageUpdate("m1", "01011112222", "READY", "pending"),
                MessageUpdate("m2", "01033334444", "READY", "pending"),
                MessageUpdate("m3", "01011112222", "READY", "pending"),
            ],
        )
    assert changed == 3
    assert [r[2] for r in rows(db, "r1")] == ["m1", "m2", "m3"]
    with db.transaction() as conn:
        assert (
            apply_updates(conn, "r1", [MessageUpdate("m2", "01033334444", "READY", "pending")]) == 0
        )
        assert apply_updates(conn, "r1", [done("m3", "01011112222", "3001")]) == 1
        counts = refresh_counts(conn, "r1")
    assert rows(db, "r1")[2][3:] == ("failed", "3001")
    assert (counts.success, counts.failed, counts.pending) == (0, 1, 2)


def test_unknown_messages_are_added_and_counted(db: Database) -> None:
    record(db, "r1", ["01011112222"])
    with db.transaction() as conn:
        apply_updates(conn, "r1", [done("m1", "01011112222"), done("m9", "01099990000", "2003")])
        counts = refresh_counts(conn, "r1")
    assert [r[1] for r in rows(db, "r1")] == ["01011112222", "01099990000"]
    assert counts.total == 2
    total = db.connection().execute("SELECT recipient_count FROM sent_requests").fetchone()[0]
    assert total == 2


def test_poll_queue_only_offers_due_unfinished_sens_requests_of_the_service(db: Database) -> None:
    record(db, "due", ["01000000001"])
    record(db, "later", ["01000000002"])
    record(db, "final", ["01000000003"])
    record(db, "other-service", ["01000000004"], service="another")
    record(db, "no-service", ["01000000005"], service=None)
    record(db, "apiplex", ["01000000006"], provider="apiplex")
    record(db, "cancelled", ["01000000007"])
    with db.transaction() as conn:
        schedule_poll(
            conn,
            "later",
            polled_at=NOW,
            next_at=NOW + timedelta(minutes=5),
            attempts=2,
            final=False,
        )
        schedule_poll(conn, "final", polled_at=NOW, next_at=None, attempts=0, final=True)
        conn.execute("UPDATE sent_requests SET status = 'cancelled' WHERE request_id='cancelled'")
    conn = db.connection()
    due = {t.request_id for t in due_requests(conn, NOW, "svc")}
    assert due == {"due", "no-service"}
    assert next_poll_time(conn, "svc") == datetime.fromtimestamp(0, UTC)  # something due now
    later = due_requests(conn, NOW + timedelta(minutes=6), "svc")
    assert "later" in {t.request_id for t in later}
    assert next(t for t in later if t.request_id == "later").poll_attempts == 2


def test_filters_counts_pages_and_summary(db: Database) -> None:
    record(
        db,
        "a",
        ["01011110000", "01011110001"],
        cost=18.0,
        content="점검 100% 안내",
        names=["김철수", "이영희"],
    )
    record(
        db,
        "b",
        ["01022220000", "01022220001", "01022220002", "01022220003"],
        at=NOW - timedelta(days=1),
        cost=40.0,
        caller="01000000000",
    )
    with db.transaction() as conn:
        apply_updates(conn, "a", [done("a0", "01011110000"), done("a1", "01011110001", "3001")])
        apply_updates(conn, "b", [done("b0", "01022220000")])
        refresh_counts(conn, "a")
        refresh_counts(conn, "b")
    conn = db.connection()
    everything = HistoryFilter()
    assert count_requests(conn, everything) == 2
    assert [r["request_id"] for r in request_page(conn, everything)] == ["a", "b"]
    assert [r["request_id"] for r in request_page(conn, everything, descending=False)] == [
        "b",
        "a",
    ]
    s = summary(conn, everything)
    assert (s.sent, s.delivered, s.failed, s.pending, s.cost) == (6, 2, 1, 3, 58.0)
    assert s.delivery_rate == pytest.approx(2 / 3)
    failed = HistoryFilter(outcome="failed")
    assert [r["request_id"] for r in request_page(conn, failed)] == ["a"]
    s = summary(conn, failed)
    assert (s.sent, s.failed, s.cost) == (1, 1, 9.0)
    assert [r["to_number"] for r in message_page(conn, "a", failed)] == ["01011110001"]
    pending = HistoryFilter(outcome="pending")
    assert summary(conn, pending).pending == 3
    assert count_requests(conn, HistoryFilter(caller="010-0000-0000")) == 1
    assert count_requests(conn, HistoryFilter(start=NOW - timedelta(hours=1))) == 1
    number = HistoryFilter(recipient="2222-0003")
    assert [r["request_id"] for r in request_page(conn, number)] == ["b"]
    s = summary(conn, number)
    assert (s.sent, s.pending, s.cost) == (1, 1, 10.0)
    # '%' in a search is a literal, not a wildcard; names are searched too.
    assert count_requests(conn, HistoryFilter(text="100%")) == 1
    assert count_requests(conn, HistoryFilter(text="0%")) == 1
    assert count_requests(conn, HistoryFilter(text="1%0")) == 0
    assert count_requests(conn, HistoryFilter(text="영희")) == 1
    days = daily_outcomes(conn, everything, utc_offset_minutes=540)
    assert days == [("2026-11-19", 1, 0, 3), ("2026-11-20", 1, 1, 0)]
    exported = list(export_rows(conn, failed))
    assert [(r["request_id"], r["to_number"], r["status_code"]) for r in exported] == [
        ("a", "01011110001", "3001")
    ]


@settings(max_examples=40, deadline=None)
@given(
    recipient=st.sampled_from(["", "0000", "1111", "2222000", "9", "010"]),
    text=st.sampled_from(["", "김", "점검", "1110001", "없는말", "0%"]),
    outcome=st.sampled_from([None, "success", "failed", "pending"]),
)
def test_resolved_filters_give_the_same_rows(
    tmp_path_factory: pytest.TempPathFactory, recipient: str, text: str, outcome: str | None
) -> None:
    path = tmp_path_factory.mktemp("resolve") / "h.db"
    db = Database(path)
    try:
        record(
            db, "a", ["01011110000", "01011110001"], content="점검 100% 안내", names=["김", "이"]
        )
        record(db, "b", ["01022220000", "01022220001"], content="다른 안내")
        with db.transaction() as conn:
            apply_updates(conn, "a", [done("a0", "01011110000", "3001")])
            refresh_counts(conn, "a")
            refresh_counts(conn, "b")
        conn = db.connection()
        flt = HistoryFilter(recipient=recipient or None, text=text or None, outcome=outcome)
        resolved = resolve_filter(conn, flt)
        assert count_requests(conn, resolved) == count_requests(conn, flt)
        assert [r["request_id"] for r in request_page(conn, resolved)] == [
            r["request_id"] for r in request_page(conn, flt)
        ]
        assert summary(conn, resolved) == summary(conn, flt)
    finally:
        db.close()


def test_search_indexes_exist(db: Database) -> None:
    names = {r[0] for r in db.connection().execute("SELECT name FROM sqlite_master")}
    assert {"sent_messages_number", "sent_messages_name", "sent_requests_service_poll"} <= names
    assert "sent_messages_to" not in names  # a prefix of sent_messages_number
