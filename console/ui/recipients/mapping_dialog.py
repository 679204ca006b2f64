"""The column mapping dialog: which column is the number, which the name, is there a header.

Opened after a file or a paste is read, with the guessed (or remembered) mapping; the
preview shows the first rows as they will be read, the number column highlighted.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.services.importing import ColumnMapping, RawTable, column_names

PREVIEW_ROWS = 20
_PHONE_BRUSH = QBrush(QColor(225, 240, 255))
_NAME_BRUSH = QBrush(QColor(235, 250, 235))


class MappingDialog(QDialog):
    """Confirm or correct the guessed column mapping of an import."""

    def __init__(
        self,
        table: RawTable,
        mapping: ColumnMapping,
        parent: QWidget | None = None,
        *,
        warning: str = "",
        unnamed: str = "col{}",
    ) -> None:
        super().__init__(parent)
        self.table = table
        self.unnamed = unnamed
        self.setWindowTitle(self.tr("Choose the columns"))
        self.setMinimumSize(640, 420)
        layout = QVBoxLayout(self)

        rows = len(table.rows)
        source = table.source if table.source != "clipboard" else self.tr("Pasted text")
        self.source_label = QLabel(
            self.tr("%1: %2 rows read.").replace("%1", source).replace("%2", f"{rows:,}")
        )
        layout.addWidget(self.source_label)
        self.warning_label = QLabel(warning)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b00020;")
        self.warning_label.setVisible(bool(warning))
        layout.addWidget(self.warning_label)

        form = QFormLayout()
        self.header_check = QCheckBox(self.tr("The first row holds the column titles"))
        self.header_check.setChecked(mapping.has_header)
        form.addRow(self.header_check)
        self.phone_combo = QComboBox()
        self.name_combo = QComboBox()
        form.addRow(self.tr("Phone number column"), self.phone_combo)
        form.addRow(self.tr("Name column"), self.name_combo)
        layout.addLayout(form)

        self.preview = QTableWidget()
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview.verticalHeader().setVisible(False)
        layout.addWidget(self.preview, 1)
        self.variables_label = QLabel()
        self.variables_label.setWordWrap(True)
        layout.addWidget(self.variables_label)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Import"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self._fill_combos(mapping)
        self.header_check.toggled.connect(self._header_toggled)
        self.phone_combo.currentIndexChanged.connect(self._update)
        self.name_combo.currentIndexChanged.connect(self._update)
        self._update()

    def _names(self) -> list[str]:
        return column_names(self.table, self.header_check.isChecked(), unnamed=self.unnamed)

    def _fill_combos(self, mapping: ColumnMapping) -> None:
        names = self._names()
        for combo in (self.phone_combo, self.name_combo):
            combo.blockSignals(True)
            combo.clear()
        for c, name in enumerate(names):
            label = self._column_label(c, name)
            self.phone_combo.addItem(label, c)
            self.name_combo.addItem(label, c)
        self.name_combo.insertItem(0, self.tr("(no name column)"), None)
        self.phone_combo.setCurrentIndex(max(0, min(mapping.phone_column, len(names) - 1)))
        name_index = 0 if mapping.name_column is None else mapping.name_column + 1
        self.name_combo.setCurrentIndex(name_index if name_index < self.name_combo.count() else 0)
        for combo in (self.phone_combo, self.name_combo):
            combo.blockSignals(False)

    def _column_label(self, column: int, name: str) -> str:
        return f"{_column_letter(column)}: {name}"

    def _header_toggled(self) -> None:
        self._fill_combos(self.mapping())
        self._update()

    def mapping(self) -> ColumnMapping:
        """The mapping as chosen in the dialog."""
        phone = self.phone_combo.currentData()
        name = self.name_combo.currentData()
        return ColumnMapping(
            phone_column=int(phone) if phone is not None else 0,
            name_column=int(name) if name is not None else None,
            has_header=self.header_check.isChecked(),
        )

    def set_mapping(self, mapping: ColumnMapping) -> None:
        """Set the controls (tests, remembered layouts)."""
        self.header_check.blockSignals(True)
        self.header_check.setChecked(mapping.has_header)
        self.header_check.blockSignals(False)
        self._fill_combos(mapping)
        self._update()

    def _update(self) -> None:
        mapping = self.mapping()
        names = self._names()
        rows = self.table.rows[1:] if mapping.has_header else self.table.rows
        shown = rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(names))
        self.preview.setRowCount(len(shown))
        self.preview.setHorizontalHeaderLabels(
            [self._column_label(c, n) for c, n in enumerate(names)]
        )
        for r, row in enumerate(shown):
            for c in range(len(names)):
                item = QTableWidgetItem(row[c] if c < len(row) else "")
                if c == mapping.phone_column:
                    item.setBackground(_PHONE_BRUSH)
                elif c == mapping.name_column:
                    item.setBackground(_NAME_BRUSH)
                self.preview.setItem(r, c, item)
        self.preview.resizeColumnsToContents()
        variables = [
            n for c, n in enumerate(names) if c not in (mapping.phone_column, mapping.name_column)
        ]
        if variables:
            self.variables_label.setText(
                self.tr("Other columns become variables for personalised messages: %1").replace(
                    "%1", ", ".join(f"#{{{v}}}" for v in variables)
                )
            )
        else:
            self.variables_label.setText(self.tr("No other columns: no variables."))
        self.ok_button.setEnabled(len(names) > 0 and mapping.phone_column != mapping.name_column)


def _column_letter(column: int) -> str:
    """Excel's column letter: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def preview_rows(dialog: MappingDialog) -> list[list[str]]:
    """The preview's cells (tests)."""
    out: list[list[str]] = []
    for r in range(dialog.preview.rowCount()):
        row: list[str] = []
        for c in range(dialog.preview.columnCount()):
            item: Any = dialog.preview.item(r, c)
            row.append(item.text() if item is not None else "")
        out.append(row)
    return out
