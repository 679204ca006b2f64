"""The History pane: every send, its delivery results, searchable and exportable.

Top: period and filters (local, applied as you type) and "Search SENS" (pulls what the
whole account sent in the period into the store). Middle: the summary of the current
filter and a per-day delivery-rate chart. Below: requests, and the messages of the
selected request with result meanings. The results poller runs as a named task and
updates the rows it changes in place.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QDate, QModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionProgressBar,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.history import (
    POLLER_TASK,
    SEARCH_TASK,
    HistoryFilter,
    HistoryPoller,
    HistoryQueries,
    PollerState,
    SearchProgress,
    ServerSearch,
    export_history,
    failed_recipients,
    local_time,
    search_server,
    start_poller,
)
from console.ui.common.notices import on_profile_change
from console.ui.common.widgets import PageHeader
from console.ui.history.chart import DeliveryChart
from console.ui.history.detail import MessageDetailDialog
from console.ui.history.models import (
    KEY_ROLE,
    PROGRESS_ROLE,
    MessagesModel,
    RequestsModel,
)

if TYPE_CHECKING:
    from console.context import AppContext

log = logging.getLogger(__name__)

DETAIL_TASK = "history-detail"
FILTER_TASK = "history-filter"
EXPORT_TASK = "history-export"
#: Default period: the last 30 days.
DEFAULT_DAYS = 30


class ProgressDelegate(QStyledItemDelegate):
    """Draws the progress column as a progress bar."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        fraction = index.data(PROGRESS_ROLE)
        if fraction is None:
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        rect = QRect(option.rect)
        bar.rect = rect.adjusted(2, 3, -2, -3)
        bar.minimum = 0
        bar.maximum = 100
        bar.progress = round(float(fraction) * 100)
        bar.text = f"{bar.progress}%"
        bar.textVisible = True
        style = QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ProgressBar, bar, painter)


class HistoryPage(QWidget):
    """Delivery history: requests, their messages, filters, summary, chart and actions."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.language = context.language
        self.queries = HistoryQueries(
            context.db,
            language=self.language,
            receiver_enabled=lambda: context.webhook_receiving,
        )
        self.poller: HistoryPoller | None = None
        self.last_search: SearchProgress | None = None
        self.detail_dialog: MessageDetailDialog | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            PageHeader(
                self.tr("History"),
                self.tr(
                    "Every message sent from this console with its delivery result. Search "
                    "SENS to add what others sent from the same account in the last 90 days."
                ),
            )
        )

        # -- filters ---------------------------------------------------------------------
        today = QDate.currentDate()
        self.from_date = QDateEdit(today.addDays(-(DEFAULT_DAYS - 1)))
        self.to_date = QDateEdit(today)
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.type_combo = QComboBox()
        self.type_combo.setObjectName("typeFilter")
        self.type_combo.addItem(self.tr("All types"), None)
        for kind in ("SMS", "LMS", "MMS"):
            self.type_combo.addItem(kind, kind)
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("All results"), None)
        self.status_combo.addItem(self.tr("Delivered"), "success")
        self.status_combo.addItem(self.tr("Failed"), "failed")
        self.status_combo.addItem(self.tr("Pending"), "pending")
        self.content_combo = QComboBox()
        self.content_combo.addItem(self.tr("General and ads"), None)
        self.content_combo.addItem(self.tr("General"), "COMM")
        self.content_combo.addItem(self.tr("Advertising"), "AD")
        self.caller_combo = QComboBox()
        self.caller_combo.setObjectName("callerFilter")
        self.caller_combo.addItem(self.tr("All callers"), None)
        self.recipient_edit = QLineEdit()
        self.recipient_edit.setObjectName("recipientFilter")
        self.recipient_edit.setPlaceholderText(self.tr("Recipient number"))
        self.recipient_edit.setClearButtonEnabled(True)
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("textFilter")
        self.search_edit.setPlaceholderText(self.tr("Search text, number or name"))
        self.search_edit.setClearButtonEnabled(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.server_button = QPushButton(self.tr("Search SENS"))
        self.export_button = QPushButton(self.tr("Export..."))
        self.server_note = QLabel(
            self.tr(
                "Search SENS is not available: the active profile sends through API PLEX, "
                "which offers no search of what was sent. Its results arrive by webhook. "
                "Switch to a SENS profile in Settings to search SENS."
            )
        )
        self.server_note.setObjectName("serverSearchNote")
        self.server_note.setWordWrap(True)
        self.server_note.setVisible(False)

        row1 = QHBoxLayout()
        row1.addWidget(QLabel(self.tr("Period")))
        row1.addWidget(self.from_date)
        row1.addWidget(QLabel("~"))
        row1.addWidget(self.to_date)
        row1.addWidget(self.type_combo)
        row1.addWidget(self.status_combo)
        row1.addWidget(self.content_combo)
        row1.addWidget(self.caller_combo)
        row1.addStretch(1)
        layout.addLayout(row1)
        row2 = QHBoxLayout()
        row2.addWidget(self.recipient_edit, 1)
        row2.addWidget(self.search_edit, 2)
        row2.addWidget(self.refresh_button)
        row2.addWidget(self.server_button)
        row2.addWidget(self.export_button)
        layout.addLayout(row2)
        layout.addWidget(self.server_note)

        # -- server search progress ------------------------------------------------------
        self.search_bar = QWidget()
        search_layout = QHBoxLayout(self.search_bar)
        search_layout.setContentsMargins(0, 0, 0, 0)
        self.search_progress = QProgressBar()
        self.search_label = QLabel()
        self.search_cancel = QPushButton(self.tr("Stop"))
        search_layout.addWidget(self.search_progress, 1)
        search_layout.addWidget(self.search_label, 2)
        search_layout.addWidget(self.search_cancel)
        self.search_bar.setVisible(False)
        layout.addWidget(self.search_bar)

        # -- summary and chart -----------------------------------------------------------
        summary_row = QHBoxLayout()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("historySummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.chart = DeliveryChart()
        self.chart.setFixedWidth(380)
        self.chart.setToolTip(self.tr("Delivery rate per day"))
        summary_row.addWidget(self.summary_label, 1)
        chart_box = QVBoxLayout()
        chart_title = QLabel(self.tr("Delivery rate per day"))
        chart_box.addWidget(chart_title)
        chart_box.addWidget(self.chart)
        summary_row.addLayout(chart_box)
        layout.addLayout(summary_row)

        # -- tables ----------------------------------------------------------------------
        self.requests_model = RequestsModel(self.queries, self.language, self)
        self.messages_model = MessagesModel(self.queries, self.language, self)
        self.requests_view = self._table(self.requests_model, "requestsView")
        self.requests_view.setItemDelegateForColumn(
            self._column(self.requests_model, "progress"), ProgressDelegate(self.requests_view)
        )
        self._widths(
            self.requests_view,
            {
                "time": 200,
                "type": 80,
                "caller": 110,
                "recipients": 80,
                "success": 80,
                "failed": 70,
                "pending": 70,
                "progress": 110,
                "cost": 90,
            },
            stretch="subject",
        )
        self.requests_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        self.requests_view.setSortingEnabled(True)
        self.messages_view = self._table(self.messages_model, "messagesView")
        self.messages_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self._widths(
            self.messages_view,
            {
                "seq": 50,
                "number": 130,
                "name": 130,
                "outcome": 100,
                "code": 60,
                "telco": 100,
                "completed": 160,
            },
            stretch="result",
        )
        self.messages_view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.messages_view.setSortingEnabled(True)

        self.request_title = QLabel(self.tr("Select a send above to see its recipients."))
        self.request_title.setObjectName("requestTitle")
        self.resend_button = QPushButton(self.tr("Resend to failed"))
        self.resend_button.setToolTip(
            self.tr("Open Compose with the failed recipients of this send and the same text.")
        )
        self.copy_button = QPushButton(self.tr("Copy numbers"))
        self.detail_button = QPushButton(self.tr("Message detail"))
        for button in (self.resend_button, self.copy_button, self.detail_button):
            button.setEnabled(False)
        actions = QHBoxLayout()
        actions.addWidget(self.request_title, 1)
        actions.addWidget(self.resend_button)
        actions.addWidget(self.copy_button)
        actions.addWidget(self.detail_button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addLayout(actions)
        lower_layout.addWidget(self.messages_view)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.requests_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.poller_label = QLabel()
        self.poller_label.setObjectName("pollerState")
        layout.addWidget(self.poller_label)

        # -- wiring ----------------------------------------------------------------------
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.apply_filters)
        self._summary_timer = QTimer(self)
        self._summary_timer.setSingleShot(True)
        self._summary_timer.setInterval(400)
        self._summary_timer.timeout.connect(self.update_summary)
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setInterval(4000)
        self._refresh_timer.timeout.connect(self.refresh)
        for combo in (self.type_combo, self.status_combo, self.content_combo, self.caller_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        for date_edit in (self.from_date, self.to_date):
            date_edit.dateChanged.connect(self.apply_filters)
        for line in (self.recipient_edit, self.search_edit):
            line.textChanged.connect(self._text_edited)
        self.refresh_button.clicked.connect(self.refresh)
        self.server_button.clicked.connect(self.search_sens)
        self.search_cancel.clicked.connect(self.cancel_search)
        self.export_button.clicked.connect(self._ask_export)
        selection = self.requests_view.selectionModel()
        selection.currentRowChanged.connect(self._request_changed)
        self.messages_view.selectionModel().selectionChanged.connect(self._messages_selected)
        self.messages_view.doubleClicked.connect(self._message_activated)
        self.resend_button.clicked.connect(self.resend_failed)
        self.copy_button.clicked.connect(self.copy_numbers)
        self.detail_button.clicked.connect(self.show_detail)
        copy = QShortcut(QKeySequence.StandardKey.Copy, self.messages_view)
        copy.activated.connect(self.copy_numbers)

        self._load_callers()
        self.apply_filters()
        self._apply_provider()
        on_profile_change(context, self, HistoryPage._apply_provider)
        self._start_poller()

    # ==================================================================================
    # building blocks
    # ==================================================================================

    def _table(self, model: Any, name: str) -> QTableView:
        view = QTableView()
        view.setObjectName(name)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(24)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultSectionSize(90)
        view.setWordWrap(False)
        return view

    def _widths(self, view: QTableView, widths: dict[str, int], stretch: str) -> None:
        model = view.model()
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        for key, width in widths.items():
            header.resizeSection(self._column(model, key), width)
        header.setSectionResizeMode(self._column(model, stretch), QHeaderView.ResizeMode.Stretch)

    @staticmethod
    def _column(model: Any, key: str) -> int:
        return next(i for i, c in enumerate(model.columns) if c.key == key)

    def _start_poller(self) -> None:
        try:
            self.poller = start_poller(self.context)
        except RuntimeError as exc:  # no event loop (e.g. built outside the app)
            log.info("history poller not started: %s", exc)
            return
        poller = self.poller
        # The poller outlives pages: it holds the page only weakly, so a closed page is
        # freed by reference counting on the GUI thread (never by a collector elsewhere).
        page = weakref.ref(self)

        def changed(request_ids: set[str]) -> None:
            alive = page()
            if alive is not None:
                alive._results_changed(request_ids)

        def state(value: PollerState) -> None:
            alive = page()
            if alive is not None:
                alive._poller_state(value)

        poller.add_change_listener(changed)
        poller.add_state_listener(state)
        self._poller_state(poller.state)
        queries = self.queries

        def detach(*_args: Any) -> None:
            poller.remove_change_listener(changed)
            poller.remove_state_listener(state)
            queries.close()

        self.destroyed.connect(detach)

    @property
    def apiplex(self) -> bool:
        """Whether the active profile sends through API PLEX (no result query, no search)."""
        return bool(self.context.profile.is_apiplex)

    def _apply_provider(self) -> None:
        """Server search exists only on SENS: disable it (and say why) for API PLEX."""
        apiplex = self.apiplex
        searching = self.context.tasks.get(SEARCH_TASK) is not None
        self.server_button.setEnabled(not apiplex and not searching)
        self.server_button.setToolTip(
            self.server_note.text()
            if apiplex
            else self.tr(
                "Fetch from SENS everything the account sent in the period with these "
                "filters (also sends made elsewhere) and add it to this list."
            )
        )
        self.server_note.setVisible(apiplex)
        if self.poller is not None:
            self._poller_state(self.poller.state)

    def _text_edited(self, _text: str) -> None:
        self._filter_timer.start()

    def _message_activated(self, _index: QModelIndex) -> None:
        self.show_detail()

    def cancel_search(self) -> None:
        """Stop a running SENS search (what was merged so far stays)."""
        self.context.tasks.cancel(SEARCH_TASK)

    def _load_callers(self) -> None:
        current = self.caller_combo.currentData()
        self.caller_combo.blockSignals(True)
        while self.caller_combo.count() > 1:
            self.caller_combo.removeItem(1)
        for caller in self.queries.callers():
            self.caller_combo.addItem(caller, caller)
        index = self.caller_combo.findData(current) if current else 0
        self.caller_combo.setCurrentIndex(max(index, 0))
        self.caller_combo.blockSignals(False)

    # ==================================================================================
    # filters and refresh
    # ==================================================================================

    def current_filter(self) -> HistoryFilter:
        """The filter the widgets describe (period in local days, inclusive)."""
        first = self.from_date.date()
        last = self.to_date.date().addDays(1)
        start = datetime(first.year(), first.month(), first.day()).astimezone()
        end = datetime(last.year(), last.month(), last.day()).astimezone()
        return HistoryFilter(
            start=start,
            end=end,
            type=self.type_combo.currentData(),
            outcome=self.status_combo.currentData(),
            caller=self.caller_combo.currentData(),
            recipient=self.recipient_edit.text().strip() or None,
            content_type=self.content_combo.currentData(),
            text=self.search_edit.text().strip() or None,
        )

    def apply_filters(self) -> asyncio.Task[Any] | None:
        """Re-query the views for the current filter (keeps the selected send if shown).

        A number or text search first scans the messages on a worker thread (returns that
        task); other filters apply at once.
        """
        self._filter_timer.stop()
        flt = self.current_filter()
        if not self.queries.needs_search(flt):
            self.context.tasks.cancel(FILTER_TASK)
            self._apply(flt)
            return None
        self.summary_label.setText(self.tr("Searching..."))
        return self.context.tasks.start(FILTER_TASK, self._search_then_apply(flt))

    async def _search_then_apply(self, flt: HistoryFilter) -> None:
        self._apply(await self.queries.resolve_async(flt))

    def _apply(self, flt: HistoryFilter) -> None:
        selected = self.selected_request_id()
        self.requests_model.set_filter(flt)
        self.messages_model.set_filter(flt)
        row = self.requests_model.find_row(selected) if selected else -1
        if row >= 0:
            self.requests_view.selectRow(row)
        else:
            self._show_request(None)
        self.update_summary()

    def refresh(self) -> None:
        """Re-read the loaded rows (new sends appear, results change)."""
        self.requests_model.refresh()
        if self.messages_model.request_id is not None:
            self.messages_model.refresh()
        self._load_callers()
        self.update_summary()

    def update_summary(self) -> None:
        flt = self.requests_model.filter
        s = self.queries.summary(flt)
        rate = s.delivery_rate
        rate_text = f"{rate * 100:.1f}%" if rate is not None else "-"
        parts = [
            (self.tr("Sent"), f"{s.sent:,}", "#000000"),
            (self.tr("Delivered"), f"{s.delivered:,}", "#1b7f3b"),
            (self.tr("Failed"), f"{s.failed:,}", "#c62828"),
            (self.tr("Pending"), f"{s.pending:,}", "#9a6700"),
            (self.tr("Delivery rate"), rate_text, "#000000"),
            (self.tr("Cost"), self.tr("%1 won").replace("%1", f"{s.cost:,.0f}"), "#000000"),
        ]
        html = " &nbsp;·&nbsp; ".join(
            f"{title} <b style='color:{colour}'>{value}</b>" for title, value, colour in parts
        )
        count_text = self.tr("%1 sends").replace("%1", f"{self.requests_model.total:,}")
        self.summary_label.setText(f"{html}<br>{count_text}")
        self.summary = s
        self.chart.set_days(self.queries.daily_rates(flt))

    # ==================================================================================
    # poller
    # ==================================================================================

    def _results_changed(self, request_ids: set[str]) -> None:
        if not shiboken6.isValid(self):
            return
        if any(self.requests_model.find_row(r) < 0 for r in request_ids):
            self.requests_model.refresh()  # a send not listed yet (e.g. a webhook's first)
        self.requests_model.update_rows(sorted(request_ids))
        if self.messages_model.request_id in request_ids:
            self.messages_model.refresh()
            self._update_actions()
        self._summary_timer.start()

    def _poller_state(self, state: PollerState) -> None:
        if state.kind == "inactive" or (self.apiplex and state.kind == "idle"):
            if self.context.webhook_receiving:
                text = self.tr(
                    "API PLEX reports delivery results by webhook: they appear here as they "
                    "arrive."
                )
            else:
                text = self.tr(
                    "API PLEX reports delivery results only to a webhook, and the webhook "
                    "receiver is off: turn it on in Settings to see them."
                )
        elif state.kind == "offline":
            seconds = int(state.retry_in or 0)
            text = self.tr(
                "Offline: SENS cannot be reached. Results of %1 sends will be checked again "
                "in %2 s."
            )
            text = text.replace("%1", f"{state.unfinished:,}").replace("%2", str(seconds))
        elif state.kind == "error":
            detail = (
                state.error.message(self.language)
                if isinstance(state.error, ConsoleError)
                else str(state.error or "")
            )
            text = self.tr("Results cannot be checked: %1").replace("%1", detail)
        elif state.unfinished:
            text = self.tr("Waiting for the results of %1 sends; they are checked automatically.")
            text = text.replace("%1", f"{state.unfinished:,}")
        else:
            text = self.tr("All results are in.")
        self.poller_label.setText(text)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._refresh_timer.start()
        if self.poller is not None:
            if not self.context.tasks.is_running(POLLER_TASK) and not self.context.tasks.closed:
                start_poller(self.context)
            self.poller.wake()

    def hideEvent(self, event: Any) -> None:
        self._refresh_timer.stop()
        super().hideEvent(event)

    # ==================================================================================
    # selection and actions
    # ==================================================================================

    def selected_request_id(self) -> str | None:
        index = self.requests_view.currentIndex()
        if not index.isValid():
            return None
        value = index.data(KEY_ROLE)
        return str(value) if value else None

    def select_request(self, request_id: str) -> bool:
        """Select `request_id` in the list (loading pages until it is found)."""
        row = self.requests_model.find_row(request_id)
        while row < 0 and self.requests_model.canFetchMore():
            self.requests_model.fetchMore()
            row = self.requests_model.find_row(request_id)
        if row < 0:
            return False
        self.requests_view.selectRow(row)
        return True

    def _request_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        request_id = current.data(KEY_ROLE) if current.isValid() else None
        self._show_request(str(request_id) if request_id else None)

    def _show_request(self, request_id: str | None) -> None:
        if request_id == self.messages_model.request_id:
            self._update_actions()
            return
        self.messages_model.set_request(request_id)
        if request_id is None:
            self.request_title.setText(self.tr("Select a send above to see its recipients."))
        else:
            row = self.requests_model.find_row(request_id)
            kind = self.requests_model.row_data(row)["type"] if row >= 0 else ""
            self.request_title.setText(
                self.tr("Recipients of the %1 send of %2 (%3 shown)")
                .replace("%1", kind)
                .replace("%2", self._request_time(request_id))
                .replace("%3", f"{self.messages_model.total:,}")
            )
        self._update_actions()

    def _request_time(self, request_id: str) -> str:
        row = self.requests_model.find_row(request_id)
        if row < 0:
            return ""
        value = local_time(self.requests_model.row_data(row)["accepted_at"])
        return value.strftime("%Y-%m-%d %H:%M") if value else ""

    def _messages_selected(self, *_args: Any) -> None:
        self._update_actions()

    def _update_actions(self) -> None:
        request_id = self.messages_model.request_id
        failed = 0
        if request_id is not None:
            row = self.requests_model.find_row(request_id)
            if row >= 0:
                failed = int(self.requests_model.row_data(row)["fail_count"])
        self.resend_button.setEnabled(failed > 0)
        self.resend_button.setText(
            self.tr("Resend to %1 failed").replace("%1", f"{failed:,}")
            if failed
            else self.tr("Resend to failed")
        )
        self.copy_button.setEnabled(request_id is not None and self.messages_model.total > 0)
        self.detail_button.setEnabled(self.messages_view.currentIndex().isValid())

    def resend_failed(self) -> None:
        """Open Compose with the failed recipients of the selected send and its text."""
        request_id = self.selected_request_id()
        if request_id is None:
            return
        draft = failed_recipients(self.context.db, request_id)
        if draft is None or not draft.recipients:
            self.context.notifier.info(self.tr("This send has no failed recipients."))
            return
        navigator = self.context.navigator
        if navigator is None:
            return
        navigator.open_compose(**draft.prefill())
        if draft.personalised:
            self.context.notifier.info(
                self.tr(
                    "This send was personalised: Compose shows one recipient's text. Put "
                    "the #{...} fields back before sending."
                )
            )

    def selected_numbers(self) -> list[str]:
        """Numbers of the selected messages, else of every shown message of the send."""
        rows = sorted({i.row() for i in self.messages_view.selectionModel().selectedRows()})
        if rows:
            return [self.messages_model.row_data(r)["to_number"] for r in rows]
        if self.messages_model.request_id is None:
            return []
        while self.messages_model.canFetchMore():
            self.messages_model.fetchMore()
        return [
            self.messages_model.row_data(r)["to_number"]
            for r in range(self.messages_model.rowCount())
        ]

    def copy_numbers(self) -> None:
        numbers = self.selected_numbers()
        if not numbers:
            return
        QGuiApplication.clipboard().setText("\n".join(numbers))
        self.context.notifier.info(self.tr("%1 numbers copied.").replace("%1", f"{len(numbers):,}"))

    def show_detail(self) -> MessageDetailDialog | None:
        """Open the selected message's detail and ask SENS for its full result."""
        index = self.messages_view.currentIndex()
        if not index.isValid():
            return None
        row = self.messages_model.row_data(index.row())
        dialog = MessageDetailDialog(row, self.language, self)
        request = self.queries.request(row["request_id"])
        if request is not None:
            dialog.fields["requested"].setText(self._request_time(row["request_id"]))
            dialog.fields["subject"].setText(request["subject"] or "")
            dialog.content.setPlainText(row.get("content") or request["content"] or "")
        self.detail_dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()
        if request is not None and request["provider"] != "sens":
            dialog.show_error(
                self.tr(
                    "This message went through API PLEX, which has no result query: what is "
                    "shown is the last result its webhook reported."
                )
            )
        elif row.get("message_id"):
            self.context.tasks.start(DETAIL_TASK, self._load_detail(dialog, row["message_id"]))
        return dialog

    async def _load_detail(self, dialog: MessageDetailDialog, message_id: str) -> None:
        try:
            result = await self.context.client().get_result(message_id)
        except ConsoleError as exc:
            dialog.show_error(exc.message(self.language))
            return
        dialog.show_result(result)

    # ==================================================================================
    # server search
    # ==================================================================================

    def server_search(self) -> ServerSearch:
        """The server search the current widgets describe."""
        flt = self.current_filter()
        assert flt.start is not None and flt.end is not None
        end = min(flt.end, datetime.now().astimezone())
        status = result = None
        if flt.outcome == "success":
            status, result = "COMPLETED", "success"
        elif flt.outcome == "failed":
            status, result = "COMPLETED", "fail"
        return ServerSearch(
            start=flt.start,
            end=end,
            type=flt.type,
            status=status,
            result=result,
            caller=flt.caller,
            recipient=flt.recipient,
            content_type=flt.content_type,
        )

    def search_sens(self) -> asyncio.Task[Any] | None:
        """Start (or restart) the server search as a named task."""
        if self.apiplex:
            self.context.notifier.info(self.server_note.text())
            return None
        try:
            client = self.context.client()
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return None
        try:
            search = self.server_search()
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return None
        self.search_bar.setVisible(True)
        self.server_button.setEnabled(False)
        self.search_progress.setRange(0, 0)
        self.search_label.setText(self.tr("Searching SENS..."))
        task = self.context.tasks.start(SEARCH_TASK, self._search(client, search))
        task.add_done_callback(self._search_done)
        return task

    def _search_done(self, _task: asyncio.Task[Any]) -> None:
        """Hide the progress once no search runs (also when cancelled before it began)."""
        if self.context.tasks.get(SEARCH_TASK) is None and shiboken6.isValid(self):
            self.search_bar.setVisible(False)
            self.server_button.setEnabled(not self.apiplex)

    async def _search(self, client: Any, search: ServerSearch) -> None:
        try:
            progress = await search_server(
                self.context.db,
                client,
                search,
                on_progress=self._search_progress,
                profile=self.context.profile.id,
            )
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        self.last_search = progress
        self.context.notifier.info(
            self.tr("SENS search done: %1 messages in %2 sends (%3 new).")
            .replace("%1", f"{progress.messages:,}")
            .replace("%2", f"{len(progress.request_ids):,}")
            .replace("%3", f"{progress.new_requests:,}")
        )
        self._load_callers()
        self.apply_filters()
        if self.poller is not None:
            self.poller.wake()

    def _search_progress(self, progress: SearchProgress) -> None:
        self.search_progress.setRange(0, max(progress.windows, 1))
        self.search_progress.setValue(
            max(progress.window - 1, 0) if not progress.done else progress.windows
        )
        self.search_label.setText(
            self.tr("Period %1 of %2: %3 messages found")
            .replace("%1", str(max(progress.window, 1)))
            .replace("%2", str(progress.windows))
            .replace("%3", f"{progress.messages:,}")
        )

    # ==================================================================================
    # export
    # ==================================================================================

    def _ask_export(self) -> None:
        name = f"history-{datetime.now():%Y%m%d-%H%M}.xlsx"
        path, _selected = QFileDialog.getSaveFileName(
            self,
            self.tr("Export history"),
            str(Path.home() / name),
            self.tr("Excel workbook (*.xlsx);;CSV, comma separated (*.csv)"),
        )
        if path:
            self.context.tasks.start(EXPORT_TASK, self.export_to(Path(path)))

    async def export_to(self, path: Path) -> int:
        """Write every message of the current view to `path`; returns the row count."""
        flt = self.requests_model.filter
        self.export_button.setEnabled(False)
        try:
            loop = asyncio.get_running_loop()
            written, count = await loop.run_in_executor(
                None, export_history, self.context.db, path, flt, self.language
            )
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return 0
        finally:
            self.export_button.setEnabled(True)
        self.context.notifier.info(
            self.tr("%1 messages exported to %2.")
            .replace("%1", f"{count:,}")
            .replace("%2", written.name)
        )
        return count
