"""When the message goes: now, or a reservation in the profile's time zone.

The picker holds a naive wall time in the profile's zone (SENS reserves in a named zone)
and says what that is on this computer; whether the time is acceptable (at least ten
minutes ahead, not too far) is :func:`console.domain.plan.resolve_reservation`'s answer.
API PLEX has no reservations: the choice is then hidden and explained.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateTimeEdit,
    QGridLayout,
    QGroupBox,
    QLabel,
    QRadioButton,
    QWidget,
)

from console.domain.plan import resolve_reservation
from console.errors import ConsoleError

FALLBACK_ZONE = "Asia/Seoul"


class SchedulePicker(QGroupBox):
    """"Send now" or "Reserve for" a time in the profile's zone, with the local time."""

    #: The choice or the time changed (the page recounts and autosaves).
    changed = Signal()

    def __init__(
        self,
        *,
        zone_name: Callable[[], str],
        now: Callable[[], datetime],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("When"))
        self._zone_name = zone_name
        self._now = now
        layout = QGridLayout(self)
        self.now_radio = QRadioButton(self.tr("Send now"))
        self.reserve_radio = QRadioButton(self.tr("Reserve for"))
        self.now_radio.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.now_radio)
        group.addButton(self.reserve_radio)
        self.reserve_radio.toggled.connect(self._reserve_toggled)
        layout.addWidget(self.now_radio, 0, 0)
        layout.addWidget(self.reserve_radio, 1, 0)
        self.reserve_edit = QDateTimeEdit()
        self.reserve_edit.setCalendarPopup(True)
        self.reserve_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.reserve_edit.setEnabled(False)
        self.reserve_edit.dateTimeChanged.connect(self.changed)
        layout.addWidget(self.reserve_edit, 1, 1)
        self.zone_label = QLabel()
        layout.addWidget(self.zone_label, 1, 2)
        self.local_time_label = QLabel()
        self.local_time_label.setWordWrap(True)
        layout.addWidget(self.local_time_label, 2, 0, 1, 3)
        self.no_reservation_label = QLabel(
            self.tr(
                "API PLEX has no reservations: messages go out as soon as you send. Use a "
                "SENS profile to reserve a send."
            )
        )
        self.no_reservation_label.setWordWrap(True)
        self.no_reservation_label.setStyleSheet("color: #666666;")
        layout.addWidget(self.no_reservation_label, 3, 0, 1, 3)
        layout.setColumnStretch(2, 1)

    def set_profile_zone(self, zone_name: str) -> None:
        """Show the profile's zone; a picker still at its initial value gets a default."""
        self.zone_label.setText(zone_name)
        if self.reserve_edit.dateTime() < QDateTime.currentDateTime().addSecs(-86400 * 365):
            self.set_reserve_at(self.default_reservation())

    def set_reservations_available(self, available: bool) -> None:
        """Offer the reservation choice, or (API PLEX) send now and say why."""
        if not available:
            self.now_radio.setChecked(True)
        widget: QWidget
        for widget in (self.reserve_radio, self.reserve_edit, self.zone_label):
            widget.setVisible(available)
        self.no_reservation_label.setVisible(not available)

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self._zone_name())
        except (KeyError, ValueError):
            return ZoneInfo(FALLBACK_ZONE)

    def reserve_at(self) -> datetime:
        """The picker's value: a naive wall time in the profile's time zone."""
        qdt = self.reserve_edit.dateTime()
        date, clock = qdt.date(), qdt.time()
        return datetime(date.year(), date.month(), date.day(), clock.hour(), clock.minute())

    def set_reserve_at(self, when: datetime) -> None:
        """Set the picker (naive: wall time in the profile's zone; aware: converted)."""
        if when.tzinfo is not None:
            when = when.astimezone(self.zone()).replace(tzinfo=None)
        self.reserve_edit.setDateTime(
            QDateTime(QDate(when.year, when.month, when.day), QTime(when.hour, when.minute))
        )

    def default_reservation(self) -> datetime:
        """A quarter of an hour from now, rounded up to five minutes (wall time)."""
        now = datetime.now(self.zone()).replace(tzinfo=None, second=0, microsecond=0)
        ahead = now + timedelta(minutes=15)
        return ahead + timedelta(minutes=(5 - ahead.minute % 5) % 5)

    def send_moment(self) -> datetime | None:
        """The reservation as an aware time, or None to send now."""
        if not self.reserve_radio.isChecked():
            return None
        return self.reserve_at().replace(tzinfo=self.zone())

    def _reserve_toggled(self, checked: bool) -> None:
        self.reserve_edit.setEnabled(checked)
        if checked and self.reserve_at() < datetime.now(self.zone()).replace(tzinfo=None):
            self.set_reserve_at(self.default_reservation())
        self.changed.emit()

    def update_time(self, language: str) -> None:
        """Say the reservation's local time, and what is wrong with it (in `language`)."""
        moment = self.send_moment()
        if moment is None:
            self.local_time_label.setText("")
            self.local_time_label.setStyleSheet("")
            return
        local = moment.astimezone()
        text = self.tr("On this computer: %1").replace("%1", local.strftime("%Y-%m-%d %H:%M"))
        style = ""
        try:
            resolve_reservation(moment, self._zone_name(), self._now())
        except ConsoleError as exc:
            text += "\n" + exc.message(language)
            style = "color: #b00020;"
        self.local_time_label.setText(text)
        self.local_time_label.setStyleSheet(style)
