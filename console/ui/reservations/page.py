"""The Reservations pane (placeholder until its own issue lands): says what the page will do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.ui.common.widgets import PageHeader

if TYPE_CHECKING:
    from console.context import AppContext


class ReservationsPage(QWidget):
    """Placeholder for the Reservations pane; replaced by the pane's engineer."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Reservations"),
                self.tr(
                    "Here you will see the messages reserved for later, check their status "
                    "and cancel them before they go out."
                ),
            )
        )
        layout.addStretch(1)
