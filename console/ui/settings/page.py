"""Settings: profiles (add, edit, remove, switch, test) and the interface language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.context import ConnectionCheck
from console.errors import ConsoleError
from console.settings import Language, Profile
from console.ui.common.widgets import PageHeader
from console.ui.settings.profile_dialog import ProfileDialog

if TYPE_CHECKING:
    from console.context import AppContext

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
NOTE_STYLE = "color: #8d6e00;"


class SettingsPage(QWidget):
    """Profiles and preferences."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.dialog: ProfileDialog | None = None
        self.confirm_box: QMessageBox | None = None

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(
            PageHeader(
                self.tr("Settings"),
                self.tr("Profiles hold the SENS or API PLEX account the console sends with."),
            )
        )

        # -- profiles --
        profiles = QGroupBox(self.tr("Profiles"))
        grid = QGridLayout(profiles)
        self.profile_list = QListWidget()
        self.profile_list.setMinimumHeight(140)
        self.profile_list.itemDoubleClicked.connect(lambda _item: self.edit_profile())
        self.profile_list.currentRowChanged.connect(lambda _row: self._update_buttons())
        grid.addWidget(self.profile_list, 0, 0, 8, 1)
        self.add_button = QPushButton(self.tr("Add..."))
        self.edit_button = QPushButton(self.tr("Edit..."))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.use_button = QPushButton(self.tr("Use this profile"))
        self.demo_button = QPushButton(self.tr("Use demo mode"))
        self.demo_button.setToolTip(
            self.tr("Send to the built-in simulator instead of SENS: nobody receives anything.")
        )
        self.apiplex_demo_button = QPushButton(self.tr("Use API PLEX demo"))
        self.apiplex_demo_button.setToolTip(
            self.tr(
                "Send to the built-in API PLEX simulator: nobody receives anything, and its "
                "delivery results arrive by webhook."
            )
        )
        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.setToolTip(
            self.tr("Make one signed request with the active profile and report the outcome.")
        )
        self.add_button.clicked.connect(self.add_profile)
        self.edit_button.clicked.connect(self.edit_profile)
        self.remove_button.clicked.connect(self.remove_profile)
        self.use_button.clicked.connect(self.use_selected)
        self.demo_button.clicked.connect(lambda: context.settings.use_demo("SENS"))
        self.apiplex_demo_button.clicked.connect(lambda: context.settings.use_demo("APIPLEX"))
        self.test_button.clicked.connect(self.test_active)
        for row, button in enumerate(
            (
                self.add_button,
                self.edit_button,
                self.remove_button,
                self.use_button,
                self.demo_button,
                self.apiplex_demo_button,
                self.test_button,
            )
        ):
            grid.addWidget(button, row, 1)
        grid.setColumnStretch(0, 1)
        self.active_label = QLabel()
        self.active_label.setWordWrap(True)
        grid.addWidget(self.active_label, 8, 0, 1, 2)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        self.test_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.test_result, 9, 0, 1, 2)
        self.test_result.hide()
        self.webhook_label = QLabel()
        self.webhook_label.setWordWrap(True)
        self.webhook_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.webhook_label, 10, 0, 1, 2)
        self.keyring_label = QLabel()
        self.keyring_label.setWordWrap(True)
        grid.addWidget(self.keyring_label, 11, 0, 1, 2)
        self._last_check: object | None = None
        layout.addWidget(profiles)

        # -- language --
        language = QGroupBox(self.tr("Language"))
        lang_layout = QVBoxLayout(language)
        lang_row = QHBoxLayout()
        lang_row.addWidget(QLabel(self.tr("Interface language")))
        self.language_combo = QComboBox()
        self.language_combo.addItem(self.tr("Follow the system"), "system")
        # Language names are shown in their own language, as everywhere.
        self.language_combo.addItem("한국어", "ko")
        self.language_combo.addItem("English", "en")
        index = self.language_combo.findData(context.settings.language)
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.currentIndexChanged.connect(self._language_chosen)
        lang_row.addWidget(self.language_combo)
        lang_row.addStretch(1)
        lang_layout.addLayout(lang_row)
        self.language_note = QLabel(
            self.tr("A new language takes effect the next time the console starts.")
        )
        self.language_note.setWordWrap(True)
        lang_layout.addWidget(self.language_note)
        layout.addWidget(language)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

        context.add_profile_listener(lambda _p: self.refresh())
        context.add_connection_listener(lambda _c: self._show_connection())
        self.refresh()

    # -- profile list ------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the list from the settings (keeps the selection when possible)."""
        selected = self.selected_profile()
        active = self.context.settings.active_profile_id
        self.profile_list.clear()
        for profile in self.context.settings.profiles():
            text = profile.name
            if profile.is_apiplex:
                text = self.tr("%1 [API PLEX]").replace("%1", profile.name)
            if profile.id == active:
                text = self.tr("%1 (in use)").replace("%1", text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            if profile.id == active:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.profile_list.addItem(item)
            if selected is not None and selected.id == profile.id:
                self.profile_list.setCurrentItem(item)
        current = self.context.profile
        if current.is_demo and current.is_apiplex:
            self.active_label.setText(
                self.tr(
                    "API PLEX demo mode is on: messages go to the built-in API PLEX simulator "
                    "and nobody receives them."
                )
            )
        elif current.is_demo:
            self.active_label.setText(
                self.tr(
                    "Demo mode is on: messages go to the built-in simulator and nobody "
                    "receives them."
                )
            )
        else:
            self.active_label.setText(self.tr("In use: %1").replace("%1", current.name))
        if self.context.secrets.persistent:
            self.keyring_label.setText(
                self.tr("Secret keys are stored in the system keyring, never in files.")
            )
            self.keyring_label.setStyleSheet("")
        else:
            self.keyring_label.setText(
                self.tr(
                    "No system keyring is available on this computer: secret keys are kept "
                    "in memory until the console closes and must be entered again at the "
                    "next start."
                )
            )
            self.keyring_label.setStyleSheet(ERROR_STYLE)
        self._show_connection()
        self._show_webhook()
        self._update_buttons()

    def _show_webhook(self) -> None:
        """The API PLEX webhook receiver: where it listens, or why results cannot come."""
        profile = self.context.profile
        if not profile.is_apiplex:
            self.webhook_label.hide()
            return
        receiver = self.context.webhook_receiver
        error = self.context.webhook_error
        if receiver is not None and receiver.running:
            text = self.tr(
                "Webhook receiver: listening at %1. Delivery results update History."
            ).replace("%1", receiver.url)
            style = OK_STYLE
        elif error is not None:
            text = error.message(self.context.language)
            style = ERROR_STYLE
        elif profile.webhook_enabled:
            text = self.tr("Webhook receiver: starting…")
            style = ""
        else:
            text = self.tr(
                "Webhook receiver: off. API PLEX reports delivery results only by webhook, so "
                "History shows \"accepted\" as the last known state. Enable it in the profile."
            )
            style = ERROR_STYLE
        self.webhook_label.setText(text)
        self.webhook_label.setStyleSheet(style)
        self.webhook_label.show()

    def selected_profile(self) -> Profile | None:
        item = self.profile_list.currentItem()
        if item is None:
            return None
        return self.context.settings.profile(str(item.data(Qt.ItemDataRole.UserRole)))

    def _update_buttons(self) -> None:
        selected = self.selected_profile()
        for button in (self.edit_button, self.remove_button, self.use_button):
            button.setEnabled(selected is not None)
        if selected is not None:
            self.use_button.setEnabled(selected.id != self.context.settings.active_profile_id)
        current = self.context.profile
        self.demo_button.setEnabled(not (current.is_demo and not current.is_apiplex))
        self.apiplex_demo_button.setEnabled(not (current.is_demo and current.is_apiplex))

    # -- actions -----------------------------------------------------------------------

    def add_profile(self) -> ProfileDialog:
        """Open the profile dialog for a new profile (non-blocking; returned for tests)."""
        return self._open_dialog(None)

    def edit_profile(self) -> ProfileDialog | None:
        profile = self.selected_profile()
        return self._open_dialog(profile) if profile is not None else None

    def _open_dialog(self, profile: Profile | None) -> ProfileDialog:
        dialog = ProfileDialog(self.context, profile, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dialog_saved(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_saved(self, dialog: ProfileDialog) -> None:
        saved = dialog.saved_profile
        if saved is None:
            return
        first = len(self.context.settings.profiles()) == 1
        if first and self.context.is_demo:
            # The first real profile replaces demo mode: that is why it was added.
            self.context.set_active_profile(saved.id)
        self.refresh()
        self.context.notifier.info(self.tr("Profile %1 saved.").replace("%1", saved.name))

    def remove_profile(self) -> None:
        profile = self.selected_profile()
        if profile is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove profile"),
            self.tr(
                "Remove the profile %1 and its secret key from this computer? The SENS "
                "account itself is not affected."
            ).replace("%1", profile.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda result: (
                self._remove_confirmed(profile)
                if result == QMessageBox.StandardButton.Yes
                else None
            )
        )
        self.confirm_box = box
        box.open()

    def _remove_confirmed(self, profile: Profile) -> None:
        """Forget `profile` and its secret."""
        try:
            self.context.secrets.delete(profile.id)
        except ConsoleError as exc:
            self.context.notifier.error(exc)
        self.context.settings.remove_profile(profile.id)
        self.refresh()

    def use_selected(self) -> None:
        profile = self.selected_profile()
        if profile is not None:
            self.context.set_active_profile(profile.id)

    def test_active(self) -> None:
        """Test the active profile's connection (runs as a task)."""
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Testing the connection..."))
        self.test_result.show()
        self.context.tasks.start("settings.test_active", self._run_test())

    async def _run_test(self) -> None:
        profile_id = self.context.profile.id
        try:
            check = await self.context.check_connection()
        finally:
            self.test_button.setEnabled(True)
        # API PLEX's "hosts answer, keys unverified" is not kept as the connection state.
        self._last_check = check if self.context.profile.id == profile_id else None
        self._show_connection()
        self._show_webhook()

    def _show_connection(self) -> None:
        check = self.context.connection
        last = self._last_check
        if check is None and isinstance(last, ConnectionCheck) and last.kind == "unverified":
            check = last
        if check is None:
            if not self.context.tasks.is_running("settings.test_active"):
                self.test_result.clear()
                self.test_result.hide()
            return
        self.test_result.setStyleSheet(
            OK_STYLE if check.ok else NOTE_STYLE if check.kind == "unverified" else ERROR_STYLE
        )
        self.test_result.setText(check.message(self.context.language))
        self.test_result.show()

    # -- language ----------------------------------------------------------------------

    def _language_chosen(self, index: int) -> None:
        language: Language = self.language_combo.itemData(index)
        self.context.settings.set_language(language)
        self.context.notifier.info(
            self.tr("A new language takes effect the next time the console starts.")
        )
