"""Reservations service with a scripted client: outcomes, filters, reminders, edit copies."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from console.errors import ConsoleError
from console.providers.sens.errors import (
    SensAuthError,
    SensNetworkError,
    SensNotFoundError,
    SensServerError,
    SensValidationError,
)
from console.services import reservations as svc
from console.store.database import Database
from console.store.history import AcceptedRequest, SentMessage, insert_accepted
from console.store.reservations import reserve_instant

SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=SEOUL)


@dataclass
class Status:
    reserve_id: str
    status: str
    reserve_time: datetime | None = None
    reserve_time_zone: str | None = None


class ScriptedClient:
    """Answers by request ID: a status string, or an exception to raise."""

    def __init__(self) -> None:
        self.status: dict[str, str | Exception] = {}
        self.cancel: dict[str, Exception | None] = {}
        self.status_calls: list[str] = []
        self.cancel_calls: list[str] = []

    async def get_reservation_status(self, reserve_id: str) -> Status:
        self.status_calls.append(reserve_id)
        answer = self.status.get(reserve_id, "READY")
        if isinstance(answer, Exception):
            raise answer
        return Status(reserve_id, answer)

    async def cancel_reservation(self, reserve_id: str) -> None:
        self.cancel_calls.append(reserve_id)
        error = self.cancel.get(reserve_id)
        if error is not None:
            raise error
        self.status[reserve_id] = "CANCELED"


def add(
    db: Database,
    request_id: str,
    at: datetime,
    *,
    content: str = "점검 안내\n둘째 줄",
    subject: str | None = None,
    count: int = 2,
    job_id: str | None = None,
    service_id: str = "svc",
) -> None:
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=request_id,
                accepted_at=at - timedelta(hours=1),
                type="LMS" if subject else "SMS",
                caller="0212345678",
                content=content,
                subject=subject,
                messages=[
                    SentMessage(f"0101111{i:04d}", f"이름{i}", {"코드": str(i)})
                    for i in range(count)
                ],
                reserve_time=at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),
                reserve_tz="Asia/Seoul",
                job_id=job_id,
                batch_seq=int(request_id[-1]) if job_id else None,
                service_id=service_id,
            ),
        )


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_list_rows_describe_themselves(db: Database) -> None:
    add(db, "A1", NOW + timedelta(hours=2), subject="제목 있음")
    add(db, "B1", NOW + timedelta(hours=1), content="\n\n  첫 줄  \n다음")
    add(db, "C1", NOW + timedelta(hours=3), service_id="other")
    # an ordinary (not reserved) request is not a reservation
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest("N1", NOW, "SMS", "0212345678", "x", [SentMessage("01011112222")]),
        )
    rows = svc.list_reservations(db, "svc")
    assert [r.request_id for r in rows] == ["B1", "A1"]
    assert rows[0].first_line == "첫 줄" and rows[1].first_line == "제목 있음"
    assert rows[0].effective_status is None and rows[0].is_active
    assert rows[0].reserve_at == NOW + timedelta(hours=1)
    assert len(svc.list_reservations(db)) == 3


def test_reserve_instant_handles_zones_and_garbage() -> None:
    at = reserve_instant("2026-11-22 09:00", "America/New_York")
    assert at is not None and at.astimezone(UTC).hour == 14
    assert reserve_instant("2026-11-22 09:00", "Not/AZone") == datetime(
        2026, 11, 22, 9, 0, tzinfo=SEOUL
    )
    assert reserve_instant("tomorrow", None) is None
    assert reserve_instant(None, None) is None


def test_matches_by_status_and_date(db: Database) -> None:
    add(db, "A1", NOW + timedelta(days=1))
    add(db, "B1", NOW + timedelta(days=3))
    client = ScriptedClient()
    client.status["B1"] = "DONE"
    run(svc.refresh_statuses(db, client))
    a, b = svc.list_reservations(db)
    assert svc.matches(a, {"READY"}) and not svc.matches(b, {"READY"})
    assert svc.matches(b, {"PROCESSING", "DONE"})
    day = (NOW + timedelta(days=1)).date()
    assert svc.matches(a, None, day, day) and not svc.matches(b, None, day, day)
    assert svc.matches(b, None, day + timedelta(days=1), None)
    assert not svc.matches(a, None, None, date(2026, 11, 22))


def test_refresh_skips_final_and_stops_on_network_loss(db: Database) -> None:
    for i in range(6):
        add(db, f"R{i}", NOW + timedelta(hours=i + 1))
    client = ScriptedClient()
    client.status["R0"] = "DONE"
    client.status["R1"] = SensNotFoundError("gone", "없음", status=404)
    report = run(svc.refresh_statuses(db, client))
    assert report.checked == 5 and report.failed == ("R1",) and report.error is None
    rows = {r.request_id: r for r in svc.list_reservations(db)}
    assert rows["R0"].status == "DONE" and rows["R1"].check_error == "not_found"
    client.status_calls.clear()
    run(svc.refresh_statuses(db, client))
    assert "R0" not in client.status_calls  # DONE is final
    for i in range(2, 6):
        client.status[f"R{i}"] = SensNetworkError("offline", "오프라인")
    report = run(svc.refresh_statuses(db, client))
    assert isinstance(report.error, SensNetworkError)
    rows = {r.request_id: r for r in svc.list_reservations(db)}
    assert all(rows[f"R{i}"].status == "READY" for i in range(2, 6))  # last known kept
    assert len(rows) == 6


def test_cancel_outcomes(db: Database) -> None:
    add(db, "OK1", NOW + timedelta(hours=1))
    add(db, "SENT1", NOW - timedelta(minutes=1))
    add(db, "GONE1", NOW + timedelta(hours=1))
    add(db, "NET1", NOW + timedelta(hours=1))
    add(db, "LATE1", NOW + timedelta(minutes=2))
    add(db, "AUTH1", NOW + timedelta(hours=1))
    client = ScriptedClient()
    client.cancel["SENT1"] = SensValidationError("not ready", "대기 아님", status=400)
    client.status["SENT1"] = "PROCESSING"
    client.cancel["GONE1"] = SensNotFoundError("nf", "없음", status=404)
    client.cancel["NET1"] = SensServerError("500", "500", status=500)
    client.cancel["LATE1"] = SensValidationError("too close", "너무 가까움", status=400)
    client.cancel["AUTH1"] = SensAuthError("bad key", "키 오류", status=401)
    ids = ["OK1", "SENT1", "GONE1", "NET1", "LATE1", "AUTH1"]
    results = run(svc.cancel_reservations(db, client, ids, clock=lambda: NOW))
    outcome = {r.request_id: r.outcome for r in results}
    assert outcome == {
        "OK1": "cancelled",
        "SENT1": "already_sent",
        "GONE1": "not_found",
        "NET1": "failed",
        "LATE1": "too_late",
        "AUTH1": "failed",
    }
    by_id = {r.request_id: r for r in results}
    assert "키 오류" in by_id["AUTH1"].message("ko") and "still stands" in by_id["NET1"].message_en
    rows = {r.request_id: r for r in svc.list_reservations(db)}
    assert rows["OK1"].status == "CANCELED" and not rows["OK1"].is_active
    assert rows["SENT1"].status == "PROCESSING" and rows["SENT1"].outcome == "already_sent"
    assert rows["NET1"].is_active and rows["NET1"].outcome == "failed"
    assert rows["LATE1"].outcome_ko is not None and "너무 가깝" in rows["LATE1"].outcome_ko
    # a reservation known to be done is explained without asking SENS
    client.cancel_calls.clear()
    again = run(svc.cancel_reservations(db, client, ["SENT1", "OK1"], clock=lambda: NOW))
    assert [r.outcome for r in again] == ["already_sent", "cancelled"]
    assert client.cancel_calls == []


def test_upcoming_for_the_compose_reminder(db: Database) -> None:
    add(db, "PAST1", NOW - timedelta(minutes=5))
    for i in range(4):
        add(db, f"UP{i}", NOW + timedelta(hours=4 - i))
    client = ScriptedClient()
    client.status["UP3"] = "CANCELED"
    run(svc.refresh_statuses(db, client))
    upcoming = svc.upcoming(db, "svc", limit=2, now=NOW)
    assert [r.request_id for r in upcoming] == ["UP2", "UP1"]
    assert svc.upcoming(db, "elsewhere", now=NOW) == []


def test_edit_prefill_takes_the_whole_job(db: Database) -> None:
    at = NOW + timedelta(hours=5)
    add(db, "J1", at, job_id="job", count=100)
    add(db, "J2", at, job_id="job", count=20)
    add(db, "X1", at, content="다른 메시지")
    prefill = svc.edit_prefill(db, ["J2"])
    assert sorted(prefill[svc.REPLACES_META_KEY]) == ["J1", "J2"]
    assert len(prefill["recipients"]) == 120
    assert prefill["recipients"][0]["fields"] == {"코드": "0"}
    assert prefill["reserve_at"] == at and prefill["reserve_time_zone"] == "Asia/Seoul"
    assert prefill["caller"] == "0212345678" and prefill["message_type"] == "SMS"
    with pytest.raises(ConsoleError) as info:
        svc.edit_prefill(db, ["J1", "X1"])
    assert "하나씩" in info.value.message_ko
    run(svc.cancel_reservations(db, ScriptedClient(), ["X1"], clock=lambda: NOW))
    with pytest.raises(ConsoleError):
        svc.edit_prefill(db, ["X1"])
    with pytest.raises(KeyError):
        svc.edit_prefill(db, ["nope"])


def test_replace_keeps_the_old_one_when_its_cancel_fails(db: Database) -> None:
    add(db, "OLD1", NOW + timedelta(hours=2))
    add(db, "NEW1", NOW + timedelta(hours=3))
    client = ScriptedClient()
    client.cancel["OLD1"] = SensNetworkError("offline", "오프라인")
    results = run(svc.replace_reservation(db, client, "OLD1", "NEW1"))
    assert results[0].outcome == "failed"
    old = svc.get_reservations(db, ["OLD1"])[0]
    assert old.replaced_by == ("NEW1",) and old.is_active
    # back online: the next page refresh finishes the job
    client.cancel.clear()
    results = run(svc.complete_replacements(db, client, "svc"))
    assert [(r.request_id, r.outcome) for r in results] == [("OLD1", "cancelled")]
    assert run(svc.complete_replacements(db, client, "svc")) == []
