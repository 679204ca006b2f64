"""One run of the console behind its main window: the qasync loop, the context, the hooks.

``console.app`` shows the main window first and imports this module only then: asyncio,
qasync, the store and the services load while the window is already on screen.
:func:`run_console` creates the event loop (the console runs *inside* the qasync loop,
``loop.run_until_complete(ConsoleApp.run())``, never with a bare ``app.exec()``: httpx runs
on anyio, which needs a running asyncio loop), builds the :class:`ConsoleApp` and runs it
until the window is closed. Closing the main window ends :meth:`ConsoleApp.run`, which
cancels every task (``context.tasks``), closes the client, stops the demo simulator and
closes the database before the loop stops.

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
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from console.context import AppContext
from console.secrets import SecretStore
from console.settings import Settings, data_dir
from console.store.database import Database
from console.ui.common.garbage import MainThreadGarbageCollector
from console.ui.main_window import MainWindow

log = logging.getLogger(__name__)

DB_FILE_NAME = "console.sqlite3"

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]


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
        window: MainWindow | None = None,
    ) -> None:
        """`window`: the main window ``console.app`` has shown already (attached to the
        new context here); without one a window is built for the context."""
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
        if window is None:
            window = MainWindow.for_context(context, log_path, directory)
        else:
            window.attach(context)
        self.window = window
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


def run_console(
    app: QApplication,
    window: MainWindow,
    *,
    settings: Settings,
    language: str,
    directory: Path,
    log_path: Path,
    on_startup_failure: Callable[[Exception], None],
    secrets: SecretStore | None = None,
) -> int:
    """Load the console behind the shown `window` and run it until the window closes.

    When the console cannot be built (e.g. an unreadable database) the window is closed
    and `on_startup_failure` says why; the result is then 1. `secrets`: the OS keyring
    unless given (the start-up probe gives an in-memory one).
    """
    import qasync

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
                secrets=secrets,
                window=window,
            )
        except Exception as exc:
            window.close()
            on_startup_failure(exc)
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
