"""The Recipients pane (placeholder until its own issue lands): says what the page will do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.ui.common.widgets import PageHeader

if TYPE_CHECKING:
    from console.context import AppContext


class RecipientsPage(QWidget):
    """Placeholder for the Recipients pane; replaced by the pane's engineer."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            PageHeader(
                self.tr("Recipients"),
                self.tr(
                    "Here you will import recipient lists from Excel or CSV files, check "
                    "the numbers and keep lists for later sends."
                ),
            )
        )
        layout.addStretch(1)
