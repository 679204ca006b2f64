"""The "Add numbers" dialog of the 080 Opt-out page: type, paste or import numbers."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.services.unsubscribes import ParsedNumbers, numbers_from_file, parse_numbers

if TYPE_CHECKING:
    from console.context import AppContext


class AddNumbersDialog(QDialog):
    """Collects numbers to put on the 080 list; shows how many are usable as you type."""

    def __init__(
        self, context: AppContext, text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.setWindowTitle(self.tr("Add numbers to the 080 opt-out list"))
        self.resize(460, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Type or paste numbers, one per line (or separated by commas), or import "
                    "them from an Excel or CSV file. Hyphens are fine."
                )
            )
        )
        self.editor = QPlainTextEdit()
        self.editor.setPlaceholderText("010-1234-5678\n010-2345-6789")
        self.editor.setPlainText(text)
        layout.addWidget(self.editor, 1)
        row = QHBoxLayout()
        self.import_button = QPushButton(self.tr("Import from file…"))
        row.addWidget(self.import_button)
        self.count_label = QLabel()
        row.addWidget(self.count_label, 1)
        layout.addLayout(row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add to the list"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        layout.addWidget(self.buttons)

        self.parsed = ParsedNumbers((), ())
        self._recount_timer = QTimer(self)
        self._recount_timer.setSingleShot(True)
        self._recount_timer.setInterval(200)
        self._recount_timer.timeout.connect(self.recount)
        self.editor.textChanged.connect(self._recount_timer.start)
        self.import_button.clicked.connect(self.choose_file)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.recount()

    def recount(self) -> None:
        """Parse the text and say how many numbers are usable."""
        self.parsed = parse_numbers(self.editor.toPlainText())
        text = self.tr("%1 numbers ready").replace("%1", f"{len(self.parsed.valid):,}")
        if self.parsed.invalid:
            shown = ", ".join(self.parsed.invalid[:3])
            text += " · " + self.tr("%1 not recognised (%2)").replace(
                "%1", f"{len(self.parsed.invalid):,}"
            ).replace("%2", shown)
        self.count_label.setText(text)
        self.ok_button.setEnabled(bool(self.parsed.valid))

    def numbers(self) -> tuple[str, ...]:
        """The usable numbers, in SENS's form (digits only)."""
        self.recount()
        return self.parsed.valid

    def choose_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            self.tr("Import numbers"),
            "",
            self.tr("Spreadsheets and text (*.xlsx *.xls *.csv *.txt);;All files (*)"),
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> asyncio.Task[None]:
        """Read `path` off the GUI thread and append its numbers to the text."""
        return self.context.tasks.start("optout-import-file", self._import(path))

    async def _import(self, path: Path) -> None:
        self.import_button.setEnabled(False)
        self.count_label.setText(self.tr("Reading %1…").replace("%1", path.name))
        try:
            parsed = await asyncio.to_thread(numbers_from_file, path)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
            self.recount()
            return
        finally:
            self.import_button.setEnabled(True)
        current = self.editor.toPlainText().rstrip()
        lines = [current] if current else []
        lines += list(parsed.valid) + list(parsed.invalid)
        self.editor.setPlainText("\n".join(lines))
        self.recount()
