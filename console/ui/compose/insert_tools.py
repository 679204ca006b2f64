"""The row above the editor of things that put text into it: a recipient-list variable,
the advertisement format, a saved template (and saving the text as one).

The menus are rebuilt from what the page hands in (the list's columns, the saved
templates); the choices come back as signals.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMenu, QPushButton, QToolButton, QWidget

from console.services.drafts import Template


class EditorTools(QWidget):
    """"Insert variable", "Insert ad format" and the "Templates" menu."""

    #: A column was chosen; its variable (``#{column}``) goes in at the cursor.
    variable_chosen = Signal(str)
    ad_format_requested = Signal()
    #: The templates menu is about to open (the page fills it).
    templates_wanted = Signal()
    save_template_requested = Signal()
    template_chosen = Signal(int)
    template_delete_requested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tools = QHBoxLayout(self)
        tools.setContentsMargins(0, 0, 0, 0)
        self.variable_button = QToolButton()
        self.variable_button.setText(self.tr("Insert variable"))
        self.variable_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.variable_menu = QMenu(self.variable_button)
        self.variable_button.setMenu(self.variable_menu)
        tools.addWidget(self.variable_button)
        self.ad_format_button = QPushButton(self.tr("Insert ad format"))
        self.set_ad_format_hint(free_080=True)
        self.ad_format_button.clicked.connect(self.ad_format_requested)
        tools.addWidget(self.ad_format_button)
        tools.addStretch(1)
        self.templates_button = QToolButton()
        self.templates_button.setText(self.tr("Templates"))
        self.templates_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.templates_menu = QMenu(self.templates_button)
        self.templates_menu.aboutToShow.connect(self.templates_wanted)
        self.templates_button.setMenu(self.templates_menu)
        tools.addWidget(self.templates_button)

    def set_ad_format_hint(self, *, free_080: bool) -> None:
        """Say what the ad format adds (SENS: the free 080 line; API PLEX: an opt-out line)."""
        self.ad_format_button.setToolTip(
            self.tr('Adds "(광고)", the sender name and the free 080 opt-out line')
            if free_080
            else self.tr('Adds "(광고)", the sender name and the free opt-out line')
        )

    def fill_variables(self, columns: Sequence[str]) -> None:
        """One entry per column of the received list (or how to get some)."""
        self.variable_menu.clear()
        if not columns:
            action = self.variable_menu.addAction(
                self.tr("No columns yet: bring a list from the Recipients page")
            )
            action.setEnabled(False)
            return
        for column in columns:
            action = self.variable_menu.addAction(f"#{{{column}}}")
            action.triggered.connect(
                lambda _checked=False, c=column: self.variable_chosen.emit(f"#{{{c}}}")
            )

    def fill_templates(self, templates: Sequence[Template]) -> None:
        """"Save as template…", then the saved templates and a submenu to delete them."""
        menu = self.templates_menu
        menu.clear()
        save = menu.addAction(self.tr("Save as template…"))
        save.triggered.connect(self.save_template_requested)
        if not templates:
            empty = menu.addAction(self.tr("No saved templates"))
            empty.setEnabled(False)
            return
        menu.addSeparator()
        for template in templates:
            action = menu.addAction(template.name)
            action.triggered.connect(
                lambda _checked=False, t=template.id: self.template_chosen.emit(t)
            )
        delete_menu = menu.addMenu(self.tr("Delete template"))
        for template in templates:
            action = delete_menu.addAction(template.name)
            action.triggered.connect(
                lambda _checked=False, t=template.id: self.template_delete_requested.emit(t)
            )
