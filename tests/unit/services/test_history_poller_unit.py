"""History poller scheduling and error handling over a mock SENS (no network, fixed clock)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from console.providers.sens.client import RetryPolicy, SensClient
from console.services.history import (
    Backoff,
    HistoryPoller,
    PollerPaused,
    carrier_name,
    export_history,
    failed_recipients,
    outcome_text,
    result_meaning,
)
from console.store.database import Database
from console.store.history import (
    AcceptedRequest,
    HistoryFilter,
    SentMessage,
    insert_accepted,
)

NOW = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)
SERVICE = "ncp:sms:kr:1:unit"


def seoul(value: datetime) -> str:
    return (value + timedelta(hours=9)).strftime("%Y-%m-%d %H:%M:%S")


def record(db: Database, rid: str, numbers: list[str], **extra: Any) -> None:
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=rid,
                accepted_at=extra.pop("at", NOW),
                type="LMS",
                caller="0212345678",
                content="본문",
                subject="제목",
                messages=[
                    SentMessage(to=n, name=f"이름{i}", fields={"k": str(i)})
                    for i, n in enumerate(numbers)
                ],
                service_id=SERVICE,
                **extra,
            ),
        )


Handler = Callable[[httpx.Request], httpx.Response]


def listing(messages: list[dict[str, Any]]) -> httpx.Response:
    return httpx.Response(
        200,
        json={
            "statusCode": "202",
            "statusName": "success",
            "messages": messages,
            "pageSize": 1000,
            "itemCount": len(messages),
            "hasMore": False,
        },
    )


def entry(rid: str, mid: str, to: str, status: str, code: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {
        "requestId": rid,
        "messageId": mid,
        "requestTime": seoul(NOW),
        "contentType": "COMM",
        "type": "LMS",
        "countryCode": "82",
        "from": "0212345678",
        "to": to,
        "status": status,
    }
    if status == "COMPLETED":
        item.update(
            statusCode=code,
            statusName="success" if code == "0" else "fail",
            statusMessage="msg",
            completeTime=seoul(NOW + timedelta(seconds=9)),
            telcoCode="KT",
        )
    return item


def poller(db: Database, handler: Handler, now: list[datetime], **kw: Any) -> HistoryPoller:
    client = SensClient(
        "AK",
        "SK",
        SERVICE,
        base_url="http://sens.test",
        transport=httpx.MockTransport(handler),
        retry=RetryPolicy(attempts=1),
    )
    return HistoryPoller(db, client, clock=lambda: now[0].timestamp(), **kw)


def state(db: Database, rid: str) -> dict[str, Any]:
    row = db.connection().execute("SELECT * FROM sent_requests WHERE request_id=?", (rid,))
    return dict(row.fetchone())


def test_backoff_starts_in_seconds_and_slows_to_hours_with_age() -> None:
    b = Backoff()
    assert b.delay(0, 1) == 5.0
    delays = [b.delay(n, 300) for n in range(10)]
    assert delays == sorted(delays) and delays[-1] == 30.0  # fresh: at most 30 s
    assert b.delay(50, 2 * 3600) == 600.0
    assert b.delay(50, 3 * 86400) == 3 * 3600.0
    assert b.delay(50, 30 * 86400) == 6 * 3600.0
    assert [b.offline_delay(n) for n in (1, 2, 3, 10)] == [15.0, 30.0, 60.0, 300.0]


def test_poll_stores_results_schedules_and_finishes(qloop: Any, db: Database) -> None:
    record(db, "r1", ["01011112222", "01033334444"])
    calls: list[dict[str, str]] = []
    answers = [
        [entry("r1", "m1", "01011112222", "READY"), entry("r1", "m2", "01033334444", "READY")],
        [entry("r1", "m1", "01011112222", "READY"), entry("r1", "m2", "01033334444", "READY")],
        [
            entry("r1", "m1", "01011112222", "COMPLETED", "0"),
            entry("r1", "m2", "01033334444", "COMPLETED", "3001"),
        ],
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(dict(request.url.params))
        return listing(answers[min(len(calls) - 1, 2)])

    now = [NOW + timedelta(seconds=2)]
    p = poller(db, handler, now)
    changed: list[set[str]] = []
    p.add_change_listener(changed.append)
    report = qloop.run_until_complete(p.poll_once())
    assert (report.list_calls, report.changed_messages) == (1, 2)
    assert calls[0] == {"requestId": "r1", "pageSize": "1000"}
    first = state(db, "r1")
    assert first["poll_attempts"] == 0 and first["final"] == 0
    next_at = datetime.fromisoformat(first["next_poll_at"])
    assert next_at - now[0] == timedelta(seconds=5)
    # Not due yet: nothing asked.
    assert qloop.run_until_complete(p.poll_once()).list_calls == 0
    now[0] = next_at
    qloop.run_until_complete(p.poll_once())  # nothing new: the wait grows
    second = state(db, "r1")
    assert second["poll_attempts"] == 1
    assert datetime.fromisoformat(second["next_poll_at"]) - now[0] == timedelta(seconds=8.5)
    now[0] += timedelta(minutes=1)
    report = qloop.run_until_complete(p.poll_once())
    assert report.finished == 1
    final = state(db, "r1")
    assert (final["final"], final["success_count"], final["fail_count"]) == (1, 1, 1)
    assert final["next_poll_at"] is None
    assert changed == [{"r1"}, {"r1"}]
    now[0] += timedelta(days=1)
    assert qloop.run_until_complete(p.poll_once()).list_calls == 0  # final: never again


def test_reserved_request_waits_for_its_time(qloop: Any, db: Database) -> None:
    record(db, "r1", ["01011112222"], reserve_time="2026-11-21 09:30", reserve_tz="Asia/Seoul")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "statusCode": "202",
                "statusName": "reserved",
                "messages": [],
                "pageSize": 1000,
                "itemCount": 0,
                "hasMore": False,
            },
        )

    now = [NOW]
    qloop.run_until_complete(poller(db, handler, now).poll_once())
    due = datetime.fromisoformat(state(db, "r1")["next_poll_at"])
    assert due == datetime(2026, 11, 21, 0, 30, 5, tzinfo=UTC)  # 09:30 KST + 5 s


def test_expired_after_90_days_and_server_errors_count(qloop: Any, db: Database) -> None:
    record(db, "old", ["01011112222"], at=NOW - timedelta(days=91))
    record(db, "broken", ["01033334444"])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params.get("requestId") == "broken":
            return httpx.Response(500, text="oops")
        return listing([])

    now = [NOW]
    report = qloop.run_until_complete(poller(db, handler, now).poll_once())
    assert report.errors == 1
    old = state(db, "old")
    assert (old["final"], old["poll_error"]) == (1, "expired")
    broken = state(db, "broken")
    assert broken["final"] == 0 and broken["poll_attempts"] == 1 and broken["poll_error"]


@pytest.mark.parametrize(("status", "offline"), [(None, True), (429, True), (401, False)])
def test_network_rate_limit_and_auth_pause_without_spending_attempts(
    qloop: Any, db: Database, status: int | None, offline: bool
) -> None:
    record(db, "r1", ["01011112222"])

    def handler(request: httpx.Request) -> httpx.Response:
        if status is None:
            raise httpx.ConnectError("down", request=request)
        return httpx.Response(status, text="{}")

    p = poller(db, handler, [NOW])
    with pytest.raises(PollerPaused) as info:
        qloop.run_until_complete(p.poll_once())
    assert info.value.offline is offline
    after = state(db, "r1")
    assert (after["poll_attempts"], after["last_polled_at"]) == (0, None)


def test_run_reports_offline_and_recovers(qloop: Any, db: Database) -> None:
    record(db, "r1", ["01011112222"])
    up = {"ok": False}

    def handler(request: httpx.Request) -> httpx.Response:
        if not up["ok"]:
            raise httpx.ConnectError("down", request=request)
        return listing([entry("r1", "m1", "01011112222", "COMPLETED", "0")])

    fast = Backoff(first=0.01, offline_first=0.05, offline_max=0.1, idle_check=0.05)
    p = poller(db, handler, [NOW], backoff=fast)
    kinds: list[str] = []
    p.add_state_listener(lambda s: kinds.append(s.kind))

    async def scenario() -> None:
        task = asyncio.ensure_future(p.run())
        try:
            while "offline" not in kinds:
                await asyncio.sleep(0.01)
            up["ok"] = True
            p.wake()
            while state(db, "r1")["final"] != 1:
                await asyncio.sleep(0.01)
        finally:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    qloop.run_until_complete(asyncio.wait_for(scenario(), 10))
    assert kinds[:2] == ["polling", "offline"]


def test_words_in_both_languages() -> None:
    assert outcome_text("failed", "ko") == "실패" and outcome_text("success", "en") == "Delivered"
    assert carrier_name("LGT", "ko") == "LG U+" and carrier_name("SKT", "en") == "SK Telecom"
    assert carrier_name("XYZ") == "XYZ" and carrier_name(None) == ""
    assert result_meaning("failed", "COMPLETED", "3001", "ko") == "가입자 없음"
    assert result_meaning("pending", "PROCESSING", None, "en") == "Being processed"
    assert result_meaning("pending", None, None, "ko") == "아직 조회되지 않음"


def test_failed_recipients_and_korean_csv_export(qloop: Any, db: Database, tmp_path: Path) -> None:
    record(db, "r1", ["01011112222", "01033334444"])

    def handler(request: httpx.Request) -> httpx.Response:
        return listing(
            [
                entry("r1", "m1", "01011112222", "COMPLETED", "0"),
                entry("r1", "m2", "01033334444", "COMPLETED", "2003"),
            ]
        )

    qloop.run_until_complete(poller(db, handler, [NOW]).poll_once())
    draft = failed_recipients(db, "r1")
    assert draft is not None
    assert draft.recipients == [{"phone": "01033334444", "name": "이름1", "fields": {"k": "1"}}]
    assert (draft.content, draft.subject, draft.type) == ("본문", "제목", "LMS")
    assert failed_recipients(db, "nope") is None
    path, count = export_history(db, tmp_path / "내역.csv", HistoryFilter(), "ko")
    assert count == 2
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",")[:3] == ["요청 시각", "요청 ID", "유형"]
    second = lines[2].split(",")
    assert second[7:13] == ["01033334444", "이름1", "실패", "2003", "단말기 전원 꺼짐", "KT"]


def test_services_import_no_qt() -> None:
    code = (
        "import sys, console.services.history, console.store.history;"
        "bad=[m for m in sys.modules if m.startswith('PySide6')];"
        "print(json.dumps(bad))"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import json;" + code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert json.loads(out.stdout) == []


def test_resend_of_a_personalised_send_uses_the_recorded_template(qloop: Any, db: Database) -> None:
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id="p1",
                accepted_at=NOW,
                type="SMS",
                caller="0212345678",
                content="김 님, 안녕하세요",
                messages=[
                    SentMessage(to="01011112222", name="김"),
                    SentMessage(to="01033334444", name="이", content="이 님, 안녕하세요"),
                    SentMessage(to="01055556666", name="박", content="박 님, 안녕하세요"),
                ],
                service_id=SERVICE,
            ),
        )
        conn.execute("UPDATE sent_messages SET outcome = 'failed' WHERE to_number != '01011112222'")
    draft = failed_recipients(db, "p1")
    assert draft is not None and draft.personalised
    assert draft.content in ("이 님, 안녕하세요", "박 님, 안녕하세요")
    assert [r["phone"] for r in draft.recipients] == ["01033334444", "01055556666"]
    # When the send job recorded its template, the resend gets the template back.
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO send_jobs (job_id, total_batches, total_recipients, meta, created_at, "
            "updated_at) VALUES ('job1', 1, 3, ?, '', '')",
            (json.dumps({"template": "#{이름} 님, 안녕하세요"}),),
        )
        conn.execute("UPDATE sent_requests SET job_id = 'job1' WHERE request_id = 'p1'")
    draft = failed_recipients(db, "p1")
    assert draft is not None and not draft.personalised
    assert draft.content == "#{이름} 님, 안녕하세요"
