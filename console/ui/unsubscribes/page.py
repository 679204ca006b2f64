"""The 080 Opt-out pane (placeholder until its own issue lands): says what the page will do."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QVBoxLayout, QWidget

from console.ui.common.widgets import PageHeader

if TYPE_CHECKING:
    from console.context import AppContext


class UnsubscribesPage(QWidget):
    """Placeholder for the 080 Opt-out pane; replaced by the pane's engineer."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        layout = QVBoxLayout(self)
        layout.addWidget(
            PageHeader(
                self.tr("080 Opt-out"),
                self.tr(
                    "Here you will see and manage the numbers that asked, through the free "
                    "080 number, not to receive advertising messages."
                ),
            )
        )
        layout.addStretch(1)
