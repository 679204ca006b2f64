"""The preview: a phone-like card that shows the message as one chosen recipient would
receive it."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from console.domain.models import Recipient
from console.domain.phone import display_form

#: How many recipients the preview offers to choose from.
PREVIEW_CHOICES = 200


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


class PreviewBox(QGroupBox):
    """The recipient to preview for (up to 200 of them) and the phone card."""

    #: Another recipient was chosen.
    recipient_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Preview"))
        layout = QVBoxLayout(self)
        self.combo = QComboBox()
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.combo.setMinimumContentsLength(14)
        self.combo.currentIndexChanged.connect(self.recipient_changed)
        layout.addWidget(self.combo)
        self.phone = PhonePreview()
        self.phone.setMinimumHeight(250)
        layout.addWidget(self.phone, 1, Qt.AlignmentFlag.AlignHCenter)

    def fill_recipients(self, recipients: Sequence[Recipient], country: str) -> None:
        """Offer the first 200 `recipients`, keeping the chosen row where possible."""
        current = self.combo.currentIndex()
        self.combo.blockSignals(True)
        self.combo.clear()
        for index, recipient in enumerate(recipients[:PREVIEW_CHOICES]):
            number = display_form(recipient.phone, country)
            label = f"{recipient.name} ({number})" if recipient.name else number
            self.combo.addItem(label, index)
        if not recipients:
            self.combo.addItem(self.tr("(no recipients yet)"), -1)
        self.combo.setCurrentIndex(min(max(current, 0), self.combo.count() - 1))
        self.combo.blockSignals(False)

    def chosen_index(self) -> int | None:
        """The index (into the recipients last filled in) of the chosen one, if any."""
        index = self.combo.currentData()
        return index if isinstance(index, int) and index >= 0 else None

    def show_message(
        self,
        *,
        caller: str,
        subject: str,
        text: str,
        kind: str,
        size: int,
        limit: int,
        thumbnails: Sequence[bytes] = (),
    ) -> None:
        """Show the message of type `kind` (`size` of `limit` bytes) as sent by `caller`."""
        self.phone.show_message(
            header=caller or self.tr("(no caller number)"),
            subject=subject,
            text=text or self.tr("(empty message)"),
            footer=f"{kind} · "
            + self.tr("%1 / %2 bytes").replace("%1", f"{size:,}").replace("%2", f"{limit:,}"),
            thumbnails=thumbnails,
        )
