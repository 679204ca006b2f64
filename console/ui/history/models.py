"""Table models of the History pane, backed by SQL pages (never every row in memory).

Both models load :data:`PAGE_SIZE` rows at a time through ``canFetchMore``/``fetchMore``
from :class:`console.services.history.HistoryQueries`; sorting re-queries with an ORDER
BY; :meth:`update_rows` refreshes rows the poller changed without a reset.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPen, QPixmap

from console.domain.phone import display_form
from console.services.history import (
    HistoryFilter,
    HistoryQueries,
    carrier_name,
    first_line,
    local_time,
    outcome_text,
    row_result_text,
)

PAGE_SIZE = 200

#: Custom roles: the row's key and its outcome ('success', 'failed', 'pending').
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
OUTCOME_ROLE = Qt.ItemDataRole.UserRole + 2
#: Progress of a request as a fraction 0..1 (the progress column's delegate draws it).
PROGRESS_ROLE = Qt.ItemDataRole.UserRole + 3

COLOURS = {"success": "#1b7f3b", "failed": "#c62828", "pending": "#9a6700"}

Index = QModelIndex | QPersistentModelIndex


_ICONS: dict[str, QIcon] = {}


def outcome_icon(outcome: str) -> QIcon:
    """A small coloured mark: check (success), cross (failed), clock (pending)."""
    icon = _ICONS.get(outcome)
    if icon is not None:
        return icon
    size = 16
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor(COLOURS.get(outcome, "#777777"))
    painter.setBrush(QBrush(colour))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    pen = QPen(QColor("white"))
    pen.setWidthF(2.0)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    if outcome == "success":
        painter.drawPolyline([QPointF(4.5, 8.5), QPointF(7, 11), QPointF(11.5, 5.5)])
    elif outcome == "failed":
        painter.drawLine(QPointF(5, 5), QPointF(11, 11))
        painter.drawLine(QPointF(11, 5), QPointF(5, 11))
    else:
        painter.drawLine(QPointF(8, 8), QPointF(8, 4.5))
        painter.drawLine(QPointF(8, 8), QPointF(10.5, 9.5))
    painter.end()
    icon = QIcon(pixmap)
    _ICONS[outcome] = icon
    return icon


def request_outcome(row: dict[str, Any]) -> str:
    """A request's colour: pending while any message is, failed if any failed."""
    if row["pending_count"]:
        return "pending"
    if row["fail_count"]:
        return "failed"
    return "success" if row["success_count"] else "pending"


def _time_text(text: str | None) -> str:
    value = local_time(text)
    return value.strftime("%Y-%m-%d %H:%M:%S") if value else ""


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    numeric: bool = False


class PagedTableModel(QAbstractTableModel):
    """Rows in SQL pages: a count, the rows loaded so far, more on ``fetchMore``."""

    def __init__(self, queries: HistoryQueries, columns: Sequence[Column], parent: Any = None):
        super().__init__(parent)
        self.queries = queries
        self.columns = list(columns)
        self.filter = HistoryFilter()
        self._rows: list[dict[str, Any]] = []
        self._total = 0
        self.sort_key = self.columns[0].key
        self.descending = False
        #: Nothing is queried before the first filter is set (views sort on creation).
        self._active = False

    # -- to implement --------------------------------------------------------------------

    def _count(self) -> int:
        raise NotImplementedError

    def _page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        raise NotImplementedError

    def _key(self, row: dict[str, Any]) -> Any:
        raise NotImplementedError

    def _fresh(self, keys: Sequence[Any]) -> dict[Any, dict[str, Any]]:
        raise NotImplementedError

    def _display(self, row: dict[str, Any], key: str) -> Any:
        raise NotImplementedError

    def _outcome(self, row: dict[str, Any]) -> str:
        raise NotImplementedError

    # -- Qt ------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.columns):
            return self.columns[section].title
        return None

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        start = len(self._rows)
        page = self._page(start, PAGE_SIZE)
        if not page:
            self._total = start
            return
        self.beginInsertRows(QModelIndex(), start, start + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        if not 0 <= index.column() < len(self.columns):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column.key)
        if role == KEY_ROLE:
            return self._key(row)
        if role == OUTCOME_ROLE:
            return self._outcome(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self._extra(row, column.key, role)

    def _extra(self, row: dict[str, Any], key: str, role: int) -> Any:
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.sort_key = self.columns[column].key
        self.descending = order == Qt.SortOrder.DescendingOrder
        if self._active:
            self.reload()

    # -- ours ----------------------------------------------------------------------------

    @property
    def total(self) -> int:
        """Rows matching the filter (loaded or not)."""
        return self._total

    def row_data(self, row: int) -> dict[str, Any]:
        return dict(self._rows[row])

    def set_filter(self, flt: HistoryFilter) -> None:
        self.filter = flt
        self._active = True
        self.reload()

    def reload(self, keep: int = 0) -> None:
        """Re-query from the start, loading at least `keep` rows (to keep the scroll)."""
        self.beginResetModel()
        self._total = self._count()
        want = max(PAGE_SIZE, keep)
        self._rows = self._page(0, want) if self._total else []
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read what is loaded: in place if the same rows come back, else a reset."""
        total = self._count()
        fresh = self._page(0, max(len(self._rows), PAGE_SIZE)) if total else []
        same = total == self._total and [self._key(r) for r in fresh] == [
            self._key(r) for r in self._rows
        ]
        if same:
            self._rows = fresh
            if fresh:
                self.dataChanged.emit(
                    self.index(0, 0), self.index(len(fresh) - 1, len(self.columns) - 1)
                )
            return
        self.beginResetModel()
        self._total = total
        self._rows = fresh
        self.endResetModel()

    def update_rows(self, keys: Sequence[Any]) -> int:
        """Refresh loaded rows whose key is in `keys`; returns how many changed."""
        wanted = set(keys)
        positions = [i for i, r in enumerate(self._rows) if self._key(r) in wanted]
        if not positions:
            return 0
        fresh = self._fresh([self._key(self._rows[i]) for i in positions])
        for i in positions:
            new = fresh.get(self._key(self._rows[i]))
            if new is None:
                continue
            self._rows[i] = new
            self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
        return len(positions)

    def find_row(self, key: Any) -> int:
        for i, row in enumerate(self._rows):
            if self._key(row) == key:
                return i
        return -1


class RequestsModel(PagedTableModel):
    """Requests (one row per send request) with counts and progress."""

    def __init__(self, queries: HistoryQueries, language: str = "ko", parent: Any = None):
        columns = [
            Column("time", QCoreApplication.translate("HistoryModels", "Time")),
            Column("type", QCoreApplication.translate("HistoryModels", "Type")),
            Column("subject", QCoreApplication.translate("HistoryModels", "Subject / first line")),
            Column("caller", QCoreApplication.translate("HistoryModels", "Caller")),
            Column(
                "recipients",
                QCoreApplication.translate("HistoryModels", "Recipients"),
                numeric=True,
            ),
            Column(
                "success", QCoreApplication.translate("HistoryModels", "Delivered"), numeric=True
            ),
            Column("failed", QCoreApplication.translate("HistoryModels", "Failed"), numeric=True),
            Column("pending", QCoreApplication.translate("HistoryModels", "Pending"), numeric=True),
            Column("progress", QCoreApplication.translate("HistoryModels", "Progress")),
            Column("cost", QCoreApplication.translate("HistoryModels", "Cost (KRW)"), numeric=True),
        ]
        super().__init__(queries, columns, parent)
        self.language = language
        self.sort_key = "time"
        self.descending = True

    def _count(self) -> int:
        return self.queries.count_requests(self.filter)

    def _page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        return self.queries.request_page(self.filter, self.sort_key, self.descending, offset, limit)

    def _key(self, row: dict[str, Any]) -> Any:
        return row["request_id"]

    def _fresh(self, keys: Sequence[Any]) -> dict[Any, dict[str, Any]]:
        return self.queries.request_rows(list(keys))

    def _outcome(self, row: dict[str, Any]) -> str:
        return request_outcome(row)

    @staticmethod
    def progress(row: dict[str, Any]) -> float:
        total = max(int(row["recipient_count"]), 1)
        return min(1.0, (int(row["success_count"]) + int(row["fail_count"])) / total)

    def _display(self, row: dict[str, Any], key: str) -> Any:
        if key == "time":
            text = _time_text(row["accepted_at"])
            if row["reserve_time"]:
                text += " " + QCoreApplication.translate("HistoryModels", "(reserved %1)").replace(
                    "%1", row["reserve_time"]
                )
            return text
        if key == "type":
            return row["type"] + (
                " " + QCoreApplication.translate("HistoryModels", "(ad)")
                if row["content_type"] == "AD"
                else ""
            )
        if key == "subject":
            text = first_line(row["subject"], row["content"])
            if not text and row["origin"] == "server":
                return QCoreApplication.translate("HistoryModels", "(text not loaded yet)")
            return text
        if key == "caller":
            return display_form(row["caller"] or "")
        if key == "recipients":
            return f"{int(row['recipient_count']):,}"
        if key == "success":
            return f"{int(row['success_count']):,}"
        if key == "failed":
            return f"{int(row['fail_count']):,}"
        if key == "pending":
            return f"{int(row['pending_count']):,}"
        if key == "progress":
            return f"{self.progress(row) * 100:.0f}%"
        if key == "cost":
            return f"{float(row['cost']):,.0f}" if row["cost"] is not None else ""
        return None

    def _extra(self, row: dict[str, Any], key: str, role: int) -> Any:
        if role == PROGRESS_ROLE:
            return self.progress(row)
        if role == Qt.ItemDataRole.DecorationRole and key == "time":
            return outcome_icon(request_outcome(row))
        if role == Qt.ItemDataRole.ForegroundRole and key in ("success", "failed", "pending"):
            colour = {"success": "success", "failed": "failed", "pending": "pending"}[key]
            count = row[
                {"success": "success_count", "failed": "fail_count"}.get(key, "pending_count")
            ]
            return QBrush(QColor(COLOURS[colour])) if int(count) else None
        if role == Qt.ItemDataRole.ToolTipRole and key == "subject":
            return first_line(row["subject"], row["content"]) or None
        return None


class MessagesModel(PagedTableModel):
    """The messages (recipients) of one request, with result meanings."""

    def __init__(self, queries: HistoryQueries, language: str = "ko", parent: Any = None):
        columns = [
            Column("seq", QCoreApplication.translate("HistoryModels", "No."), numeric=True),
            Column("number", QCoreApplication.translate("HistoryModels", "Number")),
            Column("name", QCoreApplication.translate("HistoryModels", "Name")),
            Column("outcome", QCoreApplication.translate("HistoryModels", "Status")),
            Column("result", QCoreApplication.translate("HistoryModels", "Result")),
            Column("code", QCoreApplication.translate("HistoryModels", "Code")),
            Column("telco", QCoreApplication.translate("HistoryModels", "Carrier")),
            Column("completed", QCoreApplication.translate("HistoryModels", "Completed at")),
        ]
        super().__init__(queries, columns, parent)
        self.language = language
        self.request_id: str | None = None
        self.sort_key = "seq"

    def set_request(self, request_id: str | None) -> None:
        self.request_id = request_id
        self._active = True
        self.reload()

    def set_filter(self, flt: HistoryFilter) -> None:
        # Only the message conditions (outcome, number) apply inside one request.
        super().set_filter(replace(HistoryFilter(), outcome=flt.outcome, recipient=flt.recipient))

    def _count(self) -> int:
        if self.request_id is None:
            return 0
        return self.queries.count_messages(self.request_id, self.filter)

    def _page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        if self.request_id is None:
            return []
        key = "code" if self.sort_key == "result" else self.sort_key
        return self.queries.message_page(
            self.request_id, self.filter, key, self.descending, offset, limit
        )

    def _key(self, row: dict[str, Any]) -> Any:
        return int(row["id"])

    def _fresh(self, keys: Sequence[Any]) -> dict[Any, dict[str, Any]]:
        return dict(self.queries.message_rows([int(k) for k in keys]))

    def _outcome(self, row: dict[str, Any]) -> str:
        return str(row["outcome"])

    def _display(self, row: dict[str, Any], key: str) -> Any:
        if key == "seq":
            return str(int(row["seq"]) + 1)
        if key == "number":
            return display_form(row["to_number"] or "", row.get("country_code") or "82")
        if key == "name":
            return row["name"] or ""
        if key == "outcome":
            return outcome_text(row["outcome"], self.language)
        if key == "result":
            return row_result_text(row, self.language)
        if key == "code":
            return row["status_code"] or ""
        if key == "telco":
            return carrier_name(row["telco"], self.language)
        if key == "completed":
            return _time_text(row["complete_time"])
        return None

    def _extra(self, row: dict[str, Any], key: str, role: int) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and key == "outcome":
            return outcome_icon(row["outcome"])
        if role == Qt.ItemDataRole.ForegroundRole and key in ("outcome", "result"):
            return QBrush(QColor(COLOURS.get(row["outcome"], "#000000")))
        if role == Qt.ItemDataRole.ToolTipRole and key == "result" and row["status_message"]:
            return row["status_message"]
        return None
