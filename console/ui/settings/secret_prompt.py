"""Asks for a profile's secret key for this run only (computers without a keyring)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.settings import Profile

if TYPE_CHECKING:
    from console.context import AppContext


class SecretPromptDialog(QDialog):
    """The secret key of `profile`, kept in memory until the console closes."""

    def __init__(
        self, context: AppContext, profile: Profile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.profile = profile
        self.setWindowTitle(self.tr("Secret key needed"))
        layout = QVBoxLayout(self)
        text = QLabel(
            self.tr(
                "This computer has no system keyring, so the secret key of profile %1 is not "
                "kept between runs. Enter it to work with this profile now: it stays in "
                "memory until the console closes and is never written to a file."
            ).replace("%1", profile.name)
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(self.tr("Secret key"))
        layout.addWidget(self.secret)
        self.error_label = QLabel()
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def save(self) -> None:
        secret = self.secret.text().strip()
        if not secret:
            self.error_label.setText(self.tr("Enter the secret key, or cancel."))
            self.error_label.show()
            return
        try:
            self.context.secrets.set(self.profile.id, secret)
        except ConsoleError as exc:
            self.error_label.setText(exc.message(self.context.language))
            self.error_label.show()
            return
        self.accept()
