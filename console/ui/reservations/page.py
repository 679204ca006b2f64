"""The Reservations pane: reserved sends, their live status, cancel and edit.

SENS cannot list reservations, so the rows come from the console's store (what this
console reserved, and what History's server search found). Statuses are asked of SENS
when the page opens, every minute while it is visible, and on "Refresh"; a lost network
keeps the list and the last known statuses. Edit/Reschedule opens a copy in Compose: the
old reservation is cancelled only once the new one is accepted (see
:mod:`console.services.reservations`).

API PLEX has no reservations: with an API PLEX profile active the page shows an
explanation instead of the list and makes no call; switching back to a SENS profile
restores it.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QWidget,
)

from console.errors import ConsoleError
from console.services import reservations as service
from console.ui.common.notices import follow_profile, sens_only_body
from console.ui.common.tables import ask_yes_no, object_table, row_objects, select_rows
from console.ui.common.widgets import PageHeader
from console.ui.reservations.model import (
    ReservationFilterProxy,
    ReservationsModel,
)

if TYPE_CHECKING:
    from console.context import AppContext

log = logging.getLogger(__name__)

#: Status refresh period while the page is visible (ms).
REFRESH_MS = 60_000
#: Countdown repaint period (ms).
TICK_MS = 1_000
#: How many reservations a confirmation lists by name.
LISTED = 8

REFRESH_TASK = "reservations-refresh"
CANCEL_TASK = "reservations-cancel"


class ReservationsPage(QWidget):
    """Reserved sends with their status; cancel one or several, or edit a copy."""

    #: Emitted after the list was reloaded from the store (tests listen).
    reloaded = Signal()
    #: Emitted with the list of :class:`CancelResult` after a cancel.
    cancel_finished = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.last_checked: datetime | None = None

        # Header over the page's content, or (API PLEX profile) why there is none.
        self.gate = sens_only_body(
            self,
            context,
            PageHeader(
                self.tr("Reservations"),
                self.tr(
                    "Messages reserved for later, with their status at SENS. Select one or "
                    "several to cancel them, or edit a copy in Compose."
                ),
            ),
            self.tr(
                "API PLEX has no reservations: messages sent through it go out at once, so "
                "there is no reservation list to show. Switch to a SENS profile in Settings "
                "to see, cancel or edit SENS reservations."
            ),
        )
        layout = self.gate.body_layout

        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:")))
        self.status_combo = QComboBox()
        for label, statuses in self._status_choices():
            self.status_combo.addItem(label, statuses)
        filters.addWidget(self.status_combo)
        self.date_check = QCheckBox(self.tr("Send date from"))
        filters.addWidget(self.date_check)
        today = QDate.currentDate()
        self.date_from = QDateEdit(today)
        self.date_to = QDateEdit(today.addDays(30))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel(self.tr("to")))
        filters.addWidget(self.date_to)
        filters.addStretch(1)
        self.checked_label = QLabel()
        filters.addWidget(self.checked_label)
        self.refresh_button = QPushButton(self.tr("Refresh status"))
        filters.addWidget(self.refresh_button)
        layout.addLayout(filters)

        self.model = ReservationsModel(self, language=context.language)
        self.proxy = ReservationFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = object_table(
            self.proxy, ReservationsModel.COL_TIME, Qt.SortOrder.AscendingOrder
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ReservationsModel.COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)

        self.empty_label = QLabel(
            self.tr(
                "No reservations yet. Reserve a message in Compose (Send later) and it "
                "appears here."
            )
        )
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        actions = QHBoxLayout()
        self.summary_label = QLabel()
        actions.addWidget(self.summary_label, 1)
        self.edit_button = QPushButton(self.tr("Edit or reschedule…"))
        self.edit_button.setToolTip(
            self.tr(
                "Opens a copy in Compose. The old reservation is cancelled only after the "
                "new one is accepted."
            )
        )
        self.cancel_button = QPushButton(self.tr("Cancel reservation…"))
        actions.addWidget(self.edit_button)
        actions.addWidget(self.cancel_button)
        layout.addLayout(actions)

        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self.model.tick)
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setInterval(REFRESH_MS)
        self.refresh_timer.timeout.connect(self.refresh)
        self.gate.timers = [self.tick_timer, self.refresh_timer]

        self.status_combo.currentIndexChanged.connect(self._filters_changed)
        self.date_check.toggled.connect(self._filters_changed)
        self.date_from.dateChanged.connect(self._filters_changed)
        self.date_to.dateChanged.connect(self._filters_changed)
        self.refresh_button.clicked.connect(self.refresh)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.edit_button.clicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        follow_profile(context, self)
        self.reload()

    # -- filters ---------------------------------------------------------------------

    def _status_choices(self) -> list[tuple[str, list[str]]]:
        return [
            (self.tr("All reservations"), []),
            (self.tr("Waiting or not checked"), ["READY", "UNKNOWN"]),
            (self.tr("Sending or sent"), ["PROCESSING", "DONE"]),
            (self.tr("Cancelled"), ["CANCELED"]),
            (self.tr("Failed or skipped"), ["FAIL", "STALE", "SKIP"]),
        ]

    def _filters_changed(self) -> None:
        self.proxy.set_statuses(self.status_combo.currentData() or [])
        use_dates = self.date_check.isChecked()
        self.date_from.setEnabled(use_dates)
        self.date_to.setEnabled(use_dates)
        start: date | None = self.date_from.date().toPython() if use_dates else None  # type: ignore[assignment]
        end: date | None = self.date_to.date().toPython() if use_dates else None  # type: ignore[assignment]
        self.proxy.set_dates(start, end)
        self._update_summary()

    # -- loading and refreshing ------------------------------------------------------

    def reload(self) -> None:
        """Show what the store knows (no network)."""
        if not self.gate.apply():
            self.context.tasks.cancel(REFRESH_TASK)  # a SENS refresh still under way
            self.model.set_rows([])
            self._update_summary()
            self._update_buttons()
            self.reloaded.emit()
            return
        rows = service.list_reservations(self.context.db, self.context.profile.service_id)
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        self._update_summary()
        self._update_buttons()
        self.reloaded.emit()

    def refresh(self) -> None:
        """Ask SENS for the statuses (in the background) and show them."""
        if not self.gate.available():
            return
        try:
            self.context.tasks.start(REFRESH_TASK, self._refresh())
        except RuntimeError:  # shutting down
            log.debug("reservations refresh skipped: no task runner")

    async def _refresh(self) -> None:
        self.refresh_button.setEnabled(False)
        self.checked_label.setText(self.tr("Checking…"))
        try:
            self.reload()
            if not any(r.is_active for r in self.model.rows()):
                return  # nothing can change: no network call (and no demo simulator start)
            try:
                client = self.context.client()
            except ConsoleError as exc:
                self.context.notifier.error(exc, dialog=False)
                return
            service_id = self.context.profile.service_id
            await service.complete_replacements(self.context.db, client, service_id)
            report = await service.refresh_statuses(
                self.context.db, client, service_id=service_id
            )
            if report.error is None:
                self.last_checked = datetime.now(UTC)
            else:
                self.context.notifier.error(report.error, dialog=False)
        finally:
            self.refresh_button.setEnabled(True)
            self._show_checked()
            self.reload()

    def _show_checked(self) -> None:
        if self.last_checked is None:
            self.checked_label.setText(self.tr("Status not checked yet"))
        else:
            self.checked_label.setText(
                self.tr("Status checked at %1").replace(
                    "%1", self.last_checked.astimezone().strftime("%H:%M:%S")
                )
            )

    def _update_summary(self) -> None:
        shown: list[service.Reservation] = row_objects(self.table, selected_only=False)
        waiting = [r for r in shown if r.is_active]
        self.summary_label.setText(
            self.tr("%1 shown, %2 waiting (%3 recipients)")
            .replace("%1", f"{len(shown):,}")
            .replace("%2", f"{len(waiting):,}")
            .replace("%3", f"{sum(r.recipient_count for r in waiting):,}")
        )

    def _update_buttons(self) -> None:
        selected = self.selected()
        active = [r for r in selected if r.is_active]
        self.cancel_button.setEnabled(bool(active))
        self.edit_button.setEnabled(bool(active))

    # -- visibility ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()
        if self.gate.available():
            self.open_content()

    def open_content(self) -> None:
        """Visible with a SENS profile: countdowns tick, statuses are asked now and then."""
        self.tick_timer.start()
        self.refresh_timer.start()
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.tick_timer.stop()
        self.refresh_timer.stop()

    # -- selection -------------------------------------------------------------------

    def selected(self) -> list[service.Reservation]:
        return row_objects(self.table)

    def select_request_ids(self, request_ids: Sequence[str]) -> None:
        """Select the rows of these reservations (tests and keyboard users)."""
        select_rows(self.table, request_ids, key=lambda r: r.request_id)

    # -- cancel ----------------------------------------------------------------------

    def confirm(self, title: str, text: str) -> bool:
        """Ask a yes/no question (tests replace this)."""
        return ask_yes_no(self, title, text)

    def describe(self, r: service.Reservation) -> str:
        """One line naming a reservation: time, message and recipients."""
        return (
            self.tr("%1 — “%2” — %3 recipients")
            .replace("%1", f"{r.reserve_time or '?'} ({r.reserve_tz})")
            .replace("%2", r.first_line[:30] or self.tr("(no text)"))
            .replace("%3", f"{r.recipient_count:,}")
        )

    def cancel_confirmation(self, chosen: Sequence[service.Reservation]) -> str:
        """The confirmation text: what is cancelled, how many recipients, and warnings."""
        total = sum(r.recipient_count for r in chosen)
        lines = [
            self.tr("Cancel %1 reservation(s) for %2 recipients in total?")
            .replace("%1", f"{len(chosen):,}")
            .replace("%2", f"{total:,}"),
            "",
        ]
        lines += ["• " + self.describe(r) for r in chosen[:LISTED]]
        if len(chosen) > LISTED:
            lines.append(self.tr("… and %1 more").replace("%1", f"{len(chosen) - LISTED:,}"))
        now = datetime.now(UTC)
        close = [
            r for r in chosen
            if r.reserve_at is not None and r.reserve_at - now <= service.CANCEL_WARNING_WINDOW
        ]
        if close:
            lines += [
                "",
                self.tr(
                    "Warning: %1 of them are due in less than 5 minutes (or already due). "
                    "SENS may already be sending them; the result is shown per row."
                ).replace("%1", f"{len(close):,}"),
            ]
        return "\n".join(lines)

    def cancel_selected(self) -> None:
        """Cancel the selected reservations that are still waiting, after a confirmation."""
        selected = self.selected()
        chosen = [r for r in selected if r.is_active]
        if not chosen:
            self.context.notifier.info(
                self.tr("Nothing to cancel: the selected reservations were sent or cancelled.")
            )
            return
        if not self.confirm(self.tr("Cancel reservations"), self.cancel_confirmation(chosen)):
            return
        self.context.tasks.start(CANCEL_TASK, self._cancel([r.request_id for r in chosen]))

    async def _cancel(self, request_ids: list[str]) -> None:
        self.cancel_button.setEnabled(False)
        try:
            try:
                client = self.context.client()
            except ConsoleError as exc:
                self.context.notifier.error(exc)
                return
            results = await service.cancel_reservations(self.context.db, client, request_ids)
        finally:
            self.reload()
        done = sum(1 for r in results if r.ok)
        self.context.notifier.info(
            self.tr("Cancelled %1 of %2 reservations. See the Result column for each one.")
            .replace("%1", f"{done:,}")
            .replace("%2", f"{len(results):,}")
        )
        problems = [r for r in results if not r.ok]
        if problems:
            self.context.notifier.error(
                "\n\n".join(r.message(self.context.language) for r in problems[:3])
            )
        self.cancel_finished.emit(results)

    # -- edit ------------------------------------------------------------------------

    def edit_selected(self) -> None:
        """Open a copy of the selected reservation in Compose (replace after accept)."""
        chosen = [r for r in self.selected() if r.is_active]
        if not chosen:
            self.context.notifier.info(
                self.tr("Select a reservation that is still waiting to edit it.")
            )
            return
        try:
            prefill = service.edit_prefill(self.context.db, [r.request_id for r in chosen])
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            return
        navigator = self.context.navigator
        if navigator is None:
            return
        navigator.open_compose(**prefill)
        self.context.notifier.info(
            self.tr(
                "A copy is open in Compose. Choose the new time and send it: the old "
                "reservation is cancelled only after the new one is accepted."
            )
        )

    def prefill_for(self, request_ids: Sequence[str]) -> dict[str, Any]:
        """What Edit hands to Compose for these reservations (for tests and scripts)."""
        return service.edit_prefill(self.context.db, list(request_ids))
