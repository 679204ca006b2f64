"""Small dialogs of the Recipients pane: a list name, a new recipient row."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.domain.phone import InvalidPhoneNumber, normalize


class ListNameDialog(QDialog):
    """Ask for a list name (new list, save an import, rename, merge)."""

    def __init__(
        self, title: str, prompt: str, name: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.prompt_label = QLabel(prompt)
        self.prompt_label.setWordWrap(True)
        layout.addWidget(self.prompt_label)
        self.name_edit = QLineEdit(name)
        self.name_edit.setMaxLength(100)
        self.name_edit.setPlaceholderText(self.tr("e.g. Customers, January notice"))
        layout.addWidget(self.name_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.name_edit.textChanged.connect(self._update)
        self._update()

    def name(self) -> str:
        return self.name_edit.text().strip()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.name()))


class AddRowDialog(QDialog):
    """Enter one recipient by hand: number, name and the list's variables."""

    def __init__(
        self, variables: Sequence[str], language: str = "ko", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.language = language
        self.setWindowTitle(self.tr("Add a recipient"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.number_edit = QLineEdit()
        self.number_edit.setPlaceholderText("010-1234-5678")
        self.name_edit = QLineEdit()
        form.addRow(self.tr("Number"), self.number_edit)
        form.addRow(self.tr("Name"), self.name_edit)
        self.variable_edits: dict[str, QLineEdit] = {}
        for variable in variables:
            edit = QLineEdit()
            self.variable_edits[variable] = edit
            form.addRow(variable, edit)
        layout.addLayout(form)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Add"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.number_edit.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        text = self.number_edit.text()
        if not text.strip():
            self.error_label.setText("")
            self.ok_button.setEnabled(False)
            return
        try:
            phone = normalize(text)
        except InvalidPhoneNumber as exc:
            self.error_label.setText(exc.reason(self.language))
            self.ok_button.setEnabled(False)
            return
        self.error_label.setText("")
        self.ok_button.setEnabled(True)
        self.number_edit.setToolTip(phone.display)

    def values(self) -> tuple[str, str, dict[str, str]]:
        """(number as typed, name, variables)."""
        return (
            self.number_edit.text().strip(),
            self.name_edit.text().strip(),
            {k: e.text() for k, e in self.variable_edits.items()},
        )
