"""``sens-console --self-test --startup-only [--home DIR]``: a user's start, timed from outside.

tests/benchmarks/bench_startup.py runs this from source and from the frozen bundle and
times the process up to the lines it prints. It starts exactly as :func:`console.app.main`
does -- settings, the Korean translators, instance lock, the main window shown and painted,
the log file (:func:`console.app.open_window`; :data:`STARTUP_MARKER` once the window is
painted), then the
console loaded behind it and run by :func:`console.session.run_console` until the first
page is built and shown (then :data:`FIRST_PAGE_MARKER`) -- and then closes the window,
which shuts the console down as a user's close does. Secrets go to an in-memory keyring.

``--home DIR`` starts on that data folder (made by the first run, so that later runs find
an existing, current database as a user's every start but the first does); without it a
temporary one. Nothing heavier than the start itself is imported before the window: the
argument parsing is by hand, not argparse. Exit 0 when the window and its first page came
up, nothing was logged as an error, and the console shut down cleanly.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from console.app import ShownWindow

#: Printed once the main window is shown and painted.
STARTUP_MARKER = "startup: main window shown"
#: Printed once the window's first page is built and shown.
FIRST_PAGE_MARKER = "startup: first page shown"
#: How long the first page may take before the probe gives up (seconds).
FIRST_PAGE_TIMEOUT = 60.0

log = logging.getLogger(__name__)


def _option(argv: Sequence[str], name: str) -> str | None:
    """The value after `name` in `argv` (``--home DIR``), else None."""
    args = list(argv)
    if name in args:
        index = args.index(name)
        if index + 1 < len(args):
            return args[index + 1]
    return None


def run(argv: Sequence[str]) -> int:
    """Start, print the two markers, close; 0 when all went well."""
    from console.settings import HOME_ENV

    home = _option(argv, "--home")
    temporary = None
    if home is None:
        import tempfile

        temporary = tempfile.TemporaryDirectory(prefix="sens-console-startup-")
        home = temporary.name
    os.environ[HOME_ENV] = home
    os.environ["QT_QPA_PLATFORM"] = _option(argv, "--platform") or "offscreen"
    try:
        return _start(argv)
    finally:
        if temporary is not None:
            temporary.cleanup()


def _start(argv: Sequence[str]) -> int:
    from console.app import make_application, open_window

    app = make_application([sys.argv[0]])
    errors = ErrorRecords()
    logging.getLogger().addHandler(errors)
    failures: list[str] = []
    result = 1
    try:
        # A Korean office's start: every pane's translations load.
        shown = open_window(
            app,
            language="ko",
            log_to_stderr=False,
            on_shown=lambda: print(STARTUP_MARKER, flush=True),
        )
        if shown is None:
            return 1
        try:
            result = _run_to_first_page(app, shown, failures)
        finally:
            shown.lock.unlock()
    finally:
        logging.getLogger().removeHandler(errors)
    failures += [f"error logged: {r.name}: {r.getMessage()}" for r in errors.records]
    for failure in failures:
        print(f"startup: {failure}", file=sys.stderr)
    return 0 if result == 0 and not failures else 1


def _run_to_first_page(app: QApplication, shown: ShownWindow, failures: list[str]) -> int:
    """Run the console behind the shown window until its first page is shown, then close
    the window (the console shuts down as on a user's close)."""
    from PySide6.QtCore import QTimer

    from console.secrets import SecretStore, memory_keyring
    from console.session import run_console

    window = shown.window
    deadline = time.monotonic() + FIRST_PAGE_TIMEOUT

    def first_page_shown() -> bool:
        key = window.current_page_key()
        return window.has_page(key) and window.page(key).isVisible()

    def watch() -> None:
        if first_page_shown():
            print(FIRST_PAGE_MARKER, flush=True)
            window.close()
        elif time.monotonic() > deadline:
            failures.append(f"no first page within {FIRST_PAGE_TIMEOUT:.0f} s")
            window.close()
        else:
            QTimer.singleShot(1, window, watch)

    QTimer.singleShot(0, window, watch)
    return run_console(
        app,
        window,
        settings=shown.settings,
        language=shown.language,
        directory=shown.directory,
        log_path=shown.log_path,
        secrets=SecretStore(memory_keyring()),
        on_startup_failure=lambda exc: failures.append(f"{type(exc).__name__}: {exc}"),
    )


class ErrorRecords(logging.Handler):
    """Keeps every ERROR (or worse) record logged while it is installed (the probe, the
    self-test)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
