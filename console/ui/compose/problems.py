"""The list of characters SMS cannot carry, each with its one-click fix, and the
characters some phones may not show (what :func:`console.domain.text.measure` found)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.text import suggest_replacement


def char_label(char: str) -> str:
    """A character as the user can recognise it: the glyph and its code point."""
    shown = char if unicodedata.category(char)[0] not in ("Z", "C") else " "
    return f"{shown} (U+{ord(char):04X})"


class IssuesPanel(QFrame):
    """Lists the characters SENS cannot send, each with a one-click fix, and warnings."""

    #: (character, replacement): replace every occurrence ("" removes it).
    replace_requested = Signal(str, str)
    fix_all_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("issuesPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#issuesPanel { background: #fff5f5; border: 1px solid #ef9a9a;"
                           " border-radius: 4px; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        header = QHBoxLayout()
        self.title = QLabel()
        self.title.setWordWrap(True)
        header.addWidget(self.title, 1)
        self.fix_all_button = QPushButton(self.tr("Fix all"))
        self.fix_all_button.setToolTip(
            self.tr("Replace every character that cannot be sent by its suggestion")
        )
        self.fix_all_button.clicked.connect(self.fix_all_requested)
        header.addWidget(self.fix_all_button)
        layout.addLayout(header)
        self.rows = QGridLayout()
        self.rows.setHorizontalSpacing(8)
        layout.addLayout(self.rows)
        self._shown: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())
        #: The fix buttons by character (tests click them).
        self.buttons: dict[str, QPushButton] = {}
        self.setVisible(False)

    def show_issues(self, unsupported: Sequence[str], outside: Sequence[str]) -> None:
        """Show these characters (rebuilt only when the set changes)."""
        key = (tuple(unsupported), tuple(outside))
        if key == self._shown:
            return
        self._shown = key
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons.clear()
        self.setVisible(bool(unsupported or outside))
        if unsupported:
            self.title.setText(
                self.tr("These characters cannot be sent by text message; fix them:")
            )
        else:
            self.title.setText(self.tr("Some phones may not show these characters:"))
        self.fix_all_button.setVisible(bool(unsupported))
        row = 0
        for char in unsupported:
            replacement = suggest_replacement(char)
            self.rows.addWidget(QLabel(char_label(char)), row, 0)
            status = QLabel(self.tr("cannot be sent"))
            status.setStyleSheet("color: #b71c1c;")
            self.rows.addWidget(status, row, 1)
            if replacement:
                text = self.tr("Replace with %1").replace("%1", replacement)
            else:
                text = self.tr("Remove")
            button = QPushButton(text)
            button.clicked.connect(
                lambda _checked=False, c=char, r=replacement: self.replace_requested.emit(c, r)
            )
            self.rows.addWidget(button, row, 2)
            self.buttons[char] = button
            row += 1
        for char in outside:
            self.rows.addWidget(QLabel(char_label(char)), row, 0)
            warning = QLabel(self.tr("may not show on some phones"))
            warning.setStyleSheet("color: #e65100;")
            self.rows.addWidget(warning, row, 1, 1, 2)
            row += 1
        self.rows.setColumnStretch(1, 1)
