"""The bottom of the send side: estimated cost, the test send to one's own number, what
the message replaces, the send button and the progress of a running send.

The page decides what is sent and runs the job; this shows the numbers and forwards the
clicks.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.models import CostEstimate
from console.services.sending import SendProgress
from console.ui.compose.confirm import won


class SendControls(QWidget):
    """Cost line, test send row, replacement note, send button and progress."""

    send_requested = Signal()
    test_requested = Signal()
    cancel_requested = Signal()
    #: The user finished editing the test number (the page remembers it).
    test_number_edited = Signal()

    def __init__(self, test_number: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.cost_label = QLabel()
        self.cost_label.setObjectName("costLabel")
        self.cost_label.setWordWrap(True)
        layout.addWidget(self.cost_label)

        test_row = QHBoxLayout()
        self.test_number_edit = QLineEdit(test_number)
        self.test_number_edit.setPlaceholderText(self.tr("My number"))
        self.test_number_edit.editingFinished.connect(self.test_number_edited)
        test_row.addWidget(self.test_number_edit, 1)
        self.test_button = QPushButton(self.tr("Test send to me"))
        self.test_button.setToolTip(self.tr("Send this message once to your own number"))
        self.test_button.clicked.connect(self.test_requested)
        test_row.addWidget(self.test_button)
        layout.addLayout(test_row)

        self.replaces_label = QLabel()
        self.replaces_label.setWordWrap(True)
        self.replaces_label.setStyleSheet("color: #1565c0;")
        self.replaces_label.setVisible(False)
        layout.addWidget(self.replaces_label)

        self.send_button = QPushButton(self.tr("Send…"))
        self.send_button.setObjectName("sendButton")
        self.send_button.setMinimumHeight(36)
        font = self.send_button.font()
        font.setBold(True)
        self.send_button.setFont(font)
        self.send_button.clicked.connect(self.send_requested)
        layout.addWidget(self.send_button)

        self.progress_frame = QFrame()
        progress_layout = QGridLayout(self.progress_frame)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        self.progress_bar = QProgressBar()
        self.progress_bar.setRange(0, 1000)
        self.progress_bar.setTextVisible(False)
        progress_layout.addWidget(self.progress_bar, 0, 0)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(
            self.tr("Stop before the next request; accepted messages stay sent")
        )
        self.cancel_button.clicked.connect(self.cancel_requested)
        progress_layout.addWidget(self.cancel_button, 0, 1)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)
        progress_layout.addWidget(self.progress_label, 1, 0, 1, 2)
        self.progress_frame.setVisible(False)
        layout.addWidget(self.progress_frame)

    def show_cost(self, cost: CostEstimate) -> None:
        """The estimate per type and in total (or how to get one)."""
        if not cost.lines:
            self.cost_label.setText(self.tr("Estimated cost: add recipients to see it."))
            return
        parts = [
            self.tr("%1 %2 × %3 won")
            .replace("%1", line.type)
            .replace("%2", f"{line.count:,}")
            .replace("%3", f"{line.unit_price:g}")
            for line in cost.lines
        ]
        self.cost_label.setText(
            self.tr("Estimated cost: %1 = %2 won")
            .replace("%1", " + ".join(parts))
            .replace("%2", won(cost.total))
        )

    def show_replaces(self, count: int) -> None:
        """Say that the message replaces `count` reservations (hidden for none)."""
        if count:
            self.replaces_label.setText(
                self.tr(
                    "This message replaces %1 reserved request(s): they are cancelled once "
                    "this one is accepted."
                ).replace("%1", f"{count:,}")
            )
        self.replaces_label.setVisible(bool(count))

    def set_busy(self, busy: bool) -> None:
        """Block new sends while one is checked or runs; the progress stays visible after."""
        self.send_button.setEnabled(not busy)
        self.test_button.setEnabled(not busy)
        self.progress_frame.setVisible(busy or self.progress_frame.isVisible())
        self.cancel_button.setVisible(busy)

    def start(self, text: str) -> None:
        """A send begins: empty bar, `text` below it."""
        self.progress_bar.setValue(0)
        self.progress_label.setText(text)

    def show_progress(self, progress: SendProgress) -> None:
        """The bar and the accepted/failed/in-doubt counts of a running send."""
        self.progress_bar.setValue(int(progress.fraction * 1000))
        text = (
            self.tr("%1 of %2 recipients accepted (%3 of %4 requests)")
            .replace("%1", f"{progress.accepted_recipients:,}")
            .replace("%2", f"{progress.total_recipients:,}")
            .replace("%3", f"{progress.accepted_batches:,}")
            .replace("%4", f"{progress.total_batches:,}")
        )
        if progress.failed_recipients:
            text += " · " + self.tr("%1 failed").replace("%1", f"{progress.failed_recipients:,}")
        if progress.ambiguous_batches:
            text += " · " + self.tr("%1 requests being checked").replace(
                "%1", f"{progress.ambiguous_batches:,}"
            )
        self.progress_label.setText(text)

    def cancelling(self) -> None:
        """The user asked to stop: no second click, and say what happens now."""
        self.cancel_button.setEnabled(False)
        self.progress_label.setText(self.tr("Cancelling after the requests under way…"))
