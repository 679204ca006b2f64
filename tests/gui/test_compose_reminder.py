"""Compose's reminder of the next reservations: soonest three of the profile's service,
only those still waiting and not yet due, a click opens Reservations, hidden when none
(and for API PLEX, which has no reservations)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from console.services import reservations as svc
from console.simulator import DEMO_SERVICE_ID
from console.store.history import AcceptedRequest, SentMessage, insert_accepted
from console.ui.compose.page import ComposePage

SEOUL = ZoneInfo("Asia/Seoul")


class Recorder:
    def __init__(self) -> None:
        self.errors: list[Any] = []
        self.infos: list[str] = []

    def error(self, error: Any, *, dialog: bool = True) -> None:
        self.errors.append(error)

    def info(self, text: str) -> None:
        self.infos.append(text)


class Navigator:
    def __init__(self) -> None:
        self.pages: list[str] = []

    def open_page(self, key: str) -> None:
        self.pages.append(key)

    def open_compose(self, **prefill: Any) -> None:
        pass


def reserve(db: Any, request_id: str, minutes: int, text: str, *, people: int = 2,
            service_id: str = DEMO_SERVICE_ID) -> None:
    at = datetime.now(SEOUL) + timedelta(minutes=minutes)
    with db.transaction() as conn:
        insert_accepted(
            conn,
            AcceptedRequest(
                request_id=request_id,
                accepted_at=datetime.now(UTC),
                type="SMS",
                caller="0212345678",
                content=text,
                messages=[SentMessage(f"0105555{i:04d}") for i in range(people)],
                reserve_time=at.strftime("%Y-%m-%d %H:%M"),
                reserve_tz="Asia/Seoul",
                service_id=service_id,
            ),
        )


@pytest.fixture
def page(qapp: Any, app_context: Any) -> Iterator[ComposePage]:
    app_context.notifier = Recorder()
    app_context.navigator = Navigator()
    widget = ComposePage(app_context)
    widget.resize(1000, 720)
    yield widget
    widget.close()
    shiboken6.delete(widget)
    gc.collect()


def test_hidden_when_nothing_is_reserved(page: ComposePage) -> None:
    page.show()
    assert not page.reminder.isVisible()


def test_lists_the_next_three_waiting_reservations_and_opens_reservations(
    qtbot: Any, app_context: Any, page: ComposePage
) -> None:
    reserve(app_context.db, "r-late", 300, "다섯 시간 뒤 안내")
    reserve(app_context.db, "r-soon", 30, "삼십 분 뒤 안내", people=120)
    reserve(app_context.db, "r-mid", 90, "한 시간 반 뒤 안내")
    reserve(app_context.db, "r-next", 60, "한 시간 뒤 안내")
    reserve(app_context.db, "r-past", -30, "이미 지난 예약")
    reserve(app_context.db, "r-cancelled", 20, "취소된 예약")
    svc.store.save_status(app_context.db, "r-cancelled", "CANCELED")
    reserve(app_context.db, "r-other", 10, "다른 서비스의 예약", service_id="ncp:sms:kr:9:other")
    page.show()
    assert page.reminder.isVisible()
    text = page.reminder.label.text()
    lines = text.splitlines()
    assert len(lines) == 4  # the title and the next three
    assert "삼십 분 뒤 안내" in lines[1] and "120 recipients" in lines[1]
    assert "한 시간 뒤 안내" in lines[2] and "한 시간 반 뒤 안내" in lines[3]
    for absent in ("다섯 시간", "이미 지난", "취소된", "다른 서비스"):
        assert absent not in text
    soon = datetime.now(SEOUL) + timedelta(minutes=30)
    assert soon.astimezone().strftime("%m-%d %H:%M") in lines[1]

    QTest.mouseClick(page.reminder, Qt.MouseButton.LeftButton)
    page.reminder.open_button.click()
    assert app_context.navigator.pages == ["reservations", "reservations"]


def test_follows_the_profile_and_new_reservations(app_context: Any, page: ComposePage) -> None:
    page.show()
    assert not page.reminder.isVisible()
    reserve(app_context.db, "r-1", 45, "새 예약 안내")
    page.update_reminder()  # what a finished reservation send and the minute timer do
    assert page.reminder.isVisible() and "새 예약 안내" in page.reminder.label.text()
    app_context.settings.use_demo("APIPLEX")
    assert not page.reminder.isVisible()  # API PLEX has no reservations
    app_context.settings.use_demo("SENS")
    assert page.reminder.isVisible()
    svc.store.save_status(app_context.db, "r-1", "CANCELED")
    page.hide()
    page.show()
    assert not page.reminder.isVisible()


@pytest.mark.usefixtures("korean")
def test_korean_reminder(app_context: Any, page: ComposePage) -> None:
    reserve(app_context.db, "r-ko", 50, "정기 점검 안내", people=3)
    page.update_reminder()
    text = page.reminder.label.text()
    assert "정기 점검 안내" in text
    assert "recipients" not in text and "Reserved" not in text
    assert page.reminder.open_button.text() != "Reservations…"
