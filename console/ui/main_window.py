"""The main window: left navigation, one page per pane, and a status bar.

The window is shown before the rest of the console is loaded: :class:`MainWindow` is built
from the settings alone (title, navigation, status bar, Help menu, geometry; no asyncio,
no database, no service module, none of Qt's ``Qt`` namespace enums, whose first use
costs tens of milliseconds), ``console.app`` shows it, and only then loads the console and
hands the window its :class:`~console.context.AppContext` (:meth:`MainWindow.attach`).
Right after that (a zero-delay timer once the window is on screen) the window builds the
page it opens on and Compose, whatever page is open, because Compose offers to resume a
send that an earlier run left unfinished, which must not wait for a visit. Other pages
are built on first visit (a pane that fails to build shows the error in its place
instead of taking the window down). The window remembers its geometry and last page in
the settings, and acts as the context's navigator.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSize, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from console.settings import Profile, Settings
from console.ui.identity import install_about_menu

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtWidgets import QMessageBox

    from console.context import AppContext, ConnectionCheck
    from console.ui.common.messages import MessageBridge

log = logging.getLogger(__name__)

GEOMETRY_KEY = "ui/geometry"
LAST_PAGE_KEY = "ui/last_page"


@dataclass(frozen=True)
class PageSpec:
    key: str
    module: str
    class_name: str


PAGES: tuple[PageSpec, ...] = (
    PageSpec("compose", "console.ui.compose.page", "ComposePage"),
    PageSpec("recipients", "console.ui.recipients.page", "RecipientsPage"),
    PageSpec("history", "console.ui.history.page", "HistoryPage"),
    PageSpec("reservations", "console.ui.reservations.page", "ReservationsPage"),
    PageSpec("unsubscribes", "console.ui.unsubscribes.page", "UnsubscribesPage"),
    PageSpec("settings", "console.ui.settings.page", "SettingsPage"),
)
PAGE_KEYS = tuple(spec.key for spec in PAGES)


class BrokenPage(QWidget):
    """Stands in for a pane whose code failed to load, saying so."""

    def __init__(self, error: BaseException, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        label = QLabel(
            self.tr(
                "This page could not be opened because of an internal error. The other "
                "pages still work; the details are in the log file."
            )
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        layout.addStretch(1)
        self.error = error


class MainWindow(QMainWindow):
    """The console's only main window."""

    #: Emitted once when the user closes the window (the app then shuts down).
    closed = Signal()
    #: Emitted with the key of the page now shown.
    page_changed = Signal(str)

    def __init__(
        self,
        settings: Settings,
        language: str,
        log_path: Path | None = None,
        data_folder: Path | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.language = language
        self.log_path = log_path
        self._context: AppContext | None = None
        self._messages: MessageBridge | None = None
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("SENS Console"))
        self.setMinimumSize(QSize(760, 480))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        for spec in PAGES:
            item = QListWidgetItem(self.page_title(spec.key))
            item.setSizeHint(QSize(0, 36))
            self.nav.addItem(item)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding-left: 12px; }")
        font = self.nav.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.1)
            self.nav.setFont(font)
        self.nav.setMinimumWidth(140)
        self.nav.setMaximumWidth(220)

        self.stack = QStackedWidget()
        self._pages: dict[str, QWidget] = {}
        self._holders: dict[str, QWidget] = {}
        for spec in PAGES:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(12, 12, 12, 12)
            self._holders[spec.key] = holder
            self.stack.addWidget(holder)
        # Stands in the page area until the console behind the window has loaded.
        self.loading = QWidget()
        self.loading.setObjectName("loadingPage")
        loading_layout = QHBoxLayout(self.loading)
        loading_layout.addStretch(1)
        loading_layout.addWidget(QLabel(self.tr("Opening the console...")))
        loading_layout.addStretch(1)
        self.stack.addWidget(self.loading)
        self.stack.setCurrentWidget(self.loading)

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([170, 930])
        self.setCentralWidget(splitter)

        # Status bar: [notices ...]  [profile] [connection] [DEMO]
        self.profile_label = QLabel()
        self.profile_label.setObjectName("profileLabel")
        self.connection_label = QLabel()
        self.connection_label.setObjectName("connectionLabel")
        self.demo_label = QLabel(self.tr("DEMO"))
        self.demo_label.setObjectName("demoMark")
        self.demo_label.setToolTip(
            self.tr("Demo mode: messages go to the built-in simulator, nobody receives them.")
        )
        self.demo_label.setStyleSheet(
            "QLabel#demoMark { background: #d32f2f; color: white; font-weight: bold;"
            " padding: 1px 8px; border-radius: 3px; }"
        )
        bar = self.statusBar()
        bar.addPermanentWidget(self.profile_label)
        bar.addPermanentWidget(self.connection_label)
        bar.addPermanentWidget(self.demo_label)
        self._profile_changed(settings.active_profile())
        # Packaging (issue 10): Help > About with version and licences (console/ui/identity.py).
        install_about_menu(self, data_folder)

        self._first_pages_scheduled = False
        self._close_confirmed = False
        self._close_question: QMessageBox | None = None
        self.nav.currentRowChanged.connect(self._row_changed)
        self._restore()

    @classmethod
    def for_context(
        cls, context: AppContext, log_path: Path | None = None, data_folder: Path | None = None
    ) -> MainWindow:
        """A window already attached to `context` (tests, the self-test, embedders)."""
        window = cls(context.settings, context.language, log_path, data_folder)
        window.attach(context)
        return window

    def attach(self, context: AppContext) -> None:
        """Connect the window to the loaded console: message bridge, navigator, status
        bar listeners; the first pages follow right after the window is on screen."""
        from PySide6.QtCore import Qt

        from console.ui.common.messages import MessageBridge

        if self._context is not None:
            raise RuntimeError("the main window is attached to a console already")
        self._context = context
        self._messages = MessageBridge(self, context.language, self.log_path)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        context.notifier = self._messages
        context.navigator = self
        context.add_profile_listener(self._profile_changed)
        context.add_connection_listener(self._connection_changed)
        self._profile_changed(context.profile)
        if self.isVisible():  # "Opening the console..." stays until the first page is built
            self._schedule_first_pages()
        else:
            self.stack.setCurrentWidget(self._holders[self.current_page_key()])

    @property
    def context(self) -> AppContext:
        if self._context is None:
            raise RuntimeError("the main window is not attached to a console yet")
        return self._context

    @property
    def attached(self) -> bool:
        return self._context is not None

    @property
    def messages(self) -> MessageBridge:
        """The window's message bridge (status-bar notices and dialogs)."""
        if self._messages is None:
            raise RuntimeError("the main window is not attached to a console yet")
        return self._messages

    # -- pages -------------------------------------------------------------------------

    def page_title(self, key: str) -> str:
        """The navigation label of page `key` (translated)."""
        titles = {
            "compose": self.tr("Compose"),
            "recipients": self.tr("Recipients"),
            "history": self.tr("History"),
            "reservations": self.tr("Reservations"),
            "unsubscribes": self.tr("080 Opt-out"),
            "settings": self.tr("Settings"),
        }
        return titles[key]

    def page(self, key: str) -> QWidget:
        """The page widget for `key`, built on first use."""
        existing = self._pages.get(key)
        if existing is not None:
            return existing
        spec = next(s for s in PAGES if s.key == key)
        context = self.context  # (raises before the window is attached: no page yet)
        widget: QWidget
        try:
            cls = getattr(importlib.import_module(spec.module), spec.class_name)
            widget = cls(context, None)
        except Exception as exc:
            log.exception("page %s could not be built", key)
            widget = BrokenPage(exc)
        holder = self._holders[key]
        layout = holder.layout()
        assert layout is not None
        layout.addWidget(widget)
        if holder.isVisible():  # (Qt would show it only on the next event loop pass)
            widget.show()
        self._pages[key] = widget
        return widget

    def has_page(self, key: str) -> bool:
        """Whether page `key` has been built yet."""
        return key in self._pages

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._context is not None:
            self._schedule_first_pages()

    def _schedule_first_pages(self) -> None:
        if not self._first_pages_scheduled:
            self._first_pages_scheduled = True
            # Right after the window is on screen. (Dropped if the window is gone by then.)
            QTimer.singleShot(0, self, self._build_first_pages)

    def _build_first_pages(self) -> None:
        """The page the window opened on, then Compose whatever page is open: Compose
        offers to resume an unfinished send at once."""
        key = self.current_page_key()
        self.page(key)
        self.stack.setCurrentWidget(self._holders[key])
        self.page("compose")

    def current_page_key(self) -> str:
        row = self.nav.currentRow()
        return PAGES[row].key if 0 <= row < len(PAGES) else PAGES[0].key

    def open_page(self, key: str) -> None:
        """Show page `key` (one of :data:`PAGE_KEYS`), built by the time this returns."""
        self.page(key)
        self.nav.setCurrentRow(PAGE_KEYS.index(key))
        self.stack.setCurrentWidget(self._holders[key])  # (also when the row was current)

    def open_compose(self, **prefill: Any) -> None:
        """Show Compose and hand it `prefill` (e.g. ``recipients=[...]``) through its
        ``prefill(**kwargs)`` method when it has one."""
        self.open_page("compose")
        page = self.page("compose")
        handler = getattr(page, "prefill", None)
        if callable(handler) and prefill:
            handler(**prefill)

    def _row_changed(self, row: int) -> None:
        if not 0 <= row < len(PAGES):
            return
        key = PAGES[row].key
        if self._context is not None:  # (until then the page area says it is opening)
            self.page(key)
            self.stack.setCurrentWidget(self._holders[key])
        self.settings.set_value(LAST_PAGE_KEY, key)
        self.page_changed.emit(key)

    # -- status bar --------------------------------------------------------------------

    def _profile_changed(self, profile: Profile | None) -> None:
        """Show `profile` (None, or a demo profile: demo mode) in the status bar."""
        self._demo = profile is None or profile.is_demo
        if profile is None or profile.is_demo:
            self.profile_label.setText(self.tr("Demo mode"))
        else:
            self.profile_label.setText(self.tr("Profile: %1").replace("%1", profile.name))
        self.demo_label.setVisible(self._demo)
        self._connection_changed(self._context.connection if self._context else None)

    def _connection_changed(self, check: ConnectionCheck | None) -> None:
        if check is None:
            if self._demo:
                text = self.tr("Simulator")
                tip = self.tr("The built-in simulator starts when it is first needed.")
            else:
                text = self.tr("Connection not checked")
                tip = self.tr("Use Settings > Test connection to check the profile.")
            self.connection_label.setStyleSheet("")
        elif check.ok:
            text = self.tr("Connected")
            tip = check.message(self.language)
            self.connection_label.setStyleSheet("color: #1b5e20;")
        else:
            text = self.tr("Connection problem")
            tip = check.message(self.language)
            self.connection_label.setStyleSheet("color: #b00020;")
        self.connection_label.setText(text)
        self.connection_label.setToolTip(tip)

    # -- geometry and closing ----------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.settings.bytes_value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1100, 720)
        last = self.settings.value(LAST_PAGE_KEY, PAGES[0].key)
        key = last if last in PAGE_KEYS else PAGES[0].key
        self.nav.setCurrentRow(PAGE_KEYS.index(key))  # (the page is built once attached)

    def save_state(self) -> None:
        """Remember geometry and the current page."""
        self.settings.set_bytes_value(GEOMETRY_KEY, bytes(self.saveGeometry().data()))
        self.settings.set_value(LAST_PAGE_KEY, self.current_page_key())

    def closing_warnings(self) -> list[str]:
        """What closing now would interrupt, as the built pages say (a page may have a
        ``closing_warning() -> str | None``; Compose does while it sends)."""
        warnings = []
        for page in self._pages.values():
            warning = getattr(page, "closing_warning", None)
            text = warning() if callable(warning) else None
            if text:
                warnings.append(text)
        return warnings

    def closeEvent(self, event: QCloseEvent) -> None:
        warnings = [] if self._close_confirmed else self.closing_warnings()
        if warnings:
            event.ignore()
            self._ask_to_close(warnings)
            return
        self.save_state()
        if self._messages is not None:
            for box in self._messages.open_dialogs():
                box.close()
        event.accept()
        self.closed.emit()

    def _ask_to_close(self, warnings: list[str]) -> None:
        """Ask before closing (window-modal ``open()``, no nested event loop); closing
        anyway closes the window again, confirmed."""
        from PySide6.QtWidgets import QMessageBox

        if self._close_question is not None:
            self._close_question.raise_()
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("Close the console?"))
        box.setText("\n\n".join(warnings))
        close = box.addButton(self.tr("Close anyway"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(self.tr("Keep sending"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)  # (Enter and Esc keep the console open)
        box.setEscapeButton(keep)

        def answered() -> None:
            self._close_question = None
            if box.clickedButton() is close:
                self._close_confirmed = True
                self.close()

        box.finished.connect(answered)
        self._close_question = box
        box.open()
