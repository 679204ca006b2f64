"""Small widgets every pane may use (texts are passed in already translated)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PageHeader(QWidget):
    """A page's title and a sentence saying what the page is for."""

    def __init__(self, title: str, description: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        self.title = QLabel(title)
        self.title.setObjectName("pageTitle")
        font = self.title.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.description = QLabel(description)
        self.description.setWordWrap(True)
        self.description.setVisible(bool(description))
        layout.addWidget(self.description)
