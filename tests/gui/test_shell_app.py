"""The application: qasync run, task cancellation on quit, excepthook, single instance."""

from __future__ import annotations

import asyncio
import logging
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

import console.app as console_app
import console.session as console_session
from console.app import acquire_instance_lock, resolve_language
from console.context import AppContext
from console.services.history import POLLER_TASK
from console.session import ConsoleApp
from console.settings import data_dir
from tests.support import wait_until


def test_run_cancels_tasks_and_closes_on_window_close(
    qtbot, qloop: asyncio.AbstractEventLoop, app_context: AppContext
) -> None:
    app = ConsoleApp(QApplication.instance(), language="en", context=app_context)  # type: ignore[arg-type]
    cancelled = asyncio.Event()
    started = asyncio.Event()

    async def long_job() -> None:
        started.set()
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.set()
            raise

    async def scenario() -> int:
        runner = asyncio.ensure_future(app.run())
        await wait_until(app.window.isVisible)
        task = app_context.tasks.start("long", long_job())
        await started.wait()
        assert sys.excepthook == app.excepthook
        app.window.close()
        result = await asyncio.wait_for(runner, 10)
        assert task.cancelled()
        return result

    assert qloop.run_until_complete(scenario()) == 0
    assert cancelled.is_set()
    assert app_context.tasks.closed
    assert not app.window.isVisible()
    assert sys.excepthook is not app.excepthook  # hooks removed
    with pytest.raises(RuntimeError):
        app_context.tasks.start("late", asyncio.sleep(0))


def test_excepthook_logs_traceback_and_shows_dialog(
    qtbot, qloop, app_context: AppContext, caplog: pytest.LogCaptureFixture
) -> None:
    app = ConsoleApp(QApplication.instance(), language="en", context=app_context)  # type: ignore[arg-type]
    app.window.show()
    app.install_hooks()
    try:
        try:
            raise KeyError("totally unexpected")
        except KeyError:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]

        def worker() -> None:
            raise OSError("in a worker thread")

        thread = threading.Thread(target=worker, name="worker-1")
        with caplog.at_level(logging.ERROR):
            thread.start()
            thread.join()
        assert any("worker-1" in r.getMessage() and r.exc_info for r in caplog.records)
    finally:
        app.remove_hooks()
    [box] = app.bridge.open_dialogs()
    assert box.isVisible()
    assert box.icon() == QMessageBox.Icon.Critical
    assert "unexpected problem" in box.text()
    assert "KeyError" in box.detailedText()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    box.close()
    qloop.run_until_complete(app.shutdown())


def test_failed_task_reaches_the_dialog(qtbot, qloop, app_context: AppContext) -> None:
    app = ConsoleApp(QApplication.instance(), language="en", context=app_context)  # type: ignore[arg-type]

    async def boom() -> None:
        raise ZeroDivisionError("in a task")

    async def scenario() -> None:
        app_context.tasks.start("boom", boom())
        await wait_until(lambda: bool(app.bridge.open_dialogs()))

    qloop.run_until_complete(scenario())
    [box] = app.bridge.open_dialogs()
    assert "ZeroDivisionError" in box.detailedText()
    box.close()
    qloop.run_until_complete(app.shutdown())
    assert QApplication.instance().quitOnLastWindowClosed()  # type: ignore[union-attr]


def test_second_instance_is_refused(console_home: Path) -> None:
    first = acquire_instance_lock(data_dir())
    assert first is not None
    try:
        assert acquire_instance_lock(data_dir()) is None
    finally:
        first.unlock()
    again = acquire_instance_lock(data_dir())
    assert again is not None
    again.unlock()


def test_main_refuses_when_locked(qapp, console_home: Path, monkeypatch, capsys) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(console_app, "setup_logging", lambda _d, **_kw: console_home / "x.log")
    lock = acquire_instance_lock(data_dir())
    assert lock is not None
    try:
        assert console_app.main([]) == 1
    finally:
        lock.unlock()
    assert len(shown) == 1 and "already open" in shown[0]
    assert "already open" in capsys.readouterr().err


def test_main_runs_in_the_qasync_loop_and_quits(qapp, console_home: Path, monkeypatch) -> None:
    monkeypatch.setattr(console_app, "setup_logging", lambda _d, **_kw: console_home / "x.log")
    seen: dict[str, object] = {}

    def close_window() -> None:
        loop = asyncio.get_event_loop_policy().get_event_loop()
        seen["running"] = loop.is_running()
        for widget in qapp.topLevelWidgets():
            if widget.objectName() == "MainWindow" and widget.isVisible():
                seen["window"] = widget.windowTitle()
                # Right after the window: its first page (Compose) and the History poller.
                seen["compose"] = widget.has_page("compose")
                seen["poller"] = widget.context.tasks.is_running(POLLER_TASK)
                widget.close()

    QTimer.singleShot(300, close_window)
    try:
        assert console_app.main([]) == 0
    finally:
        asyncio.set_event_loop(None)
    assert seen == {"running": True, "window": "SENS Console", "compose": True, "poller": True}
    # The lock was released: a next start may take it.
    lock = acquire_instance_lock(data_dir())
    assert lock is not None
    lock.unlock()


def test_language_resolution() -> None:
    from PySide6.QtCore import QLocale

    assert resolve_language("ko") == "ko"
    assert resolve_language("en") == "en"
    assert resolve_language("system", QLocale(QLocale.Language.Korean)) == "ko"
    assert resolve_language("system", QLocale(QLocale.Language.German)) == "en"


def test_the_window_is_shown_before_the_console_loads_behind_it(
    qtbot, qloop, app_context: AppContext, korean
) -> None:
    # console.app shows the window from the settings alone, then attaches the context:
    # until then navigation, status bar and Help menu are there and the page area says
    # the console is opening; once attached the first page replaces that.
    from console.ui.main_window import MainWindow

    window = MainWindow(app_context.settings, "ko")
    qtbot.addWidget(window)
    window.show()
    assert window.isVisible() and window.nav.count() == 6 and not window.attached
    assert window.nav.item(0).text() == "메시지 작성"
    assert window.profile_label.text() == "데모 모드" and window.demo_label.isVisible()
    assert window.menuBar().actions()  # Help > About
    assert window.stack.currentWidget() is window.loading
    window.nav.setCurrentRow(2)  # a click before the console has loaded builds nothing
    assert not window.has_page("history")

    app = ConsoleApp(QApplication.instance(), language="ko", context=app_context, window=window)  # type: ignore[arg-type]
    assert window.attached and app.bridge is window.messages
    qtbot.waitUntil(lambda: window.has_page("history") and window.page("history").isVisible())
    assert window.has_page("compose")  # built right after, whatever page is open
    assert window.stack.currentWidget() is not window.loading
    qloop.run_until_complete(app.shutdown())


def test_without_keyring_the_secret_is_asked_for_this_run(
    qtbot, qloop, app_context: AppContext
) -> None:
    from keyring.backends import fail

    from console.secrets import SecretStore
    from console.settings import Profile

    saved = app_context.settings.save_profile(
        Profile(name="본사", service_id="ncp:sms:kr:1:x", access_key="AKIDEXAMPLE")
    )
    app_context.set_active_profile(saved.id)
    app_context.secrets = SecretStore(fail.Keyring())
    app = ConsoleApp(QApplication.instance(), language="en", context=app_context)  # type: ignore[arg-type]
    app.show()
    # (right after the window and its first page)
    qtbot.waitUntil(lambda: app.secret_prompt is not None)
    assert "No system keyring" in app.bridge.history[-1]
    prompt = app.secret_prompt
    assert prompt is not None and prompt.isVisible()
    prompt.save()
    assert prompt.error_label.text()  # empty: refused
    prompt.secret.setText("typed-for-this-run")
    prompt.save()
    assert not prompt.isVisible()
    assert app_context.secrets.get(saved.id) == "typed-for-this-run"
    assert SecretStore(fail.Keyring()).get(saved.id) is None  # nothing persisted
    qloop.run_until_complete(app.shutdown())


def test_main_reports_a_startup_failure(qapp, console_home: Path, monkeypatch, capsys) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(console_app, "setup_logging", lambda _d, **_kw: console_home / "x.log")
    (data_dir() / console_session.DB_FILE_NAME).write_bytes(b"this is not a database" * 100)
    try:
        assert console_app.main([]) == 1
    finally:
        asyncio.set_event_loop(None)
    assert len(shown) == 1 and "could not start" in shown[0] and "x.log" in shown[0]
    lock = acquire_instance_lock(data_dir())  # released on the way out
    assert lock is not None
    lock.unlock()


def test_qt_quit_still_shuts_down_cleanly(qtbot, qloop, app_context: AppContext) -> None:
    """Qt quitting underneath (session logout) stops qasync early; the shutdown still runs."""
    qapp = QApplication.instance()
    app = ConsoleApp(qapp, language="en", context=app_context)  # type: ignore[arg-type]
    cancelled: list[bool] = []

    async def long_job() -> None:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            cancelled.append(True)
            raise

    def start_and_quit() -> None:
        app_context.tasks.start("long", long_job())
        QTimer.singleShot(50, qapp.quit)  # type: ignore[union-attr]

    QTimer.singleShot(50, start_and_quit)
    assert console_session.run_until_closed(qloop, app) == 0
    assert cancelled == [True]
    assert app_context.tasks.closed
