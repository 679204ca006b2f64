"""The confirmation sheet shown before any send: who, what type, what is left out, cost, when.

It is opened window-modal with ``open()`` (never ``exec()``, which would nest the event
loop under qasync); the page starts the send from its ``accepted`` signal.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from console.domain.models import SendPlan


def won(amount: float) -> str:
    return f"{amount:,.0f}"


class ConfirmSheet(QDialog):
    """Summary of a checked plan with "Send"/"Reserve" and "Back"."""

    def __init__(
        self,
        plan: SendPlan,
        *,
        caller: str,
        advertisement: bool,
        language: str,
        test: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setObjectName("confirmSheet")
        self.setWindowTitle(self.tr("Check before sending"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("Test send to your own number. Check the details:")
            if test
            else self.tr("Check the details. Nothing has been sent yet.")
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(form)

        self.recipients_label = QLabel(
            self.tr("%1 recipients, %2 requests")
            .replace("%1", f"{plan.message_count:,}")
            .replace("%2", f"{len(plan.batches):,}")
        )
        form.addRow(self.tr("Recipients:"), self.recipients_label)

        types = ", ".join(
            f"{kind} {count:,}" for kind, count in plan.counts.items() if count
        )
        self.types_label = QLabel(types)
        form.addRow(self.tr("Message types:"), self.types_label)
        kind = self.tr("Advertisement") if advertisement else self.tr("Normal")
        form.addRow(self.tr("Content type:"), QLabel(kind))
        form.addRow(self.tr("Caller number:"), QLabel(caller))

        reasons: Counter[str] = Counter(s.reason for s in plan.skipped)
        parts = []
        if reasons["optout"]:
            parts.append(
                self.tr("%1 on the 080 opt-out list").replace("%1", f"{reasons['optout']:,}")
            )
        if reasons["duplicate"]:
            parts.append(self.tr("%1 duplicates").replace("%1", f"{reasons['duplicate']:,}"))
        if reasons["invalid"]:
            parts.append(self.tr("%1 invalid numbers").replace("%1", f"{reasons['invalid']:,}"))
        self.excluded_label = QLabel(", ".join(parts) if parts else self.tr("none"))
        self.excluded_label.setWordWrap(True)
        form.addRow(self.tr("Left out:"), self.excluded_label)

        cost_lines = [
            self.tr("%1 %2 × %3 won = %4 won")
            .replace("%1", line.type)
            .replace("%2", f"{line.count:,}")
            .replace("%3", f"{line.unit_price:g}")
            .replace("%4", won(line.amount))
            for line in plan.cost.lines
        ]
        cost_lines.append(self.tr("Total: %1 won").replace("%1", won(plan.cost.total)))
        self.cost_label = QLabel("\n".join(cost_lines))
        form.addRow(self.tr("Estimated cost:"), self.cost_label)

        if plan.send_at is None:
            when = self.tr("Now")
        else:
            local = plan.send_at.astimezone()
            when = (
                self.tr("Reserved for %1 (%2); %3 on this computer")
                .replace("%1", plan.send_at.strftime("%Y-%m-%d %H:%M"))
                .replace("%2", str(plan.send_at.tzinfo))
                .replace("%3", local.strftime("%Y-%m-%d %H:%M"))
            )
        self.time_label = QLabel(when)
        self.time_label.setWordWrap(True)
        form.addRow(self.tr("Time:"), self.time_label)

        if plan.notices:
            notes = QLabel("\n".join("• " + n.message(language) for n in plan.notices))
            notes.setWordWrap(True)
            notes.setStyleSheet("color: #8d6e00;")
            layout.addWidget(notes)

        buttons = QDialogButtonBox()
        if plan.send_at is not None:
            label = self.tr("Reserve %1 messages").replace("%1", f"{plan.message_count:,}")
        else:
            label = self.tr("Send %1 messages").replace("%1", f"{plan.message_count:,}")
        self.send_button = buttons.addButton(label, QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button = buttons.addButton(
            self.tr("Back to editing"), QDialogButtonBox.ButtonRole.RejectRole
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.created_at = datetime.now()
