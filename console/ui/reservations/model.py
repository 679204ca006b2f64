"""Qt models of the Reservations page: the rows, and a proxy that filters and sorts them."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from console.domain.phone import display_form
from console.services.reservations import CANCEL_WARNING_WINDOW, Reservation, matches
from console.ui.common.tables import OBJECT_ROLE, SORT_ROLE, Index

#: The row's :class:`Reservation` object.
ReservationRole = OBJECT_ROLE
#: A value that sorts the column naturally (times, counts).
SortRole = SORT_ROLE


def _now() -> datetime:
    return datetime.now(UTC)


class ReservationsModel(QAbstractTableModel):
    """One row per reserved request; the countdown column follows :meth:`tick`."""

    (
        COL_TIME,
        COL_LOCAL,
        COL_COUNTDOWN,
        COL_TYPE,
        COL_MESSAGE,
        COL_RECIPIENTS,
        COL_CALLER,
        COL_STATUS,
        COL_RESULT,
    ) = range(9)

    def __init__(
        self,
        parent: Any = None,
        *,
        now: Callable[[], datetime] = _now,
        language: str = "en",
        local_zone: Any = None,
    ) -> None:
        super().__init__(parent)
        self._rows: list[Reservation] = []
        self._now = now
        self.language = language
        #: The PC's zone for the "local time" column (None: the system's).
        self.local_zone = local_zone

    # -- data ------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[Reservation]) -> None:
        """Show `rows`; when the same reservations come back, update in place (keeps the
        selection across the timed refresh)."""
        new = list(rows)
        if [r.request_id for r in new] == [r.request_id for r in self._rows]:
            self._rows = new
            if new:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(new) - 1, self.columnCount() - 1)
                )
            return
        self.beginResetModel()
        self._rows = new
        self.endResetModel()

    def rows(self) -> list[Reservation]:
        return list(self._rows)

    def reservation(self, row: int) -> Reservation:
        return self._rows[row]

    def tick(self) -> None:
        """Repaint the countdowns (called every second while the page is visible)."""
        if self._rows:
            self.dataChanged.emit(
                self.index(0, self.COL_COUNTDOWN),
                self.index(len(self._rows) - 1, self.COL_COUNTDOWN),
                [Qt.ItemDataRole.DisplayRole],
            )

    # -- Qt model --------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 9

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [
            self.tr("Send time (its zone)"),
            self.tr("Local time"),
            self.tr("Time left"),
            self.tr("Type"),
            self.tr("Message"),
            self.tr("Recipients"),
            self.tr("Caller"),
            self.tr("Status"),
            self.tr("Result"),
        ]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        column = index.column()
        if role == ReservationRole:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(r, column)
        if role == SortRole:
            return self._sort_key(r, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(r, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.COL_RECIPIENTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.COL_STATUS, self.COL_RESULT):
            return self._colour(r, column)
        return None

    # -- cells -----------------------------------------------------------------------

    def status_text(self, status: str | None) -> str:
        """A reservation status in the user's words."""
        words = {
            "READY": self.tr("Waiting"),
            "PROCESSING": self.tr("Sending"),
            "CANCELED": self.tr("Cancelled"),
            "FAIL": self.tr("Failed"),
            "DONE": self.tr("Sent"),
            "STALE": self.tr("Failed (timed out)"),
            "SKIP": self.tr("Skipped"),
        }
        if status is None:
            return self.tr("Not checked yet")
        return words.get(status, status)

    def outcome_text(self, outcome: str | None) -> str:
        """A cancel result in the user's words."""
        words = {
            "cancelled": self.tr("Cancelled"),
            "already_sent": self.tr("Already sent"),
            "not_found": self.tr("Not found on SENS"),
            "too_late": self.tr("Too late to cancel"),
            "failed": self.tr("Cancel failed"),
        }
        return words.get(outcome or "", "")

    def countdown_text(self, r: Reservation) -> str:
        at = r.reserve_at
        if at is None:
            return ""
        if not r.is_active:
            return "—"
        left = at - self._now()
        if left <= timedelta(0):
            return self.tr("Due now")
        seconds = int(left.total_seconds())
        days, rest = divmod(seconds, 86400)
        hours, rest = divmod(rest, 3600)
        minutes, secs = divmod(rest, 60)
        if days:
            return self.tr("%1 d %2 h").replace("%1", str(days)).replace("%2", str(hours))
        if hours:
            return self.tr("%1 h %2 min").replace("%1", str(hours)).replace("%2", f"{minutes:02d}")
        return self.tr("%1 min %2 s").replace("%1", str(minutes)).replace("%2", f"{secs:02d}")

    def _display(self, r: Reservation, column: int) -> Any:
        at = r.reserve_at
        if column == self.COL_TIME:
            return f"{r.reserve_time or ''} ({r.reserve_tz})" if r.reserve_time else ""
        if column == self.COL_LOCAL:
            return at.astimezone(self.local_zone).strftime("%Y-%m-%d %H:%M") if at else ""
        if column == self.COL_COUNTDOWN:
            return self.countdown_text(r)
        if column == self.COL_TYPE:
            return r.type + (" " + self.tr("(ad)") if r.content_type == "AD" else "")
        if column == self.COL_MESSAGE:
            line = r.first_line
            return line if len(line) <= 40 else line[:39] + "…"
        if column == self.COL_RECIPIENTS:
            return f"{r.recipient_count:,}"
        if column == self.COL_CALLER:
            return display_form(r.caller)
        if column == self.COL_STATUS:
            text = self.status_text(r.effective_status)
            if r.replaced_by and r.is_active:
                text += " · " + self.tr("replaced")
            return text
        if column == self.COL_RESULT:
            return self.outcome_text(r.outcome)
        return None

    def _sort_key(self, r: Reservation, column: int) -> Any:
        if column in (self.COL_TIME, self.COL_LOCAL, self.COL_COUNTDOWN):
            at = r.reserve_at
            return at.timestamp() if at else 0.0
        if column == self.COL_RECIPIENTS:
            return r.recipient_count
        return str(self._display(r, column) or "")

    def _tooltip(self, r: Reservation, column: int) -> str | None:
        if column == self.COL_MESSAGE:
            return (r.subject + "\n\n" if r.subject else "") + (r.content or "")
        if column == self.COL_RESULT and r.outcome:
            return r.outcome_ko if self.language.startswith("ko") else r.outcome_en
        if column == self.COL_STATUS:
            lines = [self.tr("Request ID: %1").replace("%1", r.request_id)]
            if r.checked_at is not None:
                lines.append(
                    self.tr("Checked at %1").replace(
                        "%1", r.checked_at.astimezone(self.local_zone).strftime("%H:%M:%S")
                    )
                )
            if r.check_error:
                lines.append(self.tr("The last check failed; this is the last known status."))
            if r.replaced_by:
                lines.append(
                    self.tr(
                        "Replaced by an edited copy; it is cancelled once SENS can be reached."
                    )
                )
            return "\n".join(lines)
        if (
            column == self.COL_COUNTDOWN
            and r.is_active
            and r.reserve_at is not None
            and r.reserve_at - self._now() <= CANCEL_WARNING_WINDOW
        ):
            return self.tr("Less than 5 minutes left: a cancel may come too late.")
        return None

    def _colour(self, r: Reservation, column: int) -> QBrush | None:
        if column == self.COL_RESULT:
            if r.outcome in ("failed", "too_late", "not_found", "already_sent"):
                return QBrush(QColor("#b00020"))
            return None
        status = r.effective_status
        if status in ("FAIL", "STALE"):
            return QBrush(QColor("#b00020"))
        if status == "DONE":
            return QBrush(QColor("#1b5e20"))
        if status in ("CANCELED", "SKIP"):
            return QBrush(QColor("#757575"))
        return None


class ReservationFilterProxy(QSortFilterProxyModel):
    """Filters by status and by send date (in the reservation's zone); sorts naturally."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._statuses: frozenset[str] = frozenset()
        self._start: date | None = None
        self._end: date | None = None

    def set_statuses(self, statuses: Collection[str]) -> None:
        """Statuses to show ("UNKNOWN" = never checked); empty shows all."""
        self.beginFilterChange()
        self._statuses = frozenset(statuses)
        self.endFilterChange()

    def set_dates(self, start: date | None, end: date | None) -> None:
        self.beginFilterChange()
        self._start, self._end = start, end
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, ReservationsModel) or source_row >= model.rowCount():
            return True
        return matches(model.reservation(source_row), self._statuses, self._start, self._end)
