"""The main window: left navigation, one page per pane, and a status bar.

Pages are built on first visit (a pane that fails to build shows the error in its place
instead of taking the window down). At start no page is built before the window is
shown: navigation and status bar appear first, then, right after the first show (a
zero-delay timer), the page the window opens on and Compose, whatever page is open,
because Compose offers to resume a send that an earlier run left unfinished, which must
not wait for a visit. The window remembers its geometry and last page in the settings,
and acts as the context's navigator.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from console.context import AppContext, ConnectionCheck
from console.settings import Profile
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

    def __init__(self, context: AppContext, log_path: Any = None) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("MainWindow")
        self.setWindowTitle(self.tr("SENS Console"))
        self.setMinimumSize(QSize(760, 480))

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for spec in PAGES:
            item = QListWidgetItem(self.page_title(spec.key))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
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

        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([170, 930])
        self.setCentralWidget(splitter)

        # Status bar: [notices ...]  [profile] [connection] [DEMO]
        self.messages = MessageBridge(self, context.language, log_path)
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

        context.notifier = self.messages
        context.navigator = self
        context.add_profile_listener(self._profile_changed)
        context.add_connection_listener(self._connection_changed)
        self._profile_changed(context.profile)

        # No page is built before the window is shown (see showEvent).
        self._first_pages_scheduled = False
        self._defer_build = False
        self.nav.currentRowChanged.connect(self._row_changed)
        self._restore()

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
        widget: QWidget
        try:
            cls = getattr(importlib.import_module(spec.module), spec.class_name)
            widget = cls(self.context, None)
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
        if not self._first_pages_scheduled:
            self._first_pages_scheduled = True
            # Right after the window is on screen. (Dropped if the window is gone by then.)
            QTimer.singleShot(0, self, self._build_first_pages)

    def _build_first_pages(self) -> None:
        """The page the window opened on, then Compose whatever page is open: Compose
        offers to resume an unfinished send at once."""
        self.page(self.current_page_key())
        self.page("compose")

    def current_page_key(self) -> str:
        row = self.nav.currentRow()
        return PAGES[row].key if 0 <= row < len(PAGES) else PAGES[0].key

    def open_page(self, key: str) -> None:
        """Show page `key` (one of :data:`PAGE_KEYS`), built by the time this returns."""
        self.page(key)
        self.nav.setCurrentRow(PAGE_KEYS.index(key))

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
        if not self._defer_build:
            self.page(key)
        self.stack.setCurrentIndex(row)
        self.context.settings.set_value(LAST_PAGE_KEY, key)
        self.page_changed.emit(key)

    # -- status bar --------------------------------------------------------------------

    def _profile_changed(self, profile: Profile) -> None:
        if profile.is_demo:
            self.profile_label.setText(self.tr("Demo mode"))
        else:
            self.profile_label.setText(self.tr("Profile: %1").replace("%1", profile.name))
        self.demo_label.setVisible(profile.is_demo)
        self._connection_changed(self.context.connection)

    def _connection_changed(self, check: ConnectionCheck | None) -> None:
        if check is None:
            if self.context.is_demo:
                text = self.tr("Simulator")
                tip = self.tr("The built-in simulator starts when it is first needed.")
            else:
                text = self.tr("Connection not checked")
                tip = self.tr("Use Settings > Test connection to check the profile.")
            self.connection_label.setStyleSheet("")
        elif check.ok:
            text = self.tr("Connected")
            tip = check.message(self.context.language)
            self.connection_label.setStyleSheet("color: #1b5e20;")
        else:
            text = self.tr("Connection problem")
            tip = check.message(self.context.language)
            self.connection_label.setStyleSheet("color: #b00020;")
        self.connection_label.setText(text)
        self.connection_label.setToolTip(tip)

    # -- geometry and closing ----------------------------------------------------------

    def _restore(self) -> None:
        geometry = self.context.settings.bytes_value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(QByteArray(geometry)):
            self.resize(1100, 720)
        last = self.context.settings.value(LAST_PAGE_KEY, PAGES[0].key)
        key = last if last in PAGE_KEYS else PAGES[0].key
        row = PAGE_KEYS.index(key)
        self._defer_build = True  # built right after the first show
        try:
            if self.nav.currentRow() == row:
                self._row_changed(row)
            else:
                self.nav.setCurrentRow(row)
        finally:
            self._defer_build = False

    def save_state(self) -> None:
        """Remember geometry and the current page."""
        self.context.settings.set_bytes_value(GEOMETRY_KEY, bytes(self.saveGeometry().data()))
        self.context.settings.set_value(LAST_PAGE_KEY, self.current_page_key())

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        for box in self.messages.open_dialogs():
            box.close()
        event.accept()
        self.closed.emit()
