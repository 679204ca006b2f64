"""The column mapping dialog: which column is the number, which the name, is there a header.

Opened after a file or a paste is read, with the guessed (or remembered) mapping; the
preview shows the first rows as they will be read, the number column highlighted.

A workbook with several sheets gets a sheet chooser: picking a sheet emits
:attr:`MappingDialog.sheet_requested`; the page reads that sheet in a worker (the dialog
owns no I/O) and hands the result back with :meth:`MappingDialog.set_table`, or gives up
with :meth:`MappingDialog.restore_sheet` (the previous sheet stays).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
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

    #: The user chose another sheet (its name); the page reads it and calls set_table.
    sheet_requested = Signal(str)

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

        self.source_label = QLabel()
        layout.addWidget(self.source_label)
        self.warning_label = QLabel(warning)
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #b00020;")
        self.warning_label.setVisible(bool(warning))
        layout.addWidget(self.warning_label)

        form = QFormLayout()
        self.sheet_combo = QComboBox()
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for name in table.sheet_names:
            # Hidden sheets are listed (a list may live on one) but marked: Excel hides them.
            label = self.tr("%1 (hidden)").replace("%1", name)
            self.sheet_combo.addItem(label if name in table.hidden_sheets else name, name)
        self.sheet_progress = QProgressBar()
        self.sheet_progress.setFormat(self.tr("Reading…") + " %p%")
        self.stop_button = QPushButton(self.tr("Stop reading"))
        sheet_row = QHBoxLayout()
        sheet_row.addWidget(self.sheet_combo)
        sheet_row.addWidget(self.sheet_progress, 1)
        sheet_row.addWidget(self.stop_button)
        sheet_row.addStretch()
        form.addRow(self.tr("Sheet"), sheet_row)
        # Only a workbook with several sheets offers the choice (CSV and pastes have none).
        form.setRowVisible(sheet_row, len(table.sheet_names) > 1)
        self._reading = False
        self.sheet_progress.setVisible(False)
        self.stop_button.setVisible(False)
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

        self._show_table()
        self._fill_combos(mapping)
        self.header_check.toggled.connect(self._header_toggled)
        self.phone_combo.currentIndexChanged.connect(self._update)
        self.name_combo.currentIndexChanged.connect(self._update)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_chosen)
        self._update()

    # -- sheets --------------------------------------------------------------------------

    def _show_table(self) -> None:
        """The source line and the chooser's selection for the table shown now."""
        table = self.table
        source = table.source if table.source != "clipboard" else self.tr("Pasted text")
        text = self.tr("%1: %2 rows read.").replace("%1", source)
        self.source_label.setText(text.replace("%2", f"{len(table.rows):,}"))
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.setCurrentIndex(max(0, self.sheet_combo.findData(table.sheet)))
        self.sheet_combo.blockSignals(False)

    def _sheet_chosen(self, index: int) -> None:
        name = self.sheet_combo.itemData(index)
        if name is not None and name != self.table.sheet:
            self._show_reading(True)
            self.sheet_requested.emit(str(name))

    def _show_reading(self, reading: bool) -> None:
        """While a sheet is read: progress and Stop shown, everything else waits."""
        self._reading = reading
        self.sheet_progress.setVisible(reading)
        self.sheet_progress.setRange(0, 0)  # busy until the first progress report
        self.stop_button.setVisible(reading)
        for widget in (
            self.sheet_combo, self.header_check, self.phone_combo, self.name_combo, self.preview
        ):  # fmt: skip
            widget.setEnabled(not reading)
        self._update_ok()

    def is_reading(self) -> bool:
        """Whether a sheet is being read (the chooser and Import wait)."""
        return self._reading

    def set_progress(self, done: int, total: int) -> None:
        """Progress of the sheet being read (called on the GUI thread)."""
        self.sheet_progress.setRange(0, max(total, 1))
        self.sheet_progress.setValue(min(done, max(total, 1)))

    def set_table(self, table: RawTable, mapping: ColumnMapping, warning: str = "") -> None:
        """Show the sheet just read, with its guessed (or remembered) mapping."""
        self.table = table
        self._show_table()
        self._set_warning(warning)
        self._show_reading(False)
        self.set_mapping(mapping)

    def restore_sheet(self, message: str = "") -> None:
        """The sheet could not be read (or reading stopped): keep the one shown, say why."""
        self._show_table()
        if message:
            self._set_warning(message)
        self._show_reading(False)

    def _set_warning(self, text: str) -> None:
        self.warning_label.setText(text)
        self.warning_label.setVisible(bool(text))

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
        self._update_ok()

    def _update_ok(self) -> None:
        mapping = self.mapping()
        self.ok_button.setEnabled(
            not self.is_reading()
            and self.table.width > 0
            and mapping.phone_column != mapping.name_column
        )


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
