"""The UI's single message bridge: every recoverable error and notice goes through here.

Panes call ``context.notifier.error(exc)`` / ``.info(text)``; this bridge shows a
:class:`~console.errors.ConsoleError` in the run's language (it carries both), plain text
as given (callers translate with ``tr``), and anything else as an unexpected error: logged
with its traceback and shown in a dialog that says where the details went.

Dialogs are opened window-modal with ``open()``, never ``exec()``: a nested event loop
would re-enter the qasync loop.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QWidget

from console import logs
from console.errors import ConsoleError

log = logging.getLogger(__name__)

#: How long a status-bar notice stays (ms).
NOTICE_MS = 10_000


class MessageBridge(QObject):
    """Shows errors and notices in the main window's status bar or in a dialog."""

    def __init__(
        self, window: QMainWindow, language: str = "ko", log_path: Path | None = None
    ) -> None:
        super().__init__(window)
        self._window = window
        self.language = language
        self.log_path = log_path
        self._notice = QLabel()
        self._notice.setObjectName("notice")
        self._notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        window.statusBar().addWidget(self._notice, 1)
        # Owned by the bridge, so it dies with the window (a bare singleShot would fire
        # into a deleted label).
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.timeout.connect(self._clear_notice)
        self._dialogs: list[QMessageBox] = []
        self._unexpected_open: QMessageBox | None = None
        #: The texts shown so far (newest last); tests and the log viewer read it.
        self.history: list[str] = []

    # -- Notifier protocol -------------------------------------------------------------

    def info(self, text: str) -> None:
        """A passing notice in the status bar."""
        self._show_notice(text, error=False)

    def error(self, error: BaseException | str, *, dialog: bool = True) -> None:
        """A recoverable error: a dialog (default) or a red status-bar notice."""
        if isinstance(error, BaseException) and not isinstance(error, ConsoleError):
            self.unexpected(type(error), error, error.__traceback__)
            return
        text = error.message(self.language) if isinstance(error, ConsoleError) else error
        log.warning("shown to the user: %s", error)
        if dialog:
            self._dialog(QMessageBox.Icon.Warning, self.tr("Something needs your attention"), text)
        else:
            self._show_notice(text, error=True)

    # -- unexpected exceptions ---------------------------------------------------------

    def unexpected(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        """Log `exc` with its traceback and tell the user (one dialog at a time)."""
        log.error("unexpected error", exc_info=(exc_type, exc, tb))
        # "Show Details" is what a user pastes into a support mail: mask it like the log.
        details = logs.redact("".join(traceback.format_exception(exc_type, exc, tb)))
        if self._unexpected_open is not None and self._unexpected_open.isVisible():
            self._unexpected_open.setDetailedText(
                self._unexpected_open.detailedText() + "\n" + details
            )
            return
        where = str(self.log_path) if self.log_path else ""
        text = self.tr(
            "The console ran into an unexpected problem. What you typed is still there; "
            "try again, and if it happens again send the log file to your administrator."
        )
        if where:
            text += "\n\n" + self.tr("Log file: %1").replace("%1", where)
        box = self._dialog(QMessageBox.Icon.Critical, self.tr("Unexpected error"), text)
        box.setDetailedText(details)
        self._unexpected_open = box

    # -- helpers -----------------------------------------------------------------------

    def _show_notice(self, text: str, *, error: bool) -> None:
        self.history.append(text)
        self._notice.setStyleSheet("color: #b00020; font-weight: bold;" if error else "")
        self._notice.setText(text)
        self._notice.setToolTip(text)
        self._notice_timer.start(NOTICE_MS)

    def _clear_notice(self) -> None:
        self._notice.clear()
        self._notice.setToolTip("")

    def _dialog(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        self.history.append(text)
        parent: QWidget = self._window
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._dialogs.append(box)
        box.finished.connect(lambda _result, b=box: self._forget(b))
        box.open()
        return box

    def _forget(self, box: QMessageBox) -> None:
        if box in self._dialogs:
            self._dialogs.remove(box)
        if box is self._unexpected_open:
            self._unexpected_open = None

    def open_dialogs(self) -> list[QMessageBox]:
        """The dialogs this bridge has open (for tests and for closing on quit)."""
        return list(self._dialogs)
