"""The reminder of the next reservations still waiting, shown above the editor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from console.services.reservations import Reservation


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
