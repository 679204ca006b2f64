"""Qt models of the Recipients pane: recipients, problem rows, merged duplicates.

Built for 100,000 rows: ``data()`` only formats the cells the view asks for, sorting is
done by the source model with one Python ``list.sort`` (a ``QSortFilterProxyModel`` sort
would call back into Python a few million times), and the search proxy compares against
one lower-cased text per row computed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from console.domain.phone import reason_text
from console.services.importing import DuplicateRow, InvalidRow, RecipientRow, RecipientRows

Index = QModelIndex | QPersistentModelIndex

#: The row object (RecipientRow, InvalidRow or DuplicateRow) of an index.
RowRole = Qt.ItemDataRole.UserRole + 1

_OPTED_OUT_BRUSH = QBrush(QColor(255, 235, 235))


class _RowsModel(QAbstractTableModel):
    """Shared plumbing: a list of row objects, fixed columns + variable columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: Sequence[Any] = []
        self._variables: list[str] = []
        self._search_texts: list[str] | None = None

    # subclasses -------------------------------------------------------------------------

    def fixed_headers(self) -> list[str]:
        raise NotImplementedError

    def fixed_value(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: Any, column: int) -> Any:
        return self.fixed_value(row, column)

    # content ----------------------------------------------------------------------------

    def _own_rows(self, rows: Sequence[Any]) -> Sequence[Any]:
        """The model's own copy of `rows` (its sorts must not reorder the caller's list)."""
        return list(rows)

    def _reorder(self, order: Sequence[int]) -> None:
        self._rows = list(map(self._rows.__getitem__, order))

    def set_rows(self, rows: Sequence[Any], variables: Sequence[str]) -> None:
        self.beginResetModel()
        self._rows = self._own_rows(rows)
        self._variables = list(variables)
        self._search_texts = None
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_object(self, row: int) -> Any:
        return self._rows[row]

    @property
    def variables(self) -> list[str]:
        return list(self._variables)

    def refresh(self) -> None:
        """Tell views that the row objects changed in place."""
        self._search_texts = None
        if self._rows:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rows) - 1, self.columnCount() - 1)
            )

    def search_texts(self) -> list[str]:
        """Every row's :meth:`search_text` (built once per content: a new list when the
        rows change, so that a holder of the old one can tell)."""
        if self._search_texts is None:
            self._search_texts = self._make_search_texts()
        return self._search_texts

    def search_text(self, row: int) -> str:
        """Everything of `row` the search looks at, lower-cased."""
        return self.search_texts()[row]

    def _make_search_texts(self) -> list[str]:
        n = len(self.fixed_headers())
        return [
            "\x1f".join(
                [self.fixed_value(r, c) for c in range(n)]
                + [self._variable_value(r, v) for v in self._variables]
            ).lower()
            + "\x1f"
            + self._digits(r)
            for r in self._rows
        ]

    def _digits(self, row: Any) -> str:
        return ""

    @staticmethod
    def _variable_value(row: Any, name: str) -> str:
        return str(row.fields.get(name, ""))

    # Qt ---------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.fixed_headers()) + len(self._variables)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        fixed = self.fixed_headers()
        if 0 <= section < len(fixed):
            return fixed[section]
        if 0 <= section - len(fixed) < len(self._variables):
            return self._variables[section - len(fixed)]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == RowRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            fixed = len(self.fixed_headers())
            if column < fixed:
                return self.fixed_value(row, column)
            if column - fixed < len(self._variables):
                return self._variable_value(row, self._variables[column - fixed])
            return None
        return self.extra_data(row, column, role)

    def extra_data(self, row: Any, column: int, role: int) -> Any:
        return None

    def sort_keys(self, column: int) -> list[Any]:
        """The sort key of every row for `column`."""
        fixed = len(self.fixed_headers())
        if column < fixed:
            return [self.sort_value(r, column) for r in self._rows]
        name = self._variables[column - fixed]
        return [self._variable_value(r, name) for r in self._rows]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """One Python sort of the row positions by a list of keys (fast for 100,000 rows)."""
        if not 0 <= column < self.columnCount():
            return
        keys = self.sort_keys(column)
        positions = sorted(
            range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder
        )
        self.layoutAboutToBeChanged.emit()
        self._reorder(positions)
        persistent_indexes = self.persistentIndexList()
        if persistent_indexes:
            moved_to = [0] * len(positions)
            for new, old in enumerate(positions):
                moved_to[old] = new
            for persistent in persistent_indexes:
                if persistent.isValid():
                    moved = self.index(moved_to[persistent.row()], persistent.column())
                    self.changePersistentIndex(persistent, moved)
        if self._search_texts is not None:  # the same texts, in the new order
            self._search_texts = list(map(self._search_texts.__getitem__, positions))
        self.layoutChanged.emit()


class RecipientTableModel(_RowsModel):
    """Valid recipients: number, name, kind, 080 flag, then one column per variable.

    Number, name and variables are editable; ``editor(row, column_key, text) -> bool``
    (set by the page) applies an edit and says whether it was accepted.
    """

    COL_NUMBER, COL_NAME, COL_KIND, COL_OPT_OUT = range(4)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = RecipientRows()
        self.editor: Callable[[RecipientRow, str, str], bool] | None = None

    def fixed_headers(self) -> list[str]:
        return [self.tr("Number"), self.tr("Name"), self.tr("Kind"), self.tr("080 opt-out")]

    def kind_text(self, kind: str) -> str:
        return {
            "mobile": self.tr("Mobile"),
            "landline": self.tr("Landline"),
            "representative": self.tr("Representative"),
            "international": self.tr("International"),
        }.get(kind, kind)

    def fixed_value(self, row: RecipientRow, column: int) -> str:
        if column == self.COL_NUMBER:
            return row.phone.display
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_KIND:
            return self.kind_text(row.phone.kind)
        return self.tr("Opted out") if row.opted_out else ""

    def sort_value(self, row: RecipientRow, column: int) -> Any:
        if column == self.COL_NUMBER:
            return row.phone.digits
        if column == self.COL_OPT_OUT:
            return row.opted_out
        return self.fixed_value(row, column)

    _rows: RecipientRows

    def _own_rows(self, rows: Sequence[Any]) -> RecipientRows:
        """Rows of an import stay unmade: search and sort read their columns (see
        :class:`RecipientRows`); only the rows the view shows are made."""
        return rows.copy() if isinstance(rows, RecipientRows) else RecipientRows(rows)

    def _reorder(self, order: Sequence[int]) -> None:
        self._rows.reorder(order)

    def opted_out_count(self) -> int:
        """Rows on the 080 opt-out list (without making the rows of an import)."""
        return self._rows.opted_out_count()

    def sort_keys(self, column: int) -> list[Any]:
        rows = self._rows
        if column == self.COL_NUMBER:
            return rows.digits()
        if column == self.COL_NAME:
            return rows.names()
        if column == self.COL_KIND:
            kinds = rows.kinds()
            texts = {kind: self.kind_text(kind) for kind in set(kinds)}
            return list(map(texts.__getitem__, kinds))
        if column == self.COL_OPT_OUT:
            return rows.opted_out()
        return rows.field_values(self._variables[column - len(self.fixed_headers())])

    def _digits(self, row: RecipientRow) -> str:
        return row.phone.digits

    def _make_search_texts(self) -> list[str]:
        """Number (as shown and as digits), name and variables; not the translated columns
        (calling tr() for each of 100,000 rows would make the first search slow). Built
        column by column from the rows' cells (:class:`RecipientRows`)."""
        columns = self._rows.text_columns(self._variables)
        return list(map(str.lower, map("\x1f".join, zip(*columns, strict=True))))

    def extra_data(self, row: RecipientRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and row.opted_out:
            return _OPTED_OUT_BRUSH
        if role == Qt.ItemDataRole.ToolTipRole and row.opted_out:
            return self.tr("On the 080 opt-out list: advertisements are not sent to this number.")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        if index.column() in (self.COL_KIND, self.COL_OPT_OUT) or self.editor is None:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def column_key(self, column: int) -> str:
        """ "phone", "name" or the variable name of `column`."""
        if column == self.COL_NUMBER:
            return "phone"
        if column == self.COL_NAME:
            return "name"
        return self._variables[column - len(self.fixed_headers())]

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or self.editor is None
            or not self.flags(index) & Qt.ItemFlag.ItemIsEditable
        ):
            return False
        row = self._rows[index.row()]
        if not self.editor(row, self.column_key(index.column()), str(value)):
            return False
        self._search_texts = None
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1)
        )
        return True


class ProblemTableModel(_RowsModel):
    """Rows whose number is not usable: file row, number (editable), name, reason, variables.

    Editing the number calls ``fixer(row_object, text) -> bool``; the page re-validates and,
    when the number is now good, moves the row to the recipients (and reloads this model).
    """

    COL_ROW, COL_NUMBER, COL_NAME, COL_REASON = range(4)

    def __init__(self, parent: Any = None, language: str = "ko") -> None:
        super().__init__(parent)
        self.language = language
        self.fixer: Callable[[InvalidRow, str], bool] | None = None

    def fixed_headers(self) -> list[str]:
        return [self.tr("Row"), self.tr("Number"), self.tr("Name"), self.tr("Problem")]

    def fixed_value(self, row: InvalidRow, column: int) -> str:
        if column == self.COL_ROW:
            return str(row.source_row)
        if column == self.COL_NUMBER:
            return row.raw_phone
        if column == self.COL_NAME:
            return row.name
        return reason_text(row.code, self.language)

    def sort_value(self, row: InvalidRow, column: int) -> Any:
        return row.source_row if column == self.COL_ROW else self.fixed_value(row, column)

    def extra_data(self, row: InvalidRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_NUMBER:
            return self.tr("Double-click to correct the number")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.COL_NUMBER and self.fixer is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != self.COL_NUMBER
            or self.fixer is None
        ):
            return False
        row = self._rows[index.row()]
        accepted = self.fixer(row, str(value))
        # The fixer reloads the model when the row moved; otherwise show the new text.
        if not accepted and 0 <= index.row() < len(self._rows) and self._rows[index.row()] is row:
            self._search_texts = None
            self.dataChanged.emit(
                self.index(index.row(), 0), self.index(index.row(), self.columnCount() - 1)
            )
        return accepted


class DuplicateTableModel(_RowsModel):
    """Rows merged into an earlier row with the same number."""

    COL_ROW, COL_NUMBER, COL_NAME, COL_KEPT = range(4)

    def fixed_headers(self) -> list[str]:
        return [self.tr("Row"), self.tr("Number"), self.tr("Name"), self.tr("Merged into row")]

    def fixed_value(self, row: DuplicateRow, column: int) -> str:
        if column == self.COL_ROW:
            return str(row.source_row)
        if column == self.COL_NUMBER:
            return row.raw_phone
        if column == self.COL_NAME:
            return row.name
        return str(row.kept_row)

    def sort_value(self, row: DuplicateRow, column: int) -> Any:
        if column == self.COL_ROW:
            return row.source_row
        if column == self.COL_KEPT:
            return row.kept_row
        return self.fixed_value(row, column)


class SearchProxy(QSortFilterProxyModel):
    """Filters rows by a search text (numbers are compared by their digits).

    Sorting is handed to the source model (see the module docstring); the proxy keeps the
    source order.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._needle = ""
        self._digits = ""
        #: Whether each row matches, for the search texts list `_matched` (one pass over
        #: the texts instead of the work per callback: Qt asks row by row).
        self._matches: list[bool] = []
        self._matched: list[str] | None = None

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = text.strip().lower()
        digits = "".join(ch for ch in text if ch.isdigit())
        # "010-1234" searches digits; "김민준" or "3동" searches text.
        self._digits = digits if digits and not any(ch.isalpha() for ch in text) else ""
        self._matched = None
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        if not self._needle:
            return True
        model = self.sourceModel()
        if not isinstance(model, _RowsModel):
            return True
        texts = model.search_texts()  # a new list whenever the rows changed
        if texts is not self._matched:
            needle, digits = self._needle, self._digits
            self._matches = [needle in t or (bool(digits) and digits in t) for t in texts]
            self._matched = texts
        return source_row >= len(self._matches) or self._matches[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)
