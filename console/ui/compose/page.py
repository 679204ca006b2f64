"""The Compose pane (placeholder until its own issue lands): says what the page will do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.ui.common.widgets import PageHeader

if TYPE_CHECKING:
    from console.context import AppContext


class ComposePage(QWidget):
    """Placeholder for the Compose pane; replaced by the pane's engineer."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Compose"),
                self.tr(
                    "Here you will write an SMS, LMS or MMS message, see its length and "
                    "cost as you type, and send it now or at a reserved time to the "
                    "recipients you choose."
                ),
            )
        )
        layout.addStretch(1)
