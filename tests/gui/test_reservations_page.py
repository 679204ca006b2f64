"""The Reservations page against the demo simulator: list, refresh, cancel, edit, filters."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt

from console.services import reservations as svc
from console.services.sending import SendingService
from console.simulator import DEMO_CALLER_NUMBERS, DEMO_SERVICE_ID
from console.store.history import AcceptedRequest, SentMessage, insert_accepted
from console.store.jobs import BatchRecipient
from console.ui.reservations.model import ReservationFilterProxy, ReservationsModel
from console.ui.reservations.page import ReservationsPage
from tests.support import (
    RecordingNavigator,
    RecordingNotifier,
    batch_specs,
    signal_future,
    wait_until,
)

SEOUL = ZoneInfo("Asia/Seoul")


def fake_reservation(db: Any, request_id: str, minutes: int, status: str = "reserved") -> None:
    at = datetime.now(SEOUL) + timedelta(minutes=minutes)
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=request_id,
                accepted_at=datetime.now(UTC),
                type="LMS",
                caller="0212345678",
                content="12월 정기 점검 안내\n자세한 내용은 홈페이지를 보세요.",
                subject="점검 안내" if minutes % 2 else None,
                messages=[SentMessage(f"0101234{i:04d}", f"고객{i}") for i in range(minutes)],
                reserve_time=at.strftime("%Y-%m-%d %H:%M"),
                reserve_tz="Asia/Seoul",
                service_id=DEMO_SERVICE_ID,
            ),
        )
    if status != "reserved":
        svc.store.save_status(db, request_id, status)


async def reserve(context: Any, count: int, minutes: float, content: str) -> list[str]:
    """Reserve through the sending service on the context's (demo) client."""
    client = context.client()
    at = context.simulator.clock.datetime() + timedelta(minutes=minutes)
    phones = [f"0108{i:07d}" for i in range(count)]
    specs = batch_specs(
        phones,
        caller=DEMO_CALLER_NUMBERS[0],
        content=content,
        recipient=lambda n: BatchRecipient(n, f"고객{n[-3:]}"),
        reserveTime=at.astimezone(SEOUL).strftime("%Y-%m-%d %H:%M"),
        reserveTimeZone="Asia/Seoul",
    )
    service = SendingService(context.db, client, settle_seconds=0.2)
    job = service.create_job(specs, profile="demo", service_id=DEMO_SERVICE_ID)
    progress = await service.run(job)
    assert progress.state == "completed"
    return svc.store.request_ids_of_job(context.db, job)


def test_models_pass_the_model_tester(qtmodeltester, app_context) -> None:  # type: ignore[no-untyped-def]
    db = app_context.db
    fake_reservation(db, "R1", 30)
    fake_reservation(db, "R2", 95, "CANCELED")
    fake_reservation(db, "R3", 3, "DONE")
    model = ReservationsModel(language="ko")
    model.set_rows(svc.list_reservations(db))
    qtmodeltester.check(model)
    proxy = ReservationFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_statuses(["CANCELED"])
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.set_statuses([])
    today = datetime.now(SEOUL).date()
    proxy.set_dates(today + timedelta(days=1), None)
    assert proxy.rowCount() == 0 or all(
        proxy.index(r, 0).data(svc_role()).reserve_at.date() > today
        for r in range(proxy.rowCount())
    )
    # in place update keeps the rows; the countdown of a waiting one is a live text
    model.set_rows(svc.list_reservations(db))
    assert model.rowCount() == 3
    first = model.index(0, ReservationsModel.COL_COUNTDOWN).data()
    assert first == "—" or "min" in first


def svc_role() -> int:
    from console.ui.reservations.model import ReservationRole

    return int(ReservationRole)


def test_refresh_and_cancel_against_the_simulator(qtbot, qloop, app_context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 0 and not page.empty_label.isHidden()
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: asked.append(text) or True)

    async def go() -> None:
        first = await reserve(app_context, 3, 30, "첫 번째 예약 안내")
        second = await reserve(app_context, 2, 90, "두 번째 예약 안내")
        page.reload()
        assert page.model.rowCount() == 2
        assert page.model.index(0, ReservationsModel.COL_STATUS).data() == "Not checked yet"
        page.refresh()
        await wait_until(
            lambda: [r.status for r in page.model.rows()] == ["READY", "READY"], timeout=10
        )
        assert "checked at" in page.checked_label.text()
        assert page.model.index(0, ReservationsModel.COL_MESSAGE).data() == "첫 번째 예약 안내"
        assert page.model.index(0, ReservationsModel.COL_RECIPIENTS).data() == "3"
        page.select_request_ids(first)
        assert [r.request_id for r in page.selected()] == first
        assert page.cancel_button.isEnabled()
        done = signal_future(page.cancel_finished)
        page.cancel_selected()
        results = (await done)[0]
        assert [r.outcome for r in results] == ["cancelled"]
        assert "3 recipients" in asked[0] and "첫 번째" in asked[0]
        rows = {r.request_id: r for r in page.model.rows()}
        assert rows[first[0]].status == "CANCELED" and rows[second[0]].status == "READY"
        row = next(i for i, r in enumerate(page.model.rows()) if r.request_id == first[0])
        assert page.model.index(row, ReservationsModel.COL_RESULT).data() == "Cancelled"
        assert any("Cancelled 1 of 1" in text for text in recorder.infos)
        # filters: cancelled only, then waiting only
        page.status_combo.setCurrentIndex(3)
        assert page.proxy.rowCount() == 1
        page.status_combo.setCurrentIndex(1)
        assert page.proxy.rowCount() == 1
        assert page.proxy.index(0, 0).data(svc_role()).request_id == second[0]
        page.status_combo.setCurrentIndex(0)
        # a date range after both reservations hides them
        page.date_check.setChecked(True)
        page.date_from.setDate(page.date_from.date().addDays(5))
        page.date_to.setDate(page.date_from.date().addDays(5))
        assert page.proxy.rowCount() == 0
        page.date_check.setChecked(False)
        assert page.proxy.rowCount() == 2

    qloop.run_until_complete(go())


def test_cancel_when_due_says_already_sent(qtbot, qloop, app_context, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)
    asked: list[str] = []
    monkeypatch.setattr(page, "confirm", lambda title, text: asked.append(text) or True)

    async def go() -> None:
        ids = await reserve(app_context, 1, 12, "곧 나갈 예약")
        page.reload()
        app_context.simulator.clock.advance(15 * 60)
        page.select_request_ids(ids)
        done = signal_future(page.cancel_finished)
        page.cancel_selected()
        results = (await done)[0]
        assert results[0].outcome == "already_sent"
        assert page.model.index(0, ReservationsModel.COL_RESULT).data() == "Already sent"
        assert recorder.errors and "already sent" in str(recorder.errors[0]).lower()

    qloop.run_until_complete(go())


def test_network_loss_keeps_the_list(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        await reserve(app_context, 2, 40, "네트워크 확인")
        page.reload()
        page.refresh()
        await wait_until(lambda: page.model.rows()[0].status == "READY", timeout=10)
        app_context.simulator.stop()
        page.refresh()
        await wait_until(lambda: bool(recorder.errors), timeout=20)
        await wait_until(lambda: page.refresh_button.isEnabled(), timeout=5)
        assert page.model.rowCount() == 1 and page.model.rows()[0].status == "READY"
        assert page.model.rows()[0].check_error == "network"

    qloop.run_until_complete(go())


def test_edit_opens_a_copy_in_compose(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    navigator = RecordingNavigator()
    app_context.navigator = navigator
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        ids = await reserve(app_context, 4, 60, "편집할 예약")
        page.reload()
        page.select_request_ids(ids)
        page.edit_selected()
        assert len(navigator.prefills) == 1
        prefill = navigator.prefills[0]
        assert prefill["content"] == "편집할 예약"
        assert prefill[svc.REPLACES_META_KEY] == ids
        assert [r["phone"] for r in prefill["recipients"]] == [f"0108{i:07d}" for i in range(4)]
        assert "only after the new one is accepted" in recorder.infos[-1]
        # the old one is untouched until Compose reports the new one accepted
        assert page.model.rows()[0].is_active

    qloop.run_until_complete(go())


def test_show_starts_timers_and_refreshes(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    app_context.notifier = RecordingNotifier()
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        await reserve(app_context, 1, 30, "보이면 갱신")
        page.show()  # reloads at once, then asks SENS
        assert page.tick_timer.isActive() and page.refresh_timer.isActive()
        await wait_until(lambda: page.model.rows()[0].status == "READY", timeout=10)
        page.hide()
        assert not page.tick_timer.isActive() and not page.refresh_timer.isActive()

    qloop.run_until_complete(go())


@pytest.mark.usefixtures("korean")
def test_korean_page_and_screenshot(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    app_context.language = "ko"
    app_context.notifier = RecordingNotifier()
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        await reserve(app_context, 3, 45, "연말 감사 행사 안내")
        await reserve(app_context, 120, 180, "12월 정기 점검 안내")
        cancelled = await reserve(app_context, 2, 300, "회의 일정 변경 안내")
        page.resize(1200, 520)
        page.show()
        await wait_until(
            lambda: bool(page.model.rows()) and page.model.rows()[0].status == "READY",
            timeout=10,
        )
        client = app_context.client()
        await svc.cancel_reservations(app_context.db, client, cancelled)
        page.reload()
        assert page.model.headerData(0, Qt.Orientation.Horizontal) == "예약 시각(해당 시간대)"
        assert page.model.status_text("READY") == "발송 대기"
        assert page.cancel_button.text() == "예약 취소…"
        page.grab().save("/tmp/reservations.png")

    qloop.run_until_complete(go())


def test_api_plex_profile_explains_and_switching_back_restores(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        await reserve(app_context, 2, 50, "예약 목록 전환")
        page.show()
        await wait_until(lambda: page.model.rowCount() == 1, timeout=10)
        app_context.settings.use_demo("APIPLEX")
        # The explanation instead of the list; no timers, no call (no ProviderMismatchError).
        assert page.gate.notice.isVisible() and not page.gate.body.isVisible()
        assert "API PLEX has no reservations" in page.gate.notice.text()
        assert page.model.rowCount() == 0
        assert not page.tick_timer.isActive() and not page.refresh_timer.isActive()
        page.refresh()
        page.hide()
        page.show()
        await asyncio.sleep(0.05)  # the SENS refresh under way at the switch is cancelled
        assert not app_context.tasks.is_running("reservations-refresh")
        assert not page.refresh_timer.isActive()
        # Back to SENS: the list, the timers and a status refresh return.
        app_context.settings.use_demo("SENS")
        assert not page.gate.notice.isVisible() and page.gate.body.isVisible()
        assert page.model.rowCount() == 1
        assert page.tick_timer.isActive() and page.refresh_timer.isActive()
        await wait_until(lambda: page.model.rows()[0].status == "READY", timeout=10)

    qloop.run_until_complete(go())
    assert recorder.errors == []


def test_page_opened_with_api_plex_makes_no_call(qtbot, qloop, app_context) -> None:  # type: ignore[no-untyped-def]
    recorder = RecordingNotifier()
    app_context.notifier = recorder
    fake_reservation(app_context.db, "sens-res-1", 40)
    app_context.settings.use_demo("APIPLEX")
    page = ReservationsPage(app_context)
    qtbot.addWidget(page)

    async def go() -> None:
        page.show()
        await wait_until(lambda: page.gate.notice.isVisible(), timeout=2)
        assert not app_context.tasks.is_running("reservations-refresh")

    qloop.run_until_complete(go())
    assert app_context.simulator is None and recorder.errors == []
    page.cancel_selected()  # nothing is selectable: a calm sentence, no call
    assert recorder.errors == [] and recorder.infos
