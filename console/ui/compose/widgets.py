"""The compose pane's parts: problem characters, image attachments, the phone preview,
the reminder of upcoming reservations."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.text import suggest_replacement
from console.services.images import PreparedImage
from console.services.reservations import Reservation


def char_label(char: str) -> str:
    """A character as the user can recognise it: the glyph and its code point."""
    shown = char if unicodedata.category(char)[0] not in ("Z", "C") else " "
    return f"{shown} (U+{ord(char):04X})"


def size_text(size: int) -> str:
    """Bytes as KB with one decimal (what the MMS limit is stated in)."""
    return f"{size / 1000:.1f} KB"


class IssuesPanel(QFrame):
    """Lists the characters SENS cannot send, each with a one-click fix, and warnings."""

    #: (character, replacement): replace every occurrence ("" removes it).
    replace_requested = Signal(str, str)
    fix_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuesPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#issuesPanel { background: #fff5f5; border: 1px solid #ef9a9a;"
                           " border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setWordWrap(True)
        header.addWidget(self.title, 1)
        self.fix_all_button = QPushButton(self.tr("Fix all"))
        self.fix_all_button.setToolTip(
            self.tr("Replace every character that cannot be sent by its suggestion")
        )
        self.fix_all_button.clicked.connect(self.fix_all_requested)
        header.addWidget(self.fix_all_button)
        layout.addLayout(header)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(8)
        layout.addLayout(self.rows)
        self._shown: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        #: The fix buttons by character (tests click them).
        self.buttons: dict[str, QPushButton] = {}
        self.setVisible(False)

    def show_issues(self, unsupported: Sequence[str], outside: Sequence[str]) -> None:
        """Show these characters (rebuilt only when the set changes)."""
        key = (tuple(unsupported), tuple(outside))
        if key == self._shown:
            return
        self._shown = key
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        self.setVisible(bool(unsupported or outside))
        if unsupported:
            self.title.setText(
                self.tr("These characters cannot be sent by text message; fix them:")
            )
        else:
            self.title.setText(self.tr("Some phones may not show these characters:"))
        self.fix_all_button.setVisible(bool(unsupported))
        row = 0
        for char in unsupported:
            replacement = suggest_replacement(char)
            self.rows.addWidget(QLabel(char_label(char)), row, 0)
            status = QLabel(self.tr("cannot be sent"))
            status.setStyleSheet("color: #b71c1c;")
            self.rows.addWidget(status, row, 1)
            if replacement:
                text = self.tr("Replace with %1").replace("%1", replacement)
            else:
                text = self.tr("Remove")
            button = QPushButton(text)
            button.clicked.connect(
                lambda _checked=False, c=char, r=replacement: self.replace_requested.emit(c, r)
            )
            self.rows.addWidget(button, row, 2)
            self.buttons[char] = button
            row += 1
        for char in outside:
            self.rows.addWidget(QLabel(char_label(char)), row, 0)
            warning = QLabel(self.tr("may not show on some phones"))
            warning.setStyleSheet("color: #e65100;")
            self.rows.addWidget(warning, row, 1, 1, 2)
            row += 1
        self.rows.setColumnStretch(1, 1)


class AttachmentTile(QFrame):
    """One attached picture: thumbnail, final pixel size and file size, remove button."""

    remove_requested = Signal()

    def __init__(self, image: PreparedImage | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = image
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFixedWidth(132)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(2)
        self.thumbnail = QLabel()
        self.thumbnail.setFixedSize(120, 90)
        self.thumbnail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumbnail.setStyleSheet("background: #eeeeee;")
        layout.addWidget(self.thumbnail)
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        layout.addWidget(self.caption)
        self.remove_button = QToolButton()
        self.remove_button.setText(self.tr("Remove"))
        self.remove_button.clicked.connect(self.remove_requested)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignHCenter)
        if image is None:
            self.thumbnail.setText(self.tr("Converting…"))
            self.caption.setText("")
            self.remove_button.setEnabled(False)
        else:
            pixmap = QPixmap()
            pixmap.loadFromData(image.thumbnail)
            self.thumbnail.setPixmap(
                pixmap.scaled(
                    120, 90, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
            self.caption.setText(f"{image.width}×{image.height}\n{size_text(image.size)}")
            tip = image.source_name or image.name
            self.setToolTip(
                self.tr("%1 → %2 (%3×%4, %5)")
                .replace("%1", tip)
                .replace("%2", image.name)
                .replace("%3", str(image.width))
                .replace("%4", str(image.height))
                .replace("%5", size_text(image.size))
            )


class AttachmentStrip(QWidget):
    """Up to three picture tiles and the "Add image" button; drops are handled by the page."""

    add_requested = Signal()
    remove_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tiles_layout = QHBoxLayout()
        layout.addLayout(self.tiles_layout)
        side = QVBoxLayout()
        self.add_button = QPushButton(self.tr("Add image…"))
        self.add_button.clicked.connect(self.add_requested)
        side.addWidget(self.add_button)
        self.hint = QLabel(
            self.tr("Up to 3 pictures; drag them here. They are converted to JPEG under 300 KB.")
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #666666;")
        side.addWidget(self.hint)
        side.addStretch(1)
        layout.addLayout(side, 1)
        self.tiles: list[AttachmentTile] = []

    def show_images(self, images: Sequence[PreparedImage], converting: int = 0) -> None:
        for tile in self.tiles:
            tile.deleteLater()
        self.tiles = []
        for index, image in enumerate(images):
            tile = AttachmentTile(image)
            tile.remove_requested.connect(lambda i=index: self.remove_requested.emit(i))
            self.tiles.append(tile)
            self.tiles_layout.addWidget(tile)
        for _ in range(converting):
            tile = AttachmentTile(None)
            self.tiles.append(tile)
            self.tiles_layout.addWidget(tile)
        self.add_button.setEnabled(len(images) + converting < 3)


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


class ReservationReminder(QFrame):
    """The next reservations still waiting, as one compact box; a click opens Reservations.

    Shown above the editor so nobody sends again what is already reserved; hidden when
    nothing waits.
    """

    #: The user clicked the box or its button: show the Reservations page.
    open_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reservationReminder")
        self.setStyleSheet(
            "QFrame#reservationReminder { background: #e8f0fe; border: 1px solid #aecbfa;"
            " border-radius: 4px; }"
        )
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(self.tr("Open the Reservations page"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        self.label = QLabel()
        self.label.setWordWrap(True)
        layout.addWidget(self.label, 1)
        self.open_button = QPushButton(self.tr("Reservations…"))
        self.open_button.setFlat(True)
        self.open_button.clicked.connect(self.open_requested)
        layout.addWidget(self.open_button)
        self.setVisible(False)

    def show_reservations(self, upcoming: Sequence[Reservation]) -> None:
        """Show `upcoming` (soonest first), or hide when there is none."""
        if not upcoming:
            self.label.clear()
            self.setVisible(False)
            return
        lines = [self.tr("Reserved and waiting to go out:")]
        for r in upcoming:
            at = r.reserve_at
            when = at.astimezone().strftime("%m-%d %H:%M") if at is not None else "?"
            text = r.first_line if len(r.first_line) <= 24 else r.first_line[:23] + "…"
            lines.append(
                self.tr("• %1 “%2” to %3 recipients")
                .replace("%1", when)
                .replace("%2", text or self.tr("(no text)"))
                .replace("%3", f"{r.recipient_count:,}")
            )
        self.label.setText("\n".join(lines))
        self.setVisible(True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.open_requested.emit()
        super().mouseReleaseEvent(event)
