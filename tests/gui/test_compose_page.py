"""The Compose page: live counters, type switch, problem characters, images, ads, time."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PIL import Image
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from console.domain import compliance
from console.domain.models import Recipient
from console.domain.plan import NightConsentRequiredError, build_plan
from console.errors import ConsoleError
from console.ui.compose.editor import UNSUPPORTED_BACKGROUND, WARNING_UNDERLINE
from console.ui.compose.page import ComposePage
from tests.support import wait_until

SEOUL = ZoneInfo("Asia/Seoul")


class Recorder:
    """A notifier that remembers what the page told the user."""

    def __init__(self) -> None:
        self.errors: list[BaseException | str] = []
        self.infos: list[str] = []

    def error(self, error: BaseException | str, *, dialog: bool = True) -> None:
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


def type_text(widget: Any, text: str) -> None:
    """Type `text` as a Korean keyboard does: Hangul arrives as input-method commits (one
    per syllable, after a preedit), ASCII as key presses."""
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
            continue
        preedit = QInputMethodEvent(char, [])
        QApplication.sendEvent(target if target.hasFocus() else widget, preedit)
        commit = QInputMethodEvent()
        commit.setCommitString(char)
        QApplication.sendEvent(target if target.hasFocus() else widget, commit)


def formats_at(page: ComposePage, position: int) -> list[tuple[Any, Any]]:
    """(background, underline colour) of the highlighter's formats at `position`."""
    block = page.editor.document().findBlock(position)
    layout = block.layout()
    offset = position - block.position()
    found = []
    for r in layout.formats():
        if r.start <= offset < r.start + r.length:
            fmt = r.format
            found.append((fmt.background().color(), fmt.underlineColor()))
    return found


def test_korean_typing_drives_counters_and_type(qtbot: Any, page: ComposePage) -> None:
    page.editor.setFocus()
    type_text(page.editor, "안녕하세요")
    assert page.content_counter.text() == "10 / 90 bytes"
    assert page.type_label.text() == "SMS"
    assert page.subject_row.isHidden()

    type_text(page.editor, " " + "가" * 39)  # 10 + 1 + 78 = 89
    assert page.content_counter.text() == "89 / 90 bytes"
    qtbot.keyClicks(page.editor, "a")
    assert page.content_counter.text() == "90 / 90 bytes"
    assert page.type_label.text() == "SMS"
    qtbot.keyClicks(page.editor, "b")
    assert page.content_counter.text() == "91 / 2,000 bytes"
    assert page.type_label.text() == "LMS"
    assert not page.subject_row.isHidden()

    type_text(page.subject_edit, "정기 공지")
    assert page.subject_counter.text() == "9 / 40 bytes"

    qtbot.keyClick(page.editor, Qt.Key.Key_Backspace)
    assert page.content_counter.text() == "90 / 90 bytes"
    assert page.type_label.text() == "SMS"
    assert page.subject_row.isHidden()

    page.force_lms_check.setChecked(True)
    assert page.type_label.text() == "LMS"
    assert page.content_counter.text() == "90 / 2,000 bytes"
    # Windows newlines count one byte each (what is sent).
    page.force_lms_check.setChecked(False)
    page.set_content("가\r\n나")
    assert page.content_counter.text() == "5 / 90 bytes"


def test_subject_counter_turns_red_over_40_bytes(qtbot: Any, page: ComposePage) -> None:
    page.force_lms_check.setChecked(True)
    page.subject_edit.setText("가" * 21)
    assert page.subject_counter.text() == "42 / 40 bytes"
    assert "b00020" in page.subject_counter.styleSheet()


def test_emoji_is_highlighted_and_removed_with_one_click(qtbot: Any, page: ComposePage) -> None:
    page.set_content("회의 😀 10시\n장소 ✓ 3층")
    assert page.issues_panel.isVisibleTo(page)
    emoji_at = page.editor.toPlainText().index("😀")
    assert any(background == UNSUPPORTED_BACKGROUND for background, _ in formats_at(page, emoji_at))
    assert not formats_at(page, 0)  # Hangul is fine

    remove = page.issues_panel.buttons["😀"]
    assert remove.text() == "Remove"
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert page.editor.toPlainText() == "회의  10시\n장소 ✓ 3층"

    # The check mark is not sendable either; its suggestion replaces it.
    replace = page.issues_panel.buttons["✓"]
    assert replace.text() == "Replace with √"
    qtbot.mouseClick(replace, Qt.MouseButton.LeftButton)
    assert page.editor.toPlainText() == "회의  10시\n장소 √ 3층"
    assert page.issues_panel.isHidden()

    # Each fix is one undo step.
    page.editor.undo()
    assert page.editor.toPlainText() == "회의  10시\n장소 ✓ 3층"


def test_outside_euckr_is_a_warning_only(qtbot: Any, page: ComposePage) -> None:
    page.set_content("똠양꿍 할인")
    assert page.issues_panel.isVisibleTo(page)
    assert page.issues_panel.buttons == {}
    assert page.issues_panel.fix_all_button.isHidden()
    underline = [line for _, line in formats_at(page, 0)]
    assert WARNING_UNDERLINE in underline
    assert page.content_counter.text() == "11 / 90 bytes"


def test_fix_all_replaces_every_problem_in_text_and_subject(
    qtbot: Any, page: ComposePage
) -> None:
    page.force_lms_check.setChecked(True)
    page.set_content("café “신메뉴” 🎉")
    page.subject_edit.setText("공지 ✅")
    qtbot.mouseClick(page.issues_panel.fix_all_button, Qt.MouseButton.LeftButton)
    assert page.editor.toPlainText() == "cafe “신메뉴” "
    assert page.subject_edit.text() == "공지 √"
    assert page.issues_panel.isHidden()


def png(path: Path, size: tuple[int, int] = (2400, 1800)) -> Path:
    image = Image.new("RGBA", size)
    pixels = image.load()
    assert pixels is not None
    for x in range(0, size[0], 4):
        for y in range(0, size[1], 4):
            pixels[x, y] = (x % 256, y % 256, (x * y) % 256, 200)
    image.save(path, "PNG")
    return path


def test_png_becomes_upload_ready_jpeg(
    qtbot: Any, qloop: Any, page: ComposePage, tmp_path: Path
) -> None:
    source = png(tmp_path / "poster.png")
    page.set_content("12월 행사 포스터입니다")
    page.add_images([str(source)])
    assert page.converting == 1
    qloop.run_until_complete(wait_until(lambda: bool(page.images), timeout=30))
    image = page.images[0]
    assert image.data[:3] == b"\xff\xd8\xff"
    assert image.size <= 300_000
    assert image.width <= 1500 and image.height <= 1440
    assert image.name.endswith(".jpg") and len(image.name) <= 40
    with _open(image.data) as decoded:
        assert decoded.format == "JPEG"
        assert not decoded.info.get("progressive")
    assert page.type_label.text() == "MMS"
    assert page.content_counter.text().endswith("/ 2,000 bytes")
    tile = page.attachments.tiles[0]
    assert f"{image.width}×{image.height}" in tile.caption.text()
    assert "KB" in tile.caption.text()
    assert "MMS" in page.cost_label.text() or "add recipients" in page.cost_label.text()

    # Dropping files on the editor attaches them (not their path as text).
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png(tmp_path / "second.png", (300, 200))))])
    event = QDropEvent(
        QPointF(5, 5),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    page.editor.dropEvent(event)
    qloop.run_until_complete(wait_until(lambda: len(page.images) == 2, timeout=30))
    assert page.editor.toPlainText() == "12월 행사 포스터입니다"

    page.remove_image(0)
    assert len(page.images) == 1
    page.remove_image(0)
    assert page.type_label.text() == "SMS"


def _open(data: bytes) -> Image.Image:
    import io

    return Image.open(io.BytesIO(data))


def test_broken_image_is_reported(
    qtbot: Any, qloop: Any, page: ComposePage, tmp_path: Path
) -> None:
    bad = tmp_path / "broken.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    page.add_images([str(bad)])
    qloop.run_until_complete(wait_until(lambda: page.converting == 0, timeout=10))
    assert page.images == []
    errors = page.context.notifier.errors  # type: ignore[attr-defined]
    assert errors and isinstance(errors[-1], ConsoleError)


def test_personalisation_counts_longest_and_lms(qtbot: Any, page: ComposePage) -> None:
    people = [
        Recipient("01011110000", "김가", {"이름": "김가", "금액": "1,000"}),
        Recipient("01011110001", "박나나나나", {"이름": "박나나나나", "금액": "1,234,567,890"}),
        Recipient("01011110002", "이다", {"이름": "이다", "금액": "500"}),
    ]
    page.prefill(recipients=people)
    actions = [a.text() for a in page.variable_menu.actions()]
    assert actions == ["#{이름}", "#{금액}"]
    page.variable_menu.actions()[0].trigger()
    assert page.editor.toPlainText() == "#{이름}"
    page.set_content("#{이름}님 " + "가" * 36 + " #{금액}원")
    # Longest: 박나나나나(10) + "님 "(3) + 72 + " "(1) + 13 + "원"(2) = 101 bytes.
    assert page.content_counter.text() == "101 / 2,000 bytes"
    assert page.type_label.text() == "SMS + LMS"
    assert "1 of 3 recipients need LMS" in page.personal_label.text()
    assert "SMS 2 × 9 won + LMS 1 × 30 won = 48 won" in page.cost_label.text()
    page.preview_combo.setCurrentIndex(1)
    assert page.preview.bubble.text().startswith("박나나나나님 ")
    assert "1,234,567,890원" in page.preview.bubble.text()
    page.force_lms_check.setChecked(True)
    assert page.type_label.text() == "LMS"
    assert "LMS 3 × 30 won = 90 won" in page.cost_label.text()
    assert page.personal_label.text() == "Personalised: the longest message is 101 bytes."

    # A typed number has no 이름/금액: the page says so and offers to leave them empty.
    assert page.empty_missing_check.isHidden()
    page.numbers_edit.setPlainText("010-9999-0000")
    page._recipients_changed()
    assert "1 recipients lack a value for #{이름}, #{금액}." in page.personal_label.text()
    assert not page.empty_missing_check.isHidden()
    assert page.draft().missing_variables == "error"
    page.empty_missing_check.setChecked(True)
    assert page.draft().missing_variables == "empty"


def test_typed_numbers_are_counted_with_problems(qtbot: Any, page: ComposePage) -> None:
    page.numbers_edit.setPlainText("010-1234-5678\n01012345678, 02-123-4567\nabc")
    page._recipients_changed()
    text = page.recipients_label.text()
    assert text.startswith("2 recipients")
    assert "1 invalid numbers" in text and "1 duplicates" in text
    assert page.preview_combo.count() == 2


def test_advertisement_format_and_night_rule(qtbot: Any, page: ComposePage) -> None:
    page.prefill(recipients=["01012345678"])
    page.set_content("연말 특가! 전 품목 30% 할인")
    page.content_type_combo.setCurrentIndex(page.content_type_combo.findData("AD"))
    assert page.ad_box.isVisibleTo(page)
    page.sender_name_edit.setText("행복마트")
    page.optout_edit.setText("0801234567")
    assert page.ad_checks_label.text().count("✘") == 3

    qtbot.mouseClick(page.ad_format_button, Qt.MouseButton.LeftButton)
    text = page.editor.toPlainText()
    assert text.startswith("(광고)")
    assert "행복마트" in text
    assert text.endswith("무료수신거부 080-123-4567")
    assert compliance.check_ad(text, "행복마트") == []
    assert page.ad_checks_label.text().count("✔") == 3
    # Applying it again changes nothing.
    page.insert_ad_format()
    assert page.editor.toPlainText() == text
    # The sender name and opt-out number are remembered (for this profile).
    profile_id = page.context.profile.id
    assert page.context.settings.value(f"compose/ad_sender_name/{profile_id}") == "행복마트"

    night = datetime(2026, 11, 22, 13, 30, tzinfo=UTC)  # 22:30 in Seoul
    page._now = lambda: night  # type: ignore[method-assign]
    page.recount()
    assert page.night_label.isVisibleTo(page)
    with pytest.raises(ConsoleError) as caught:
        build_plan(page.draft(), page.recipients(), now=night)
    assert any(isinstance(p, NightConsentRequiredError) for p in caught.value.problems)  # type: ignore[attr-defined]
    page.night_check.setChecked(True)
    assert page.night_label.isHidden()
    plan = build_plan(page.draft(), page.recipients(), now=night)
    assert plan.batches[0].content_type == "AD"

    # Without the opt-out number, the button says what to do instead of guessing.
    page.optout_edit.setText("02-123-4567")
    page.insert_ad_format()
    assert isinstance(page.context.notifier.errors[-1], ConsoleError)  # type: ignore[attr-defined]


def test_reservation_in_profile_zone_at_least_ten_minutes_ahead(
    qtbot: Any, page: ComposePage
) -> None:
    assert page.zone_label.text() == "Asia/Seoul"
    page.reserve_radio.setChecked(True)
    assert page.reserve_edit.isEnabled()
    soon = datetime.now(SEOUL).replace(tzinfo=None, second=0, microsecond=0) + timedelta(
        minutes=3
    )
    page.set_reserve_at(soon)
    assert "at least 10 minutes" in page.local_time_label.text()

    later = soon + timedelta(hours=2)
    page.set_reserve_at(later)
    label = page.local_time_label.text()
    local = later.replace(tzinfo=SEOUL).astimezone()
    assert label == "On this computer: " + local.strftime("%Y-%m-%d %H:%M")
    draft = page.draft()
    assert draft.reserve_at == later.replace(tzinfo=SEOUL)
    assert draft.reserve_tz == "Asia/Seoul"
    assert page.draft(test=True).reserve_at is None

    page.now_radio.setChecked(True)
    assert page.draft().reserve_at is None


def test_draft_is_autosaved_and_restored(
    qtbot: Any, app_context: Any, make_page: Callable[[], ComposePage]
) -> None:
    app_context.notifier = Recorder()
    first = make_page()
    first.prefill(recipients=[Recipient("01055556666", "최", {"지점": "강남"})])
    first.set_content("#{지점}점 재고 조사 안내")
    first.subject_edit.setText("재고")
    first.numbers_edit.setPlainText("010-7777-8888")
    first.force_lms_check.setChecked(True)
    qtbot.waitUntil(lambda: not first._autosave_timer.isActive(), timeout=3000)

    second = make_page()
    assert second.editor.toPlainText() == "#{지점}점 재고 조사 안내"
    assert second.subject_edit.text() == "재고"
    assert second.force_lms_check.isChecked()
    assert [r.phone for r in second.recipients()] == ["01055556666", "01077778888"]
    assert second.recipients()[0].fields == {"지점": "강남"}

    second.new_message()
    third = make_page()
    assert third.editor.toPlainText() == ""
    assert third.recipients() == []


def test_templates_saved_listed_and_reused(qtbot: Any, page: ComposePage) -> None:
    page.set_content("정기 점검으로 내일 02:00~04:00 서비스가 중단됩니다.")
    page.save_template("점검 안내")
    assert page.context.notifier.infos[-1] == 'Template "점검 안내" saved.'  # type: ignore[attr-defined]
    page.set_content("다른 내용")
    page._fill_templates_menu()
    names = [a.text() for a in page.templates_menu.actions()]
    assert "점검 안내" in names
    action = next(a for a in page.templates_menu.actions() if a.text() == "점검 안내")
    action.trigger()
    assert page.editor.toPlainText() == "정기 점검으로 내일 02:00~04:00 서비스가 중단됩니다."
    page.save_template("  ")
    assert isinstance(page.context.notifier.errors[-1], ConsoleError)  # type: ignore[attr-defined]


def test_prefill_accepts_rows_of_other_panes(qtbot: Any, page: ComposePage) -> None:
    class Row:
        def __init__(self) -> None:
            self.phone = "01033334444"
            self.name = "정"
            self.fields = {"부서": "총무"}

    page.prefill(
        recipients=[
            "010-1111-2222",
            {"phone": "01022223333", "name": "한", "부서": "영업"},
            Row(),
            Recipient("01044445555"),
            "",
        ]
    )
    assert [r.phone for r in page.imported] == [
        "010-1111-2222",
        "01022223333",
        "01033334444",
        "01044445555",
    ]
    assert page.imported[1].fields == {"부서": "영업"}
    assert "4 recipients" in page.recipients_label.text()
    assert "4 recipients received" in page.context.notifier.infos[-1]  # type: ignore[attr-defined]


def test_navigator_open_compose_reaches_the_page(qtbot: Any, main_window: Any) -> None:
    main_window.open_compose(recipients=[Recipient("01012341234", "홍", {"반": "3"})])
    page = main_window.page("compose")
    assert isinstance(page, ComposePage)
    assert main_window.current_page_key() == "compose"
    assert [r.phone for r in page.imported] == ["01012341234"]
    assert [a.text() for a in page.variable_menu.actions()] == ["#{이름}", "#{반}"]


_ALLOWED = {"SMS", "LMS", "MMS", "SENS", "DEMO", "Asia", "Seoul", "KB", "JPEG"}


def test_korean_user_sees_no_english(
    qtbot: Any, korean: Any, app_context: Any, make_page: Callable[[], ComposePage]
) -> None:
    app_context.notifier = Recorder()
    app_context.language = "ko"
    page = make_page()
    page.prefill(recipients=[Recipient("01012345678", "홍길동", {"금액": "3,000"})])
    page.set_content("#{이름}님 😀 안내")
    page.content_type_combo.setCurrentIndex(1)
    page.reserve_radio.setChecked(True)
    page.force_lms_check.setChecked(True)
    page.resize(1000, 900)
    page.show()
    texts: list[str] = []
    for widget in page.findChildren(QLabel):
        if widget.isVisibleTo(page):
            texts.append(re.sub(r"<[^>]+>", "", widget.text()))
    for widget in page.findChildren(QAbstractButton):
        if widget.isVisibleTo(page):
            texts.append(widget.text())
    texts.append(page.editor.placeholderText())
    texts.append(page.numbers_edit.placeholderText())
    english = [
        t
        for t in texts
        if any(word not in _ALLOWED for word in re.findall(r"(?<![#{U+])[A-Za-z]{3,}", t))
    ]
    assert english == []
    assert page.content_counter.text().endswith("바이트")


def test_big_list_is_autosaved_off_the_gui_thread(
    qtbot: Any, qloop: Any, app_context: Any, make_page: Callable[[], ComposePage]
) -> None:
    first = make_page()
    big = [Recipient(f"0102{i:07d}", f"고객{i}", {"등급": "A"}) for i in range(2500)]
    first.prefill(recipients=big[:10])
    first.prefill(recipients=big)  # the later list wins, whatever order the writes finish

    def saved() -> int:
        draft = first.drafts.load(app_context.profile.id)
        return len(draft.recipients) if draft is not None else 0

    qloop.run_until_complete(wait_until(lambda: saved() == 2500, timeout=20))
    second = make_page()
    assert len(second.imported) == 2500
    assert second.imported[-1] == big[-1]
    assert "2,500 recipients" in second.recipients_label.text()


def test_profile_sets_callers_country_and_time_zone(qtbot: Any, page: ComposePage) -> None:
    from console.settings import Profile

    assert [page.caller_combo.itemData(i) for i in range(page.caller_combo.count())] == [
        "0212345678",
        "01000000000",
    ]
    assert page.caller_combo.currentText() == "02-1234-5678"
    settings = page.context.settings
    profile = settings.save_profile(
        Profile(
            name="뉴욕 지사",
            service_id="ncp:sms:kr:1:ny",
            access_key="AK",
            caller_numbers=("1588-0000",),
            default_country_code="1",
            reservation_time_zone="America/New_York",
        )
    )
    page.context.set_active_profile(profile.id)
    assert page.caller() == "15880000"
    assert page.country_code() == "1"
    assert page.zone_label.text() == "America/New_York"
    page.reserve_radio.setChecked(True)
    when = datetime.now(ZoneInfo("America/New_York")).replace(
        tzinfo=None, second=0, microsecond=0
    ) + timedelta(hours=1)
    page.set_reserve_at(when)
    draft = page.draft()
    assert draft.reserve_tz == "America/New_York"
    assert draft.reserve_at == when.replace(tzinfo=ZoneInfo("America/New_York"))
    assert "at least 10 minutes" not in page.local_time_label.text()
    # A typed country code that is not in the list is accepted as well.
    page.country_combo.setEditText("+856")
    assert page.country_code() == "856"


def test_ad_sender_name_and_080_number_are_remembered_per_profile(
    qtbot: Any, page: ComposePage
) -> None:
    from console.settings import Profile

    settings = page.context.settings
    settings.set_value("compose/ad_sender_name", "옛 상호")  # a console before per-profile
    page.options.set_content_type("AD")
    page.sender_name_edit.setText("행복마트")
    page.optout_edit.setText("080-123-4567")
    branch = settings.save_profile(
        Profile(name="부산 지점", service_id="ncp:sms:kr:1:busan", access_key="AK")
    )
    page.context.set_active_profile(branch.id)
    # A profile that never had its own shows what was remembered before per-profile keys.
    assert page.sender_name_edit.text() == "옛 상호" and page.optout_edit.text() == ""
    page.sender_name_edit.setText("부산마트")
    page.optout_edit.setText("080-999-0000")
    page.context.set_active_profile(None)  # back to demo mode: its own details again
    assert page.sender_name_edit.text() == "행복마트"
    assert page.optout_edit.text() == "080-123-4567"
    page.context.set_active_profile(branch.id)
    assert page.sender_name_edit.text() == "부산마트"
    assert page.optout_edit.text() == "080-999-0000"

