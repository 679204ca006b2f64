"""Start-up: QApplication, log file, settings, translators, the single-instance lock, and
the main window on screen before anything else loads.

A user's start shows the main window (navigation, status bar, Help menu, in the user's
language) as early as a bare Qt window could be: this module and the window import only
Qt, the settings and the log setup. Once the window is painted, :mod:`console.session`
loads the rest -- asyncio and the qasync loop, the store, the services, the first pages --
and runs the console until the window is closed (issue 11: start-up within 1.5x of a
bare PySide6 window; tests/benchmarks/bench_startup.py measures it, and a test keeps
asyncio, the store and the services out of the modules imported before the window).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from console import __version__
from console.errors import ConsoleError
from console.logs import hold_startup_records, log_file, setup_logging
from console.settings import Settings, data_dir, log_dir
from console.ui.identity import install_identity
from console.ui.main_window import MainWindow

log = logging.getLogger(__name__)

LOCK_FILE_NAME = "console.lock"
#: ``sens-console --self-test`` (console/selftest.py, imported only then).
SELF_TEST_FLAG = "--self-test"
#: ``--self-test --startup-only``: console/startup_probe.py instead.
STARTUP_ONLY_FLAG = "--startup-only"

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
    from PySide6.QtWidgets import QMessageBox  # (only now: its enums cost a start ~4 ms)

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
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.critical(None, QApplication.translate("ConsoleApp", "SENS Console"), text)


def make_application(argv: Sequence[str]) -> QApplication:
    """The QApplication (the existing one in tests) with the console's name, version,
    icon and desktop identity."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(list(argv))
    app.setApplicationName("sens-console")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("sens-console")
    app.setWindowIcon(app_icon())
    install_identity(app)  # packaging: desktop entry name, Malgun Gothic on Windows
    return app


@dataclass
class ShownWindow:
    """What :func:`open_window` leaves: the window on screen and what the console behind
    it is loaded with."""

    window: MainWindow
    settings: Settings
    language: str
    directory: Path
    log_path: Path
    lock: QLockFile


def open_window(
    app: QApplication,
    *,
    language: str | None = None,
    log_to_stderr: bool = True,
    on_shown: Callable[[], None] | None = None,
) -> ShownWindow | None:
    """A user's start up to the main window shown and painted: settings, translators,
    instance lock, window; the log file opens right after (what was logged before is
    written to it then). None when another console holds the data folder (said so).

    `language`: the settings' choice unless given (the start-up probe starts in Korean);
    `on_shown`: called the moment the window is painted (the probe's marker).
    """
    hold_startup_records()
    window = lock = None
    try:
        log.info("sens-console %s starting", __version__)
        settings = Settings()
        language = language or resolve_language(settings.language)
        install_translators(app, language)
        directory = data_dir()
        lock = acquire_instance_lock(directory)
        if lock is not None:
            window = MainWindow(settings, language, log_file(log_dir()), directory)
            window.show()
            app.processEvents()  # paint it now: the loading that follows blocks for a moment
            if on_shown is not None:
                on_shown()
    finally:
        log_path = setup_logging(log_dir(), console=log_to_stderr)
    if window is None or lock is None:
        refuse_second_instance(directory)
        return None
    return ShownWindow(window, settings, language, directory, log_path, lock)


def main(argv: Sequence[str] | None = None) -> int:
    """The ``sens-console`` entry point."""
    argv = list(sys.argv if argv is None else argv)
    # Packaging (issue 10): `--self-test` checks this build offscreen on a temporary data
    # folder and exits (console/selftest.py); it must run before any QApplication exists.
    if SELF_TEST_FLAG in argv[1:]:
        if STARTUP_ONLY_FLAG in argv[1:]:
            # A user's start, timed by tests/benchmarks/bench_startup.py; the self-test
            # module (asyncio, argparse) must not load before its window.
            from console.startup_probe import run as run_startup_probe

            return run_startup_probe(argv[1:])
        from console.selftest import run as run_self_test

        return run_self_test(argv[1:])
    app = make_application(argv)
    shown = open_window(app)
    if shown is None:
        return 1
    from console.session import run_console

    try:
        return run_console(
            app,
            shown.window,
            settings=shown.settings,
            language=shown.language,
            directory=shown.directory,
            log_path=shown.log_path,
            on_startup_failure=lambda exc: report_startup_failure(
                exc, shown.language, shown.log_path
            ),
        )
    finally:
        shown.lock.unlock()
        log.info("sens-console stopped")
