"""Helpers for the panes' tables of row objects (Reservations, 080 Opt-out).

Those models keep one object per row (a reservation, an opt-out entry) and expose it under
:data:`OBJECT_ROLE`, with a naturally sorting value under :data:`SORT_ROLE` for their
proxies. Pages select rows by the objects' keys and ask yes/no questions the same way.
No texts here: callers pass them in already translated.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTableView, QWidget

Index = QModelIndex | QPersistentModelIndex

#: The row's object (e.g. a :class:`console.services.reservations.Reservation`).
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 1
#: A value that sorts the column naturally (times as epoch seconds, counts).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


def object_table(
    model: QAbstractItemModel, sort_column: int, order: Qt.SortOrder
) -> QTableView:
    """A sortable table of whole rows (several may be selected) over `model`."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setSortingEnabled(True)
    table.sortByColumn(sort_column, order)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    return table


def row_objects(view: QTableView, *, selected_only: bool = True) -> list[Any]:
    """The row objects of `view` in view order: the selected rows, or every shown row."""
    model = view.model()
    if selected_only:
        rows = sorted(index.row() for index in view.selectionModel().selectedRows())
    else:
        rows = list(range(model.rowCount()))
    return [model.index(row, 0).data(OBJECT_ROLE) for row in rows]


def select_rows(view: QTableView, wanted: Collection[Any], key: Callable[[Any], Any]) -> None:
    """Select exactly the rows of `view` whose object's `key` is in `wanted`."""
    wanted = set(wanted)
    model = view.model()
    selection = view.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        if key(index.data(OBJECT_ROLE)) in wanted:
            selection.select(index, flags)


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A modal yes/no question whose default answer is No (for destructive actions)."""
    answer = QMessageBox.question(
        parent,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
