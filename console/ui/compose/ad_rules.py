"""The advertisement rules box: sender name and 080 opt-out number for the ad format, the
three checks of the text, the opt-out list note, and the night-time consent.

What the rules are is :mod:`console.domain.compliance`'s; this shows its answers.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from console.domain.compliance import Violation


class AdRulesBox(QGroupBox):
    """Shown for advertisements only (the page hides it for normal messages)."""

    #: The sender name or the opt-out number was edited (the page remembers them).
    details_changed = Signal()
    #: The night-time consent box was ticked or cleared.
    consent_toggled = Signal()

    def __init__(
        self, sender_name: str = "", optout_number: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Advertisement rules"))
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.sender_name_edit = QLineEdit(sender_name)
        self.sender_name_edit.setPlaceholderText(self.tr("Company or shop name"))
        self.sender_name_edit.textChanged.connect(self.details_changed)
        form.addRow(self.tr("Sender name"), self.sender_name_edit)
        self.optout_edit = QLineEdit(optout_number)
        self.optout_edit.setPlaceholderText("080-123-4567")
        self.optout_edit.textChanged.connect(self.details_changed)
        form.addRow(self.tr("080 opt-out number"), self.optout_edit)
        self.ad_checks_label = QLabel()
        self.ad_checks_label.setObjectName("adChecks")
        self.ad_checks_label.setWordWrap(True)
        form.addRow(self.ad_checks_label)
        self.optout_label = QLabel()
        self.optout_label.setWordWrap(True)
        form.addRow(self.optout_label)
        self.night_check = QCheckBox(self.tr("Night-time consent"))
        self.night_check.setToolTip(
            self.tr("The recipients separately agreed to receive ads at night (21:00–08:00)")
        )
        self.night_check.toggled.connect(self.consent_toggled)
        night_help = QLabel(
            self.tr(
                "Tick only if the recipients separately agreed to receive ads between "
                "21:00 and 08:00."
            )
        )
        night_help.setWordWrap(True)
        night_help.setStyleSheet("color: #666666;")
        form.addRow(self.night_check, night_help)
        self.night_label = QLabel()
        self.night_label.setWordWrap(True)
        self.night_label.setStyleSheet("color: #b00020;")
        form.addRow(self.night_label)
        self.setVisible(False)

    def show_checks(self, violations: Sequence[Violation], language: str) -> None:
        """Tick or cross the three format rules; the tooltip explains what is wrong."""
        codes = {v.code for v in violations}

        def line(ok: bool, label: str) -> str:
            mark = "✔" if ok else "✘"
            color = "#2e7d32" if ok else "#b00020"
            return f'<span style="color:{color}">{mark} {label}</span>'

        rows = [
            line("prefix" not in codes, self.tr('"(광고)" at the very start')),
            line(
                not codes & {"sender", "sender_unknown"},
                self.tr("Sender name in the message"),
            ),
            line(
                not codes & {"optout", "optout_not_last", "optout_not_free"},
                self.tr("Free 080 opt-out line at the end"),
            ),
        ]
        self.ad_checks_label.setText("<br>".join(rows))
        self.ad_checks_label.setToolTip(" ".join(v.message(language) for v in violations))

    def set_details(self, sender_name: str, optout_number: str) -> None:
        """Show another profile's remembered details (not an edit: no details_changed)."""
        for edit, text in ((self.sender_name_edit, sender_name), (self.optout_edit, optout_number)):
            edit.blockSignals(True)
            try:
                edit.setText(text)
            finally:
                edit.blockSignals(False)

    def show_optout_note(self, *, apiplex: bool, excluded: int, stored: int) -> None:
        """Say how the 080 opt-out list applies: `excluded` of `stored` numbers, none kept
        yet, or (API PLEX) that there is no such list to check against."""
        if apiplex:
            text = self.tr(
                "API PLEX keeps no 080 opt-out list: leave out the numbers that opted out "
                "yourself before sending an advertisement."
            )
        elif stored:
            text = (
                self.tr(
                    "%1 recipients are on the 080 opt-out list (%2 numbers) and will be "
                    "left out."
                )
                .replace("%1", f"{excluded:,}")
                .replace("%2", f"{stored:,}")
            )
        else:
            text = self.tr(
                "No 080 opt-out numbers are stored yet; the list is checked with SENS "
                "before the advertisement is sent."
            )
        self.optout_label.setText(text)

    def show_night_warning(self, needed: bool) -> None:
        """Warn that the send falls in the night and has no consent (hidden otherwise)."""
        if needed:
            self.night_label.setText(
                self.tr(
                    "The send falls between 21:00 and 08:00: tick the consent box or "
                    "choose a daytime reservation."
                )
            )
        else:
            self.night_label.setText("")
        self.night_label.setVisible(bool(self.night_label.text()))
