"""The message options above the editor: caller number, content type (normal or
advertisement) and the country code typed numbers are read in."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QWidget

from console.domain.phone import display_form

#: Country codes offered (others can be typed): code -> English name (translated below).
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("82", "Korea"),
    ("1", "USA / Canada"),
    ("81", "Japan"),
    ("86", "China"),
    ("852", "Hong Kong"),
    ("886", "Taiwan"),
    ("84", "Vietnam"),
    ("63", "Philippines"),
    ("66", "Thailand"),
    ("62", "Indonesia"),
    ("65", "Singapore"),
    ("61", "Australia"),
    ("44", "United Kingdom"),
    ("49", "Germany"),
)


class MessageOptions(QWidget):
    """Caller, content type and country code, side by side."""

    caller_changed = Signal()
    content_type_changed = Signal()
    #: The country changed (picked, or typed and confirmed).
    country_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        top = QGridLayout(self)
        top.setContentsMargins(0, 0, 0, 0)
        top.setHorizontalSpacing(6)
        self.caller_combo = QComboBox()
        self.caller_combo.setMinimumContentsLength(13)
        self.caller_combo.currentIndexChanged.connect(self.caller_changed)
        top.addWidget(QLabel(self.tr("Caller")), 0, 0)
        top.addWidget(self.caller_combo, 1, 0)
        self.content_type_combo = QComboBox()
        self.content_type_combo.addItem(self.tr("Normal"), "COMM")
        self.content_type_combo.addItem(self.tr("Advertisement"), "AD")
        self.content_type_combo.currentIndexChanged.connect(self.content_type_changed)
        top.addWidget(QLabel(self.tr("Content")), 0, 1)
        top.addWidget(self.content_type_combo, 1, 1)
        self.country_combo = QComboBox()
        self.country_combo.setEditable(True)
        self.country_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in COUNTRIES:
            self.country_combo.addItem(f"+{code} {self._country_name(name)}", code)
        self.country_combo.currentIndexChanged.connect(self.country_changed)
        country_edit = self.country_combo.lineEdit()
        assert country_edit is not None
        country_edit.editingFinished.connect(self.country_changed)
        top.addWidget(QLabel(self.tr("Country code")), 0, 2)
        top.addWidget(self.country_combo, 1, 2)
        top.setColumnStretch(0, 3)
        top.setColumnStretch(1, 2)
        top.setColumnStretch(2, 3)

    def _country_name(self, english: str) -> str:
        names = {
            "Korea": self.tr("Korea"),
            "USA / Canada": self.tr("USA / Canada"),
            "Japan": self.tr("Japan"),
            "China": self.tr("China"),
            "Hong Kong": self.tr("Hong Kong"),
            "Taiwan": self.tr("Taiwan"),
            "Vietnam": self.tr("Vietnam"),
            "Philippines": self.tr("Philippines"),
            "Thailand": self.tr("Thailand"),
            "Indonesia": self.tr("Indonesia"),
            "Singapore": self.tr("Singapore"),
            "Australia": self.tr("Australia"),
            "United Kingdom": self.tr("United Kingdom"),
            "Germany": self.tr("Germany"),
        }
        return names.get(english, english)

    def set_callers(self, numbers: Sequence[str]) -> None:
        """Offer the profile's registered caller numbers, keeping the chosen one if it is
        among them (no signal: this is not the user's choice)."""
        current = self.caller()
        self.caller_combo.blockSignals(True)
        self.caller_combo.clear()
        for number in numbers:
            self.caller_combo.addItem(display_form(number), number)
        index = self.caller_combo.findData(current)
        self.caller_combo.setCurrentIndex(max(index, 0))
        self.caller_combo.setEnabled(bool(numbers))
        if not numbers:
            self.caller_combo.setPlaceholderText(self.tr("No registered numbers"))
        self.caller_combo.blockSignals(False)

    def select_caller(self, number: str) -> None:
        """Choose `number` if it is a registered caller number."""
        index = self.caller_combo.findData(number)
        if index >= 0:
            self.caller_combo.setCurrentIndex(index)

    def caller(self) -> str:
        data = self.caller_combo.currentData()
        return str(data) if data else ""

    def content_type(self) -> str:
        return str(self.content_type_combo.currentData() or "COMM")

    def set_content_type(self, content_type: str) -> None:
        """"COMM" or "AD" (anything else: normal)."""
        self.content_type_combo.setCurrentIndex(
            max(self.content_type_combo.findData(content_type), 0)
        )

    def country_code(self) -> str:
        text = self.country_combo.currentText().strip()
        index = self.country_combo.findText(text)
        if index >= 0:
            return str(self.country_combo.itemData(index))
        match = re.match(r"\+?\s*(\d{1,3})", text)
        return match.group(1) if match else "82"

    def set_country_code(self, code: str) -> None:
        index = self.country_combo.findData(code)
        if index < 0:
            self.country_combo.addItem(f"+{code}", code)
            index = self.country_combo.count() - 1
        self.country_combo.setCurrentIndex(index)
