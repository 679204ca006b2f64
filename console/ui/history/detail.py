"""A message's full detail: what the store knows at once, SENS's result query when it comes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from console.providers.sens.models import MessageResult
from console.services.history import carrier_name, local_time, outcome_text, row_result_text


def _time(value: Any) -> str:
    if value is None:
        return ""
    shown = local_time(value) if isinstance(value, str) else value.astimezone().replace(tzinfo=None)
    return shown.strftime("%Y-%m-%d %H:%M:%S") if shown else ""


class MessageDetailDialog(QDialog):
    """Number, name, status and result meaning; content and files from SENS."""

    def __init__(
        self, row: dict[str, Any], language: str = "ko", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("messageDetail")
        self.language = language
        self.setWindowTitle(self.tr("Message detail"))
        self.resize(520, 480)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, title in (
            ("number", self.tr("Number")),
            ("name", self.tr("Name")),
            ("status", self.tr("Status")),
            ("code", self.tr("Result code")),
            ("meaning", self.tr("Result")),
            ("telco", self.tr("Carrier")),
            ("requested", self.tr("Requested at")),
            ("completed", self.tr("Completed at")),
            ("message_id", self.tr("Message ID")),
            ("subject", self.tr("Subject")),
            ("files", self.tr("Images")),
        ):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextInteractionFlags(label.textInteractionFlags() | _selectable())
            self.fields[key] = label
            form.addRow(title, label)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Content")))
        self.content = QPlainTextEdit()
        self.content.setReadOnly(True)
        layout.addWidget(self.content, 1)
        self.state = QLabel()
        self.state.setObjectName("detailState")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.show_row(row)
        if row.get("message_id"):
            self.state.setText(self.tr("Asking SENS for the full result..."))
        else:
            self.state.setText(
                self.tr(
                    "SENS has not listed this message yet, so its full result cannot be "
                    "shown. It appears once the results are checked."
                )
            )

    def show_row(self, row: dict[str, Any]) -> None:
        outcome = str(row.get("outcome") or "pending")
        self.fields["number"].setText(str(row.get("to_number") or ""))
        self.fields["name"].setText(str(row.get("name") or ""))
        self.fields["status"].setText(outcome_text(outcome, self.language))
        self.fields["code"].setText(str(row.get("status_code") or ""))
        self.fields["meaning"].setText(
            row_result_text(
                {**row, "outcome": outcome, "status": row.get("status"),
                 "status_code": row.get("status_code")},
                self.language,
            )
        )
        self.fields["telco"].setText(carrier_name(row.get("telco"), self.language))
        self.fields["completed"].setText(_time(row.get("complete_time")))
        self.fields["message_id"].setText(str(row.get("message_id") or ""))

    def show_result(self, result: MessageResult) -> None:
        """Fill in SENS's answer to the result query."""
        outcome = (
            "pending" if not result.completed else ("success" if result.succeeded else "failed")
        )
        self.fields["status"].setText(outcome_text(outcome, self.language))
        self.fields["code"].setText(result.status_code or "")
        self.fields["meaning"].setText(result.describe_result(self.language))
        self.fields["telco"].setText(carrier_name(result.telco_code, self.language))
        self.fields["requested"].setText(_time(result.request_time))
        self.fields["completed"].setText(_time(result.complete_time))
        self.fields["subject"].setText(result.subject or "")
        self.fields["files"].setText(
            ", ".join(f"{f.name or ''} ({f.file_id})" for f in result.files)
        )
        self.content.setPlainText(result.content or "")
        self.state.setText(self.tr("Full result from SENS."))

    def show_error(self, text: str) -> None:
        self.state.setText(text)


def _selectable() -> Any:
    from PySide6.QtCore import Qt

    return Qt.TextInteractionFlag.TextSelectableByMouse
