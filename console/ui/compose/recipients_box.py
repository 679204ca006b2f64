"""Who the message is for: numbers typed or pasted, the list another pane handed over,
and the count after invalid numbers, duplicates and 080 opt-outs are left out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.models import Recipient
from console.domain.phone import try_normalize

_SPLIT_NUMBERS = re.compile(r"[\n,;\t]+")


@dataclass(frozen=True)
class Deduplicated:
    """The recipients with a valid number, first occurrence of each, and what was dropped."""

    unique: list[Recipient]
    invalid: int
    duplicates: int


def deduplicate(recipients: Sequence[Recipient], country: str) -> Deduplicated:
    """Drop invalid numbers and repeats (compared as normalised digits in `country`)."""
    seen: set[str] = set()
    unique: list[Recipient] = []
    invalid = duplicates = 0
    for recipient in recipients:
        parsed = try_normalize(recipient.phone, country)
        if parsed is None:
            invalid += 1
            continue
        if parsed.digits in seen:
            duplicates += 1
            continue
        seen.add(parsed.digits)
        unique.append(recipient)
    return Deduplicated(unique, invalid, duplicates)


class RecipientsBox(QGroupBox):
    """The typed numbers, the received list's size and columns, and the summary line."""

    #: The typed numbers changed (the page recounts after a pause).
    numbers_edited = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Recipients"))
        layout = QVBoxLayout(self)
        self.numbers_edit = QPlainTextEdit()
        self.numbers_edit.setPlaceholderText(
            self.tr("Type or paste numbers, one per line (010-1234-5678)")
        )
        self.numbers_edit.setFixedHeight(84)
        self.numbers_edit.textChanged.connect(self.numbers_edited)
        layout.addWidget(self.numbers_edit)
        imported_row = QHBoxLayout()
        self.imported_label = QLabel()
        self.imported_label.setWordWrap(True)
        imported_row.addWidget(self.imported_label, 1)
        self.clear_imported_button = QPushButton(self.tr("Clear list"))
        self.clear_imported_button.clicked.connect(self.clear_requested)
        imported_row.addWidget(self.clear_imported_button)
        layout.addLayout(imported_row)
        self.recipients_label = QLabel()
        self.recipients_label.setObjectName("recipientsLabel")
        self.recipients_label.setWordWrap(True)
        layout.addWidget(self.recipients_label)
        self._typed_cache: tuple[str, str, list[Recipient]] = ("", "", [])

    def typed_recipients(self, country: str) -> list[Recipient]:
        """The typed numbers as recipients (normalised when valid), in order."""
        text = self.numbers_edit.toPlainText()
        cached_text, cached_country, cached = self._typed_cache
        if text == cached_text and country == cached_country:
            return cached
        result = []
        for token in _SPLIT_NUMBERS.split(text):
            token = token.strip()
            if not token:
                continue
            parsed = try_normalize(token, country)
            result.append(Recipient(phone=parsed.digits if parsed else token))
        self._typed_cache = (text, country, result)
        return result

    def show_imported(self, count: int, columns: Sequence[str]) -> None:
        """Say how big the received list is and which columns it brings."""
        if count:
            shown = ", ".join(columns[:6]) + (" …" if len(columns) > 6 else "")
            text = self.tr("List received: %1 recipients").replace("%1", f"{count:,}")
            if shown:
                text += " " + self.tr("(columns: %1)").replace("%1", shown)
            self.imported_label.setText(text)
        else:
            self.imported_label.setText(
                self.tr("No list received. Use Recipients > Send to this list to bring one.")
            )
        self.clear_imported_button.setVisible(bool(count))

    def show_summary(self, total: int, invalid: int, duplicates: int, excluded: int) -> None:
        """How many recipients, and how many are left out for which reason."""
        parts = [self.tr("%1 recipients").replace("%1", f"{total:,}")]
        if invalid:
            parts.append(self.tr("%1 invalid numbers").replace("%1", f"{invalid:,}"))
        if duplicates:
            parts.append(self.tr("%1 duplicates").replace("%1", f"{duplicates:,}"))
        if excluded:
            parts.append(self.tr("%1 on the 080 opt-out list").replace("%1", f"{excluded:,}"))
        self.recipients_label.setText(", ".join(parts))
        self.recipients_label.setStyleSheet(
            "color: #8d6e00;" if invalid or duplicates or excluded else ""
        )
