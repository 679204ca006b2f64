"""Bootstrap: QApplication, translators, the single-instance lock, the qasync loop.

This module alone creates the event loop. The console runs *inside* the qasync loop
(``loop.run_until_complete(ConsoleApp.run())``), never with a bare ``app.exec()``: httpx
runs on anyio, which needs a running asyncio loop. Closing the main window ends
:meth:`ConsoleApp.run`, which cancels every task (``context.tasks``), closes the client,
stops the demo simulator and closes the database before the loop stops.

Unexpected exceptions (``sys.excepthook``, and exceptions asyncio reports from callbacks
or unawaited tasks) are logged with their traceback and shown in a dialog.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from console import __version__
from console.context import AppContext
from console.errors import ConsoleError
from console.logs import setup_logging
from console.secrets import SecretStore
from console.selftest import SELF_TEST_FLAG
from console.settings import Settings, data_dir, log_dir
from console.store.database import Database
from console.ui.about import install_about_menu, install_identity
from console.ui.common.garbage import MainThreadGarbageCollector

log = logging.getLogger(__name__)

DB_FILE_NAME = "console.sqlite3"
LOCK_FILE_NAME = "console.lock"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]

# Translators must outlive their installation: QCoreApplication does not own them.
_translators: list[QTranslator] = []


def resources_dir() -> Path:
    """The folder with translations and icons (next to the package, or in a bundle)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def app_icon() -> QIcon:
    """The application icon in every size packaging/make_icons.py drew (may be empty)."""
    icon = QIcon()
    for path in sorted((resources_dir() / "icons" / "app").glob("*.png")):
        icon.addFile(str(path))
    return icon


def translations_dir() -> Path:
    return resources_dir() / "translations"


def resolve_language(preference: str, locale: QLocale | None = None) -> str:
    """The language ("ko" or "en") for a preference; "system" follows the OS locale."""
    if preference in ("ko", "en"):
        return preference
    locale = locale if locale is not None else QLocale.system()
    return "ko" if locale.language() == QLocale.Language.Korean else "en"


def install_translators(app: QApplication, language: str) -> list[QTranslator]:
    """Install Qt's own Korean strings and every pane's ``*_ko.qm`` (English: none).

    Replaces translators installed by an earlier call. Returns the installed ones.
    """
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    if language != "ko":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return []
    QLocale.setDefault(QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea))
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [Path(qt_dir) / "qtbase_ko.qm", *sorted(translations_dir().glob("*_ko.qm"))]
    for path in candidates:
        if not path.exists():
            continue
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _translators.append(translator)
        else:
            log.warning("translation file %s could not be loaded", path)
    return list(_translators)


def acquire_instance_lock(directory: Path) -> QLockFile | None:
    """Lock `directory` for this process, or None when another console holds it.

    The stale-by-age check is off (0): a console that has run for hours still owns its
    lock; a crashed one is detected by its process id.
    """
    lock = QLockFile(str(directory / LOCK_FILE_NAME))
    lock.setStaleLockTime(0)
    if lock.tryLock(200):
        return lock
    return None


def refuse_second_instance(directory: Path) -> None:
    """Tell the user another console already uses `directory` (blocking dialog)."""
    text = QApplication.translate(
        "ConsoleApp",
        "The console is already open on this computer (data folder: %1). Switch to the "
        "open window; two windows on the same data could send a message twice.",
    ).replace("%1", str(directory))
    log.warning("another console holds the lock on %s: refusing to start", directory)
    print(text, file=sys.stderr)
    QMessageBox.warning(None, QApplication.translate("ConsoleApp", "SENS Console"), text)


def report_startup_failure(exc: Exception, language: str, log_path: Path) -> None:
    """The window could not be built (e.g. an unreadable database): log and say so."""
    log.critical("the console could not start", exc_info=exc)
    reason = exc.message(language) if isinstance(exc, ConsoleError) else ""
    text = QApplication.translate(
        "ConsoleApp",
        "The console could not start. Nothing was sent. The details are in the log file: %1",
    ).replace("%1", str(log_path))
    if reason:
        text = reason + "\n\n" + text
    print(text, file=sys.stderr)
    QMessageBox.critical(None, QApplication.translate("ConsoleApp", "SENS Console"), text)


class ConsoleApp:
    """One run of the console: context, window, error hooks; :meth:`run` until closed."""

    def __init__(
        self,
        app: QApplication,
        *,
        language: str,
        settings: Settings | None = None,
        secrets: SecretStore | None = None,
        directory: Path | None = None,
        log_path: Path | None = None,
        context: AppContext | None = None,
    ) -> None:
        from console.ui.main_window import MainWindow

        self.app = app
        if context is None:
            directory = directory if directory is not None else data_dir()
            context = AppContext(
                Database(directory / DB_FILE_NAME),
                settings if settings is not None else Settings(),
                secrets if secrets is not None else SecretStore(),
                language=language,
            )
        self.context = context
        self.window = MainWindow(context, log_path)
        # Packaging (issue 10): Help > About with version and licences (console/ui/about.py).
        install_about_menu(self.window, directory)
        self.bridge = self.window.messages
        context.tasks.on_error = lambda exc: self.bridge.unexpected(
            type(exc), exc, exc.__traceback__
        )
        self.secret_prompt: QDialog | None = None
        self._closed = asyncio.Event()
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], Any] | None = None
        # Closing the window must not stop the loop before run() has shut down cleanly.
        self._quit_on_last = app.quitOnLastWindowClosed()
        app.setQuitOnLastWindowClosed(False)
        self.window.closed.connect(self._closed.set)
        app.aboutToQuit.connect(self._closed.set)

    # -- exceptions --------------------------------------------------------------------

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        """sys.excepthook: log with traceback and show the unexpected-error dialog."""
        if issubclass(exc_type, KeyboardInterrupt):
            self._closed.set()
            return
        try:
            self.bridge.unexpected(exc_type, exc, tb)
        except Exception:  # the dialog itself failed: at least keep the log
            log.critical("unexpected error", exc_info=(exc_type, exc, tb))

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        exc = context.get("exception")
        if isinstance(exc, BaseException):
            self.excepthook(type(exc), exc, exc.__traceback__)
        else:
            log.error("asyncio: %s", context.get("message"))

    def _thread_exception(self, args: threading.ExceptHookArgs) -> None:
        """Exceptions in worker threads (e.g. the demo simulator) are logged; no dialog
        from a thread that is not the GUI thread."""
        log.error(
            "unexpected error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value or args.exc_type(), args.exc_traceback),
        )

    def install_hooks(self) -> None:
        self._previous_hook = sys.excepthook
        sys.excepthook = self.excepthook
        self._previous_thread_hook = threading.excepthook
        threading.excepthook = self._thread_exception
        asyncio.get_event_loop_policy().get_event_loop().set_exception_handler(self._loop_exception)

    def remove_hooks(self) -> None:
        if self._previous_hook is not None:
            sys.excepthook = self._previous_hook
            self._previous_hook = None
        if self._previous_thread_hook is not None:
            threading.excepthook = self._previous_thread_hook
            self._previous_thread_hook = None

    # -- running -----------------------------------------------------------------------

    def show(self) -> None:
        """Show the window; right after it (and its first page), without a keyring, say so
        once and ask for the secret."""
        self.window.show()
        # Choosing the keyring backend imports keyring and probes the system (a tenth of a
        # second or more): after the page the window schedules on show, and after that
        # page is painted, not before.
        self._after_first_page(self._check_keyring)

    def _after_first_page(self, callback: Callable[[], None]) -> None:
        """Run `callback` one event pass after the window's first page is built: the window
        builds it in a zero-delay call queued on show, which posts the page's paint; a call
        queued from a call queued now runs after that paint."""
        window = self.window
        QTimer.singleShot(0, window, lambda: QTimer.singleShot(0, window, callback))

    def _check_keyring(self) -> None:
        if not self.window.isVisible():  # closed in the meantime
            return
        if self.context.secrets.persistent:
            return
        self.bridge.info(
            QApplication.translate(
                "ConsoleApp",
                "No system keyring: secret keys are kept in memory until the console closes.",
            )
        )
        profile = self.context.profile
        if not profile.is_demo and not self.context.secrets.has(profile.id):
            from console.ui.settings.secret_prompt import SecretPromptDialog

            self.secret_prompt = SecretPromptDialog(self.context, profile, self.window)
            self.secret_prompt.open()

    async def run(self) -> int:
        """Show the window, wait until it is closed, then shut down cleanly."""
        self.install_hooks()
        try:
            self.show()
            # Delivery results are followed from the start, not only once History is opened
            # (right after the window and its first page: History's modules load then).
            self._after_first_page(self._start_poller)
            await self._closed.wait()
            # When Qt quits underneath, qasync steps this coroutine once more from its last
            # processEvents(), outside the running loop: wait for run_until_closed to run
            # the loop again before shutting down.
            while not _loop_running():
                await asyncio.sleep(0)
        finally:
            await self.shutdown()
        return 0

    def _start_poller(self) -> None:
        if self._closed.is_set() or self.context.tasks.closed:
            return
        from console.services.history import start_poller

        start_poller(self.context)

    async def shutdown(self) -> None:
        """Cancel every task, close client, simulator and database; remove the hooks."""
        try:
            if self.window.isVisible():
                self.window.save_state()
                self.window.hide()
            await self.context.aclose()
        finally:
            self.remove_hooks()
            self.app.setQuitOnLastWindowClosed(self._quit_on_last)
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                self.app.aboutToQuit.disconnect(self._closed.set)


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_until_closed(loop: asyncio.AbstractEventLoop, console: ConsoleApp) -> int:
    """Run the console until its window closes, shutting down cleanly even when Qt quits
    underneath (session logout, ``QApplication.quit()``): qasync then stops the loop before
    ``run()`` has finished, so the loop is run once more to complete the shutdown."""
    future = asyncio.ensure_future(console.run(), loop=loop)
    try:
        return loop.run_until_complete(future)
    except RuntimeError:
        if future.done():
            raise
        log.info("Qt quit before the console shut down; finishing the shutdown")
        return loop.run_until_complete(future)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``sens-console`` entry point."""
    import qasync

    argv = list(sys.argv if argv is None else argv)
    # Packaging (issue 10): `--self-test` checks this build offscreen on a temporary data
    # folder and exits (console/selftest.py); it must run before any QApplication exists.
    if SELF_TEST_FLAG in argv[1:]:
        from console.selftest import run as run_self_test

        return run_self_test(argv[1:])
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setApplicationName("sens-console")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("sens-console")
    app.setWindowIcon(app_icon())
    install_identity(app)  # packaging: desktop entry name, Malgun Gothic on Windows

    log_path = setup_logging(log_dir())
    log.info("sens-console %s starting", __version__)
    settings = Settings()
    language = resolve_language(settings.language)
    install_translators(app, language)

    directory = data_dir()
    lock = acquire_instance_lock(directory)
    if lock is None:
        refuse_second_instance(directory)
        return 1
    try:
        loop = qasync.QEventLoop(app)
        asyncio.set_event_loop(loop)
        with loop:
            try:
                console = ConsoleApp(
                    app,
                    language=language,
                    settings=settings,
                    directory=directory,
                    log_path=log_path,
                )
            except Exception as exc:
                report_startup_failure(exc, language, log_path)
                return 1
            # Ctrl+C in a terminal closes the window (and so shuts down cleanly). Python
            # handles signals only between bytecodes: a timer lets it in now and then.
            signal.signal(signal.SIGINT, lambda *_args: console.window.close())
            ticker = QTimer()
            ticker.timeout.connect(lambda: None)
            ticker.start(250)
            collector = MainThreadGarbageCollector()
            try:
                return run_until_closed(loop, console)
            finally:
                collector.stop()
    finally:
        lock.unlock()
        log.info("sens-console stopped")
