"""What the text counts to, shown live: the subject's bytes, the message type badge and
byte counter, "send all as LMS", the personalisation note and the API PLEX GMS note.

The counting itself is :mod:`console.domain.text` and :mod:`console.domain.merge`; the
page passes the numbers in.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

OVER_LIMIT_STYLE = "color: #b00020; font-weight: bold;"


class SubjectRow(QWidget):
    """The subject (LMS/MMS title) field with its byte counter."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self.tr("Subject"))
        row.addWidget(self.label)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Title shown above LMS/MMS messages"))
        self.edit.textChanged.connect(self.edited)
        row.addWidget(self.edit, 1)
        self.counter = QLabel()
        self.counter.setObjectName("subjectCounter")
        row.addWidget(self.counter)

    def show_count(self, size: int, limit: int) -> None:
        """`size` of `limit` bytes, in red when over."""
        self.counter.setText(
            self.tr("%1 / %2 bytes").replace("%1", f"{size:,}").replace("%2", f"{limit:,}")
        )
        self.counter.setStyleSheet(OVER_LIMIT_STYLE if size > limit else "")


class CountsPanel(QWidget):
    """Type badge, byte counter and "Send all as LMS", then the notes below them."""

    #: "Send all as LMS" or "Leave missing values empty" was toggled.
    option_toggled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        counts = QHBoxLayout()
        self.type_label = QLabel()
        self.type_label.setObjectName("typeBadge")
        self.type_label.setStyleSheet(
            "QLabel#typeBadge { background: #1565c0; color: white; font-weight: bold;"
            " padding: 1px 8px; border-radius: 3px; }"
        )
        counts.addWidget(self.type_label)
        self.content_counter = QLabel()
        self.content_counter.setObjectName("contentCounter")
        counts.addWidget(self.content_counter)
        counts.addStretch(1)
        self.force_lms_check = QCheckBox(self.tr("Send all as LMS"))
        self.force_lms_check.setToolTip(
            self.tr("Send as LMS even when the text fits an SMS (with a subject, costs more)")
        )
        self.force_lms_check.toggled.connect(self.option_toggled)
        counts.addWidget(self.force_lms_check)
        layout.addLayout(counts)
        self.gms_label = QLabel()
        self.gms_label.setObjectName("gmsLabel")
        self.gms_label.setWordWrap(True)
        self.gms_label.setStyleSheet("color: #1565c0;")
        self.gms_label.setVisible(False)
        layout.addWidget(self.gms_label)
        self.personal_label = QLabel()
        self.personal_label.setObjectName("personalLabel")
        self.personal_label.setWordWrap(True)
        layout.addWidget(self.personal_label)
        self.empty_missing_check = QCheckBox(self.tr("Leave missing values empty"))
        self.empty_missing_check.setToolTip(
            self.tr("Recipients without a value get the message with that variable left empty")
        )
        self.empty_missing_check.toggled.connect(self.option_toggled)
        self.empty_missing_check.setVisible(False)
        layout.addWidget(self.empty_missing_check)

    def bytes_text(self, size: int, limit: int) -> str:
        return self.tr("%1 / %2 bytes").replace("%1", f"{size:,}").replace("%2", f"{limit:,}")

    def show_quick_count(self, size: int, limit: int) -> None:
        """Only the counter (while a huge personalised list waits for a pause in typing)."""
        self.content_counter.setText(self.bytes_text(size, limit))

    def show_count(self, badge: str, size: int, limit: int) -> None:
        """The type badge and `size` of `limit` bytes, in red when over."""
        self.type_label.setText(badge)
        self.content_counter.setText(self.bytes_text(size, limit))
        self.content_counter.setStyleSheet(OVER_LIMIT_STYLE if size > limit else "")

    def show_personalised(
        self,
        *,
        longest: int,
        lms_needed: int,
        total: int,
        one_type: bool,
        missing_count: int,
        missing_variables: Sequence[str],
    ) -> None:
        """The longest personalised message, how many need LMS (unless all go as one type)
        and who lacks a value; offers to leave missing values empty."""
        if one_type:
            text = self.tr("Personalised: the longest message is %1 bytes.").replace(
                "%1", f"{longest:,}"
            )
        else:
            text = (
                self.tr(
                    "Personalised: the longest message is %1 bytes; "
                    "%2 of %3 recipients need LMS."
                )
                .replace("%1", f"{longest:,}")
                .replace("%2", f"{lms_needed:,}")
                .replace("%3", f"{total:,}")
            )
        if missing_count:
            text += " " + (
                self.tr("%1 recipients lack a value for %2.")
                .replace("%1", f"{missing_count:,}")
                .replace("%2", ", ".join(f"#{{{n}}}" for n in missing_variables))
            )
        self._show_note(text, missing_count)

    def show_not_personalised(self, uses_variables: bool) -> None:
        """No per-recipient count: say why when the text has variables but no list does."""
        self._show_note(
            self.tr("The message uses variables; add recipients with those columns.")
            if uses_variables
            else "",
            0,
        )

    def _show_note(self, text: str, missing: int) -> None:
        self.personal_label.setText(text)
        self.personal_label.setVisible(bool(text))
        self.empty_missing_check.setVisible(bool(missing) or self.empty_missing_check.isChecked())

    def show_gms(self, country_code: str | None) -> None:
        """API PLEX: numbers of `country_code` go through GMS (None hides the note)."""
        if country_code is not None:
            self.gms_label.setText(
                self.tr(
                    "Numbers of country code +%1 are sent through API PLEX GMS (global SMS): "
                    "text only, no subject or images."
                ).replace("%1", country_code)
            )
        self.gms_label.setVisible(country_code is not None)
