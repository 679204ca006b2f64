"""A phone-like card that shows the message as one recipient would receive it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)


class PhonePreview(QFrame):
    """The message as a phone would show it, for one chosen recipient."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phoneCard")
        self.setStyleSheet(
            "QFrame#phoneCard { background: #fafafa; border: 3px solid #37474f;"
            " border-radius: 22px; }"
            "QLabel#bubble { background: #ffffff; border: 1px solid #cfd8dc;"
            " border-radius: 12px; padding: 8px; color: #212121; }"
            "QLabel#phoneHeader { color: #37474f; font-weight: bold; }"
            "QLabel#phoneFooter { color: #607d8b; }"
        )
        self.setMinimumWidth(240)
        self.setMaximumWidth(320)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 16, 14, 16)
        self.header = QLabel()
        self.header.setObjectName("phoneHeader")
        self.header.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.header)
        self.subject = QLabel()
        self.subject.setWordWrap(True)
        self.subject.setTextFormat(Qt.TextFormat.PlainText)
        font = self.subject.font()
        font.setBold(True)
        self.subject.setFont(font)
        layout.addWidget(self.subject)
        self.images = QHBoxLayout()
        layout.addLayout(self.images)
        self._image_labels: list[QLabel] = []
        self.bubble = QLabel()
        self.bubble.setObjectName("bubble")
        self.bubble.setWordWrap(True)
        self.bubble.setTextFormat(Qt.TextFormat.PlainText)
        self.bubble.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.bubble.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setStyleSheet("QScrollArea { background: transparent; }")
        holder = QWidget()
        holder.setObjectName("bubbleHolder")
        holder.setStyleSheet("QWidget#bubbleHolder { background: #fafafa; }")
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.addWidget(self.bubble)
        holder_layout.addStretch(1)
        scroll.setWidget(holder)
        layout.addWidget(scroll, 1)
        self.footer = QLabel()
        self.footer.setObjectName("phoneFooter")
        self.footer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.footer)

    def show_message(
        self,
        *,
        header: str,
        subject: str,
        text: str,
        footer: str,
        thumbnails: Sequence[bytes] = (),
    ) -> None:
        self.header.setText(header)
        self.subject.setText(subject)
        self.subject.setVisible(bool(subject))
        self.bubble.setText(text)
        self.footer.setText(footer)
        for label in self._image_labels:
            label.deleteLater()
        self._image_labels = []
        for data in thumbnails:
            pixmap = QPixmap()
            pixmap.loadFromData(data)
            label = QLabel()
            label.setPixmap(
                pixmap.scaled(
                    64, 64, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.images.addWidget(label)
            self._image_labels.append(label)
