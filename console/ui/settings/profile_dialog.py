"""Add or edit a profile: credentials, caller numbers, defaults and unit prices.

The secret key goes to :class:`console.secrets.SecretStore` (the OS keyring, or memory
for this run when there is none) and never into the settings file. "Test connection"
makes one signed call with what is typed, before anything is saved (SENS); for CJ API
PLEX, which has no harmless read call, it checks that the hosts answer and says that the
keys are checked by the first send.

The fields follow the chosen provider: SENS wants a service ID and an access key (and a
reservation time zone); API PLEX a user ID, one service ID per product, the product
hosts (documented defaults), the GMS sender and the optional webhook receiver.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from console.errors import ConsoleError
from console.settings import (
    APIPLEX_DEFAULT_HOSTS,
    APIPLEX_SERVICE_IDS,
    DEFAULT_PRICES,
    DEFAULT_TIME_ZONE,
    DEFAULT_WEBHOOK_HOST,
    DEFAULT_WEBHOOK_PORT,
    InvalidProfile,
    Profile,
)

if TYPE_CHECKING:
    from console.context import AppContext

ERROR_STYLE = "color: #b00020;"
OK_STYLE = "color: #1b5e20;"
NOTE_STYLE = "color: #8d6e00;"


class ProfileDialog(QDialog):
    """Edits one profile; `saved_profile` is set once the user saved."""

    def __init__(
        self, context: AppContext, profile: Profile | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.original = profile
        self.saved_profile: Profile | None = None
        self.setWindowTitle(self.tr("Edit profile") if profile else self.tr("Add profile"))
        self.setMinimumWidth(520)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Head office"))
        form.addRow(self.tr("Profile name"), self.name)

        self.provider = QComboBox()
        self.provider.addItem(self.tr("NAVER Cloud SENS"), "SENS")
        self.provider.addItem(self.tr("CJ API PLEX"), "APIPLEX")
        form.addRow(self.tr("Service"), self.provider)
        self.form = form

        # -- API PLEX --
        self.user_id = QLineEdit()
        self.user_id.setToolTip(self.tr("The user ID of your API PLEX account."))
        form.addRow(self.tr("User ID"), self.user_id)
        services = QHBoxLayout()
        self.apiplex_services: dict[str, QComboBox] = {}
        for product, choices in APIPLEX_SERVICE_IDS.items():
            service_box = QComboBox()
            for choice in choices:
                service_box.addItem(choice, choice)
            service_box.setToolTip(
                self.tr("The %1 service ID of your API PLEX contract.").replace("%1", product)
            )
            self.apiplex_services[product] = service_box
            services.addWidget(service_box)
        self.services_row = QWidget()
        self.services_row.setLayout(services)
        services.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Service IDs"), self.services_row)
        self.apiplex_hosts: dict[str, QLineEdit] = {}
        for product, host in APIPLEX_DEFAULT_HOSTS.items():
            edit = QLineEdit()
            edit.setPlaceholderText(host)
            edit.setToolTip(self.tr("Leave empty for the documented address."))
            self.apiplex_hosts[product] = edit
            form.addRow(self.tr("%1 host").replace("%1", product), edit)
        self.gms_sender = QLineEdit()
        self.gms_sender.setPlaceholderText("ONSMS")
        self.gms_sender.setToolTip(
            self.tr(
                "The sender ID registered for global SMS (GMS): 3-13 letters or digits. "
                "Empty: API PLEX's default, ONSMS."
            )
        )
        form.addRow(self.tr("GMS sender"), self.gms_sender)
        webhook = QHBoxLayout()
        self.webhook_enabled = QCheckBox(self.tr("Receive delivery results"))
        self.webhook_host = QLineEdit()
        self.webhook_host.setPlaceholderText(DEFAULT_WEBHOOK_HOST)
        self.webhook_host.setToolTip(
            self.tr("The address to listen on: 127.0.0.1 behind a reverse proxy, 0.0.0.0 for all.")
        )
        self.webhook_port = QSpinBox()
        self.webhook_port.setRange(1, 65535)
        self.webhook_port.setValue(DEFAULT_WEBHOOK_PORT)
        webhook.addWidget(self.webhook_enabled)
        webhook.addWidget(self.webhook_host, 1)
        webhook.addWidget(self.webhook_port)
        self.webhook_row = QWidget()
        self.webhook_row.setLayout(webhook)
        webhook.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Webhook receiver"), self.webhook_row)
        self.webhook_note = QLabel(
            self.tr(
                "API PLEX reports delivery results only by webhook: register this computer's "
                "address (usually through the office's reverse proxy) as the callback URL with "
                "API PLEX. Without it, History shows \"accepted\" as the last known state."
            )
        )
        self.webhook_note.setWordWrap(True)
        self.webhook_note.setStyleSheet("color: #666666;")
        form.addRow("", self.webhook_note)

        self.service_id = QLineEdit()
        self.service_id.setPlaceholderText("ncp:sms:kr:123456789012:...")
        self.service_id.setToolTip(
            self.tr("The service ID of your SENS project (SMS > Project > Service ID).")
        )
        form.addRow(self.tr("Service ID"), self.service_id)

        self.access_key = QLineEdit()
        self.access_key.setToolTip(
            self.tr("The access key ID from My Page > Authentication Key Management.")
        )
        form.addRow(self.tr("Access key ID"), self.access_key)

        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        if profile is not None:
            self.secret.setPlaceholderText(self.tr("Leave empty to keep the stored secret key"))
        form.addRow(self.tr("Secret key"), self.secret)
        self.keyring_note = QLabel()
        self.keyring_note.setWordWrap(True)
        if context.secrets.persistent:
            self.keyring_note.setText(
                self.tr("The secret key is kept in the system keyring, never in a file.")
            )
        else:
            self.keyring_note.setText(
                self.tr(
                    "This computer has no system keyring: the secret key is kept in memory "
                    "until the console closes and is never written to a file. You will be "
                    "asked for it again at the next start."
                )
            )
            self.keyring_note.setStyleSheet(ERROR_STYLE)
        form.addRow("", self.keyring_note)

        self.callers = QPlainTextEdit()
        self.callers.setPlaceholderText(self.tr("One registered caller number per line"))
        self.callers.setFixedHeight(70)
        self.callers.setTabChangesFocus(True)
        form.addRow(self.tr("Caller numbers"), self.callers)

        self.country = QLineEdit()
        self.country.setMaxLength(4)
        form.addRow(self.tr("Default country code"), self.country)

        self.time_zone = QLineEdit()
        completer = QCompleter(sorted(zoneinfo.available_timezones()), self.time_zone)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.time_zone.setCompleter(completer)
        form.addRow(self.tr("Reservation time zone"), self.time_zone)
        self.provider.currentIndexChanged.connect(lambda _i: self._provider_changed())

        prices = QHBoxLayout()
        self.prices: dict[str, QDoubleSpinBox] = {}
        for kind in ("SMS", "LMS", "MMS"):
            box = QDoubleSpinBox()
            box.setRange(0, 10_000)
            box.setDecimals(1)
            box.setSuffix(self.tr(" won"))
            box.setPrefix(f"{kind} ")
            self.prices[kind] = box
            prices.addWidget(box)
        form.addRow(self.tr("Unit prices"), prices)

        self.test_button = QPushButton(self.tr("Test connection"))
        self.test_button.clicked.connect(self.test_connection)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        test_row = QHBoxLayout()
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)

        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # A test still running when the dialog closes must not touch its widgets.
        self.finished.connect(lambda _r: context.tasks.cancel("settings.test_connection"))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self._fill(profile)
        self._provider_changed()

    def is_apiplex(self) -> bool:
        return self.provider.currentData() == "APIPLEX"

    def _provider_changed(self) -> None:
        """Show the fields of the chosen provider only."""
        apiplex = self.is_apiplex()
        sens_rows: list[QWidget] = [self.service_id, self.access_key, self.time_zone]
        for widget in sens_rows:
            self.form.setRowVisible(widget, not apiplex)
        apiplex_rows: list[QWidget] = [
            self.user_id, self.services_row, *self.apiplex_hosts.values(), self.gms_sender,
            self.webhook_row, self.webhook_note,
        ]
        for widget in apiplex_rows:
            self.form.setRowVisible(widget, apiplex)
        self.webhook_host.setEnabled(self.webhook_enabled.isChecked())
        self.webhook_port.setEnabled(self.webhook_enabled.isChecked())
        self.test_button.setToolTip(
            self.tr(
                "API PLEX has no harmless call that checks the keys: the test checks that "
                "its servers answer."
            )
            if apiplex
            else self.tr("Make one signed request with what is typed.")
        )
        self.test_result.clear()

    def _fill(self, profile: Profile | None) -> None:
        self.webhook_enabled.toggled.connect(lambda _c: self._provider_changed())
        apiplex = profile is not None and profile.is_apiplex
        self.provider.setCurrentIndex(
            max(self.provider.findData("APIPLEX" if apiplex else "SENS"), 0)
        )
        self.user_id.setText(profile.user_id if profile and apiplex else "")
        for product, combo in self.apiplex_services.items():
            value = profile.apiplex_services()[product] if profile else ""
            combo.setCurrentIndex(max(combo.findData(value), 0))
        for product, edit in self.apiplex_hosts.items():
            host = profile.apiplex_hosts()[product] if profile else ""
            edit.setText("" if host == APIPLEX_DEFAULT_HOSTS[product] else host)
        self.gms_sender.setText(profile.gms_sender if profile else "")
        self.webhook_enabled.setChecked(bool(profile and profile.webhook_enabled))
        self.webhook_host.setText(profile.webhook_host if profile else DEFAULT_WEBHOOK_HOST)
        self.webhook_port.setValue(
            profile.webhook_port if profile and profile.webhook_port else DEFAULT_WEBHOOK_PORT
        )
        self.name.setText(profile.name if profile else "")
        self.service_id.setText(profile.service_id if profile and not apiplex else "")
        self.access_key.setText(profile.access_key if profile and not apiplex else "")
        self.callers.setPlainText("\n".join(profile.caller_numbers) if profile else "")
        self.country.setText(profile.default_country_code if profile else "82")
        self.time_zone.setText(profile.reservation_time_zone if profile else DEFAULT_TIME_ZONE)
        for kind, box in self.prices.items():
            box.setValue(profile.price(kind) if profile else DEFAULT_PRICES[kind])

    def profile_from_fields(self) -> Profile:
        """The profile as typed (not validated)."""
        apiplex = self.is_apiplex()
        typed = Profile(
            name=self.name.text(),
            provider=str(self.provider.currentData()),
            service_id="" if apiplex else self.service_id.text(),
            access_key=self.user_id.text() if apiplex else self.access_key.text(),
            caller_numbers=tuple(self.callers.toPlainText().splitlines()),
            default_country_code=self.country.text(),
            reservation_time_zone=self.time_zone.text(),
            price_sms=self.prices["SMS"].value(),
            price_lms=self.prices["LMS"].value(),
            price_mms=self.prices["MMS"].value(),
        )
        if apiplex:
            typed = replace(
                typed,
                apiplex_sms_service=str(self.apiplex_services["SMS"].currentData()),
                apiplex_lms_service=str(self.apiplex_services["LMS"].currentData()),
                apiplex_mms_service=str(self.apiplex_services["MMS"].currentData()),
                apiplex_sms_host=self.apiplex_hosts["SMS"].text().strip()
                or APIPLEX_DEFAULT_HOSTS["SMS"],
                apiplex_lms_host=self.apiplex_hosts["LMS"].text().strip()
                or APIPLEX_DEFAULT_HOSTS["LMS"],
                apiplex_mms_host=self.apiplex_hosts["MMS"].text().strip()
                or APIPLEX_DEFAULT_HOSTS["MMS"],
                apiplex_gms_host=self.apiplex_hosts["GMS"].text().strip()
                or APIPLEX_DEFAULT_HOSTS["GMS"],
                gms_sender=self.gms_sender.text(),
                webhook_enabled=self.webhook_enabled.isChecked(),
                webhook_host=self.webhook_host.text(),
                webhook_port=self.webhook_port.value(),
            )
        # Editing keeps the id: the secret in the keyring is filed under it.
        return replace(typed, id=self.original.id) if self.original is not None else typed

    def _field_widget(self, field_name: str) -> QWidget:
        widgets: dict[str, QWidget] = {
            "name": self.name,
            "service_id": self.service_id,
            "access_key": self.user_id if self.is_apiplex() else self.access_key,
            "apiplex_sms_service": self.apiplex_services["SMS"],
            "apiplex_lms_service": self.apiplex_services["LMS"],
            "apiplex_mms_service": self.apiplex_services["MMS"],
            "apiplex_sms_host": self.apiplex_hosts["SMS"],
            "apiplex_lms_host": self.apiplex_hosts["LMS"],
            "apiplex_mms_host": self.apiplex_hosts["MMS"],
            "apiplex_gms_host": self.apiplex_hosts["GMS"],
            "gms_sender": self.gms_sender,
            "webhook_host": self.webhook_host,
            "webhook_port": self.webhook_port,
            "caller_numbers": self.callers,
            "default_country_code": self.country,
            "reservation_time_zone": self.time_zone,
            "secret": self.secret,
            "price_sms": self.prices["SMS"],
            "price_lms": self.prices["LMS"],
            "price_mms": self.prices["MMS"],
        }
        return widgets.get(field_name, self.name)

    def _show_error(self, error: ConsoleError) -> None:
        self.error_label.setText(error.message(self.context.language))
        self.error_label.show()
        if isinstance(error, InvalidProfile):
            self._field_widget(error.field).setFocus()

    def save(self) -> None:
        """Validate, store the secret, then the profile; close on success."""
        self.error_label.hide()
        try:
            profile = self.context.settings.check_profile(self.profile_from_fields())
            secret = self.secret.text().strip()
            if not secret and not self.context.secrets.has(profile.id):
                raise InvalidProfile(
                    "secret",
                    "Enter the secret key that belongs to the user ID."
                    if profile.is_apiplex
                    else "Enter the secret key that belongs to the access key.",
                    "사용자 ID와 짝이 되는 시크릿 키를 입력하세요."
                    if profile.is_apiplex
                    else "액세스 키와 짝이 되는 시크릿 키를 입력하세요.",
                )
            if secret:
                self.context.secrets.set(profile.id, secret)
            self.saved_profile = self.context.settings.save_profile(profile)
        except ConsoleError as exc:
            self._show_error(exc)
            return
        self.accept()

    def test_connection(self) -> None:
        """Check what is typed with one signed call (runs as a task; result shown below)."""
        try:
            profile = self.profile_from_fields().validated()
        except ConsoleError as exc:
            self._show_error(exc)
            return
        self.error_label.hide()
        secret = self.secret.text().strip() or None
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Testing the connection..."))
        self.context.tasks.start("settings.test_connection", self._run_test(profile, secret))

    async def _run_test(self, profile: Profile, secret: str | None) -> None:
        try:
            check = await self.context.check_connection(profile, secret)
        finally:
            self.test_button.setEnabled(True)
        self.test_result.setStyleSheet(
            OK_STYLE if check.ok else NOTE_STYLE if check.kind == "unverified" else ERROR_STYLE
        )
        self.test_result.setText(check.message(self.context.language))
