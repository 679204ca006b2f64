"""From the Compose page to the simulator: confirm, send, progress, history, exactly once.

The AppContext is in demo mode, so the page's client is the embedded simulator on
loopback (``app_context.simulator`` after the first call).
"""

from __future__ import annotations

import collections
import gc
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PIL import Image

from console.domain.models import Recipient
from console.services.sending import SendingService
from console.store.history import message_rows, requests_of_job
from console.store.jobs import JobStore
from console.ui.compose.page import ComposePage
from tests.support import wait_until


class Recorder:
    def __init__(self) -> None:
        self.errors: list[Any] = []
        self.infos: list[str] = []

    def error(self, error: Any, *, dialog: bool = True) -> None:
        self.errors.append(error)

    def info(self, text: str) -> None:
        self.infos.append(text)


@pytest.fixture
def make_page(qapp: Any, app_context: Any) -> Iterator[Callable[[], ComposePage]]:
    """Build Compose pages on `app_context`; each is deleted in the GUI thread at teardown.

    (Left to the garbage collector, a page could be destroyed in a worker thread, and
    Qt warns when its timers are stopped from there.)
    """
    created: list[ComposePage] = []
    if not isinstance(app_context.notifier, Recorder):
        app_context.notifier = Recorder()

    def build() -> ComposePage:
        widget = ComposePage(app_context)
        widget.resize(1000, 720)
        created.append(widget)
        return widget

    yield build
    for widget in created:
        widget.close()
        shiboken6.delete(widget)
    created.clear()
    gc.collect()


@pytest.fixture
def page(make_page: Callable[[], ComposePage]) -> ComposePage:
    return make_page()


def finished(page: ComposePage) -> bool:
    """The send task is over (its last progress is final and its follow-up done)."""
    return page.last_progress is not None and page.last_progress.done and not page.is_sending()


def people(count: int) -> list[Recipient]:
    result = []
    for i in range(count):
        # Every 10th name is long enough to push the message over 90 bytes (LMS).
        name = "김" + ("가나다라마바사아자차" * 2 if i % 10 == 0 else "민")
        result.append(Recipient(f"0107000{i:04d}", name, {"이름": name, "번호": str(i)}))
    return result


def test_full_send_from_the_page_reaches_the_simulator_once(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any
) -> None:
    recipients = people(150)
    page.prefill(recipients=[*recipients, Recipient("010-7000-0003", "중복")])
    page.numbers_edit.setPlainText("010-7000-0149\n없는번호")
    page._recipients_changed()
    page.set_content("#{이름}님, 12월 정기 점검 안내입니다. 접수번호 #{번호}. " + "가" * 10)
    page.subject_edit.setText("점검 안내")
    assert page.type_label.text() == "SMS + LMS"

    async def scenario() -> None:
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        sheet = page.confirm_sheet
        assert sheet is not None
        assert sheet.recipients_label.text().startswith("150 recipients")
        assert sheet.types_label.text() == "SMS 135, LMS 15"
        assert "2 duplicates" in sheet.excluded_label.text()
        assert "1 invalid numbers" in sheet.excluded_label.text()
        assert "Total: 1,665 won" in sheet.cost_label.text()
        assert sheet.time_label.text() == "Now"
        sheet.send_button.click()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(scenario())
    progress = page.last_progress
    assert progress is not None and progress.state == "completed"
    assert progress.accepted_recipients == 150
    assert page.progress_bar.value() == 1000
    assert "150 messages accepted" in page.progress_label.text()
    assert page.send_button.isEnabled()

    accepted = app_context.simulator.accepted_messages()
    counts = collections.Counter(m.to for m in accepted)
    assert set(counts) == {r.phone for r in recipients}
    assert set(counts.values()) == {1}
    by_number = {m.to: m for m in accepted}
    expected = "김민님, 12월 정기 점검 안내입니다. 접수번호 7."
    assert by_number["01070000007"].content.startswith(expected)
    assert by_number["01070000010"].type == "LMS"
    assert by_number["01070000010"].subject == "점검 안내"
    assert by_number["01070000011"].type == "SMS"

    rows = requests_of_job(app_context.db, progress.job_id)
    assert sum(r.recipient_count for r in rows) == 150
    assert {r.request_id for r in rows} == {m.request_id for m in accepted}
    stored = message_rows(app_context.db, rows[0].request_id)
    assert stored[0]["fields"]["이름"]
    assert JobStore(app_context.db).unfinished_jobs() == []


def test_reservation_and_test_send(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any
) -> None:
    page.prefill(recipients=people(3))
    page.set_content("#{이름}님, 내일 10시 회의가 있습니다.")
    page.reserve_radio.setChecked(True)
    when = datetime.now(ZoneInfo("Asia/Seoul")).replace(
        tzinfo=None, second=0, microsecond=0
    ) + timedelta(hours=3)
    page.set_reserve_at(when)

    async def reserve() -> None:
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        sheet = page.confirm_sheet
        assert sheet is not None
        assert sheet.time_label.text().startswith(
            "Reserved for " + when.strftime("%Y-%m-%d %H:%M") + " (Asia/Seoul)"
        )
        assert sheet.send_button.text() == "Reserve 3 messages"
        sheet.accept()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(reserve())
    assert page.last_progress is not None and page.last_progress.state == "completed"
    rows = requests_of_job(app_context.db, page.last_progress.job_id)
    assert [r.reserve_time for r in rows] == [when.strftime("%Y-%m-%d %H:%M")]
    assert rows[0].status == "reserved"
    assert "3 messages reserved." in page.context.notifier.infos  # type: ignore[attr-defined]

    # The test send goes now, to the user's own number only, personalised like the first.
    page.test_number_edit.setText("010-5555-0000")
    reserved_job = page.last_progress.job_id

    async def test_send() -> None:
        page.test_send()
        await wait_until(
            lambda: finished(page) and page.last_progress.job_id != reserved_job,
            timeout=60,
        )

    qloop.run_until_complete(test_send())
    assert page.confirm_sheet is None
    mine = [m for m in app_context.simulator.accepted_messages() if m.to == "01055550000"]
    assert len(mine) == 1
    long_name = "김" + "가나다라마바사아자차" * 2
    assert mine[0].content == f"{long_name}님, 내일 10시 회의가 있습니다."
    assert app_context.settings.value("compose/test_number") == "010-5555-0000"
    assert "Test message sent to your number." in page.context.notifier.infos  # type: ignore[attr-defined]


def test_mms_upload_and_send(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any, tmp_path: Path
) -> None:
    picture = tmp_path / "map.bmp"
    Image.new("RGB", (1800, 1200), (30, 120, 200)).save(picture, "BMP")
    page.prefill(recipients=people(2))
    page.set_content("오시는 길 약도입니다.")
    page.subject_edit.setText("약도")
    page.add_images([str(picture)])

    async def scenario() -> None:
        await wait_until(lambda: len(page.images) == 1, timeout=30)
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        assert page.confirm_sheet is not None
        assert page.confirm_sheet.types_label.text() == "MMS 2"
        page.confirm_sheet.accept()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(scenario())
    sent = [m for m in app_context.simulator.accepted_messages() if m.type == "MMS"]
    assert sorted(m.to for m in sent) == ["01070000000", "01070000001"]


def test_reserved_mms_does_not_reuse_a_picture_that_expires_before_the_send(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any, tmp_path: Path
) -> None:
    """A cached fileId valid now but gone by the reserved time is not used: a fresh upload
    is made (the simulator refuses unknown fileIds, so reusing it would fail the send)."""
    from datetime import UTC

    from console.store.image_cache import ImageCache

    picture = tmp_path / "poster.png"
    Image.new("RGB", (640, 480), (200, 60, 30)).save(picture, "PNG")
    page.prefill(recipients=people(2))
    page.set_content("행사 포스터입니다.")
    page.subject_edit.setText("포스터")
    page.add_images([str(picture)])
    when = datetime.now(ZoneInfo("Asia/Seoul")).replace(
        tzinfo=None, second=0, microsecond=0
    ) + timedelta(days=5)

    async def scenario() -> None:
        await wait_until(lambda: len(page.images) == 1, timeout=30)
        image = page.images[0]
        profile = app_context.profile
        now = datetime.now(UTC)
        ImageCache(app_context.db).put(
            profile.id,
            profile.service_id,
            image.content_hash,
            file_name=image.name,
            size=image.size,
            file_id="uploaded-two-days-ago",
            created_at=now - timedelta(days=2),
            expires_at=now + timedelta(days=4),
        )
        page.reserve_radio.setChecked(True)
        page.set_reserve_at(when)
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        assert page.confirm_sheet is not None
        page.confirm_sheet.accept()
        await wait_until(lambda: finished(page), timeout=60)

    qloop.run_until_complete(scenario())
    assert page.last_progress is not None and page.last_progress.state == "completed"
    sent = [m for m in app_context.simulator.accepted_messages() if m.type == "MMS"]
    assert len(sent) == 2
    assert all(m.files and "uploaded-two-days-ago" not in m.files for m in sent)


def test_invalid_draft_is_explained_not_sent(
    qtbot: Any, qloop: Any, page: ComposePage
) -> None:
    page.set_content("안내 😀")

    async def scenario() -> None:
        page.send()
        await wait_until(lambda: not page.is_sending(), timeout=20)

    qloop.run_until_complete(scenario())
    assert page.confirm_sheet is None
    errors = page.context.notifier.errors  # type: ignore[attr-defined]
    assert errors
    text = errors[-1].message_en
    assert "cannot carry" in text and "no recipients" in text


def test_unfinished_job_is_offered_and_resumed(
    qtbot: Any, qloop: Any, app_context: Any, make_page: Callable[[], ComposePage]
) -> None:
    app_context.notifier = Recorder()
    first = make_page()
    first.prefill(recipients=people(120))
    first.set_content("#{이름}님 안내드립니다.")
    # A job journalled but never run (as if the console died right after writing it).
    from console.domain.plan import build_plan

    plan = build_plan(first.draft(), first.recipients(), prices=first.prices())
    service = SendingService(app_context.db, app_context.client())
    job_id = service.create_job(plan, profile=app_context.profile.id, title="안내")

    page = make_page()
    page.offer_unfinished()
    assert page.banner.isVisibleTo(page)
    assert "0 of 120 recipients accepted" in page.banner_label.text()

    async def scenario() -> None:
        page.resume_button.click()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(scenario())
    assert page.last_progress is not None and page.last_progress.job_id == job_id
    assert page.last_progress.accepted_recipients == 120
    counts = collections.Counter(m.to for m in app_context.simulator.accepted_messages())
    assert len(counts) == 120 and set(counts.values()) == {1}
    assert page.banner.isHidden()

    # A second unfinished job can be discarded instead.
    other = service.create_job(plan, profile=app_context.profile.id, title="버릴 작업")
    page.offer_unfinished()
    assert "버릴 작업" in page.banner_label.text()
    page.discard_button.click()
    assert page.banner.isHidden()
    assert service.progress(other).state == "cancelled"


def test_cancel_stops_before_the_next_request(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any
) -> None:
    many = [Recipient(f"0108{i:07d}") for i in range(3000)]
    page.prefill(recipients=many)
    page.set_content("취소 시험 메시지")
    shown = page.flow._show_progress

    def cancel_after_first(progress: Any) -> None:
        shown(progress)
        if progress.accepted_batches >= 1:
            page.cancel_send()

    page.flow._show_progress = cancel_after_first  # type: ignore[method-assign]

    async def scenario() -> None:
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        assert page.confirm_sheet is not None
        page.confirm_sheet.accept()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(scenario())
    progress = page.last_progress
    assert progress is not None and progress.state == "cancelled"
    assert 1 <= progress.accepted_batches < progress.total_batches == 30
    accepted = app_context.simulator.accepted_messages()
    counts = collections.Counter(m.to for m in accepted)
    assert set(counts.values()) == {1}
    assert len(counts) == progress.accepted_recipients
    rows = requests_of_job(app_context.db, progress.job_id)
    assert sum(r.recipient_count for r in rows) == progress.accepted_recipients
    assert "Send cancelled" in page.progress_label.text()
    assert page.send_button.isEnabled()


def test_advertisement_skips_080_opt_outs(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any
) -> None:
    recipients = people(5)
    blocked = [recipients[1].phone, recipients[3].phone]

    async def opt_out() -> None:
        await app_context.client().add_unsubscribes(blocked)

    qloop.run_until_complete(opt_out())
    page.prefill(recipients=recipients)
    page.set_content("연말 특가 안내")
    page.content_type_combo.setCurrentIndex(page.content_type_combo.findData("AD"))
    page.sender_name_edit.setText("행복마트")
    page.optout_edit.setText("080-123-4567")
    page.insert_ad_format()
    page.night_check.setChecked(True)  # whatever the hour of the test run

    async def scenario() -> None:
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        sheet = page.confirm_sheet
        assert sheet is not None
        assert "2 on the 080 opt-out list" in sheet.excluded_label.text()
        assert sheet.recipients_label.text().startswith("3 recipients")
        sheet.accept()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(scenario())
    # The page synced the cache for the send; its live count says so too.
    assert "2 recipients are on the 080 opt-out list" in page.optout_label.text()
    sent = {m.to: m for m in app_context.simulator.accepted_messages()}
    assert set(sent) == {r.phone for r in recipients} - set(blocked)
    message = next(iter(sent.values()))
    assert message.content_type == "AD"
    assert message.content.startswith("(광고)[행복마트]")
    assert message.content.endswith("무료수신거부 080-123-4567")


def test_editing_a_reservation_replaces_it(
    qtbot: Any, qloop: Any, page: ComposePage, app_context: Any
) -> None:
    from console.services import reservations

    zone = ZoneInfo("Asia/Seoul")
    first_time = datetime.now(zone).replace(second=0, microsecond=0) + timedelta(hours=5)
    page.prefill(recipients=people(3))
    page.set_content("내일 10시 회의가 있습니다.")
    page.reserve_radio.setChecked(True)
    page.set_reserve_at(first_time)

    async def send_and_confirm() -> None:
        page.last_progress = None
        page.send()
        await wait_until(lambda: page.confirm_sheet is not None, timeout=20)
        assert page.confirm_sheet is not None
        page.confirm_sheet.accept()
        await wait_until(
            lambda: finished(page), timeout=60
        )

    qloop.run_until_complete(send_and_confirm())
    assert page.last_progress is not None
    old_ids = [r.request_id for r in requests_of_job(app_context.db, page.last_progress.job_id)]

    # The Reservations pane's "edit" hands the reservation over; the user changes the time.
    prefill = reservations.edit_prefill(app_context.db, old_ids)
    page.new_message()
    page.prefill(**prefill)
    assert page.editor.toPlainText() == "내일 10시 회의가 있습니다."
    assert page.reserve_radio.isChecked()
    assert page.draft().reserve_at == first_time
    assert len(page.imported) == 3
    assert not page.replaces_label.isHidden()
    page.set_reserve_at(first_time + timedelta(hours=1))
    qloop.run_until_complete(send_and_confirm())
    assert page.last_progress is not None and page.last_progress.state == "completed"
    old = reservations.get_reservations(app_context.db, old_ids)
    assert old and all(not r.is_active for r in old)
    assert page.replaces == []
    assert page.replaces_label.isHidden()
