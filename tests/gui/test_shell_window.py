"""The main window: navigation, status bar, remembered geometry/page, profiles dialog."""

from __future__ import annotations

from pathlib import Path

import keyring
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from console.context import AppContext
from console.secrets import SERVICE_NAME
from console.ui.compose.page import ComposePage
from console.ui.history.page import HistoryPage
from console.ui.main_window import GEOMETRY_KEY, LAST_PAGE_KEY, PAGE_KEYS, MainWindow
from console.ui.recipients.page import RecipientsPage
from console.ui.reservations.page import ReservationsPage
from console.ui.settings.page import SettingsPage
from console.ui.settings.profile_dialog import ProfileDialog
from console.ui.unsubscribes.page import UnsubscribesPage

EXPECTED = {
    "compose": ComposePage,
    "recipients": RecipientsPage,
    "history": HistoryPage,
    "reservations": ReservationsPage,
    "unsubscribes": UnsubscribesPage,
    "settings": SettingsPage,
}


def test_navigation_shows_one_page_per_item(qtbot, main_window: MainWindow) -> None:
    main_window.show()
    labels = [main_window.nav.item(i).text() for i in range(main_window.nav.count())]
    assert labels == ["Compose", "Recipients", "History", "Reservations", "080 Opt-out", "Settings"]
    seen: list[str] = []
    main_window.page_changed.connect(seen.append)
    for row, key in enumerate(PAGE_KEYS):
        main_window.nav.setCurrentRow(row)
        assert main_window.stack.currentIndex() == row
        page = main_window.page(key)
        assert isinstance(page, EXPECTED[key])
        assert page.isVisible()
        assert main_window.current_page_key() == key
    assert seen[-5:] == list(PAGE_KEYS[1:])
    main_window.open_page("history")
    assert main_window.current_page_key() == "history"


def test_status_bar_marks_demo_mode(qtbot, main_window: MainWindow) -> None:
    main_window.show()
    assert main_window.context.is_demo
    assert main_window.demo_label.isVisible()
    assert main_window.demo_label.text() == "DEMO"
    assert main_window.profile_label.text() == "Demo mode"


def test_geometry_and_last_page_are_restored(qtbot, app_context: AppContext) -> None:
    first = MainWindow.for_context(app_context)
    qtbot.addWidget(first)
    first.show()
    # (the offscreen screen is 800x600: restoreGeometry keeps windows on it)
    first.resize(QSize(790, 530))
    first.open_page("reservations")
    first.close()
    assert app_context.settings.value(LAST_PAGE_KEY) == "reservations"
    assert app_context.settings.bytes_value(GEOMETRY_KEY)

    # A new run reads the settings file again.
    from console.settings import Settings

    app_context.settings = Settings()
    second = MainWindow.for_context(app_context)
    qtbot.addWidget(second)
    second.show()
    assert second.current_page_key() == "reservations"
    assert second.size() == QSize(790, 530)


def test_unknown_last_page_falls_back_to_compose(qtbot, app_context: AppContext) -> None:
    app_context.settings.set_value(LAST_PAGE_KEY, "gone")
    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    assert window.current_page_key() == "compose"


def test_pages_are_built_right_after_show_opening_page_and_compose(
    qtbot, app_context: AppContext
) -> None:
    app_context.settings.set_value(LAST_PAGE_KEY, "history")
    window = MainWindow.for_context(app_context)
    qtbot.addWidget(window)
    # Before the window is shown no page is built (start-up time): the opening page's
    # placeholder is current.
    assert [key for key in PAGE_KEYS if window.has_page(key)] == []
    assert window.current_page_key() == "history"
    assert window.stack.currentIndex() == PAGE_KEYS.index("history")
    window.show()
    # Right after: the opening page, and Compose on another page too (it offers
    # unfinished sends at once); the others wait for a visit.
    qtbot.waitUntil(lambda: window.has_page("history") and window.has_page("compose"))
    history = window.page("history")
    assert isinstance(history, HistoryPage) and history.isVisible()
    assert isinstance(window.page("compose"), ComposePage)
    assert window.current_page_key() == "history"
    assert [key for key in PAGE_KEYS if window.has_page(key)] == ["compose", "history"]


def test_open_page_builds_the_page_before_returning(qtbot, main_window: MainWindow) -> None:
    assert main_window.current_page_key() == "compose" and not main_window.has_page("compose")
    main_window.open_page("compose")  # already the current row: still built
    assert isinstance(main_window.stack.currentWidget().findChild(ComposePage), ComposePage)


def test_broken_page_is_contained(qtbot, main_window: MainWindow, monkeypatch) -> None:
    import console.ui.main_window as mw

    def broken(*_args: object) -> None:
        raise RuntimeError("page constructor failed")

    monkeypatch.setattr("console.ui.history.page.HistoryPage", broken)
    page = main_window.page("history")
    assert isinstance(page, mw.BrokenPage)
    assert isinstance(page.error, RuntimeError)


def fill_dialog(dialog: ProfileDialog, secret: str) -> None:
    dialog.name.setText("본사")
    dialog.service_id.setText("ncp:sms:kr:123456789012:office")
    dialog.access_key.setText("AKIDEXAMPLE123")
    dialog.secret.setText(secret)
    dialog.callers.setPlainText("02-123-4567\n1588-0000")


def test_add_profile_secret_only_in_keyring(
    qtbot, main_window: MainWindow, console_home: Path, memory_keyring: object
) -> None:
    main_window.show()
    main_window.open_page("settings")
    page = main_window.page("settings")
    assert isinstance(page, SettingsPage)
    dialog = page.add_profile()
    assert dialog.isVisible()
    assert dialog.time_zone.text() == "Asia/Seoul"
    assert dialog.prices["SMS"].value() == 9.0
    secret = "TOP-secret-Value-4711"
    fill_dialog(dialog, secret)
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert not dialog.isVisible()

    context = main_window.context
    [profile] = context.settings.profiles()
    assert profile.caller_numbers == ("021234567", "15880000")
    assert keyring.get_password(SERVICE_NAME, profile.id) == secret
    # The first profile replaces demo mode, and the status bar says so.
    assert context.profile.id == profile.id
    assert not main_window.demo_label.isVisible()
    assert main_window.profile_label.text() == "Profile: 본사"
    assert page.profile_list.count() == 1

    main_window.close()  # flush geometry/last page too
    context.db.connection().execute("PRAGMA wal_checkpoint(FULL)")
    files = [f for f in console_home.rglob("*") if f.is_file()]
    assert any(f.name == "settings.json" for f in files)
    for path in files:
        assert secret.encode() not in path.read_bytes(), path
        assert secret.encode("utf-16-le") not in path.read_bytes(), path


def test_profile_dialog_reports_bad_fields(qtbot, main_window: MainWindow) -> None:
    main_window.open_page("settings")
    page = main_window.page("settings")
    assert isinstance(page, SettingsPage)
    dialog = page.add_profile()
    fill_dialog(dialog, "")
    dialog.save()
    assert dialog.isVisible()
    assert "secret key" in dialog.error_label.text()
    dialog.secret.setText("x-secret-1234")
    dialog.time_zone.setText("Seoul")
    dialog.save()
    assert "time zone" in dialog.error_label.text()
    assert main_window.context.settings.profiles() == []
    dialog.reject()


def test_edit_switch_and_remove_profiles(qtbot, main_window: MainWindow) -> None:
    main_window.open_page("settings")
    page = main_window.page("settings")
    assert isinstance(page, SettingsPage)
    for name in ("본사", "지점"):
        dialog = page.add_profile()
        fill_dialog(dialog, "secret-" + name)
        dialog.name.setText(name)
        dialog.save()
    context = main_window.context
    settings = context.settings
    by_name = {p.name: p for p in settings.profiles()}
    assert context.profile.name == "본사"  # the first one became active

    # Edit: empty secret keeps the stored one; the id stays.
    page.profile_list.setCurrentRow([p.name for p in settings.profiles()].index("지점"))
    dialog = page.edit_profile()
    assert dialog is not None
    dialog.prices["LMS"].setValue(27.5)
    dialog.save()
    edited = settings.profile(by_name["지점"].id)
    assert edited is not None and edited.price_lms == 27.5
    assert context.secrets.get(edited.id) == "secret-지점"

    # Switch.
    page.use_selected()
    assert context.profile.id == edited.id
    assert main_window.profile_label.text() == "Profile: 지점"

    # Remove (after confirming): its secret goes too and demo mode returns.
    page.remove_profile()
    box = page.confirm_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.Yes).click()
    assert settings.profile(edited.id) is None
    assert context.secrets.get(edited.id) is None
    assert context.is_demo
    assert not main_window.demo_label.isHidden()

    page.profile_list.setCurrentRow(0)
    page.use_selected()
    assert context.profile.name == "본사"
    assert page.demo_button.isEnabled()
    page.demo_button.click()
    assert context.is_demo


def test_language_choice_is_saved_and_explained(qtbot, main_window: MainWindow) -> None:
    main_window.open_page("settings")
    page = main_window.page("settings")
    assert isinstance(page, SettingsPage)
    combo = page.language_combo
    assert combo.currentData() == "system"
    combo.setCurrentIndex(combo.findData("ko"))
    assert main_window.context.settings.language == "ko"
    assert "next time" in main_window.messages.history[-1]
    from console.settings import Settings

    assert Settings().language == "ko"


def test_open_compose_hands_over_prefill(qtbot, main_window: MainWindow) -> None:
    received: dict[str, object] = {}
    page = main_window.page("compose")
    page.prefill = lambda **kw: received.update(kw)  # type: ignore[attr-defined]
    main_window.open_compose(recipients=["01012345678"])
    assert main_window.current_page_key() == "compose"
    assert received == {"recipients": ["01012345678"]}
    assert main_window.context.navigator is main_window


def test_message_bridge(qtbot, main_window: MainWindow, monkeypatch) -> None:
    from console.errors import ConsoleError
    from console.ui.common import messages

    main_window.show()
    bridge = main_window.messages
    monkeypatch.setattr(messages, "NOTICE_MS", 50)
    bridge.info("Saved.")
    assert bridge.history[-1] == "Saved."
    notice = main_window.statusBar().findChild(messages.QLabel, "notice")
    assert notice is not None and notice.text() == "Saved."
    qtbot.waitUntil(lambda: notice.text() == "", timeout=2000)
    bridge.error(ConsoleError("Plain English.", "한국어 문장."), dialog=False)
    assert bridge.history[-1] == "Plain English."
    bridge.language = "ko"
    bridge.error(ConsoleError("Plain English.", "한국어 문장."))
    [box] = bridge.open_dialogs()
    assert box.text() == "한국어 문장."
    assert box.windowModality() == Qt.WindowModality.WindowModal
    box.close()
    assert bridge.open_dialogs() == []
