"""The banner that offers an unfinished send job of the active profile: resume or discard.

Which job and what it says are the page's business (it asks the sending services); this
only shows the sentence and reports the user's choice.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class ResumeBanner(QFrame):
    """A yellow strip: what the unfinished send is, "Resume sending" and "Discard"."""

    resume_requested = Signal()
    discard_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resumeBanner")
        self.setStyleSheet(
            "QFrame#resumeBanner { background: #fff8e1; border: 1px solid #ffca28;"
            " border-radius: 4px; }"
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.resume_button = QPushButton(self.tr("Resume sending"))
        self.resume_button.clicked.connect(self.resume_requested)
        layout.addWidget(self.resume_button)
        self.discard_button = QPushButton(self.tr("Discard"))
        self.discard_button.setToolTip(
            self.tr("Do not send the rest; what was already accepted stays sent")
        )
        self.discard_button.clicked.connect(self.discard_requested)
        layout.addWidget(self.discard_button)
        self.setVisible(False)

    def offer(self, text: str) -> None:
        """Show the banner saying `text`."""
        self.label.setText(text)
        self.setVisible(True)

    def set_enabled_buttons(self, enabled: bool) -> None:
        """Enable or disable both choices (off while a send runs)."""
        self.resume_button.setEnabled(enabled)
        self.discard_button.setEnabled(enabled)
