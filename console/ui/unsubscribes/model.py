"""Qt models of the 080 Opt-out page: the cached numbers and a digit-search proxy."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt

from console.domain.phone import display_form
from console.services.unsubscribes import OptOutEntry
from console.ui.common.tables import OBJECT_ROLE, SORT_ROLE, Index

#: The row's :class:`OptOutEntry`.
EntryRole = OBJECT_ROLE
#: A naturally sorting value (registration time as epoch seconds).
SortRole = SORT_ROLE


class OptOutModel(QAbstractTableModel):
    """One row per opt-out number: number, registration time (local), how registered."""

    COL_NUMBER, COL_REGISTERED, COL_KIND = range(3)

    def __init__(self, parent: Any = None, *, local_zone: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[OptOutEntry] = []
        self._display: list[str] = []
        self.local_zone = local_zone

    def set_entries(self, entries: Sequence[OptOutEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self._display = [display_form(e.number) for e in self._rows]
        self.endResetModel()

    def entries(self) -> list[OptOutEntry]:
        return list(self._rows)

    def entry(self, row: int) -> OptOutEntry:
        return self._rows[row]

    def kind_text(self, kind: str | None) -> str:
        if kind == "M":
            return self.tr("Added by hand")
        if kind == "C":
            return self.tr("By a call to 080")
        return kind or ""

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = [self.tr("Number"), self.tr("Registered"), self.tr("How")]
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        column = index.column()
        if role == EntryRole:
            return entry
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.COL_NUMBER:
                return self._display[index.row()]
            if column == self.COL_REGISTERED:
                at = entry.registered_at
                return at.astimezone(self.local_zone).strftime("%Y-%m-%d %H:%M") if at else ""
            if column == self.COL_KIND:
                return self.kind_text(entry.kind)
        if role == SortRole:
            if column == self.COL_REGISTERED:
                return entry.registered_at.timestamp() if entry.registered_at else 0.0
            if column == self.COL_NUMBER:
                return entry.number
            return self.kind_text(entry.kind)
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NUMBER:
            return entry.number
        return None


class OptOutFilterProxy(QSortFilterProxyModel):
    """Keeps the numbers whose digits contain the searched digits."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self._digits = ""

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._digits = "".join(ch for ch in text if ch.isdigit())
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._digits:
            return True
        model = self.sourceModel()
        if not isinstance(model, OptOutModel) or source_row >= model.rowCount():
            return True
        return self._digits in model.entry(source_row).number
